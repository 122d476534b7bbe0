"""Figures of known kind from producers other than matplotlib: graphviz diagrams, gnuplot
charts and TikZ/pgfplots charts and diagrams, each as ``(kind, data, fmt)`` like
:mod:`.kind_figures` (R's are in :mod:`.kind_r`). Each needs its program (``dot``,
``gnuplot``, ``pdflatex`` with pgfplots, ``Rscript``); :func:`available` says which are installed.
"""
from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from .kind_figures import WORDS
from .kind_r import ggplot_available, r_available

GNUPLOT_KINDS = ("line", "scatter", "bar", "histogram", "heatmap", "box")
TIKZ_KINDS = ("line", "scatter", "bar", "histogram", "heatmap", "box", "pie", "diagram")


def available() -> dict[str, bool]:
    """Which producers' programs are installed."""
    return {"graphviz": shutil.which("dot") is not None, "gnuplot": shutil.which("gnuplot") is not None,
            "tikz": shutil.which("pdflatex") is not None and _has_pgfplots(),
            "r-base": r_available(), "ggplot2": ggplot_available()}


def _has_pgfplots() -> bool:
    try:
        return bool(subprocess.run(["kpsewhich", "pgfplots.sty"], capture_output=True, text=True,
                                   timeout=30).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return False


def _word(rng: random.Random) -> str:
    return rng.choice(WORDS)


def graphviz_figure(rng: random.Random, raster: bool) -> tuple[str, bytes, str]:
    """A random flow chart, tree or graph laid out by graphviz."""
    n = rng.randint(3, 16)
    names = [f"{_word(rng)}{i}" if rng.random() < 0.7 else f"{_word(rng)} {_word(rng)}" for i in range(n)]
    shape = rng.choice(["box", "ellipse", "circle", "diamond", "record", "plaintext", "Mrecord", "box3d"])
    lines = [f"digraph G {{ rankdir={rng.choice(['TB', 'LR', 'TB'])}; fontname=\"{rng.choice(['Helvetica', 'Times', 'Courier'])}\";",
             f"node [shape={shape}, fontsize={rng.randint(8, 16)}, style=\"{rng.choice(['', 'filled', 'rounded', 'dashed'])}\","
             f" fillcolor=\"{rng.choice(['lightgrey', 'lightblue', 'white', '#ffe0c0'])}\"];"]
    for i, name in enumerate(names):
        lines.append(f'n{i} [label="{name}"];')
    for i in range(1, n):
        j = rng.randrange(i) if rng.random() < 0.8 else rng.randrange(n)
        label = f' [label="{_word(rng)}"]' if rng.random() < 0.3 else ""
        lines.append(f"n{j} -> n{i}{label};")
    lines.append("}")
    prog = rng.choice(["dot", "dot", "dot", "neato", "circo"])
    fmt = "png" if raster else "pdf"
    out = subprocess.run([prog, f"-T{fmt}", f"-Gdpi={rng.choice([72, 96, 150])}"], input="\n".join(lines).encode(),
                         capture_output=True, timeout=60, check=True).stdout
    return "diagram", out, fmt


def _gnuplot_data(rng: random.Random, kind: str, folder: Path) -> tuple[str, str]:
    """The plot commands for ``kind``, with their data written into ``folder``."""
    g = np.random.default_rng(rng.randrange(1 << 30))
    k = rng.randint(1, 4)
    if kind in ("line", "scatter"):
        n = rng.randint(8, 120) if kind == "line" else rng.randint(15, 300)
        cols = [np.linspace(0, rng.uniform(1, 100), n)]
        for _ in range(k):
            cols.append(np.cumsum(g.normal(0, 1, n)) if kind == "line" else g.normal(rng.uniform(0, 10), 2, n))
        np.savetxt(folder / "d.dat", np.column_stack(cols))
        style = rng.choice(["lines", "linespoints", "lines lw 2"]) if kind == "line" else \
            f"points pt {rng.randint(1, 9)} ps {rng.uniform(0.3, 1.2):.1f}"
        plots = ", ".join(f"'d.dat' using 1:{j + 2} with {style} title '{_word(rng)}'" for j in range(k))
        return "", f"plot {plots}"
    if kind == "bar":
        cats = [f"{_word(rng)[:5]}{i}" for i in range(rng.randint(2, 8))]
        with open(folder / "d.dat", "w") as fh:
            for c in cats:
                fh.write(c + " " + " ".join(f"{rng.uniform(1, 30):.2f}" for _ in range(k)) + "\n")
        pre = f"set style data histograms\nset style histogram {rng.choice(['clustered', 'rowstacked'])}\n" \
              f"set style fill {rng.choice(['solid', 'pattern', 'solid border -1'])}\nset boxwidth 0.9\n"
        plots = ", ".join(f"'d.dat' using {j + 2}{':xtic(1)' if j == 0 else ''} title '{_word(rng)}'" for j in range(k))
        return pre, f"plot {plots}"
    if kind == "histogram":
        counts, edges = np.histogram(g.normal(0, 1, 2000), bins=rng.randint(8, 40))
        np.savetxt(folder / "d.dat", np.column_stack([(edges[:-1] + edges[1:]) / 2, counts]))
        pre = f"set style fill {rng.choice(['solid 0.6', 'solid border -1', 'empty'])}\nset boxwidth {edges[1] - edges[0]:.4f} absolute\n"
        return pre, "plot 'd.dat' using 1:2 with boxes notitle"
    if kind == "heatmap":
        np.savetxt(folder / "d.dat", g.random((rng.randint(4, 40), rng.randint(4, 40))).cumsum(axis=0))
        pre = f"set palette {rng.choice(['defined', 'rgbformulae 33,13,10', 'grey', 'rgbformulae 7,5,15'])}\n"
        return pre, "plot 'd.dat' matrix with image notitle"
    # box
    np.savetxt(folder / "d.dat", np.column_stack([g.normal(rng.uniform(0, 10), 2, 100) for _ in range(k + 1)]))
    pre = "set style fill solid 0.25 border -1\nset style boxplot outliers pointtype 7\nset style data boxplot\n" \
          f"set xtics ({', '.join(f'{chr(34)}{_word(rng)}{chr(34)} {j + 1}' for j in range(k + 1))})\n"
    plots = ", ".join(f"'d.dat' using ({j + 1}):{j + 1} notitle" for j in range(k + 1))
    return pre, f"plot {plots}"


def gnuplot_figure(rng: random.Random, kind: str, raster: bool) -> tuple[str, bytes, str]:
    """A gnuplot chart of ``kind`` (one of GNUPLOT_KINDS), through its cairo terminals."""
    with tempfile.TemporaryDirectory(prefix="mmsum-gnuplot-") as tmp:
        folder = Path(tmp)
        pre, plot = _gnuplot_data(rng, kind, folder)
        fmt = "png" if raster else "pdf"
        size = f"{rng.randint(400, 900)},{rng.randint(300, 600)}" if raster else \
            f"{rng.uniform(3, 6):.1f}in,{rng.uniform(2, 4):.1f}in"
        font = f"{rng.choice(['Sans', 'Serif', 'Mono'])},{rng.randint(7, 14)}"
        script = (f"set terminal {fmt}cairo size {size} font '{font}'\nset output 'out.{fmt}'\n"
                  f"set xlabel '{_word(rng)}'\nset ylabel '{_word(rng)}'\n"
                  f"{'set grid' if rng.random() < 0.4 else ''}\n{'set key left top' if rng.random() < 0.5 else ''}\n"
                  f"{pre}{plot}\n")
        subprocess.run(["gnuplot"], input=script.encode(), cwd=folder, capture_output=True, timeout=60, check=True)
        return kind, (folder / f"out.{fmt}").read_bytes(), fmt


def _coords(pts) -> str:
    return " ".join(f"({x:.3f},{y:.3f})" for x, y in pts)


def _tikz_body(rng: random.Random, kind: str) -> str:
    """One tikzpicture of ``kind`` (one of TIKZ_KINDS)."""
    g = np.random.default_rng(rng.randrange(1 << 30))
    w, h = rng.uniform(5, 9), rng.uniform(4, 6.5)
    axis = f"width={w:.1f}cm, height={h:.1f}cm, xlabel={{{_word(rng)}}}, ylabel={{{_word(rng)}}}" + \
        (", grid=major" if rng.random() < 0.3 else "") + (", legend pos=north west" if rng.random() < 0.5 else "")
    if kind in ("line", "scatter"):
        plots = []
        for _ in range(rng.randint(1, 4)):
            n = rng.randint(6, 60)
            x = np.linspace(0, rng.uniform(1, 50), n)
            y = np.cumsum(g.normal(0, 1, n)) if kind == "line" else g.normal(0, 3, n) + x * rng.uniform(-1, 1)
            opts = rng.choice(["mark=*", "mark=none", "mark=square*, dashed", "thick, mark=triangle"]) \
                if kind == "line" else f"only marks, mark={rng.choice(['*', 'o', 'x', '+', 'square'])}"
            plots.append(f"\\addplot+[{opts}] coordinates {{{_coords(zip(x, y))}}};\n\\addlegendentry{{{_word(rng)}}}")
        return f"\\begin{{axis}}[{axis}]\n" + "\n".join(plots) + "\n\\end{axis}"
    if kind == "bar":
        cats = [f"{_word(rng)[:5]}{i}" for i in range(rng.randint(2, 7))]
        plots = "\n".join(f"\\addplot coordinates {{{' '.join(f'({c},{rng.uniform(1, 30):.2f})' for c in cats)}}};"
                          for _ in range(rng.randint(1, 3)))
        bar = rng.choice(["ybar", "ybar stacked", "xbar"])
        coords = "symbolic y coords" if bar == "xbar" else "symbolic x coords"
        ticks = "ytick=data" if bar == "xbar" else "xtick=data"
        if bar == "xbar":
            plots = "\n".join(f"\\addplot coordinates {{{' '.join(f'({rng.uniform(1, 30):.2f},{c})' for c in cats)}}};"
                              for _ in range(rng.randint(1, 3)))
        return f"\\begin{{axis}}[{bar}, {coords}={{{','.join(cats)}}}, {ticks}, {axis}]\n{plots}\n\\end{{axis}}"
    if kind == "histogram":
        counts, edges = np.histogram(g.normal(0, 1, 1000), bins=rng.randint(6, 25))
        pts = list(zip(edges, list(counts) + [counts[-1]]))
        return f"\\begin{{axis}}[ybar interval, {axis}]\n\\addplot+[fill={rng.choice(['blue!40', 'gray!50', 'red!30'])}]" \
               f" coordinates {{{_coords(pts)}}};\n\\end{{axis}}"
    if kind == "heatmap":
        rows, cols = rng.randint(3, 14), rng.randint(3, 14)
        data = g.random((rows, cols))
        pts = " ".join(f"({j},{i}) [{data[i, j]:.3f}]" for i in range(rows) for j in range(cols))
        return f"\\begin{{axis}}[{axis}, colorbar, colormap/{rng.choice(['viridis', 'hot', 'cool', 'blackwhite'])}," \
               f" enlargelimits=false]\n\\addplot[matrix plot*, point meta=explicit, mesh/cols={cols}] coordinates {{{pts}}};\n\\end{{axis}}"
    if kind == "box":
        boxes = []
        for _ in range(rng.randint(2, 6)):
            q = np.sort(g.normal(rng.uniform(0, 10), 2, 5))
            boxes.append(f"\\addplot+[boxplot prepared={{lower whisker={q[0]:.2f}, lower quartile={q[1]:.2f}, "
                         f"median={q[2]:.2f}, upper quartile={q[3]:.2f}, upper whisker={q[4]:.2f}}}] coordinates {{}};")
        return f"\\begin{{axis}}[{axis}]\n" + "\n".join(boxes) + "\n\\end{axis}"
    if kind == "pie":
        vals = np.array([rng.uniform(1, 10) for _ in range(rng.randint(2, 7))])
        angles = np.concatenate([[0], np.cumsum(vals / vals.sum() * 360)]) + rng.uniform(0, 90)
        r = rng.uniform(1.5, 3)
        colours = ["red!60", "blue!50", "green!50", "orange!70", "gray!50", "yellow!60", "cyan!50"]
        parts = [f"\\fill[{colours[i]}, draw=white] (0,0) -- ({a:.1f}:{r:.2f}) arc ({a:.1f}:{b:.1f}:{r:.2f}) -- cycle;"
                 f"\\node at ({(a + b) / 2:.1f}:{r * 1.25:.2f}) {{{_word(rng)}}};"
                 for i, (a, b) in enumerate(zip(angles, angles[1:]))]
        return "\n".join(parts)
    # diagram: boxes in rows joined by arrows
    n = rng.randint(3, 10)
    shape = rng.choice(["rectangle", "rounded corners, rectangle", "ellipse", "circle"])
    nodes = [f"\\node[draw, {shape}, fill={rng.choice(['white', 'gray!20', 'blue!10'])}] (n{i}) at "
             f"({(i % 4) * rng.uniform(2.2, 3.2):.1f},{-(i // 4) * 1.6:.1f}) {{{_word(rng)}}};" for i in range(n)]
    edges = [f"\\draw[->, {rng.choice(['thick', 'dashed', ''])}] (n{rng.randrange(i)}) -- (n{i});" for i in range(1, n)]
    return "\n".join(nodes + edges)


def tikz_figures(rng: random.Random, kinds: list[str]) -> list[tuple[str, bytes, str]]:
    """One figure of each of ``kinds`` by TikZ/pgfplots: one pdflatex run for all, each
    picture on its own page, in the order given."""
    pictures = []
    for kind in kinds:
        font = rng.choice(["\\sffamily", "\\rmfamily", "\\ttfamily"]) + rng.choice(["\\small", "\\footnotesize", ""])
        pictures.append(f"\\begin{{tikzpicture}}[font={font}]\n{_tikz_body(rng, kind)}\n\\end{{tikzpicture}}")
    tex = ("\\documentclass[tikz]{standalone}\n\\usepackage{pgfplots}\n\\pgfplotsset{compat=1.16}\n"
           "\\usepgfplotslibrary{statistics}\n\\usetikzlibrary{shapes.geometric}\n\\begin{document}\n"
           + "\n".join(pictures) + "\n\\end{document}\n")
    doc = latex_pages(tex)
    return [(kind, page_pdf(doc, i), "pdf") for i, kind in enumerate(kinds)]


def latex_pages(tex: str):
    """The pages pdflatex makes of the standalone document ``tex``, opened in memory
    (``pymupdf.Document``); CalledProcessError when it fails."""
    import pymupdf

    with tempfile.TemporaryDirectory(prefix="mmsum-tex-") as tmp:
        (Path(tmp) / "f.tex").write_text(tex)
        subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "f.tex"], cwd=tmp,
                       capture_output=True, timeout=600, check=True)
        return pymupdf.open(stream=(Path(tmp) / "f.pdf").read_bytes(), filetype="pdf")


def page_pdf(doc, i: int) -> bytes:
    """Page ``i`` of ``doc`` as a PDF of its own."""
    import pymupdf

    one = pymupdf.open()
    one.insert_pdf(doc, from_page=i, to_page=i)
    return one.tobytes()
