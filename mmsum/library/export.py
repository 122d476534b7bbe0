"""``mmsum library export``: each stored summary as the Markdown ``summarize`` writes."""
from __future__ import annotations

from pathlib import Path

from ..batch.inputs import Source, plan_jobs
from ..export import write_summary
from .records import summary_from_record
from .store import Library


def export_library(library: Path, out_dir: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """Write ``<stem>.md`` (and its figures) for every stored summary into ``out_dir``; (files
    written, [(document, why not)] for those without a summary). Stems are made unique as in a
    batch. Raises LibraryError/OutputError when the library or the folder cannot be used."""
    with Library(Path(library), readonly=True) as lib:
        docs = [d for d in lib.documents() if d["status"] in ("ok", "partial")]
        failed = [(d["path"], f"not exported: {d['reason'] or 'it failed'}") for d in lib.documents()
                  if d["status"] == "failed"]
        jobs = plan_jobs([Source(Path(d["path"])) for d in docs], Path(out_dir))
        written: list[Path] = []
        for d, job in zip(docs, jobs):
            record, crops = lib.summary_json(d["path"])
            if record is None:
                failed.append((d["path"], "no stored summary"))
                continue
            written += write_summary(summary_from_record(record, crops), Path(out_dir), ("md",), stem=job.stem)
    return written, failed
