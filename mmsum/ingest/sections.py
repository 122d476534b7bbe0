"""Section headings: short blocks set apart by numbering ("3.2 Results", "IV. METHODS",
"B. Weak coupling") or a known name ("Abstract", "References"), in bold, larger or capital
letters, or at least without the full stop a sentence would end with."""
from __future__ import annotations

import re

from .layout import SECTION_NUMBER, Block
from .sentences import RUN_IN_HEADING_WORDS, has_subject_or_verb, run_in_heading, runs_in

# a numbered heading; its title opens with a capital, or in lower case where the heading is set
# in bold or larger type (a package's name: "1.2. ordinal package overview")
NUMBERED_RE = re.compile(r"^(?:(?P<arabic>" + SECTION_NUMBER + r")\.?|(?P<roman>[IVX]{1,5})\.|(?P<letter>[A-H])\.)"
                         r"\s+(?P<title>[A-Za-z\u4e00-\u9fff].*)$")
KNOWN = re.compile(r"^(?:abstract|introduction|related work|background|preliminaries|methods?|methodology|"
                   r"experiments?|experimental setup|evaluation|results(?: and discussion)?|discussion|"
                   r"conclusions?(?: and future work)?|summary|acknowledge?ments?|references|bibliography|"
                   r"appendix(?: [a-z])?|摘要|引言|结论|参考文献)$", re.I)


# a line that stops on a word that leads on: a sentence broken at the line's end, no title
_ENDS_OPEN_RE = re.compile(r"\b(?:the|an?|of|in|at|to|for|with|on|by|and|or|each|which|that|from|as)$", re.I)
# a numbered line in body type that stops where an equation follows: on a word that leads on
# ("4. We have"), or on a symbol ("2. If all the pi are equal, pi", "1. A finite set of functions
# fk", "… the probabilities p1"): an item of a numbered list, no title
_BEFORE_EQUATION_RE = re.compile(r"(?:\b(?:the|an?|of|in|at|to|for|with|on|by|and|or|that|from|as|have|has|is|are|be|"
                                 r"get|obtain)|(?:^|[\s,(])(?!(?:it|is|of|to|in|on|at|by|we|be|as|an|or|no|so|up|do|"
                                 r"if|us|he|me|my|go)$)[a-z](?:[a-z]|\d+)?)$")
# a name with its affiliation's mark, in a list of authors ("Dmitry Bogdanov1, Nicolas Wack2")
_MARKED_NAME_RE = re.compile(r"[^\W\d_]\d{1,2}[*∗†‡]?(?=\s*(?:,|and\b|$))")
_ENDS_MARKED_NAME_RE = re.compile(r"\b[A-Z][a-z]+\d{1,2}[*∗†‡]?$")


def lists_authors(text: str) -> bool:
    """``text`` names people with the marks of their affiliations: an author line (two names or
    more, or one that ends it: "Xavier Serra1", the end of a line of names broken in two)."""
    return len(_MARKED_NAME_RE.findall(text)) >= 2 or bool(_ENDS_MARKED_NAME_RE.search(text))


# words of titles and headings that are nobody's name ("Executive Summary", "Deep Residual Learning")
_NO_NAME_WORDS = frozenset("""abstract introduction summary overview contents preface foreword report technical
paper chapter part section appendix notes note vignette package draft version working findings highlights
keywords work results conclusion conclusions discussion background method methods references acknowledgements
acknowledgments university department laboratory institute school research press journal proceedings volume
edition tutorial manual guide review model models data analysis theory learning network networks system
systems study case future directions related experiments evaluation implementation approach design problem
statement motivation definitions preliminaries setup example examples application applications algorithm
algorithms performance index glossary list figures tables program programs language languages computing
computer science engineering the a an of on in for to with from by at via its our how what why when toward
towards using about""".split())
_NAME_PARTICLES = frozenset("van von de der den di da du le la del dos bin ten ter".split())
_INITIALS_RE = re.compile(r"^(?:[A-Z]\.-?)+$|^[A-Z]$")
_NAME_WORD_RE = re.compile(r"^[A-Z][^\W\d_]*(?:[-'’´¨`][^\W\d_]+)*$")
_AUTHOR_MARKS_RE = re.compile(r"[\d*∗†‡§¶]+")


