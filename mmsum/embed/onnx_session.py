"""ONNX Runtime sessions on the CPU, with threads set for the machine."""
from __future__ import annotations

import os
from pathlib import Path


def cpu_threads() -> int:
    """Cores this process may use (its affinity mask where the OS has one); at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def new_session(path: Path, threads: int | None = None):
    """An inference session for the model at ``path`` on the CPU execution provider.

    ModelError when the file cannot be loaded; the file is then removed, so that the next
    run exports it again rather than failing the same way.
    """
    import onnxruntime as ort

    from ..errors import ModelError

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads or cpu_threads()
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3  # warnings about unused initializers are not the user's concern
    # idle threads sleep rather than spin: spinning doubled the CPU time per sentence here
    # (measured, benchmarks/encoder_speed.py) and takes the cores from the reader and other work
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    except Exception as err:  # noqa: BLE001 - ONNX Runtime raises its own exception types
        Path(path).unlink(missing_ok=True)
        raise ModelError(f"cannot load {path.name} with ONNX Runtime ({err}); removed it, so the next run "
                         "exports it again") from err
