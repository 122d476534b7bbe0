"""The app's calls in its worker process: plain functions around mmsum's public API.

The app runs model and document work in one separate process, not in a thread: some C calls
the core makes hold Python's interpreter lock for a long time (PyMuPDF extracting a heavy page
can take half a second), and in a thread each of those would freeze the window. The process
is a :class:`mmsum.workers.SerialWorker`'s; each function here takes its
:class:`~mmsum.workers.Call` first (progress and streamed text go back through it, and its
cancel check stops the work). This module imports no Qt.
"""
from __future__ import annotations

import dataclasses
from importlib import import_module
from pathlib import Path
from typing import Any

from mmsum.workers import Call

_summarizers: dict[tuple, Any] = {}
PRELOADED = ("mmsum.pipeline",)  # what every call needs: imported while the window opens


def init() -> None:
    """The process's set-up, as it starts: import the pipeline (no model is loaded), so that
    the first summary does not wait for it."""
    for module in PRELOADED:
        import_module(module)


def _summarizer(models, call: Call):
    """The loaded summarizer for ``models`` (loaded once per process and model choice)."""
    from mmsum.pipeline import Summarizer

    key = dataclasses.astuple(models)
    s = _summarizers.get(key)
    if s is None:
        s = Summarizer(models)
        s.load(progress=call.progress, cancel=call.cancelled)
        _summarizers.clear()  # one set of models in memory at a time
        _summarizers[key] = s
    return s


def load(call: Call, models) -> tuple[dict, str]:
    """Load the models; (models used, device)."""
    s = _summarizer(models, call)
    return dict(s.models_used), str(s.device)


def prepare(call: Call, models) -> dict[str, float]:
    """The encoders' one-time preparation (see :mod:`mmsum.embed.preparation`); role ->
    seconds it took (empty when nothing was left to do)."""
    from mmsum.embed.preparation import pending, prepare as run_preparations

    steps = pending(models.text_model, models.image_model, device=models.device, backend=models.backend,
                    offline=models.offline)
    return run_preparations(steps, progress=call.progress, cancel=call.cancelled)


def summarize(call: Call, models, path: Path, options, password: str | None, stream: bool):
    """One document's :class:`~mmsum.summary.Summary`; with ``stream``, generated text is
    sent as ``"token"`` messages as it comes."""
    s = _summarizer(models, call)
    on_token = (lambda text: call.send("token", text)) if stream else None
    return s.summarize(path, options, password=password, progress=call.progress, cancel=call.cancelled,
                       on_token=on_token)


_indexes: dict[tuple, Any] = {}  # (models, path, mtime, size, password) -> IndexedDocument
MAX_INDEXES = 4  # documents kept embedded for search (a few open documents; each a few MB)


def search(call: Call, models, path: Path, password: str | None, queries: list[str], kind: str, top: int,
           weights: dict | None) -> tuple[list[dict], dict[str, bytes], dict[str, Any]]:
    """The answers of ``mmsum.search`` for ``queries`` in one document, read and embedded on
    the first search and kept for the next ones; with the crops (PNG) of the figures found and
    the tables found (id -> :class:`~mmsum.document.Table`, to open as a grid)."""
    from mmsum.search import DocumentSearch, index_document

    s = _summarizer(models, call)
    st = Path(path).stat()
    key = (dataclasses.astuple(models), str(path), st.st_mtime_ns, st.st_size, password)
    ix = _indexes.get(key)
    if ix is None:
        ix = index_document(s, Path(path), password=password, progress=call.progress, cancel=call.cancelled)
        while len(_indexes) >= MAX_INDEXES:
            _indexes.pop(next(iter(_indexes)))
        _indexes[key] = ix
    search = DocumentSearch(s)
    search.add_indexed(ix)
    answers = search.search(queries, kind=kind, top=top, weights=weights, cancel=call.cancelled)
    crops = {f.id: f.image_png for f in ix.document.figures if f.image_png}
    wanted = {r["id"] for a in answers for r in a["results"] if r["kind"] == "figure"}
    found = {r["id"] for a in answers for r in a["results"] if r["kind"] == "table"}
    tables = {t.id: t for t in ix.document.tables if t.id in found}
    return answers, {fid: png for fid, png in crops.items() if fid in wanted}, tables
