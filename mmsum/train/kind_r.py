"""Figures of known kind drawn by R, base graphics and ggplot2, for the kind model's training,
as ``(kind, data, fmt)`` like :mod:`.kind_figures`: line, scatter, bar, histogram, box, heat
map and pie, in many styles (point and line types, palettes, themes, fonts, sizes, one to four
panels), as PDF (``pdf()``, ``ggsave``) or PNG. All the figures of one producer are drawn by one
``Rscript`` run. Needs R (``r-base-core``) and, for ggplot2's, ``r-cran-ggplot2``.
"""
from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from .kind_figures import WORDS

R_KINDS = ("line", "scatter", "bar", "histogram", "box", "heatmap", "pie")
_PALETTES = ("rainbow({n})", "heat.colors({n})", "terrain.colors({n})", "gray.colors({n})",
             "hcl.colors({n}, 'Dark 3')", "hcl.colors({n}, 'Set 2')", "topo.colors({n})")


def r_available() -> bool:
    return shutil.which("Rscript") is not None


def ggplot_available() -> bool:
    if not r_available():
        return False
    try:
        return subprocess.run(["Rscript", "-e", "library(ggplot2)"], capture_output=True, timeout=120).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _s(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(rng: random.Random) -> str:
    w = rng.choice(WORDS).capitalize()
    return _s(w + (f" ({rng.choice(['ms', 's', '%', 'J', 'GB', 'K'])})" if rng.random() < 0.5 else ""))


def _names(rng: random.Random, k: int) -> str:
    return "c(" + ", ".join(_s(f"{rng.choice(WORDS)}{i}") for i in range(k)) + ")"


def _palette(rng: random.Random, n: int) -> str:
    return rng.choice(_PALETTES).format(n=n)


def _base_panel(rng: random.Random, kind: str) -> str:
    """R code drawing one base-graphics panel of ``kind`` on the current device."""
    k = rng.randint(1, 4)
    main = f", main={_s(rng.choice(WORDS).capitalize())}" if rng.random() < 0.4 else ""
    labs = f"xlab={_label(rng)}, ylab={_label(rng)}{main}"
    legend = rng.random() < 0.6 and k > 1
    where = _s(rng.choice(["topleft", "topright", "bottomright", "bottomleft"]))
    if kind == "line":
        n = rng.randint(8, 150)
        typ = rng.choice(["l", "l", "b", "o", "s"]) if n < 40 else rng.choice(["l", "s"])
        code = (f"x <- seq(0, {rng.uniform(1, 100):.1f}, length.out={n}); Y <- apply(matrix(rnorm({n * k}), {n}), 2, cumsum)\n"
                f"matplot(x, Y, type='{typ}', lty=1:{k}, pch=1:{k}, col={_palette(rng, k)}, lwd={rng.uniform(1, 2.5):.1f}, {labs})")
        if rng.random() < 0.3:
            code = code.replace("matplot(x, Y,", "matplot(x, exp(Y / 3), log='y',")
        return code + (f"\nlegend({where}, legend={_names(rng, k)}, lty=1:{k}, col={_palette(rng, k)}, bty='n')" if legend else "")
    if kind == "scatter":
        n = rng.randint(15, 400)
        code = (f"x <- rnorm({n * k}, {rng.uniform(0, 10):.1f}, 2); g <- rep(1:{k}, each={n})\n"
                f"plot(x, x * {rng.uniform(-2, 2):.2f} + rnorm({n * k}, 0, {rng.uniform(0.5, 4):.1f}), "
                f"pch=c({', '.join(str(rng.randint(0, 25)) for _ in range(k))})[g], col={_palette(rng, k)}[g], "
                f"cex={rng.uniform(0.4, 1.3):.1f}, {labs})")
        return code + (f"\nlegend({where}, legend={_names(rng, k)}, pch=1:{k}, bty='n')" if legend else "")
    if kind == "bar":
        cats = rng.randint(2, 9)
        beside = rng.choice(["TRUE", "FALSE"])
        horiz = rng.choice(["FALSE", "FALSE", "TRUE"])
        leg = f", legend.text={_names(rng, k)}" if legend else ""
        return (f"m <- matrix(runif({k * cats}, 1, 30), {k})\n"
                f"barplot(m, beside={beside}, horiz={horiz}, names.arg={_names(rng, cats)}, col={_palette(rng, k)}"
                f"{', density=' + str(rng.choice([10, 20, 30])) if rng.random() < 0.2 else ''}{leg}, ylab={_label(rng)}{main})")
    if kind == "histogram":
        fill = rng.choice(['"grey"', '"lightblue"', '"white"', '"steelblue"', "NULL"])
        titles = labs if main else f"xlab={_label(rng)}, main=''"
        return (f"hist({rng.choice(['rnorm', 'rexp', 'runif'])}({rng.randint(100, 3000)}), breaks={rng.randint(6, 40)}, "
                f"col={fill}, {titles})")
    if kind == "box":
        groups = rng.randint(2, 8)
        return (f"boxplot(lapply(1:{groups}, function(i) rnorm(60, i * {rng.uniform(0, 2):.2f}, {rng.uniform(0.5, 3):.1f})), "
                f"names={_names(rng, groups)}, col={_palette(rng, groups)}, horizontal={rng.choice(['FALSE', 'FALSE', 'TRUE'])}, "
                f"notch={rng.choice(['FALSE', 'TRUE'])}, ylab={_label(rng)}{main})")
    if kind == "heatmap":
        r, c = rng.randint(4, 30), rng.randint(4, 30)
        return (f"z <- matrix(cumsum(rnorm({r * c})), {r})\n"
                f"image(1:{r}, 1:{c}, z, col={_palette(rng, rng.choice([12, 24, 64]))}, {labs})")
    n = rng.randint(2, 8)  # pie
    return (f"pie(runif({n}, 1, 10), labels={_names(rng, n)}, col={_palette(rng, n)}, "
            f"radius={rng.uniform(0.7, 1.0):.2f}{main})")


def _base_figure(rng: random.Random, kind: str, out: str, raster: bool) -> str:
    family = _s(rng.choice(["Helvetica", "Times", "Courier"]))
    panels = rng.choice([1, 1, 1, 2, 4]) if kind not in ("pie", "heatmap") else 1
    rows, cols = {1: (1, 1), 2: rng.choice([(1, 2), (2, 1)]), 4: (2, 2)}[panels]
    w, h = cols * rng.uniform(4, 5.5), rows * rng.uniform(3.2, 4.2)  # inches: room for R's margins
    size = rng.randint(8, 12)
    if raster:
        res = rng.choice([72, 96, 120])
        dev = f"png('{out}', width={int(w * res)}, height={int(h * res)}, res={res}, pointsize={size})"
    else:
        dev = f"pdf('{out}', width={w:.1f}, height={h:.1f}, family={family}, pointsize={size})"
    par = f"par(mfrow=c({rows}, {cols}), las={rng.choice([0, 1])}, bty={_s(rng.choice(['o', 'l', 'n']))})"
    body = "\n".join(_base_panel(rng, kind) for _ in range(panels))
    return f"{dev}\n{par}\n{body}\ninvisible(dev.off())"


def _ggplot_figure(rng: random.Random, kind: str, out: str, raster: bool) -> str:
    k = rng.randint(1, 4)
    g = f"factor(rep({_names(rng, k)}, each=n))"
    if kind == "line":
        n = rng.randint(8, 150)
        geom = rng.choice(["geom_line()", "geom_line() + geom_point()", "geom_step()", "geom_line(linetype='dashed')"])
        p = (f"n <- {n}; d <- data.frame(x=rep(seq(0, {rng.uniform(1, 100):.1f}, length.out=n), {k}), "
             f"y=as.vector(apply(matrix(rnorm(n * {k}), n), 2, cumsum)), g={g})\n"
             f"p <- ggplot(d, aes(x, y, colour=g)) + {geom}")
    elif kind == "scatter":
        n = rng.randint(15, 300)
        p = (f"n <- {n}; d <- data.frame(x=rnorm(n * {k}), g={g}); d$y <- d$x * {rng.uniform(-2, 2):.2f} + rnorm(n * {k})\n"
             f"p <- ggplot(d, aes(x, y, colour=g, shape=g)) + geom_point(size={rng.uniform(0.8, 2.5):.1f}, alpha={rng.uniform(0.5, 1):.1f})")
    elif kind == "bar":
        cats = rng.randint(2, 8)
        pos = _s(rng.choice(["dodge", "stack"]))
        p = (f"n <- {cats}; d <- data.frame(x=rep({_names(rng, cats)}, {k}), y=runif(n * {k}, 1, 30), g={g})\n"
             f"p <- ggplot(d, aes(x, y, fill=g)) + geom_col(position={pos})"
             + (" + coord_flip()" if rng.random() < 0.25 else ""))
    elif kind == "histogram":
        draw = rng.choice(["rnorm", "rexp"])
        p = f"d <- data.frame(x={draw}({rng.randint(200, 3000)}) * {rng.uniform(0.5, 10):.1f})\n"
        p += (f"p <- ggplot(d, aes(x)) + geom_histogram(bins={rng.randint(8, 50)}, "
              f"fill={_s(rng.choice(['grey50', 'steelblue', 'white', 'tomato']))}, colour={_s(rng.choice(['black', 'grey30']))})")
    elif kind == "box":
        groups = rng.randint(2, 8)
        p = (f"n <- 60; d <- data.frame(g=factor(rep({_names(rng, groups)}, each=n)), y=rnorm(n * {groups}))\n"
             f"p <- ggplot(d, aes(g, y, fill=g)) + geom_boxplot(notch={rng.choice(['FALSE', 'TRUE'])})"
             + (" + coord_flip()" if rng.random() < 0.2 else ""))
    elif kind == "heatmap":
        r, c = rng.randint(4, 25), rng.randint(4, 25)
        fill = rng.choice(["scale_fill_viridis_c()", "scale_fill_gradient(low='white', high='red')",
                           "scale_fill_distiller(palette='Spectral')", "scale_fill_gradient2()"])
        p = (f"d <- expand.grid(x=1:{c}, y=1:{r}); d$z <- cumsum(rnorm(nrow(d)))\n"
             f"p <- ggplot(d, aes(x, y, fill=z)) + {rng.choice(['geom_tile()', 'geom_raster()'])} + {fill}")
    else:  # pie
        n = rng.randint(2, 7)
        p = (f"d <- data.frame(g={_names(rng, n)}, y=runif({n}, 1, 10))\n"
             "p <- ggplot(d, aes(x='', y=y, fill=g)) + geom_col(width=1) + coord_polar('y')")
    if kind in ("line", "scatter", "box") and rng.random() < 0.25:
        p += " + facet_wrap(~g)"
    theme = rng.choice(["theme_grey", "theme_bw", "theme_classic", "theme_minimal", "theme_light"])
    p += (f" + labs(x={_label(rng)}, y={_label(rng)}) + {theme}(base_size={rng.randint(8, 14)})"
          + f" + theme(legend.position={_s(rng.choice(['right', 'bottom', 'top', 'none']))})")
    w, h = rng.uniform(3.5, 7), rng.uniform(2.5, 5)
    dpi = f", dpi={rng.choice([72, 96, 150])}, bg='white'" if raster else ""
    return f"{p}\nggsave('{out}', p, width={w:.1f}, height={h:.1f}{dpi})"


def r_figures(rng: random.Random, producer: str, jobs: list[tuple[str, bool]]) -> list[tuple[str, bytes, str]]:
    """One figure per ``(kind, raster)`` of ``jobs`` by ``producer`` ("r-base" or "ggplot2"),
    in the order given, drawn by one ``Rscript`` run."""
    parts = ["suppressMessages(library(ggplot2))"] if producer == "ggplot2" else []
    draw = _ggplot_figure if producer == "ggplot2" else _base_figure
    names = []
    for i, (kind, raster) in enumerate(jobs):
        out = f"f{i:03d}.{'png' if raster else 'pdf'}"
        names.append(out)
        parts.append(f"set.seed({rng.randrange(1 << 30)})\n{draw(rng, kind, out, raster)}")
    with tempfile.TemporaryDirectory(prefix="mmsum-r-") as tmp:
        subprocess.run(["Rscript", "-"], input="\n".join(parts).encode(), cwd=tmp, capture_output=True,
                       timeout=1800, check=True)
        return [(kind, (Path(tmp) / out).read_bytes(), out[-3:]) for (kind, _), out in zip(jobs, names)]
