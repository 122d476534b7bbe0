"""read_document: a document file to a :class:`~mmsum.document.Document`, page by page.

The steps, in order: load every page's layout (text, images, drawings), recognising pages
without a usable text layer by OCR; tell what each text block is (running headers, margin
notes, captions, title, figure text); walk the body in reading order for sections, keyword
lines and reference lists; split the body into sentences and link them to the figures they
cite; render the figure crops.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from ..document import Document, Figure, Footnote, PageInfo
from ..errors import DocumentError, MmsumError
from ..progress import CancelFn, Cancelled, ProgressFn, check, sub_progress
from .body import BodyWalk, find_title_blocks, main_font_size, metadata_title, title_text, without_front_matter
from .captions import Caption, caption_role, find_captions
from .code_blocks import mark_code
from .figure_content import MAX_PATHS, read_contents
from .cover_pages import drop_cover_pages
from .figure_text import fill_figure_text, mark_figure_text
from .figures import locate_figures
from .layout import PageLayout, Role, figure_label_lines, read_layout
from .margins import mark_margins
from .memory import REOPEN_EVERY, release_memory
from .mentions import link_mentions, link_table_mentions
from .notes import split_margin_notes
from ..cache import file_hash
from .open import open_document
from .order import reading_order
from .page_geometry import is_two_column
from .render import render_crops
from .sentences import paragraphs, split_sentences
from .tables import locate_tables
from .text_quality import text_layer_problem

log = logging.getLogger(__name__)
_UNMAPPED_RE = re.compile("[\ufffd\ue000-\uf8ff]")  # what a font without a Unicode map gives
# the pages' drawings kept from their first reading for reading the figures on them, in paths
# and path items (300-650 bytes each, so 20-40 MB): a page beyond these is run again when needed
KEPT_PATH_PARTS = 60_000


def read_document(path: Path | str, *, password: str | None = None, progress: ProgressFn | None = None,
                  cancel: CancelFn | None = None, render_figures: bool = True, dpi: int = 144,
                  ocr: bool = True, tables: bool = True) -> Document:
    """Read a PDF (or XPS, EPUB, MOBI, FB2, CBZ, SVG) into a Document.

    Fills pages, body sentences in reading order (no captions, headers, footers, margin notes,
    footnotes or text inside figures), the footnotes apart, sections, figures with captions
    and mentions, and, if
    ``render_figures``, each figure's crop as PNG rendered at ``dpi``. Pages without a usable
    text layer are read by OCR when ``ocr`` (listed in ``Document.ocr_pages``). With ``tables``,
    captioned tables are found and read into cells (``Document.tables``) and their text is
    kept out of the sentences (off: only to measure what tables cost). Boxes are PDF
    points, origin top-left; pages are 0-based. A page whose content was lost becomes a
    warning; MuPDF's warnings about what it repaired do not. Raises DocumentError for input
    that cannot be read at all, and Cancelled when ``cancel()`` turns true.
    """
    path = Path(path)
    read_progress = sub_progress(progress, 0.0, 0.85 if render_figures else 0.97)
    prev_errors = pymupdf.TOOLS.mupdf_display_errors()
    pymupdf.TOOLS.mupdf_display_errors(False)  # MuPDF's own messages become our warnings
    source = _Source(path, password)
    try:
        pages = _load_pages(source, read_progress, cancel, ocr)
        _check_readable(source, pages)
        doc = _understand(source, pages, read_progress, ocr, tables)
        if render_figures and (doc.figures or doc.tables):
            doc.warnings += render_crops(source.doc, [*doc.figures, *doc.tables], dpi,
                                         sub_progress(progress, 0.85, 1.0), cancel)
        if progress:
            progress(1.0, "document read")
        return doc
    finally:
        source.close()
        pymupdf.TOOLS.mupdf_display_errors(prev_errors)
        pymupdf.TOOLS.reset_mupdf_warnings()


# --- the file ------------------------------------------------------------------------------

class _Source:
    """The open document. What MuPDF parsed for earlier pages is not needed again, so a long
    PDF is reopened every REOPEN_EVERY pages, which keeps memory flat."""

    def __init__(self, path: Path, password: str | None) -> None:
        self.path, self.password = path, password
        self.doc = open_document(path, password)
        self.page_count = self.doc.page_count

    def load_page(self, pno: int) -> pymupdf.Page:
        if pno and pno % REOPEN_EVERY == 0 and self.doc.is_pdf:
            self.doc.close()
            release_memory()
            self.doc = open_document(self.path, self.password)
        return self.doc.load_page(pno)

    def page_size(self, pno: int) -> tuple[float, float]:
        """A page's size even when the page itself cannot be loaded (0, 0 if unknown)."""
        try:
            r = self.doc.page_cropbox(pno) if self.doc.is_pdf else pymupdf.Rect()
            return r.width, r.height
        except Exception:
            return 0.0, 0.0

    def close(self) -> None:
        if not self.doc.is_closed:
            self.doc.close()
        release_memory()


