"""Markdown and JSON writers (atomic).

:func:`write_summary` writes ``<stem>.md`` and/or ``<stem>.json`` into a folder, and for
Markdown the key figures' crops under ``<stem>_figures/``. The files of one document change
together (see :mod:`.fileset`): a second run over the same folder replaces the first, an
interrupted one corrupts nothing and loses nothing, and two runs at once take turns.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..summary import Summary
from .fileset import write_figure_set, output_stem, write_document_files
from .markdown import render_markdown
from .summary_json import render_json
from .text import valid_utf8

OUTPUT_FORMATS = ("md", "json")


def write_figure_folder(summary: Summary, out_dir: Path, stem: str) -> dict[str, str]:
    """Write the key figures' crops as a new set under ``out_dir/<stem>_figures/``;
    {figure id: path relative to ``out_dir``}. Earlier sets stay (see :func:`write_summary`)."""
    return write_figure_set([f.figure for f in summary.figures], Path(out_dir) / f"{stem}_figures")


def write_summary(summary: Summary, out_dir: Path, formats: Sequence[str] = OUTPUT_FORMATS, *,
                  stem: str | None = None) -> list[Path]:
    """Write ``summary`` in ``formats`` ("md", "json") into ``out_dir``; the written files.

    ``stem`` defaults to the document's file stem (shortened if the file system could not hold
    the names made from it). With "md", the key figures' crops are written too and both files
    refer to them by relative paths (the key tables' crops too); JSON alone writes no images. Raises
    :class:`~mmsum.errors.OutputError` when the folder cannot be written.
    """
    unknown = [f for f in formats if f not in OUTPUT_FORMATS]
    if unknown:
        raise ValueError(f"unknown format(s): {', '.join(unknown)}; use md and/or json")
    stem = output_stem(stem or summary.document.path.stem)

    def texts(images: dict[str, str]) -> dict[str, str]:
        out = {}
        if "json" in formats:
            out[f"{stem}.json"] = render_json(summary, images)
        if "md" in formats:
            # a file name written on another system may hold undecodable bytes: shown as "?"
            out[f"{stem}.md"] = valid_utf8(render_markdown(summary, images))
        return out

    figures = [*(f.figure for f in summary.figures), *(t.table for t in summary.tables)] if "md" in formats else None
    return write_document_files(Path(out_dir), stem, texts, figures)


__all__ = ["write_summary", "write_figure_folder", "OUTPUT_FORMATS"]
