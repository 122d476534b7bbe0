"""What a document viewer needs from a document, without Qt: page sizes, rendered pages, the
words on a page with their boxes, text search and the outline.

Documents are opened by the core's opener (:func:`mmsum.ingest.open.open_document`), so a
viewer accepts and refuses exactly the files a summary does, with the same messages.
Coordinates are PDF points with the origin at the top-left of the page (as every ``bbox`` in
mmsum); pages are 0-based.
"""
from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .document import BBox
from .errors import DocumentError


class PasswordRequired(DocumentError):
    """The document is encrypted: no password was given (``wrong`` False) or a wrong one."""

    def __init__(self, message: str, *, wrong: bool = False) -> None:
        super().__init__(message)
        self.wrong = wrong

    def __reduce__(self):  # keeps ``wrong`` across a process boundary
        return (type(self), (str(self),), {"wrong": self.wrong})


@dataclass(frozen=True)
class Word:
    """A word on a page: ``block`` and ``line`` number it within the page's text, in the
    order PyMuPDF reads it."""

    text: str
    bbox: BBox
    block: int
    line: int


@dataclass(frozen=True)
class OutlineEntry:
    """One entry of the document's table of contents; ``level`` 1 is the top level.

    ``page`` is -1 for an entry that points outside the document; ``y`` is the top of the
    target in points, when the document says where on the page it is.
    """

    level: int
    title: str
    page: int
    y: float | None = None


@dataclass(frozen=True)
class RenderedPage:
    """A page drawn as packed RGB rows (3 bytes a pixel, ``stride`` bytes a row)."""

    width: int
    height: int
    stride: int
    samples: bytes


@dataclass(frozen=True)
class FindHit:
    """One occurrence of the searched text: the boxes it covers on ``page`` (one per line)."""

    page: int
    boxes: tuple[BBox, ...]


def _encrypted(path: Path) -> bool:
    import pymupdf

    try:
        with pymupdf.open(path) as doc:
            return bool(doc.needs_pass)
    except Exception:  # unreadable: the opener's own message says why
        return False


class PageSource:
    """An open document, for viewing. Use :meth:`open`; close it when done (or ``with``)."""

    def __init__(self, doc, path: Path) -> None:
        self._doc = doc
        self.path = path

    @classmethod
    def open(cls, path: Path | str, password: str | None = None) -> "PageSource":
        """Open ``path``; :class:`PasswordRequired` when encrypted and ``password`` does not
        unlock it, :class:`DocumentError` for every other reason it cannot be read."""
        from .ingest.open import open_document

        path = Path(path)
        try:
            return cls(open_document(path, password), path)
        except PasswordRequired:
            raise
        except DocumentError as err:
            if _encrypted(path):
                if password:
                    raise PasswordRequired(f"{path.name}: wrong password", wrong=True) from None
                raise PasswordRequired(f"{path.name} is encrypted; a password is needed") from None
            raise DocumentError(str(err)) from None

    def close(self) -> None:
        self._doc.close()

    def __enter__(self) -> "PageSource":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def page_count(self) -> int:
        return self._doc.page_count

    @property
    def title(self) -> str | None:
        """The title in the document's metadata, if it has one."""
        title = (self._doc.metadata or {}).get("title") or ""
        return " ".join(title.split()) or None

    def sizes(self) -> list[tuple[float, float]]:
        """Each page's (width, height) in points."""
        return [(p.rect.width, p.rect.height) for p in self._doc]

    def render(self, page: int, scale: float) -> RenderedPage:
        """Page ``page`` drawn at ``scale`` pixels per point."""
        import pymupdf

        pix = self._doc[page].get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
        return RenderedPage(pix.width, pix.height, pix.stride, bytes(pix.samples))

    def words(self, page: int) -> list[Word]:
        """The words on ``page`` in reading order (as PyMuPDF reads the text)."""
        out = []
        for x0, y0, x1, y1, text, block, line, _n in self._doc[page].get_text("words", sort=False):
            out.append(Word(text, (x0, y0, x1, y1), block, line))
        return out

    def find(self, query: str, pages: Iterable[int] | None = None) -> list[FindHit]:
        """Where ``query`` occurs (case-insensitive, any run of spaces matching any other,
        across line ends), page by page in ``pages`` (default: all), in reading order."""
        hits: list[FindHit] = []
        for n in (range(self.page_count) if pages is None else pages):
            if 0 <= n < self.page_count:
                hits += [FindHit(n, boxes) for boxes in find_in_words(self.words(n), query)]
        return hits

    def outline(self) -> list[OutlineEntry]:
        """The document's table of contents (its bookmarks), in order; empty if it has none."""
        entries = []
        for item in self._doc.get_toc(simple=False):
            level, title, page1 = item[0], item[1], item[2]
            dest = item[3] if len(item) > 3 and isinstance(item[3], dict) else {}
            to = dest.get("to")
            y = float(to.y) if to is not None and page1 > 0 and getattr(to, "y", 0) > 0 else None
            entries.append(OutlineEntry(int(level), " ".join(str(title).split()),
                                        page1 - 1 if page1 > 0 else -1, y))
        return entries


