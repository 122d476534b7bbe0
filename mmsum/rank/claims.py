"""What a document claims: where its introduction and conclusion are, the sentences that state
its main claims, and their terms. Figures (:mod:`.figures`) and tables (:mod:`.tables`) are
judged against these: a key figure or table shows what the document claims.

The claim sentences are the abstract (when the text has one), the contribution sentences of
the introduction and conclusion ("In this paper we propose ..."), and the top-ranked
sentences. Their terms (:func:`~.terms.terms`: words and adjacent pairs) weigh 1, a pair one
more, a term of the title :data:`TITLE_WEIGHT`.
"""
from __future__ import annotations

import re

import numpy as np

from ..document import Document
from .roles import is_defining
from .terms import terms

TOP_CLAIMS = 5  # top-ranked sentences that join the claim sentences
OPENING = 0.2  # share of the sentences in which an untitled opening counts as the introduction
TITLE_WEIGHT = 2.0  # a term of the title counts twice

_INTRO = re.compile(r"\b(?:introduction|overview|motivation|preface)\b", re.I)
_CONCLUSION = re.compile(r"\b(?:conclusions?|concluding|discussion|closing|outlook|final\s+remarks)\b", re.I)
_ABSTRACT = re.compile(r"\b(?:abstract|summary)\b", re.I)


def sentence_places(doc: Document) -> list[str | None]:
    """Per sentence: "intro" (an introduction, or the untitled opening), "conclusion", or None."""
    n = len(doc.sentences)
    first = doc.sentences[0].section if doc.sentences else None
    out: list[str | None] = []
    for s in doc.sentences:
        title = s.section or ""
        early = s.index < OPENING * n
        # a "Summary" at the start is an abstract, at the end a conclusion
        if _CONCLUSION.search(title) or (_ABSTRACT.search(title) and not early):
            out.append("conclusion")
        elif _INTRO.search(title) or (early and (_ABSTRACT.search(title) or s.section == first)):
            out.append("intro")
        else:
            out.append(None)
    return out


def claim_sentences(doc: Document, sentence_scores: np.ndarray) -> list[int]:
    """The sentences that state the main claims: the abstract (when the text has one), the
    contribution sentences of the introduction and conclusion, and the top-ranked sentences."""
    places = sentence_places(doc)
    n = len(places)
    out = {s.index for s in doc.sentences if _ABSTRACT.search(s.section or "") and s.index < OPENING * n}
    out |= {s.index for s, place in zip(doc.sentences, places) if place and is_defining(s.text)}
    if len(sentence_scores):
        out |= {int(i) for i in np.argsort(-sentence_scores, kind="stable")[:TOP_CLAIMS]}
    return sorted(out)


def claim_terms(doc: Document, claims: list[int]) -> dict[str, float]:
    """Term -> weight over the title and the claim sentences (see the module docstring)."""
    weights: dict[str, float] = {}
    for i in claims:
        for t in terms(doc.sentences[i].text):
            weights[t] = max(weights.get(t, 0.0), 1.0)
    for t in terms(doc.title or ""):
        weights[t] = TITLE_WEIGHT
    return {t: w + (1.0 if " " in t else 0.0) for t, w in weights.items()}


def claim_overlap(text: str, weights: dict[str, float]) -> tuple[float, list[str]]:
    """Summed weight of the claim terms in ``text``, and the heaviest ones (for the note)."""
    shared = terms(text) & weights.keys()
    # a pair's words are not listed again in the note beside the pair; ties in alphabetical
    # order, so that the note (and the sum) do not depend on the set's hash order
    listed = sorted(shared, key=lambda t: (-weights[t], -len(t), t))
    shown = [t for t in listed if not any(t != u and t in u.split() for u in listed)]
    return float(sum(weights[t] for t in listed)), shown[:3]
