"""A summary: the document prepared (read and embedded: :mod:`mmsum.prepare`), then ranked and
written, each stage announced as a typed event (:mod:`mmsum.stages`), with cancellation.

A :class:`Summarizer` holds the loaded encoders (and, lazily, a generator) so a batch loads
them once. It keeps no per-document state, so one instance may serve a worker thread while
another thread reads :attr:`Summarizer.models_used`; loading is guarded by a lock.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable

from .cache import EmbeddingCache
from .errors import DocumentError, ModelError
from .options import ModelOptions, ResolvedOptions, SummaryOptions, resolve_options
from .progress import CancelFn, ProgressFn, cancellable, check, no_progress, sub_progress
from .stages import Stage, StageEventFn, StageReporter
from .summary import Summary

log = logging.getLogger(__name__)


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
            from .onnx_threads import share_blas_threads

            share_blas_threads()
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
                        from .generate.backends import load_generator
                    except ImportError as err:
                        raise ModelError("generation is not available in this build") from err
                    return load_generator(self.options, progress)

                self._generator = cancellable(load, cancel)
            return self._generator

    # --- one document --------------------------------------------------------------------
    def summarize(self, path: Path, options: SummaryOptions | ResolvedOptions, *, password: str | None = None,
                  progress: ProgressFn | None = None, cancel: CancelFn | None = None,
                  on_token: Callable[[str], None] | None = None, keep_vectors: bool = False,
                  every_sentence: bool = True, on_stage: StageEventFn | None = None) -> Summary:
        """Read, embed, rank and summarize the document at ``path``.

        ``options``: resolved at the edge (see :func:`mmsum.options.resolve_options`); plain
        :class:`SummaryOptions` are resolved here. ``progress(fraction, message)`` follows the
        whole document; ``on_stage`` gets a typed event as each stage starts and goes on.
        ``keep_vectors``: also return the vectors of the sentences encoded, of each figure
        channel, of each table and of each footnote in ``Summary.vectors`` (for a library); the summary stays the
        one made without them. With ``every_sentence`` every sentence worth encoding is encoded
        for them; without, only those the summary needed (zero rows for the others), except in
        Chinese, Japanese and Korean documents, whose words a library's keyword index cannot
        tell apart (see :mod:`mmsum.library.keywords`).

        Raises DocumentError (unreadable input), OptionsError, ModelError, or Cancelled.
        """
        options = resolve_options(options, self.options)
        stages = StageReporter(progress, on_stage)
        t_all = time.perf_counter()
        weights = options.channel_weights
        from .prepare import prepare_document

        prepared = prepare_document(
            self, path, password=password, cancel=cancel, stages=stages,
            figure_ocr=self.options.figure_ocr_for("summary") and weights["figure-text"] > 0,
            rows=None if options.query else _summary_rows(options),
            figure_text=weights["figure-text"] > 0 or keep_vectors,  # a library searches it
            keep_all=(True if every_sentence else _cjk) if keep_vectors and not options.query else False)
        doc, emb, text_encoder, timings = prepared.document, prepared.embeddings, prepared.text_encoder, \
            prepared.timings

        t = time.perf_counter()
        from .embed.fusion import figure_figure_similarity, fuse_figures

        shared = bool(self._image is not None and self._image.shared_space)
        figs = fuse_figures(doc, emb, shared_space=shared, weights=weights)
        query = query_img = None
        if options.query:
            query = text_encoder.encode([options.query])[0]
            if shared:
                query_img = self._image.encode_texts([options.query])[0]
        timings["embed_s"] += time.perf_counter() - t
        check(cancel)

        t = time.perf_counter()
        from .rank import rank_document
        from .rank.figures import pick_figures

        stages.start(Stage.RANK, "ranking")
        ranking = rank_document(doc, emb, figs, query, query_img, cancel=cancel, ranker=options.ranker)
        key_figures = pick_figures(ranking.figures(doc), figure_figure_similarity(figs), doc, options.figures,
                                   need_crop=True)
        timings["rank_s"] = time.perf_counter() - t
        check(cancel)

        t = time.perf_counter()
        write_progress = stages.start(Stage.SUMMARY, "writing summary")
        warnings = list(self.warnings)
        from .generate.extractive import extractive_summary
        from .ingest.labels import figure_key

        shown = {figure_key(f.figure.label) for f in key_figures if figure_key(f.figure.label)}
        extract = extractive_summary(doc, ranking.sentence_scores, emb.sentences, options, shown, text_encoder.name)
        warnings += extract.warnings
        # the tables the summary's sentences cite are shown first ("Table 2 shows ..." beside Table 2)
        cited_tables = [i for s in extract.sentences for i in s.sentence.table_ids]
        key_tables = self._key_tables(doc, ranking.sentence_scores, emb.sentences, options, path, password, cancel,
                                      cited_tables)
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
                          "extracted": result.extracted, "flagged": len(result.flagged),
                          "cited_numbers": len(result.cited)}
            cited = list(result.cited)
        else:
            mode, text, sentences, flagged, device = "extractive", extract.text, extract.sentences, [], self.device
            cited = []
        if not text.strip():
            # an empty summary is never a success: say why in one line
            raise DocumentError(f"{doc.path}: no summary could be made: none of the {len(doc.sentences)} "
                                "sentences read reads as prose")
        timings["summary_s"] = time.perf_counter() - t
        timings["total_s"] = time.perf_counter() - t_all
        stages.report(1.0, "done")
        models = self.models_used
        if doc.ocr_pages:
            models["ocr"] = doc.ocr_engine
        vectors = None
        if keep_vectors:
            import numpy as np

            from .embed.channels import channels_to_store
            from .summary import SummaryVectors

            from .embed.footnotes import footnote_vectors
            from .rank.tables import table_search_vectors

            every = prepared.all_embeddings or emb
            vectors = SummaryVectors(np.asarray(every.sentences, dtype=np.float32), channels_to_store(doc, every),
                                     text_encoder.name, self._image_name if self._image else None,
                                     tables=table_search_vectors(text_encoder, doc.tables),
                                     footnotes=footnote_vectors(text_encoder, doc.footnotes))
        return Summary(document=doc, mode=mode, text=text, sentences=sentences, figures=key_figures,
                       models={**models, "text": text_encoder.name}, device=device, timings=timings,
                       flagged=flagged, warnings=warnings, sections=sections, generation=generation,
                       vectors=vectors, channel_weights=weights, tables=key_tables,
                       remarks=extract.remarks, cited_numbers=cited)

    def _key_tables(self, doc, sentence_scores, sentence_vectors, options: SummaryOptions, path: Path,
                    password: str | None, cancel: CancelFn | None, cited: list[str] = ()) -> list:
        """The ``options.tables`` key tables, with their crops rendered: those of ``cited`` (ids of
        the tables the summary's sentences cite, in their order) first, then the most salient."""
        if not options.tables or not doc.tables:
            return []
        from .rank.tables import cited_first, mention_vectors, rank_tables

        # a table's vector is that of the sentences citing it, already embedded: no encoder call,
        # so that a summary made again from the cache encodes nothing
        ranked = cited_first(rank_tables(doc, sentence_scores, sentence_vectors,
                                         mention_vectors(doc, sentence_vectors)), cited)[:options.tables]
        from .prepare import render_figure_crops

        doc.warnings.extend(render_figure_crops(Path(path), password, [s.table for s in ranked], None, cancel))
        return ranked


def _cjk(doc) -> bool:
    """Whether ``doc`` is written in Chinese, Japanese or Korean."""
    from .language import CJK_LANGUAGES

    return doc.language in CJK_LANGUAGES


def _summary_rows(options: ResolvedOptions):
    """The sentences a plain summary needs encoded (see :mod:`mmsum.rank.candidates`)."""
    from .rank.candidates import candidate_budget, summary_rows

    budget = candidate_budget(options.max_words, options.max_sentences)
    return lambda doc, worth: summary_rows(doc, worth, budget)
