"""Chart PDFs whose data are known by construction, for tests and ``benchmarks/chart_data.py``.

:func:`matplotlib_chart` draws one chart with matplotlib (many styles, chosen by a seed) and
:func:`plain_chart` draws one with PyMuPDF's own drawing calls, as a second producer with other
habits (tick labels centred by hand, no tick marks on one axis, markers as crosses). Either
writes a one-page PDF with the chart, its caption and a paragraph citing it, and returns the
:class:`ChartTruth`: kind, axis titles, units and scales, and each series' name and points in
data units (x a category label for bar charts).
"""
from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from tests.figurebuild import paragraph
from tests.pdfbuild import lorem


@dataclass
class ChartTruth:
    kind: str
    x_title: str | None
    x_unit: str | None
    y_title: str | None
    y_unit: str | None
    series: list[tuple[str | None, list[tuple]]] = field(default_factory=list)
    x_scale: str = "linear"
    y_scale: str = "linear"
    y_range: tuple[float, float] = (0.0, 1.0)  # of the data axis, to scale errors
    panel_ranges: dict[str, tuple[float, float]] = field(default_factory=dict)  # series on another panel's y axis
    x_range: tuple[float, float] = (0.0, 1.0)
    producer: str = "matplotlib"
    style: str = ""
    path: Path | None = None


KINDS = ("line", "scatter", "bar", "log", "negative", "errorbar", "panels", "histogram", "stacked")
STYLES = ("default", "classic", "ggplot", "bmh", "seaborn-v0_8-whitegrid", "grayscale", "fast")
NAMES = ["baseline", "adaptive", "greedy", "random walk", "oracle", "10-minute"]
CATEGORIES = ["alpha", "beta", "gamma", "delta", "epsilon"]


