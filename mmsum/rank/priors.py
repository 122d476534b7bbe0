"""Priors on sentences that need no embedding: where a sentence is, what it says about itself,
and whether it reads like prose at all.

All return arrays over ``Document.sentences``. They encode how scientific and technical
writing is built, not anything fitted to one corpus: the introduction and conclusion state
the contributions, "we propose / we show" marks a claim, and lines dense with symbols,
numbers and citations are equations, table rows or reference lists rather than summary text.
"""
from __future__ import annotations

import re

import numpy as np

from ..document import Document

# section title -> prior: the parts of a paper that state its claims, and those that don't
_GOOD_SECTION = re.compile(
    r"\b(abstract|summary|introduction|overview|conclusions?|concluding|discussion|"
    r"contributions?|outlook|motivation)\b", re.I)
_BAD_SECTION = re.compile(
    r"\b(related\s+work|prior\s+work|previous\s+work|literature|background|acknowledge?ments?|"
    r"references|bibliography|appendix|appendices|supplementary|proof|notation|preliminaries)\b", re.I)

# a sentence that announces what the work does or found
_CUE = re.compile(
    r"\b(?:(?:we|this\s+(?:paper|work|article|letter|study))\s+(?:also\s+|then\s+|further\s+|first\s+)?"
    r"(?:propose|present|introduce|show|demonstrate|find|develop|describe|report|study|investigate|"
    r"derive|prove|establish|obtain|achieve|provide|analy[sz]e|argue|consider|address|examine|"
    r"explore|focus|discuss|compute|measure|observe|apply|extend|use)s?\b"
    r"|in\s+this\s+(?:paper|work|article|letter|study)"
    r"|(?:our|the\s+proposed)\s+(?:method|approach|model|results?|framework|algorithm|analysis|"
    r"contributions?|findings|system|technique)"
    r"|(?:main|key)\s+(?:contributions?|results?|findings?|idea))", re.I)

_CITATION = re.compile(r"\[\s*\d+(?:\s*[,–-]\s*\d+)*\s*\]|\bet\s+al\.|\(\s*[A-Z][A-Za-z-]+(?:\s+et\s+al\.)?,?\s+\d{4}[a-z]?\s*\)")
_JUNK = re.compile(r"https?://|www\.|@\w+\.\w|©|\bdoi\b|arXiv:\d|\bISBN\b|\bpp\.\s*\d", re.I)
_WORD = re.compile(r"[A-Za-z][a-z]+(?:[-'][a-z]+)*")
_TOKEN = re.compile(r"\S+")


def section_prior(doc: Document) -> np.ndarray:
    """+1 for sentences under claim-stating headings, -1 under related work, references..."""
    out = np.zeros(len(doc.sentences), dtype=np.float32)
    for i, s in enumerate(doc.sentences):
        title = s.section or ""
        if _BAD_SECTION.search(title):
            out[i] = -1.0
        elif _GOOD_SECTION.search(title):
            out[i] = 1.0
    return out


def position_prior(doc: Document) -> np.ndarray:
    """Higher near the start of the document (the introduction), with a smaller rise at the
    end of the body (the conclusion). Relative position, so any length behaves alike."""
    n = len(doc.sentences)
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    pos = np.arange(n, dtype=np.float32) / max(n - 1, 1)
    start = np.exp(-pos / 0.15)
    # the conclusion sits before the references, roughly the last 10-25% of sentences
    end = 0.4 * np.exp(-((pos - 0.85) / 0.08) ** 2)
    return (start + end).astype(np.float32)


def cue_prior(doc: Document) -> np.ndarray:
    """1 for sentences that state a contribution or finding ("we show", "in this paper")."""
    return np.array([1.0 if _CUE.search(s.text) else 0.0 for s in doc.sentences], dtype=np.float32)


def prose_quality(text: str) -> float:
    """0..1: how much ``text`` reads like a summary-worthy sentence of prose.

    Penalises fragments, run-ons, and text dense with symbols, numbers or citations.
    """
    tokens = _TOKEN.findall(text)
    n = len(tokens)
    if n < 5 or _JUNK.search(text):
        return 0.0
    words = len(_WORD.findall(text))
    wordy = words / n  # share of tokens that are plain words
    q = min(1.0, max(0.0, (wordy - 0.45) / 0.35))
    if n < 8:
        q *= 0.5
    elif n > 50:
        q *= max(0.3, 50.0 / n)
    q *= 0.8 ** min(len(_CITATION.findall(text)), 3)
    if not re.search(r"[.!?][\"')\]]?\s*$", text.strip()):
        q *= 0.6  # no closing punctuation: a heading, a caption shard or a cut line
    if text[:1].islower():
        q *= 0.7  # starts mid-sentence: the split or the layout went wrong
    return float(q)


def quality_prior(doc: Document) -> np.ndarray:
    """:func:`prose_quality` of every sentence."""
    return np.array([prose_quality(s.text) for s in doc.sentences], dtype=np.float32)
