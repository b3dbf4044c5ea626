"""The pipeline a user would write by hand, timed on the benchmark's pages.

pdfplumber ``extract_text`` per page, the full English spaCy pipeline (every component) per
page, one Whoosh writer, one process. Run by ``scripts/bench.py`` in a child process so its
memory is measured and then given back; prints one JSON object.

Usage: ``python scripts/bench_baseline.py INDEX_DIR PDF...``
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def run(pdfs: list[Path], index_dir: Path) -> dict:
    import pdfplumber
    import spacy
    from whoosh import fields, index

    from ingest.entities.nlp import model_name

    t0, cpu0 = time.perf_counter(), time.process_time()
    nlp = spacy.load(model_name())  # every component: what a user loading the model gets
    index_dir.mkdir(parents=True, exist_ok=True)
    schema = fields.Schema(
        path=fields.ID(stored=True),
        page=fields.NUMERIC(int, stored=True),
        text=fields.TEXT(stored=True),
        people=fields.KEYWORD(commas=True, lowercase=True),
        orgs=fields.KEYWORD(commas=True, lowercase=True),
        money=fields.KEYWORD(commas=True),
    )
    ix = index.create_in(str(index_dir), schema)
    writer = ix.writer()
    load = time.perf_counter() - t0
    cpu1 = time.process_time()
    times = {"extract": 0.0, "nlp": 0.0, "index": 0.0}
    pages = words = 0
    for pdf in pdfs:
        with pdfplumber.open(pdf) as doc:
            for number, page in enumerate(doc.pages, start=1):
                t = time.perf_counter()
                text = page.extract_text() or ""
                times["extract"] += time.perf_counter() - t
                t = time.perf_counter()
                parsed = nlp(text)
                ents = {"PERSON": set(), "ORG": set(), "MONEY": set()}
                for ent in parsed.ents:
                    if ent.label_ in ents:
                        ents[ent.label_].add(ent.text.replace(",", " "))
                times["nlp"] += time.perf_counter() - t
                t = time.perf_counter()
                writer.add_document(
                    path=str(pdf),
                    page=number,
                    text=text,
                    people=",".join(sorted(ents["PERSON"])),
                    orgs=",".join(sorted(ents["ORG"])),
                    money=",".join(sorted(ents["MONEY"])),
                )
                times["index"] += time.perf_counter() - t
                pages += 1
                words += len(text.split())
    t = time.perf_counter()
    writer.commit()
    times["index"] += time.perf_counter() - t
    return {
        "pages": pages,
        "words": words,
        "load_s": load,
        "load_cpu_s": cpu1 - cpu0,
        "cpu_s": time.process_time() - cpu1,  # CPU seconds of the pages, without the load
        "stages": times,
    }


def main(argv: list[str]) -> None:
    index_dir, *pdfs = argv
    print(json.dumps(run([Path(p) for p in pdfs], Path(index_dir))))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main(sys.argv[1:])
