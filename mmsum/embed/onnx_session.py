"""ONNX Runtime sessions of the encoders on the CPU (settings: :mod:`mmsum.onnx_threads`)."""
from __future__ import annotations

from pathlib import Path

from ..onnx_threads import cpu_threads, session_options

__all__ = ["cpu_threads", "new_session"]


def new_session(path: Path, threads: int | None = None):
    """An inference session for the model at ``path`` on the CPU execution provider.

    ModelError when the file cannot be loaded; the file is then removed, so that the next
    run exports it again rather than failing the same way.
    """
    import onnxruntime as ort

    from ..errors import ModelError

    opts = session_options(threads)
    try:
        return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    except Exception as err:  # noqa: BLE001 - ONNX Runtime raises its own exception types
        Path(path).unlink(missing_ok=True)
        raise ModelError(f"cannot load {path.name} with ONNX Runtime ({err}); removed it, so the next run "
                         "exports it again") from err
