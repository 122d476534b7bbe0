"""Reading training documents on worker processes (:mod:`mmsum.workers`, as a batch's): each
loads the models once, reads its documents with their abstracts removed
(:func:`.data.read_example`) and writes each example to the cache itself (atomically), so the
parent only says progress and a stop loses nothing finished.

The cores are shared as a batch shares them (``OMP_NUM_THREADS`` per worker). Ctrl+C reaches
the workers too (one process group) and stops them in the middle of a document; a ``cancel``
from the caller stops handing out documents and leaves the running ones to finish.
"""
from __future__ import annotations

import importlib
import pickle
from pathlib import Path
from types import ModuleType
from typing import Callable

_STATE: dict = {}  # in a worker: its summarizer, corpus module and scorer
FINISH_S = 600.0  # how long a stop waits for the documents being read to be cached


def _start(corpus_name: str, corpus_file: str, models) -> None:
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
    as each finishes (it may raise to stop: documents not started are dropped). A worker
    that dies stops the reading with an :class:`~mmsum.errors.MmsumError` saying how."""
    from collections import deque
    from multiprocessing.connection import wait

    from ..batch.resources import usable_cores
    from ..errors import MmsumError
    from ..workers import Setup, WorkerProcess

    setup = Setup(init=_start, init_args=(corpus.__name__, getattr(corpus, "__file__", ""), models),
                  threads=max(1, usable_cores() // workers), interruptible=True)
    pending = deque(todo)
    procs = [WorkerProcess(f"training-{k + 1}", setup).start() for k in range(min(workers, len(todo)))]
    finished = 0
    try:
        while pending or any(p.job is not None for p in procs):
            for p in procs:
                if p.ready and p.job is None and pending:
                    pdf, hit = pending.popleft()
                    p.send(_read, pdf, hit, job=pdf, context=False)
            wait([w for p in procs for w in p.waitables()], timeout=1.0)
            for p in procs:
                for event in p.receive():
                    if event[0] == "init_failed":
                        raise event[1]
                    if event[0] == "raised":
                        raise event[2]
                    if event[0] == "done":
                        for line in event[2]:
                            log(line)
                        on_done(finished, event[1])
                        finished += 1
                if not p.alive:
                    p.reap()
                    raise MmsumError(f"reading the training documents stopped: {p.death()}")
    finally:
        for p in procs:
            p.ask_to_stop()  # each caches the document it is reading, then ends
        for p in procs:
            p.stop(FINISH_S)
