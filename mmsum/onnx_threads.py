"""ONNX Runtime's CPU settings for every model mmsum runs on it (the encoders, the OCR engine),
and numpy's BLAS held to the same share of the cores.

A batch runs N worker processes; each gets its share of the cores (the batch sets
``OMP_NUM_THREADS`` in each worker, see :mod:`mmsum.batch.local`), so N workers do not each
start a thread per core and fight over them. Idle threads sleep rather than spin: spinning
doubled the CPU time per sentence of the text encoder (``benchmarks/encoder_speed.py``) and
added a third to OCR's (``benchmarks/scans.py``), taking the cores from the reader and other
work. Nothing here imports onnxruntime until a session's options are asked for.
"""
from __future__ import annotations

import os


def cpu_threads() -> int:
    """Threads for one model run: this worker's share of the cores when a batch set one
    (``OMP_NUM_THREADS``), else the cores this process may use (its affinity mask); at least 1."""
    share = os.environ.get("OMP_NUM_THREADS", "")
    if share.isdigit() and int(share) > 0:
        return int(share)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def share_blas_threads() -> None:
    """Hold numpy's BLAS (OpenBLAS) to this worker's share of the cores, when a batch gave it
    one (``OMP_NUM_THREADS``). The variables a batch sets for BLAS are read only when numpy is
    first imported, which a worker has done before it is given its share: its BLAS then ran a
    thread per core, whose spinning between the rankers' products took about a sixth of a
    summary's CPU time, and the cores from the other worker. Elsewhere BLAS keeps its own
    setting."""
    share = os.environ.get("OMP_NUM_THREADS", "")
    if not (share.isdigit() and int(share) > 0):
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # BLAS keeps a thread per core: slower, not wrong
        return
    threadpool_limits(limits=int(share), user_api="blas")  # for the whole process, not a block


def session_options(threads: int | None = None):
    """``onnxruntime.SessionOptions`` for the CPU: ``threads`` (default :func:`cpu_threads`)
    within an operator, one across operators, no spinning, warnings not logged."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads or cpu_threads()
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3  # warnings about unused initializers are not the user's concern
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return opts
