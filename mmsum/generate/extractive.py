"""Extractive summary: the most salient sentences, without repeats, within the length asked.

Selection is maximal marginal relevance (Carbonell and Goldstein, 1998): each step takes the
sentence with the best mix of salience and novelty against those already taken. A sentence
that says what a chosen one says (:mod:`.redundancy`) is never taken, however much budget is
left. The summary leads with the sentence that says what the document is and does, when one
of the most salient sentences does; the rest follow in reading order (problem, method,
results, as documents are written), opened by a sentence that does not lean on one before it.
Only prose is taken (:mod:`.prose`); a long document's summary is shared among its parts
(:mod:`.coverage`). With ``structure`` the same selection fills short sections
(:mod:`.structured`).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

import numpy as np

from ..document import Document, Sentence
from ..ingest.labels import label_key
from ..ingest.script import word_count
from ..options import ResolvedOptions
from ..rank.roles import is_defining
from ..summary import ScoredSentence, SummarySection
from .coverage import part_words, parts
from .prose import is_prose, leans_on_before
from .redundancy import Novelty

MMR_LAMBDA = 0.7  # share of salience against novelty
POOL = 400  # candidates considered, most salient first (bounds the work on long documents)
LEAD_FROM = 10  # the leading, defining sentence is sought among this many most salient candidates

# --- making an extracted sentence stand on its own ---------------------------------------

_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\u00ad": "", "\u2010": "-", "\u00a0": " "}
# a line-break hyphen left inside a word: "infor- mation" (a real compound keeps no space;
# "pre- and post-" is a suspended hyphen and stays)
_BROKEN_HYPHEN = re.compile(r"(?<=[a-z])- +(?!(?:and|or|nor|to|as|vs)\b)(?=[a-z])")
# a middle dot glued to the end of a word inside a sentence: a speck of a scan ("show that· anti-entropy")
_SPECK = re.compile(r"(?<=[a-z])·(?= [a-z])")
_FIG_REF = r"(?:Fig(?:ure)?s?\.?|FIG(?:URE)?S?\.?|图)\s*([A-Z]?\d+(?:\.\d+){0,2})[a-z]?(?:\s*\([a-z]\))?"
# "(see Fig. 3)", "(Figure 3b)", "(Figs. 3 and 4)", "[Fig. 2]"
_PAREN = re.compile(r"\s*[(\[](?:see\s+|cf\.\s+|as\s+in\s+)?(?:also\s+)?" + _FIG_REF +
                    r"(?:\s*(?:,|and|&|–|-)\s*(?:[A-Z]?\d+(?:\.\d+){0,2}[a-z]?|" + _FIG_REF + r"))*[^()\[\]]{0,20}[)\]]", re.I)
# ", as shown in Fig. 3," — a clause whose only job is to point at the figure: set off by a
# comma, and closed by one or by the sentence's end. Without the comma the clause is part of
# the sentence's grammar ("Logs are organized as shown in Figure 6.", "This situation is
# illustrated in Figure 8(b).") and taking it out would leave no sentence, or another one.
_CLAUSE = re.compile(r",\s*(?:as\s+)?(?:is\s+|are\s+)?(?:shown|illustrated|depicted|plotted|"
                     r"displayed|presented|sketched|summari[sz]ed|seen)\s+in\s+" + _FIG_REF +
                     r"\s*(?=[,.;:!?]|$),?", re.I)
# "As shown in Figure 1, the module …": an opening clause; the sentence goes on without it
_OPENING = re.compile(r"^(?:as\s+)?(?:shown|illustrated|depicted|plotted|displayed|presented|sketched|seen)\s+in\s+"
                      + _FIG_REF + r"\s*,\s*(?=[a-z])", re.I)
_ANY_REF = re.compile(_FIG_REF, re.I)


def repair(text: str) -> str:
    """Text with ligatures expanded, line-break hyphens joined and spaces collapsed."""
    for bad, good in _LIGATURES.items():
        text = text.replace(bad, good)
    text = _BROKEN_HYPHEN.sub("", text)
    text = _SPECK.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def figure_keys(text: str) -> set[str]:
    """Label keys of the figures ``text`` refers to: "3" ("Fig. 3b"), "2.1" ("Fig. 2.1"),
    "S1" ("Figure S1"), as :func:`mmsum.ingest.labels.figure_key` gives them."""
    return {label_key(m.group(1)) for m in _ANY_REF.finditer(text)}


def without_dangling_refs(text: str, shown: set[int] | set[str]) -> str | None:
    """``text`` with asides that point at figures not in ``shown`` (numbers or label keys)
    removed; None when the sentence is about such a figure ("Fig. 3 shows ...") and cannot
    stand without it."""
    keys = {label_key(str(k)) for k in shown}

    def drop(pattern: re.Pattern, s: str) -> str:
        return pattern.sub(lambda m: m.group(0) if label_key(m.group(1)) in keys else "", s)

    out = drop(_PAREN, text)
    out = drop(_CLAUSE, out)
    opening = _OPENING.match(out)
    if opening and label_key(opening.group(1)) not in keys:
        rest = out[opening.end():]
        out = rest[:1].upper() + rest[1:]
    if figure_keys(out) - keys:
        return None
    out = re.sub(r"\s+([,.;:!?])", r"\1", out)
    out = re.sub(r"\s{2,}", " ", out).strip()
    if out != text.strip():
        out = re.sub(r",\s*\.$", ".", out)
    return out or None


# --- selection ------------------------------------------------------------------------------


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
            if self.novelty.alive[k] and is_defining(self.pool.text[self.pool.ids[k]]):
                return k
        return None

    def scored(self, doc: Document, positions: list[int]) -> list[ScoredSentence]:
        return [ScoredSentence(_with_text(doc.sentences[self.pool.ids[k]], self.pool.text[self.pool.ids[k]]),
                               float(self.pool.scores[k])) for k in positions]


def extractive_summary(doc: Document, scores: np.ndarray, vectors: np.ndarray, options: ResolvedOptions,
                       shown_figures: set[int] | set[str] | frozenset = frozenset()) -> Extract:
    """Pick sentences of ``doc`` by ``scores`` (one per sentence) with MMR over ``vectors``.

    ``shown_figures`` holds the numbers or label keys ("3", "2.1") of the figures the summary
    shows: a sentence that is about another figure is skipped, and asides pointing at one are
    cut. Length is counted in words, Chinese and Japanese at about two characters a word. With
    ``options.structure`` the summary comes in sections (see :mod:`.structured`).
    """
    max_words, max_sents = options.max_words, options.max_sentences
    spans = [] if options.structure else parts(doc, max_words, max_sents)
    pool = Pool.build(doc, scores, vectors, set(shown_figures), spans)
    if options.structure:
        from .structured import structured_summary

        return structured_summary(doc, pool, Selection(pool), max_words, max_sents)
    sel = Selection(pool)
    lead = sel.lead()
    if lead is not None and (max_words is None or pool.words(lead) <= max_words):
        sel.take(lead)
    if spans:
        sel.fill_parts(doc, spans, max_words, max_sents)
    else:
        sel.fill(None if max_words is None else max_words - sel.used,
                 None if max_sents is None else max_sents - len(sel.chosen))
    if not sel.chosen and pool.ids:  # nothing fits the budget whole: the best sentence, cut to fit
        i = pool.ids[0]
        pool.text[i] = " ".join(pool.text[i].split()[:max_words]) + "…"
        sel.chosen = [0]
    order = reading_order(sel.chosen, pool, lead)
    picked = sel.scored(doc, order)
    return Extract(" ".join(s.sentence.text for s in picked), picked,
                   remarks=_all_taken(doc, sel, max_words, max_sents))


def _all_taken(doc: Document, sel: Selection, max_words: int | None, max_sents: int | None) -> list[str]:
    """A remark when the length asked is more than the document holds: the summary took every
    sentence it could, and says so rather than return the document as if it were a summary."""
    if sel.novelty.alive.any() or not sel.chosen:
        return []
    if max_words is not None and max_words - sel.used >= 5:
        asked = f"{max_words} words"
    elif max_sents is not None and len(sel.chosen) < max_sents:
        asked = f"{max_sents} sentences"
    else:
        return []
    total = sum(word_count(s.text) for s in doc.sentences)
    return [f"{asked} asked for, more than the document holds: the summary is every sentence of it that reads "
            f"as prose and repeats no other ({len(sel.chosen)} sentences, {sel.used} of its {total} words)"]


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
        if not leans_on_before(text):
            return [items[j]] + items[:j] + items[j + 1:]
    return items


def _with_text(sentence: Sentence, text: str) -> Sentence:
    return sentence if sentence.text == text else dataclasses.replace(sentence, text=text)
