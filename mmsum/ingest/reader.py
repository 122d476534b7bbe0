"""read_document: a document file to a :class:`~mmsum.document.Document`, page by page."""
from __future__ import annotations

import logging
import re
from pathlib import Path

import pymupdf

from ..document import Document, PageInfo, Section
from ..errors import DocumentError
from ..progress import CancelFn, ProgressFn, check, sub_progress
from .captions import find_captions
from .figure_text import fill_figure_text
from .figures import locate_figures, mark_figure_text
from .layout import PageLayout, read_layout
from .margins import mark_margins
from .memory import REOPEN_EVERY, release_memory
from .mentions import link_mentions
from .open import file_hash, open_document
from .order import reading_order
from .page_geometry import is_two_column
from .render import render_crops
from .sections import heading_level
from .sentences import paragraphs, split_sentences

log = logging.getLogger(__name__)
_REFERENCES_RE = re.compile(r"^(?:[\dIVX]+\.?\s+)?(?:references|bibliography|literature cited|works cited|参考文献)$",
                            re.I)
# the first entry of a numbered reference list: "[1] A. Author, ...", "[1] Author, A. ..."
_FIRST_REFERENCE_RE = re.compile(r"^\s*\[1\]\s+[A-Z\u00c0-\u00de]")
# keyword and classification lines of the front matter: "Keywords: ...", "Index Terms—...", "PACS numbers: ..."
_KEYWORDS_RE = re.compile(r"^\s*(?:key\s*words|keywords|index\s+terms|pacs(?:\s+numbers?)?|"
                          r"(?:ams|msc)(?:\s+\d{4})?\s+(?:subject\s+)?classifications?|"
                          r"subject\s+classifications?|jel\s+classifications?|acm\s+ccs)\b(?:\s*[:.—–-]|\s*$)", re.I)


def read_document(path: Path | str, *, password: str | None = None, progress: ProgressFn | None = None,
                  cancel: CancelFn | None = None, render_figures: bool = True, dpi: int = 144) -> Document:
    """Read a PDF (or XPS, EPUB, MOBI, FB2, CBZ, SVG) into a Document.

    Fills pages, body sentences in reading order (no captions, headers, footers or text inside
    figures), sections, figures with captions and mentions, and, if ``render_figures``, each
    figure's crop as PNG rendered at ``dpi``. Boxes are PDF points, origin top-left; pages are
    0-based. A page that fails to parse becomes a warning. Raises DocumentError for input that
    cannot be read at all, and Cancelled when ``cancel()`` turns true.
    """
    path = Path(path)
    read_progress = sub_progress(progress, 0.0, 0.85 if render_figures else 0.97)
    prev_errors = pymupdf.TOOLS.mupdf_display_errors()
    pymupdf.TOOLS.mupdf_display_errors(False)  # MuPDF's own messages become our warnings
    try:
        holder = [open_document(path, password)]  # _read swaps in a fresh one on long documents
        try:
            return _read(holder, path, password, read_progress, progress, cancel, render_figures, dpi)
        finally:
            if not holder[0].is_closed:
                holder[0].close()
            release_memory()
    finally:
        pymupdf.TOOLS.mupdf_display_errors(prev_errors)
        pymupdf.TOOLS.reset_mupdf_warnings()


def _read(holder: list[pymupdf.Document], path: Path, password: str | None, read_progress: ProgressFn,
          progress: ProgressFn | None, cancel: CancelFn | None, render_figures: bool, dpi: int) -> Document:
    doc = holder[0]
    n = doc.page_count
    pages: list[PageLayout] = []
    infos: list[PageInfo] = []
    warnings: list[str] = []
    pymupdf.TOOLS.reset_mupdf_warnings()
    for pno in range(n):
        check(cancel)
        read_progress(pno / n, f"reading page {pno + 1} of {n}")
        if pno and pno % REOPEN_EVERY == 0 and doc.is_pdf:
            # what MuPDF parsed for earlier pages is not needed again: start afresh
            doc.close()
            release_memory()
            doc = holder[0] = open_document(path, password)
        try:
            page = doc.load_page(pno)
            layout = read_layout(page)
            del page  # nothing of MuPDF's page is kept: memory stays flat over long documents
            problems = _mupdf_problems()
            if problems:
                # MuPDF repairs what it can and goes on; the page may have lost content
                warnings.append(f"page {pno + 1} is damaged and may be incomplete ({problems})")
        except Exception as err:  # one bad page must not lose the rest of the document
            _mupdf_problems()
            warnings.append(f"page {pno + 1} could not be read and was skipped ({_short(err)})")
            log.debug("page %d failed", pno, exc_info=True)
            layout = PageLayout(number=pno, width=0.0, height=0.0)
            try:
                r = doc.page_cropbox(pno) if doc.is_pdf else pymupdf.Rect()
                layout.width, layout.height = r.width, r.height
            except Exception:
                pass
        pages.append(layout)
        infos.append(PageInfo(number=pno, width=layout.width, height=layout.height))
    if len(warnings) == n:
        raise DocumentError(f"{path}: no page could be read; the file is damaged")
    if not any(b.lines for pl in pages for b in pl.blocks):
        raise DocumentError(f"{path}: the document has no text layer (a scanned image?); "
                            "run OCR on it first, e.g. with ocrmypdf")

    mark_margins(pages)
    body_size = _body_size(pages)
    captions = [c for pl in pages for c in find_captions(pl, body_size)]
    title = _title(pages, body_size, doc.metadata or {})
    figures = locate_figures(pages, captions, body_size)
    mark_figure_text(pages, figures)
    fill_figure_text(pages, figures)

    ordered = []
    sections: list[Section] = []
    current: str | None = None
    last_heading = None
    in_references = False  # a reference list met under some other heading, until the next one
    in_keywords = False  # a keyword list, which may run on over a few short lines
    for pl in pages:
        body = [b for b in pl.blocks if b.role == "body"]
        for b in reading_order(pl, body, is_two_column(pl)):
            if last_heading is not None and _continues_heading(last_heading, b):
                # a heading broken over two lines ("METHODS AS" / "CONTROLLERS")
                b.role = "heading"
                current = f"{current} {' '.join(b.text.split())}"
                sections[-1].title = current
                last_heading = b
                continue
            text = " ".join(b.text.split())
            if _KEYWORDS_RE.match(text) or (in_keywords and _list_continues(text)
                                             and heading_level(b, body_size) is None):
                in_keywords = not _ends_sentence(text)
                b.role = "keywords"  # a list of terms, not a sentence of the document
                last_heading = None
                continue
            in_keywords = False
            level = heading_level(b, body_size)
            last_heading = None
            if level is not None:
                in_references = False
                last_heading = b
                b.role = "heading"
                current = " ".join(b.text.split())
                sections.append(Section(title=current, page=pl.number, level=level))
                continue
            if not in_references and _FIRST_REFERENCE_RE.match(text):
                in_references = True  # a bibliography without its own heading
            if in_references or (current and _REFERENCES_RE.match(current)):
                continue  # the bibliography is a list of citations, not text to summarize
            ordered.append((b, current))
    ordered = _without_front_matter(ordered, pages)
    sentences = split_sentences(paragraphs(ordered))
    link_mentions(sentences, figures)
    read_progress(1.0, "text and figures read")

    if render_figures and figures:
        warnings += render_crops(doc, figures, dpi, sub_progress(progress, 0.85, 1.0), cancel)
    if progress:
        progress(1.0, "document read")
    return Document(path=path, title=title, pages=infos, sentences=sentences, figures=figures,
                    sections=sections, warnings=warnings, content_hash=file_hash(path))