def _fold(text: str) -> str:
    # lower case character by character, so positions in the folded text stay those of the
    # original (a few characters lengthen when lowered: those are kept as they are)
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _joiner(prev: Word, word: Word) -> str:
    """What stands between two words in the page's text: a space, except across a line end
    between two Chinese or Japanese characters."""
    new_line = (prev.block, prev.line) != (word.block, word.line)
    return "" if new_line and _cjk(prev.text[-1:]) and _cjk(word.text[:1]) else " "


def find_in_words(words: Sequence[Word], query: str) -> list[tuple[BBox, ...]]:
    """Each occurrence of ``query`` in ``words`` (one page), as boxes: one per line it covers.

    A hit that starts or ends inside a word gets the matching share of the word's width.
    """
    needle = _fold(" ".join(query.split()))
    if not needle or not words:
        return []
    starts, parts, pos = [], [], 0
    for k, w in enumerate(words):
        if k:
            sep = _joiner(words[k - 1], w)
            parts.append(sep)
            pos += len(sep)
        starts.append(pos)
        parts.append(w.text)
        pos += len(w.text)
    hay = _fold("".join(parts))
    hits = []
    at = hay.find(needle)
    while at >= 0:
        end = at + len(needle)
        lines: dict[tuple[int, int], list[float]] = {}
        k = max(0, bisect.bisect_right(starts, at) - 1)
        while k < len(words) and starts[k] < end:
            w, s = words[k], starts[k]
            lo, hi = max(at, s), min(end, s + len(w.text))
            if lo < hi:
                x0, y0, x1, y1 = w.bbox
                share = (x1 - x0) / max(len(w.text), 1)
                box = [x0 + (lo - s) * share, y0, x0 + (hi - s) * share, y1]
                key = (w.block, w.line)
                if key in lines:
                    b = lines[key]
                    lines[key] = [min(b[0], box[0]), min(b[1], box[1]), max(b[2], box[2]), max(b[3], box[3])]
                else:
                    lines[key] = box
            k += 1
        if lines:
            hits.append(tuple(tuple(b) for b in lines.values()))
        at = hay.find(needle, end)
    return hits


def _nearest(words: Sequence[Word], point: tuple[float, float]) -> int:
    """Index of the word closest to ``point`` (0 distance inside a box)."""
    x, y = point

    def distance(w: Word) -> float:
        x0, y0, x1, y1 = w.bbox
        dx = max(x0 - x, 0.0, x - x1)
        dy = max(y0 - y, 0.0, y - y1)
        # across lines counts more than along them: a point left of a line picks that line
        return dx + 3.0 * dy

    return min(range(len(words)), key=lambda i: distance(words[i]))


def select_words(words: Sequence[Word], start: tuple[float, float] | None,
                 end: tuple[float, float] | None) -> list[Word]:
    """The words selected by a drag from ``start`` to ``end`` (points on one page), in
    reading order: from the word nearest one end to the word nearest the other.

    ``start`` None means "from the top of the page", ``end`` None "to the end of the page"
    (a drag that continues on another page).
    """
    if not words:
        return []
    i = 0 if start is None else _nearest(words, start)
    j = len(words) - 1 if end is None else _nearest(words, end)
    if i > j:
        i, j = j, i
    return list(words[i:j + 1])


def _cjk(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch) in ("W", "F")


def words_text(words: Sequence[Word]) -> str:
    """Selected words as text: a paragraph (a block) on one line, lines joined with a space
    (no space next to Chinese or Japanese characters), a word broken by a hyphen at a line
    end joined again."""
    paragraphs: list[str] = []
    text = ""
    prev: Word | None = None
    for w in words:
        if prev is not None and w.block != prev.block:
            paragraphs.append(text)
            text = ""
        elif prev is not None:
            same_line = w.line == prev.line
            if not same_line and text.endswith("-") and len(text) > 1 and text[-2].isalpha() \
                    and w.text[:1].islower():
                text = text[:-1]
            elif not (_cjk(text[-1:]) and _cjk(w.text[:1]) and not same_line):
                text += " "
        text += w.text
        prev = w
    if text:
        paragraphs.append(text)
    return "\n".join(paragraphs)
