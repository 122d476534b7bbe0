"""The stages in order (read, embed, rank, write summary), with progress and cancellation.

A :class:`Summarizer` holds the loaded encoders (and, lazily, a generator) so a batch loads
them once. It keeps no per-document state, so one instance may serve a worker thread while
another thread reads :attr:`Summarizer.models_used`; loading is guarded by a lock.
"""
from __future__ import annotations

import logging
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from .cache import EmbeddingCache
from .errors import DocumentError, ModelError
from .options import ModelOptions, SummaryOptions
from .progress import CancelFn, ProgressFn, cancellable, check, no_progress, sub_progress
from .summary import Summary

if TYPE_CHECKING:
    from .batch.result import DocumentResult

log = logging.getLogger(__name__)

# PyMuPDF loads its layout analyser (an ONNX model, about 0.9 s) on import whenever
# pymupdf_layout is installed; mmsum never calls it. A module entry of None makes that
# optional import fail quietly (as in commands/figures.py); it only takes effect when nothing
# in this process has imported pymupdf yet.
sys.modules.setdefault("pymupdf.layout", None)

# share of a document's progress bar per stage (reading and embedding dominate)
_STAGES = {"read": (0.0, 0.4), "embed": (0.4, 0.85), "rank": (0.85, 0.9), "summary": (0.9, 1.0)}


def stage_of(fraction: float) -> str:
    """The stage ("read", "embed", "rank", "summary") that a document's progress ``fraction``
    (0..1, as :meth:`Summarizer.summarize` reports it) falls in."""
    for name, (_lo, hi) in _STAGES.items():
        if fraction < hi:
            return name
    return "summary"


