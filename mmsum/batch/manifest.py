"""The batch manifest: one JSON line per finished document in the output folder.

``<out>/mmsum-manifest.jsonl`` is appended to as each document finishes, so a batch killed
at any moment keeps the record of every document finished before. A later line for the same
document replaces an earlier one; a torn last line (the process died while writing it) is
ignored. A record says what was done (status, reasons, outputs, timings) and from what
(content hash, size and modification time of the input, the settings), which is what resume
needs to decide that a document's outputs are complete and current.
"""
from __future__ import annotations

import datetime as _dt
import json
import logging
import os
from pathlib import Path
from typing import Any

from ..cache import file_hash as sha256_file  # the reader's content hash, which resume compares
from ..document import Status
from ..errors import MmsumError, OutputError
from .result import DocumentResult, Reason

log = logging.getLogger(__name__)
MANIFEST_NAME = "mmsum-manifest.jsonl"
LOCK_NAME = ".mmsum-manifest.lock"
SCHEMA = 1


def fingerprint(path: Path) -> tuple[int, int] | None:
    """(size in bytes, modification time in ns) of a file, None when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


class Manifest:
    """The manifest of one output folder, held by one batch at a time (a lock file says so)."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / MANIFEST_NAME
        self._lock_fh = None
        self._fh = None

    # --- reading -------------------------------------------------------------------------
    def read(self) -> dict[str, dict]:
        """The latest record of each document, by absolute path (empty when there is none)."""
        records: dict[str, dict] = {}
        try:
            with open(self.path, encoding="utf-8") as fh:
                for line in fh:
                    try:
                        rec = json.loads(line)
                    except ValueError:
                        continue  # a line torn by a kill, or not ours
                    if isinstance(rec, dict) and isinstance(rec.get("path"), str):
                        records[rec["path"]] = rec
        except FileNotFoundError:
            pass
        except OSError as err:
            raise MmsumError(f"cannot read the manifest {self.path}: {err}") from err
        return records

    def is_current(self, record: dict | None, path: Path, settings: dict) -> bool:
        """True when ``record`` says ``path`` was summarized (success or partial) with
        ``settings`` from the same content, and every output it lists is still there."""
        if not record or record.get("status") not in (Status.SUCCESS.value, Status.PARTIAL.value):
            return False
        if record.get("settings") != settings or not record.get("outputs"):
            return False
        if not all((self.out_dir / o).is_file() for o in record["outputs"]):
            return False
        fp = fingerprint(path)
        if fp is None:
            return False
        if [record.get("size"), record.get("mtime_ns")] == list(fp):
            return True
        # touched (copied, restored from a backup) but perhaps not changed: the content decides
        try:
            return bool(record.get("content_hash")) and sha256_file(path) == record["content_hash"]
        except OSError:
            return False

    # --- writing -------------------------------------------------------------------------
    def open(self, records: dict[str, dict] | None = None) -> None:
        """Take the folder's lock and open the manifest for appending; MmsumError when another
        batch holds it. ``records`` (from :meth:`read`) are rewritten first when the file holds
        superseded or torn lines, so that resuming many times keeps it one line per document.
        OutputError when the folder cannot be written."""
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self._lock_fh = open(self.out_dir / LOCK_NAME, "a+")
        except OSError as err:
            raise OutputError(f"cannot write to {self.out_dir}: {err.strerror or err}") from err
        try:
            import fcntl

            fcntl.flock(self._lock_fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # Windows: no advisory lock; one batch per folder is the user's care
            pass
        except OSError as err:
            self._lock_fh.close()
            self._lock_fh = None
            raise MmsumError(f"another batch is writing to {self.out_dir}; wait for it or choose "
                             "another output folder") from err
        try:
            if records is not None:
                self._compact(records)
            self._fh = open(self.path, "a", encoding="utf-8")
        except OSError as err:
            self.close()
            raise OutputError(f"cannot write to {self.out_dir}: {err.strerror or err}") from err

    def _compact(self, records: dict[str, dict]) -> None:
        try:
            with open(self.path, encoding="utf-8") as fh:
                lines = sum(1 for _ in fh)
        except FileNotFoundError:
            return
        if lines == len(records):
            return
        from ..export.atomic import write_text_atomic

        write_text_atomic(self.path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records.values()))

    def append(self, result: DocumentResult, settings: dict, fp: tuple[int, int] | None) -> dict:
        """Add the record of a finished document (one line, written whole); the record."""
        rec = record_of(result, self.out_dir, settings, fp)
        if self._fh is None:
            raise RuntimeError("Manifest.append before open")
        if not self._still_there():  # the folder was removed under the batch: start it again
            log.warning("%s was removed during the batch; the documents finished before are no longer "
                        "there, those finishing now are written to it again", self.out_dir)
            self.close()
            self.open()
        # one write call per line: a kill leaves whole lines and at most one torn last line.
        # No fsync per line: a killed process loses nothing the kernel already has; a power
        # cut may lose the last lines, and those documents are then simply redone.
        self._fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        self._fh.flush()
        return rec

    def _still_there(self) -> bool:
        """True while the open manifest is the file at :attr:`path` (not removed with its folder)."""
        try:
            return os.path.samestat(os.stat(self.path), os.fstat(self._fh.fileno()))
        except OSError:
            return False

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if self._lock_fh is not None:
            self._lock_fh.close()  # releases the lock
            self._lock_fh = None


def _relative(path: Path, out_dir: Path) -> str:
    try:
        return Path(path).resolve().relative_to(out_dir.resolve()).as_posix()
    except ValueError:
        return str(path)


def record_of(result: DocumentResult, out_dir: Path, settings: dict, fp: tuple[int, int] | None) -> dict[str, Any]:
    """The manifest line of ``result``: outputs relative to ``out_dir``."""
    return {"schema": SCHEMA,
            "path": str(result.path),
            "stem": result.stem,
            "status": result.status.value,
            "reasons": [r.to_json() for r in result.reasons],
            "damaged_pages": list(result.damaged_pages),
            "outputs": [_relative(p, out_dir) for p in result.outputs],
            "content_hash": result.content_hash,
            "size": fp[0] if fp else None,
            "mtime_ns": fp[1] if fp else None,
            "settings": settings,
            "seconds": round(result.seconds, 3),
            "timings": {k: round(v, 3) for k, v in result.timings.items()},
            "attempts": result.attempts,
            "worker": result.worker,
            "memory_mb": round(result.memory_mb, 1),
            "finished": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")}


def result_of(record: dict, out_dir: Path) -> DocumentResult:
    """A :class:`DocumentResult` (``reused``) from a manifest record."""
    return DocumentResult(path=Path(record["path"]), status=Status(record["status"]),
                          outputs=[out_dir / o for o in record.get("outputs", [])],
                          reasons=[Reason.from_json(r) for r in record.get("reasons", [])],
                          seconds=float(record.get("seconds") or 0.0), timings=dict(record.get("timings") or {}),
                          stem=str(record.get("stem", "")), content_hash=str(record.get("content_hash", "")),
                          attempts=int(record.get("attempts") or 1), worker=str(record.get("worker", "")),
                          memory_mb=float(record.get("memory_mb") or 0.0),
                          damaged_pages=[int(p) for p in record.get("damaged_pages") or []], reused=True)
