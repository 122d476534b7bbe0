"""CLIP and SigLIP through transformers: images and text embedded in one space."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import ModelError
from ..models import SHARED_SPACE_TYPES, ResolvedModel, hf_cached
from ..progress import CancelFn, check
from .pixels import run_batched

TEXT_BATCH = 64


def _pooled(out):
    """transformers 5 returns a model output whose pooler_output is the projected vector."""
    return out if hasattr(out, "dim") else out.pooler_output


class ClipEncoder:
    """A CLIP-style dual encoder; ``encode_texts`` puts sentences in the images' space."""

    shared_space = True

    def __init__(self, model, tokenizer, name: str, device: str, size: int, mean, std,
                 max_length: int, pad_to_max: bool) -> None:
        self._model, self._tok, self.name, self._device = model, tokenizer, name, device
        self.size, self._mean, self._std = size, mean, std
        self._max_length, self._pad_to_max = max_length, pad_to_max
        self.dim = int(model.config.projection_dim) if hasattr(model.config, "projection_dim") else None

    @property
    def cache_key(self) -> str:
        return f"{self.name}@{self.size}-letterbox-t{self._max_length}"

    def _image_forward(self, batch: np.ndarray) -> np.ndarray:
        import torch

        with torch.inference_mode():
            pixels = torch.from_numpy(batch).to(self._device)
            return _pooled(self._model.get_image_features(pixel_values=pixels)).float().cpu().numpy()

    def encode_images(self, pngs: Sequence[bytes | None], *, cancel: CancelFn | None = None) -> np.ndarray:
        dim = self.dim or self._probe_dim()
        return run_batched(pngs, dim, self.size, self._mean, self._std, self._image_forward, cancel)

    def encode_texts(self, texts: Sequence[str], *, cancel: CancelFn | None = None) -> np.ndarray:
        import torch

        rows = []
        for start in range(0, len(texts), TEXT_BATCH):
            check(cancel)
            # SigLIP was trained on text padded to max_length; CLIP on unpadded text
            enc = self._tok(list(texts[start:start + TEXT_BATCH]) or [" "], truncation=True,
                            max_length=self._max_length, return_tensors="pt",
                            padding="max_length" if self._pad_to_max else True)
            enc = {k: v.to(self._device) for k, v in enc.items() if k in ("input_ids", "attention_mask")}
            if self._pad_to_max:
                enc.pop("attention_mask", None)
            with torch.inference_mode():
                rows.append(_pooled(self._model.get_text_features(**enc)).float().cpu().numpy())
        if not rows:
            return np.zeros((0, self.dim or self._probe_dim()), dtype=np.float32)
        vecs = np.concatenate(rows)[: len(texts)]
        return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)

    def _probe_dim(self) -> int:
        self.dim = int(self.encode_texts(["a"]).shape[1])
        return self.dim


def _image_settings(folder: Path | None, model) -> tuple[int, tuple, tuple]:
    """Input size, mean and std from the model's preprocessor_config.json (or its config)."""
    cfg = {}
    if folder is not None and (folder / "preprocessor_config.json").is_file():
        cfg = json.loads((folder / "preprocessor_config.json").read_text(encoding="utf-8"))
    size = model.config.vision_config.image_size
    mean = tuple(cfg.get("image_mean", (0.48145466, 0.4578275, 0.40821073)))
    std = tuple(cfg.get("image_std", (0.26862954, 0.26130258, 0.27577711)))
    return int(size), mean, std


def load_clip(resolved: ResolvedModel, device: str = "cpu", offline: bool = True) -> ClipEncoder:
    """Load a CLIP or SigLIP model (folder or hub id); ModelError when it is not one or fails."""
    try:
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        model = AutoModel.from_pretrained(resolved.location, local_files_only=offline)
        tokenizer = AutoTokenizer.from_pretrained(resolved.location, local_files_only=offline)
    except Exception as err:  # noqa: BLE001 - reported as one message
        raise ModelError(f"cannot load image model {resolved.name}: {err}") from err
    kind = model.config.model_type
    if kind not in SHARED_SPACE_TYPES:
        raise ModelError(f"image model {resolved.name} is a {kind!r} model, not CLIP or SigLIP")
    model.eval().to(device)
    folder = Path(resolved.location) if Path(resolved.location).is_dir() else None
    if folder is None:  # downloaded from the hub just now: find its snapshot for the preprocessor
        folder = hf_cached(resolved.location)
    size, mean, std = _image_settings(folder, model)
    siglip = kind.startswith("siglip")
    max_length = int(getattr(model.config.text_config, "max_position_embeddings", 77) or 77)
    return ClipEncoder(model, tokenizer, resolved.name, device, size, mean, std,
                       max_length=min(max_length, 77 if not siglip else 64), pad_to_max=siglip)
