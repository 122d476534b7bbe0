"""Typed options for a summary and for the models that make it.

These are the one vocabulary shared by the CLI, the desktop app and the pipeline. Model
specs are strings resolved by :mod:`mmsum.models`: ``None`` means the bundled default,
otherwise a Hugging Face id, a local folder or a file (``.gguf`` for generators).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ModelOptions:
    """Which model serves each role, and where it runs.

    ``image_model="none"`` turns the image encoder off (figures are then represented by
    their caption and mentions only). ``offline`` forbids any download; it is passed to each
    loader call, so changing it takes effect at the next load. ``backend`` picks how the
    encoders run: "auto" (ONNX Runtime on the CPU, PyTorch on a GPU), "onnx", "onnx-int8"
    (8-bit text encoder: faster, vectors a little different) or "torch".
    ``text_model=None`` lets each document get the bundled encoder for its language.
    """

    text_model: str | None = None
    image_model: str | None = None
    generator: str | None = None
    device: str = "auto"  # auto | cpu | cuda | mps
    offline: bool = True
    backend: str = "auto"  # auto | onnx | onnx-int8 | torch


@dataclass
class SummaryOptions:
    """What summary to make.

    Length: ``words`` (upper bound on summary words) and/or ``sentences`` (upper bound on
    sentence count); when both are None a default of about 150 words applies.
    ``figures`` is how many key figures to keep. ``query`` focuses the summary.
    ``generate`` asks for a generated (abstractive) summary instead of an extractive one;
    ``strict`` replaces unfaithful generated sentences by their closest extracted sentence.
    """

    words: int | None = None
    sentences: int | None = None
    figures: int = 3
    query: str | None = None
    generate: bool = False
    strict: bool = False
    max_new_tokens: int = 256
