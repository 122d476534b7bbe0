"""Figures of known kind drawn with matplotlib, and photographs, for the kind model's training.

Each builder takes a ``random.Random`` and returns ``(kind, data, fmt)``: the figure as PDF
bytes (``fmt`` "pdf", vector) or PNG bytes ("png", raster). Styles, fonts, sizes and panel
layouts are drawn from the generator, so no two figures look alike. Photographs are crops of
the few photographs that scikit-learn and matplotlib ship (no other photos are installed): the
photo class is therefore narrow, and the model card says so. Maps are not generated.
"""
from __future__ import annotations

import io
import random

import numpy as np

STYLES = ("default", "classic", "ggplot", "bmh", "seaborn-v0_8-whitegrid", "grayscale", "fast",
          "seaborn-v0_8-paper", "Solarize_Light2", "seaborn-v0_8-ticks")
FAMILIES = ("sans-serif", "serif", "monospace")
CHART_KINDS = ("line", "scatter", "bar", "histogram", "pie", "heatmap", "box")
WORDS = ("latency", "throughput", "accuracy", "energy", "cost", "recall", "loss", "speed", "load",
         "error", "size", "time", "nodes", "memory", "queries", "users", "temperature", "share")


def _label(rng: random.Random) -> str:
    w = rng.choice(WORDS).capitalize()
    return w + (f" ({rng.choice(['ms', 's', '%', 'J', 'GB', 'K', 'MB/s'])})" if rng.random() < 0.6 else "")


def _names(rng: random.Random, k: int) -> list[str]:
    return [f"{rng.choice(WORDS)}-{i}" if rng.random() < 0.5 else rng.choice(["ours", "baseline", "greedy", "oracle",
                                                                              "random", "LSTM", "CNN", "SVM"]) + str(i)
            for i in range(k)]


def _line(ax, rng: random.Random) -> None:
    n = rng.randint(5, 200)
    x = np.linspace(0, rng.uniform(1, 100), n)
    for name in _names(rng, rng.randint(1, 5)):
        y = np.cumsum(np.random.default_rng(rng.randrange(1 << 30)).normal(rng.uniform(-1, 1), 1, n))
        fmt = rng.choice(["-", "--", "-.", ":", "o-", "s--", "^-", "-x"]) if n < 40 else rng.choice(["-", "--", ":"])
        ax.plot(x, y, fmt, label=name, linewidth=rng.uniform(0.6, 2.5))
    if rng.random() < 0.3:
        ax.set_yscale("log") if rng.random() < 0.5 else ax.set_xscale("log")
        ax.relim()


def _scatter(ax, rng: random.Random) -> None:
    g = np.random.default_rng(rng.randrange(1 << 30))
    for name in _names(rng, rng.randint(1, 4)):
        n = rng.randint(10, 400)
        x = g.normal(rng.uniform(0, 10), rng.uniform(0.5, 3), n)
        y = x * rng.uniform(-2, 2) + g.normal(0, rng.uniform(0.5, 5), n)
        ax.scatter(x, y, s=rng.uniform(3, 40), marker=rng.choice(["o", "s", "^", "x", "+", "D", "."]),
                   alpha=rng.uniform(0.4, 1.0), label=name)


def _bar(ax, rng: random.Random) -> None:
    cats = [rng.choice(WORDS)[:rng.randint(3, 8)] + str(i) for i in range(rng.randint(2, 10))]
    k = rng.randint(1, 4)
    width = 0.8 / k
    horizontal = rng.random() < 0.25
    stacked = k > 1 and rng.random() < 0.3
    bottom = np.zeros(len(cats))
    for j, name in enumerate(_names(rng, k)):
        vals = np.array([rng.uniform(0.5, 30) for _ in cats])
        pos = np.arange(len(cats)) + (0 if stacked else (j - (k - 1) / 2) * width)
        w = 0.8 if stacked else width
        if horizontal:
            ax.barh(pos, vals, height=w, left=bottom if stacked else None, label=name,
                    hatch=rng.choice([None, None, "//", ".."]))
        else:
            ax.bar(pos, vals, width=w, bottom=bottom if stacked else None, label=name,
                   hatch=rng.choice([None, None, "//", ".."]), edgecolor=rng.choice([None, "black"]))
        if stacked:
            bottom = bottom + vals
    (ax.set_yticks if horizontal else ax.set_xticks)(range(len(cats)))
    (ax.set_yticklabels if horizontal else ax.set_xticklabels)(cats, rotation=0 if horizontal else rng.choice([0, 0, 45]))