def _place(path: Path, chart_pdf: bytes, size: tuple[float, float], caption: str) -> None:
    """A page with running text citing Figure 1, the chart, and its caption below it."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    y = paragraph(page, 72, 72, 540, lorem(3) + " The results are shown in Figure 1 for every setting.")
    src = pymupdf.open("pdf", chart_pdf)
    w, h = size
    scale = min(1.0, 400 / w)
    rect = pymupdf.Rect(306 - w * scale / 2, y + 16, 306 + w * scale / 2, y + 16 + h * scale)
    page.show_pdf_page(rect, src, 0)
    y = paragraph(page, 72, rect.y1 + 10, 540, caption, size=9)
    paragraph(page, 72, y + 14, 540, lorem(4, start=3))
    doc.save(path)


def matplotlib_chart(path: Path, kind: str, seed: int = 0) -> ChartTruth:
    """A matplotlib chart of ``kind`` (one of KINDS) in a style chosen by ``seed``."""
    import matplotlib
    matplotlib.use("pdf")
    import matplotlib.pyplot as plt

    rng = random.Random(seed * 97 + KINDS.index(kind))
    style = STYLES[seed % len(STYLES)]
    with plt.style.context(style):
        plt.rcParams["pdf.fonttype"] = 42
        plt.rcParams["font.size"] = rng.choice([8, 9, 10, 11])
        w, h = rng.choice([(4, 3), (5, 3.2), (3.5, 3), (6, 3.5)])
        ncols = 2 if kind == "panels" else 1
        nrows = 2 if kind == "stacked" else 1
        fig, axes = plt.subplots(nrows, ncols, figsize=(w * (1.4 if ncols == 2 else 1), h * nrows))
        axes = list(axes) if ncols * nrows == 2 else [axes]
        truth = _draw(axes, kind, rng)
        truth.style = style
        buf = io.BytesIO()
        fig.savefig(buf, format="pdf", bbox_inches="tight")
        plt.close(fig)
    src = pymupdf.open("pdf", buf.getvalue())
    r = src[0].rect
    _place(path, buf.getvalue(), (r.width, r.height), f"Figure 1: {truth.y_title or 'Values'} in each setting.")
    truth.path = path
    return truth


def _walk(rng: random.Random, n: int, start: float, step: float) -> list[float]:
    out, v = [], start
    for _ in range(n):
        out.append(round(v, 3))
        v += rng.uniform(-step, step * 1.5)
    return out


def _draw(axes, kind: str, rng: random.Random) -> ChartTruth:
    ax = axes[0]
    names = rng.sample(NAMES, 3)
    markers, dashes = ["o", "s", "^", "D", "v"], ["-", "--", "-.", ":"]
    if kind in ("line", "log", "negative", "errorbar", "panels", "stacked"):
        n = rng.randint(6, 14)
        xs = [round(float(v), 3) for v in range(0, n * 5, 5)]
        k = rng.randint(1, 3) if kind != "errorbar" else 2
        truth = ChartTruth("line", "Day of trial", None, "Battery voltage", "V")
        if kind == "log":
            xs = [round(10 ** (i / 3), 4) for i in range(n)]
            truth = ChartTruth("line", "Nodes", None, "Time", "s", x_scale="log", y_scale="log")
        if kind == "negative":
            truth = ChartTruth("line", "Offset", "mm", "Error", "dB")
        for j in range(k):
            if kind == "log":
                ys = [round(x ** (1 + 0.3 * j) * (1 + j), 4) for x in xs]
            elif kind == "negative":
                ys = _walk(rng, n, rng.uniform(-20, -5), 3.0)
            else:
                ys = _walk(rng, n, rng.uniform(3.0, 4.0), 0.1)
            fmt = rng.choice(markers) + rng.choice(dashes) if rng.random() < 0.7 else rng.choice(dashes)
            if kind == "errorbar":
                ax.errorbar(xs, ys, yerr=[0.05] * n, fmt=fmt, capsize=3, label=names[j])
            else:
                ax.plot(xs, ys, fmt, label=names[j])
            truth.series.append((names[j], list(zip(xs, ys))))
        if kind == "log":
            ax.set_xscale("log")
            ax.set_yscale("log")
        if kind == "stacked":
            # two panels one above the other, y tick labels along the axis (as R draws them)
            other = axes[1]
            ys2 = _walk(rng, n, 10, 4)
            other.plot(xs, ys2, "s-", color="tab:green", label="latency")
            other.set_xlabel("Day of trial")
            other.set_ylabel("Latency (ms)")
            other.legend()
            for a in axes:
                a.tick_params(axis="y", labelrotation=90)
            truth.series.append(("latency", list(zip(xs, ys2))))
            truth.panel_ranges["latency"] = other.get_ylim()
        if kind == "panels":
            other = axes[1]
            ys2 = _walk(rng, n, 50, 10)
            other.plot(xs, ys2, "o-", color="tab:red", label="throughput")
            other.set_xlabel("Day of trial")
            other.set_ylabel("Throughput (kB/s)")
            other.legend()
            truth.series.append(("throughput", list(zip(xs, ys2))))
            truth.panel_ranges["throughput"] = other.get_ylim()
    elif kind == "scatter":
        truth = ChartTruth("scatter", "Temperature", "°C", "Current", "mA")
        for j in range(rng.randint(1, 2)):
            pts = sorted((round(rng.uniform(0, 40), 2), round(rng.uniform(10, 90), 2)) for _ in range(rng.randint(8, 25)))
            ax.scatter([p[0] for p in pts], [p[1] for p in pts], marker=markers[j], label=names[j])
            truth.series.append((names[j], pts))
    elif kind == "bar":
        cats = CATEGORIES[: rng.randint(3, 5)]
        k = rng.randint(1, 2)
        truth = ChartTruth("bar", None, None, "Energy per node", "J")
        width = 0.8 / k
        for j in range(k):
            vals = [round(rng.uniform(1, 30), 2) for _ in cats]
            pos = [i + (j - (k - 1) / 2) * width for i in range(len(cats))]
            ax.bar(pos, vals, width=width, label=names[j])
            truth.series.append((names[j], list(zip(cats, vals))))
        ax.set_xticks(range(len(cats)))
        ax.set_xticklabels(cats)
    else:  # histogram
        truth = ChartTruth("histogram", "Latency", "ms", "Requests", None)
        edges = list(range(0, 100, 10))
        counts = [rng.randint(1, 40) for _ in edges[:-1]]
        ax.bar([e + 5 for e in edges[:-1]], counts, width=10, label="requests")
        truth.series.append(("requests", [(e + 5, c) for e, c in zip(edges, counts)]))
    ax.set_xlabel(truth.x_title + (f" ({truth.x_unit})" if truth.x_unit else "")) if truth.x_title else None
    ax.set_ylabel(truth.y_title + (f" ({truth.y_unit})" if truth.y_unit else "")) if truth.y_title else None
    if len([s for s in truth.series if s[0]]) > 1 or kind in ("bar", "scatter"):
        ax.legend(loc=rng.choice(["best", "upper left", "lower right"]))
    elif kind not in ("panels", "stacked"):
        truth.series = [(None, pts) for _, pts in truth.series]
    lo, hi = ax.get_ylim()
    truth.y_range = (lo, hi)
    truth.x_range = ax.get_xlim()
    if kind == "histogram":
        truth.series[0] = (None, truth.series[0][1])
    return truth


def line_chart_pdf(xs: list[float], series: list[tuple[str, list[float]]], *, x_ticks: list[float],
                   y_ticks: list[float], x_title: str, y_title: str, tick_format: str = "{:g}",
                   twice: float | None = None) -> bytes:
    """A one-page PDF of a line chart drawn with PyMuPDF's shapes: ticks on the y axis only, x
    labels centred by hand, each series a polyline (the second dashed), the legend at the right
    outside the frame; the axes span the first to the last tick. ``twice``: every text set a
    second time after the chart is drawn, moved this many points right and down (0: on the very
    spot, as IDL sets the tick labels of arXiv 1607.01329's Figure 2)."""
    doc = pymupdf.open()
    page = doc.new_page(width=360, height=240)
    texts: list[tuple[tuple[float, float], str, dict]] = []
    if twice is not None:
        once = page.insert_text

        def insert_text(point, text, **kw):
            texts.append(((point[0] + twice, point[1] + twice), text, kw))
            return once(point, text, **kw)

        page.insert_text = insert_text
    x0, y0, x1, y1 = 50.0, 20.0, 250.0, 190.0
    shape = page.new_shape()
    shape.draw_rect(pymupdf.Rect(x0, y0, x1, y1))
    shape.finish(color=(0, 0, 0), width=0.6)
    xmin, xmax, ymin, ymax = x_ticks[0], x_ticks[-1], y_ticks[0], y_ticks[-1]
    tx = lambda v: x0 + (v - xmin) / (xmax - xmin) * (x1 - x0)
    ty = lambda v: y1 - (v - ymin) / (ymax - ymin) * (y1 - y0)
    for v in y_ticks:
        shape.draw_line((x0 - 4, ty(v)), (x0, ty(v)))
        shape.finish(color=(0, 0, 0), width=0.6)
        s = tick_format.format(v)
        page.insert_text((x0 - 6 - pymupdf.get_text_length(s, fontsize=8), ty(v) + 3), s, fontsize=8)
    for v in x_ticks:
        s = f"{v:g}"
        page.insert_text((tx(v) - pymupdf.get_text_length(s, fontsize=8) / 2, y1 + 11), s, fontsize=8)
    page.insert_text((130, y1 + 24), x_title, fontsize=9)
    page.insert_text((20, 130), y_title, fontsize=9, rotate=90)
    colours = [(0.8, 0.1, 0.1), (0.1, 0.3, 0.8)]
    for j, (name, ys) in enumerate(series):
        c = colours[j % 2]
        shape.draw_polyline([(tx(x), ty(y)) for x, y in zip(xs, ys)])
        shape.finish(color=c, width=1.2, closePath=False, dashes="[3 2] 0" if j else None)
        ly = 40 + 16 * j
        shape.draw_line((262, ly), (282, ly))
        shape.finish(color=c, width=1.2, dashes="[3 2] 0" if j else None)
        page.insert_text((286, ly + 3), name, fontsize=8)
    shape.commit()
    for point, text, kw in texts:   # a second pass over the text, as IDL draws its axes again
        once(point, text, **kw)
    return doc.tobytes()


def plain_chart(path: Path, seed: int = 0, twice: float | None = None) -> ChartTruth:
    """A line chart drawn with PyMuPDF's shapes (:func:`line_chart_pdf`): efficiency against
    load, two series of random values. ``twice``: every text set twice (:func:`line_chart_pdf`)."""
    rng = random.Random(seed)
    xs = list(range(0, 11))
    names = rng.sample(NAMES, 2)
    truth = ChartTruth("line", "Load", "kW", "Efficiency", "%", producer="pymupdf", style="plain",
                       y_range=(0.0, 100.0), x_range=(0, 10))
    for j in range(2):
        ys = [round(min(99.0, max(1.0, 60 + 30 * (j - 0.5) + rng.uniform(-8, 8))), 2) for _ in xs]
        truth.series.append((names[j], list(zip(xs, ys))))
    buf = line_chart_pdf(xs, [(n, [y for _, y in pts]) for n, pts in truth.series], x_ticks=list(range(0, 11, 2)),
                         y_ticks=list(range(0, 101, 20)), x_title="Load (kW)", y_title="Efficiency (%)",
                         twice=twice)
    _place(path, buf, (360, 240), "Figure 1: Efficiency of the two converters against load.")
    truth.path = path
    return truth


@dataclass
class ChartScore:
    """How well one chart was read: series found (of the true ones), the mean point error as a
    share of the axis range, and whether the axis titles and legend names are exact."""

    found: int
    total: int
    error: float | None
    titles_exact: int
    titles_total: int
    names_exact: int
    names_total: int
    kind_ok: bool


def _closeness(scale: str, rng: tuple[float, float]):
    import math
    if scale == "log":
        lo, hi = math.log10(max(rng[0], 1e-300)), math.log10(max(rng[1], 1e-300))
        return lambda a, b: abs(math.log10(max(a, 1e-300)) - math.log10(max(b, 1e-300))) / max(hi - lo, 1e-12)
    return lambda a, b: abs(a - b) / max(rng[1] - rng[0], 1e-12)


def score(truth: ChartTruth, record: dict) -> ChartScore:
    """Compare a FIGURE JSON record (``kind``, ``axes``, ``series``) with the truth. A true
    series is found when an extracted one has a point within 1% of the axis ranges for each of
    its points (names aside); its error is the mean over its points of the y distance to the
    extracted point at the nearest x, as a share of the y range."""
    dx = _closeness(truth.x_scale, truth.x_range)
    got = [s for s in (record.get("series") or []) if s.get("points")]
    found, errors, names_exact = 0, [], 0
    for name, pts in truth.series:
        dy = _closeness(truth.y_scale, truth.panel_ranges.get(name, truth.y_range))
        best = None
        for s in got:
            errs = []
            for x, y in pts:
                if isinstance(x, str):
                    cand = [p for p in s["points"] if p[0] == x]
                    if not cand:
                        errs.append(1.0)
                        continue
                    errs.append(min(dy(y, p[1]) for p in cand))
                else:
                    # the y error at the nearest x; of points at the same x (a scatter), the nearest in y
                    near = min((p for p in s["points"] if not isinstance(p[0], str)),
                               key=lambda p: (round(dx(x, p[0]), 4), dy(y, p[1])), default=None)
                    errs.append(1.0 if near is None or dx(x, near[0]) > 0.01 else dy(y, near[1]))
            e = sum(errs) / len(errs)
            if best is None or e < best[0]:
                best = (e, s)
        if best is not None and best[0] <= 0.01:
            found += 1
            errors.append(best[0])
            names_exact += int(name is not None and best[1].get("name") == name)
    axes = record.get("axes") or {}
    titles = [(truth.x_title, (axes.get("x") or {}).get("title")), (truth.y_title, (axes.get("y") or {}).get("title"))]
    titles = [(t, g) for t, g in titles if t]
    return ChartScore(found, len(truth.series), sum(errors) / len(errors) if errors else None,
                      sum(t == g for t, g in titles), len(titles), names_exact,
                      sum(n is not None for n, _ in truth.series), record.get("kind") == truth.kind)


@dataclass
class KindChart:
    """One chart of :func:`kinds_paper`: its kind, what its axes and legend say, its caption."""

    kind: str
    label: str
    y_title: str
    legend: list[str]
    caption: str


KINDS_PAPER = [
    KindChart("bar", "Figure 1", "Energy per node (J)", ["sleep scheduling", "always on"],
              "Figure 1: Results of the first deployment for both schedules."),
    KindChart("bar", "Figure 2", "Latency (ms)", ["sleep scheduling", "always on"],
              "Figure 2: Results of the second deployment for both schedules."),
    KindChart("line", "Figure 3", "Throughput (kb/s)", ["gateway", "relay"],
              "Figure 3: Throughput over the trial; energy per node was logged on the same days."),
]


def kinds_paper(path: Path, charts: list[KindChart] = KINDS_PAPER) -> list[KindChart]:
    """A paper with one matplotlib chart per page, each cited in the running text: bar charts
    whose axis says what they show and a line chart that names the same quantity only in its
    caption. What each figure shows is known by construction (``charts``)."""
    import matplotlib
    matplotlib.use("pdf")
    import matplotlib.pyplot as plt

    doc = pymupdf.open()
    for k, c in enumerate(charts):
        with plt.style.context("default"):
            plt.rcParams["pdf.fonttype"] = 42
            fig, ax = plt.subplots(figsize=(4.5, 3))
            if c.kind == "bar":
                cats = ["node A", "node B", "node C", "node D"]
                for j, name in enumerate(c.legend):
                    ax.bar([i + (j - 0.5) * 0.4 for i in range(len(cats))], [5 + 3 * i + 4 * j for i in range(4)],
                           width=0.4, label=name)
                ax.set_xticks(range(len(cats)))
                ax.set_xticklabels(cats)
                ax.set_xlabel("Node")
            else:
                days = list(range(0, 40, 5))
                for j, name in enumerate(c.legend):
                    ax.plot(days, [20 + 2 * j + (d % 7) for d in days], "o-" if j else "s--", label=name)
                ax.set_xlabel("Day of trial")
            ax.set_ylabel(c.y_title)
            ax.legend(loc="upper left")
            buf = io.BytesIO()
            fig.savefig(buf, format="pdf", bbox_inches="tight")
            plt.close(fig)
        src = pymupdf.open("pdf", buf.getvalue())
        r = src[0].rect
        page = doc.new_page(width=612, height=792)
        y = paragraph(page, 72, 72, 540, lorem(2, start=k) + f" {c.label} shows the measurements of this part.")
        scale = min(1.0, 400 / r.width)
        rect = pymupdf.Rect(306 - r.width * scale / 2, y + 16, 306 + r.width * scale / 2, y + 16 + r.height * scale)
        page.show_pdf_page(rect, src, 0)
        y = paragraph(page, 72, rect.y1 + 10, 540, c.caption, size=9)
        paragraph(page, 72, y + 14, 540, lorem(3, start=k + 2))
    doc.save(path)
    return charts


def split_power_chart(path: Path, seed: int = 0) -> ChartTruth:
    """A line chart on a log y axis (10⁻⁴ to 10⁴) whose tick labels are powers written as
    MATLAB writes them: the "10" at the tick, its exponent a smaller raised text object of its
    own after all the bases (MuPDF reads each exponent as a line apart). Ticks point into the
    frame; x is linear, 0 to 10. One series of random values."""
    import math

    rng = random.Random(seed)
    xs = list(range(0, 11))
    truth = ChartTruth("line", "Time", "s", "Error", None, producer="pymupdf", style="split powers",
                       y_scale="log", y_range=(1e-4, 1e4), x_range=(0, 10))
    truth.series.append((None, [(x, round(10 ** rng.uniform(-3.5, 3.5), 6)) for x in xs]))
    doc = pymupdf.open()
    page = doc.new_page(width=360, height=240)
    x0, y0, x1, y1 = 60.0, 20.0, 330.0, 190.0
    tx = lambda v: x0 + v / 10 * (x1 - x0)
    ty = lambda v: y1 - (math.log10(v) + 4) / 8 * (y1 - y0)
    shape = page.new_shape()
    shape.draw_rect(pymupdf.Rect(x0, y0, x1, y1))
    shape.finish(color=(0, 0, 0), width=0.6)
    powers = range(-4, 5, 2)
    for e in powers:
        shape.draw_line((x0, ty(10 ** e)), (x0 + 4, ty(10 ** e)))
    for v in range(0, 11, 2):
        shape.draw_line((tx(v), y1), (tx(v), y1 - 4))
    shape.finish(color=(0, 0, 0), width=0.6)
    shape.draw_polyline([(tx(x), ty(y)) for x, y in truth.series[0][1]])
    shape.finish(color=(0.1, 0.3, 0.8), width=1.2, closePath=False)
    shape.commit()
    base = pymupdf.get_text_length("10", fontsize=11)
    for e in powers:      # each label begins at one x: "10⁻²" is wider than "10²"
        page.insert_text((x0 - 20 - base, ty(10 ** e) + 5), "10", fontsize=11)
    for e in powers:
        page.insert_text((x0 - 20, ty(10 ** e)), f"{e}", fontsize=8)
    for v in range(0, 11, 2):
        s = f"{v}"
        page.insert_text((tx(v) - pymupdf.get_text_length(s, fontsize=9) / 2, y1 + 12), s, fontsize=9)
    page.insert_text((170, y1 + 26), "Time (s)", fontsize=9)
    page.insert_text((22, 120), "Error", fontsize=9, rotate=90)
    _place(path, doc.tobytes(), (360, 240), "Figure 1: The error of the solver over time.")
    truth.path = path
    return truth


def interval_histogram(path: Path, seed: int = 0) -> ChartTruth:
    """A histogram drawn with PyMuPDF's shapes as pgfplots' ``ybar interval`` draws one: its
    tick marks at the bins' edges and each x label midway between two of them (the bin's
    lower edge, set at its middle); y ticks 0 to 40 with labels at them. Truth: the counts."""
    rng = random.Random(seed)
    counts = [rng.randint(2, 40) for _ in range(8)]
    truth = ChartTruth("histogram", "Delay", "ms", "Count", None, producer="pymupdf", style="intervals",
                       y_range=(0.0, 40.0), x_range=(0, 8))
    doc = pymupdf.open()
    page = doc.new_page(width=360, height=240)
    x0, y0, x1, y1 = 50.0, 20.0, 330.0, 190.0
    bw = (x1 - x0) / len(counts)
    ty = lambda v: y1 - v / 40 * (y1 - y0)
    shape = page.new_shape()
    for i, c in enumerate(counts):
        shape.draw_rect(pymupdf.Rect(x0 + i * bw, ty(c), x0 + (i + 1) * bw, y1))
    shape.finish(color=(0, 0, 0.6), fill=(0.7, 0.75, 0.95), width=0.5)
    shape.draw_rect(pymupdf.Rect(x0, y0, x1, y1))
    shape.finish(color=(0, 0, 0), width=0.6)
    for i in range(len(counts) + 1):
        shape.draw_line((x0 + i * bw, y1), (x0 + i * bw, y1 - 4))
    for v in range(0, 41, 10):
        shape.draw_line((x0, ty(v)), (x0 + 4, ty(v)))
    shape.finish(color=(0, 0, 0), width=0.6)
    shape.commit()
    for i in range(len(counts)):
        s = f"{i}"
        page.insert_text((x0 + (i + 0.5) * bw - pymupdf.get_text_length(s, fontsize=9) / 2, y1 + 12), s, fontsize=9)
    for v in range(0, 41, 10):
        s = f"{v}"
        page.insert_text((x0 - 6 - pymupdf.get_text_length(s, fontsize=9), ty(v) + 3), s, fontsize=9)
    page.insert_text((170, y1 + 26), "Delay (ms)", fontsize=9)
    page.insert_text((22, 120), "Count", fontsize=9, rotate=90)
    truth.series.append((None, [(i, c) for i, c in enumerate(counts)]))
    _place(path, doc.tobytes(), (360, 240), "Figure 1: How long the packets were delayed.")
    truth.path = path
    return truth


def nudged_label_chart(path: Path, seed: int = 0, nudge: float = 3.5) -> ChartTruth:
    """A line chart as IDL draws one: ticks pointing into the frame on both axes, the lowest y
    tick label ("0.0") set ``nudge`` points above its tick (clear of the x axis's labels), the
    other labels centred on theirs; y 0 to 1, x 0 to 1000. One series of random values."""
    rng = random.Random(seed)
    xs = list(range(0, 1001, 100))
    truth = ChartTruth("line", "Time", "s", "Density", None, producer="pymupdf", style="nudged label",
                       y_range=(0.0, 1.0), x_range=(0, 1000))
    truth.series.append((None, [(x, round(rng.uniform(0.05, 0.95), 4)) for x in xs]))
    doc = pymupdf.open()
    page = doc.new_page(width=360, height=240)
    x0, y0, x1, y1 = 60.0, 20.0, 330.0, 190.0
    tx = lambda v: x0 + v / 1000 * (x1 - x0)  # noqa: E731
    ty = lambda v: y1 - v * (y1 - y0)  # noqa: E731
    shape = page.new_shape()
    shape.draw_rect(pymupdf.Rect(x0, y0, x1, y1))
    shape.finish(color=(0, 0, 0), width=0.6)
    for k in range(6):
        shape.draw_line((x0, ty(k / 5)), (x0 + 5, ty(k / 5)))
    for v in range(0, 1001, 200):
        shape.draw_line((tx(v), y1), (tx(v), y1 - 5))
    shape.finish(color=(0, 0, 0), width=0.6)
    shape.draw_polyline([(tx(x), ty(y)) for x, y in truth.series[0][1]])
    shape.finish(color=(0, 0, 0), width=1.0, closePath=False)
    shape.commit()
    for k in range(6):
        s = f"{k / 5:.1f}"
        y = ty(k / 5) + 3 - (nudge if k == 0 else 0.0)  # the baseline of an 8-point label centred on its tick
        page.insert_text((x0 - 4 - pymupdf.get_text_length(s, fontsize=8), y), s, fontsize=8)
    for v in range(0, 1001, 200):
        s = f"{v}"
        page.insert_text((tx(v) - pymupdf.get_text_length(s, fontsize=8) / 2, y1 + 11), s, fontsize=8)
    page.insert_text((170, y1 + 24), "Time (s)", fontsize=9)
    page.insert_text((24, 125), "Density", fontsize=9, rotate=90)
    _place(path, doc.tobytes(), (360, 240), "Figure 1: The density at the loop apex over time.")
    truth.path = path
    return truth


FIELD_MAPS = ("viridis", "gray", "hot", "RdBu_r", "magma", "Blues")


def field_chart(path: Path, seed: int = 0, *, colorbar: bool = False, panels: int = 2,
                raster_line: bool = False, cmap: str | None = None, mesh: bool = False) -> ChartTruth:
    """A smooth field (a sum of waves) shown with matplotlib ``imshow`` in vector axes, ``panels``
    side by side, each with a colour bar where ``colorbar``; ``mesh``: drawn as a mesh of filled
    cells (``pcolormesh``) instead of an image. ``raster_line``: each panel's image is instead a
    line chart rendered to a PNG (mostly white) without axes of its own, set in the same axes.
    The truth has the first panel's axes (x 0-200 "Coordinate along the loop", y 0-600 "Time")
    and no series."""
    import matplotlib
    matplotlib.use("pdf")
    import matplotlib.pyplot as plt
    import numpy as np

    rng = random.Random(seed)
    cmap = cmap or FIELD_MAPS[seed % len(FIELD_MAPS)]
    x = np.linspace(0, 200, 120)
    t = np.linspace(0, 600, 160)
    gx, gt = np.meshgrid(x, t)
    line_png = None
    if raster_line:
        with plt.style.context("default"):
            fig, ax = plt.subplots(figsize=(3, 4), dpi=100)
            ax.plot(x, 300 + 200 * np.sin(x / 30 + rng.uniform(0, 3)), "b-", lw=1.5)
            ax.plot(x, 250 + 100 * np.cos(x / 50), "r--", lw=1.5)
            ax.set_xlim(0, 200)
            ax.set_ylim(0, 600)
            ax.axis("off")
            fig.subplots_adjust(0, 0, 1, 1)
            buf = io.BytesIO()
            fig.savefig(buf, format="png", facecolor="white")
            plt.close(fig)
        line_png = plt.imread(io.BytesIO(buf.getvalue()))
    with plt.style.context("default"):
        plt.rcParams["pdf.fonttype"] = 42
        plt.rcParams["font.size"] = rng.choice([8, 9, 10])
        fig, axes = plt.subplots(1, panels, figsize=(3.2 * panels, 4))
        if mesh:  # coarse: a few thousand cells a panel, within the paths a page is read with
            x, t = np.linspace(0, 200, 40), np.linspace(0, 600, 50)
            gx, gt = np.meshgrid(x, t)
        axes = list(np.atleast_1d(axes))
        for k, ax in enumerate(axes):
            phase = rng.uniform(0, 3) + k
            field = np.sin(gx / 35 + phase) * np.cos(gt / 90 - gx / 120) + 0.3 * np.sin(gt / 40)
            if line_png is not None:
                im = ax.imshow(line_png, extent=(0, 200, 0, 600), aspect="auto", interpolation="nearest")
            elif mesh:
                im = ax.pcolormesh(x, t, field, cmap=cmap, shading="auto")
            else:
                im = ax.imshow(field, extent=(0, 200, 0, 600), origin="lower", aspect="auto", cmap=cmap,
                               interpolation="bilinear")
            ax.set_xlim(0, 200)
            ax.set_ylim(0, 600)
            ax.set_xticks([0, 50, 100, 150, 200])
            ax.set_xlabel("Coordinate along the loop")
            ax.set_ylabel("Time")
            if colorbar and line_png is None:
                fig.colorbar(im, ax=ax, label="Pressure")
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="pdf")
        plt.close(fig)
    src = pymupdf.open("pdf", buf.getvalue())
    r = src[0].rect
    _place(path, buf.getvalue(), (r.width, r.height), "Figure 1: Evolution of the pressure along the loop.")
    return ChartTruth("line" if raster_line else "heatmap", "Coordinate along the loop", None, "Time", None,
                      x_range=(0.0, 200.0), y_range=(0.0, 600.0), style=cmap, path=path)
