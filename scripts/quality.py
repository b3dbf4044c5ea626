"""Entity quality on the labelled development set (``make quality``).

Ingests the demo corpus (``corpus/``, labels in ``corpus/gold.jsonl``) and the labelled real
documents (``tests/devset/realdocs.jsonl``, files read in place from ``../shared/realdocs``)
into one data folder, then prints precision and recall of money values, person pages and
agency pages for three rows: ``demo``, ``tune`` (real records, tuning half) and ``check`` (real
records, check half; the split is ``tests/devset/split.json``). The targets are evaluated on
the check half (and shown on the tuning half for information).

Usage: ``python scripts/quality.py [--data DIR] [--refresh] [--half tune] [--json]
[--details] [--check-details] [--miss-classes] [--check]``

``--half tune`` ingests and scores only demo + tune (what a tuner runs while changing rules:
no check-half figure is printed). ``--details`` lists misses and wrong finds of demo and tune
only; ``--check-details`` lists the check half's, for the final report after the rules are
frozen. ``--miss-classes`` counts the check half's misses by class, naming no file or name.

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
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quality_score import (  # noqa: E402
    HALVES,
    KINDS,
    GoldPage,
    Score,
    classify_misses,
    half_of,
    load_gold,
    load_split,
    score_corpora,
    target_results,
)

CORPUS = ROOT / "corpus"
DEMO_GOLD = CORPUS / "gold.jsonl"
REALDOCS = ROOT.parent / "shared" / "realdocs"
DEVSET = ROOT / "tests" / "devset" / "realdocs.jsonl"
SPLIT = ROOT / "tests" / "devset" / "split.json"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, help="data folder to ingest into and keep (reused)")
    p.add_argument("--refresh", action="store_true", help="recompute entities before scoring")
    p.add_argument("--workers", type=int, default=None, help="ingest worker processes")
    p.add_argument("--json", action="store_true", help="print one JSON object instead")
    p.add_argument(
        "--half",
        choices=("all", "tune"),
        default="all",
        help="'tune': score demo + the tuning half only, no check-half figures (for tuning)",
    )
    p.add_argument(
        "--details", action="store_true", help="list misses and wrong finds of demo and tune"
    )
    p.add_argument(
        "--check-details",
        action="store_true",
        help="list the check half's misses and wrong finds: for the final report, after the "
        "rules are frozen (never while tuning)",
    )
    p.add_argument(
        "--miss-classes",
        action="store_true",
        help="count the check half's misses by class (no files, pages or names printed)",
    )
    p.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    p.add_argument("--realdocs", type=Path, default=REALDOCS, help="the real documents folder")
    return p.parse_args(argv)


def real_pages(realdocs: Path) -> list[GoldPage]:
    """The labelled real-record pages, each under its half (``tune`` or ``check``)."""
    split = load_split(SPLIT)
    return [replace(gp, corpus=half_of(gp.file, split)) for gp in load_gold(DEVSET, "", realdocs)]


def gold_pages(realdocs: Path, half: str = "all") -> tuple[list[GoldPage], list[str]]:
    """Every labelled page (``half="tune"``: demo and tuning half only), and notes on what
    could not be included."""
    pages = load_gold(DEMO_GOLD, "demo", CORPUS)
    notes = []
    if realdocs.is_dir():
        real = real_pages(realdocs)
        if half == "tune":
            real = [gp for gp in real if gp.corpus == "tune"]
        pages += sorted(real, key=lambda gp: HALVES.index(gp.corpus))
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
        refresh(store, full=True)


def measure(data: Path, pages: list[GoldPage]) -> dict[str, dict[str, Score]]:
    from index.store import Store

    with Store(data) as store:
        return score_corpora(store, pages)


def miss_classes(data: Path, pages: list[GoldPage]) -> dict[str, dict[str, int]]:
    """The check half's misses counted by class, per kind."""
    from index.store import Store

    check = [gp for gp in pages if gp.corpus == "check"]
    with Store(data) as store:
        counts = classify_misses(store, check)
    return {kind: dict(c.most_common()) for kind, c in counts.items()}


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


