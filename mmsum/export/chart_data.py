"""Each chart's data as CSV: ``<figure id>.csv`` with columns series, x, y (data units; x is a
category label for bar charts), one row per point, series in the figure's order."""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterable

from ..document import Figure
from .atomic import write_text_atomic
from .figures import file_stem


def chart_csv(figure: Figure) -> str | None:
    """The CSV text of ``figure``'s series, None when it has no points read."""
    series = figure.content.series if figure.content else None
    if not series or not any(s.points for s in series):
        return None
    axes = figure.content.axes or {}
    head = ["series"]
    for k in ("x", "y"):
        ax = axes.get(k)
        title = (ax.title if ax and ax.title else k) + (f" ({ax.unit})" if ax and ax.unit else "")
        head.append(title)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(head)
    for k, s in enumerate(series):
        for x, y in s.points or []:
            w.writerow([s.name or f"series {k + 1}", x, y])
    return out.getvalue()


def write_chart_data(figures: Iterable[Figure], folder: Path) -> dict[str, Path]:
    """Write each chart's data to ``folder/<id>.csv`` atomically; ``{figure id: path}``."""
    written: dict[str, Path] = {}
    used: set[str] = set()
    for fig in figures:
        text = chart_csv(fig)
        if text is None:
            continue
        stem, n = file_stem(fig), 2
        name = stem
        while name in used:
            name, n = f"{stem}-{n}", n + 1
        used.add(name)
        written[fig.id] = write_text_atomic(Path(folder) / f"{name}.csv", text)
    return written
