"""The data model every stage shares: a document's pages, text and figures, with provenance.

Coordinates: every ``bbox`` is ``(x0, y0, x1, y1)`` in PDF points (1/72 inch), origin at the
top-left of the page, as PyMuPDF reports them. Pages are 0-based everywhere in the core;
only user-facing text ("p. 4") is 1-based.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

BBox = tuple[float, float, float, float]


class Status(str, Enum):
    """How reading or summarizing one document ended."""

    SUCCESS = "success"
    PARTIAL = "partial"  # done, but something was skipped (see ``warnings``)
    FAILURE = "failure"
    CANCELLED = "cancelled"  # stopped on request before it finished: not a failure of the document


@dataclass
class PageInfo:
    """One page's geometry; ``number`` is 0-based, sizes in points."""

    number: int
    width: float
    height: float


@dataclass
class Section:
    """A heading recognised in the text; ``level`` 1 is a top-level section."""

    title: str
    page: int
    level: int = 1


@dataclass
class Sentence:
    """One sentence of body text.

    ``index`` is its position in ``Document.sentences`` (reading order); ``bbox`` is the union
    of its lines on ``page``; ``section`` is the title of the section it lies in, if any;
    ``figure_ids`` lists the figures it cites ("Fig. 3"), ``table_ids`` the tables ("Table 2").
    """

    index: int
    text: str
    page: int
    bbox: BBox
    section: str | None = None
    block: int = 0
    figure_ids: list[str] = field(default_factory=list)
    table_ids: list[str] = field(default_factory=list)


@dataclass
class Footnote:
    """A footnote: its ``text`` (its continuation lines joined, without the mark that opens
    it) and ``bbox``, the union of its lines on ``page`` (0-based). Neither a sentence nor
    ranked: kept so that search finds the words only a footnote holds."""

    page: int
    bbox: BBox
    text: str


@dataclass
class Mention:
    """A sentence that cites a figure; ``sentence`` indexes ``Document.sentences``."""

    page: int
    text: str
    sentence: int


@dataclass
class ChartAxis:
    """One axis of a chart as it reads: title and unit as printed ("Voltage", "V"), "linear" or
    "log", and the data range its ticks span (low, high), or None."""

    title: str | None = None
    unit: str | None = None
    scale: str = "linear"
    range: tuple[float, float] | None = None


@dataclass
class ChartSeries:
    """One series: its legend name (None when there is no legend) and its points in data units,
    ``(x, y)``, x a category label for bar charts; None when the points could not be read."""

    name: str | None
    points: list[tuple[float | str, float]] | None = None


@dataclass
class FigureContent:
    """What a figure shows: its ``kind`` (line, scatter, bar, histogram, pie, heatmap, box,
    diagram, photo, map, table-image, equation, other), a ``description`` in words, and for
    charts its ``axes`` ({"x": ..., "y": ...}) and ``series``. ``read`` names the parts that
    were read from the figure itself ("kind", "axes", "series", "legend"). ``measures``: the
    drawing statistics the kind was judged on
    (:data:`mmsum.ingest.kind_measures.DRAWING_MEASURES`), kept for the crop's judgement."""

    kind: str = "other"
    description: str = ""
    axes: dict[str, ChartAxis] | None = None
    series: list[ChartSeries] | None = None
    read: list[str] = field(default_factory=list)
    measures: list[float] | None = None


@dataclass
class Figure:
    """A figure (raster, vector or both) with its caption and citing sentences.

    ``bbox`` covers the graphic only (not the caption), on ``page``. ``number`` is the
    parsed label number (3 for "Fig. 3a"); ``image_png`` is the crop rendered from the page.
    ``text`` is the text inside the figure itself (axis titles, legends, node labels), cleaned
    of tick numbers and lone symbols, in reading order.
    """

    id: str
    page: int
    bbox: BBox
    label: str | None = None
    number: int | None = None
    caption: str = ""
    caption_bbox: BBox | None = None
    mentions: list[Mention] = field(default_factory=list)
    kind: str = "raster"  # "raster" | "vector" | "mixed"
    image_png: bytes | None = None
    text: str = ""
    content: FigureContent | None = None  # what it shows (kind, axes, series, description)
    # whether the crop reads as a table set as an image, judged on its pixels as it was
    # rendered (mmsum.ingest.ruled_crops); None: not judged (a crop stored elsewhere)
    ruled: bool | None = None


@dataclass
class Table:
    """A table with its caption, read into rows and columns where its structure allows.

    ``bbox`` covers the table only (not the caption), on ``page`` (the first page of a table
    continued on the next ones, whose rows follow in ``rows``). ``header`` holds the header
    rows and ``rows`` the body, each a list of cell strings as wide as the table; a cell that
    spans several columns or rows is repeated in each cell it covers. ``rows`` is None when
    the structure could not be read, and ``unread`` says why. ``kind`` says how it was read:
    "lines" (ruled grid), "aligned" (booktabs or borderless, by whitespace), "ocr" (a table set
    as an image, read from the OCR engine's boxes) or "image" (a picture whose cells were not
    read). ``image_png`` is the crop rendered from the page. ``notes`` are the notes set under
    the table or between it and its caption, one string each: neither rows nor body text.
    ``bold`` lists the body cells whose numbers are set in bold (a results table's best).
    """

    id: str
    page: int
    bbox: BBox
    label: str | None = None
    number: int | None = None
    caption: str = ""
    caption_bbox: BBox | None = None
    header: list[list[str]] = field(default_factory=list)
    rows: list[list[str]] | None = None
    unread: str | None = None
    kind: str = "aligned"
    mentions: list[Mention] = field(default_factory=list)
    image_png: bytes | None = None
    pages: list[int] = field(default_factory=list)  # every page it lies on (0-based), first to last
    notes: list[str] = field(default_factory=list)  # its notes ("Note: …", "* p < 0.05 …"), in order
    bold: list[tuple[int, int]] = field(default_factory=list)  # (row, column) of ``rows``' bold numbers

    @property
    def text(self) -> str:
        """The cells' text, row by row (for ranking and search)."""
        return "\n".join(" | ".join(row) for row in self.header + (self.rows or []))


@dataclass
class Document:
    """A read document. ``warnings`` lists what was skipped and why (bad pages, etc.);
    ``ocr_pages`` the pages without a usable text layer whose text was recognised by OCR."""

    path: Path
    title: str | None
    pages: list[PageInfo]
    sentences: list[Sentence] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # 0-based pages that could not be read whole -> what was lost ("skipped: ..." for a page
    # left out); ``warnings`` says how many, the JSON lists them
    damaged_pages: dict[int, str] = field(default_factory=dict)
    content_hash: str = ""  # sha256 of the file's bytes; keys caches
    ocr_pages: list[int] = field(default_factory=list)  # 0-based pages whose text was recognised by OCR
    ocr_engine: str | None = None  # the OCR engine that read them ("PP-OCRv6 small (rapidocr 3.10.0)")
    language: str = "und"  # BCP 47 code of the main language ("en", "zh", "ja"; "und": not determined)
    tables: list[Table] = field(default_factory=list)  # captioned tables, in caption order
    footnotes: list[Footnote] = field(default_factory=list)  # page by page, in the order MuPDF reads them

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def status(self) -> Status:
        return Status.PARTIAL if self.warnings else Status.SUCCESS
