"""Text encoder on ONNX Runtime: a sentence-transformers model without torch.

The transformer is exported once (:mod:`.onnx_export`); tokenizing (the model's own
``tokenizer.json``, through the Rust ``tokenizers``), pooling and normalising happen here,
as sentence-transformers does them, so the vectors agree with the PyTorch path's (cosine
above 0.9999; ``benchmarks/encoder_agreement.py`` checks it on real sentences).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import ModelError
from ..models import ResolvedModel
from ..progress import CancelFn, ProgressFn, check
from .onnx_export import ensure_exported, export_text_transformer, text_export_path, text_weights, transformer_subfolder
from .onnx_session import new_session
from .text import CHUNK, MAX_TOKENS

# texts per forward pass: on the CPU small batches of similar length are the fastest by far
# (4 took 12 ms a sentence, 64 took 20: padding, and activations that outgrow the cache)
BATCH = 4


class OnnxTextEncoder:
    """Encodes text to L2-normalised float32 vectors (one row per text) with ONNX Runtime."""

    backend = "onnxruntime"

    def __init__(self, session, tokenizer, name: str, max_tokens: int, pooling: str, dim: int,
                 int8: bool = False) -> None:
        self._session, self._tok = session, tokenizer
        self.name, self._max_tokens, self._pooling, self._dim = name, max_tokens, pooling, dim
        self.int8 = int8

    @property
    def cache_key(self) -> str:
        """Model and truncation length: the same key as the PyTorch path, whose vectors the
        float32 model matches; the 8-bit one differs a little and keeps its own entries."""
        return f"{self.name}@{self._max_tokens}" + ("-int8" if self.int8 else "")

    @property
    def dim(self) -> int:
        return self._dim

    def _forward(self, texts: list[str]) -> np.ndarray:
        encs = self._tok.encode_batch(texts)
        width = max(len(e.ids) for e in encs)
        ids = np.zeros((len(encs), width), dtype=np.int64)
        mask = np.zeros((len(encs), width), dtype=np.int64)
        for row, e in enumerate(encs):
            ids[row, :len(e.ids)] = e.ids
            mask[row, :len(e.ids)] = 1
        hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        if self._pooling == "cls":
            vecs = hidden[:, 0]
        else:
            m = mask[..., None].astype(np.float32)
            vecs = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return (vecs / np.maximum(norms, 1e-12)).astype(np.float32)

    def encode(self, texts: Sequence[str], *, progress: ProgressFn | None = None,
               cancel: CancelFn | None = None, batch_size: int = BATCH) -> np.ndarray:
        """Vectors for ``texts`` as an ``(n, dim)`` float32 array of unit rows."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        # in length order, so that each batch pads little
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            if start % CHUNK < batch_size:
                check(cancel)
                if progress and start:
                    progress(start / len(order), "embedding sentences")
            idx = order[start:start + batch_size]
            out[idx] = self._forward([texts[i] or " " for i in idx])
        if progress:
            progress(1.0, "embedding sentences")
        return out


def _pooling(folder: Path) -> str:
    """"mean" or "cls" from the model's pooling config; ModelError for anything else."""
    cfg_file = next(iter(sorted(folder.glob("*_Pooling/config.json"))), None)
    if cfg_file is None:
        return "mean"  # sentence-transformers' default for a plain transformer
    cfg = json.loads(cfg_file.read_text(encoding="utf-8"))
    modes = [k for k, v in cfg.items() if k.startswith("pooling_mode_") and v]
    if modes == ["pooling_mode_mean_tokens"]:
        return "mean"
    if modes == ["pooling_mode_cls_token"]:
        return "cls"
    raise ModelError(f"pooling {modes} is not supported by the ONNX Runtime path")


def _max_tokens(folder: Path) -> int:
    try:
        cfg = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
        return min(int(cfg.get("max_seq_length") or MAX_TOKENS), MAX_TOKENS)
    except (OSError, ValueError):
        return MAX_TOKENS


def _quantize(source: Path, path: Path) -> None:
    """Weights to 8 bits per output channel, activations quantized on the fly (dynamic).

    ONNX Runtime writes a scratch file beside the model it reads ("<name>-inferred.onnx"):
    two processes quantizing at once (a batch's workers on the first run) would delete each
    other's, so each reads a link to the model in a folder of its own."""
    import logging
    import shutil
    import tempfile

    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory(dir=path.parent) as scratch:
        private = Path(scratch) / source.name
        try:
            os.link(source, private)
        except OSError:  # a file system without hard links
            shutil.copyfile(source, private)
        logging.disable(logging.WARNING)  # its advice to pre-process is for static quantization
        try:
            quantize_dynamic(str(private), str(path), weight_type=QuantType.QInt8, per_channel=True)
        finally:
            logging.disable(logging.NOTSET)


def export_text(resolved: ResolvedModel, progress: ProgressFn | None = None, int8: bool = False) -> Path:
    """The ONNX file of the text model ``resolved`` (a local folder), exported (and with
    ``int8`` quantized) first when it is not in the cache folder yet; ModelError on failure."""
    folder = Path(resolved.location or "")
    path = ensure_exported(text_export_path(resolved.name, folder),
                           lambda tmp: export_text_transformer(folder, tmp), f"text model {resolved.name}",
                           progress)
    if int8:
        float_path = path
        path = ensure_exported(text_export_path(resolved.name, folder, int8=True),
                               lambda tmp: _quantize(float_path, tmp), f"text model {resolved.name} (8-bit)",
                               progress)
    return path


def load_onnx_text_encoder(resolved: ResolvedModel, progress: ProgressFn | None = None,
                           threads: int | None = None, int8: bool = False) -> OnnxTextEncoder:
    """The model ``resolved`` (a local sentence-transformers folder) on ONNX Runtime, exporting
    it first when needed. ModelError when the model or this machine cannot take this path.

    ``int8``: the 8-bit model (about half the CPU time; vectors within cosine 0.97-0.99 of
    the float32 ones, see ``benchmarks/encoder_speed.py``), an opt-in."""
    folder = Path(resolved.location or "")
    if not folder.is_dir():
        raise ModelError(f"text model {resolved.name} is not a local folder")
    sub = transformer_subfolder(folder)
    tok_file = sub / "tokenizer.json" if (sub / "tokenizer.json").is_file() else folder / "tokenizer.json"
    if not tok_file.is_file() or not text_weights(folder):
        raise ModelError(f"text model {resolved.name} has no tokenizer.json or weights for ONNX Runtime")
    pooling = _pooling(folder)
    try:
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(tok_file))
    except Exception as err:  # noqa: BLE001 - reported as one message
        raise ModelError(f"cannot read the tokenizer of {resolved.name}: {err}") from err
    max_tokens = _max_tokens(folder)
    tok.no_padding()
    tok.enable_truncation(max_tokens)
    path = export_text(resolved, progress, int8=int8)
    session = new_session(path, threads)
    dim = int(session.get_outputs()[0].shape[-1]) if isinstance(session.get_outputs()[0].shape[-1], int) else 0
    enc = OnnxTextEncoder(session, tok, resolved.name, max_tokens, pooling, dim, int8)
    if not dim:
        enc._dim = int(enc._forward(["a"]).shape[1])
    return enc

