"""Build small PDFs with PyMuPDF whose truth is known: text, columns, figures, captions.

:class:`PaperBuilder` flows paragraphs and headings into one or two columns, places raster,
vector and multi-panel figures with captions above or below, and can add a running header,
page numbers and a logo on every page. Everything it places is recorded in :class:`Truth`
(PDF points, origin top-left, 0-based pages), so tests can assert against it.

    b = PaperBuilder(columns=2, header="Journal of Tests", logo=True)
    b.title("A study"); b.heading("1 Introduction"); b.paragraph(LOREM)
    b.figure("vector", "Figure 1: Energy per day.")
    truth = b.save(tmp_path / "paper.pdf")
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

LATIN = pymupdf.Font("helv")
CJK = pymupdf.Font("china-s")

SENTENCES = [
    "Sensor networks spend most of their energy on radio communication rather than on sensing.",
    "We measured the current drawn by each node over several weeks of continuous operation.",
    "The results show that duty cycling reduces the average power consumption considerably.",
    "Nodes near the gateway relay more packets and therefore deplete their batteries earlier.",
    "A simple scheduling policy balances the relaying load across neighbouring nodes.",
    "Temperature also changes the effective capacity of the lithium cells in the enclosures.",
    "We compare three configurations that differ in their sampling and reporting intervals.",
    "The measurement infrastructure records voltage and current at one kilohertz.",
]


def lorem(n: int, start: int = 0) -> str:
    """``n`` distinct English sentences (numbered so that none repeats), as one paragraph."""
    out = []
    for i in range(start, start + n):
        s = SENTENCES[i % len(SENTENCES)]
        out.append(s[:-1] + f" in trial {i + 1}.")
    return " ".join(out)


@dataclass
class FigureTruth:
    """A placed figure: ``bbox`` covers the graphic (all panels), not the caption."""

    label: str | None
    number: int | None
    page: int
    bbox: tuple[float, float, float, float]
    caption: str
    caption_bbox: tuple[float, float, float, float] | None
    kind: str  # "raster" | "vector" | "panels"


@dataclass
class Truth:
    """What a built PDF contains."""

    path: Path
    pages: int
    figures: list[FigureTruth] = field(default_factory=list)
    paragraphs: list[tuple[int, str]] = field(default_factory=list)  # (first page, text)
    headings: list[tuple[int, str]] = field(default_factory=list)
    title: str | None = None
    header: str | None = None
    tables: list[tuple[int, str]] = field(default_factory=list)  # (page, caption)
    logo_rect: tuple[float, float, float, float] | None = None


def gradient_pixmap(width: int = 160, height: int = 120, seed: int = 0) -> pymupdf.Pixmap:
    """A smooth RGB test image (not blank, not a flat colour), ``width`` x ``height`` pixels."""
    data = bytearray()
    for y in range(height):
        for x in range(width):
            r = int(127 + 120 * math.sin((x + seed * 13) / 17.0))
            g = int(127 + 120 * math.cos((y + seed * 7) / 11.0))
            b = (x * y + seed * 31) % 256
            data += bytes((r, g, b))
    return pymupdf.Pixmap(pymupdf.csRGB, width, height, bytes(data), False)


def draw_plot(page: pymupdf.Page, rect: pymupdf.Rect, seed: int = 0, tick_labels: bool = True) -> None:
    """A vector line plot inside ``rect``: axes, ticks, tick labels and a curve of many segments."""
    ax = pymupdf.Rect(rect.x0 + 14, rect.y0 + 4, rect.x1 - 4, rect.y1 - 14)
    shape = page.new_shape()
    shape.draw_line(ax.bl, ax.br)
    shape.draw_line(ax.bl, ax.tl)
    for i in range(6):
        x = ax.x0 + i * ax.width / 5
        shape.draw_line((x, ax.y1), (x, ax.y1 + 3))
        y = ax.y1 - i * ax.height / 5
        shape.draw_line((ax.x0 - 3, y), (ax.x0, y))
    shape.finish(color=(0, 0, 0), width=0.6)
    pts = []
    for i in range(60):
        t = i / 59
        pts.append(pymupdf.Point(ax.x0 + t * ax.width,
                                 ax.y1 - ax.height * (0.5 + 0.4 * math.sin(6 * t + seed))))
    shape.draw_polyline(pts)
    shape.finish(color=(0.8, 0.1, 0.1), width=1.2, closePath=False)
    shape.draw_rect(pymupdf.Rect(ax.x0 + 0.6 * ax.width, ax.y0 + 4, ax.x0 + 0.6 * ax.width + 8, ax.y0 + 12))
    shape.finish(color=(0, 0, 1), fill=(0.6, 0.7, 1))
    shape.commit()
    if tick_labels:
        for i in range(6):
            page.insert_text((ax.x0 + i * ax.width / 5 - 2, ax.y1 + 11), str(i), fontsize=6)
            page.insert_text((rect.x0 + 2, ax.y1 - i * ax.height / 5 + 2), str(2 * i), fontsize=6)


class PaperBuilder:
    """Flows text and figures into pages of one or two columns and records the truth.

    Sizes are in points. ``header`` is a running header printed on every page;
    ``page_numbers`` puts the 1-based page number at the bottom; ``logo`` puts the same small
    raster image (one xref) in the top-left corner of every page.
    """

    def __init__(self, *, columns: int = 2, width: float = 612, height: float = 792,
                 margin: float = 54, gutter: float = 18, fontsize: float = 10,
                 header: str | None = None, page_numbers: bool = True, logo: bool = False,
                 hyphenate: bool = False, number_from_bottom: float | None = None) -> None:
        self.doc = pymupdf.open()
        self.columns, self.width, self.height = columns, width, height
        self.margin, self.gutter, self.fontsize = margin, gutter, fontsize
        self.header, self.page_numbers, self.logo, self.hyphenate = header, page_numbers, logo, hyphenate
        self.number_from_bottom = margin / 2 if number_from_bottom is None else number_from_bottom
        self.leading = fontsize * 1.25
        self.col_width = (width - 2 * margin - (columns - 1) * gutter) / columns
        self.truth = Truth(path=Path(), pages=0, header=header)
        self._logo_xref = 0
        self._figno = 0
        self._new_page()

    # --- geometry -----------------------------------------------------------------------
    @property
    def top(self) -> float:
        return self.margin + 10

    @property
    def bottom(self) -> float:
        return self.height - self.margin - 6

    def _col_x(self, col: int) -> float:
        return self.margin + col * (self.col_width + self.gutter)

    def _new_page(self) -> None:
        self.page = self.doc.new_page(width=self.width, height=self.height)
        self.pno = self.page.number
        self.col, self.y = 0, self.top
        self.col_top = self.top  # where columns start on this page (below a spanning figure)
        if self.header:
            self.page.insert_text((self.margin + 40, self.margin - 14), self.header, fontsize=8)
        if self.page_numbers:
            self.page.insert_text((self.width / 2 - 3, self.height - self.number_from_bottom), str(self.pno + 1),
                                  fontsize=9)
        if self.logo:
            rect = pymupdf.Rect(self.margin, self.margin - 26, self.margin + 24, self.margin - 10)
            if self._logo_xref:
                self.page.insert_image(rect, xref=self._logo_xref)
            else:
                self._logo_xref = self.page.insert_image(rect, pixmap=gradient_pixmap(48, 32, seed=99))
            self.truth.logo_rect = tuple(rect)

    def _advance(self, height: float) -> None:
        """Make room for ``height`` points in the current column (next column or page)."""
        if self.y + height <= self.bottom:
            return
        if self.col + 1 < self.columns:
            self.col += 1
        else:
            self._new_page()
            return
        self.y = self.col_top

    # --- text ---------------------------------------------------------------------------
    def _wrap(self, text: str, width: float, font: pymupdf.Font, size: float) -> list[str]:
        if font is CJK:
            lines, cur = [], ""
            for ch in text:
                if font.text_length(cur + ch, size) > width:
                    lines.append(cur)
                    cur = ""
                cur += ch
            return lines + ([cur] if cur else [])
        lines, cur = [], ""
        for word in text.split():
            cand = f"{cur} {word}" if cur else word
            if font.text_length(cand, size) <= width:
                cur = cand
                continue
            if self.hyphenate and len(word) >= 8 and word.isalpha():
                # break the word with a hyphen where the first half still fits
                for cut in range(len(word) - 3, 2, -1):
                    head = f"{cur} {word[:cut]}-" if cur else f"{word[:cut]}-"
                    if font.text_length(head, size) <= width:
                        lines.append(head)
                        cur = word[cut:]
                        break
                else:
                    lines.append(cur)
                    cur = word
                continue
            lines.append(cur)
            cur = word
        return lines + ([cur] if cur else [])

    def _lines(self, text: str, *, size: float, font: pymupdf.Font, fontname: str,
               width: float | None = None, x: float | None = None) -> tuple[int, pymupdf.Rect]:
        """Write wrapped lines in the flow; returns (page of the first line, rect of all lines)."""
        width = width or self.col_width
        lead = size * 1.25
        first_page, rect = None, pymupdf.Rect()
        for line in self._wrap(text, width, font, size):
            self._advance(lead)
            lx = self._col_x(self.col) if x is None else x
            if font is LATIN and any(ord(c) > 255 for c in line):
                # the base-14 encoding has no em dash: write such lines with an embedded font
                tw = pymupdf.TextWriter(self.page.rect)
                tw.append((lx, self.y + size), line, font=LATIN, fontsize=size)
                tw.write_text(self.page)
            else:
                self.page.insert_text((lx, self.y + size), line, fontsize=size, fontname=fontname)
            r = pymupdf.Rect(lx, self.y, lx + font.text_length(line, size), self.y + lead)
            if first_page is None:
                first_page = self.pno
            rect = r if rect.is_empty else rect | r
            self.y += lead
        return (first_page if first_page is not None else self.pno), rect

    def title(self, text: str) -> None:
        """A large title across the page top (first page)."""
        self.page.insert_text((self.margin, self.y + 18), text, fontsize=18, fontname="hebo")
        self.y += 34
        self.col_top = self.y
        self.truth.title = text

    def heading(self, text: str) -> None:
        """A bold section heading in the flow."""
        self._advance(self.leading * 3)  # keep a heading with the text that follows
        self.y += 4
        cjk = any("\u4e00" <= ch <= "\u9fff" for ch in text)
        font, name = (CJK, "china-s") if cjk else (pymupdf.Font("hebo"), "hebo")
        page, _ = self._lines(text, size=self.fontsize + 1, font=font, fontname=name)
        self.y += 3
        self.truth.headings.append((page, text))

    def paragraph(self, text: str, *, chinese: bool = False) -> None:
        """A body paragraph; ``chinese`` sets it in a CJK font."""
        font, name = (CJK, "china-s") if chinese else (LATIN, "helv")
        page, _ = self._lines(text, size=self.fontsize, font=font, fontname=name)
        self.y += self.leading * 0.6
        self.truth.paragraphs.append((page, text))

    # --- figures ------------------------------------------------------------------------
    def figure(self, kind: str, caption: str, *, caption_above: bool = False, height: float = 110,
               span: bool = False, panels: int = 2, label: str | None = "auto",
               chinese: bool = False) -> FigureTruth:
        """Place a figure with its caption.

        ``kind`` is "raster", "vector" or "panels" (``panels`` side-by-side plots, "(a)", "(b)",
        under one caption); ``span`` places it across both columns at the top of a new page.
        ``label`` is recorded as the truth label ("auto": parsed from the caption).
        """
        font, fname = (CJK, "china-s") if chinese else (LATIN, "helv")
        csize = self.fontsize - 1
        if span:
            self._new_page()
            width, x = self.width - 2 * self.margin, self.margin
        else:
            width, x = self.col_width, None
        cap_lines = self._wrap(caption, width, font, csize)
        need = height + len(cap_lines) * csize * 1.25 + 18
        if not span:
            self._advance(need)
        x0 = self._col_x(self.col) if x is None else x
        self.y += 6
        cap_rect = None
        if caption_above:
            _, cap_rect = self._lines(caption, size=csize, font=font, fontname=fname, width=width, x=x0)
            self.y += 4
        gfx = pymupdf.Rect(x0 + 8, self.y, x0 + width - 8, self.y + height)
        self._figno += 1
        if kind == "raster":
            self.page.insert_image(gfx, pixmap=gradient_pixmap(seed=self._figno), keep_proportion=False)
        elif kind == "vector":
            draw_plot(self.page, gfx, seed=self._figno)
        elif kind == "panels":
            pw = (gfx.width - 10 * (panels - 1)) / panels
            for i in range(panels):
                pr = pymupdf.Rect(gfx.x0 + i * (pw + 10), gfx.y0, gfx.x0 + i * (pw + 10) + pw, gfx.y1 - 10)
                if i % 2:
                    self.page.insert_image(pr, pixmap=gradient_pixmap(seed=self._figno + i),
                                           keep_proportion=False)
                else:
                    draw_plot(self.page, pr, seed=self._figno + i)
                self.page.insert_text((pr.x0 + pw / 2 - 6, gfx.y1 - 1), f"({'abcdef'[i]})", fontsize=7)
        else:
            raise ValueError(kind)
        self.y = gfx.y1 + 6
        if not caption_above:
            _, cap_rect = self._lines(caption, size=csize, font=font, fontname=fname, width=width, x=x0)
        self.y += 8
        if span:
            self.col_top = self.y
        if label == "auto":
            import re

            m = re.match(r"\s*(?:Figure|Fig\.?|FIGURE|图)\s*(\d+)", caption)
            label, number = (f"Figure {int(m.group(1))}", int(m.group(1))) if m else (None, None)
        else:
            number = None
        fig = FigureTruth(label=label, number=number, page=self.pno, bbox=tuple(gfx),
                          caption=caption, caption_bbox=tuple(cap_rect) if cap_rect else None,
                          kind=kind)
        self.truth.figures.append(fig)
        return fig

    def table(self, caption: str, rows: int = 4) -> None:
        """A ruled table with its "Table N" caption above it."""
        size = self.fontsize - 1
        self._advance(rows * 14 + 30)
        x0 = self._col_x(self.col)
        self.y += 4
        self._lines(caption, size=size, font=LATIN, fontname="helv", x=x0)
        self.y += 2
        shape = self.page.new_shape()
        for r in range(rows + 1):
            shape.draw_line((x0, self.y + r * 14), (x0 + self.col_width, self.y + r * 14))
        shape.finish(color=(0, 0, 0), width=0.5)
        shape.commit()
        for r in range(rows):
            for c in range(3):
                self.page.insert_text((x0 + 4 + c * self.col_width / 3, self.y + r * 14 + 10),
                                      f"{r * 3 + c:.1f}", fontsize=size)
        self.y += rows * 14 + 10
        self.truth.tables.append((self.pno, caption))

    def page_break(self) -> None:
        self._new_page()

    def save(self, path: Path) -> Truth:
        """Write the PDF to ``path`` and return its truth."""
        self.doc.save(path)
        self.truth.path = Path(path)
        self.truth.pages = self.doc.page_count
        self.doc.close()
        return self.truth


# --- ready-made documents -------------------------------------------------------------------

def two_column_paper(path: Path, *, logo: bool = True, hyphenate: bool = True) -> Truth:
    """Three pages in two columns: headings, a vector figure (caption below), a raster figure
    (caption above), a two-panel figure spanning both columns, a table, header, page numbers,
    logo on every page, figure mentions in the text."""
    b = PaperBuilder(columns=2, header="Proceedings of Testing 2024", logo=logo, hyphenate=hyphenate)
    b.title("Energy Use of Battery Powered Sensor Networks")
    b.heading("1 Introduction")
    b.paragraph(lorem(5) + " The daily energy budget is shown in Fig. 1 for all nodes.")
    b.figure("vector", "Figure 1: Daily energy use per node over the trial, in joules.")
    b.paragraph(lorem(4, 5) + " As Figure 2 shows, the gateway nodes age faster.")
    b.heading("2 Method")
    b.figure("raster", "Figure 2: Thermal image of a node enclosure at noon.", caption_above=True)
    b.paragraph(lorem(6, 9) + " Figs. 2 and 3 compare the two enclosures.")
    b.table("Table 1: Configurations of the three deployments.")
    b.paragraph(lorem(5, 15))
    b.figure("panels", "Figure 3: (a) Current draw during a radio burst. (b) The same node after "
             "the scheduling change.", span=True, height=130)
    b.heading("3 Results")
    b.paragraph(lorem(8, 20) + " Figure 3(b) shows the effect of the schedule.")
    b.paragraph(lorem(6, 28))
    return b.save(path)


def wide_margin_report(path: Path, pages: int = 4) -> Truth:
    """A4 pages in one column with wide margins, as the Journal of Statistical Software sets
    them: a running header ending 88 pt below the top and page numbers 95 pt above the bottom
    (beyond the bands of a tenth of the page) right over and under the text, the paragraphs
    running over the page breaks."""
    b = PaperBuilder(columns=1, width=595.28, height=841.89, margin=100, number_from_bottom=95,
                     header="Observers on Finsler Spacetimes in R")
    b.title("Observers on Finsler Spacetimes")
    for k in range(pages * 2):
        b.paragraph(lorem(7, k * 7))
    return b.save(path)


# a paper's thanks as they end many arXiv papers: no heading, and the reader's line breaks
# parting a name from the rest ("... and Jim" / "Sethna for many fruitful discussions.")
ACKNOWLEDGEMENT = ["We acknowledge inspiring interactions with L. Mahadevan in the initial stages of this project. "
                   "We thank Carl Goodrich, Andrea Liu, Michael Marder and Jim",
                   "Sethna for many fruitful discussions. The authors are grateful to Anna Berg for helpful "
                   "comments on the manuscript. The work was supported by the NSF grant DMR-1404841."]


def acknowledged_paper(path: Path) -> Truth:
    """Two pages in two columns whose last paragraphs are the authors' thanks (no heading),
    the name at a block's end parted from the rest of its sentence (:data:`ACKNOWLEDGEMENT`)."""
    b = PaperBuilder(columns=2, header="Physical Review Testing")
    b.title("Rigidity Controls the Failure of Disordered Solids")
    b.paragraph(lorem(6) + " We find that the crack width grows as the rigidity transition is approached.")
    b.paragraph(lorem(8, 6))
    b.paragraph(lorem(8, 14) + " In conclusion, the width of the failure zone is a direct probe of rigidity.")
    for part in ACKNOWLEDGEMENT:
        b.paragraph(part)
    return b.save(path)


