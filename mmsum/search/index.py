"""One document made searchable: read, figure crops rendered, figure text read, embedded (its
tables too: caption and cells; and its footnotes)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..document import Document
from ..embed.document import DocEmbeddings
from ..progress import CancelFn, ProgressFn


@dataclass
class IndexedDocument:
    """A document with its vectors. ``text_encoder``: the encoder its text vectors are in
    (chosen for its language); ``shared_space``: the image encoder also embeds text;
    ``timings``: seconds per stage (``read_s``, ``figure_ocr_s``, ``embed_s``)."""

    path: Path
    document: Document
    embeddings: DocEmbeddings
    text_encoder: object
    shared_space: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    tables: np.ndarray | None = None  # (t, d): each table's caption and cells, in the text encoder's space
    footnotes: np.ndarray | None = None  # (k, d): each footnote's text, in the text encoder's space
    _fused: dict = field(default_factory=dict, repr=False)  # (channels, weights) -> FigureVectors

    def figures_for(self, weights: dict[str, float]):
        """The fused figure vectors for these effective channel weights (computed once)."""
        from ..embed.fusion import fuse_figures

        key = tuple(sorted(weights.items()))
        if key not in self._fused:
            self._fused[key] = fuse_figures(self.document, self.embeddings, self.shared_space, weights=weights)
        return self._fused[key]

    def searchable_sentences(self) -> np.ndarray:
        """Indices of the sentences that were embedded (a zero row was not worth encoding)."""
        return np.flatnonzero(np.any(self.embeddings.sentences, axis=1))


def index_document(summarizer, path: Path, *, password: str | None = None, figure_ocr: bool | None = None,
                   progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> IndexedDocument:
    """Read and embed the document at ``path`` with ``summarizer``'s loaded encoders and cache,
    as a summary does (:func:`mmsum.prepare.prepare_document`: same limits, same cache
    entries), every sentence worth encoding, the text inside figures without a text layer read
    by OCR when ``figure_ocr`` (None: as the summarizer's options say). DocumentError when it
    cannot be read; Cancelled when ``cancel`` says so."""
    from ..prepare import prepare_document
    from ..stages import StageReporter

    if figure_ocr is None:
        figure_ocr = summarizer.options.figure_ocr_for("search")
    stages = StageReporter(progress)
    prepared = prepare_document(summarizer, Path(path), password=password, figure_ocr=figure_ocr,
                                need_sentences=False, stages=stages, cancel=cancel)
    stages.report(1.0, "ready to search")
    image = summarizer.image_encoder
    tables = None
    if prepared.document.tables:
        from ..rank.tables import table_search_vectors

        tables = table_search_vectors(prepared.text_encoder, prepared.document.tables)
    footnotes = None
    if prepared.document.footnotes:
        from ..embed.footnotes import footnote_vectors

        footnotes = footnote_vectors(prepared.text_encoder, prepared.document.footnotes)
    return IndexedDocument(Path(path), prepared.document, prepared.embeddings, prepared.text_encoder,
                           bool(image is not None and image.shared_space), prepared.timings, tables=tables,
                           footnotes=footnotes)