# --- step 1: each page's layout, by its text layer or by OCR -------------------------------

@dataclass
class _Pages:
    """The pages' layouts and what reading them found."""

    layouts: list[PageLayout]
    failed: list[int] = field(default_factory=list)  # 0-based pages that could not be loaded
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    ocr_engine: str | None = None
    unreadable: dict[int, str] = field(default_factory=dict)  # page -> why its text is unusable
    damaged: dict[int, str] = field(default_factory=dict)  # page -> what of it was lost ("skipped: ...")


def _load_pages(source: _Source, read_progress: ProgressFn, cancel: CancelFn | None, ocr: bool) -> _Pages:
    n = source.page_count
    out = _Pages(layouts=[])
    ocr_problem: str | None = None if ocr else "OCR is turned off"
    pymupdf.TOOLS.reset_mupdf_warnings()
    heights: list[float] = []  # of the lines recognised so far: the detection resolution follows them
    kept = 0  # parts of the drawings kept (see KEPT_PATH_PARTS)
    for pno in range(n):
        check(cancel)
        read_progress(pno / n, f"reading page {pno + 1} of {n}")
        try:
            page = source.load_page(pno)
            layout = read_layout(page)
            kept = _keep_paths(layout, kept)
            problem = _usable_text(page, layout)
            if problem and ocr_problem is None:
                read_progress(pno / n, f"recognising text on page {pno + 1} of {n} (OCR)")
                try:
                    heights += _recognise(page, layout, heights, cancel)
                    out.ocr_pages.append(pno)
                    problem = None
                except MmsumError as err:  # no engine: the other pages are still read
                    ocr_problem = str(err)
            if problem:
                out.unreadable[pno] = problem
            del page  # nothing of MuPDF's page is kept: memory stays flat over long documents
            lost = _content_lost(layout, _mupdf_messages())
            if lost:
                out.damaged[pno] = lost
        except Cancelled:
            raise
        except Exception as err:  # one bad page must not lose the rest of the document
            _mupdf_messages()
            out.damaged[pno] = f"skipped: {_short(err)}"
            log.debug("page %d failed", pno, exc_info=True)
            layout = PageLayout(number=pno, width=0.0, height=0.0)
            layout.width, layout.height = source.page_size(pno)
            out.failed.append(pno)
        out.layouts.append(layout)
    out.warnings.extend(_damage_said(out.damaged, out.failed))
    if out.ocr_pages:
        from .ocr import engine_name

        out.ocr_engine = engine_name()
    # pages that stay without text because OCR could not run: lost content, said once
    missing = [p for p, why in out.unreadable.items() if why and p not in out.failed]
    if missing and any(pl.blocks for pl in out.layouts):
        out.warnings.append(f"{_pages_phrase(missing)} no usable text and {'was' if len(missing) == 1 else 'were'} "
                            f"not read: {ocr_problem}")
    out.unreadable = {p: ocr_problem or why for p, why in out.unreadable.items()}
    return out


def _keep_paths(layout: PageLayout, kept: int) -> int:
    """Keep the page's drawings (``layout.paths``) while the document's stay within
    KEPT_PATH_PARTS; the parts kept so far, ``kept`` before this page."""
    paths = layout.paths
    if paths is None:
        return kept
    if len(paths) > MAX_PATHS:  # too many to read a chart from (see read_contents): not kept
        layout.paths = None
        return kept
    parts = len(paths) + sum(len(p.get("items") or ()) for p in paths)
    if kept + parts > KEPT_PATH_PARTS:
        layout.paths = None
        return kept
    return kept + parts


