"""Training examples for the sentence-role model, from a folder of documents: each document
read and embedded as a plain summary reads and embeds it (``--words 350``, as ``run.py``
asks), kept on disk per document so that features are rebuilt and the model refit in seconds.

The labels are not stored: they come from the section headings (:func:`mmsum.rank.roles.heading_role`)
when the table is made, so a change of the heading rule needs no new reading.
"""
from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..atomic import write_bytes_atomic

if TYPE_CHECKING:
    from ..pipeline import Summarizer

SUMMARY_WORDS = 350  # as run.py asks for
FORMAT = "1"  # bump when what a cached example holds changes meaning


@dataclass
class RoleExample:
    """One document as the structured summary sees it: the document (figures' crops dropped),
    its sentence vectors (zero rows where a plain summary encodes none) and the encoder's name."""

    name: str  # the PDF's file name
    doc: object  # mmsum.document.Document
    vectors: np.ndarray  # (n, d) float16
    encoder: str


def cache_path(cache_dir: Path, pdf: Path) -> Path:
    """Where the reading of ``pdf`` is kept in ``cache_dir``."""
    return Path(cache_dir) / f"{pdf.stem}.r{FORMAT}.pkl"


def read_one(summarizer: "Summarizer", pdf: Path) -> RoleExample:
    """Read and embed ``pdf`` with ``summarizer`` as a plain summary of ``SUMMARY_WORDS`` does."""
    from ..options import SummaryOptions, resolve_options
    from ..pipeline import _summary_rows
    from ..prepare import prepare_document

    options = resolve_options(SummaryOptions(words=SUMMARY_WORDS), summarizer.options)
    prepared = prepare_document(summarizer, pdf, rows=_summary_rows(options), figure_text=False)
    doc = prepared.document
    for fig in doc.figures:
        fig.image_png = None
    for table in doc.tables:
        table.image_png = None
    return RoleExample(pdf.name, doc, np.asarray(prepared.embeddings.sentences, dtype=np.float16),
                       prepared.text_encoder.name)


def extract(pdfs: list[Path], cache_dir: Path, log=print) -> list[RoleExample]:
    """The examples of ``pdfs``, from the cache where there, else read (then cached); a
    document that cannot be read is logged and left out."""
    from ..errors import MmsumError
    from ..pipeline import Summarizer

    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    summarizer = None
    out: list[RoleExample] = []
    for pdf in pdfs:
        hit = cache_path(cache_dir, pdf)
        if hit.exists():
            ex = pickle.loads(hit.read_bytes())
        else:
            summarizer = summarizer or Summarizer()
            try:
                ex = read_one(summarizer, pdf)
                log(f"{pdf.name}: {len(ex.doc.sentences)} sentences, {int(np.any(ex.vectors, axis=1).sum())} encoded")
            except MmsumError as e:
                log(f"{pdf.name}: skipped ({e})")
                ex = None
            write_bytes_atomic(hit, pickle.dumps(ex))
        if ex is not None:
            out.append(ex)
    return out
