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
        from .generate.extractive import extractive_summary

        shown = {f.figure.number for f in key_figures if f.figure.number is not None}
        extract = extractive_summary(doc, ranking.sentence_scores, emb.sentences, options, shown)
        sections = extract.sections
        generation: dict = {}
        if options.generate:
            gen = self._load_generator(sub_progress(write_progress, 0.0, 0.2))
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
        timings["summary_s"] = time.perf_counter() - t
        timings["total_s"] = time.perf_counter() - t_all
        progress(1.0, "done")
        return Summary(document=doc, mode=mode, text=text, sentences=sentences, figures=key_figures,
                       models=self.models_used, device=device, timings=timings, flagged=flagged,
                       warnings=warnings, sections=sections, generation=generation)


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
    used: dict[tuple[Path, str], int] = {}
    stems = []
    for p in paths:
        folder = (out_dir or p.parent).resolve()
        key = (folder, p.stem.lower())
        used[key] = used.get(key, 0) + 1
        stems.append(p.stem if used[key] == 1 else f"{p.stem}-{used[key]}")
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
            notes = [*summary.document.warnings, *summary.warnings]
            result = BatchResult(path, summary.status, outputs, "; ".join(notes), time.perf_counter() - t0)
        except Cancelled:
            results.append(BatchResult(path, Status.FAILURE, [], "cancelled", time.perf_counter() - t0))
            if on_result:
                on_result(results[-1])
            break
        except MmsumError as err:
            result = BatchResult(path, Status.FAILURE, [], str(err), time.perf_counter() - t0)
        except OSError as err:  # writing the outputs failed: disk full, no permission
            result = BatchResult(path, Status.FAILURE, [], f"cannot write the summary: {err}",
                                 time.perf_counter() - t0)
        except Exception as err:  # noqa: BLE001 - one bad document must not stop the batch
            log.debug("unexpected failure on %s", path, exc_info=True)
            result = BatchResult(path, Status.FAILURE, [], f"unexpected error: {type(err).__name__}: {err}",
                                 time.perf_counter() - t0)
        results.append(result)
        if on_result:
            on_result(result)
    return results
