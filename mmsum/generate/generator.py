"""The generator interface: a loaded model that writes text (:class:`Generator`), the request
it is given (:class:`Prompt`), and what every backend shares. The backends are
:mod:`.backends` (transformers; loading) and :mod:`.llamacpp`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..progress import CancelFn
from .constraints import (SourceConstraints, TokenWords, WordGuard, said_before, token_limits, vocabulary_ids,
                          words_said_before)
from .streaming import StopFn, TokenFn

SYSTEM = "You write short, faithful summaries of scientific documents."
# Longer windows than this cost CPU time and small models do not use them well.
CONTEXT_CAP = 4096


@dataclass
class Prompt:
    """A summarization request: ``instruction`` (read by chat models) and ``source`` text."""

    instruction: str
    source: str

    def user_message(self) -> str:
        """Source first, task last: SmolLM2-135M given the task first often described the task
        ("The text is condensed into 6 sentences.") instead of the text."""
        return f"Text:\n{self.source}\n\n{self.instruction}".strip() if self.instruction else self.source


@dataclass
class Generator:
    """A loaded model that writes text. ``device`` reads like "cuda (float16)"."""

    name: str
    device: str
    context_tokens: int
    backend: str  # "transformers" | "transformers-gguf" | "llama.cpp"
    warnings: list[str] = field(default_factory=list)

    def count_tokens(self, prompt: Prompt | str) -> int:
        """How many tokens ``prompt`` takes in the model's input, template included."""
        raise NotImplementedError

    def generate(self, prompt: Prompt | str, *, max_new_tokens: int = 256, on_token: TokenFn | None = None,
                 cancel: CancelFn | None = None, vocabulary: str | None = None,
                 stop: StopFn | None = None, avoid: str | None = None, avoid_sources: str = "") -> str:
        """Write a continuation of ``prompt``; stream pieces to ``on_token``; raise Cancelled.

        ``vocabulary``, when given, is the text whose words (and the function words of
        :mod:`.constraints`) are all the answer may use. ``stop``, when given, is called with
        the answer so far after each token; True ends it there (what it needs is written).
        ``avoid``, when given, is text already written (the summary so far) and
        ``avoid_sources`` what it and this answer are written from (default: ``vocabulary``):
        the answer repeats a phrase of ``avoid`` only where those sources hold it more often
        than ``avoid`` does.
        """
        raise NotImplementedError

    def _text_ids(self, text: str) -> list[int]:
        """Token ids of plain ``text`` (no special tokens)."""
        raise NotImplementedError

    def text_tokens(self, text: str) -> int:
        """How many tokens plain ``text`` takes, as it reads after a word (leading space)."""
        return len(self._text_ids(" " + text))

    def _pieces(self, ids) -> dict[int, str]:
        """Each token's text as it reads after a word (leading space included)."""
        raise NotImplementedError

    def _source_constraints(self, vocabulary: str | None, ends, avoid: str | None = None,
                            avoid_sources: str = "") -> SourceConstraints:
        """What an answer may use (see :mod:`.constraints`). Written from ``vocabulary``: its
        token ids (with the end ids ``ends``), how often each content token, and the guard that
        keeps its words whole; after ``avoid`` (the summary so far; it and this answer written
        from ``avoid_sources``, else from the vocabulary): no phrase of it again that those
        sources do not hold more often. Without a vocabulary only the phrase rules apply."""
        ends = list(ends)
        origin = avoid_sources or vocabulary
        source = [self._text_ids(origin), self._text_ids(" " + origin)] if origin else []
        said_ids = [self._text_ids(avoid), self._text_ids(" " + avoid)] if avoid and avoid.strip() else []
        if vocabulary is None:
            return SourceConstraints(None, {}, None, said_before(said_ids, source))
        allowed = vocabulary_ids(vocabulary, self._text_ids, ends)
        pieces = self._pieces(allowed - set(ends))
        guard = WordGuard(vocabulary, pieces, ends, words_said_before(avoid or "", origin), before=avoid or "")
        others = {t for q in (*said_ids, *source) for t in q} - pieces.keys()
        words = TokenWords({**pieces, **self._pieces(others)})
        said = said_before([words.keys(q) for q in said_ids], [words.keys(q) for q in source])
        return SourceConstraints(allowed, token_limits(vocabulary, self._text_ids), guard, said, words)

    def describe(self) -> str:
        """"name (backend, device)", as outputs report the generator."""
        return f"{self.name} ({self.backend}, {self.device})"


def first_line(err: BaseException) -> str:
    return str(err).splitlines()[0] if str(err).strip() else type(err).__name__