def chinese_paper(path: Path) -> Truth:
    """One column of Chinese text with a figure captioned "图 1：..." and a sentence citing it."""
    b = PaperBuilder(columns=1, logo=False)
    b.heading("1 引言")
    b.paragraph("传感器网络的大部分能量用于无线通信。我们测量了每个节点的电流！结果如何？"
                "如图1所示，占空比可以显著降低功耗。", chinese=True)
    b.figure("vector", "图 1：每个节点的日能耗。", chinese=True)
    b.paragraph("网关附近的节点转发更多的数据包。因此它们的电池更早耗尽。", chinese=True)
    return b.save(path)


def many_pages(path: Path, pages: int, *, figure_every: int = 0) -> Truth:
    """``pages`` one-column pages of text; a vector figure every ``figure_every`` pages."""
    b = PaperBuilder(columns=1, header="A long report", logo=True)
    fig = 0
    for p in range(pages):
        if p:
            b.page_break()
        b.paragraph(lorem(3, p * 3))
        if figure_every and p % figure_every == 0:
            fig += 1
            b.figure("vector", f"Figure {fig}: Measurement series number {fig}.", height=80)
    return b.save(path)


# --- documents for the reader's text-side failure classes ----------------------------------

def truncated_pdf(path: Path, pages: int = 30, keep: float = 0.4) -> Path:
    """A ``pages``-page PDF (a figure every third page) cut after ``keep`` of its bytes: MuPDF
    repairs the page tree, and every page past the cut loses its content, each saying why."""
    full = path.with_name(path.stem + "-whole.pdf")
    data = many_pages(full, pages, figure_every=3).path.read_bytes()
    full.unlink()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def wrong_stream_lengths(src: Path, out: Path, delta: int = -2) -> Path:
    """A copy of ``src`` whose content streams all declare a wrong /Length (``delta`` bytes
    off, the content still intact): MuPDF warns "PDF stream Length incorrect" on every page."""
    import re

    doc = pymupdf.open(src)
    raw = doc.tobytes(expand=255, garbage=0)
    doc.close()
    fixed = re.sub(rb"/Length (\d+)>>\nstream\n\nq",
                   lambda m: b"/Length " + str(int(m.group(1)) + delta).encode() + b">>\nstream\n\nq", raw)
    assert fixed != raw
    out.write_bytes(fixed)
    return out


