"""Generated text that is no sentence of prose, whatever the support of its words.

A small model left to itself loops ("The average loss is a more present and present.", "… is
a more in a one to one and only one to one …"), drops the name a preposition governed ("In
we introduced …" from "In [22] we introduced …"), or gives back a formula for a sentence
("D+ →ηe+νe → ηe+νe → η+νe."), or writes characters its source does not have (broken bytes,
Chinese characters of no source, English words in a Chinese sentence). Each is read against the sentences the answer was written
from, so that what a source itself says twice, or its own wording, is no fault.
"""
from __future__ import annotations

from collections import Counter
import re

from .claims import LIGHT
from ..ingest.script import blank_cjk, cjk_letter_count
from .prose import mostly_symbols
from .text import strip_citations

_WORD = re.compile(r"\w+")
# a preposition straight before a subject pronoun or a verb: the name it governed is gone
_NO_OBJECT = re.compile(r"\b(?P<a>(?i:in|of|by|from|with|to|on|at|into|than|under|over))\s+"
                        r"(?:we|they|he|she|I|is|are|was|were|to)\b"
                        r"|\b(?P<b>(?i:such as|of|by|than|see|cf\.|e\.g\.,?))\s*[.,;:)]")
MIN_LETTERS = 3  # a repeated word shorter than this ("a", "of") is grammar, not a loop
LOOP = 3  # words: a content word said again this close is a loop


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(strip_citations(text))]


def repetitions(sentence: str, sources: list[str]) -> list[str]:
    """What ``sentence`` says again more often than its ``sources`` together say it: a word
    said again within :data:`LOOP` words ("present and present"; not a function word: "can
    be read, which can …" is grammar), or three words in a row said twice ("a more in a more
    in")."""
    said, given = _words(sentence), _words(" ".join(sources))
    have_words, have_runs = Counter(given), Counter(zip(given, given[1:], given[2:]))
    out = []
    for i, w in enumerate(said):
        if len(w) < MIN_LETTERS or w in LIGHT or w.isdigit() or w not in said[i + 1:i + 1 + LOOP]:
            continue
        if said.count(w) > have_words[w]:
            out.append(f"repeats itself: {w}")
    for run, n in Counter(zip(said, said[1:], said[2:])).items():
        if n >= 2 and n > have_runs[run]:
            out.append(f"repeats itself: {' '.join(run)}")
    return list(dict.fromkeys(out))


def lost_objects(sentence: str, sources: list[str]) -> list[str]:
    """A preposition with no name after it ("In we introduced", "proposed by to retain", "see
    reviews such as."), where the sources do not say the same words."""
    given = " ".join(sources).lower()
    return [f"a word missing after '{(m.group('a') or m.group('b')).split()[-1]}'"
            for m in _NO_OBJECT.finditer(sentence) if " ".join(m.group(0).lower().split()) not in given]


# a subject, a comma and an article: the verb between them is gone ("We, a simple algorithm for …")
_NO_VERB = re.compile(r"^(?:We|They|It|He|She|I|This paper|This work|The paper)\s*,\s+(?:a|an|the)\b")


def lost_verbs(sentence: str, sources: list[str]) -> list[str]:
    """A subject followed by a comma and an article ("We, a simple algorithm for the Level
    Ancestor Problem." from "We present a simple algorithm …"), where no source says so."""
    m = _NO_VERB.match(sentence.strip())
    if m is None or any(m.group(0) in s for s in sources):
        return []
    return [f"a verb missing after '{m.group(0).split(',')[0]}'"]


_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def foreign_text(sentence: str, sources: list[str]) -> list[str]:
    """Characters no source has: bytes the model broke (U+FFFD), Chinese characters the
    sources do not use (a faithful shortening of a Chinese sentence takes its characters from
    it), and, for a Chinese source, Latin words it does not hold ("The most in ，其次 …")."""
    out = ["broken characters"] if "\ufffd" in sentence else []
    given = " ".join(sources)
    have = set(given)
    new = [c for c in dict.fromkeys(sentence) if cjk_letter_count(c) and c not in have]
    if new:
        out.append(f"characters not in its source: {''.join(new[:8])}")
    if cjk_letter_count(given) >= len(_LATIN_WORD.findall(blank_cjk(given))):
        words = {w.lower() for w in _LATIN_WORD.findall(given)}
        extra = [w for w in dict.fromkeys(_LATIN_WORD.findall(sentence)) if w.lower() not in words]
        if extra:
            out.append(f"words not in its source: {' '.join(extra[:5])}")
    return out


# the verbs every English clause can be told by without a tagger: auxiliaries and modals, a
# past form ("-ed"), a word after a subject pronoun ("we develop"), a third-person "-s" form
# inside the sentence ("which integrates", "corresponds to")
_AUXILIARIES = frozenset("is are was were be been being am has have had do does did can could will would shall "
                         "should may might must cannot".split())
_SUBJECTS = frozenset("we i you they he she it this that which who there".split())
_ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _has_verb(sentence: str) -> bool:
    words = _ENGLISH_WORD.findall(sentence)
    low = [w.lower().replace("’", "'") for w in words]
    if any(w in _AUXILIARIES or w.endswith("n't") or (w.endswith("ed") and len(w) > 4) for w in low):
        return True
    if any(low[i - 1] in _SUBJECTS for i in range(1, len(low))):
        return True
    return any(0 < i < len(words) - 1 and w.islower() and w.endswith("s") and not w.endswith(("ss", "us", "is"))
               for i, w in enumerate(words))


def verbless(sentence: str, sources: list[str]) -> list[str]:
    """An English sentence with no verb ("A vector of independent Rademachers.", "TLA+: The
    model checker.", "C: A portable, garbage collection language."): a title or a noun
    phrase left of a sentence whose verb was dropped, where its source has one."""
    if cjk_letter_count(sentence) or _has_verb(sentence) or not any(_has_verb(s) for s in sources):
        return []
    return ["no verb: not a sentence"]


def garbled(sentence: str, sources: list[str]) -> list[str]:
    """Everything :func:`repetitions`, :func:`lost_objects`, :func:`lost_verbs`,
    :func:`verbless` and :func:`foreign_text` find wrong with the form of
    ``sentence``, and whether it is a formula (:func:`~.prose.mostly_symbols`)."""
    out = (repetitions(sentence, sources) + lost_objects(sentence, sources) + lost_verbs(sentence, sources)
           + verbless(sentence, sources) + foreign_text(sentence, sources))
    if not cjk_letter_count(sentence) and mostly_symbols(sentence):
        out.append("not prose: a formula")
    return out
