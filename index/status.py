"""What is in a data folder, for ``evidence status`` and the app."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from index import engine
from index.store import Store


def status(data_dir: Path) -> dict:
    data_dir = Path(data_dir)
    info = {"data": str(data_dir), "index_bytes": 0, "last_run": None, "failures": []}
    if not (data_dir / Store.FILENAME).exists():
        info.update(documents=0, pages=0, ocr_pages=0, entities=0, mentions=0, failures=[])
        return info
    with Store(data_dir) as store:
        info.update(store.counts())
        info["failures"] = [
            {"path": r["relpath"], "root": r["root"], "reason": r["reason"]}
            for r in store.failures()
        ]
        run = store.last_run()
        if run is not None:
            info["last_run"] = {
                "when": dt.datetime.fromtimestamp(run["started"]).isoformat(timespec="seconds"),
                "files": run["files"],
                "skipped": run["skipped"],
                "pages": run["pages"],
                "failures": run["failures"],
                "seconds": run["seconds"] or 0.0,
                "finished": run["finished"] is not None,
            }
    info["index_bytes"] = engine.size_bytes(data_dir)
    return info