def _list_continues(text: str) -> bool:
    """``text`` is a short line of terms that carries on a keyword list."""
    return len(text.split()) <= 12 and not re.search(r"[.!?]\s+[A-Z]", text)


def _ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?。！？][\"'”’)\]]*$", text.rstrip()))


def _continues_heading(head, b) -> bool:
    """``b`` is the second line of heading block ``head``: same type, right below, short."""
    text = " ".join(b.text.split())
    return (b.page == head.page and abs(b.size - head.size) < 0.3 and b.bold == head.bold
            and text.isupper() == " ".join(head.text.split()).isupper()
            and 0 <= b.bbox[1] - head.bbox[3] < head.size and len(text.split()) <= 8
            and not text.endswith((".", ",", ";")) and heading_level(b, 0.0) is None
            and min(b.bbox[2], head.bbox[2]) > max(b.bbox[0], head.bbox[0]))


def _without_front_matter(ordered: list, pages: list[PageLayout]) -> list:
    """Drop the author and affiliation lines: short blocks on the first page that come before
    the first section heading (usually "Abstract" or "1 Introduction")."""
    first_page = pages[0].number if pages else 0
    if not ordered or ordered[0][1] is not None:
        return ordered
    before = [i for i, (b, sec) in enumerate(ordered) if sec is None]
    if not before or len(before) == len(ordered) or ordered[before[-1]][0].page != first_page:
        return ordered  # no heading on the first page: nothing tells where front matter ends
    drop = {i for i in before if len(ordered[i][0].text.split()) < 40}
    return [item for i, item in enumerate(ordered) if i not in drop]


def _body_size(pages: list[PageLayout]) -> float:
    """The font size most body characters are set in (points)."""
    weights: dict[float, int] = {}
    for pl in pages:
        for b in pl.blocks:
            if b.role == "body":
                for ln in b.lines:
                    weights[ln.size] = weights.get(ln.size, 0) + len(ln.text)
    return max(weights, key=weights.get) if weights else 0.0


def _title(pages: list[PageLayout], body_size: float, meta: dict) -> str | None:
    """The largest text near the top of the first page, else the metadata title."""
    first = next((pl for pl in pages if pl.blocks), None)
    if first is not None:
        cands = [b for b in first.blocks if b.role == "body" and b.bbox[1] < first.height * 0.5
                 and len(b.text.split()) >= 2 and len(b.lines) <= 4]
        if cands:
            top = max(cands, key=lambda b: b.size)
            if top.size >= body_size * 1.15:
                parts = [top]
                # a title set on several lines may come as several blocks of the same type
                for b in sorted(first.blocks, key=lambda b: b.bbox[1]):
                    last = parts[-1]
                    if (b.role == "body" and b is not top and abs(b.size - top.size) < 0.3
                            and -top.size / 2 <= b.bbox[1] - last.bbox[3] < 1.5 * top.size):
                        parts.append(b)
                for b in parts:
                    b.role = "title"
                return " ".join(" ".join(b.text for b in parts).split())
    t = (meta.get("title") or "").strip()
    if t and not re.search(r"\.(?:pdf|docx?|tex|dvi)$|^untitled|^microsoft word", t, re.I):
        return t
    return None


def _mupdf_problems() -> str:
    """MuPDF's warnings since the last call, as one short line (empty if none)."""
    lines: list[str] = []
    for ln in pymupdf.TOOLS.mupdf_warnings(reset=True).splitlines():
        ln = " ".join(ln.split())
        if ln and ln not in lines:
            lines.append(ln)
    return "; ".join(lines[:2])[:200]


def _short(err: Exception) -> str:
    return " ".join(str(err).split())[:160] or type(err).__name__
