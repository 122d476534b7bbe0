"""Priors on sentences that need no embedding: where a sentence is, what it says about itself,
and whether it reads like prose at all.

All return arrays over ``Document.sentences``; the multipliers are 1 where the prior has
nothing to say. They encode how documents are written, not anything fitted to one corpus:

- openings introduce: the start of a document (abstract, introduction), of each chapter of a
  long one, and of each section (whose first sentence says what the section is about);
- the sentence that says what the document is and does ("In this paper we propose ...") is
  the one a reader looks for first;
- related work, background and appendices describe other work or details;
- lines dense with symbols, numbers and citations are equations, table rows or reference
  lists rather than summary text.

Priors that did not carry from the development papers to others were removed: a general
"we"/"our" cue (in tutorials and methods "we use", "we set" are procedure, not claims) and a
bonus for introduction and conclusion headings (the opening priors already favour them
where a document has them, and many documents name their parts otherwise).
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from ..document import Document
from ..ingest.script import CJK_CHARS_PER_WORD, blank_cjk, cjk_letter_count, cjk_share

# section title -> prior: the parts of a paper that state its claims, and those that don't
_GOOD_SECTION = re.compile(
    r"\b(abstract|summary|introduction|overview|conclusions?|concluding|discussion|"
    r"contributions?|outlook|motivation)\b", re.I)
_BAD_SECTION = re.compile(
    r"\b(related\s+work|prior\s+work|previous\s+work|literature|background|acknowledge?ments?|"
    r"references|bibliography|appendix|appendices|supplementary|proof|notation|preliminaries)\b", re.I)

_CITATION = re.compile(r"\[\s*\d+(?:\s*[,–-]\s*\d+)*\s*\]|\bet\s+al\.|\(\s*[A-Z][A-Za-z-]+(?:\s+et\s+al\.)?,?\s+\d{4}[a-z]?\s*\)")
_JUNK = re.compile(r"https?://|www\.|@\w+\.\w|©|\bdoi\b|arXiv:\d|\bISBN\b|\bpp\.\s*\d", re.I)
# thanks, grants and affiliations: never what a document is about. Thanks are told by their
# idioms too ("grateful to", "for many fruitful discussions"): the reader may part a thanked
# name from its sentence where a line or column ends ("... and Jim" / "Sethna for many
# fruitful discussions."), and papers often thank without a heading
_FRONT_MATTER = re.compile(
    r"\b(?:(?:partially|partly|financially)\s+)?(?:supported|funded|sponsored)\s+by\b|\bgrant\s+(?:no\.?\s*)?[A-Z0-9-]*\d"
    r"|\bwe\s+(?:would\s+like\s+to\s+)?thank\b|\backnowledge|\bcorresponding\s+author\b|\bUniversity\b.*\b\d{4,5}\b"
    r"|\b(?:are|is|am)\s+(?:very\s+|most\s+|deeply\s+)?(?:grateful|indebted|thankful)\s+to\b"
    r"|\bthanks\s+(?:are\s+)?due\b"
    r"|\bfor\s+(?:(?:many|several|numerous|the|their|his|her)\s+)?(?:very\s+)?(?:fruitful|helpful|useful|stimulating|"
    r"valuable|insightful|enlightening|inspiring|illuminating|careful)\s+(?:discussions?|comments?|suggestions?|"
    r"conversations?|feedback|reading|advice|remarks)\b",
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


# a sentence under a heading of other people's work or of details is about half as likely to
# belong in the summary
OTHER_WORK = 0.6


def section_weight(doc: Document) -> np.ndarray:
    """A multiplier: ``OTHER_WORK`` under related work, background, appendices...; else 1."""
    return np.where(section_prior(doc) < 0, OTHER_WORK, 1.0).astype(np.float32)


# openings: a multiplier that starts at 1 + OPENING_GAIN and falls to 1 by about a third of the
# way (a scale of a tenth)
OPENING_GAIN, OPENING_SCALE = 0.5, 0.1


def position_prior(doc: Document, parts: np.ndarray | None = None) -> np.ndarray:
    """A multiplier from 1.5 at the start of the document down to 1 by about a third of it:
    openings introduce. Relative position, so a letter and a report behave alike. With
    ``parts`` (a part id per sentence, reading order) each part's opening counts too: a
    chapter opens by saying what it is about. (The conclusion is not favoured by place:
    near the end are mostly references and appendices.)"""
    n = len(doc.sentences)
    pos = np.arange(n, dtype=np.float32) / max(n - 1, 1)
    out = 1.0 + OPENING_GAIN * np.exp(-pos / OPENING_SCALE)
    if parts is not None and n:
        starts = np.r_[0, np.flatnonzero(np.diff(parts)) + 1]
        sizes = np.diff(np.r_[starts, n])
        for start, size in zip(starts, sizes):
            rel = np.arange(size, dtype=np.float32) / max(size - 1, 1)
            out[start:start + size] *= 1.0 + OPENING_GAIN * np.exp(-rel / OPENING_SCALE)
    return out.astype(np.float32)


# a section's first sentence says what the section is about (HipoRank's boundary sentences)
SECTION_OPENING = 1.25


def opening_prior(doc: Document, structure) -> np.ndarray:
    """``SECTION_OPENING`` for the first sentence of each section, else 1 (``structure`` is the
    document's :class:`~mmsum.rank.structure.Structure`). The text before the first heading
    counts as a section: its first sentence opens the document."""
    return np.where(structure.in_section == 0, SECTION_OPENING, 1.0).astype(np.float32)


# the document saying what it is and does
DEFINING = 1.5


def defining_prior(doc: Document) -> np.ndarray:
    """``DEFINING`` for sentences that say what the document is or does, else 1."""
    from .roles import is_defining

    return np.array([DEFINING if is_defining(s.text) else 1.0 for s in doc.sentences], dtype=np.float32)


def _cjk_tokens(text: str) -> tuple[int, int]:
    """(tokens, plain words) of text in a script without spaces (Chinese, Japanese): CJK
    letters count about two to a word, other tokens as they stand."""
    cjk = cjk_letter_count(text)
    rest = blank_cjk(text)
    words = round(cjk / CJK_CHARS_PER_WORD)
    return words + len(_TOKEN.findall(rest)), words + len(_WORD.findall(rest))


@lru_cache(maxsize=1 << 15)  # the same sentences are asked about by each stage of a summary
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
