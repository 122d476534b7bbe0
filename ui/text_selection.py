"""Text selection across the viewer's pages: which words a drag covers, and their text.

Qt-free state kept by the viewer. A drag goes from an anchor to a focus, each a page and a
point on it (PDF points); the words of each page come from the render process, and until a
page's words arrive the selection simply lacks them.
"""
from __future__ import annotations

from dataclasses import dataclass

from mmsum.document import BBox
from mmsum.pages import Word, select_words, words_text

Point = tuple[float, float]


def line_boxes(words: list[Word]) -> list[BBox]:
    """The words' boxes merged along each line: what a selection paints."""
    boxes: list[list[float]] = []
    keys: list[tuple[int, int]] = []
    for w in words:
        key = (w.block, w.line)
        if keys and keys[-1] == key:
            b = boxes[-1]
            boxes[-1] = [min(b[0], w.bbox[0]), min(b[1], w.bbox[1]), max(b[2], w.bbox[2]), max(b[3], w.bbox[3])]
        else:
            keys.append(key)
            boxes.append(list(w.bbox))
    return [tuple(b) for b in boxes]


@dataclass
class TextSelection:
    """The selection between ``anchor`` and ``focus`` ((page, point) each), over the words
    known per page."""

    anchor: tuple[int, Point] | None = None
    focus: tuple[int, Point] | None = None
    whole_word: bool = False  # a double-click: just the word under the anchor

    def __post_init__(self) -> None:
        self.words: dict[int, list[Word]] = {}

    def clear(self) -> None:
        self.anchor = self.focus = None
        self.whole_word = False

    @property
    def active(self) -> bool:
        return self.anchor is not None and self.focus is not None

    def pages(self) -> range:
        """The pages the selection spans (empty when there is none)."""
        if not self.active:
            return range(0)
        a, b = self.anchor[0], self.focus[0]
        return range(min(a, b), max(a, b) + 1)

    def missing_pages(self) -> list[int]:
        """Pages in the selection whose words are not known yet."""
        return [p for p in self.pages() if p not in self.words]

    def selected(self) -> dict[int, list[Word]]:
        """Page -> the selected words on it, in reading order."""
        if not self.active:
            return {}
        (pa, a), (pb, b) = self.anchor, self.focus
        if self.whole_word:
            words = self.words.get(pa, [])
            return {pa: select_words(words, a, a)} if words else {}
        if pb < pa:  # dragged upwards across pages
            (pa, a), (pb, b) = (pb, b), (pa, a)
        out = {}
        for page in self.pages():
            words = self.words.get(page)
            if not words:
                continue
            start = a if page == pa else None
            end = b if page == pb else None
            chosen = select_words(words, start, end)
            if chosen:
                out[page] = chosen
        return out

    def text(self) -> str:
        """The selected text (paragraphs on their own lines, pages separated by a line)."""
        return "\n".join(words_text(ws) for _, ws in sorted(self.selected().items()))