def huge_image_page(path: Path, side: int = 30000) -> Path:
    """One page of text with a ``side`` x ``side`` grey image (about a megabyte compressed,
    ``side``² bytes decoded) placed in a 328 x 300 pt box."""
    import zlib

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), lorem(2)[:90], fontsize=10)
    page.insert_text((72, 86), lorem(2)[90:180], fontsize=10)
    co = zlib.compressobj(9)
    chunk = b"\x80" * side * 500
    data = b"".join(co.compress(chunk) for _ in range(side // 500)) + co.flush()
    xref = doc.get_new_xref()
    doc.update_object(xref, f"<< /Type /XObject /Subtype /Image /Width {side} /Height {side} "
                            "/ColorSpace /DeviceGray /BitsPerComponent 8 >>")
    doc.update_stream(xref, data, compress=False)
    doc.xref_set_key(xref, "Filter", "/FlateDecode")
    res = int(doc.xref_get_key(page.xref, "Resources")[1].split()[0])
    doc.xref_set_key(res, "XObject", f"<< /Im9 {xref} 0 R >>")
    content = doc.get_new_xref()
    doc.update_object(content, "<< >>")
    doc.update_stream(content, b"q 328 0 0 300 72 392 cm /Im9 Do Q")
    kind, value = doc.xref_get_key(page.xref, "Contents")
    first = value.split()[0] if kind == "xref" else value.strip("[]").split()[0]
    doc.xref_set_key(page.xref, "Contents", f"[{first} 0 R {content} 0 R]")
    doc.save(path)
    return path


def _map_to_private_use(doc: pymupdf.Document, font: int, start: int) -> None:
    """Rewrite the ToUnicode map of ``font`` (an xref) so that its 256 first glyph codes read as
    private-use characters from ``start`` on, as a font whose map names no real character does."""
    tu = int(doc.xref_get_key(font, "ToUnicode")[1].split()[0])
    doc.update_stream(tu, b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                          b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                          b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
                          b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
                          + f"1 beginbfrange <0000> <00FF> <{start:04X}> endbfrange\n".encode()
                          + b"endcmap CMapName currentdict /CMap defineresource pop end end")


def unmapped_font_page(path: Path, text: str, *, private_use: bool = True) -> Path:
    """A page whose text renders correctly but whose text layer is garbage: an embedded font
    whose ToUnicode map sends every glyph to the private-use area (``private_use``) or that
    has no ToUnicode map at all (glyph ids come out as control codes and shifted letters)."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_font(fontname="F0", fontbuffer=pymupdf.Font("tiro").buffer)
    font = doc.get_page_fonts(0)[0][0]
    if not private_use:
        doc.xref_set_key(font, "ToUnicode", "null")
    y = 100
    for line in _wrap_plain(text, 70):
        page.insert_text((72, y), line, fontname="F0", fontsize=14)
        y += 20
    if private_use:
        _map_to_private_use(doc, font, 0xE000)
    doc.save(path)
    return path


def glyph_soup_page(path: Path, text: str) -> Path:
    """A page that shows ``text`` but whose text layer is single glyphs with a space between
    each, every character given the next code in order of first use ("A", "B", ...): what
    MuPDF gives for the Type 3 fonts of old TeX output, which have no Unicode map and are
    placed glyph by glyph. The text shows as an image at 200 dpi; the garbage layer lies
    over it, invisible, line by line."""
    lines = _wrap_plain(text, 70)
    with pymupdf.open() as shown:
        src = shown.new_page()
        for i, line in enumerate(lines):
            src.insert_text((72, 100 + 20 * i), line, fontname="tiro", fontsize=14)
        pix = src.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, pixmap=pix)
    codes = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\u00c0\u00c1\u00c2\u00c3\u00c4\u00c5\u00c6\u00c7\u00c8"
    order: dict[str, str] = {}
    for i, line in enumerate(lines):
        soup = " ".join(order.setdefault(c, codes[len(order)]) for c in line if not c.isspace())
        page.insert_text((72, 100 + 20 * i), soup, fontname="cour", fontsize=5, render_mode=3)
    doc.save(path)
    return path


def formula_glyphs_paragraph(path: Path, before: str, after: str) -> Path:
    """One sentence broken by a display formula: ``before`` ends a block, the formula's
    brackets follow as a block of their own in a font that maps its glyphs to private-use
    codes (as math fonts without a Unicode map give them), and ``after`` opens the next block."""
    from tests.figurebuild import paragraph
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_font(fontname="F0", fontbuffer=pymupdf.Font("tiro").buffer)
    y = paragraph(page, 72, 72, 540, lorem(3)) + 14
    y = paragraph(page, 72, y, 540, before) + 4
    page.insert_text((250, y + 10), "(", fontname="F0", fontsize=9)
    page.insert_text((330, y + 10), ")", fontname="F0", fontsize=9)
    paragraph(page, 72, y + 18, 540, after + " " + lorem(2, start=3))
    font = next(f[0] for f in doc.get_page_fonts(0) if f[4] == "F0")
    _map_to_private_use(doc, font, 0xF800)
    doc.save(path)
    return path


def formula_page(path: Path, sentences: list[str]) -> Path:
    """A page of mathematics as TeX sets it: prose in a mapped font, and between its sentences
    display formulas in a symbol font without a ToUnicode map, whose glyphs (big delimiters)
    come out as control codes (about a tenth of the page's characters)."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_font(fontname="F0", fontbuffer=pymupdf.Font("tiro").buffer)
    page.insert_font(fontname="F1", fontbuffer=pymupdf.Font("cour").buffer)
    symbols = next(f[0] for f in doc.get_page_fonts(0) if f[4] == "F1")
    doc.xref_set_key(symbols, "ToUnicode", "null")
    y = 80
    for sentence in sentences:
        for line in _wrap_plain(sentence, 70):
            page.insert_text((72, y), line, fontname="F0", fontsize=11)
            y += 15
        page.insert_text((140, y), "( [ { ( [ { x y z } ] ) } ] )", fontname="F1", fontsize=11)
        y += 18
    doc.save(path)
    return path


def _wrap_plain(text: str, width: int) -> list[str]:
    lines, cur = [], ""
    for word in text.split():
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    return lines + ([cur] if cur else [])


def scanned(src: Path, out: Path, dpi: int = 150, pages: int | None = None) -> Path:
    """An image-only copy of ``src``: each page rasterised in grey at ``dpi``, no text layer."""
    with pymupdf.open(src) as doc, pymupdf.open() as scan:
        for page in list(doc)[:pages]:
            pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
            new = scan.new_page(width=page.rect.width, height=page.rect.height)
            new.insert_image(new.rect, pixmap=pix)
        scan.save(out)
    return out


ZH_SENTENCES = [
    "机器学习是让计算机从数据中自动学习规律的方法。",
    "训练集中的样本用来训练模型，测试集中的样本用来检验模型的好坏。",
    "如果模型在训练集上的错误率很低而在测试集上很高，就说它过拟合了。",
    "正则化通过限制模型的能力来减少过拟合的风险。",
    "梯度下降法沿着损失函数的负梯度方向逐步更新参数。",
    "学习率太大时参数会来回振荡，太小时收敛又很慢。",
]


def chinese_book(path: Path, pages: int = 6) -> Truth:
    """Pages of a Chinese book: a narrow text column of long paragraphs wrapped at arbitrary
    characters, a margin note in small type beside the column on every page, a running header
    that names the chapter on even pages and the section on odd ones (with the page number),
    a figure "图 2.1" and one "图 2.2" (caption: label, space, title), and body sentences that
    cite them ("如图2.1所示", "图2.2给出了")."""
    b = PaperBuilder(columns=1, page_numbers=False, logo=False, margin=72)
    b.col_width = 300  # a book's column, with room for notes in the outer margin
    notes = []
    for p in range(pages):
        if p:
            b.page_break()
        page = b.page
        running = "第2章 机器学习概述" if p % 2 == 0 else f"2.{p // 2 + 1} {['基本概念', '学习准则', '优化算法'][p // 2]}"
        page.insert_text((b.margin, b.margin - 20), f"{p + 1}    {running}", fontsize=9, fontname="china-s")
        if p == 0:
            b.heading("2.1 基本概念")
        text = "".join(ZH_SENTENCES[(p + k) % len(ZH_SENTENCES)] for k in range(6))
        if p == 1:
            text += "如图2.1所示，模型的错误率随着训练的进行而下降。"
        if p == 2:
            text += "图2.2给出了学习率对收敛速度的影响。"
        b.paragraph(text, chinese=True)
        note = f"边注{p + 1}：参见第{p + 1}节。"
        page.insert_text((b.margin + 320, b.top + 30), note, fontsize=7, fontname="china-s")
        notes.append((p, note))
        if p in (1, 2):
            b.figure("vector", f"图2.{p} 第{p}个示例的错误率曲线", chinese=True, height=90)
        b.paragraph("".join(ZH_SENTENCES[(p + k + 3) % len(ZH_SENTENCES)] for k in range(4)), chinese=True)
    truth = b.save(path)
    truth.paragraphs += [(p, n) for p, n in notes]  # recorded, to be asserted absent from the body
    return truth


def reader_defects_paper(path: Path) -> Truth:
    """One column of the text that makes summaries unreadable when taken as it stands: a title
    with a speck read as a period ("Replicated . Database"), list items glued into a paragraph
    ("• Leader election: …"), figure references that are part of a sentence's grammar ("Logs
    are organized as shown in Figure 6."), one set off as an aside, and lines of formula
    debris, OCR debris and table cells, each a paragraph of its own."""
    b = PaperBuilder(columns=1)
    b.title("Epidemic Algorithms for Replicated . Database Maintenance")
    b.heading("1 Introduction")
    b.paragraph("Raft is a consensus algorithm for managing a replicated log across many servers. "
                "It has several novel features that make it easier to understand. "
                "• Strong leader: Raft uses a stronger form of leadership than other consensus algorithms. "
                "• Leader election: Raft uses randomized timers to elect leaders quickly and simply.")
    b.paragraph("Logs are organized as shown in Figure 6. This situation is illustrated in Figure 8(b). "
                "The log of every server grows without bound over time, as shown in Figure 3.")
    b.paragraph("= exp(−wTx) 1 + exp(−wTx).")
    b.paragraph("Vs, Sf E S: s.ValueOf = sf.ValueOf.")
    b.paragraph("Reaction z Refs. B0 σB RB [MeV].")
    b.paragraph(lorem(4))
    return b.save(path)


# what each of untold_headings_paper's marked sentences does in the paper (by construction)
UNTOLD_ROLES = {
    "problem": "Replicated storage systems lose committed writes when a leader crashes during a network "
               "partition, and operators cannot tell which copy is correct.",
    "approach": "We replace the single leader with a rotating quorum of three coordinators that sign each "
                "write before it is applied.",
    "findings": "Across forty fault-injection runs, the rotating quorum kept every committed write and "
                "doubled the throughput of the single-leader design.",
    "limitations": "Our design does not tolerate coordinators that lie, and it assumes clocks that drift by "
                   "less than a second.",
}


UNTOLD_HEADINGS = ("1 Basics", "2 Details", "3 More details", "4 Remarks")


def untold_headings_paper(path: Path, headings: tuple[str, str, str, str] = UNTOLD_HEADINGS) -> Truth:
    """A four-section paper whose headings say nothing of what each section does ("1 Basics",
    "2 Details", "3 More details", "4 Remarks"; or ``headings``), set out as papers are (the
    problem first, then what was done, what was found, what it cannot do), with one marked
    sentence per role (:data:`UNTOLD_ROLES`) among sentences that play the same part."""
    b = PaperBuilder(columns=1)
    b.title("Rotating Quorums for Replicated Storage")
    b.heading(headings[0])
    b.paragraph("Many online services keep several copies of their data on different machines. "
                "A single machine, the leader, orders the writes and sends them to the other copies. "
                + UNTOLD_ROLES["problem"] + " "
                "Such losses have been reported by several large cloud providers over the past decade. "
                "Existing remedies either stop accepting writes during a partition or require manual repair. "
                "This paper presents rotating quorums, which keep every committed write through a partition.")
    b.heading(headings[1])
    b.paragraph(UNTOLD_ROLES["approach"] + " "
                "Each coordinator keeps its own copy of the log and a counter of the writes it has signed. "
                "A write is applied once two of the three coordinators have signed it. "
                "The role of the first coordinator moves to the next machine every ten seconds. "
                "Clients send their writes to any coordinator, which forwards them to the other two.")
    b.heading(headings[2])
    b.paragraph("We ran the system on twelve machines in three data centres for two weeks. "
                + UNTOLD_ROLES["findings"] + " "
                "The median latency of a write rose from 4.1 ms to 5.3 ms. "
                "Recovery after a crashed coordinator took 1.8 s on average, against 9.5 s for the single leader.")
    b.heading(headings[3])
    b.paragraph(UNTOLD_ROLES["limitations"] + " "
                "A deployment across continents would need longer rotation periods. "
                "The signatures add about two hundred bytes to every write.")
    return b.save(path)


# the body of merged_heading_paper's sections, by heading (truth by construction)
MERGED_HEADINGS = {
    "5.1 Raft basics": ("A Raft cluster contains several servers, and five is a typical number. "
                        "At any given time each server is in one of three states: leader, follower, or candidate."),
    "5.2 Leader election": ("Raft uses a heartbeat mechanism to trigger leader election. "
                            "When servers start up, they begin as followers and remain so while they hear from a leader."),
    "5.3 Log replication with replicated state machines": ("Once a leader has been elected, it begins servicing client requests. "
                            "Each client request contains a command to be executed by the replicated state machines."),
}


def merged_heading_paper(path: Path) -> Truth:
    """A page whose numbered headings sit right above their paragraphs, as close as the
    paragraph's own lines, so MuPDF returns each heading and its paragraph as one block; the
    headings are set in a font whose name says bold ("NimbusRomNo9L-Medi", the bold of Times
    as TeX sets it) but which carries no bold flag, as some PDFs embed it (Raft's sections
    5.2–5.6 were read under "5.1"); the last heading's title takes two rows, its number a line of
    its own beside the first, and it sits right under the paragraph before it, in the same block
    (arXiv 1407.5358's "7 Previous work" was read as "Table 1). 7 Previous work")."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_font(fontname="F1", fontbuffer=pymupdf.Font("tiro").buffer)
    truth = Truth(path=path, pages=1)
    y = 90.0
    for heading, body in MERGED_HEADINGS.items():
        number, title = heading.split(" ", 1)
        page.insert_text((72, y), number, fontname="F1", fontsize=10)  # a line of its own, on the title's row
        for k, line in enumerate(_wrap_plain(title, 26)):
            y += 13 if k else 0
            page.insert_text((96, y), line, fontname="F1", fontsize=10)
        for line in _wrap_plain(body, 80):
            y += 13
            page.insert_text((72, y), line, fontname="helv", fontsize=10)
        truth.headings.append((0, heading))
        truth.paragraphs.append((0, body))
        y += 13 if len(truth.headings) == 2 else 22  # the third heading right under the second paragraph
    font = next(f[0] for f in doc.get_page_fonts(0) if f[4] == "F1")
    descendant = int(doc.xref_get_key(font, "DescendantFonts")[1].strip("[]").split()[0])
    descriptor = int(doc.xref_get_key(descendant, "FontDescriptor")[1].split()[0])
    for xref, key in ((font, "BaseFont"), (descendant, "BaseFont"), (descriptor, "FontName")):
        doc.xref_set_key(xref, key, "/ABCDEF+NimbusRomNo9L-Medi")
    doc.save(path)
    return truth


BANDED_TITLE = "Energy Use of Battery Powered Sensor Networks"


def banded_title_paper(path: Path, *, placed: bool = False, boxed: bool = False, teaser: bool = False) -> Truth:
    """A title set in white on a dark coloured band across the top of the first page (a
    drawing, as journal templates set it), then its authors, an abstract, a section and a vector
    figure with its caption. ``placed``: band and title come as a template page placed on the
    page (a clipped form, as an included header is); ``boxed``: the title is set in black inside a
    stroked frame on a light fill instead; ``teaser``: a figure with its caption follows the
    authors right away (as conference papers set a teaser figure)."""
    def head(page: pymupdf.Page, x: float, y: float) -> None:
        band = pymupdf.Rect(x, y, x + 504, y + 44)
        if boxed:
            page.draw_rect(band, color=(0.1, 0.1, 0.3), fill=(0.88, 0.92, 1.0), width=1.2)
        else:
            page.draw_rect(band, color=None, fill=(0.05, 0.2, 0.45))
        page.insert_text((x + 14, y + 28), BANDED_TITLE, fontsize=18, fontname="hebo",
                         color=(0, 0, 0) if boxed else (1, 1, 1))

    b = PaperBuilder(columns=1, page_numbers=False)
    if placed:
        src = pymupdf.open()
        head(src.new_page(width=504, height=44), 0, 0)
        b.page.show_pdf_page(pymupdf.Rect(54, 40, 558, 84), src, 0)
    else:
        head(b.page, 54, 40)
    b.truth.title = BANDED_TITLE
    b.y = 100
    b.paragraph("Ada Lovelace and Charles Babbage")
    if teaser:
        b.figure("vector", "Figure 1: Daily energy use per node over the trial, in joules.", height=140)
    b.heading("Abstract")
    b.paragraph(lorem(4) + " The daily energy budget is shown in Figure 1.")
    b.heading("1 Introduction")
    b.paragraph(lorem(5, 4))
    if not teaser:
        b.figure("vector", "Figure 1: Daily energy use per node over the trial, in joules.", height=140)
    b.paragraph(lorem(4, 9))
    return b.save(path)


CONTENTS_ENTRIES = [("1.", "Introduction", "2"), ("2.", "Network model and duty cycles", "3"),
                    ("2.1.", "Energy harvested by the panels", "3"), ("3.", "Results on the vineyard", "4"),
                    ("", "References", "5")]


def contents_paper(path: Path, *, leaders: bool = False, numbers_apart: bool = False) -> Truth:
    """A paper whose first page holds a table of contents under the title: "Contents", then each
    entry's number, heading and page number set apart on one row (amsart's layout), or with
    ``leaders`` as one line "1 Introduction . . . . 2" each (``numbers_apart``: the page number
    set a little lower, so that MuPDF reads it as a line of its own, as in R's vignettes); then
    the sections themselves."""
    b = PaperBuilder(columns=1, page_numbers=True)
    b.title("Duty cycles of a solar sensor network")
    b.paragraph("We study how long the nodes of a sensor network in a vineyard can sleep between readings.")
    page, x0, x1 = b.page, b.margin, b.width - b.margin
    y = b.y + 20
    page.insert_text((x0 + 150, y), "Contents", fontsize=9, fontname="hebo")
    y += 6  # the heading a block of its own, the entries another (as amsart's come out)
    for number, heading, at in CONTENTS_ENTRIES:
        y += 13
        if leaders:
            line = f"{number} {heading} ".lstrip()
            dots = " ." * int((x1 - x0 - pymupdf.get_text_length(line, "helv", 10) - 30) / 5)
            if numbers_apart:
                page.insert_text((x0, y), f"{line}{dots}", fontsize=10, fontname="helv")
                page.insert_text((x1 - 8, y + 1.5), at, fontsize=10, fontname="helv")
            else:
                page.insert_text((x0, y), f"{line}{dots} {at}", fontsize=10, fontname="helv")
            continue
        page.insert_text((x0, y), number, fontsize=10, fontname="helv")
        page.insert_text((x0 + 28, y), heading, fontsize=10, fontname="helv")
        page.insert_text((x1 - 12, y), at, fontsize=10, fontname="helv")
    b.page_break()
    for number, heading, _ in CONTENTS_ENTRIES[:-1]:
        b.heading(f"{number} {heading}")
        b.paragraph(f"The section on {heading.lower()} opens with this sentence. " + lorem(2))
    return b.save(path)
