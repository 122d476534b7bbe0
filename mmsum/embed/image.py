"""Image encoders behind one interface, and the factory that picks one from a resolved model.

Every encoder maps figure crops (PNG bytes) to L2-normalised float32 rows; a figure without a
crop, or one that cannot be decoded, gets a zero row so that it contributes no visual
similarity. Encoders whose ``shared_space`` is True (CLIP, SigLIP) also embed text, so that a
figure's image can be compared with sentences directly.
"""
from __future__ import annotations

import logging
from typing import Iterator, Protocol, Sequence

import numpy as np

from ..errors import ModelError
from ..models import ResolvedModel
from ..progress import CancelFn, check
from .pixels import decode_png, letterbox_batch

log = logging.getLogger(__name__)
BATCH = 16


class ImageEncoder(Protocol):
    name: str  # as recorded in outputs
    cache_key: str  # name plus whatever else changes the vectors (input size, preprocessing)
    shared_space: bool

    def encode_images(self, pngs: Sequence[bytes | None], *, cancel: CancelFn | None = None) -> np.ndarray:
        """One unit row per crop; zero rows for missing or undecodable crops."""

    def encode_texts(self, texts: Sequence[str], *, cancel: CancelFn | None = None) -> np.ndarray:
        """Text in the image space (shared-space encoders only)."""


def _decode_each(pngs: Sequence[bytes | None]) -> Iterator[np.ndarray | None]:
    """Each crop decoded in turn (None when missing, undecodable or tiny): one at a time, so
    that memory does not grow with the number of figures."""
    for data in pngs:
        try:
            img = decode_png(data) if data else None
        except Exception as err:  # noqa: BLE001 - a bad crop costs that figure its image only
            log.warning("cannot decode a figure crop: %s", err)
            img = None
        yield img if img is not None and min(img.shape[:2]) >= 4 else None


def run_batched(pngs: Sequence[bytes | None], dim: int, size: int, mean, std, forward,
                cancel: CancelFn | None) -> np.ndarray:
    """Decode, letterbox and run ``forward(tensor) -> (n, dim)`` in batches; unit rows."""
    import torch

    out = np.zeros((len(pngs), dim), dtype=np.float32)
    pending: list[tuple[int, np.ndarray]] = []  # at most one batch of decoded crops at a time

    def run() -> None:
        check(cancel)
        part = [i for i, _ in pending]
        batch = letterbox_batch([img for _, img in pending], size, mean, std)
        with torch.inference_mode():
            out[part] = forward(batch).float().cpu().numpy()
        pending.clear()

    for i, img in enumerate(_decode_each(pngs)):
        if img is not None:
            pending.append((i, img))
        if len(pending) == BATCH:
            run()
    if pending:
        run()
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


class EfficientNetEncoder:
    """EfficientNet-Lite0 (ImageNet) features: the 1280-d globally pooled last feature map.

    Its space is not the text space; the features tell figures apart (near-duplicates, plots
    versus photos, repeated logos), not what they mean.
    """

    shared_space = False
    dim = 1280
    size = 224

    @property
    def cache_key(self) -> str:
        return f"{self.name}@{self.size}-letterbox"

    def __init__(self, model, name: str, device: str) -> None:
        self._model, self.name, self._device = model, name, device

    def _forward(self, batch):
        feats = self._model.extract_features(batch.to(self._device))
        return feats.mean(dim=(2, 3))

    def encode_images(self, pngs: Sequence[bytes | None], *, cancel: CancelFn | None = None) -> np.ndarray:
        # Lite models were trained on inputs scaled to about [-1, 1]
        return run_batched(pngs, self.dim, self.size, (0.5, 0.5, 0.5), (0.5, 0.5, 0.5), self._forward, cancel)

    def encode_texts(self, texts: Sequence[str], *, cancel: CancelFn | None = None) -> np.ndarray:
        raise TypeError("EfficientNet does not embed text")


def _load_efficientnet(resolved: ResolvedModel, device: str) -> EfficientNetEncoder:
    try:
        import torch
        from efficientnet_lite_pytorch import EfficientNet

        model = EfficientNet.from_name("efficientnet-lite0")
        state = torch.load(resolved.location, map_location="cpu", weights_only=True)
        model.load_state_dict(state)
    except Exception as err:  # noqa: BLE001 - reported as one message
        raise ModelError(f"cannot load image model {resolved.name}: {err}") from err
    model.eval().to(device)
    return EfficientNetEncoder(model, resolved.name, device)


def load_image_encoder(resolved: ResolvedModel, device: str = "cpu", offline: bool = True) -> ImageEncoder | None:
    """The encoder for ``resolved``; None when the image encoder is off."""
    if resolved.kind == "none":
        return None
    if resolved.kind == "efficientnet":
        return _load_efficientnet(resolved, device)
    from .clip import load_clip

    return load_clip(resolved, device, offline)