def _damage_said(damaged: dict[int, str], skipped: list[int]) -> list[str]:
    """The warnings about ``damaged`` pages (0-based -> what was lost): one line for the pages
    read in part and one for those ``skipped``, each with the count and the first cause; the
    pages themselves go to ``Document.damaged_pages`` (the JSON and the manifest list them)."""
    said = []
    for pages, verb in (([p for p in damaged if p not in skipped], "could not be read completely"),
                        (list(skipped), "could not be read and were skipped")):
        if not pages:
            continue
        first = damaged[pages[0]].removeprefix("skipped: ")
        if len(pages) == 1:
            verb = verb.replace("were skipped", "was skipped")
            said.append(f"page {pages[0] + 1} {verb} ({first})")
        else:
            said.append(f"{len(pages)} pages {verb} (from page {pages[0] + 1}: {first})")
    return said


def _usable_text(page: pymupdf.Page, layout: PageLayout) -> str | None:
    """Why the page's text layer cannot be used (so it must be recognised), or None."""
    text = "\n".join(b.text for b in layout.blocks)
    if len(text.strip()) >= 40 and not _UNMAPPED_RE.search(text):
        return text_layer_problem(text)  # the usual case, decided without looking at images
    share = 0.0
    area = max(page.rect.width * page.rect.height, 1.0)
    drawn = False
    try:
        for kind, rect in page.get_bboxlog():
            drawn = True
            if kind == "fill-image":
                r = pymupdf.Rect(rect) & page.rect
                share = max(share, r.width * r.height / area)
    except Exception:
        log.debug("page %d: no drawing log", page.number, exc_info=True)
    if not drawn:
        return None  # a blank page: nothing to recognise
    return text_layer_problem(text, share)


def _recognise(page: pymupdf.Page, layout: PageLayout, heights: list[float], cancel: CancelFn | None) -> list[float]:
    """Replace the page's text blocks by the text OCR finds on the rendered page, detected at
    the resolution the ``heights`` (points) of the lines recognised so far call for; the
    heights of this page's lines."""
    from .ocr import detect_side, recognise_page
    from .ocr_layout import ocr_blocks

    side = detect_side(heights, max(page.rect.width, page.rect.height))
    lines = recognise_page(page, det_side=side, cancel=cancel)
    layout.blocks = ocr_blocks(page.number, lines)
    layout.ocr = True
    # a scan's figures are the ink left once its text is wiped out: look again with the
    # recognised lines, which the first look (with no text layer) did not have
    try:
        from .images import page_graphics

        layout.graphics = page_graphics(page, [ln.bbox for b in layout.blocks for ln in b.lines],
                                        figure_label_lines(layout.blocks))
    except Exception:  # keep the graphics found without the text
        log.debug("page %d: figure regions not redone after OCR", page.number, exc_info=True)
    return [ln.bbox[3] - ln.bbox[1] for ln in lines]


def _content_lost(layout: PageLayout, messages: list[str]) -> str | None:
    """What the page lost, as a short phrase, or None. MuPDF warns about much that it repairs
    without loss (a wrong stream length, a font it substitutes): those are logged only. Lost
    are content streams MuPDF could not load, a page that gives no text while MuPDF
    complained, and images or drawings that could not be read."""
    if messages:
        log.debug("page %d: MuPDF: %s", layout.number, "; ".join(messages))
    stream = [m for m in messages if re.search(r"content stream|syntax error|cannot (?:load|parse) (?:page|object)",
                                               m, re.I)]
    if stream or (messages and not layout.blocks):
        return "; ".join((stream or messages)[:2])[:200]
    if layout.problems:
        return "; ".join(layout.problems[:2])
    return None


def _check_readable(source: _Source, pages: _Pages) -> None:
    """Refuse a document none of whose pages gave anything: say why in one line."""
    n = source.page_count
    if len(pages.failed) == n:
        raise DocumentError(f"{source.path}: no page could be loaded; the file is damaged")
    if not any(b.lines for pl in pages.layouts for b in pl.blocks):
        why = next(iter(pages.unreadable.values()), None)
        if why:
            raise DocumentError(f"{source.path}: the document has no usable text layer (a scanned image?) "
                                f"and could not be read by OCR: {why}")
        if pages.ocr_pages:
            raise DocumentError(f"{source.path}: no text was found in the document, not even by OCR "
                                f"({len(pages.ocr_pages)} page{'s' if len(pages.ocr_pages) > 1 else ''} recognised)")
        raise DocumentError(f"{source.path}: no text was found in the document")


# --- step 2: what each block is, figures and captions -------------------------------------

