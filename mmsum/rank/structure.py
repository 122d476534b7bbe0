"""The document's hierarchy as the ranking sees it: paragraphs, sections and chapters.

Built from what the reader recorded on each sentence (its paragraph and the heading it falls
under) and from the levels of the headings. Everything is an array over
``Document.sentences``, so the ranking can work part by part without copying text.

- a *section* is a run of sentences under the same heading (any level);
- a *part* is what a long document is summarized by before it is summarized as a whole:
  its top-level sections (chapters) where headings give them, else runs of pages, so that a
  250-page book without recognised headings is still read chapter-sized piece by piece.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..document import Document

PART_PAGES = 20  # pages per part when a long document has no usable top-level headings
MIN_PART_SENTENCES = 40  # smaller parts join the one before: a chapter, not a heading's stub


@dataclass
class Structure:
    """Per sentence: ``paragraph``, ``section`` and ``part`` ids (0.., reading order), and where
    it stands in its section and paragraph (0 = first)."""

    paragraph: np.ndarray
    section: np.ndarray
    part: np.ndarray
    in_section: np.ndarray  # position within its section
    section_len: np.ndarray  # sentences in its section
    in_paragraph: np.ndarray  # position within its paragraph

    @property
    def n_parts(self) -> int:
        return int(self.part.max()) + 1 if self.part.size else 0

    def members(self, ids: np.ndarray, k: int) -> np.ndarray:
        """Indices of the sentences whose id in ``ids`` is ``k``."""
        return np.flatnonzero(ids == k)


def _runs(keys: list) -> np.ndarray:
    """0, 0, 1, 1, 1, 2...: a new id wherever the key changes."""
    out = np.zeros(len(keys), dtype=np.int32)
    for i in range(1, len(keys)):
        out[i] = out[i - 1] + (keys[i] != keys[i - 1])
    return out


def _position(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each element's position within its run of equal ids, and the run's length."""
    pos = np.zeros(len(ids), dtype=np.int32)
    length = np.zeros(len(ids), dtype=np.int32)
    start = 0
    for i in range(1, len(ids) + 1):
        if i == len(ids) or ids[i] != ids[start]:
            pos[start:i] = np.arange(i - start)
            length[start:i] = i - start
            start = i
    return pos, length


def _parts(doc: Document, section_ids: np.ndarray) -> np.ndarray:
    """Top-level sections (or runs of pages), small ones merged into the one before."""
    levels: dict[str, int] = {}
    for s in doc.sections:
        levels.setdefault(s.title, s.level)
    top = min(levels.values(), default=1)
    keys: list = []
    current = 0
    last_title = object()
    for s in doc.sentences:
        if s.section != last_title:
            last_title = s.section
            if s.section is not None and levels.get(s.section, top + 1) == top:
                current += 1
        keys.append(current)
    parts = _runs(keys)
    # no top-level heading splits a long document: cut it by pages instead
    if parts.size and parts.max() == 0 and doc.page_count > PART_PAGES:
        parts = _runs([s.page // PART_PAGES for s in doc.sentences])
    # a part too small to summarize on its own joins the part before it
    if parts.size:
        sizes = np.bincount(parts)
        remap = np.zeros(len(sizes), dtype=np.int32)
        for p in range(1, len(sizes)):
            remap[p] = remap[p - 1] + (sizes[p] >= MIN_PART_SENTENCES)
        parts = remap[parts]
    return parts.astype(np.int32)


def document_structure(doc: Document) -> Structure:
    """The :class:`Structure` of ``doc``'s sentences."""
    paragraph = _runs([(s.block, s.section) for s in doc.sentences])
    section = _runs([s.section for s in doc.sentences])
    in_section, section_len = _position(section)
    in_paragraph, _ = _position(paragraph)
    return Structure(paragraph, section, _parts(doc, section), in_section, section_len, in_paragraph)
