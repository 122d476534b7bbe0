"""Figures that are no chart, for the kind model's training, as ``(kind, data, fmt)`` like
:mod:`.kind_figures`: what real papers show and the other producers do not draw —

- "other": 3D surfaces and wireframes (matplotlib; numbered axes in perspective, no series on
  them), screenshots of forms and dialogs drawn with Pillow (text, check boxes, buttons), and
  code listings (TeX's typewriter type, matplotlib's DejaVu Sans Mono);
- "equation": displayed formulas set by TeX (matrices with indexed entries, aligned lines,
  cases), as PDF or PNG (needs ``pdflatex``; else matplotlib's mathtext sets them).

Styles, sizes, colours and layouts are drawn from the generator. Diagrams of three more kinds
(grids of numbers, stacks of layer boxes, grids in perspective) were tried and left out: they
cost the charts of producers held out more than they gave the real figures (the model card).
"""
from __future__ import annotations

import io
import random
import shutil
from pathlib import Path

import numpy as np

from .kind_figures import FAMILIES, WORDS, _save, equation_figure
from .kind_producers import latex_pages, page_pdf

NOCHART_KINDS = ("surface", "screenshot", "tex-equation")
_CMAPS = ("viridis", "coolwarm", "magma", "cool", "terrain", "Spectral", "gray", "plasma")


def _plt():
    import matplotlib
    matplotlib.use("pdf")
    import matplotlib.pyplot as plt
    return plt


