"""One document's output files (``<stem>.md``, ``<stem>.json``, crops under ``<stem>_figures/``)
changed together, so that no kill, crash or second writer leaves a file that points at
crops which are gone.

Each run's crops go to a new set folder, ``<stem>_figures/<set>/``, named after its content (a
re-run with the same result reuses it). The set is built in a hidden folder and renamed into
place whole; only then are the text files replaced, each atomically; only after both are in
place are the sets that no output refers to any more removed. A kill at any moment leaves
every file whole and every file it refers to present. The whole change holds the output
folder's lock, so a second run writing to the same folder waits for the first.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
from pathlib import Path
from typing import Callable, Sequence
from urllib.parse import quote

from ..atomic import fit_name, folder_lock, make_staging_dir, remove_stale, temp_path, write_text_atomic
from ..document import Figure
from ..errors import OutputError
from .figures import write_figure_images

log = logging.getLogger(__name__)

FIGURES_SUFFIX = "_figures"
# the longest of "<stem>_figures", "<stem>.json", "<stem>.md": a stem leaves room for it
_LONGEST_SUFFIX = len(FIGURES_SUFFIX.encode())

Texts = Callable[[dict[str, str]], dict[str, str]]


def output_stem(stem: str, tail: str = "") -> str:
    """``stem`` + ``tail``, ``stem`` shortened where needed so that all of a document's output
    names can be written."""
    return fit_name(stem, _LONGEST_SUFFIX + len(tail.encode("utf-8", "surrogateescape"))) + tail


def _set_name(figures: Sequence[Figure]) -> str:
    h = hashlib.sha256()
    for f in figures:
        h.update(f.id.encode("utf-8", "surrogatepass") + b"\x1f")
        h.update(f.image_png or b"")
        h.update(b"\x1e")
    return h.hexdigest()[:12]


def write_figure_set(figures: Sequence[Figure], folder: Path) -> dict[str, str]:
    """Put the crops of ``figures`` in a set under ``folder``; {figure id: path relative to the
    output folder}. Nothing new appears in ``folder`` until the whole set is written."""
    figures = [f for f in figures if f.image_png]
    if not figures:
        return {}
    name = _set_name(figures)
    final = folder / name
    staging = make_staging_dir(folder)
    try:
        written = write_figure_images(figures, staging)
        if final.is_dir():  # the same crops as an earlier run: keep that set
            shutil.rmtree(staging)
        else:
            os.rename(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {fid: f"{folder.name}/{name}/{p.name}" for fid, p in written.items()}


def _referenced(text: str, folder_name: str) -> set[str]:
    """Entries of the figure folder that ``text`` (Markdown or JSON) refers to."""
    names = "|".join(re.escape(n) for n in {folder_name, quote(folder_name)})
    return {m for m in re.findall(rf"(?:{names})/([^/\s\"')\]]+)", text)}


def _prune(folder: Path, keep: set[str]) -> None:
    """Remove the entries of the figure folder not in ``keep`` (and the folder, once empty)."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return
    for entry in entries:
        if entry.name in keep:
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                # out of sight in one rename first: a set is whole or absent, never half-deleted
                # (a later run with the same crops would otherwise reuse what is left of it)
                trash = temp_path(folder, "staging")
                os.rename(entry.path, trash)
                shutil.rmtree(trash)
            else:
                os.unlink(entry.path)
        except OSError as err:  # the outputs are written; a leftover is only untidy
            log.debug("cannot remove %s: %s", entry.path, err)
    with contextlib.suppress(OSError):
        folder.rmdir()  # only when empty


def write_document_files(out_dir: Path, stem: str, texts: Texts,
                         figures: Sequence[Figure] | None) -> list[Path]:
    """Write one document's files into ``out_dir``; the text files written, in ``texts`` order.

    ``figures``: the figures whose crops the texts show (those without a crop are skipped), or
    None to leave ``<stem>_figures/`` as it is (an output without images). ``texts`` gets
    {figure id: crop path relative to ``out_dir``} and returns {file name: content}. Raises
    :class:`~mmsum.errors.OutputError` when the folder cannot be written.
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with folder_lock(out_dir):
            remove_stale(out_dir)
            folder = out_dir / f"{stem}{FIGURES_SUFFIX}"
            images = write_figure_set(figures, folder) if figures is not None else {}
            contents = texts(images)
            written = [write_text_atomic(out_dir / name, text) for name, text in contents.items()]
            if figures is not None:
                keep = {p.split("/")[1] for p in images.values()}
                # outputs of this document not written this time keep what they show
                for other in (f"{stem}.md", f"{stem}.json"):
                    if other not in contents and (out_dir / other).is_file():
                        try:
                            keep |= _referenced((out_dir / other).read_text("utf-8", "replace"), folder.name)
                        except OSError:
                            return written  # cannot tell what it needs: remove nothing
                _prune(folder, keep)
            return written
    except OSError as err:
        raise OutputError(f"cannot write to {out_dir}: {err.strerror or err}") from err