def _understand(source: _Source, pages: _Pages, read_progress: ProgressFn, ocr: bool = True,
                with_tables: bool = True) -> Document:
    layouts = pages.layouts
    drop_cover_pages(layouts)
    mark_margins(layouts)
    body_size = main_font_size(layouts)
    split_margin_notes(layouts, body_size)
    captions = [c for pl in layouts for c in find_captions(pl, body_size)]
    _mark_captions(captions)
    title_blocks = find_title_blocks(layouts, body_size, frozenset(pages.ocr_pages))
    for b in title_blocks:
        b.role = Role.TITLE
    title = title_text(title_blocks) or metadata_title(source.doc.metadata or {})
    figures = locate_figures(layouts, captions, body_size)
    _label_figures(figures, captions)
    mark_figure_text(layouts, figures)
    fill_figure_text(layouts, figures)
    # the tables' cells become Role.TABLE here, before the body is walked for sentences
    tables, table_warnings = locate_tables(source.load_page, layouts, captions, figures, ocr) if with_tables \
        else ([], [])
    # a page with too many paths to read a chart from gives its figures none (see read_contents)
    read_contents(source.doc, figures, {pl.number: None if pl.path_count > MAX_PATHS else pl.paths
                                        for pl in layouts if pl.paths is not None or pl.path_count > MAX_PATHS})
    for pl in layouts:
        pl.paths = None  # read: not kept with the document

    walk = BodyWalk(body_size)
    for pl in layouts:
        body = [b for b in pl.blocks if b.role == Role.BODY]
        for b in reading_order(pl, body, is_two_column(pl)):
            walk.take(b)
    mark_code(walk.ordered)
    ordered = without_front_matter(walk.ordered, layouts, walk.before_contents)
    sentences = split_sentences(paragraphs(ordered))
    link_mentions(sentences, figures)
    link_table_mentions(sentences, tables)
    read_progress(1.0, "text and figures read")
    infos = [PageInfo(number=pl.number, width=pl.width, height=pl.height) for pl in layouts]
    return Document(path=source.path, title=title, pages=infos, sentences=sentences, figures=figures,
                    tables=tables, footnotes=_footnotes(layouts), sections=walk.sections, warnings=list(pages.warnings) + table_warnings,
                    damaged_pages=dict(pages.damaged),
                    content_hash=file_hash(source.path),
                    ocr_pages=pages.ocr_pages, ocr_engine=pages.ocr_engine)


def _footnotes(layouts: list[PageLayout]) -> list[Footnote]:
    """The blocks still read as footnotes once every role is set (one block a footnote, see
    :mod:`.layout`), page by page."""
    return [Footnote(b.page, b.bbox, b.text) for pl in layouts for b in pl.blocks
            if b.role == Role.FOOTNOTE and b.text.strip()]


def _mark_captions(captions: list[Caption]) -> None:
    for cap in captions:
        for b in cap.blocks:
            b.role = caption_role(cap)


def _label_figures(figures: list[Figure], captions: list[Caption]) -> None:
    """Give captioned figures the document's own numbering: label ("Figure 2.4", "图 5.13"),
    plain number (None for "2.4" or "S1") and a unique id ("fig-2.4", "fig-3a", "fig-3a-2")."""
    by_caption = {(c.page, tuple(round(v, 2) for v in c.bbox)): c for c in captions if c.kind == "figure"}
    used = {f.id for f in figures if f.caption_bbox is None}
    for f in figures:
        cap = by_caption.get((f.page, tuple(round(v, 2) for v in f.caption_bbox))) if f.caption_bbox else None
        if cap is None:
            continue
        f.label, f.number = cap.label, cap.number
        fid, k = cap.figure_id, 2
        while fid in used:
            fid, k = f"{cap.figure_id}-{k}", k + 1
        used.add(fid)
        f.id = fid


# --- MuPDF's messages ---------------------------------------------------------------------

def _mupdf_messages() -> list[str]:
    """MuPDF's warnings and errors since the last call, each once."""
    lines: list[str] = []
    for ln in pymupdf.TOOLS.mupdf_warnings(reset=True).splitlines():
        ln = " ".join(ln.split())
        if ln and not ln.startswith("... repeated") and ln not in lines:
            lines.append(ln)
    return lines


def _pages_phrase(pages: list[int]) -> str:
    """"page 3 has" / "pages 3, 5 and 7 have" (1-based), for up to 10 pages."""
    shown = [str(p + 1) for p in pages[:10]] + (["others"] if len(pages) > 10 else [])
    if len(shown) == 1:
        return f"page {shown[0]} has"
    return f"pages {', '.join(shown[:-1])} and {shown[-1]} have"


def _short(err: Exception) -> str:
    return " ".join(str(err).split())[:160] or type(err).__name__
