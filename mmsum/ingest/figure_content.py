"""Every figure's content (``Figure.content``): kind, description, and for vector charts the
axes and series read exactly. Figure boxes come from :mod:`.figures`; this only reads them."""
from __future__ import annotations

import logging

import numpy as np
import pymupdf

from ..document import Figure, FigureContent
from .charts import chart_facts, figure_marks, read_chart
from .figure_description import chart_description, fallback_description
from .figure_kinds import chart_kind, drawing_kind, pixel_kind

log = logging.getLogger(__name__)

MAX_PATHS = 20000   # a page with more paths than this is not read for charts (a map, a mesh)
THUMB_STEP = 4      # raster figures are judged on every 4th pixel of their crop, each way


def read_content(page: pymupdf.Page, figure: Figure, drawings: list[dict]) -> FigureContent:
    """What ``figure`` (on ``page``) shows; ``drawings``: the page's ``get_cdrawings()``."""
    if figure.kind != "raster":
        marks = figure_marks(drawings, figure.bbox)
        chart = read_chart(page, figure.bbox, marks)
        if chart is not None and chart.series:
            kind = chart_kind(chart)
            axes, series, read = chart_facts(chart)
            facts = chart_description(kind, axes, series)
            return FigureContent(kind, facts, axes, series, ["kind", *read], facts)
        kind = drawing_kind(marks, len((figure.text or "").split()))
        if kind is not None:
            return FigureContent(kind, fallback_description(figure, kind), read=["kind"])
    # a raster figure's kind is judged on its crop, once rendered (see kind_from_pixels)
    return FigureContent("other", fallback_description(figure, "other"))


def kind_from_pixels(figure: Figure, pix: pymupdf.Pixmap) -> None:
    """Judge the kind of a figure not read from its drawings on its rendered crop ``pix``
    (a photograph or not), where its content says nothing more yet."""
    c = figure.content
    if c is None or c.read or pix.n < 3:
        return
    try:
        rgb = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[::THUMB_STEP, ::THUMB_STEP, :3]
        kind = pixel_kind(rgb)
    except Exception:  # an odd pixmap leaves the figure as it was
        log.debug("figure %s: pixels not judged", figure.id, exc_info=True)
        return
    if kind != c.kind:
        figure.content = FigureContent(kind, fallback_description(figure, kind), read=["kind"])


def read_contents(doc: pymupdf.Document, figures: list[Figure]) -> None:
    """Set ``content`` of every figure; a figure that fails to be read still gets its kind
    "other" and a description from its caption."""
    by_page: dict[int, list[Figure]] = {}
    for f in figures:
        by_page.setdefault(f.page, []).append(f)
    for pno, figs in by_page.items():
        try:
            page = doc.load_page(pno)
            drawings = page.get_cdrawings() if any(f.kind != "raster" for f in figs) else []
        except Exception:
            page, drawings = None, []
        if len(drawings) > MAX_PATHS:
            drawings = []
        for f in figs:
            try:
                f.content = read_content(page, f, drawings) if page is not None else None
            except Exception:  # one figure's drawings must not lose the document
                log.debug("figure %s: content not read", f.id, exc_info=True)
            if f.content is None:
                f.content = FigureContent("other", fallback_description(f, "other"))


def figure_words(figure: Figure) -> str:
    """The words of a figure for the figure-text channel: its own text, then what was read of
    its content (axis titles, series names, what the data do)."""
    facts = figure.content.facts if figure.content else ""
    return " ".join(t for t in (figure.text, facts) if t).strip()

