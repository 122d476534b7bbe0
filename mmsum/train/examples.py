"""The training examples of a list of documents: each read once (with its abstract removed,
:func:`.data.read_example`) and cached, in this process or on worker processes
(:mod:`.parallel`)."""
from __future__ import annotations

import pickle
from pathlib import Path
from types import ModuleType
from typing import Callable

from ..atomic import write_bytes_atomic
from .data import FORMAT, Example, _scorer, cache_path, read_example


def extract(pdfs: list[Path], corpus: ModuleType, cache_dir: Path, log=print, *,
            key: Callable[[Path], str] | None = None, summarizer=None,
            on_document: Callable[[int, int, Path], None] | None = None,
            workers: int = 1, models=None) -> list[Example]:
    """The examples of ``pdfs`` with an abstract (as ``corpus.read_paper`` finds it), from the
    cache where there, else by running the pipeline on the redacted copy (then cached).

    ``corpus``: anything with the evaluation's ``read_paper`` and ``redact_abstract`` (the
    evaluation's ``corpus.py``, or :mod:`mmsum.train.abstract`). ``key``: the cache entry's
    name for a PDF (default: its file name's stem). ``summarizer``: the pipeline to run
    (default: one with ``models``). ``workers`` > 1 reads the documents not cached on that many
    worker processes (:mod:`.parallel`), each loading the models once. ``on_document(i, n,
    pdf)`` is called as each document's turn comes (it may raise to stop: each finished
    document stays cached)."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    hits = [cache_dir / f"{key(pdf)}.v{FORMAT}.pkl" if key else cache_path(cache_dir, pdf) for pdf in pdfs]
    todo = [(pdf, hit) for pdf, hit in zip(pdfs, hits) if not hit.exists()]
    done = len(pdfs) - len(todo)
    if workers > 1 and len(todo) > 1:
        from .parallel import read_in_workers

        read_in_workers(todo, corpus, models, workers, log,
                        lambda i, pdf: on_document and on_document(done + i, len(pdfs), pdf))
    elif todo:
        from ..pipeline import Summarizer

        scorer = _scorer()
        for i, (pdf, hit) in enumerate(todo):
            if on_document:
                on_document(done + i, len(pdfs), pdf)
            summarizer = summarizer or Summarizer(models)
            write_bytes_atomic(hit, pickle.dumps(read_example(pdf, corpus, summarizer, scorer, log)))
    out: list[Example] = []
    for pdf, hit in zip(pdfs, hits):
        ex = pickle.loads(hit.read_bytes())
        if ex is not None:
            ex.source = str(pdf)
            out.append(ex)
    return out
