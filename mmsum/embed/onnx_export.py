"""One-time export of the PyTorch encoders to ONNX files in mmsum's cache folder.

ONNX Runtime runs the encoders on the CPU without importing torch (a start-up of seconds
instead of ten) and faster. The models ship as PyTorch weights, so the first run exports
them once, on the user's machine (about a minute), into ``<cache>/models/``: one folder
per model and fingerprint of its weight files, written to a temporary name and renamed,
so that a crash or two processes exporting at once never leave half a file behind.
Exporting needs torch and the ``onnx`` package; any failure is a :class:`ModelError` that
the caller turns into a warning and the PyTorch path.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import warnings
from pathlib import Path
from typing import Callable

from ..cache import cache_home
from ..errors import ModelError
from ..progress import ProgressFn, no_progress

log = logging.getLogger(__name__)
# bump when what an export writes changes (inputs, outputs, opset), so old files are redone
EXPORT_VERSION = "1"
OPSET = 17


def models_cache() -> Path:
    """Where exported models live: beside the embedding cache."""
    return cache_home() / "models"


def fingerprint(name: str, files: list[Path], extra: str = "") -> str:
    """A short key over the model's name and its weight files' sizes and modification times."""
    h = hashlib.sha256(f"{EXPORT_VERSION}|{name}|{extra}".encode())
    for f in sorted(files):
        st = f.stat()
        h.update(f"|{f.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def export_folder(name: str, key: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._")[-60:] or "model"
    return models_cache() / f"{slug}-{key}"


def text_weights(folder: Path) -> list[Path]:
    """The weight files of a sentence-transformers model's transformer (empty when none)."""
    sub = transformer_subfolder(folder)
    return [p for p in sub.iterdir() if p.suffix in (".safetensors", ".bin")] if sub.is_dir() else []


def text_export_path(name: str, folder: Path, int8: bool = False) -> Path:
    """Where the text model ``name`` (a local folder) is exported: ``text.onnx`` (float32), or
    ``text-int8.onnx`` beside it, quantized from it."""
    path = export_folder(name, fingerprint(name, text_weights(folder))) / "text.onnx"
    return path.with_name("text-int8.onnx") if int8 else path


def image_export_path(name: str, weights: Path) -> Path:
    """Where the EfficientNet-Lite0 weights file ``weights`` is exported."""
    return export_folder(name, fingerprint(name, [weights])) / "image.onnx"


def ensure_exported(target: Path, export: Callable[[Path], None], what: str,
                    progress: ProgressFn | None = None) -> Path:
    """``target`` if it exists, else ``export(tmp_path)`` then an atomic rename to ``target``.

    ModelError (with the reason) when the export fails; nothing is left behind then.
    """
    if target.is_file():
        return target
    progress = progress or no_progress
    progress(0.0, f"preparing {what} for ONNX Runtime (once, about a minute)")
    log.info("exporting %s to %s", what, target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as err:
        raise ModelError(f"cannot write the ONNX model for {what} in {target.parent}: {err}") from err
    try:
        export(Path(tmp))
        os.replace(tmp, target)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, (KeyboardInterrupt, SystemExit)):
            raise
        raise ModelError(f"cannot export {what} to ONNX: {type(err).__name__}: {err}") from err
    progress(1.0, f"{what} ready for ONNX Runtime")
    return target


def _torch_export(module, args: tuple, path: Path, inputs: list[str], outputs: list[str],
                  dynamic: dict[str, dict[int, str]]) -> None:
    import torch

    with warnings.catch_warnings(), torch.inference_mode(False), torch.no_grad():
        warnings.simplefilter("ignore")  # tracer warnings about Python control flow
        torch.onnx.export(module, args, str(path), input_names=inputs, output_names=outputs,
                          dynamic_axes=dynamic, opset_version=OPSET, dynamo=False)


def transformer_subfolder(folder: Path) -> Path:
    """The folder of a sentence-transformers model's Transformer module (often the root)."""
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return folder
    for m in modules:
        if str(m.get("type", "")).endswith("models.Transformer"):
            return folder / m.get("path", "")
    return folder


def export_text_transformer(folder: Path, path: Path) -> None:
    """The transformer of a sentence-transformers model: (input_ids, attention_mask), both int64
    (batch, tokens) -> last hidden state (batch, tokens, dim). Pooling is done by the caller."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    # eager attention exports as plain MatMul/Softmax, which ONNX Runtime fuses and runs fast
    model = AutoModel.from_pretrained(transformer_subfolder(folder), attn_implementation="eager",
                                      local_files_only=True).eval()

    class Hidden(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.ones((2, 8), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    _torch_export(Hidden(model), (ids, torch.ones_like(ids)), path, ["input_ids", "attention_mask"],
                  ["hidden"], {"input_ids": axes, "attention_mask": axes, "hidden": axes})


def export_efficientnet(weights: Path, path: Path, size: int = 224) -> None:
    """EfficientNet-Lite0: pixels (batch, 3, size, size) float32 -> pooled features (batch, 1280)."""
    import torch
    from efficientnet_lite_pytorch import EfficientNet

    model = EfficientNet.from_name("efficientnet-lite0")
    model.load_state_dict(torch.load(weights, map_location="cpu", weights_only=True))
    model.eval()

    class Pooled(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, pixels):
            return self.inner.extract_features(pixels).mean(dim=(2, 3))

    _torch_export(Pooled(model), (torch.zeros((1, 3, size, size)),), path, ["pixels"], ["features"],
                  {"pixels": {0: "batch"}, "features": {0: "batch"}})
