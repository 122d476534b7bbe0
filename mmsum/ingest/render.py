"""Figure crops rendered from the page, so that vector figures become images too."""
from __future__ import annotations

import pymupdf

from ..document import Figure, Table
from ..progress import CancelFn, ProgressFn, check
from .figure_content import crop_pixels, kind_from_pixels
from .ruled_crops import ruled_text
from .page_geometry import CROP_PAD as PAD, clear_of


def crop_pixmap(page: pymupdf.Page, figure: Figure | Table, dpi: int = 144,
                display: pymupdf.DisplayList | None = None) -> pymupdf.Pixmap | None:
    """The crop of ``figure`` (on ``page``) rendered at ``dpi``, RGB without alpha; None when
    its box lies off the page. ``display``: the page's display list, when several crops are
    rendered from it (the same pixels as ``Page.get_pixmap``, which makes one per crop)."""
    clip = pymupdf.Rect(figure.bbox) + (-PAD, -PAD, PAD, PAD)
    if figure.caption_bbox:  # the padding does not reach into the caption
        clip = pymupdf.Rect(clear_of(tuple(clip), figure.caption_bbox))
    if page.rotation:  # boxes are on the unrotated page; the pixmap's clip on the shown one
        clip = clip * page.rotation_matrix
        clip.normalize()
    clip &= page.rect
    if clip.is_empty:
        return None
    if display is None:
        return page.get_pixmap(dpi=dpi, clip=clip, alpha=False)
    pix = display.get_pixmap(matrix=pymupdf.Matrix(dpi / 72, dpi / 72), colorspace=pymupdf.csRGB, alpha=False,
                             clip=clip)
    pix.set_dpi(dpi, dpi)
    return pix


def _ruled(pix: pymupdf.Pixmap) -> bool | None:
    """Whether a rendered crop reads as a table set as an image; None where it cannot be told
    (ranking then judges the PNG)."""
    try:
        return ruled_text(crop_pixels(pix)) if pix.n == 3 else None
    except Exception:  # an odd pixmap: judged later, as before
        return None


def render_crops(doc: pymupdf.Document, figures: list[Figure], dpi: int = 144,
                 progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> list[str]:
    """Set ``image_png`` of each figure to a PNG of its box rendered at ``dpi``.

    Loads each page once and lets it go before the next. Returns warnings for crops that
    failed (the figure keeps ``image_png = None``).
    """
    warnings: list[str] = []
    pages = sorted({f.page for f in figures})
    for i, pno in enumerate(pages):
        check(cancel)
        if progress:
            progress(i / max(len(pages), 1), f"rendering figures on page {pno + 1}")
        try:
            page = doc.load_page(pno)
            on_page = [f for f in figures if f.page == pno]
            display = page.get_displaylist() if len(on_page) > 1 else None
            for f in on_page:
                pix = crop_pixmap(page, f, dpi, display)
                if pix is None:
                    continue
                if isinstance(f, Figure):  # a table's crop is rendered here too; it has no kind
                    kind_from_pixels(f, pix)
                    f.ruled = _ruled(pix)
                f.image_png = pix.tobytes("png")
                del pix
            del page, display
        except Exception as err:  # a damaged page: keep the figure, without its picture
            warnings.append(f"page {pno + 1}: figure image could not be rendered ({err})")
    return warnings
