"""Summary writers: extractive, and generative with local models.

Generative API: :func:`load_generator` (models and device) and :func:`generative_summary`
(grounded generation, citations, faithfulness check). Imports here are light: torch and
transformers load only when a generator does.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .backends import load_generator
    from .generator import Generator, Prompt
    from .catalog import describe_generators
    from .generative import GenerativeResult, generative_summary

__all__ = ["Generator", "Prompt", "load_generator", "describe_generators", "GenerativeResult",
           "generative_summary"]
_EXPORTS = {
    "Generator": "generator", "Prompt": "generator", "load_generator": "backends",
    "describe_generators": "catalog",
    "GenerativeResult": "generative", "generative_summary": "generative",
}


def __getattr__(name: str) -> Any:
    # Lazy so that importing mmsum.generate.extractive does not pull the generative modules.
    if name in _EXPORTS:
        from importlib import import_module

        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(name)
