"""A small invented corpus with hand-placed entity mentions, for the mentions, export, verify,
selection and entity CLI tests.

Files are read by the real extractors and stored by the real registry writer; only tagging is
replaced by the mention lists below, so these tests do not depend on the tagger's recall.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from index import engine
from index.build import _remove_orphans, _store_result
from index.store import Store
from ingest.entities.textkey import alias_key
from ingest.extractors import ExtractOptions
from ingest.pipeline import process_file
from ingest.walk import sha256_file, walk

# Pages are separated by form feeds, which the text extractor reads as page breaks.
FILES = {
    "contracts/services-agreement.txt": [
        "COUNTY SERVICES AGREEMENT\n\nThis agreement between Harlow County and Meridian "
        "Detention Services LLC is signed by Director Renata J. Tolliver of the Harlow County "
        "Sheriff's Office. The contract value is $1,250,000 per year.",
        "Section 4. Payment\n\nMs. Tolliver shall approve all invoices. Payments go to Meridian "
        "Detention Services LLC within 30 days.\nBooking data is shared with U.S. Immigration "
        "and Customs Enforcement (ICE) every week.",
        "Signed: Renata Tolliver, Director\nWitness: Dale Okafor",
    ],
    "minutes/board-2024-03.txt": [
        "BOARD MINUTES, MARCH 3\n\nCommissioner Dale Okafor moved to approve the Meridian "
        "contract. Director Tolliver answered questions about ICE detainers.",
        "The board voted 4-1. Mr. Okafor asked, and Dale Okafor later repeated, that the $1.25 "
        "million figure be published.",
    ],
    "email/okafor-to-tolliver.txt": [
        "EMAIL PRINTOUT, FOIA RELEASE 7\nSent by Dale Okafor to Renata Tolliver about booking "
        "data.\n\nRenata, please send the booking data before Friday. The sheriff wants it too.",
    ],
    "booking/record-0042.txt": [
        "BOOKING RECORD 0042\nName: TOLLIVER, THOMAS\nCharge: trespass\nArresting officer: "
        "Deputy Lina Marsh",
    ],
}

# entity canonical name -> (kind, surfaces found in the text, extra aliases)
ENTITIES = {
    "Renata J. Tolliver": (
        "person",
        ["Renata J. Tolliver", "Renata Tolliver", "Ms. Tolliver", "Director Tolliver"],
        ["Tolliver"],
    ),
    "Thomas Tolliver": ("person", ["TOLLIVER, THOMAS"], ["Tolliver"]),
    "Dale Okafor": ("person", ["Dale Okafor", "Mr. Okafor"], []),
    "Lina Marsh": ("person", ["Lina Marsh"], []),
    "Harlow County Sheriff's Office": ("agency", ["Harlow County Sheriff's Office"], ["HCSO"]),
    "U.S. Immigration and Customs Enforcement": (
        "agency",
        ["U.S. Immigration and Customs Enforcement", "ICE"],
        [],
    ),
    "Meridian Detention Services LLC": ("org", ["Meridian Detention Services LLC"], []),
}
MONEY = {"$1,250,000": 1250000.0, "$1.25 million": 1250000.0}


@dataclass
class MiniCorpus:
    root: Path  # the folder ingested
    data: Path  # the data folder

    def file(self, relpath: str) -> Path:
        return self.root / relpath

    def doc_id(self, relpath: str) -> str:
        with Store(self.data) as store:
            return store.path_row(str(self.file(relpath).resolve()))["doc_id"]


def write_files(root: Path) -> None:
    for relpath, pages in FILES.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\f".join(pages), encoding="utf-8")


def find_all(text: str, surface: str) -> list[tuple[int, int]]:
    pattern = r"(?<!\w)" + re.escape(surface) + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def build(tmp: Path) -> MiniCorpus:
    root, data = tmp / "corpus", tmp / "data"
    write_files(root)
    ingest_files(root, data)
    return MiniCorpus(root, data)


def ingest_files(root: Path, data: Path) -> None:
    """Store every file under ``root`` with the mentions above, then index it."""
    store = Store(data)
    try:
        for found in walk([root]):
            digest = sha256_file(found.path)
            if store.document_by_sha(digest) is not None:
                continue
            result = process_file(found.path, ExtractOptions(ocr="never"), tag=False)
            assert result.error is None, result.error
            result.mentions = [page_mentions(p.text) for p in result.extracted.pages]
            _store_result(store, (found, digest), result)
        _remove_orphans(store, data)  # a changed file replaces its old document, as in ingest
        link_entities(store)
        write_index(store)
    finally:
        store.close()


def page_mentions(text: str):
    from ingest.records import Mention

    taken: list[tuple[int, int]] = []
    out = []
    surfaces = [(s, name, kind) for name, (kind, ss, _) in ENTITIES.items() for s in ss]
    for surface, name, kind in sorted(surfaces, key=lambda x: -len(x[0])):
        for s, e in find_all(text, surface):
            if not any(s < b and a < e for a, b in taken):
                taken.append((s, e))
                out.append(Mention(kind, s, e, text[s:e], name, "ruler"))
    for surface, value in MONEY.items():
        for s, e in find_all(text, surface):
            out.append(Mention("money", s, e, surface, repr(value), "pattern", value, "USD"))
    return sorted(out, key=lambda m: m.start)


def link_entities(store: Store) -> None:
    db = store.db
    with store.transaction():
        for name, (kind, surfaces, extra) in ENTITIES.items():
            db.execute(
                "INSERT OR IGNORE INTO entities(kind, canonical, key) VALUES (?,?,?)",
                (kind, name, alias_key(name)),
            )
            eid = db.execute(
                "SELECT id FROM entities WHERE kind = ? AND key = ?", (kind, alias_key(name))
            ).fetchone()[0]
            for alias in [name, *surfaces, *extra]:
                db.execute(
                    "INSERT OR IGNORE INTO aliases(entity_id, alias, key, source) VALUES (?,?,?,?)",
                    (eid, alias, alias_key(alias), "found"),
                )
            db.execute(
                "UPDATE mentions SET entity_id = ? WHERE kind = ? AND norm = ?", (eid, kind, name)
            )


def write_index(store: Store) -> None:
    from index.mentions import doc_path

    docs = []
    for doc_id, page in store.unindexed_pages():
        doc = store.document(doc_id)
        ents: dict[str, list[str]] = {"person": [], "agency": [], "org": []}
        amounts = []
        for kind, key, value in store.db.execute(
            "SELECT m.kind, e.key, m.value FROM mentions m LEFT JOIN entities e "
            "ON e.id = m.entity_id WHERE m.doc_id = ? AND m.page = ?",
            (doc_id, page),
        ):
            if kind == "money":
                amounts.append(value)
            elif key:
                ents[kind].append(key)
        docs.append(
            engine.PageDoc(
                doc_id=doc_id,
                page=page,
                path=doc_path(store, doc_id),
                title=doc["title"],
                text=store.page_text(doc_id, page),
                doctype=doc["doctype"],
                amount=amounts,
                **ents,
            )
        )
    engine.write_pages(store.data_dir, docs)
    store.db.execute("UPDATE pages SET indexed = 1")
    store.db.commit()


def copy(corpus: MiniCorpus, dest: Path) -> MiniCorpus:
    """A private copy a test may change: same relative paths, its own data folder."""
    shutil.copytree(corpus.root, dest / "corpus")
    return build_from(dest / "corpus", dest / "data")


def build_from(root: Path, data: Path) -> MiniCorpus:
    ingest_files(root, data)
    return MiniCorpus(root, data)


def demo_pipeline_missing() -> str | None:
    """Why the demo-corpus acceptance tests cannot run yet, or None when they can."""
    from tests.conftest import CORPUS

    if not list(CORPUS.glob("*.pdf")) or not (CORPUS / "gold.jsonl").exists():
        return "the demo corpus is not generated (corpus/generate.py)"
    try:
        import index.entities  # noqa: F401
        import ingest.entities.tagger  # noqa: F401
    except ImportError as err:
        return f"the entity tagger is not integrated yet: {err}"
    return None
