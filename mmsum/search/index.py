"""One document made searchable: read, figure crops rendered, figure text read, embedded."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..document import Document
from ..embed.document import DocEmbeddings
from ..progress import CancelFn, ProgressFn, check, no_progress, sub_progress


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
    as a summary does (same limits, same cache entries), the text inside figures without a text
    layer read by OCR when ``figure_ocr`` (None: as the summarizer's options say). DocumentError
    when it cannot be read; Cancelled when ``cancel`` says so."""
    from ..errors import DocumentError
    from ..ingest import read_document
    from ..language import UNDETERMINED, document_language
    from ..limits import within_limits
    from ..pipeline import _check_finite, render_figure_crops
    from ..rank.priors import worth_encoding

    progress = progress or no_progress
    summarizer.load(cancel=cancel)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    full = read_document(Path(path), password=password, progress=sub_progress(progress, 0.0, 0.4),
                         cancel=cancel, render_figures=False)
    worth = worth_encoding(full)
    doc, limited = within_limits(full, worth)
    if doc is not full:
        worth = worth_encoding(doc)
        doc.warnings.extend(limited)
    doc.warnings.extend(render_figure_crops(Path(path), password, doc.figures, sub_progress(progress, 0.4, 0.5),
                                            cancel))
    timings["read_s"] = time.perf_counter() - t
    check(cancel)
    if doc.language == UNDETERMINED:  # the encoder and the figure OCR go by it
        doc.language = document_language(doc)
    if figure_ocr is None:
        figure_ocr = summarizer.options.figure_ocr_for("search")
    if figure_ocr:
        from ..ingest.figure_ocr import read_raster_figures, writes_cjk

        progress(0.5, "reading the text inside figures")
        warnings, timings["figure_ocr_s"] = read_raster_figures(doc.figures, cancel, cache=summarizer.cache,
                                                                content_hash=doc.content_hash, cjk=writes_cjk(doc))
        doc.warnings.extend(warnings)
    if not doc.sentences and not doc.figures:
        raise DocumentError(f"{doc.path}: nothing to search: no sentences and no figures were found")
    t = time.perf_counter()
    encoder, warning = summarizer.text_encoder_for(doc.language)
    if warning:
        doc.warnings.append(warning)
    image = summarizer.image_encoder
    from ..embed.document import embed_document

    emb = embed_document(doc, encoder, image, summarizer.cache, wanted=worth,
                         progress=sub_progress(progress, 0.6, 1.0), cancel=cancel)
    _check_finite(emb, doc.path)
    timings["embed_s"] = time.perf_counter() - t
    progress(1.0, "ready to search")
    return IndexedDocument(Path(path), doc, emb, encoder, bool(image is not None and image.shared_space), timings)
