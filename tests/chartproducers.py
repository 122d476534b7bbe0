"""Chart PDFs with known data from gnuplot and TikZ/pgfplots, beside matplotlib's in
:mod:`tests.chartbuild`: other producers draw axes, ticks, markers and legends their own way.

Each builder writes a one-page PDF (the chart, its caption and a paragraph citing it) and
returns the :class:`~tests.chartbuild.ChartTruth`; the axis ranges are set explicitly so the
truth knows them. :func:`gnuplot_available` and :func:`pgfplots_available` say whether the
programs are installed (``apt-get install gnuplot-nox``; TeX Live with pgfplots).
"""
from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
from pathlib import Path

import pymupdf

from tests.chartbuild import CATEGORIES, NAMES, ChartTruth, _place, _walk

PRODUCER_KINDS = ("line", "scatter", "bar")


def gnuplot_available() -> bool:
    return shutil.which("gnuplot") is not None


def pgfplots_available() -> bool:
    if shutil.which("pdflatex") is None or shutil.which("kpsewhich") is None:
        return False
    return bool(subprocess.run(["kpsewhich", "pgfplots.sty"], capture_output=True, text=True).stdout.strip())


def _data(kind: str, rng: random.Random) -> ChartTruth:
    """Series of ``kind`` with their axis titles and ranges (nice round limits)."""
    names = rng.sample(NAMES, 3)
    if kind == "line":
        n = rng.randint(6, 12)
        xs = [float(v) for v in range(0, n * 5, 5)]
        truth = ChartTruth("line", "Day of trial", None, "Battery voltage", "V", x_range=(0, xs[-1]), y_range=(2.5, 5.0))
        for j in range(rng.randint(1, 3)):
            ys = [min(4.9, max(2.6, v)) for v in _walk(rng, n, rng.uniform(3.0, 4.0), 0.1)]
            truth.series.append((names[j], list(zip(xs, ys))))
    elif kind == "scatter":
        truth = ChartTruth("scatter", "Temperature", "°C", "Current", "mA", x_range=(0, 40), y_range=(0, 100))
        for j in range(rng.randint(1, 2)):
            pts = sorted((round(rng.uniform(1, 39), 2), round(rng.uniform(10, 90), 2)) for _ in range(rng.randint(8, 20)))
            truth.series.append((names[j], pts))
    else:
        cats = CATEGORIES[: rng.randint(3, 5)]
        truth = ChartTruth("bar", None, None, "Energy per node", "J", y_range=(0, 35))
        for j in range(rng.randint(1, 2)):
            truth.series.append((names[j], [(c, round(rng.uniform(1, 30), 2)) for c in cats]))
    if len(truth.series) == 1 and kind == "line":
        truth.series = [(None, truth.series[0][1])]
    return truth


def _title(t: str | None, unit: str | None) -> str:
    return (t or "") + (f" ({unit})" if unit else "")


