"""A page's raster images as graphics: their visible boxes, and scanned pages split into figures.
QR codes are left out (``link_codes``).

An image drawn through a clipping path shows only the clipped part: that part is its box.
An image that is the page itself (a scan, or page-wide strips of one, usually under an OCR
text layer) is not one figure: the figures are found inside it (see ``raster_regions``).
Boxes are ``(x0, y0, x1, y1)`` in PDF points, origin top-left.
"""
from __future__ import annotations

import logging

import numpy as np
import pymupdf

from ..document import BBox
from .drawings import Graphic, drawing_clusters, page_drawings, smallest_clip
from .link_codes import is_link_code
from .raster_regions import DPI, scan_regions

log = logging.getLogger(__name__)

PAGE_SHARE = 0.85        # an image covering this much of the page is the page (a scan or a background)
STRIP_WIDTH_SHARE = 0.6  # an image this wide ...
STRIP_TEXT_LINES = 2     # ... with this many text lines lying on it is a strip of a scanned page
MAX_RENDER_PIXELS = 4_000_000  # a page rendered larger than this for region finding is skipped
# Images larger than this (pixels) are placed from the page's drawing log instead of MuPDF's
# image info, which decodes every image: a 30000 x 30000 scan would take a minute and a
# gigabyte just to say where it lies.
HUGE_IMAGE_PIXELS = 40_000_000


def page_graphics(page: pymupdf.Page, text_lines: list[BBox], label_lines: list[BBox] = (),
                  drawings: tuple[list[dict], list[BBox], bool] | None = None) -> list[Graphic]:
    """The page's images (see :func:`page_images`) and clusters of vector drawings;
    ``drawings``: what :func:`.drawings.page_drawings` gave for the page, if already at hand."""
    drawings = drawings or page_drawings(page)
    return (page_images(page, text_lines, drawings[1], drawings[2], label_lines=label_lines)
            + drawing_clusters(page, drawings=drawings))


def page_images(page: pymupdf.Page, text_lines: list[BBox], clips: list[BBox] = (),
                clipped: bool = True, label_lines: list[BBox] = ()) -> list[Graphic]:
    """Image graphics of ``page`` (visible boxes); scanned pages give their figure regions.

    ``text_lines`` are the boxes of the page's text lines (the OCR layer of a scan), and
    ``label_lines`` those of them that may be a figure's own labels (see
    :func:`.layout.figure_label_lines`): on a scan their ink is kept with the figure's.
    ``clips`` are the page's clipping boxes, smallest first; ``clipped`` False says nothing on
    the page is clipped, so no image needs its visible box looked up."""
    infos = image_placements(page)
    if not infos:
        return []
    huge = any(i["transform"] is None for i in infos)
    visible = _visible_boxes(page) if clipped and not huge else {}
    prect = page.rect
    area = prect.width * prect.height
    placed: list[tuple[pymupdf.Rect, int]] = []
    for info in infos:
        box = visible.get(tuple(round(v, 3) for v in info["transform"] or ()), info["bbox"])
        r = pymupdf.Rect(box) & prect
        if not r.is_empty:
            placed.append((r, info.get("xref", 0) or 0))
    wide = [r for r, _ in placed if r.width >= STRIP_WIDTH_SHARE * prect.width]
    # page-wide strips that together cover the page are a scan cut in strips
    tiled = len(wide) >= 2 and sum(r.width * r.height for r in wide) >= PAGE_SHARE * area
    out: list[Graphic] = []
    for r, xref in placed:
        lying_on = sum(1 for t in text_lines if _inside(t, tuple(r)))
        whole_page = r.width * r.height > PAGE_SHARE * area
        strip = r.width >= STRIP_WIDTH_SHARE * prect.width and (tiled or lying_on >= STRIP_TEXT_LINES)
        if whole_page or strip:
            regions = _regions(page, tuple(r), text_lines, label_lines)
            if regions is None:
                log.debug("page %d: image xref %s left out: page background", page.number, xref)
                continue
            log.debug("page %d: image xref %s is (part of) a scanned page; %d figure regions in it",
                      page.number, xref, len(regions))
            out += [Graphic(bbox=b, kind="raster") for b in regions]
            continue
        if is_link_code(page.parent, xref, tuple(r)):
            continue  # a link printed as a QR code, beside a figure or alone, is no figure
        out.append(Graphic(bbox=tuple(r), kind="raster", xref=xref, extent=smallest_clip(tuple(r), list(clips))))
    return out


def image_placements(page: pymupdf.Page) -> list[dict]:
    """Where each image is drawn: MuPDF's image info ("bbox", "xref", "transform"), or, when an
    image is too large to decode cheaply, its boxes from the drawing log (transform None)."""
    images = page.get_images(full=True)
    if not images:
        return []
    if not any(img[2] * img[3] > HUGE_IMAGE_PIXELS for img in images):
        return page.get_image_info(xrefs=True)
    log.debug("page %d: huge image(s) placed without decoding", page.number)
    # the drawing log names no image objects; a page with one image can still say which
    xref = images[0][0] if len(images) == 1 else 0
    return [{"bbox": rect, "xref": xref, "transform": None}
            for kind, rect in page.get_bboxlog() if kind == "fill-image"]


def _visible_boxes(page: pymupdf.Page) -> dict[tuple, BBox]:
    """Each image's box clipped to its clipping path, keyed by its transform."""
    try:
        tp = page.get_textpage(flags=pymupdf.TEXT_PRESERVE_IMAGES | pymupdf.TEXT_MEDIABOX_CLIP | pymupdf.TEXT_CLIP)
        return {tuple(round(v, 3) for v in i["transform"]): tuple(i["bbox"]) for i in tp.extractIMGINFO()}
    except Exception:  # an image MuPDF cannot place: keep the boxes it reports elsewhere
        log.debug("page %d: clipped image boxes unavailable", page.number, exc_info=True)
        return {}


def _regions(page: pymupdf.Page, rect: BBox, text_lines: list[BBox], label_lines: list[BBox] = ()) -> list[BBox] | None:
    """Figure regions inside a page-sized image, or None when it cannot be looked at."""
    r = pymupdf.Rect(rect)
    if r.width * r.height * (DPI / 72) ** 2 > MAX_RENDER_PIXELS:
        return None
    try:
        pix = page.get_pixmap(dpi=DPI, clip=r, colorspace=pymupdf.csGRAY, alpha=False)
    except Exception:
        log.debug("page %d: image could not be rendered for region finding", page.number, exc_info=True)
        return None
    gray = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, :pix.width]
    # a line cut by the edge of a strip still wipes out its part of the strip
    labels = set(label_lines)
    on_image = [t for t in text_lines if t not in labels and min(t[2], rect[2]) > max(t[0], rect[0])
                and min(t[3], rect[3]) > max(t[1], rect[1])]
    return scan_regions(gray, rect, on_image, text_layer=bool(text_lines))


def _inside(a: BBox, b: BBox) -> bool:
    """Most of box ``a`` lies in box ``b``."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w > 0 and h > 0 and w * h >= 0.5 * max((a[2] - a[0]) * (a[3] - a[1]), 0.01)