def _histogram(ax, rng: random.Random) -> None:
    g = np.random.default_rng(rng.randrange(1 << 30))
    for name in _names(rng, rng.choice([1, 1, 1, 2])):
        data = g.normal(rng.uniform(0, 10), rng.uniform(1, 4), rng.randint(100, 3000))
        if rng.random() < 0.3:
            data = g.exponential(rng.uniform(1, 5), len(data))
        ax.hist(data, bins=rng.randint(8, 60), alpha=rng.uniform(0.5, 1.0), label=name,
                histtype=rng.choice(["bar", "bar", "stepfilled", "step"]),
                edgecolor=rng.choice([None, "black", "white"]))


def _pie(ax, rng: random.Random) -> None:
    k = rng.randint(2, 8)
    vals = [rng.uniform(1, 10) for _ in range(k)]
    ax.pie(vals, labels=_names(rng, k) if rng.random() < 0.7 else None,
           autopct="%1.0f%%" if rng.random() < 0.5 else None, startangle=rng.uniform(0, 360),
           wedgeprops={"width": 0.4} if rng.random() < 0.3 else None,
           explode=[0.05 * (rng.random() < 0.3) for _ in range(k)])
    ax.axis("equal")


def _heatmap(ax, rng: random.Random) -> None:
    g = np.random.default_rng(rng.randrange(1 << 30))
    rows, cols = rng.randint(3, 40), rng.randint(3, 40)
    data = g.random((rows, cols)).cumsum(axis=rng.randint(0, 1))
    cmap = rng.choice(["viridis", "magma", "coolwarm", "Blues", "hot", "YlGnBu", "gray"])
    mesh = rng.random() < 0.4  # cells as vector rectangles; else one embedded image
    im = ax.pcolormesh(data, cmap=cmap) if mesh else ax.imshow(data, cmap=cmap, aspect="auto")
    if rows * cols <= 64 and rng.random() < 0.5:
        for i in range(rows):
            for j in range(cols):
                ax.text(j + 0.5 * mesh, i + 0.5 * mesh, f"{data[i, j]:.1f}", ha="center", va="center", fontsize=6)
    if rng.random() < 0.7:
        ax.figure.colorbar(im, ax=ax)


def _box(ax, rng: random.Random) -> None:
    g = np.random.default_rng(rng.randrange(1 << 30))
    k = rng.randint(2, 9)
    data = [g.normal(rng.uniform(0, 10), rng.uniform(0.5, 3), rng.randint(20, 200)) for _ in range(k)]
    ax.boxplot(data, vert=rng.random() < 0.8, patch_artist=rng.random() < 0.5, notch=rng.random() < 0.2,
               showfliers=rng.random() < 0.7)
    ax.set_xticks(range(1, k + 1))
    ax.set_xticklabels(_names(rng, k), rotation=rng.choice([0, 30]))


_DRAW = {"line": _line, "scatter": _scatter, "bar": _bar, "histogram": _histogram, "pie": _pie,
         "heatmap": _heatmap, "box": _box}


def _save(fig, rng: random.Random, raster: bool) -> tuple[bytes, str]:
    buf = io.BytesIO()
    if raster:
        fig.savefig(buf, format="png", dpi=rng.choice([72, 100, 150, 200]), bbox_inches="tight")
    else:
        fig.savefig(buf, format="pdf", bbox_inches="tight")
    return buf.getvalue(), "png" if raster else "pdf"


def matplotlib_figure(rng: random.Random, kind: str, raster: bool) -> tuple[str, bytes, str]:
    """A matplotlib figure of ``kind`` (one of CHART_KINDS) in one to four panels."""
    import matplotlib
    matplotlib.use("pdf")
    import matplotlib.pyplot as plt

    with plt.style.context(rng.choice(STYLES)):
        plt.rcParams["pdf.fonttype"] = rng.choice([3, 42])
        plt.rcParams["font.size"] = rng.choice([6, 7, 8, 9, 10, 11, 12, 14])
        plt.rcParams["font.family"] = rng.choice(FAMILIES)
        nrows, ncols = rng.choice([(1, 1)] * 5 + [(1, 2), (1, 3), (2, 2), (2, 1)])
        w, h = rng.uniform(2.5, 4.5), rng.uniform(2.0, 3.5)
        fig, axes = plt.subplots(nrows, ncols, figsize=(w * ncols ** 0.7, h * nrows ** 0.7), squeeze=False)
        for ax in axes.ravel():
            _DRAW[kind](ax, rng)
            if kind != "pie":
                if rng.random() < 0.8:
                    ax.set_xlabel(_label(rng))
                if rng.random() < 0.8:
                    ax.set_ylabel(_label(rng))
                if rng.random() < 0.3:
                    ax.grid(True)
            if kind not in ("heatmap",) and rng.random() < 0.6 and ax.get_legend_handles_labels()[0]:
                ax.legend(fontsize="small", loc=rng.choice(["best", "upper left", "lower right", "upper right"]))
            if rng.random() < 0.3:
                ax.set_title(_label(rng))
        fig.tight_layout()
        data = _save(fig, rng, raster)
        plt.close(fig)
    return (kind, *data)


