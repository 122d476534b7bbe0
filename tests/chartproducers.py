"""Chart PDFs with known data from gnuplot, TikZ/pgfplots and R (base graphics and ggplot2), beside matplotlib's in
:mod:`tests.chartbuild`: other producers draw axes, ticks, markers and legends their own way.

Each builder writes a one-page PDF (the chart, its caption and a paragraph citing it) and
returns the :class:`~tests.chartbuild.ChartTruth`; the axis ranges are set explicitly so the
truth knows them. :func:`gnuplot_available`, :func:`pgfplots_available`, :func:`r_available`
and :func:`ggplot_available` say whether the programs are installed (``apt-get install
gnuplot-nox``; TeX Live with pgfplots; ``r-base-core``, ``r-cran-ggplot2``).
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


def r_available() -> bool:
    return shutil.which("Rscript") is not None


def ggplot_available() -> bool:
    return r_available() and subprocess.run(["Rscript", "-e", "library(ggplot2)"], capture_output=True).returncode == 0


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


# gnuplot's point types of a scatter's two series, by seed: filled circle and square; plus and
# cross (each stroke a path of its own); open circle and open square; star and filled diamond
GNUPLOT_POINTS = [(7, 5), (1, 2), (6, 4), (3, 13)]


def gnuplot_chart(path: Path, kind: str, seed: int = 0) -> ChartTruth:
    """A gnuplot chart (pdfcairo terminal) of ``kind`` (one of PRODUCER_KINDS); a scatter's
    point types are chosen by ``seed`` (GNUPLOT_POINTS)."""
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
                plots.append(f"'s{j}.dat' using 1:2 with points pt {GNUPLOT_POINTS[seed % len(GNUPLOT_POINTS)][j]} "
                             f"ps 0.6 {title}")
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


def _pdflatex(tex: str) -> bytes:
    """The PDF pdflatex makes of the standalone document ``tex``."""
    with tempfile.TemporaryDirectory(prefix="pgfplots-chart-") as tmp:
        (Path(tmp) / "c.tex").write_text(tex)
        subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "c.tex"], cwd=tmp,
                       capture_output=True, timeout=300, check=True)
        return (Path(tmp) / "c.pdf").read_bytes()


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
    data = _pdflatex(tex)
    r = pymupdf.open("pdf", data)[0].rect
    _place(path, data, (r.width, r.height), f"Figure 1: {truth.y_title} in each setting.")
    truth.path = path
    return truth


def _r_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _r_vector(values) -> str:
    return "c(" + ", ".join(_r_string(v) if isinstance(v, str) else repr(float(v)) for v in values) + ")"


def _run_r(script: str, folder: Path) -> bytes:
    subprocess.run(["Rscript", "-"], input=script.encode(), cwd=folder, capture_output=True, timeout=120, check=True)
    return (folder / "out.pdf").read_bytes()


def r_base_chart(path: Path, kind: str, seed: int = 0) -> ChartTruth:
    """An R base-graphics chart (the ``pdf()`` device) of ``kind`` (one of PRODUCER_KINDS)."""
    rng = random.Random(seed * 41 + PRODUCER_KINDS.index(kind))
    truth = _data(kind, rng)
    truth.producer, truth.style = "r-base", "pdf"
    cols = ["black", "red", "blue"]
    width, height = rng.choice([5, 6]), rng.choice([4, 4.5])
    lines = [f"pdf('out.pdf', width={width}, height={height}, family={_r_string(rng.choice(['Helvetica', 'Times']))},"
             f" pointsize={rng.choice([10, 11, 12])})"]
    ylab, yl = _r_string(_title(truth.y_title, truth.y_unit)), _r_vector(truth.y_range)
    names = [n for n, _ in truth.series]
    if kind == "bar":
        cats = [c for c, _ in truth.series[0][1]]
        heights = [v for _, pts in truth.series for _, v in pts]
        lines += [f"m <- matrix({_r_vector(heights)}, nrow={len(truth.series)}, byrow=TRUE)",
                  f"barplot(m, beside=TRUE, names.arg={_r_vector(cats)}, ylim={yl}, ylab={ylab},"
                  f" col={_r_vector(['grey30', 'grey70'][:len(truth.series)])},"
                  f" legend.text={_r_vector(names)}, args.legend=list(x='topright', bty='n'))"]
    else:
        xlab, xl = _r_string(_title(truth.x_title, truth.x_unit)), _r_vector(truth.x_range)
        xaxs = ", xaxs='i', yaxs='i'"  # the axes end at the limits asked (R adds 4% otherwise)
        lines.append(f"plot(NULL, xlim={xl}, ylim={yl}, xlab={xlab}, ylab={ylab}{xaxs})")
        for j, (name, pts) in enumerate(truth.series):
            xs, ys = _r_vector(x for x, _ in pts), _r_vector(y for _, y in pts)
            style = ("type='p', pch=" + str([19, 17][j])) if kind == "scatter" else rng.choice(["type='l'", "type='b', pch=19"])
            lines.append(f"lines({xs}, {ys}, {style}, col={_r_string(cols[j])}, lwd=2)")
        if any(names):
            where = "'topright', inset=c(-0.3, 0), xpd=TRUE" if kind == "scatter" else _r_string(rng.choice(["topleft", "topright", "bottomright"]))
            pch = ", pch=c(19, 17)" if kind == "scatter" else ", lwd=2"
            lines.append(f"legend({where}, legend={_r_vector(names)}, col={_r_vector(cols[:len(names)])}{pch}, bty='n')")
    if kind == "scatter":
        lines.insert(1, "par(mar=c(5, 4, 2, 8))")  # room on the right for the legend outside the plot
    lines.append("invisible(dev.off())")
    with tempfile.TemporaryDirectory(prefix="r-chart-") as tmp:
        data = _run_r("\n".join(lines) + "\n", Path(tmp))
    _place(path, data, (width * 72, height * 72), f"Figure 1: {truth.y_title} in each setting.")
    truth.path = path
    return truth


def ggplot_chart(path: Path, kind: str, seed: int = 0) -> ChartTruth:
    """A ggplot2 chart (grey panel, white grid, legend beside the panel) of ``kind``."""
    rng = random.Random(seed * 43 + PRODUCER_KINDS.index(kind))
    truth = _data(kind, rng)
    truth.producer, truth.style = "ggplot2", rng.choice(["theme_grey", "theme_bw", "theme_classic"])
    rows = [(name or "", x, y) for name, pts in truth.series for x, y in pts]
    width, height = rng.choice([5, 6]), rng.choice([3.5, 4])
    lines = ["suppressMessages(library(ggplot2))",
             f"d <- data.frame(s={_r_vector(r[0] for r in rows)}, x={_r_vector(r[1] for r in rows)},"
             f" y={_r_vector(r[2] for r in rows)})"]
    ylab = _r_string(_title(truth.y_title, truth.y_unit))
    if kind == "bar":
        cats = [c for c, _ in truth.series[0][1]]
        lines += [f"d$x <- factor(d$x, levels={_r_vector(cats)})",
                  "p <- ggplot(d, aes(x, y, fill=s)) + geom_col(position='dodge')"
                  f" + scale_y_continuous(limits={_r_vector(truth.y_range)}, expand=c(0, 0)) + labs(x=NULL, y={ylab}, fill=NULL)"]
    else:
        geom = "geom_point(size=1.5)" if kind == "scatter" else rng.choice(["geom_line(linewidth=0.8)",
                                                                            "geom_line(linewidth=0.8) + geom_point(size=1.2)"])
        lines.append(f"p <- ggplot(d, aes(x, y, colour=s, shape=s)) + {geom}"
                     f" + scale_x_continuous(limits={_r_vector(truth.x_range)}, expand=c(0, 0))"
                     f" + scale_y_continuous(limits={_r_vector(truth.y_range)}, expand=c(0, 0))"
                     f" + labs(x={_r_string(_title(truth.x_title, truth.x_unit))}, y={ylab}, colour=NULL, shape=NULL)")
    lines += [f"p <- p + {truth.style}(base_size={rng.choice([10, 11, 12])})"
              + (" + theme(legend.position='none')" if not any(n for n, _ in truth.series) else ""),
              f"ggsave('out.pdf', p, width={width}, height={height})"]
    with tempfile.TemporaryDirectory(prefix="ggplot-chart-") as tmp:
        data = _run_r("\n".join(lines) + "\n", Path(tmp))
    _place(path, data, (width * 72, height * 72), f"Figure 1: {truth.y_title} in each setting.")
    truth.path = path
    return truth


def pgfplots_shared_legend(path: Path) -> ChartTruth:
    """Two panels drawn alike by pgfplots, one above the other, one legend in the first naming three
    curves in TeX's math fonts ("$K = 10$", "$K = 100$", "$K \\rightarrow \\infty$": the symbol font
    gives → and ∞ boxes an em deep), a log y axis whose ticks are $10^{-6}$ ... $10^{2}$ (the
    exponent's minus and digit set as two raised spans), and a y title that is a function of a
    variable, "⟨p⟩(L)", no unit. Truth: every curve of both panels named, y log from 10⁻⁶ to 10²."""
    names = ["$K = 10$", "$K = 100$", "$K \\rightarrow \\infty$"]
    xs = [0.02 * i for i in range(11)]
    curves = [[10 ** (2 - 30 * x * (1 + 0.2 * j)) for x in xs] for j in range(3)]
    truth = ChartTruth("line", "Loss", None, "⟨p⟩(L)", None, producer="pgfplots", style="two panels",
                       y_scale="log", y_range=(1e-6, 100.0), x_range=(0.0, 0.2))
    for panel in range(2):
        for j, ys in enumerate(curves):
            truth.series.append(("K = 10" if j == 0 else "K = 100" if j == 1 else "K →∞",
                                 [(x, y / (1 + panel)) for x, y in zip(xs, ys)]))
    axes = []
    for panel in range(2):
        opts = ("width=9cm, height=4.5cm, ymode=log, ymin=1e-6, ymax=100, xmin=0, xmax=0.2,"
                " ytick={1e-6,1e-4,1e-2,1,100}, xtick={0,0.05,0.1,0.15,0.2}, scaled x ticks=false,"
                " xticklabel style={/pgf/number format/fixed}, ylabel={$\\langle p\\rangle(L)$}"
                + (", legend pos=north east" if panel == 0 else ", xlabel={Loss}, at={(0,-4.6cm)}"))
        plots = []
        for j, ys in enumerate(curves):
            style = ["black, densely dotted", "blue, dashed", "red"][j]
            plots.append(f"\\addplot[{style}] coordinates {{{' '.join(f'({x},{y / (1 + panel):.6g})' for x, y in zip(xs, ys))}}};")
            if panel == 0:
                plots.append(f"\\addlegendentry{{{names[j]}}}")
        axes.append(f"\\begin{{axis}}[{opts}]\n" + "\n".join(plots) + "\n\\end{axis}")
    tex = ("\\documentclass{standalone}\n\\usepackage{pgfplots}\n\\pgfplotsset{compat=1.16}\n"
           "\\begin{document}\n\\begin{tikzpicture}\n" + "\n".join(axes) + "\n\\end{tikzpicture}\n\\end{document}\n")
    data = _pdflatex(tex)
    r = pymupdf.open("pdf", data)[0].rect
    _place(path, data, (r.width, r.height), "Figure 1: The average loss distribution for each K.")
    truth.path = path
    return truth


def pgfplots_close_ticks(path: Path, width_cm: float = 4.5, powers: bool = False) -> ChartTruth:
    """A narrow pgfplots line chart whose x tick labels are set so close that MuPDF reads them
    as one line: 0.08 ... 0.16 ("8 · 10−20.1 0.12 0.14 0.16": pgfplots writes 0.08 as a power,
    its exponent running into the next label), or with ``powers`` a log axis 10⁴ to 10⁵
    labelled 2 · 10⁴, 4 · 10⁴, 7 · 10⁴ ("2 · 1044 · 104": read as one power, 2 · 10⁴⁸). Truth:
    the x axis as set, one curve."""
    if powers:
        xs = [20000, 30000, 40000, 50000, 60000, 70000, 80000]
        axis = ("xmode=log, xmin=10000, xmax=100000, xtick={20000,40000,70000},"
                " xticklabels={$2 \\cdot 10^{4}$,$4 \\cdot 10^{4}$,$7 \\cdot 10^{4}$}")
        truth = ChartTruth("line", "Step size", None, "Loss", None, producer="pgfplots", style="close powers",
                           x_scale="log", x_range=(10000.0, 100000.0), y_range=(0.0, 1.0))
    else:
        xs = [round(0.08 + 0.01 * i, 2) for i in range(9)]
        axis = "xmin=0.08, xmax=0.16"
        truth = ChartTruth("line", "Step size", None, "Loss", None, producer="pgfplots", style="close ticks",
                           x_range=(0.08, 0.16), y_range=(0.0, 1.0))
    ys = [round(0.2 + 0.08 * i + 0.1 * (i % 2), 3) for i in range(len(xs))]
    truth.series.append((None, list(zip(xs, ys))))
    tex = ("\\documentclass{standalone}\n\\usepackage{pgfplots}\n\\pgfplotsset{compat=1.16}\n"
           "\\begin{document}\n\\begin{tikzpicture}[font=\\sffamily]\n"
           f"\\begin{{axis}}[width={width_cm}cm, height=5cm, {axis}, ymin=0, ymax=1,"
           " xlabel={Step size}, ylabel={Loss}]\n"
           f"\\addplot+[mark=*] coordinates {{{' '.join(f'({x},{y})' for x, y in zip(xs, ys))}}};\n"
           "\\end{axis}\n\\end{tikzpicture}\n\\end{document}\n")
    data = _pdflatex(tex)
    r = pymupdf.open("pdf", data)[0].rect
    _place(path, data, (r.width, r.height), "Figure 1: The loss for each step size.")
    truth.path = path
    return truth
