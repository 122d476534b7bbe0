"""The factory: a resolved model and a device to a loaded encoder, on the fastest backend.

On the CPU the bundled and local sentence-transformers models and EfficientNet-Lite0 run on
ONNX Runtime (exported once, see :mod:`.onnx_export`), which keeps torch out of the process;
on a GPU (CUDA in half precision, MPS), for CLIP/SigLIP, for models ONNX Runtime cannot take
and with ``backend="torch"``, they run on PyTorch. On the CPU the text encoder has 8-bit weights
("auto", "onnx-int8"): it encodes in about 0.6 of the float32 model's time, with vectors
within cosine 0.97-0.99 of it and summaries as good (ROUGE and key figures on docbank-dev,
see ``benchmarks/encoder_speed.py``); ``backend="onnx"`` keeps float32. The environment variable
``MMSUM_ENCODER_BACKEND`` overrides "auto" (for benchmarks that run the command line). When the ONNX path fails (no
onnxruntime, an export error) the PyTorch path serves and a warning says why.
"""
from __future__ import annotations

import logging
import os

from ..errors import ModelError
from ..models import ResolvedModel
from ..progress import ProgressFn, no_progress

log = logging.getLogger(__name__)
BACKENDS = ("auto", "onnx", "onnx-int8", "torch")


def resolve_backend(backend: str) -> str:
    """``backend``, with "auto" replaced by ``$MMSUM_ENCODER_BACKEND`` when that is set."""
    return os.environ.get("MMSUM_ENCODER_BACKEND", backend) if backend == "auto" else backend


def _wants_onnx(device: str, backend: str) -> bool:
    if backend not in BACKENDS:
        raise ModelError(f"unknown encoder backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    return backend.startswith("onnx") or (backend == "auto" and device == "cpu")


def text_on_onnx(resolved: ResolvedModel, device: str, backend: str) -> bool:
    """Whether the text model ``resolved`` runs on ONNX Runtime (``backend`` as resolved by
    the environment, see :data:`BACKENDS`); ModelError for an unknown backend."""
    return _wants_onnx(device, backend) and resolved.source != "hub"


def text_int8(device: str, backend: str) -> bool:
    """Whether the ONNX text encoder has 8-bit weights (the CPU default, or asked for)."""
    return backend == "onnx-int8" or (backend == "auto" and device == "cpu")


def image_on_onnx(resolved: ResolvedModel, device: str, backend: str) -> bool:
    """Whether the image model ``resolved`` runs on ONNX Runtime (only EfficientNet-Lite0 can)."""
    return resolved.kind == "efficientnet" and _wants_onnx(device, backend)


def _fallback(role: str, name: str, err: Exception) -> str:
    return f"{role} model {name} runs on PyTorch (slower start and encoding): {err}"


def load_text(resolved: ResolvedModel, device: str, offline: bool, backend: str = "auto",
              progress: ProgressFn | None = None) -> tuple[object, str | None]:
    """(text encoder, warning or None). The warning says why ONNX Runtime could not serve."""
    progress = progress or no_progress
    warning, backend = None, resolve_backend(backend)
    if text_on_onnx(resolved, device, backend):
        try:
            from .onnx_text import load_onnx_text_encoder

            return load_onnx_text_encoder(resolved, progress, int8=text_int8(device, backend)), None
        except (ModelError, ImportError, OSError) as err:
            warning = _fallback("text", resolved.name, err)
            log.warning("%s", warning)
    from .text import load_text_encoder

    return load_text_encoder(resolved, device, offline), warning


def load_image(resolved: ResolvedModel, device: str, offline: bool, backend: str = "auto",
               progress: ProgressFn | None = None) -> tuple[object | None, str | None]:
    """(image encoder or None when off, warning or None)."""
    progress = progress or no_progress
    warning, backend = None, resolve_backend(backend)
    if image_on_onnx(resolved, device, backend):
        try:
            from .onnx_image import load_onnx_efficientnet

            return load_onnx_efficientnet(resolved, progress), None
        except (ModelError, ImportError, OSError) as err:
            warning = _fallback("image", resolved.name, err)
            log.warning("%s", warning)
    from .image import load_image_encoder

    return load_image_encoder(resolved, device, offline), warning
