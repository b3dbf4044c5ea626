"""Entity quality on the labelled development set (``make quality``).

Ingests the demo corpus (``corpus/``, labels in ``corpus/gold.jsonl``) and the labelled real
documents (``tests/devset/realdocs.jsonl``, files read in place from ``../shared/realdocs``)
into one data folder, then prints precision and recall of money values, person pages and
agency pages per corpus and in total, and whether each target holds.

Usage: ``python scripts/quality.py [--data DIR] [--refresh] [--json] [--details] [--check]``

Without ``--data`` a temporary folder is used and removed. With ``--data`` the folder is kept
and reused: files already in it are not read again, so after changing the tagger start from an
empty folder; ``--refresh`` recomputes the corpus-wide entities (resolver, sweep) in place.
Exit status is 0 (it measures) unless ``--check`` is given and a target is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quality_score import KINDS, GoldPage, Score, load_gold, score_corpora, target_results  # noqa: E402

CORPUS = ROOT / "corpus"
DEMO_GOLD = CORPUS / "gold.jsonl"
REALDOCS = ROOT.parent / "shared" / "realdocs"
DEVSET = ROOT / "tests" / "devset" / "realdocs.jsonl"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, help="data folder to ingest into and keep (reused)")
    p.add_argument("--refresh", action="store_true", help="recompute entities before scoring")
    p.add_argument("--workers", type=int, default=None, help="ingest worker processes")
    p.add_argument("--json", action="store_true", help="print one JSON object instead")
    p.add_argument("--details", action="store_true", help="list every miss and wrong find")
    p.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    p.add_argument("--realdocs", type=Path, default=REALDOCS, help="the real documents folder")
    return p.parse_args(argv)


def gold_pages(realdocs: Path) -> tuple[list[GoldPage], list[str]]:
    """Every labelled page, and notes on what could not be included."""
    pages = load_gold(DEMO_GOLD, "demo", CORPUS)
    notes = []
    if realdocs.is_dir():
        pages += load_gold(DEVSET, "realdocs", realdocs)
    else:
        notes.append(f"real documents not found at {realdocs}: scored on the demo corpus only")
    return pages, notes


def ingest_all(pages: list[GoldPage], data: Path, workers: int | None) -> list[str]:
    from index.build import ingest, options_from_settings

    paths = [CORPUS] + sorted({gp.path for gp in pages if gp.corpus != "demo"})
    overrides = {"workers": workers} if workers is not None else {}
    report = ingest(paths, data, options_from_settings(**overrides))
    return [f"could not read {name}: {reason}" for name, reason in report.failures]


def refresh_entities(data: Path) -> None:
    from index.entities import refresh
    from index.store import Store

    with Store(data) as store:
        refresh(store, force=True)


def measure(data: Path, pages: list[GoldPage]) -> dict[str, dict[str, Score]]:
    from index.store import Store

    with Store(data) as store:
        return score_corpora(store, pages)


def _cell(s: Score, measure: str) -> str:
    value = getattr(s, measure)
    num, den = (s.hits, s.gold) if measure == "recall" else (s.right, s.found)
    return f"{value:.3f} ({num}/{den})"


def table(scores: dict[str, dict[str, Score]]) -> str:
    header = ["corpus"] + [f"{kind} {m}" for kind in KINDS for m in ("recall", "precision")]
    rows = [header]
    for corpus, by_kind in scores.items():
        cells = [_cell(by_kind[kind], m) for kind in KINDS for m in ("recall", "precision")]
        rows.append([corpus, *cells])
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report_text(scores: dict[str, dict[str, Score]], notes: list[str], details: bool) -> str:
    out = [table(scores), "", "Targets (total):"]
    for kind, measure, value, target, met in target_results(scores["total"]):
        verdict = "holds" if met else "MISSED"
        out.append(f"  {kind} {measure} {value:.3f} >= {target:.2f}: {verdict}")
    if details:
        for corpus, by_kind in scores.items():
            if corpus == "total":
                continue
            for kind in KINDS:
                for label, items in (
                    ("missed", by_kind[kind].missed),
                    ("wrong", by_kind[kind].wrong),
                ):
                    out += [f"{corpus} {kind} {label}: {item}" for item in items]
    out += [f"note: {n}" for n in notes]
    return "\n".join(out)


def report_json(scores: dict[str, dict[str, Score]], notes: list[str]) -> dict:
    return {
        "scores": {
            c: {k: s.as_json() for k, s in by_kind.items()} for c, by_kind in scores.items()
        },
        "targets": [
            {"kind": k, "measure": m, "value": round(v, 4), "target": t, "met": met}
            for k, m, v, t, met in target_results(scores["total"])
        ],
        "notes": notes,
    }


def run(args: argparse.Namespace) -> tuple[dict[str, dict[str, Score]], list[str]]:
    pages, notes = gold_pages(args.realdocs)
    if args.data is None:
        with tempfile.TemporaryDirectory(prefix="evidence-quality-") as tmp:
            notes += ingest_all(pages, Path(tmp), args.workers)
            return measure(Path(tmp), pages), notes
    notes += ingest_all(pages, args.data, args.workers)
    if args.refresh:
        refresh_entities(args.data)
    return measure(args.data, pages), notes


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scores, notes = run(args)
    if args.json:
        print(json.dumps(report_json(scores, notes), ensure_ascii=False, indent=2))
    else:
        print(report_text(scores, notes, args.details))
    missed = [r for r in target_results(scores["total"]) if not r[4]]
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
