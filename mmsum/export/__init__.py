"""Markdown and JSON writers (atomic).

:func:`write_summary` writes ``<stem>.md`` and/or ``<stem>.json`` into a folder, and for
Markdown the key figures' crops into ``<stem>_figures/``. Every file is written through a
temporary file and a rename, and the figure folder is built aside and swapped in whole, so a
second run over the same folder replaces the first and an interrupted one corrupts nothing.
"""
from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Sequence

from ..summary import Summary
from .figures import write_figure_images
from .markdown import write_markdown
from .summary_json import write_json

FORMATS = ("md", "json")


def _swap_in(built: Path, final: Path) -> None:
    """Replace folder ``final`` by ``built`` (two renames; the old one is deleted after)."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{uuid.uuid4().hex[:8]}")
        final.rename(old)
    built.rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_figure_folder(summary: Summary, out_dir: Path, stem: str) -> dict[str, str]:
    """Write the key figures' crops to ``out_dir/<stem>_figures/``; {figure id: relative path}."""
    final = out_dir / f"{stem}_figures"
    figures = [f.figure for f in summary.figures if f.figure.image_png]
    if not figures:
        if final.is_dir():  # crops of an earlier run would now be orphans
            shutil.rmtree(final, ignore_errors=True)
        return {}
    built = Path(tempfile.mkdtemp(prefix=f".{stem}_figures.", dir=out_dir))
    try:
        written = write_figure_images(figures, built)
        _swap_in(built, final)
    except BaseException:
        shutil.rmtree(built, ignore_errors=True)
        raise
    return {fid: f"{final.name}/{path.name}" for fid, path in written.items()}


def write_summary(summary: Summary, out_dir: Path, formats: Sequence[str] = FORMATS, *,
                  stem: str | None = None) -> list[Path]:
    """Write ``summary`` in ``formats`` ("md", "json") into ``out_dir``; the written files.

    ``stem`` defaults to the document's file stem. With "md", the key figures' crops are
    written too and both files refer to them by relative paths; JSON alone writes no images.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format(s): {', '.join(unknown)}; use md and/or json")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = stem or summary.document.path.stem
    images = write_figure_folder(summary, out_dir, stem) if "md" in formats else {}
    written: list[Path] = []
    if "json" in formats:
        written.append(write_json(summary, out_dir / f"{stem}.json", images))
    if "md" in formats:
        written.append(write_markdown(summary, out_dir / f"{stem}.md", images))
    return written


__all__ = ["write_summary", "write_figure_folder", "FORMATS"]
