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
    their caption and mentions only). ``offline`` forbids any download. ``backend`` runs the
    generator on ``llama.cpp`` or ``transformers``; ``auto`` takes llama.cpp for GGUF files
    when it is installed.
    """

    text_model: str | None = None
    image_model: str | None = None
    generator: str | None = None
    device: str = "auto"  # auto | cpu | cuda | mps
    offline: bool = True
    backend: str = "auto"  # auto | llama.cpp | transformers (the generator's)


@dataclass
class SummaryOptions:
    """What summary to make.

    Length: ``words`` (upper bound on summary words) and/or ``sentences`` (upper bound on
    sentence count); when both are None a default of about 150 words applies.
    ``figures`` is how many key figures to keep. ``query`` focuses the summary.
    ``generate`` asks for a generated (abstractive) summary instead of an extractive one;
    ``strict`` replaces unfaithful generated sentences by their closest extracted sentence.
    ``structure`` arranges the summary in short sections (problem, approach, findings,
    limitations), each sentence still traced to its page.
    """

    words: int | None = None
    sentences: int | None = None
    figures: int = 3
    query: str | None = None
    generate: bool = False
    strict: bool = False
    max_new_tokens: int = 256
    structure: bool = False
