"""The stages in order (read, embed, rank, write summary), with progress and cancellation.

A :class:`Summarizer` holds the loaded encoders (and, lazily, a generator) so a batch loads
them once. It keeps no per-document state, so one instance may serve a worker thread while
another thread reads :attr:`Summarizer.models_used`; loading is guarded by a lock.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .cache import EmbeddingCache
from .document import Status
from .errors import MmsumError, ModelError
from .options import ModelOptions, SummaryOptions
from .progress import CancelFn, Cancelled, ProgressFn, check, no_progress, sub_progress
from .summary import Summary

log = logging.getLogger(__name__)

# share of a document's progress bar per stage (reading and embedding dominate)
_STAGES = {"read": (0.0, 0.4), "embed": (0.4, 0.85), "rank": (0.85, 0.9), "summary": (0.9, 1.0)}


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
        check(cancel)

        t = time.perf_counter()
        from .embed.document import embed_document
        from .embed.fusion import figure_figure_similarity, fuse_figures
        emb = embed_document(doc, self._text, self._image, self.cache, wanted=worth,
                             progress=stage("embed", "embedding"), cancel=cancel)
        _check_finite(emb, doc.path)
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
        warnings = list(self.warnings) + limited
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


def _check_finite(emb, path: Path) -> None:
    """ModelError when an encoder returned values that are not numbers: ranking on them would
    silently make an empty summary, which must not replace a good one."""
    import numpy as np

    bad = [name for name in ("sentences", "captions", "images", "sentences_in_image_space")
           if getattr(emb, name) is not None and not np.isfinite(getattr(emb, name)).all()]
    if bad:
        raise ModelError(f"{path.name}: the encoders returned invalid vectors ({', '.join(bad)}); nothing was written")


# --- batches -------------------------------------------------------------------------------

@dataclass
class BatchResult:
    """How one document of a batch ended; ``outputs`` are the files written."""

    path: Path
    status: Status
    outputs: list[Path] = field(default_factory=list)
    message: str = ""
    seconds: float = 0.0


def supported_suffixes() -> set[str]:
    """File suffixes a folder is searched for."""
    try:
        from .ingest.open import NATIVE_SUFFIXES

        return set(NATIVE_SUFFIXES)
    except ImportError:
        return {".pdf"}


def expand_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the supported documents inside each folder (sorted, not recursive).
    Missing paths are kept, so that the batch reports them; duplicates are dropped."""
    suffixes = supported_suffixes()
    out: list[Path] = []
    seen: set[Path] = set()
    for p in map(Path, paths):
        found = sorted(c for c in p.iterdir() if c.is_file() and c.suffix.lower() in suffixes) \
            if p.is_dir() else [p]
        for f in found:
            key = f.resolve() if f.exists() else f
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def _stems(paths: Sequence[Path], out_dir: Path | None) -> list[str]:
    """Output stems: the file stem, made unique when two inputs would write the same files."""
    from .export.fileset import output_stem

    used: dict[tuple[Path, str], int] = {}
    stems = []
    for p in paths:
        folder = (out_dir or p.parent).resolve()
        stem = output_stem(p.stem)
        key = (folder, stem.lower())
        used[key] = used.get(key, 0) + 1
        stems.append(stem if used[key] == 1 else output_stem(p.stem, f"-{used[key]}"))
    return stems


def summarize_batch(paths: Sequence[Path], options: SummaryOptions, summarizer: Summarizer,
                    out_dir: Path | None, formats: Sequence[str], *, progress: ProgressFn | None = None,
                    cancel: CancelFn | None = None,
                    on_result: Callable[[BatchResult], None] | None = None) -> list[BatchResult]:
    """Summarize each document and write its outputs to ``out_dir`` (None: beside the input).

    A document that fails is reported in its result and the batch goes on. Cancelling stops
    after the current stage; finished outputs stay, and the results so far are returned. A
    model that cannot be loaded stops the batch with ModelError (no document could succeed).
    """
    from .export import write_summary

    progress = progress or no_progress
    paths = [Path(p) for p in paths]
    n = max(len(paths), 1)
    summarizer.load(sub_progress(progress, 0.0, 0.0), cancel)
    results: list[BatchResult] = []
    for i, (path, stem) in enumerate(zip(paths, _stems(paths, out_dir))):
        doc_progress = sub_progress(lambda f, m, name=path.name, i=i: progress(f, f"[{i + 1}/{n}] {name}: {m}"),
                                    i / n, (i + 1) / n)
        t0 = time.perf_counter()
        try:
            check(cancel)  # before touching the next file: a cancelled batch starts nothing new
            summary = summarizer.summarize(path, options, progress=doc_progress, cancel=cancel)
            outputs = write_summary(summary, out_dir or path.parent, formats, stem=stem)
            result = BatchResult(path, summary.status, outputs, "; ".join(summary.notes), time.perf_counter() - t0)
        except Cancelled:
            results.append(BatchResult(path, Status.FAILURE, [], "cancelled", time.perf_counter() - t0))
            if on_result:
                on_result(results[-1])
            break
        except MmsumError as err:
            result = BatchResult(path, Status.FAILURE, [], str(err), time.perf_counter() - t0)
        except OSError as err:  # writing fails as OutputError: this is the input failing mid-read
            result = BatchResult(path, Status.FAILURE, [], f"cannot read {path}: {err.strerror or err}",
                                 time.perf_counter() - t0)
        except Exception as err:  # noqa: BLE001 - one bad document must not stop the batch
            log.debug("unexpected failure on %s", path, exc_info=True)
            result = BatchResult(path, Status.FAILURE, [], f"unexpected error: {type(err).__name__}: {err}",
                                 time.perf_counter() - t0)
        results.append(result)
        if on_result:
            on_result(result)
    return results
