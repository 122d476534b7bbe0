"""Reading training documents on worker processes: each loads the models once, reads its
documents with their abstracts removed (:func:`.data.read_example`) and writes each example
to the cache itself (atomically), so the parent only says progress and a stop loses nothing
finished.

The cores are shared as a batch shares them (``OMP_NUM_THREADS`` per worker). Ctrl+C reaches
the workers too (one process group) and stops them in the middle of a document; a ``cancel``
from the caller stops handing out documents and leaves the running ones to finish.
"""
from __future__ import annotations

import importlib
import os
import pickle
from pathlib import Path
from types import ModuleType
from typing import Callable

_STATE: dict = {}  # in a worker: its summarizer, corpus module and scorer


def _start(corpus_name: str, corpus_file: str, models, threads: int) -> None:
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(threads)
    from ..pipeline import Summarizer
    from .data import _scorer, load_corpus_module

    corpus = (importlib.import_module(corpus_name) if corpus_name.startswith("mmsum.")
              else load_corpus_module(Path(corpus_file).parent))
    _STATE.update(summarizer=Summarizer(models), corpus=corpus, scorer=_scorer())


def _read(pdf: Path, hit: Path) -> list[str]:
    """Read ``pdf`` into the cache entry ``hit``; the lines it would log."""
    from ..atomic import write_bytes_atomic
    from .data import read_example

    lines: list[str] = []
    ex = read_example(pdf, _STATE["corpus"], _STATE["summarizer"], _STATE["scorer"], lines.append)
    write_bytes_atomic(hit, pickle.dumps(ex))
    return lines


def read_in_workers(todo: list[tuple[Path, Path]], corpus: ModuleType, models, workers: int,
                    log: Callable[[str], None], on_done: Callable[[int, Path], None]) -> None:
    """Read each (pdf, cache entry) of ``todo`` on ``workers`` processes; ``on_done(i, pdf)``
    as each finishes (it may raise to stop: documents not started are dropped)."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    from ..batch.resources import usable_cores

    threads = max(1, usable_cores() // workers)
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start,
                               initargs=(corpus.__name__, getattr(corpus, "__file__", ""), models, threads))
    try:
        pending = {pool.submit(_read, pdf, hit): pdf for pdf, hit in todo}
        finished = 0
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                pdf = pending.pop(future)
                for line in future.result():
                    log(line)
                on_done(finished, pdf)
                finished += 1
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