def equation_figure(rng: random.Random, raster: bool) -> tuple[str, bytes, str]:
    """A displayed equation set by matplotlib's mathtext, as a figure."""
    import matplotlib
    matplotlib.use("pdf")
    import matplotlib.pyplot as plt

    terms = [r"\alpha x_i", r"\sum_{k=1}^{n} w_k", r"\frac{\partial L}{\partial \theta}", r"\log p(y|x)",
             r"\int_0^T f(t)\,dt", r"\mathbf{W}^\top h", r"\sqrt{\lambda}", r"\exp(-\beta E)", r"\|x\|_2^2"]
    lines = [" + ".join(rng.sample(terms, rng.randint(2, 4))) + " = " + rng.choice(terms) for _ in range(rng.randint(1, 3))]
    fig = plt.figure(figsize=(rng.uniform(3, 6), 0.5 + 0.45 * len(lines)))
    for i, t in enumerate(lines):
        fig.text(0.05, 1 - (i + 0.7) / len(lines) * 0.9, f"${t}$", fontsize=rng.choice([10, 12, 14]))
    data = _save(fig, rng, raster)
    plt.close(fig)
    return ("equation", *data)


def table_figure(rng: random.Random) -> tuple[str, bytes, str]:
    """A table set as an image (PNG), as scanned or pasted tables are."""
    import matplotlib
    matplotlib.use("pdf")
    import matplotlib.pyplot as plt

    rows, cols = rng.randint(3, 12), rng.randint(2, 7)
    cells = [[f"{rng.uniform(0, 100):.{rng.randint(0, 2)}f}" for _ in range(cols)] for _ in range(rows)]
    fig, ax = plt.subplots(figsize=(0.9 * cols + 1, 0.25 * rows + 0.6))
    ax.axis("off")
    tab = ax.table(cellText=cells, colLabels=_names(rng, cols), loc="center",
                   edges=rng.choice(["closed", "horizontal", "open", "BT"]))
    tab.set_fontsize(rng.choice([7, 8, 9, 10]))
    data = _save(fig, rng, True)
    plt.close(fig)
    return ("table-image", *data)


def photo_figure(rng: random.Random) -> tuple[str, bytes, str]:
    """A crop of one of the photographs that scikit-learn and matplotlib ship, resized, maybe
    greyed, with one to four panels side by side."""
    from PIL import Image, ImageEnhance

    sources = _photo_sources()
    tiles = []
    for _ in range(rng.choice([1, 1, 1, 2, 3, 4])):
        im = Image.open(rng.choice(sources)).convert("RGB")
        w, h = im.size
        cw, ch = int(w * rng.uniform(0.3, 1.0)), int(h * rng.uniform(0.3, 1.0))
        x0, y0 = rng.randint(0, w - cw), rng.randint(0, h - ch)
        im = im.crop((x0, y0, x0 + cw, y0 + ch))
        side = rng.randint(120, 500)
        im = im.resize((side, max(40, int(side * ch / cw))))
        im = ImageEnhance.Brightness(im).enhance(rng.uniform(0.7, 1.3))
        if rng.random() < 0.3:
            im = im.convert("L").convert("RGB")
        tiles.append(im)
    gap = rng.choice([0, 4, 10])
    out = Image.new("RGB", (sum(t.width for t in tiles) + gap * (len(tiles) - 1), max(t.height for t in tiles)), "white")
    x = 0
    for t in tiles:
        out.paste(t, (x, 0))
        x += t.width + gap
    buf = io.BytesIO()
    out.save(buf, format="PNG")
    return "photo", buf.getvalue(), "png"


def _photo_sources() -> list[str]:
    import matplotlib
    from pathlib import Path

    import sklearn.datasets
    images = Path(sklearn.datasets.__file__).parent / "images"
    return [str(images / "china.jpg"), str(images / "flower.jpg"),
            str(Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg")]