def target_row(scores: dict[str, dict[str, Score]]) -> str | None:
    """The row the targets are judged on: the check half, or none when it is not scored."""
    return "check" if "check" in scores else None


def report_text(
    scores: dict[str, dict[str, Score]],
    notes: list[str],
    details: bool,
    check_details: bool = False,
    classes: dict[str, dict[str, int]] | None = None,
) -> str:
    out = [table(scores)]
    for row in ("check", "tune"):
        if row not in scores:
            continue
        title = "Targets (check half):" if row == "check" else "On the tuning half (information):"
        out += ["", title]
        for kind, measure, value, target, met in target_results(scores[row]):
            verdict = "holds" if met else "MISSED"
            out.append(f"  {kind} {measure} {value:.3f} >= {target:.2f}: {verdict}")
    if "check" not in scores:
        out += ["", "Check half not scored: no target is judged."]
    if classes is not None:
        out += ["", "Check-half misses by class:"]
        for kind in KINDS:
            for cls, n in classes.get(kind, {}).items():
                out.append(f"  {kind}: {n} {cls}")
    shown = {"demo", "tune"} if details else set()
    if check_details:
        shown.add("check")
    if shown:
        for corpus, by_kind in scores.items():
            if corpus not in shown:
                continue
            for kind in KINDS:
                for label, items in (
                    ("missed", by_kind[kind].missed),
                    ("wrong", by_kind[kind].wrong),
                ):
                    out += [f"{corpus} {kind} {label}: {item}" for item in items]
    out += [f"note: {n}" for n in notes]
    return "\n".join(out)


def report_json(
    scores: dict[str, dict[str, Score]],
    notes: list[str],
    check_details: bool = False,
    classes: dict[str, dict[str, int]] | None = None,
) -> dict:
    """Both halves' figures; the check half's lists of misses and wrong finds only with
    ``check_details``."""

    def one(corpus: str, s: Score) -> dict:
        out = s.as_json()
        if corpus == "check" and not check_details:
            out.pop("missed")
            out.pop("wrong")
        return out

    row = target_row(scores)
    out = {
        "scores": {c: {k: one(c, s) for k, s in by_kind.items()} for c, by_kind in scores.items()},
        "targets": [
            {"half": row, "kind": k, "measure": m, "value": round(v, 4), "target": t, "met": met}
            for k, m, v, t, met in (target_results(scores[row]) if row else [])
        ],
        "notes": notes,
    }
    if classes is not None:
        out["check_miss_classes"] = classes
    return out


def _score_folder(args: argparse.Namespace, data: Path, pages: list[GoldPage], notes: list[str]):
    notes += ingest_all(pages, data, args.workers)
    if args.refresh:
        refresh_entities(data)
    classes = miss_classes(data, pages) if args.miss_classes and args.half != "tune" else None
    return measure(data, pages), classes


def run(
    args: argparse.Namespace,
) -> tuple[dict[str, dict[str, Score]], list[str], dict[str, dict[str, int]] | None]:
    pages, notes = gold_pages(args.realdocs, args.half)
    if args.data is None:
        with tempfile.TemporaryDirectory(prefix="evidence-quality-") as tmp:
            scores, classes = _score_folder(args, Path(tmp), pages, notes)
    else:
        scores, classes = _score_folder(args, args.data, pages, notes)
    scores.pop("total", None)  # the halves are reported apart, never summed with the demo
    return scores, notes, classes


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.half == "tune" and (args.check_details or args.miss_classes):
        raise SystemExit("--half tune scores no check half: drop --check-details/--miss-classes")
    scores, notes, classes = run(args)
    if args.json:
        out = report_json(scores, notes, args.check_details, classes)
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(report_text(scores, notes, args.details, args.check_details, classes))
    row = target_row(scores)
    missed = [r for r in target_results(scores[row]) if not r[4]] if row else []
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
