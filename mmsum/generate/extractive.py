"""Extractive summary: the most salient sentences, without repeats, within the length asked,
in reading order.

Selection is maximal marginal relevance (Carbonell and Goldstein, 1998): each step takes the
sentence with the best mix of salience and novelty against those already taken, so that two
phrasings of the same claim do not both spend the budget.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import numpy as np

from ..document import Document, Sentence
from ..ingest.labels import label_key
from ..ingest.script import word_count
from ..options import DEFAULT_WORDS, SummaryOptions
from ..summary import ScoredSentence

MMR_LAMBDA = 0.7  # share of salience against novelty
DUPLICATE = 0.9  # cosine above which a candidate repeats a chosen sentence
POOL = 400  # candidates considered, most salient first (bounds the work on long documents)

# --- making an extracted sentence stand on its own ---------------------------------------

_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\u00ad": "", "\u2010": "-", "\u00a0": " "}
# a line-break hyphen left inside a word: "infor- mation" (a real compound keeps no space;
# "pre- and post-" is a suspended hyphen and stays)
_BROKEN_HYPHEN = re.compile(r"(?<=[a-z])- +(?!(?:and|or|nor|to|as|vs)\b)(?=[a-z])")
_FIG_REF = r"(?:Fig(?:ure)?s?\.?|FIG(?:URE)?S?\.?|图)\s*([A-Z]?\d+(?:\.\d+){0,2})[a-z]?(?:\s*\([a-z]\))?"
# "(see Fig. 3)", "(Figure 3b)", "(Figs. 3 and 4)", "[Fig. 2]"
_PAREN = re.compile(r"\s*[(\[](?:see\s+|cf\.\s+|as\s+in\s+)?(?:also\s+)?" + _FIG_REF +
                    r"(?:\s*(?:,|and|&|–|-)\s*(?:[A-Z]?\d+(?:\.\d+){0,2}[a-z]?|" + _FIG_REF + r"))*[^()\[\]]{0,20}[)\]]", re.I)
# ", as shown in Fig. 3," — a clause whose only job is to point at the figure
_CLAUSE = re.compile(r",?\s*(?:as\s+)?(?:is\s+|are\s+)?(?:shown|illustrated|depicted|plotted|"
                     r"displayed|presented|sketched|summari[sz]ed|seen)\s+in\s+" + _FIG_REF + r"\s*,?", re.I)
_ANY_REF = re.compile(_FIG_REF, re.I)


def repair(text: str) -> str:
    """Text with ligatures expanded, line-break hyphens joined and spaces collapsed."""
    for bad, good in _LIGATURES.items():
        text = text.replace(bad, good)
    text = _BROKEN_HYPHEN.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def figure_numbers(text: str) -> set[int]:
    """Numbers of the plainly numbered figures ``text`` refers to ("Fig. 3", "Figure 2b")."""
    return {int(k) for k in figure_keys(text) if k.isdigit()}


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
    """The summary text and its sentences (cleaned text, source page and box), reading order."""

    text: str
    sentences: list[ScoredSentence]


def word_budget(options: SummaryOptions) -> tuple[int | None, int | None]:
    """(max words, max sentences); DEFAULT_WORDS when neither is asked."""
    words, sents = options.words, options.sentences
    if words is None and sents is None:
        words = DEFAULT_WORDS
    return (max(1, words) if words is not None else None), (max(1, sents) if sents is not None else None)


def extractive_summary(doc: Document, scores: np.ndarray, vectors: np.ndarray, options: SummaryOptions,
                       shown_figures: set[int] | set[str] | frozenset = frozenset()) -> Extract:
    """Pick sentences of ``doc`` by ``scores`` (one per sentence) with MMR over ``vectors``.

    ``shown_figures`` holds the numbers or label keys ("3", "2.1") of the figures the summary
    shows: a sentence that is about another figure is skipped, and asides pointing at one are
    cut. Length is counted in words, Chinese and Japanese at about two characters a word.
    """
    max_words, max_sents = word_budget(options)
    order = [int(i) for i in np.argsort(-scores, kind="stable")[:POOL] if scores[i] > 0]
    cleaned: dict[int, str] = {}
    for i in order:
        text = without_dangling_refs(repair(doc.sentences[i].text), set(shown_figures))
        if text:
            cleaned[i] = text
    pool = [i for i in order if i in cleaned]
    chosen: list[int] = []
    used = 0
    max_sim = np.zeros(len(pool), dtype=np.float32)
    alive = np.ones(len(pool), dtype=bool)
    cand_vecs = vectors[pool] if pool else np.zeros((0, vectors.shape[1] if vectors.ndim == 2 else 1))
    cand_scores = scores[pool].astype(np.float32) if pool else np.zeros(0, np.float32)
    while alive.any():
        if max_sents is not None and len(chosen) >= max_sents:
            break
        mmr = MMR_LAMBDA * cand_scores - (1 - MMR_LAMBDA) * max_sim
        k = int(np.argmax(np.where(alive, mmr, -np.inf)))
        alive[k] = False
        i = pool[k]
        n_words = word_count(cleaned[i])
        if max_words is not None and used + n_words > max_words:
            continue  # too long for what is left; a shorter one may still fit
        chosen.append(i)
        used += n_words
        sims = cand_vecs @ cand_vecs[k]
        max_sim = np.maximum(max_sim, sims)
        alive &= max_sim < DUPLICATE
        if max_words is not None and max_words - used < 5:
            break
    if not chosen and pool:  # nothing fits the budget whole: the best sentence, cut to fit
        i = pool[0]
        cleaned[i] = " ".join(cleaned[i].split()[:max_words]) + "…"
        chosen = [i]
    chosen.sort()
    picked = [ScoredSentence(_with_text(doc.sentences[i], cleaned[i]), float(scores[i])) for i in chosen]
    return Extract(" ".join(cleaned[i] for i in chosen), picked)


def _with_text(sentence: Sentence, text: str) -> Sentence:
    return sentence if sentence.text == text else dataclasses.replace(sentence, text=text)
