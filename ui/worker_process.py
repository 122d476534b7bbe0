"""The child side of the model worker process: plain functions around mmsum's public API.

The app runs model and document work in one separate process, not in a thread: some C calls
the core makes hold Python's interpreter lock for a long time (PyMuPDF extracting a heavy page
can take half a second), and in a thread each of those would freeze the window. This module
imports no Qt. Progress, streamed text and per-document batch results go back to the app
through a queue as ``(job, kind, *payload)`` tuples; a job is cancelled when the shared value
``cancel`` holds its number.
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

_queue: Any = None
_cancel: Any = None
_summarizers: dict[tuple, Any] = {}


def init(queue: Any, cancel: Any) -> None:
    """Process initializer: keep the channels back to the app."""
    global _queue, _cancel
    _queue, _cancel = queue, cancel
    if hasattr(os, "nice"):
        # background work yields the CPU to the window when both want it
        try:
            os.nice(5)
        except OSError:
            pass


def _progress(job: int):
    def report(fraction: float, message: str) -> None:
        _queue.put((job, "progress", float(fraction), str(message)))
    return report


def _cancelled(job: int):
    return lambda: _cancel.value == job


def _summarizer(models, job: int):
    """The loaded summarizer for ``models`` (loaded once per process and model choice)."""
    from mmsum.pipeline import Summarizer

    key = dataclasses.astuple(models)
    s = _summarizers.get(key)
    if s is None:
        s = Summarizer(models)
        s.load(progress=_progress(job), cancel=_cancelled(job))
        _summarizers.clear()  # one set of models in memory at a time
        _summarizers[key] = s
    return s


def load(job: int, models) -> tuple[dict, str]:
    """Load the models; (models used, device)."""
    s = _summarizer(models, job)
    return dict(s.models_used), str(s.device)


def prepare(job: int, models) -> dict[str, float]:
    """The encoders' one-time preparation (see :mod:`mmsum.embed.preparation`); role ->
    seconds it took (empty when nothing was left to do)."""
    from mmsum.embed.preparation import pending, prepare as run_preparations

    steps = pending(models.text_model, models.image_model, device=models.device, backend=models.backend,
                    offline=models.offline)
    return run_preparations(steps, progress=_progress(job), cancel=_cancelled(job))


def summarize(job: int, models, path: Path, options, password: str | None, stream: bool):
    """One document's :class:`~mmsum.summary.Summary`."""
    s = _summarizer(models, job)
    on_token = (lambda text: _queue.put((job, "token", text))) if stream else None
    return s.summarize(path, options, password=password, progress=_progress(job),
                       cancel=_cancelled(job), on_token=on_token)


_indexes: dict[tuple, Any] = {}  # (models, path, mtime, size, password) -> IndexedDocument
MAX_INDEXES = 4  # documents kept embedded for search (a few open documents; each a few MB)


def search(job: int, models, path: Path, password: str | None, queries: list[str], kind: str, top: int,
           weights: dict | None) -> tuple[list[dict], dict[str, bytes], dict[str, Any]]:
    """The answers of ``mmsum.search`` for ``queries`` in one document, read and embedded on
    the first search and kept for the next ones; with the crops (PNG) of the figures found and
    the tables found (id -> :class:`~mmsum.document.Table`, to open as a grid)."""
    from mmsum.search import DocumentSearch, index_document

    s = _summarizer(models, job)
    st = Path(path).stat()
    key = (dataclasses.astuple(models), str(path), st.st_mtime_ns, st.st_size, password)
    ix = _indexes.get(key)
    if ix is None:
        ix = index_document(s, Path(path), password=password, progress=_progress(job), cancel=_cancelled(job))
        while len(_indexes) >= MAX_INDEXES:
            _indexes.pop(next(iter(_indexes)))
        _indexes[key] = ix
    search = DocumentSearch(s)
    search.add_indexed(ix)
    answers = search.search(queries, kind=kind, top=top, weights=weights, cancel=_cancelled(job))
    crops = {f.id: f.image_png for f in ix.document.figures if f.image_png}
    wanted = {r["id"] for a in answers for r in a["results"] if r["kind"] == "figure"}
    found = {r["id"] for a in answers for r in a["results"] if r["kind"] == "table"}
    tables = {t.id: t for t in ix.document.tables if t.id in found}
    return answers, {fid: png for fid, png in crops.items() if fid in wanted}, tables
