"""Figures as JSON records and PNG files: the FIGURE contract of ``mmsum figures`` and summaries.

FIGURE = {"id", "label", "page" (0-based), "bbox" ([x0, y0, x1, y1] in PDF points, origin
top-left), "caption", "mentions" ([{"page", "text"}]), "score", "image" (crop path relative to
the JSON file, or null), "text" (the text inside the figure: axis titles, legends, labels),
"kind", "description", "axes" ({"x": AXIS, "y": AXIS} or null), "series" ([{"name", "points"}] or
null; points in data units, x a category label for bar charts) and "read" (which of kind, axes,
series, legend were read from the figure itself; the rest comes from its caption)}.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from ..document import ChartAxis, Figure, FigureContent
from ..ingest.figure_description import fallback_description
from .atomic import write_bytes_atomic


def figure_record(figure: Figure, score: float = 0.0, image: str | None = None) -> dict:
    """The FIGURE JSON object for ``figure``; ``image`` is a path relative to the JSON file."""
    return {
        "id": figure.id,
        "label": figure.label,
        "page": int(figure.page),
        "bbox": [round(float(v), 2) for v in figure.bbox],
        "caption": figure.caption,
        "mentions": [{"page": int(m.page), "text": m.text} for m in figure.mentions],
        "score": round(float(score), 6),
        "image": image,
        "text": figure.text,
        **content_record(figure),
    }


def _axis_record(ax: ChartAxis) -> dict:
    return {"title": ax.title, "unit": ax.unit, "scale": ax.scale,
            "range": [ax.range[0], ax.range[1]] if ax.range else None}


def content_record(figure: Figure) -> dict:
    """The FIGURE keys of what it shows: kind, description, axes, series, read."""
    c = figure.content or FigureContent("other", fallback_description(figure, "other"))
    return {
        "kind": c.kind,
        "description": c.description,
        "axes": {k: _axis_record(v) for k, v in c.axes.items()} if c.axes else None,
        "series": [{"name": s.name, "points": [list(p) for p in s.points] if s.points else None}
                   for s in c.series] if c.series is not None else None,
        "read": list(c.read),
    }


def file_stem(figure: Figure) -> str:
    """A safe file name stem for a figure's files: its id, with anything odd replaced."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", figure.id).strip("._") or "figure"


def _file_name(figure: Figure) -> str:
    """A safe file name for a figure crop."""
    return f"{file_stem(figure)}.png"


def write_figure_images(figures: Iterable[Figure], folder: Path) -> dict[str, Path]:
    """Write each figure's ``image_png`` to ``folder/<id>.png`` atomically.

    Figures without a rendered crop are skipped. Returns ``{figure id: written path}``.
    """
    folder = Path(folder)
    written: dict[str, Path] = {}
    used: set[str] = set()
    for fig in figures:
        if not fig.image_png:
            continue
        name = _file_name(fig)
        # ids are unique within a document, but sanitising may collide two of them
        base, n = name[:-4], 2
        while name in used:
            name, n = f"{base}-{n}.png", n + 1
        used.add(name)
        written[fig.id] = write_bytes_atomic(folder / name, fig.image_png)
    return written
