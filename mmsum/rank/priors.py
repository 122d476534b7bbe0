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
from ..ingest.script import CJK_CHARS_PER_WORD, cjk_share, is_cjk, is_cjk_letter

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

# the authors speaking of their own work (background is attributed to others, with citations)
_OWN_WORK = re.compile(r"\b(?:we|our|us|ours)\b|\bthis\s+(?:paper|work|article|letter|study|thesis|report)\b", re.I)
_CITATION = re.compile(r"\[\s*\d+(?:\s*[,–-]\s*\d+)*\s*\]|\bet\s+al\.|\(\s*[A-Z][A-Za-z-]+(?:\s+et\s+al\.)?,?\s+\d{4}[a-z]?\s*\)")
_JUNK = re.compile(r"https?://|www\.|@\w+\.\w|©|\bdoi\b|arXiv:\d|\bISBN\b|\bpp\.\s*\d", re.I)
# thanks, grants and affiliations: never what a document is about
_FRONT_MATTER = re.compile(
    r"\b(?:(?:partially|partly|financially)\s+)?(?:supported|funded|sponsored)\s+by\b|\bgrant\s+(?:no\.?\s*)?[A-Z0-9-]*\d"
    r"|\bwe\s+(?:would\s+like\s+to\s+)?thank\b|\backnowledge|\bcorresponding\s+author\b|\bUniversity\b.*\b\d{4,5}\b",
    re.I)
# talk about the document's own layout ("In Section 3 we", "organized as follows")
_SIGNPOST = re.compile(r"\b(?:in\s+(?:this|the\s+next|the\s+following|the\s+previous)\s+section|"
                       r"(?:sections?|sec\.)\s*\d|organi[sz]ed\s+as\s+follows|rest\s+of\s+(?:this|the)\s+paper|"
                       r"remainder\s+of\s+(?:this|the)\s+paper)", re.I)
# an entry of a reference list that the reader could not tell from body text
_JOURNAL = re.compile(r"\b(?:Phys|Rev|Lett|Proc|Conf|Trans|Astrophys|Nucl|Math|Comput|Stat|Sci|Chem|Soc|Int|Mech|Appl)\.\s")
_EQUATION_REF = re.compile(r"\b(?:Eqs?\.|Equations?)\s*\(?\d", re.I)
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
    """A multiplier from 1.5 at the start of the document down to 1 by about a third of it:
    openings introduce. Relative position, so a letter and a report behave alike. (The
    conclusion is found by its heading: near the end are mostly references and appendices.)"""
    n = len(doc.sentences)
    pos = np.arange(n, dtype=np.float32) / max(n - 1, 1)
    return (1.0 + 0.5 * np.exp(-pos / 0.1)).astype(np.float32)


def cue_prior(doc: Document) -> np.ndarray:
    """1 for sentences that state a contribution or finding ("we show", "in this paper"),
    0.5 for others in which the authors speak of their own work ("we", "our"), else 0."""
    return np.array([1.0 if _CUE.search(s.text) else 0.5 if _OWN_WORK.search(s.text) else 0.0
                     for s in doc.sentences], dtype=np.float32)


def _cjk_tokens(text: str) -> tuple[int, int]:
    """(tokens, plain words) of text in a script without spaces (Chinese, Japanese): CJK
    letters count about two to a word, other tokens as they stand."""
    cjk = sum(1 for c in text if is_cjk_letter(c))
    rest = "".join(" " if is_cjk(c) else c for c in text)
    words = round(cjk / CJK_CHARS_PER_WORD)
    return words + len(_TOKEN.findall(rest)), words + len(_WORD.findall(rest))


def prose_quality(text: str) -> float:
    """0..1: how much ``text`` reads like a summary-worthy sentence of prose.

    Penalises fragments, run-ons, and text dense with symbols, numbers or citations. Text in
    Chinese or Japanese (no spaces between words) is measured in words of about two characters.
    """
    cjk = cjk_share(text) >= 0.3
    if cjk:
        n, words = _cjk_tokens(text)
    else:
        n = len(_TOKEN.findall(text))
        words = len(_WORD.findall(text))
    if n < 5 or _JUNK.search(text) or _FRONT_MATTER.search(text) or len(_JOURNAL.findall(text)) >= 2:
        return 0.0
    wordy = words / n  # share of tokens that are plain words
    q = min(1.0, max(0.0, (wordy - 0.45) / 0.35))
    if n < 8:
        q *= 0.5
    elif n > 50:
        q *= max(0.3, 50.0 / n)
    q *= 0.8 ** min(len(_CITATION.findall(text)) + len(_EQUATION_REF.findall(text)), 3)
    if _SIGNPOST.search(text):
        q *= 0.5  # says where things are, not what they are
    if not re.search(r"[.!?。！？．][\"')\]”’」』）]?\s*$", text.strip()):
        q *= 0.6  # no closing punctuation: a heading, a caption shard or a cut line
    if text[:1].islower():
        q *= 0.7  # starts mid-sentence: the split or the layout went wrong
    return float(q)


def quality_prior(doc: Document) -> np.ndarray:
    """:func:`prose_quality` of every sentence."""
    return np.array([prose_quality(s.text) for s in doc.sentences], dtype=np.float32)


def worth_encoding(doc: Document) -> np.ndarray:
    """Sentences whose vectors can matter: any with some prose quality (a quality of 0 makes
    both a sentence's score and its vote 0), and every sentence that cites a figure."""
    wanted = quality_prior(doc) > 0
    for fig in doc.figures:
        for m in fig.mentions:
            if 0 <= m.sentence < len(wanted):
                wanted[m.sentence] = True
    return wanted
