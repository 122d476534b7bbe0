"""Atomic writes: a reader sees the old file or the new one, never half of one, and a killed
writer leaves nothing behind for long.

- Temporary names are short and of fixed length (``.mmsum-<12 hex>.tmp``), so every name the
  file system accepts can be written, however long the final one.
- A new file gets the permissions the user's umask gives any new file; a replaced file keeps
  the mode it had.
- Temporaries that a killed run left are removed by the next write into the same folder, once
  they are older than :data:`STALE_AFTER_S` (a live writer holds one for milliseconds).
- :func:`folder_lock` lets one process at a time change a folder's outputs, so two runs over
  one output folder do not pull files from under each other.
"""
from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import stat
import threading
import time
import uuid
from pathlib import Path
from typing import Iterator

log = logging.getLogger(__name__)

PREFIX = ".mmsum-"
STALE_AFTER_S = 15 * 60
NAME_MAX = 255  # bytes in one file name on every common file system
# temporaries: ours, and the names that earlier versions used (".paper.json.k2x9_a1q.tmp",
# ".paper_figures.x1y2z3w4", ".paper_figures.old-0123abcd")
_STALE = re.compile(r"^\.mmsum-[0-9a-f]{12}\.(?:tmp|staging)$"
                    r"|^\..+\.(?:json|md|png|npz)\.[A-Za-z0-9_]{8}\.tmp$"
                    r"|^\..+_figures\.(?:old-[0-9a-f]{8}|[A-Za-z0-9_]{8})$")
_cleaned: set[str] = set()
_cleaned_lock = threading.Lock()


def temp_path(folder: Path, kind: str = "tmp") -> Path:
    """A fresh hidden name in ``folder`` for a temporary file ("tmp") or folder ("staging")."""
    return Path(folder) / f"{PREFIX}{uuid.uuid4().hex[:12]}.{kind}"


def remove_stale(folder: Path, *, now: float | None = None, force: bool = False) -> list[Path]:
    """Remove temporaries older than :data:`STALE_AFTER_S` from ``folder``; the paths removed.

    Runs once per folder and process unless ``force``: a batch writes into one folder many times.
    """
    folder = Path(folder)
    key = str(folder.resolve())
    with _cleaned_lock:
        if key in _cleaned and not force:
            return []
        _cleaned.add(key)
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if not _STALE.match(entry.name):
            continue
        try:
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER_S:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError as err:
            log.debug("cannot remove stale temporary %s: %s", entry.path, err)
    return removed


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(path.parent)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = None  # a new file: the umask decides, as for any file the user creates
    tmp = temp_path(path.parent)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically. Undecodable bytes of a file name carried in
    ``text`` (surrogate escapes, from a name written on another system) are written as "?"."""
    return write_bytes_atomic(path, text.encode("utf-8", "replace"))


def make_staging_dir(parent: Path) -> Path:
    """A new hidden folder in ``parent`` (mode from the umask) to build something before it is
    renamed into place."""
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale(parent)
    path = temp_path(parent, "staging")
    os.mkdir(path, 0o777)
    return path


def fit_name(stem: str, suffix_bytes: int) -> str:
    """``stem`` cut (at a character boundary) so that it plus ``suffix_bytes`` more bytes make a
    file name the file system accepts."""
    room = NAME_MAX - suffix_bytes
    raw = stem.encode("utf-8", "surrogateescape")
    if len(raw) <= room:
        return stem
    return raw[:room].decode("utf-8", "ignore").rstrip() or "document"


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (other processes taking it wait).

    A lock on the folder itself (flock), so nothing is left in it; where the platform or the file
    system cannot lock a folder, writing goes on unlocked, as before.
    """
    folder = Path(folder)
    try:
        import fcntl
    except ImportError:  # Windows: a lock file beside the outputs
        with _lock_file(folder):
            yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as err:  # e.g. a network file system without flock
            log.debug("cannot lock %s (%s); writing without a lock", folder, err)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def _lock_file(folder: Path) -> Iterator[None]:
    import msvcrt

    path = folder / f"{PREFIX}lock"
    try:
        fh = open(path, "a+b")
    except OSError:
        yield
        return
    with fh:
        while True:
            try:
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
                break
            except OSError:
                time.sleep(0.05)
        try:
            yield
        finally:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