class Summarizer:
    """Loads the encoders once and summarizes documents with them."""

    def __init__(self, models: ModelOptions | None = None, *, use_cache: bool = True,
                 cache: EmbeddingCache | None = None, text_encoder=None, image_encoder=None,
                 device: str = "cpu") -> None:
        """``text_encoder``/``image_encoder``: already loaded encoders to use instead of loading
        the configured ones (both given: nothing is loaded; ``device`` says where they run).
        A given text encoder is the default one: documents in Chinese or Japanese still get
        the multilingual encoder unless ``models.text_model`` names a model."""
        self.options = models or ModelOptions()
        self.cache = cache or EmbeddingCache(enabled=use_cache)
        self._lock = threading.Lock()
        self._text = self._image = self._generator = None
        self._multilingual = None  # loaded on the first document that needs it
        self._device: str | None = None
        self._image_name: str | None = None
        self.warnings: list[str] = []  # model substitutions, reported in every summary
        if text_encoder is not None and image_encoder is not None:
            self._text, self._image, self._device = text_encoder, image_encoder, device
            self._image_name = getattr(image_encoder, "name", "none")
        self._given_text = text_encoder

    @classmethod
    def with_encoders(cls, text_encoder, image_encoder=None, *, device: str = "cpu",
                      options: ModelOptions | None = None, use_cache: bool = True,
                      cache: EmbeddingCache | None = None) -> "Summarizer":
        """A Summarizer that uses encoders loaded elsewhere (shared by several, or built by a
        test); ``image_encoder`` None turns the image role off."""
        s = cls(options or ModelOptions(device=device, image_model=None if image_encoder else "none"),
                use_cache=use_cache, cache=cache)
        s._text, s._image, s._device = text_encoder, image_encoder, device
        s._image_name = image_encoder.name if image_encoder is not None else "none"
        return s

    @property
    def text_encoder(self):
        """The loaded text encoder (None before :meth:`load`)."""
        return self._text

    @property
    def image_encoder(self):
        """The loaded image encoder (None before :meth:`load`, or when the image role is off)."""
        return self._image

    # --- models ------------------------------------------------------------------------
    def load(self, progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> None:
        """Resolve and load the text and image encoders (once); ModelError if one is missing.

        On the CPU they run on ONNX Runtime, exported on the first run (progress says so);
        if that fails, on PyTorch with a warning (see :mod:`mmsum.embed.loaders`).
        """
        progress = progress or no_progress
        with self._lock:
            if self._text is not None:
                return
            from .device import resolve_device
            from .embed.loaders import load_image, load_text
            from .models import resolve_image_model, resolve_text_model

            opts = self.options
            text_spec = None if self._given_text is not None else resolve_text_model(opts.text_model, opts.offline)
            image_spec = resolve_image_model(opts.image_model, opts.offline)
            check(cancel)
            device = resolve_device(opts.device).name
            warnings = [image_spec.warning] if image_spec.warning else []
            if text_spec is None:
                text = self._given_text
            else:
                progress(0.1, f"loading text model {text_spec.name}")
                text, warning = load_text(text_spec, device, opts.offline, opts.backend,
                                          sub_progress(progress, 0.1, 0.6))
                warnings += [warning] if warning else []
            check(cancel)
            progress(0.6, f"loading image model {image_spec.name}")
            image, warning = load_image(image_spec, device, opts.offline, opts.backend,
                                        sub_progress(progress, 0.6, 1.0))
            warnings += [warning] if warning else []
            self.warnings = warnings
            self._device, self._image_name, self._image, self._text = device, image_spec.name, image, text
            progress(1.0, "models loaded")

    def text_encoder_for(self, language: str):
        """The text encoder for a document in ``language``: the configured one, except that
        with no text model named, mostly-CJK documents get the bundled multilingual encoder
        (the default one, with a warning, when it is not installed)."""
        from .language import CJK_LANGUAGES

        if language not in CJK_LANGUAGES or self.options.text_model:
            return self._text, None
        with self._lock:
            if self._multilingual is None:
                from .embed.multilingual import load_multilingual_encoder

                try:
                    self._multilingual = load_multilingual_encoder()
                except ModelError as err:
                    self._multilingual = err
            if isinstance(self._multilingual, ModelError):
                return self._text, (f"{self._multilingual}; the {language} document was embedded with "
                                    f"the English-only {self._text.name}")
            return self._multilingual, None

    @property
    def models_used(self) -> dict[str, str | None]:
        """Role -> model name (None for a role not loaded yet, e.g. the generator). The text
        model of a document in another language may differ: each Summary records its own."""
        used = {"text": self._text.name if self._text else None,
                "image": self._image_name,
                "generator": self._generator.name if self._generator else None}
        if self._generator is not None:
            used["generator_backend"] = self._generator.backend
        return used

    @property
    def device(self) -> str:
        """Where the encoders run ("cpu", "cuda", ...); resolved on :meth:`load`."""
        return self._device or self.options.device

    def _load_generator(self, progress: ProgressFn, cancel: CancelFn | None = None):
        """The generator, loaded once; a cancel stops the wait for it at once (the loading
        itself cannot look at the cancel check)."""
        with self._lock:
            if self._generator is None:
                def load():
                    try:
                        from .generate.generative import load_generator
                    except ImportError as err:
                        raise ModelError("generation is not available in this build") from err
                    return load_generator(self.options, progress)

                self._generator = cancellable(load, cancel)
            return self._generator

    # --- one document --------------------------------------------------------------------
    def summarize(self, path: Path, options: SummaryOptions, *, password: str | None = None,
                  progress: ProgressFn | None = None, cancel: CancelFn | None = None,
                  on_token: Callable[[str], None] | None = None, keep_vectors: bool = False) -> Summary:
        """Read, embed, rank and summarize the document at ``path``.

        ``keep_vectors``: also return the sentence and figure-channel vectors in
        ``Summary.vectors`` (for a library); off by default, as they can be large.

        Raises DocumentError (unreadable input), OptionsError, ModelError, or Cancelled.
        """
        options.validate()
        self.load(cancel=cancel)
        progress = progress or no_progress
        timings: dict[str, float] = {}
        t_all = time.perf_counter()

        def stage(name: str, message: str) -> ProgressFn:
            lo, hi = _STAGES[name]
            progress(lo, message)
            return sub_progress(progress, lo, hi)

        t = time.perf_counter()
        from .ingest import read_document

        read_progress = stage("read", "reading")
        full = read_document(Path(path), password=password, progress=sub_progress(read_progress, 0.0, 0.9),
                             cancel=cancel, render_figures=False)
        check(cancel)
        from .limits import within_limits
        from .rank.priors import worth_encoding

        # a very long document is ranked on a bounded, evenly spread part of it (see limits)
        worth = worth_encoding(full)
        doc, limited = within_limits(full, worth)
        if doc is not full:
            worth = worth_encoding(doc)
        doc.warnings.extend(render_figure_crops(Path(path), password, doc.figures,
                                                sub_progress(read_progress, 0.9, 1.0), cancel))
        timings["read_s"] = time.perf_counter() - t
        weights = options.figure_weights()
        from .language import UNDETERMINED, document_language

        if doc.language == UNDETERMINED:  # the encoder and the figure OCR go by it
            doc.language = document_language(doc)
        if self.options.figure_ocr_for("summary") and weights["figure-text"] > 0:
            from .ingest.figure_ocr import read_raster_figures, writes_cjk

            ocr_warnings, timings["figure_ocr_s"] = read_raster_figures(
                doc.figures, cancel, cache=self.cache, content_hash=doc.content_hash, cjk=writes_cjk(doc))
            doc.warnings.extend(ocr_warnings)
        check(cancel)
        if not doc.sentences:
            raise DocumentError(f"{doc.path}: no sentences were found to summarize (the text is headings, "
                                "tables, captions or formulas)")

        t = time.perf_counter()
        wanted = worth
        if not options.query and not keep_vectors:
            wanted = _summary_rows(doc, worth, options)
        from .embed.document import embed_document
        from .embed.fusion import figure_figure_similarity, fuse_figures

        text_encoder, language_warning = self.text_encoder_for(doc.language)
        emb = embed_document(doc, text_encoder, self._image, self.cache, wanted=wanted,
                             figure_text=weights["figure-text"] > 0 or keep_vectors,  # a library searches it
                             progress=stage("embed", "embedding"),
                             cancel=cancel)
        _check_finite(emb, doc.path)
        shared = bool(self._image is not None and self._image.shared_space)
        figs = fuse_figures(doc, emb, shared_space=shared, weights=weights)
        query = query_img = None
        if options.query:
            query = text_encoder.encode([options.query])[0]
            if shared:
                query_img = self._image.encode_texts([options.query])[0]
        timings["embed_s"] = time.perf_counter() - t
        check(cancel)

        t = time.perf_counter()
        from .rank import rank_document
        from .rank.figures import pick_figures

        stage("rank", "ranking")
        ranking = rank_document(doc, emb, figs, query, query_img, cancel=cancel, ranker=options.ranker)
        key_figures = pick_figures(ranking.figures(doc), figure_figure_similarity(figs), doc, options.figures,
                                   need_crop=True)
        timings["rank_s"] = time.perf_counter() - t
        check(cancel)

        t = time.perf_counter()
        write_progress = stage("summary", "writing summary")
        warnings = list(self.warnings) + limited + ([language_warning] if language_warning else [])
        from .generate.extractive import extractive_summary
        from .ingest.labels import figure_key

        shown = {figure_key(f.figure.label) for f in key_figures if figure_key(f.figure.label)}
        extract = extractive_summary(doc, ranking.sentence_scores, emb.sentences, options, shown)
        warnings += extract.warnings
        if ranking.sentence_reasons:  # the learned ranker says why it picked each sentence
            for picked in extract.sentences:
                picked.why = list(ranking.sentence_reasons[picked.sentence.index])
        sections = extract.sections
        generation: dict = {}
        if options.generate:
            gen = self._load_generator(sub_progress(write_progress, 0.0, 0.2), cancel)
            from .generate.generative import generative_summary

            # the extractive summary is the plan: the model writes each of its sentences anew
            result = generative_summary(gen, doc, ranking.sentences(doc), key_figures, options, on_token=on_token,
                                        cancel=cancel, progress=sub_progress(write_progress, 0.2, 1.0),
                                        plan=extract)
            # the generator's own (e.g. moved to the CPU for lack of memory)
            warnings += list(result.warnings)
            mode, text, sentences, flagged, device = "generative", result.text, result.sentences, \
                list(result.flagged), gen.device
            sections = result.sections
            generation = {"backend": gen.backend, "calls": result.passes,
                          "sentences": result.generated_sentences + result.extracted,
                          "generated": result.generated_sentences, "copied": result.copied,
                          "extracted": result.extracted, "flagged": len(result.flagged)}
        else:
            mode, text, sentences, flagged, device = "extractive", extract.text, extract.sentences, [], self.device
        if not text.strip():
            # an empty summary is never a success: say why in one line
            raise DocumentError(f"{doc.path}: no summary could be made: none of the {len(doc.sentences)} "
                                "sentences read reads as prose")
        timings["summary_s"] = time.perf_counter() - t
        timings["total_s"] = time.perf_counter() - t_all
        progress(1.0, "done")
        models = self.models_used
        if doc.ocr_pages:
            models["ocr"] = doc.ocr_engine
        vectors = None
        if keep_vectors:
            from .library.channels import summary_vectors

            vectors = summary_vectors(doc, emb, text_encoder.name, self._image_name if self._image else None)
        return Summary(document=doc, mode=mode, text=text, sentences=sentences, figures=key_figures,
                       models={**models, "text": text_encoder.name}, device=device, timings=timings,
                       flagged=flagged, warnings=warnings, sections=sections, generation=generation,
                       vectors=vectors, channel_weights=weights)


def render_figure_crops(path: Path, password: str | None, figures: list, progress: ProgressFn | None = None,
                        cancel: CancelFn | None = None) -> list[str]:
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
        doc = open_document(path, password)
        try:
            return render_crops(doc, figures, progress=progress, cancel=cancel)
        finally:
            doc.close()
    finally:
        pymupdf.TOOLS.mupdf_display_errors(shown)
        pymupdf.TOOLS.reset_mupdf_warnings()


def _summary_rows(doc, worth, options: SummaryOptions):
    """The sentences a plain summary needs encoded (see :mod:`mmsum.rank.candidates`)."""
    from .generate.extractive import word_budget
    from .rank.candidates import candidate_budget, summary_rows

    return summary_rows(doc, worth, candidate_budget(*word_budget(options)))


def _check_finite(emb, path: Path) -> None:
    """ModelError when an encoder returned values that are not numbers: ranking on them would
    silently make an empty summary, which must not replace a good one."""
    import numpy as np

    bad = [name for name in ("sentences", "captions", "images", "sentences_in_image_space")
           if getattr(emb, name) is not None and not np.isfinite(getattr(emb, name)).all()]
    if bad:
        raise ModelError(f"{path.name}: the encoders returned invalid vectors ({', '.join(bad)}); nothing was written")


# --- batches (now mmsum.batch; these names stay for existing callers) -----------------------

def supported_suffixes() -> set[str]:
    """File suffixes a folder is searched for."""
    from .batch.inputs import supported_suffixes as suffixes

    return suffixes()


def expand_inputs(paths: Iterable[Path], recursive: bool = False) -> list[Path]:
    """Files as given, and the supported documents inside each folder (sorted; subfolders too
    with ``recursive``). Missing paths are kept, so that the batch reports them; duplicates are
    dropped."""
    from .batch.inputs import expand_inputs as expand

    return expand(paths, recursive)


def summarize_batch(paths: Sequence[Path], options: SummaryOptions, summarizer: Summarizer,
                    out_dir: Path | None, formats: Sequence[str], *, progress: ProgressFn | None = None,
                    cancel: CancelFn | None = None,
                    on_result: Callable[[DocumentResult], None] | None = None,
                    password: str | None = None) -> list[DocumentResult]:
    """Summarize each document in this process and write its outputs to ``out_dir`` (None:
    beside the input); one result per document, in order.

    A document that fails is reported in its result and the batch goes on. Cancelling stops
    after the current stage: finished outputs stay, and the documents not finished end
    CANCELLED. A model that cannot be loaded stops the batch with ModelError. This is
    :func:`mmsum.batch.run_batch` on the in-process engine, without a manifest; new callers
    should use that (typed events, worker processes, Ray, resume).
    """
    from .batch import DocumentFinished, InProcessEngine, StageProgress, run_batch
    from .batch.settings import BatchSettings

    progress = progress or no_progress
    paths = [Path(p) for p in paths]
    n = max(len(paths), 1)

    def on_event(event) -> None:
        # the text form, for callers written before the typed events
        if isinstance(event, StageProgress):
            progress((event.index + event.fraction) / n, f"[{event.index + 1}/{n}] {event.path.name}: {event.message}")
        elif isinstance(event, DocumentFinished) and on_result is not None:
            on_result(event.result)

    settings = BatchSettings(models=summarizer.options, options=options, formats=tuple(formats),
                             use_cache=summarizer.cache.enabled, password=password)
    report = run_batch(paths, settings, out_dir=out_dir, engine=InProcessEngine(summarizer), on_event=on_event,
                       cancel=cancel, resume=False, manifest=False)
    return report.results


def __getattr__(name: str):
    if name == "BatchResult":  # a document's result in a batch; now mmsum.batch.DocumentResult
        from .batch.result import DocumentResult

        return DocumentResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
