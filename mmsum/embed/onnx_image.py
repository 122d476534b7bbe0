"""EfficientNet-Lite0 on ONNX Runtime: the bundled image encoder without torch."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from ..models import ResolvedModel
from ..progress import CancelFn, ProgressFn
from .onnx_export import ensure_exported, export_efficientnet, image_export_path
from .onnx_session import new_session
from .pixels import run_batched


class OnnxEfficientNetEncoder:
    """EfficientNet-Lite0 (ImageNet) pooled features, as :class:`~.image.EfficientNetEncoder`."""

    shared_space = False
    dim = 1280
    size = 224
    backend = "onnxruntime"

    def __init__(self, session, name: str) -> None:
        self._session, self.name = session, name

    @property
    def cache_key(self) -> str:
        return f"{self.name}@{self.size}-letterbox"

    def _forward(self, batch: np.ndarray) -> np.ndarray:
        return self._session.run(None, {"pixels": np.ascontiguousarray(batch, dtype=np.float32)})[0]

    def encode_images(self, pngs: Sequence[bytes | None], *, cancel: CancelFn | None = None) -> np.ndarray:
        # Lite models were trained on inputs scaled to about [-1, 1]
        return run_batched(pngs, self.dim, self.size, (0.5, 0.5, 0.5), (0.5, 0.5, 0.5), self._forward, cancel)

    def encode_texts(self, texts: Sequence[str], *, cancel: CancelFn | None = None) -> np.ndarray:
        raise TypeError("EfficientNet does not embed text")


def load_onnx_efficientnet(resolved: ResolvedModel, progress: ProgressFn | None = None,
                           threads: int | None = None) -> OnnxEfficientNetEncoder:
    """The bundled EfficientNet-Lite0 on ONNX Runtime, exported first when needed (ModelError)."""
    return OnnxEfficientNetEncoder(new_session(export_image(resolved, progress), threads), resolved.name)


def export_image(resolved: ResolvedModel, progress: ProgressFn | None = None) -> Path:
    """The ONNX file of the bundled EfficientNet-Lite0, exported first when it is not in the
    cache folder yet; ModelError on failure."""
    weights = Path(resolved.location or "")
    return ensure_exported(image_export_path(resolved.name, weights), lambda tmp: export_efficientnet(weights, tmp),
                           f"image model {resolved.name}", progress)
