"""The first half of every path through a document: read → limits → crops → language → OCR →
embed. Summaries, search, the library and the figures command all start here, so a document
is read, bounded and embedded the same way whatever it is for.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from .document import Document, Figure
from .errors import DocumentError, ModelError
from .progress import CancelFn, ProgressFn, check, sub_progress
from .stages import SPANS, Stage, StageReporter

# the sentences to encode, given the document and which of its sentences are worth encoding
RowsFn = Callable[[Document, np.ndarray], np.ndarray]


@dataclass
class Prepared:
    """A document read and embedded.

    ``embeddings``: the rows asked for (see :func:`prepare_document`); ``all_embeddings``:
    every sentence worth encoding, when asked (else None); ``text_encoder``: the encoder the
    text vectors are in (chosen for the document's language); ``timings``: seconds per stage
    (``read_s``, ``figure_ocr_s``, ``embed_s``). Warnings (limits, crops, OCR, language) are in
    ``document.warnings``.
    """

    document: Document
    embeddings: object  # DocEmbeddings
    text_encoder: object
    worth: np.ndarray
    all_embeddings: object | None = None
    timings: dict[str, float] = field(default_factory=dict)


def read_stage(path: Path, password: str | None, stages: StageReporter, cancel: CancelFn | None, *,
               max_crops: int | None = None, crops: bool = True) -> tuple[Document, np.ndarray]:
    """Read the document at ``path``, bound it (see :mod:`mmsum.limits`), render the crops of
    the figures kept and set its language; the document and which of its sentences are worth
    encoding. ``max_crops``: keep every sentence and render at most this many figures instead
    (``mmsum figures``); ``crops`` False: render none."""
    from .ingest import read_document
    from .language import UNDETERMINED, document_language
    from .limits import figures_to_keep, within_limits
    from .rank.priors import worth_encoding

    progress = stages.start(Stage.READ, "reading")
    full = read_document(Path(path), password=password, progress=sub_progress(progress, 0.0, 0.9),
                         cancel=cancel, render_figures=False)
    check(cancel)
    if max_crops is None:
        worth = worth_encoding(full)
        doc, limited = within_limits(full, worth)
        if doc is not full:
            worth = worth_encoding(doc)
        doc.warnings.extend(limited)
        chosen = doc.figures
    else:
        doc, worth = full, np.ones(len(full.sentences), dtype=bool)
        chosen = [doc.figures[i] for i in figures_to_keep(doc, max_crops)] if crops else []
        if crops and len(chosen) < len(doc.figures):
            doc.warnings.append(f"the document has {len(doc.figures):,} figures; crops were written for "
                                f"{len(chosen):,} of them, captioned ones first (limit {max_crops:,})")
    doc.warnings.extend(render_figure_crops(Path(path), password, chosen, sub_progress(progress, 0.9, 1.0), cancel))
    if doc.language == UNDETERMINED:  # the encoder and the figure OCR go by it
        doc.language = document_language(doc)
    return doc, worth


def prepare_document(summarizer, path: Path, *, password: str | None = None, figure_ocr: bool = False,
                     rows: RowsFn | None = None, figure_text: bool = True,
                     keep_all: bool | Callable[[Document], bool] = False,
                     need_sentences: bool = True, stages: StageReporter | None = None,
                     cancel: CancelFn | None = None) -> Prepared:
    """Read and embed the document at ``path`` with ``summarizer``'s loaded encoders and cache.

    ``figure_ocr``: read the text inside figures without a text layer by OCR. ``rows``: the
    sentences to encode (None: every sentence worth encoding). ``figure_text``: embed each
    figure's own text. ``keep_all``: also encode the other sentences worth encoding, after
    the ``rows`` (into ``all_embeddings``; ``embeddings`` stays as without them); a function
    decides it for the document once read.
    ``need_sentences``: DocumentError for a document without sentences (else only for one
    without sentences and figures). Raises DocumentError, ModelError or Cancelled.
    """
    stages = stages or StageReporter()
    summarizer.load(cancel=cancel)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    doc, worth = read_stage(path, password, stages, cancel)
    timings["read_s"] = time.perf_counter() - t
    if figure_ocr:
        from .ingest.figure_ocr import read_raster_figures, writes_cjk

        stages.report(SPANS[Stage.READ][1], "reading the text inside figures")
        warnings, timings["figure_ocr_s"] = read_raster_figures(
            doc.figures, cancel, cache=summarizer.cache, content_hash=doc.content_hash, cjk=writes_cjk(doc))
        doc.warnings.extend(warnings)
    check(cancel)
    if not doc.sentences and need_sentences:
        raise DocumentError(f"{doc.path}: no sentences were found to summarize (the text is headings, "
                            "tables, captions or formulas)")
    if not doc.sentences and not doc.figures:
        raise DocumentError(f"{doc.path}: nothing to search: no sentences and no figures were found")

    t = time.perf_counter()
    from .embed.document import embed_document, embed_more_sentences

    progress = stages.start(Stage.EMBED, "embedding")
    encoder, warning = summarizer.text_encoder_for(doc.language)
    if warning:
        doc.warnings.append(warning)
    wanted = worth if rows is None else rows(doc, worth)
    if callable(keep_all):
        keep_all = keep_all(doc)
    share = 0.8 if keep_all else 1.0
    emb = embed_document(doc, encoder, summarizer.image_encoder, summarizer.cache, wanted=wanted,
                         figure_text=figure_text, progress=sub_progress(progress, 0.0, share), cancel=cancel)
    check_finite(emb, doc.path)
    every = None
    if keep_all:
        every = embed_more_sentences(doc, encoder, summarizer.cache, emb, worth,
                                     progress=sub_progress(progress, share, 1.0), cancel=cancel)
        check_finite(every, doc.path)
    timings["embed_s"] = time.perf_counter() - t
    return Prepared(doc, emb, encoder, worth, every, timings)


def render_figure_crops(path: Path, password: str | None, figures: list[Figure],
                        progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> list[str]:
    """Set the crops (``image_png``) of ``figures`` of the document at ``path``, rendered at
    144 dpi; the warnings of crops that failed. Only the figures given are rendered: a summary
    renders those it ranks (see :mod:`mmsum.limits`)."""
    if not figures:
        return []
    import pymupdf

    from .ingest.open import open_document
    from .ingest.render import render_crops

    shown = pymupdf.TOOLS.mupdf_display_errors()
    pymupdf.TOOLS.mupdf_display_errors(False)  # as while reading: MuPDF's messages become warnings
    try:
        pdf = open_document(path, password)
        try:
            return render_crops(pdf, figures, progress=progress, cancel=cancel)
        finally:
            pdf.close()
    finally:
        pymupdf.TOOLS.mupdf_display_errors(shown)
        pymupdf.TOOLS.reset_mupdf_warnings()


def check_finite(emb, path: Path) -> None:
    """ModelError when an encoder returned values that are not numbers: ranking on them would
    silently make an empty summary, which must not replace a good one."""
    bad = [name for name in ("sentences", "captions", "images", "sentences_in_image_space")
           if getattr(emb, name) is not None and not np.isfinite(getattr(emb, name)).all()]
    if bad:
        raise ModelError(f"{path.name}: the encoders returned invalid vectors ({', '.join(bad)}); nothing was written")
