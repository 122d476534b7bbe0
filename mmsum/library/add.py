"""Adding documents to a library: find them, skip the unchanged, summarize the rest on a batch
engine, and store each as it finishes.

Each finished document is committed in its own transaction by the worker that summarized it
(see :class:`~mmsum.library.records.LibraryWriter`), so a kill loses at most the documents in
progress; the next add finds the others stored and current, and carries on.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from ..batch import BatchSettings, DocumentFinished, Source, collect_documents, fan_out, run_batch
from ..batch.events import EventFn
from ..batch.inputs import absolute
from ..batch.manifest import sha256_file
from ..batch.result import DocumentResult
from ..document import Status
from ..options import ModelOptions, SummaryOptions
from ..progress import CancelFn
from ..rankers import DEFAULT_RANKER
from .ranker_model import library_ranker
from .records import LibraryWriter, settings_key
from .store import DocumentRecord, Library, LibraryError


@dataclass
class AddReport:
    """How an add went. Paths are absolute. ``missing`` are inputs named that do not exist;
    ``vanished`` are stored documents whose files are gone (marked, not removed); ``upgraded``
    are unchanged documents read again because an earlier mmsum stored less of them (tables)."""

    library: Path
    found: int = 0
    unchanged: list[str] = field(default_factory=list)
    results: list[DocumentResult] = field(default_factory=list)
    vanished: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    upgraded: list[str] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def stored(self) -> list[DocumentResult]:
        return [r for r in self.results if r.status in (Status.SUCCESS, Status.PARTIAL)]

    @property
    def failed(self) -> list[DocumentResult]:
        return [r for r in self.results if r.status == Status.FAILURE]


def _hash(path: Path) -> str:
    try:
        return sha256_file(path)
    except OSError:
        return ""


def _under(path: str, roots: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def add_to_library(library: Path, paths: Sequence[Path], *, models: ModelOptions | None = None,
                   options: SummaryOptions | None = None, engine=None, workers: int | None = None,
                   on_event: EventFn | None = None, cancel: CancelFn | None = None, use_cache: bool = True,
                   retry_failed: bool = False, every_sentence: bool = False) -> AddReport:
    """Add the documents at ``paths`` (files, or folders searched recursively) to ``library``.

    Documents stored with the same content and settings are skipped (failed ones too, unless
    ``retry_failed``); changed ones are read again; stored documents under the folders given
    whose files are gone are marked vanished. A document that fails is stored as failed with
    its reason, and the others go on. ``engine``: a batch engine (default: local, ``workers``
    processes). The sentences the summary needs are stored with their vectors, the others with
    their words (found by search through :mod:`.keywords`); ``every_sentence`` encodes them all
    (slower: see README ▸ Library). With the default ranker, the library's own model ranks when
    it beat the bundled ones (:mod:`.ranker_model`). Raises LibraryError when the library cannot be opened or
    written, ModelError when the models cannot be loaded.
    """
    import time

    from ..batch import LocalEngine

    t0 = time.perf_counter()
    models = models or ModelOptions()
    options = options or SummaryOptions()
    lib = Library(Path(library))
    report = AddReport(lib.path)
    ranker, digest = library_ranker(lib.path) if options.ranker == DEFAULT_RANKER else (None, "")
    if ranker:  # the library's own model beat the bundled ones (mmsum library train)
        options = dataclasses.replace(options, ranker=ranker)
    try:
        key = settings_key(models, options, every_sentence, digest)
        sources = collect_documents([Path(p) for p in paths], recursive=True)
        known = lib.known()
        to_run: list[Source] = []
        hashes: dict[str, str] = {}
        back: list[str] = []
        for src in sources:
            p = str(absolute(src.path))
            if not src.path.exists():
                report.missing.append(p)
                continue
            report.found += 1
            h = hashes[p] = _hash(src.path)
            old = known.get(p)
            same = bool(old and h and old["hash"] == h and old["settings"] == key)
            if same and old["current"] and not (retry_failed and old["status"] == "failed"):
                report.unchanged.append(p)
                if old["vanished"]:
                    back.append(p)
            else:
                if same and not old["current"]:
                    report.upgraded.append(p)
                to_run.append(Source(Path(p)))
        roots = [str(absolute(Path(p))) for p in paths]
        gone = [p for p, old in known.items() if _under(p, roots) and not old["vanished"] and not os.path.exists(p)]
        if gone:
            lib.mark_vanished(gone)
        report.vanished = gone
        lib.unmark_vanished(back)

        def store_failure(event) -> None:
            # a stored document's data comes from its worker; a failure is recorded here
            if isinstance(event, DocumentFinished) and event.result.status == Status.FAILURE:
                r = event.result
                p = str(r.path)
                try:
                    lib.put(DocumentRecord(p, r.content_hash or hashes.get(p, ""), key, "failed",
                                           reason=r.message or "failed", title=None))
                except LibraryError:  # the library cannot be written: the batch stops, saying why
                    if r.reasons and r.reasons[0].stage != "write":
                        raise

        settings = BatchSettings(models=models, options=options, use_cache=use_cache,
                                 writer=LibraryWriter(str(lib.path), key), keep_vectors=True,
                                 every_sentence=every_sentence)
        if to_run:
            engine = engine or LocalEngine(workers)
            batch = run_batch(to_run, settings, out_dir=None, engine=engine,
                              on_event=fan_out(store_failure, on_event), cancel=cancel, resume=False, manifest=False)
            report.results, report.cancelled = batch.results, batch.cancelled
    finally:
        lib.close()
    report.seconds = time.perf_counter() - t0
    return report
