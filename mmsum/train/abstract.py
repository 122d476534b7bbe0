"""A document's own abstract, found and removed: the free label of a library's training.

The abstract is the text that follows an "Abstract" heading on the first two pages (the
heading alone on its line, or the paragraph's first word: "Abstract—", "ABSTRACT.") up to
the next part of the front matter (the introduction, keywords, index terms, subject
descriptors, a numbered heading), read block by block as PyMuPDF gives them. A document
counts as having one when it runs 40 to 350 words: the rule of the evaluation's own corpus
reader, so that a library is labelled as the bundled ranker was (``benchmarks/abstract_agreement.py``
measures how often the two agree on the development documents).

:func:`read_paper` and :func:`redact_abstract` have the shape :func:`mmsum.train.examples.extract`
takes from a corpus module. The redacted copy is written the same byte for byte on every run
(no new file id, no dates), so the embedding cache knows it the next time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

PAGES = 2  # the abstract is looked for on the first pages only
MIN_WORDS, MAX_WORDS = 40, 350  # an abstract's length, in words
RUN_ON_WORDS = 400  # past this, the front matter has run into the body: stop

_HEADING = re.compile(r"^\s*a\s*b\s*s\s*t\s*r\s*a\s*c\s*t\b[\s.:—–-]*", re.I)
_ENDS = re.compile(
    r"^\s*(?:(?:\d+|I)\.?\s+)?(?:introduction|keywords|key\s*words|index\s+terms|pacs|"
    r"categories\s+and\s+subject\s+descriptors|ccs\s+concepts)\b", re.I)


@dataclass
class FoundAbstract:
    """The abstract of the document at ``path``: its ``text`` (whitespace joined, soft hyphens
    and line-end hyphens removed) and the text blocks it was read from, as (0-based page,
    (x0, y0, x1, y1) in PDF points, origin top-left)."""

    path: Path
    text: str = ""
    blocks: list[tuple[int, tuple[float, float, float, float]]] = field(default_factory=list)

    @property
    def has_abstract(self) -> bool:
        return MIN_WORDS <= len(self.text.split()) <= MAX_WORDS

    @property
    def abstract(self) -> str:  # the name corpus modules give it
        return self.text


def _clean(text: str) -> str:
    text = text.replace("\u00ad", "").replace("-\n", "")
    return " ".join(text.split())


def read_paper(path: Path) -> FoundAbstract:
    """The abstract of the PDF at ``path`` (empty text when none is headed as one). Raises
    :class:`~mmsum.errors.DocumentError` when the file cannot be opened."""
    from ..ingest.open import open_document

    found = FoundAbstract(Path(path))
    parts: list[str] = []
    inside = False
    with open_document(Path(path)) as doc:
        for pno in range(min(PAGES, doc.page_count)):
            for x0, y0, x1, y1, text, _no, kind in doc[pno].get_text("blocks", sort=False):
                if kind != 0:
                    continue
                if not inside:
                    if parts or not _HEADING.match(text):
                        continue
                    inside = True
                    text = _HEADING.sub("", text, count=1)
                elif _ENDS.match(text) or len(" ".join(parts).split()) > RUN_ON_WORDS:
                    inside = False
                    break
                parts.append(text)
                found.blocks.append((pno, (x0, y0, x1, y1)))
            if parts and not inside:
                break
    found.text = _clean(" ".join(parts))
    return found


def redact_abstract(found: FoundAbstract, out: Path) -> Path:
    """Write to ``out`` a copy of the PDF with the abstract's blocks removed (text only; the
    images under them stay); the same bytes on every run."""
    from ..ingest.open import open_document

    with open_document(found.path) as doc:
        pages = sorted({p for p, _ in found.blocks})
        for pno, rect in found.blocks:
            doc[pno].add_redact_annot(rect)
        for pno in pages:
            doc[pno].apply_redactions(images=0)  # 0: PDF_REDACT_IMAGE_NONE
        doc.set_metadata({k: v for k, v in doc.metadata.items() if k not in ("format", "encryption")
                          and not k.endswith("Date")} | {"creationDate": "", "modDate": ""})
        doc.save(out, garbage=1, no_new_id=True)
    return out
