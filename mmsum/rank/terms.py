"""Content terms of a text, for matching a figure's words against the document's claims.

A term is a lower-cased word of three letters or more that is not a function word or a word
every document uses about itself ("figure", "section", "shows"), with a plural ending taken
off; runs of Chinese or Japanese characters give their character pairs (words of about two
characters, with no spaces between them). Pairs of adjacent terms ("conditional inference")
name a thing more precisely than either word alone, and count as terms of their own.
"""
from __future__ import annotations

import re

from ..ingest.script import has_cjk, is_cjk_letter

_TOKEN = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)
# a figure's own label at the start of its caption ("Figure 3:", "Fig. 2.4 —", "图 5.13")
LABEL_PREFIX = re.compile(r"^\s*(?:fig(?:ure)?s?\.?|图|表|table|tab\.)\s*[A-Z]?[\d.]+[a-z]?\s*[.:|—–-]?\s*", re.I)

STOP = frozenset("""
a about above across after again against all almost along also although always am among an and another any are
around as at be because been before being below between both but by can could did do does doing done down during
each either else etc even ever every few for from further had has have having he her here hers him his how however
i if in into is it its itself just least less like made make makes many may me might more most much must my near
need neither never no nor not now of off often on once one only onto or other others otherwise our ours out over
own per perhaps rather same see seen several shall she should show showed shown shows since so some such than that
the their theirs them themselves then there therefore these they this those though through thus to too two three
under until up upon us use used uses using very via was we well were what when where whether which while who whom
whose why will with within without would yet you your
figure figures fig table tables section sections paper article chapter appendix left right top bottom panel panels
example examples case cases given give gives value values number numbers different various first second third new
respectively corresponding denote denotes denoted represent represents represented result results obtained
""".split())


def _stem(word: str) -> str:
    """A plural or third-person ending off: "trees" -> "tree", "studies" -> "study"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _cjk_pairs(token: str) -> list[str]:
    """The character pairs of the Chinese or Japanese letters of ``token`` (words of about two
    characters, with no spaces between them); the letter itself when it stands alone."""
    run = [c for c in token if is_cjk_letter(c)]
    return ["".join(run[i:i + 2]) for i in range(max(len(run) - 1, 1))]


def words(text: str) -> list[str | None]:
    """The text's terms in order, ``None`` where a function word or a number breaks the run
    (so pairs are only made of neighbours)."""
    out: list[str | None] = []
    cjk = has_cjk(text)  # else no token needs looking at letter by letter
    for tok in re.split(r"(\s+|[^\w'-])", text):
        if not tok or tok.isspace():
            continue
        if cjk and any(is_cjk_letter(c) for c in tok):
            out.extend(_cjk_pairs(tok))
            out.append(None)
            continue
        m = _TOKEN.fullmatch(tok)
        w = tok.lower().strip("'-") if m else ""
        if len(w) < 3 or w in STOP:
            out.append(None)
            continue
        out.append(_stem(w))
    return out


def terms(text: str) -> set[str]:
    """Distinct terms of ``text``: words and pairs of adjacent words ("tree", "inference tree")."""
    return terms_of_words(words(text))


def terms_of_words(seq: list[str | None]) -> set[str]:
    """:func:`terms` of a text from its :func:`words`."""
    return {w for w in seq if w} | {f"{a} {b}" for a, b in zip(seq, seq[1:]) if a and b}


def phrase_pairs(text: str) -> set[str]:
    """Pairs of adjacent words of ``text`` ("inference trees" -> "inference tree", "of the"
    left out): lower-cased, plural endings off, numbers kept; a pair of two function words says
    nothing and is left out. A run of Chinese or Japanese characters gives its character
    pairs as words. This is how two texts are compared phrase by phrase, as ROUGE-2 does."""
    seq: list[str] = []
    for tok in re.findall(r"[^\W_]+", text.lower()):
        if any(is_cjk_letter(c) for c in tok):
            seq.extend(_cjk_pairs(tok))
        else:
            seq.append(_stem(tok))
    return {f"{a} {b}" for a, b in zip(seq, seq[1:]) if not (a in STOP and b in STOP)}


def caption_body(caption: str) -> str:
    """The caption without its own label ("Figure 3: Overview" -> "Overview")."""
    return LABEL_PREFIX.sub("", caption, count=1)
