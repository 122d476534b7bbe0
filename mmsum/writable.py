"""Output locations checked before any work starts: a folder that cannot be created or written
is one line and exit status 2 before a model loads or a worker starts, not a failure per
document (or a traceback) later.

The check writes, because permissions alone do not tell (root passes every permission test,
yet ``/proc/x`` cannot be made; a read-only or full file system passes ``os.access``): a
probe of one byte in the folder, or a probe folder in its nearest existing parent when the
folder does not exist yet. The probe is removed, so the location is left as it was.
"""
from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from .errors import OutputError

PROBE_PREFIX = ".mmsum-probe-"  # what a probe is named while it exists (milliseconds)


def _existing_parent(folder: Path) -> Path:
    """``folder`` itself, or the nearest of its parents that exists."""
    p = folder
    while not os.path.lexists(p) and p.parent != p:
        p = p.parent
    return p


def _reason(err: OSError) -> str:
    if err.errno == errno.ENOENT:
        return "it cannot be created there"
    if err.errno == errno.ENOSPC:
        return "no space left on the device"
    if err.errno == errno.EROFS:
        return "the file system is read-only"
    return err.strerror or str(err)


def problem(folder: Path) -> str | None:
    """Why no file can be written into ``folder`` (created as needed), or None when one can.
    Nothing is left behind."""
    folder = Path(folder).expanduser()
    base = _existing_parent(folder)
    if not base.is_dir():
        return f"{base} is a file, not a folder"
    try:
        if base == folder:
            fd, probe = tempfile.mkstemp(prefix=PROBE_PREFIX, dir=folder)
            try:
                os.write(fd, b"\0")
                os.fsync(fd)  # a full file system may take the write and refuse the block
            finally:
                os.close(fd)
                with contextlib.suppress(OSError):
                    os.unlink(probe)
        else:
            os.rmdir(tempfile.mkdtemp(prefix=PROBE_PREFIX, dir=base))
    except OSError as err:
        return _reason(err)
    return None


def check_output_dir(folder: Path, what: str = "") -> None:
    """Raise :class:`~mmsum.errors.OutputError`, one line naming ``folder`` (and ``what`` it is,
    e.g. "--out-dir"), unless ``folder`` is a folder, or can be created as one, that takes a file."""
    why = problem(folder)
    if why is not None:
        raise OutputError(f"cannot write to {what + ' ' if what else ''}{Path(folder).expanduser()}: {why}")


def file_problem(path: Path) -> str | None:
    """Why a file at ``path`` cannot be created or changed, or None when it can (as :func:`problem`)."""
    path = Path(path).expanduser()
    if path.is_dir():
        return "it is a folder"
    if path.exists() and not os.access(path, os.W_OK):
        return "permission denied"
    return problem(path.parent)


def check_output_file(path: Path, what: str = "") -> None:
    """As :func:`check_output_dir` for a file to be created or changed at ``path``."""
    why = file_problem(path)
    if why is not None:
        raise OutputError(f"cannot write to {what + ' ' if what else ''}{Path(path).expanduser()}: {why}")