def names_people(text: str) -> bool:
    """``text`` is a line of people's names (an author line set like a heading: "Achim Zeileis",
    "J.H. Saltzer, D.P. Reed and D.D. Clark*", "C. A. R. HOARE"): one to eight names of two to
    five words, each word an initial, a capitalized name or a particle ("van"), a name in capitals
    only with initials; affiliation marks (digits, stars, daggers, a lone letter) are left out."""
    if re.match(r"\s*\d", text):
        return False  # a section's number ("1 The Acoustic Space-Time"): marks follow names
    people = [p.split() for p in re.split(r",|;|&|\band\b", _AUTHOR_MARKS_RE.sub(" ", text))]
    people = [[w for w in p if not re.fullmatch(r"[a-z]", w)] for p in people]
    people = [p for p in people if p]
    if not 1 <= len(people) <= 8:
        return False
    for words in people:
        initials = sum(bool(_INITIALS_RE.match(w)) for w in words)
        names = [w for w in words if not _INITIALS_RE.match(w)]
        if not 2 <= len(words) <= 5 or not names or len(names) == len(words) and any(w.isupper() for w in names):
            return False
        if any(w.lower() in _NO_NAME_WORDS for w in words):
            return False
        if sum(w in _NAME_PARTICLES for w in words) > 1 or initials + sum(
                bool(_NAME_WORD_RE.match(w)) or w in _NAME_PARTICLES for w in names) != len(words):
            return False
    return True


_MATH_RE = re.compile(r"[=<>+−∑∫∂|√≤≥±×]")
_WORD_RE = re.compile(r"[^\W\d_]{3,}|[\u4e00-\u9fff]{2,}")


def heading_level(b: Block, body_size: float) -> int | None:
    """The heading level (1 = top) if block ``b`` is a section heading, else None."""
    text = " ".join(b.text.split())
    if not text or len(b.lines) > 3 or len(text.split()) > 14 or len(text) > 120:
        return None
    # a sentence ends with a full stop, and so does a bold title set alone ("Creating,
    # accessing, and modifying messages."): short, with no subject or verb
    titled = b.bold and len(b.lines) == 1 and bool(run_in_heading(text))
    if text.endswith((".", ",", ";", ":", "。")) and not KNOWN.match(text.rstrip(".:")) and not titled:
        return None
    if _MATH_RE.search(text) or not _WORD_RE.search(text):
        return None  # an equation line ("2 N−2Γ(N/2)", "1 H+") set apart like a heading
    larger = b.size >= body_size + 0.8
    styled = b.bold or larger or (text.isupper() and len(text) > 3)
    m = NUMBERED_RE.match(text)
    if runs_in(m.group("title") if m else text) and not re.match(r"appendix\b", text, re.I):
        return None  # a run-in heading and the start of its paragraph ("Lemma 4. Let", "Data. We use")
    if m:
        if m.group("arabic"):
            level = m.group("arabic").count(".") + 1
        elif m.group("roman"):
            level = 1
        else:
            level = 2
        title = m.group("title")
        if title[:1].islower() and (not styled or has_subject_or_verb(title) or _ENDS_OPEN_RE.search(title)):
            return None  # "2 for each node", "9 approximates the … which are in" (a fraction's foot)
        # a title in larger type may end with a number ("3. PROOF OF THEOREM 2", "3.1 Yakima
        # Valley Memorial Hospital, January 1987"); a page number after a title in body type is a
        # table of contents' line ("1 Introduction 2"), and two words and a number a date ("11 Mar 2003")
        if (re.search(r"\s\d+$", title) and (not larger or len(title.split()) < 3)) \
                or (m.group("arabic") or "").startswith("0"):
            return None
        if not styled and _BEFORE_EQUATION_RE.search(title):
            return None
        if lists_authors(title):
            return None  # an author with an affiliation mark ("F. Reale1"), not a section
        # "3 Results" in body type is a heading too, but "2 For each node" is not: a title
        # has no verb-like lowercase run of many words
        if styled or len(title.split()) <= 8:
            return level
        return None
    if KNOWN.match(text.rstrip(".:")) and (styled or len(b.lines) == 1):
        return 1
    if lists_authors(text):
        return None
    if styled and b.bold and len(text.split()) <= RUN_IN_HEADING_WORDS and text.lstrip("“\"‘'")[:1].isupper():
        return 1
    return None