def surface_figure(rng: random.Random, raster: bool) -> tuple[str, bytes, str]:
    """A 3D surface or wireframe over a grid, in perspective, one or two panels."""
    plt = _plt()
    g = np.random.default_rng(rng.randrange(1 << 30))
    panels = rng.choice([1, 1, 1, 2])
    with plt.style.context(rng.choice(("default", "classic", "bmh", "seaborn-v0_8-whitegrid"))):
        plt.rcParams["font.size"] = rng.choice([6, 7, 8, 9, 10])
        plt.rcParams["font.family"] = rng.choice(FAMILIES)
        fig = plt.figure(figsize=(rng.uniform(3, 4.5) * panels ** 0.7, rng.uniform(2.5, 3.8)))
        for i in range(panels):
            ax = fig.add_subplot(1, panels, i + 1, projection="3d")
            n = rng.randint(15, 60)
            x, y = np.meshgrid(np.linspace(-rng.uniform(1, 4), rng.uniform(1, 4), n), np.linspace(-2, 2, n))
            a, b, c = g.uniform(0.3, 2, 3)
            z = rng.choice([np.sin(a * x) * np.cos(b * y), np.exp(-(x ** 2 + y ** 2) / c), a * x ** 2 - b * y ** 2,
                            np.sin(np.hypot(x, y) * a) / (np.hypot(x, y) + 0.5)])
            style = rng.choice(["surface", "surface", "wireframe"])
            if style == "surface":
                ax.plot_surface(x, y, z, cmap=rng.choice(_CMAPS), linewidth=rng.choice([0, 0.2]),
                                edgecolor=rng.choice(["none", "k"]), alpha=rng.uniform(0.7, 1.0),
                                rstride=rng.choice([1, 2, 4]), cstride=rng.choice([1, 2, 4]))
            else:
                ax.plot_wireframe(x, y, z, rstride=rng.choice([2, 3, 5]), cstride=rng.choice([2, 3, 5]),
                                  linewidth=rng.uniform(0.4, 1.0), color=rng.choice(["k", "C0", "C3"]))
            if rng.random() < 0.4:  # a path drawn over the surface
                t = np.linspace(-1.5, 1.5, 40)
                ax.plot(t, 0.5 * t, np.interp(t, x[0], z[n // 2]), color="red", linewidth=2)
            ax.view_init(elev=rng.uniform(15, 50), azim=rng.uniform(-150, 150))
            for setter in (ax.set_xlabel, ax.set_ylabel, ax.set_zlabel):
                if rng.random() < 0.6:
                    setter(rng.choice(["x", "y", "s", "h", "t", rng.choice(WORDS)]))
            if rng.random() < 0.3:
                ax.set_axis_off()
        data = _save(fig, rng, raster)
        plt.close(fig)
    return ("other", *data)


def _font(size: int):
    import matplotlib
    from PIL import ImageFont
    name = random.Random(size).choice(["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf"])
    return ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name), size)


def screenshot_figure(rng: random.Random) -> tuple[str, bytes, str]:
    """A screenshot of a form or dialog, drawn with Pillow: a title bar, lines of text (some
    words coloured or highlighted), check boxes or radio buttons with their labels, a text
    field and buttons."""
    from PIL import Image, ImageDraw

    w, h = rng.randint(500, 1000), rng.randint(250, 600)
    bg = rng.choice([(255, 255, 255), (246, 246, 246), (236, 239, 244)])
    im = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(im)
    size = rng.randint(11, 17)
    font, bold = _font(size), _font(size + 1)
    y = 0
    if rng.random() < 0.6:  # a window's title bar
        bar = rng.choice([(60, 60, 70), (220, 220, 225), (40, 90, 160)])
        d.rectangle((0, 0, w, size + 14), fill=bar)
        d.text((10, 6), " ".join(rng.sample(WORDS, 3)).title(), fill=(255, 255, 255) if sum(bar) < 400 else (0, 0, 0),
               font=bold)
        y = size + 24
    accent = rng.choice([(170, 20, 20), (20, 60, 170), (0, 120, 60), (200, 90, 0)])
    y += 8
    while y < h - 2.5 * size:
        x = rng.randint(8, 30)
        what = rng.random()
        if what < 0.45:  # a check box or radio button and its label
            box = size - 2
            if rng.random() < 0.5:
                d.rectangle((x, y + 2, x + box, y + 2 + box), outline=(110, 110, 110), width=1)
            else:
                d.ellipse((x, y + 2, x + box, y + 2 + box), outline=(110, 110, 110), width=1)
            if rng.random() < 0.2:
                d.rectangle((x + 3, y + 5, x + box - 3, y + box - 1), fill=accent)
            x += box + 8
        for k in range(rng.randint(3, 12)):
            word = rng.choice(WORDS).upper() if rng.random() < 0.2 else rng.choice(WORDS)
            f = bold if rng.random() < 0.3 else font
            fill = accent if rng.random() < 0.25 else (30, 30, 30)
            tw = d.textlength(word, font=f)
            if x + tw > w - 10:
                break
            if rng.random() < 0.05:
                d.rectangle((x - 1, y, x + tw + 1, y + size + 3), fill=(255, 240, 80))
            d.text((x, y), word, fill=fill, font=f)
            x += tw + d.textlength(" ", font=f)
        if what > 0.9:  # a text field or a row of buttons
            y += size + 10
            for k in range(rng.randint(1, 3)):
                bw = rng.randint(70, 200)
                d.rounded_rectangle((20 + k * (bw + 12), y, 20 + k * (bw + 12) + bw, y + size + 12), radius=4,
                                    fill=rng.choice([(255, 255, 255), (225, 225, 230), accent]), outline=(150, 150, 150))
            y += size + 12
        y += size + rng.randint(6, 14)
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return "other", buf.getvalue(), "png"


def _tex_formula(rng: random.Random) -> str:
    """One displayed formula in LaTeX: a matrix of indexed entries, aligned lines or cases."""
    sym = rng.choice(["P", "K", "D", "W", "A", "\\Sigma"])
    what = rng.random()
    if what < 0.45:
        n, m = rng.randint(2, 5), rng.randint(2, 5)
        f = rng.choice(["\\kappa_\\tau", "k", "\\phi", "w"])
        cell = lambda i, j: "0" if rng.random() < 0.25 else f"{f}(\\hat s_{i}^{rng.choice('ab')}, s_{j})"
        rows = " \\\\ ".join(" & ".join(cell(i + 1, j + 1) for j in range(m)) for i in range(n))
        return f"\\mathbf{{{sym}}}^{rng.choice('ab')} = \\begin{{bmatrix}} {rows} \\end{{bmatrix}},"
    if what < 0.75:
        funcs = ("\\sigma", "\\tanh", "f")
        lines = [f"{rng.choice(['x_t', 'h_t', 'c_t', 'y'])} &= {rng.choice(funcs)}"
                 f"(W_{rng.choice('xhc')} x_{{t}} + U h_{{t-1}} + b_{i})" for i in range(rng.randint(2, 5))]
        return "\\begin{aligned} " + " \\\\ ".join(lines) + " \\end{aligned}"
    return (f"{sym}(x) = \\begin{{cases}} \\sum_{{i=1}}^{{n}} w_i x_i & \\text{{if }} x > {rng.randint(0, 9)} \\\\ "
            f"\\int_0^1 f(t)\\,dt & \\text{{otherwise}} \\end{{cases}}")


def tex_equations(rng: random.Random, rasters: list[bool]) -> list[tuple[str, bytes, str]]:
    """One displayed equation for each of ``rasters`` (PNG where true, else PDF), set by
    pdflatex in one run; by matplotlib's mathtext where pdflatex is not installed."""
    if shutil.which("pdflatex") is None:
        return [equation_figure(rng, r) for r in rasters]
    sizes = ("", "\\small", "\\large")
    bodies = [f"\\begin{{minipage}}{{{rng.uniform(8, 15):.1f}cm}}{rng.choice(sizes)}\n"
              f"\\[ {_tex_formula(rng)} \\]\n\\end{{minipage}}" for _ in rasters]
    tex = ("\\documentclass[border=4pt, multi=minipage]{standalone}\n\\usepackage{amsmath,amssymb}\n\\begin{document}\n"
           + "\n".join(bodies) + "\n\\end{document}\n")
    doc = latex_pages(tex)
    return [("equation", doc.load_page(i).get_pixmap(dpi=rng.choice([100, 150, 200])).tobytes("png"), "png")
            if raster else ("equation", page_pdf(doc, i), "pdf") for i, raster in enumerate(rasters)]


_NAMES = ("x", "y", "fit", "out", "beta", "res", "A", "At", "coef", "n", "data", "model", "tmp", "idx")
_CODE = {
    "cpp": ("#include <RcppEigen.h>", "using Eigen::{T};", "const Map<{T}> {a}(as<Map<{T}> >({b}));",
            "const int {a}({b}.rows());", "{T} {a} = {b}.transpose() * {b};", "for (int i = 0; i < {a}; ++i) {{",
            "    {a}[i] += {b}(i, {k}) * w[i];", "}}", "// {w1} the {w2} of {b}", "return wrap({a});",
            "return List::create(Named(\"{a}\") = {b});"),
    "r": ("{a} <- function({b}, k = {k}) {{", "  {a} <- numeric(length({b}))", "  for (i in seq_along({b})) {a}[i] <- {b}[i]^2",
          "  {a}", "}}", "# {w1} the {w2}", "{a} <- lm({b} ~ x, data = d)", "summary({a})",
          "stopifnot(all.equal({a}, t({b})))", "{a} <- cxxfunction(signature({b} = \"matrix\"), body)"),
    "py": ("def {a}({b}, k={k}):", "    \"\"\"{w1} the {w2}.\"\"\"", "    total = 0", "    for v in {b}:",
           "        total += v * {k}", "    return total / len({b})", "import numpy as np", "{a} = np.zeros(({k}, {k}))",
           "print({a}.shape)", "# {w1} {w2}"),
}


def _code_lines(rng: random.Random) -> list[str]:
    """Some lines of C++, R or Python (names, numbers and comments drawn from ``rng``)."""
    pool = _CODE[rng.choice(sorted(_CODE))]
    out = []
    for _ in range(rng.randint(4, 14)):
        a, b = rng.sample(_NAMES, 2)
        out.append(rng.choice(pool).format(T=rng.choice(["MatrixXd", "MatrixXi", "VectorXd", "ArrayXd"]), a=a, b=b,
                                           k=rng.randint(1, 99), w1=rng.choice(WORDS), w2=rng.choice(WORDS)))
    return out


def tex_listings(rng: random.Random, rasters: list[bool]) -> list[tuple[str, bytes, str]]:
    """One code listing for each of ``rasters`` (PNG where true, else PDF), set by pdflatex in
    Computer Modern Typewriter in one run: ``verbatim`` or ``lstlisting`` blocks (keywords in
    colour or bold, line numbers, rules above and below or a frame sometimes), at three sizes.
    A listing is "other". Set by matplotlib where pdflatex is not installed."""
    if shutil.which("pdflatex") is None:
        return [mono_listing(rng, r) for r in rasters]
    bodies = []
    for _ in rasters:
        size = rng.choice(["\\footnotesize", "\\small", ""])
        code = "\n".join(_code_lines(rng))
        if rng.random() < 0.35:
            body = f"{{\\ttfamily{size}\n\\begin{{verbatim}}\n{code}\n\\end{{verbatim}}}}"
        else:
            keywords = rng.choice(["\\bfseries", "\\color{blue}", "\\color{red!60!black}"])
            comments = rng.choice(["\\itshape", "\\color{gray}", "\\color{green!40!black}"])
            opts = [f"basicstyle=\\ttfamily{size}", f"frame={rng.choice(['lines', 'single', 'none', 'lines'])}",
                    f"numbers={rng.choice(['none', 'none', 'left'])}", "columns=fixed",
                    f"keywordstyle={keywords}", f"commentstyle={comments}",
                    f"language={rng.choice(['C++', 'R', 'Python'])}"]
            body = f"\\begin{{lstlisting}}[{', '.join(opts)}]\n{code}\n\\end{{lstlisting}}"
        bodies.append(f"\\begin{{minipage}}{{{rng.uniform(9, 15):.1f}cm}}\n{body}\n\\end{{minipage}}")
    tex = ("\\documentclass[border=4pt, multi=minipage]{standalone}\n"
           "\\usepackage{listings,xcolor}\n\\begin{document}\n" + "\n".join(bodies) + "\n\\end{document}\n")
    doc = latex_pages(tex)
    return [("other", doc.load_page(i).get_pixmap(dpi=rng.choice([100, 150, 200])).tobytes("png"), "png")
            if raster else ("other", page_pdf(doc, i), "pdf") for i, raster in enumerate(rasters)]


def mono_listing(rng: random.Random, raster: bool) -> tuple[str, bytes, str]:
    """A code listing set by matplotlib in DejaVu Sans Mono: comments and some lines in colour,
    line numbers or rules above and below sometimes. A listing is "other"."""
    plt = _plt()
    lines = _code_lines(rng)
    size = rng.choice([7, 8, 9, 10])
    fig = plt.figure(figsize=(rng.uniform(4, 6.5), 0.3 + len(lines) * size * 1.35 / 72))
    numbered, ruled = rng.random() < 0.3, rng.random() < 0.5
    accent = rng.choice(["#1f3fbf", "#a01010", "#207020"])
    for i, line in enumerate(lines):
        y = 1 - (i + 0.8) / (len(lines) + 0.6)
        if numbered:
            fig.text(0.01, y, f"{i + 1:2d}", family="DejaVu Sans Mono", size=size, color="grey")
        comment = line.lstrip().startswith(("#", "//"))
        fig.text(0.06 if numbered else 0.02, y, line, family="DejaVu Sans Mono", size=size,
                 color=accent if comment or rng.random() < 0.1 else "black", style="italic" if comment else "normal")
    if ruled:
        for y in (0.995, 0.005):
            fig.add_artist(plt.Line2D([0, 1], [y, y], color="black", linewidth=0.6))
    data = _save(fig, rng, raster)
    plt.close(fig)
    return ("other", *data)


def nochart_figures(rng: random.Random, jobs: list[tuple[str, bool]]) -> list[tuple[str, bytes, str]]:
    """The figures of ``jobs`` ((one of NOCHART_KINDS, raster)), in their order."""
    tex = iter(tex_equations(rng, [r for k, r in jobs if k == "tex-equation"]))
    out = []
    for kind, raster in jobs:
        if kind == "tex-equation":
            out.append(next(tex))
        elif kind == "screenshot":
            out.append(screenshot_figure(rng))
        else:
            out.append(surface_figure(rng, raster))
    return out
