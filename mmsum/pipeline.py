"""The stages in order (read, embed, rank, write summary), with progress and cancellation.

A :class:`Summarizer` holds the loaded encoders (and, lazily, a generator) so a batch loads
them once. It keeps no per-document state, so one instance may serve a worker thread while
another thread reads :attr:`Summarizer.models_used`; loading is guarded by a lock.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .cache import EmbeddingCache
from .errors import ModelError
from .options import ModelOptions, SummaryOptions
from .progress import CancelFn, ProgressFn, check, no_progress, sub_progress
from .summary import Summary

log = logging.getLogger(__name__)

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
                 cache: EmbeddingCache | None = None) -> None:
        self.options = models or ModelOptions()
        self.cache = cache or EmbeddingCache(enabled=use_cache)
        self._lock = threading.Lock()
        self._text = self._image = self._generator = None
        self._device: str | None = None
        self._image_name: str | None = None
        self.warnings: list[str] = []  # model substitutions, reported in every summary

    # --- models ------------------------------------------------------------------------
    def load(self, progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> None:
        """Resolve and load the text and image encoders (once); ModelError if one is missing."""
        progress = progress or no_progress
        with self._lock:
            if self._text is not None:
                return
            from .device import resolve_device
            from .embed.image import load_image_encoder
            from .embed.text import load_text_encoder
            from .models import resolve_image_model, resolve_text_model

            text_spec = resolve_text_model(self.options.text_model, self.options.offline)
            image_spec = resolve_image_model(self.options.image_model, self.options.offline)
            check(cancel)
            device = resolve_device(self.options.device).name
            progress(0.1, f"loading text model {text_spec.name}")
            text = load_text_encoder(text_spec, device, self.options.offline)
            check(cancel)
            progress(0.6, f"loading image model {image_spec.name}")
            image = load_image_encoder(image_spec, device, self.options.offline)
            self.warnings = [image_spec.warning] if image_spec.warning else []
            self._device, self._image_name, self._image, self._text = device, image_spec.name, image, text
            progress(1.0, "models loaded")

    @property
    def models_used(self) -> dict[str, str | None]:
        """Role -> model name (None for a role not loaded yet, e.g. the generator)."""
        return {"text": self._text.name if self._text else None,
                "image": self._image_name,
                "generator": self._generator.name if self._generator else None}

    @property
    def device(self) -> str:
        """Where the encoders run ("cpu", "cuda", ...); resolved on :meth:`load`."""
        return self._device or self.options.device

    def _load_generator(self, progress: ProgressFn):
        with self._lock:
            if self._generator is None:
                try:
                    from .generate.generative import load_generator
                except ImportError as err:
                    raise ModelError("generation is not available in this build") from err
                self._generator = load_generator(self.options, progress)
            return self._generator

    # --- one document --------------------------------------------------------------------
    def summarize(self, path: Path, options: SummaryOptions, *, password: str | None = None,
                  progress: ProgressFn | None = None, cancel: CancelFn | None = None,
                  on_token: Callable[[str], None] | None = None) -> Summary:
        """Read, embed, rank and summarize the document at ``path``.

        Raises DocumentError (unreadable input), ModelError, or Cancelled.
        """
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

        doc = read_document(Path(path), password=password, progress=stage("read", "reading"), cancel=cancel)
        timings["read_s"] = time.perf_counter() - t
        check(cancel)

        t = time.perf_counter()
        from .embed.document import embed_document
        from .embed.fusion import figure_figure_similarity, fuse_figures
        from .rank.priors import worth_encoding

        emb = embed_document(doc, self._text, self._image, self.cache, wanted=worth_encoding(doc),
                             progress=stage("embed", "embedding"), cancel=cancel)
        shared = bool(self._image is not None and self._image.shared_space)
        figs = fuse_figures(doc, emb, shared_space=shared)
        query = query_img = None
        if options.query:
            query = self._text.encode([options.query])[0]
            if shared:
                query_img = self._image.encode_texts([options.query])[0]
        timings["embed_s"] = time.perf_counter() - t
        check(cancel)

        t = time.perf_counter()
        from .rank import rank_document
        from .rank.figures import pick_figures

        stage("rank", "ranking")
        ranking = rank_document(doc, emb, figs, query, query_img, cancel=cancel)
        key_figures = pick_figures(ranking.figures(doc), figure_figure_similarity(figs), doc, options.figures)
        timings["rank_s"] = time.perf_counter() - t
        check(cancel)

        t = time.perf_counter()
        write_progress = stage("summary", "writing summary")
        warnings = list(self.warnings)
        if not doc.sentences:
            warnings.append("no text was found to summarize (a scanned document without a text layer?)")
        if options.generate:
            gen = self._load_generator(sub_progress(write_progress, 0.0, 0.2))
            from .generate.generative import generative_summary

            result = generative_summary(gen, doc, ranking.sentences(doc), key_figures, options, on_token=on_token,
                                        cancel=cancel, progress=sub_progress(write_progress, 0.2, 1.0))
            # the generator's own (e.g. moved to the CPU for lack of memory) and the summary's
            # (e.g. source lines that did not fit the context window)
            warnings += list(result.warnings)
            mode, text, sentences, flagged, device = "generative", result.text, result.sentences, \
                list(result.flagged), gen.device
        else:
            from .generate.extractive import extractive_summary

            shown = {f.figure.number for f in key_figures if f.figure.number is not None}
            extract = extractive_summary(doc, ranking.sentence_scores, emb.sentences, options, shown)
            mode, text, sentences, flagged, device = "extractive", extract.text, extract.sentences, [], self.device
        timings["summary_s"] = time.perf_counter() - t
        timings["total_s"] = time.perf_counter() - t_all
        progress(1.0, "done")
        return Summary(document=doc, mode=mode, text=text, sentences=sentences, figures=key_figures,
                       models=self.models_used, device=device, timings=timings, flagged=flagged,
                       warnings=warnings)


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
                    on_result: Callable[["BatchResult"], None] | None = None) -> list["BatchResult"]:
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
                             use_cache=summarizer.cache.enabled)
    report = run_batch(paths, settings, out_dir=out_dir, engine=InProcessEngine(summarizer), on_event=on_event,
                       cancel=cancel, resume=False, manifest=False)
    return report.results


def __getattr__(name: str):
    if name == "BatchResult":  # a document's result in a batch; now mmsum.batch.DocumentResult
        from .batch.result import DocumentResult

        return DocumentResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
