"""The benchmark: its synthetic corpus is deterministic and cached, and one run prints the
figures the issue asks for as its last line."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
sys.path.insert(0, str(SCRIPTS))

import bench_corpus  # noqa: E402
from bench_measure import percentile, queries  # noqa: E402

REQUIRED = {
    "pages_per_s",
    "baseline_pages_per_s",
    "speedup",
    "search_p95_ms",
    "mentions_1000_s",
    "reingest_ratio",
    "peak_rss_mb",
    "stages",
    "targets_met",
    "dedup_s",
    "dedup_share",
}
TARGETS = {"pages_per_s", "speedup", "peak_rss_mb", "search_p95_ms", "mentions_1000_s"}


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_corpus_is_deterministic_and_cached(tmp_path):
    spec = bench_corpus.CorpusSpec(pages=7, scanned_fraction=0.3, pages_per_doc=3, seed=4)
    info, made = bench_corpus.ensure_corpus(spec, tmp_path / "a")
    assert made
    again, made_again = bench_corpus.ensure_corpus(spec, tmp_path / "a")
    assert not made_again and again == info
    other = bench_corpus.generate(spec, tmp_path / "b")
    assert _digests(Path(info.folder)) == _digests(Path(other.folder))
    assert (info.documents, info.pages, info.scanned_pages) == (3, 7, 2)
    assert info.star_sentences == 7  # fewer pages than STAR_MENTIONS: one on every page


def test_scanned_pages_have_no_text_layer_and_the_rest_do(tmp_path):
    spec = bench_corpus.CorpusSpec(pages=4, scanned_fraction=0.5, pages_per_doc=4, seed=1)
    info = bench_corpus.generate(spec, tmp_path)
    pdf = pdfium.PdfDocument(str(next(Path(info.folder).glob("*.pdf"))))
    try:
        lengths = [len(pdf[i].get_textpage().get_text_range().strip()) for i in range(len(pdf))]
    finally:
        pdf.close()
    assert sum(1 for n in lengths if n == 0) == 2
    assert all(n > 500 for n in lengths if n)


def test_pages_are_varied(tmp_path):
    """Tagging caches and the like must not look better here than on real records: no page
    and few sentences repeat."""
    info = bench_corpus.generate(bench_corpus.CorpusSpec(pages=20, pages_per_doc=20), tmp_path)
    pdf = pdfium.PdfDocument(str(next(Path(info.folder).glob("*.pdf"))))
    try:
        texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    pieces = [s.strip() for t in texts for s in t.replace("\r\n", " ").split(". ")]
    sentences = [s for s in pieces if len(s) > 25]  # not "Mr", "Dr" cut off at their stop
    assert len(set(texts)) == len(texts)
    assert len(set(sentences)) / len(sentences) > 0.95


@pytest.mark.parametrize(
    ("values", "pct", "want"),
    [
        ([5.0], 95, 5.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.0),
        (list(map(float, range(1, 101))), 95, 95.0),
    ],
)
def test_percentile(values, pct, want):
    assert percentile(values, pct) == want


def test_queries_of_every_kind(tmp_path):
    info = bench_corpus.generate(bench_corpus.CorpusSpec(pages=3, pages_per_doc=3), tmp_path)
    sets = queries(info, per_kind=4)
    assert set(sets) == {"term", "and", "phrase", "agency", "amount"}
    assert all(len(qs) == 4 for qs in sets.values())
    assert all(q.startswith('"') for q in sets["phrase"])
    assert all(" AND " in q for q in sets["and"])


@pytest.mark.slow
def test_bench_run_prints_the_figures_as_its_last_line(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            str(SCRIPTS / "bench.py"),
            "--pages=24",
            "--pages-per-doc=8",
            "--baseline-pages=8",
            "--queries=2",
            "--small-pages=12",
            f"--cache={tmp_path}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
        cwd=ROOT,
    )
    lines = out.stdout.strip().splitlines()
    result = json.loads(lines[-1])
    assert result.keys() >= REQUIRED
    assert result["pages"] == 24 and result["failures"] == 0
    assert result["targets_met"].keys() >= TARGETS
    assert result["reingest_ratio"] < 1
    assert result["baseline_sample_pages"] == 8
    # Small and incremental runs: a 12-page run, and 1 then 10 files added to the corpus.
    assert result["small"]["pages"] == 12 and result["small_pages_per_s"] > 0
    assert result["adds"]["one"]["pages"] > 0 and result["add_one_s_24"] > 0
    # ... and one file copied into a folder a watcher keeps up to date.
    assert result["adds"]["watched"]["pages"] > 0 and result["add_one_watched_s_24"] > 0
    assert set(result["phases"]) >= {"startup_s", "per_file_s", "corpus_s"}
    assert all(s["no_hits"] < s["queries"] for s in result["search"].values())
    assert any("target" in line for line in lines[:-1])  # the table came first
