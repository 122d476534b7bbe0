"""Choosing sentences for an extractive summary: the candidate pool (the most salient
sentences that read as prose, cleaned by :mod:`.cleanup`), greedy MMR over it
(:class:`Selection`), and reading order. Shared by plain (:mod:`.extractive`), structured
(:mod:`.structured`) and generated (:mod:`.generative`) summaries.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from ..document import Document, Sentence
from ..ingest.script import word_count
from ..rank.roles import is_defining
from ..summary import ScoredSentence, SummarySection
from .cleanup import repair, without_dangling_refs
from .coverage import part_words
from .prose import can_open, is_prose
from .redundancy import Novelty

MMR_LAMBDA = 0.7  # share of salience against novelty
POOL = 400  # candidates considered, most salient first (bounds the work on long documents)
LEAD_FROM = 10  # the leading, defining sentence is sought among this many most salient candidates


@dataclass
class Extract:
    """The summary text and its sentences (cleaned text, source page and box), in the order the
    summary gives them; ``sections`` for a structured summary (else empty)."""

    text: str
    sentences: list[ScoredSentence]
    sections: list[SummarySection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)  # see mmsum.summary.Summary.remarks


@dataclass
class Pool:
    """The candidates: sentence indices (most salient first), cleaned text, vectors, salience."""

    ids: list[int]
    text: dict[int, str]
    vectors: np.ndarray
    scores: np.ndarray

    @classmethod
    def build(cls, doc: Document, scores: np.ndarray, vectors: np.ndarray, shown: set[int],
              spans: list[tuple[int, int]] | None = None) -> "Pool":
        """The most salient sentences that are prose (:mod:`.prose`), cleaned; with ``spans``
        (parts of a long document) also the most salient of each part."""
        ranked = np.argsort(-scores, kind="stable")
        order = [int(i) for i in ranked[:POOL] if scores[i] > 0]
        for a, b in spans or []:
            seen = set(order)
            inside = [int(i) for i in ranked if a <= i < b and scores[i] > 0 and int(i) not in seen]
            order += inside[:POOL // len(spans)]
        cleaned: dict[int, str] = {}
        for i in order:
            text = without_dangling_refs(repair(doc.sentences[i].text), shown)
            if text and is_prose(text):
                cleaned[i] = text
        ids = [i for i in order if i in cleaned]
        dim = vectors.shape[1] if vectors.ndim == 2 else 1
        vecs = vectors[ids] if ids else np.zeros((0, dim), dtype=np.float32)
        return cls(ids, cleaned, vecs, scores[ids].astype(np.float32) if ids else np.zeros(0, np.float32))

    def words(self, k: int) -> int:
        return word_count(self.text[self.ids[k]])


class Selection:
    """Greedy MMR over a :class:`Pool`, shared by plain and structured summaries."""

    def __init__(self, pool: Pool):
        self.pool = pool
        self.novelty = Novelty(pool.vectors, [pool.text[i] for i in pool.ids])
        self.chosen: list[int] = []  # positions in the pool, in the order taken
        self.used = 0

    def take(self, k: int) -> None:
        self.chosen.append(k)
        self.used += self.pool.words(k)
        self.novelty.add(k)

    def fill(self, max_words: int | None, max_sents: int | None, weight: np.ndarray | None = None,
             eligible: np.ndarray | None = None) -> list[int]:
        """Take candidates by MMR until ``max_words`` more words or ``max_sents`` more sentences;
        ``weight`` scales salience (a role's strength), ``eligible`` limits the candidates."""
        taken: list[int] = []
        used = 0
        salience = self.pool.scores if weight is None else self.pool.scores * weight
        tried = np.zeros(len(self.pool.ids), dtype=bool)
        while True:
            alive = self.novelty.alive & ~tried
            if eligible is not None:
                alive &= eligible
            if not alive.any() or (max_sents is not None and len(taken) >= max_sents):
                break
            mmr = MMR_LAMBDA * salience - (1 - MMR_LAMBDA) * self.novelty.max_sim
            k = int(np.argmax(np.where(alive, mmr, -np.inf)))
            tried[k] = True
            n = self.pool.words(k)
            if max_words is not None and used + n > max_words:
                continue  # too long for what is left; a shorter one may still fit
            self.take(k)
            taken.append(k)
            used += n
            if max_words is not None and max_words - used < 5:
                break
        return taken

    def fill_parts(self, doc: Document, spans: list[tuple[int, int]], max_words: int | None,
                   max_sents: int | None) -> None:
        """Fill each part of a long document (:mod:`.coverage`) with its share of the length,
        the words a part leaves unused passed on to the next; then the rest from anywhere."""
        ids = np.array(self.pool.ids)
        by_words = max_words is not None
        budget = max_words if by_words else max_sents
        carry = 0
        for (a, b), share in zip(spans, part_words(doc, spans, budget)):
            inside = (ids >= a) & (ids < b)
            had = [k for k in self.chosen if inside[k]]
            allowance = share + carry - (sum(self.pool.words(k) for k in had) if by_words else len(had))
            if allowance <= 0:
                carry = 0
                continue
            got = self.fill(allowance if by_words else None, None if by_words else allowance, eligible=inside)
            carry = max(0, allowance - (sum(self.pool.words(k) for k in got) if by_words else len(got)))
        left = (max_words - self.used) if by_words else (max_sents - len(self.chosen))
        if left > 0:
            self.fill(left if by_words else None, None if by_words else left)

    def lead(self) -> int | None:
        """The most salient candidate among the first few that says what the document is and does."""
        for k in range(min(LEAD_FROM, len(self.pool.ids))):
            text = self.pool.text[self.pool.ids[k]]
            if self.novelty.alive[k] and is_defining(text) and can_open(text):
                return k
        return None

    def scored(self, doc: Document, positions: list[int]) -> list[ScoredSentence]:
        return [ScoredSentence(_with_text(doc.sentences[self.pool.ids[k]], self.pool.text[self.pool.ids[k]]),
                               float(self.pool.scores[k])) for k in positions]


def reading_order(chosen: list[int], pool: Pool, lead: int | None) -> list[int]:
    """``chosen`` pool positions in reading order, the defining ``lead`` first when taken.

    Without a lead, the first sentence that does not lean on the one before it in the
    document ("For example, …", "However, …") opens the summary."""
    rest = sorted((k for k in chosen if k != lead), key=lambda k: pool.ids[k])
    if lead is not None and lead in chosen:
        return [lead] + rest
    return opening_first(rest, [pool.text[pool.ids[k]] for k in rest])


def opening_first(items: list, texts: list[str]) -> list:
    """``items`` with the first whose text can open a summary or section (it does not lean on
    a sentence before it) moved to the front; as they are when none can."""
    for j, text in enumerate(texts):
        if can_open(text):
            return [items[j]] + items[:j] + items[j + 1:]
    return items


def _with_text(sentence: Sentence, text: str) -> Sentence:
    return sentence if sentence.text == text else dataclasses.replace(sentence, text=text)
