"""Every figure's content (``Figure.content``): kind, description, and for vector charts the
axes and series read exactly. Figure boxes come from :mod:`.figures`; this only reads them."""
from __future__ import annotations

import logging

import numpy as np
import pymupdf

from ..document import Figure, FigureContent
from .charts import axes_count, chart_facts, figure_lines, figure_marks, reaching_rules, read_chart
from .figure_description import chart_description, fallback_description
from .box_plots import box_glyphs
from .chart_fields import is_field
from .figure_kinds import chart_kind, drawing_kind, judged_kind, looks_like_heatmap, looks_like_pie
from .kind_measures import drawing_measures

log = logging.getLogger(__name__)

MAX_PATHS = 20000   # a page with more paths than this is not read for charts (a map, a mesh)


def read_content(page: pymupdf.Page, figure: Figure, drawings: list[dict] | None) -> FigureContent:
    """What ``figure`` (on ``page``) shows; ``drawings``: the page's ``get_cdrawings()``, or
    None where they are too many to read (``MAX_PATHS``): then no marks, and tick labels are
    taken without their ticks."""
    marks = figure_marks(drawings or [], figure.bbox) if figure.kind != "raster" else []
    lines = figure_lines(page, figure.bbox)
    edges = reaching_rules(drawings or [], figure.bbox)
    chart = read_chart(page, figure.bbox, marks, lines, edges, strokes=drawings is not None) \
        if figure.kind != "raster" else None
    # axes read where no chart was (an x axis alone: bars lying along it)
    axes = axes_count(lines, marks, edges, drawings is not None) if chart is None and figure.kind != "raster" else 0
    pie, heatmap = looks_like_pie(marks), looks_like_heatmap(marks, lines)
    boxes = box_glyphs(marks, [(t.cx, t.cy) for t in lines])
    measures = drawing_measures(figure, marks, lines, chart, pie, heatmap, boxes, axes)
    if chart is not None and not heatmap and is_field(page, chart, figure.bbox):
        # a field's pixels in the axes: a heat map, its axes read, its data no series (a colour
        # bar's frame, read as a line, is none either)
        axes = chart_facts(chart)[0]
        return FigureContent("heatmap", chart_description("heatmap", axes, []), axes, None, ["kind", "axes"],
                             measures)
    if chart is not None and chart.series:
        kind = chart_kind(chart, boxes)
        axes, series, read = chart_facts(chart)
        return FigureContent(kind, chart_description(kind, axes, series), axes, series, ["kind", *read], measures)
    kind = drawing_kind(marks, len((figure.text or "").split()), boxes, lines) if figure.kind != "raster" else None
    if kind is not None:
        return FigureContent(kind, fallback_description(figure, kind), read=["kind"], measures=measures)
    # a raster figure's kind is judged on its crop, once rendered (see kind_from_pixels)
    return FigureContent("other", fallback_description(figure, "other"), measures=measures)


def crop_pixels(pix: pymupdf.Pixmap) -> np.ndarray:
    """A rendered crop's pixels as an h x w x 3 uint8 array."""
    return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3]


def kind_from_pixels(figure: Figure, pix: pymupdf.Pixmap) -> None:
    """Judge the kind of ``figure`` again on its rendered crop ``pix``
    (:func:`.figure_kinds.judged_kind`); a chart read (or a field in its axes) keeps its axes and
    series under the new noun."""
    c = figure.content
    if c is None or pix.n < 3:
        return
    try:
        kind = judged_kind(c, crop_pixels(pix))
    except Exception:  # an odd pixmap leaves the figure as it was
        log.debug("figure %s: pixels not judged", figure.id, exc_info=True)
        return
    if kind == c.kind:
        return
    if c.axes is not None:  # a chart, or a field in its axes (no series)
        figure.content = FigureContent(kind, chart_description(kind, c.axes, c.series or []), c.axes, c.series,
                                       c.read, c.measures)
    else:
        figure.content = FigureContent(kind, fallback_description(figure, kind), read=["kind"], measures=c.measures)


def read_contents(doc: pymupdf.Document, figures: list[Figure],
                  paths: dict[int, list[dict] | None] | None = None) -> None:
    """Set ``content`` of every figure; a figure that fails to be read still gets its kind
    "other" and a description from its caption. ``paths``: page (0-based) -> its
    ``get_cdrawings()``, for the pages whose drawings are at hand already (None: too many)."""
    by_page: dict[int, list[Figure]] = {}
    for f in figures:
        by_page.setdefault(f.page, []).append(f)
    for pno, figs in by_page.items():
        try:
            page = doc.load_page(pno)
            vector = any(f.kind != "raster" for f in figs)
            drawings = (paths[pno] if paths and pno in paths else page.get_cdrawings()) if vector else []
        except Exception:
            page, drawings = None, []
        if drawings is not None and len(drawings) > MAX_PATHS:
            drawings = None
        for f in figs:
            try:
                f.content = read_content(page, f, drawings) if page is not None else None
            except Exception:  # one figure's drawings must not lose the document
                log.debug("figure %s: content not read", f.id, exc_info=True)
            if f.content is None:
                f.content = FigureContent("other", fallback_description(f, "other"))


def figure_words(figure: Figure) -> str:
    """The words of a figure for the figure-text channel: its own text (axis titles, legends,
    labels). The description stays out: with it, a citing sentence found its figure less often
    (``run.py associate``, fused channels, ``compare`` verdict worse)."""
    return (figure.text or "").strip()