def gnuplot_chart(path: Path, kind: str, seed: int = 0) -> ChartTruth:
    """A gnuplot chart (pdfcairo terminal) of ``kind`` (one of PRODUCER_KINDS)."""
    rng = random.Random(seed * 31 + PRODUCER_KINDS.index(kind))
    truth = _data(kind, rng)
    truth.producer, truth.style = "gnuplot", "pdfcairo"
    with tempfile.TemporaryDirectory(prefix="gnuplot-chart-") as tmp:
        folder = Path(tmp)
        lines = [f"set terminal pdfcairo size {rng.choice([4, 5])}in,{rng.choice([3, 3.5])}in "
                 f"font '{rng.choice(['Sans', 'Serif'])},{rng.choice([9, 10, 11])}'", "set output 'out.pdf'", "set encoding utf8",
                 f"set ylabel '{_title(truth.y_title, truth.y_unit)}'", f"set yrange [{truth.y_range[0]}:{truth.y_range[1]}]",
                 # a scatter's points may lie anywhere: its key goes outside, where none hides under it
                 "set key outside right top" if kind == "scatter" else
                 f"set key {rng.choice(['top left', 'top right', 'bottom right'])}"]
        if truth.x_title:
            lines += [f"set xlabel '{_title(truth.x_title, truth.x_unit)}'", f"set xrange [{truth.x_range[0]}:{truth.x_range[1]}]"]
        plots = []
        for j, (name, pts) in enumerate(truth.series):
            (folder / f"s{j}.dat").write_text("\n".join(f"{x} {y}" for x, y in pts) + "\n")
            title = f"title '{name}'" if name else "notitle"
            if kind == "line":
                plots.append(f"'s{j}.dat' using 1:2 with {rng.choice(['lines', 'linespoints'])} lw 2 {title}")
            elif kind == "scatter":
                plots.append(f"'s{j}.dat' using 1:2 with points pt {[7, 5][j]} ps 0.6 {title}")
        if kind == "bar":
            cats = [c for c, _ in truth.series[0][1]]
            rows = [[c] + [dict(pts)[c] for _, pts in truth.series] for c in cats]
            (folder / "bars.dat").write_text("\n".join(" ".join(map(str, r)) for r in rows) + "\n")
            lines += ["set style data histograms", "set style histogram clustered gap 1", "set style fill solid border -1",
                      "set boxwidth 0.9"]
            plots = [f"'bars.dat' using {j + 2}{':xtic(1)' if j == 0 else ''} title '{name}'"
                     for j, (name, _) in enumerate(truth.series)]
        lines.append("plot " + ", ".join(plots))
        subprocess.run(["gnuplot"], input="\n".join(lines).encode(), cwd=folder, capture_output=True, timeout=60, check=True)
        data = (folder / "out.pdf").read_bytes()
    r = pymupdf.open("pdf", data)[0].rect
    _place(path, data, (r.width, r.height), f"Figure 1: {truth.y_title} in each setting.")
    truth.path = path
    return truth


def pgfplots_chart(path: Path, kind: str, seed: int = 0) -> ChartTruth:
    """A TikZ/pgfplots chart of ``kind`` (one of PRODUCER_KINDS), built by pdflatex."""
    rng = random.Random(seed * 37 + PRODUCER_KINDS.index(kind))
    truth = _data(kind, rng)
    truth.producer, truth.style = "pgfplots", "default"
    opts = [f"width={rng.choice([8, 9, 10])}cm", f"height={rng.choice([6, 7])}cm",
            f"ylabel={{{_title(truth.y_title, truth.y_unit)}}}", f"ymin={truth.y_range[0]}", f"ymax={truth.y_range[1]}",
            "legend pos=outer north east" if kind == "scatter" else
            f"legend pos={rng.choice(['north west', 'north east', 'south east'])}"]
    if truth.x_title:
        opts += [f"xlabel={{{_title(truth.x_title, truth.x_unit)}}}", f"xmin={truth.x_range[0]}", f"xmax={truth.x_range[1]}"]
    plots = []
    if kind == "bar":
        cats = [c for c, _ in truth.series[0][1]]
        opts += ["ybar", f"symbolic x coords={{{','.join(cats)}}}", "xtick=data", "enlarge x limits=0.2",
                 f"bar width={rng.choice([8, 10])}pt"]
    for name, pts in truth.series:
        style = {"line": rng.choice(["mark=*", "mark=none", "mark=square*"]), "scatter": "only marks",
                 "bar": "fill"}[kind]
        plots.append(f"\\addplot+[{style}] coordinates {{{' '.join(f'({x},{y})' for x, y in pts)}}};")
        if name:
            plots.append(f"\\addlegendentry{{{name}}}")
    font = rng.choice(["\\sffamily", "\\rmfamily"])
    tex = ("\\documentclass{standalone}\n\\usepackage{pgfplots}\n\\pgfplotsset{compat=1.16}\n"
           f"\\begin{{document}}\n\\begin{{tikzpicture}}[font={font}]\n\\begin{{axis}}[{', '.join(opts)}]\n"
           + "\n".join(plots) + "\n\\end{axis}\n\\end{tikzpicture}\n\\end{document}\n")
    with tempfile.TemporaryDirectory(prefix="pgfplots-chart-") as tmp:
        (Path(tmp) / "c.tex").write_text(tex)
        subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "c.tex"], cwd=tmp,
                       capture_output=True, timeout=300, check=True)
        data = (Path(tmp) / "c.pdf").read_bytes()
    r = pymupdf.open("pdf", data)[0].rect
    _place(path, data, (r.width, r.height), f"Figure 1: {truth.y_title} in each setting.")
    truth.path = path
    return truth
