"""What a generated sentence claims, read against the sentences it was written from.

Every word of a rewritten sentence can stand in its source while the claim is turned round.
Three such turns are caught here (:func:`turned_claims`):

- *polarity*: a negation the source does not make ("Logs are not organized" from "Logs are
  organized as shown in Figure 6"), or one it makes dropped where the words it negates come
  back ("can only be estimated" from "can not be well estimated");
- *roles swapped*: the two things a relation word joins stand on the other sides of it
  ("B outperforms A" from "A outperforms B"; "from the servers to the leader" from "from
  the leader to the servers");
- *identity*: "X is a Y" where no source sentence says X is (or is called, or is defined as)
  a Y;
- *words run together*: two content words side by side that no source says close together
  (an object given to another verb);
- *a condition dropped*: a claim the source makes only "if" or "when" something holds,
  stated without a condition; a one-letter name after a word it never follows ("accept an
  n" from "accept a proposal numbered n").

Words are compared by their first letters (:data:`STEM`), as the other checks do.
"""
from __future__ import annotations

import re

from .constraints import FUNCTION_WORDS
from .text import strip_citations

STEM = 5  # letters two forms of a word share ("design", "designed", "designs")

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*")
_NEGATION = {"not", "no", "never", "cannot", "without", "neither", "nor", "none", "only", "nothing", "nobody"}
# verbs, articles and adverbs between a negation and what it negates ("not be", "does not have a")
LIGHT = {"the", "a", "an", "be", "is", "are", "was", "were", "been", "being", "have", "has", "had", "do", "does",
          "did", "can", "could", "will", "would", "should", "may", "might", "must", "and", "any", "all", "yet",
          "to", "of", "for", "one", "this", "that", "these", "those", "its", "their", "such", "more", "much", "very",
          "well", "also", "always", "ever", "so", "too", "it", "they", "we", "there", "get", "got", "in", "on", "at"}
# words that relate the thing before them to the thing after them
_RELATORS = {"from", "to", "than", "over", "outperforms", "outperform", "outperformed", "exceeds", "exceed",
             "precedes", "precede", "follows", "follow", "contains", "contain", "includes", "include", "causes",
             "cause", "sends", "send", "receives", "receive", "replaces", "replace", "beats", "beat", "before",
             "after", "into", "by", "calls", "call", "uses", "use", "elects", "elect", "controls", "control"}
_COPULA = {"is", "are", "was", "were", "be", "being", "means", "mean", "denotes", "denote", "called", "named",
           "as", "defines", "define", "defined", "represents", "represent", "becomes", "become", "remains"}
WINDOW = 4  # words on either side of a relation word in which its terms stand
NEGATED = 3  # content words after a negation that it can bear on


def _tokens(text: str) -> list[str]:
    words = []
    for w in _TOKEN.findall(strip_citations(text)):
        w = w.lower().replace("’", "'")
        if w.endswith("n't"):
            words += [w[:-3], "not"]
        elif w == "cannot":
            words += ["can", "not"]
        else:
            words.append(w)
    return words


def _stem(word: str) -> str:
    """The word without an inflection ("uses", "used" -> "us"), cut to STEM letters."""
    return (_INFLECTION.sub("", word) if len(word) > 3 else word)[:STEM]


_INFLECTION = re.compile(r"(?:ing|ed|es|s)$")


def _content(word: str) -> bool:
    return len(word) >= 3 and word not in LIGHT and word not in _NEGATION


def _negated(words: list[str]) -> set[str]:
    """Stems of the content words a negation in ``words`` bears on (the next few)."""
    out = set()
    for i, w in enumerate(words):
        if w in _NEGATION:
            out |= {_stem(x) for x in [x for x in words[i + 1:i + 8] if _content(x)][:NEGATED]}
    return out


def polarity_changes(sentence: str, sources: list[str]) -> list[str]:
    """Negations added where no source negates the words, or dropped where the source's
    negated words come back unnegated."""
    said = _tokens(sentence)
    said_stems = {_stem(w) for w in said if _content(w)}
    src = [_tokens(s) for s in sources]
    src_negated = set().union(*(_negated(s) for s in src)) if src else set()
    src_stems = {_stem(w) for s in src for w in s if _content(w)}
    out = []
    for i, w in enumerate(said):
        if w not in _NEGATION:
            continue
        bears = [x for x in said[i + 1:i + 8] if _content(x)][:NEGATED]
        if bears and not any(_stem(x) in src_negated for x in bears) and any(_stem(x) in src_stems for x in bears):
            out.append(f"negation the source does not make: {w} {bears[0]}")
        elif not bears and w != "only" and not any(x in _NEGATION and x != "only" for s in src for x in s):
            out.append(f"negation the source does not make: {w}")  # "2008: no, not 2002": of a number
    if not any(w in _NEGATION and w != "only" for w in said):  # "only" restricts; it does not deny
        for s in src:
            for i, w in enumerate(s):
                if w in _NEGATION and w != "only":
                    bears = [x for x in s[i + 1:i + 8] if _content(x)][:NEGATED]
                    back = [x for x in bears if _stem(x) in said_stems]
                    if back:
                        out.append(f"dropped negation: {w} {back[0]}")
    return list(dict.fromkeys(out))


def _side_sets(words: list[str], i: int, shared: set[str]) -> tuple[set[str], set[str]]:
    """Stems of the shared content words within WINDOW words before and after position ``i``."""
    return ({_stem(w) for w in words[max(0, i - WINDOW):i] if _content(w) and _stem(w) in shared},
            {_stem(w) for w in words[i + 1:i + 1 + WINDOW] if _content(w) and _stem(w) in shared})


def _nearest(words: list[str], i: int, shared: set[str]) -> tuple[str | None, str | None]:
    """The nearest shared content word before and after position ``i`` (within WINDOW words)."""
    before = next((_stem(w) for w in reversed(words[max(0, i - WINDOW):i]) if _content(w) and _stem(w) in shared), None)
    after = next((_stem(w) for w in words[i + 1:i + 1 + WINDOW] if _content(w) and _stem(w) in shared), None)
    return before, after


def swapped_roles(sentence: str, sources: list[str]) -> list[str]:
    """Relation words whose two terms stand the other way round than in the sources that
    relate them ("B outperforms A" for "A outperforms B"), and in none the way they stand."""
    said = _tokens(sentence)
    said_content = {_stem(w) for w in said if _content(w)}
    out = []
    for i, w in enumerate(said):
        if w not in _RELATORS:
            continue
        swapped = kept = False
        for src in (_tokens(s) for s in sources):
            shared = said_content & {_stem(x) for x in src if _content(x)}
            a, b = _nearest(said, i, shared)
            if not a or not b or a == b:
                continue
            for j, x in enumerate(src):
                if x != w:
                    continue
                before, after = _side_sets(src, j, shared)
                kept |= a in before and b in after
                swapped |= a in after and b in before and a not in before and b not in after
        if swapped and not kept:
            out.append(f"roles swapped around '{w}'")
    return list(dict.fromkeys(out))


def new_identities(sentence: str, sources: list[str]) -> list[str]:
    """"X is a Y" claims whose X and Y no source sentence joins by "is", "are called", "as",
    "means" and the like, in that order."""
    said = _tokens(sentence)
    out = []
    for i, w in enumerate(said):
        if w not in ("is", "are", "was", "were"):
            continue
        subject = next((x for x in reversed(said[max(0, i - WINDOW):i]) if _content(x)), None)
        rest = [x for x in said[i + 1:i + 1 + WINDOW] if x not in ("a", "an", "the")]
        predicate = rest[0] if rest else None
        if not subject or not predicate or predicate in _NEGATION or (predicate in LIGHT and predicate != "one"):
            continue  # "is not", "is to be": a verb phrase, not an identity
        if predicate.endswith(("ed", "ing")) or predicate in ("able", "also", "used", "based"):
            continue
        if not any(_joined(_tokens(s), subject, predicate) for s in sources):
            out.append(f"identity not in its source: {subject} is {predicate}")
    return list(dict.fromkeys(out))


def _joined(words: list[str], subject: str, predicate: str) -> bool:
    """Whether ``words`` say ``subject`` (stem) is ``predicate`` (stem): subject, then a copula
    within WINDOW words, then the predicate within WINDOW words of it."""
    for i, w in enumerate(words):
        if w in _COPULA or w == ":":
            before = {_stem(x) for x in words[max(0, i - WINDOW):i]}
            after = {_stem(x) for x in words[i + 1:i + 1 + WINDOW + 1]}
            if _stem(subject) in before and _stem(predicate) in after:
                return True
    return False


PAIR_WINDOW = 5  # content words of a source within which the two words of a pair must stand


def unsupported_pairs(sentence: str, sources: list[str]) -> list[str]:
    """Pairs of consecutive content words of ``sentence`` ("stores state") that no source says
    within :data:`PAIR_WINDOW` content words of each other: an object given to another verb
    ("Each server stores a state machine" from "Each server stores a log …, which its state
    machine executes"), a condition dropped ("The follower refuses new entries" from "If the
    follower does not find an entry …, then it refuses the new entries"). Either order counts
    ("FastNet reaches 29.7 dB on BSD68" from "On BSD68, FastNet reaches 29.7 dB"; a swap
    around a relation word is :func:`swapped_roles`'s)."""
    said = [_stem(w) for w in _tokens(sentence) if _content(w)]
    texts = [[_stem(w) for w in _tokens(s) if _content(w)] for s in sources]
    out = []
    for a, b in zip(said, said[1:]):
        near = any(b in src[max(0, i - PAIR_WINDOW):i + 1 + PAIR_WINDOW]
                   for src in texts for i, w in enumerate(src) if w == a)
        if a != b and not near:
            out.append(f"words not said together in its source: {a}… {b}…")
    return out


_CONDITION = {"if", "iff", "when", "whenever", "unless", "provided", "once", "until", "while"}


def dropped_conditions(sentence: str, sources: list[str]) -> list[str]:
    """A claim its source makes only under a condition ("A value is chosen when a single
    proposal with that value has been accepted by a majority"), stated without one: the
    sentence has words of both the condition and the claim, and no condition word."""
    said = _tokens(sentence)
    if any(w in _CONDITION for w in said):
        return []
    said_stems = {_stem(w) for w in said if _content(w)}
    out = []
    for src in (_tokens(s) for s in sources):
        for i, w in enumerate(src):
            if w not in _CONDITION:
                continue
            if i == 0:  # "If X, then Y": the condition runs to "then" (or the clause's end)
                end = next((j for j in range(1, len(src)) if src[j] == "then"), len(src) // 2)
                condition, claim = src[1:end], src[end:]
            else:  # "Y when X"
                condition, claim = src[i + 1:], src[:i]
            c = {_stem(x) for x in condition if _content(x)}
            m = {_stem(x) for x in claim if _content(x)}
            if said_stems & (c - m) and said_stems & (m - c):
                out.append(f"condition dropped: {w} …")
    return list(dict.fromkeys(out))


# a word, then a one-letter name (after a number the letter is a unit: "4.1 V", "3 s")
_VARIABLE = re.compile(r"(\w*[^\W\d]\w*)\s+([b-zB-HJ-Z])\b(?![.'’-]\w)")


def misplaced_variables(sentence: str, sources: list[str]) -> list[str]:
    """A one-letter name ("n", "v") after a word it never follows in the sources: what it
    names was dropped ("accept an n" from "accept a proposal numbered n")."""
    before = {(m.group(1).lower(), m.group(2)) for s in sources for m in _VARIABLE.finditer(strip_citations(s))}
    return [f"'{m.group(1)} {m.group(2)}' not in its source" for m in _VARIABLE.finditer(strip_citations(sentence))
            if (m.group(1).lower(), m.group(2)) not in before]


# words and, between them, each mark of punctuation: a modifier is the word right before a noun
_PHRASE_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*|[^\sA-Za-z0-9]")
SKIPPED = 1  # content words the answer may leave out between a modifier and its noun


def _phrase_tokens(text: str) -> list[str]:
    return [t.lower() for t in _PHRASE_TOKEN.findall(strip_citations(text))]


_PREPOSITIONS = {"through", "across", "within", "without", "along", "among", "against", "around", "toward",
                 "towards", "upon", "onto", "beyond", "below", "above", "behind", "during", "since", "until",
                 "throughout", "versus", "vs", "like", "near", "whereas", "although", "though", "unless"}


def _named(word: str) -> bool:
    """A content word that names something (no preposition, pronoun or light verb)."""
    return _content(word) and word not in FUNCTION_WORDS and word not in _PREPOSITIONS


# the endings of adjectives ("nonlinear", "electric", "previous", "one-dimensional"): a noun
# before a content word may be its subject ("the server adds"), an adjective modifies it
_ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ar", "ent", "ant", "ible", "able", "ary", "ful", "less")


def _modifier(word: str) -> bool:
    return "-" in word or word.endswith(_ADJECTIVE_ENDINGS)


def _same_noun(x: str, b: str) -> bool:
    return x == b or x.rstrip("s") == b.rstrip("s")


def moved_modifiers(sentence: str, sources: list[str]) -> list[str]:
    """An adjective set before another noun than the one it modifies in the sources: "the
    nonlinear acceleration of accelerated particles" from "the nonlinear backreaction of
    accelerated particles", "the electric surface" from "the electric field at the surface".
    Two content words side by side in ``sentence``, the first with an adjective's ending or a
    hyphen (:data:`_ADJECTIVE_ENDINGS`), count when the first stands right before
    a content word in the sources and never within :data:`SKIPPED` content word of the second
    ("complex addition" from "complex block addition" passes) or of an "of" before it ("one-
    dimensional equations" from "a one-dimensional system of equations" passes)."""
    said = _phrase_tokens(sentence)
    texts = [_phrase_tokens(s) for s in sources]
    out = []
    for a, b in zip(said, said[1:]):
        if not (_modifier(a) and _named(a) and _named(b)) or _stem(a) == _stem(b):
            continue
        modifies = False  # the sources set ``a`` right before a content word
        kept = False  # ... and before ``b``, or one word short of it
        for src in texts:
            for i, w in enumerate(src[:-1]):
                if _stem(w) != _stem(a) or not _named(src[i + 1]):
                    continue
                modifies = True
                run = src[i + 1:i + 2 + SKIPPED]
                ahead = run[:next((k for k, x in enumerate(run) if not _named(x)), len(run))]
                kept |= any(_stem(x) == _stem(b) for x in ahead)
                # "one-dimensional equations" from "a one-dimensional system of equations"
                j = i + 1 + len(ahead)
                if src[j:j + 1] == ["of"]:
                    j += 1 + (src[j + 1:j + 2] in (["the"], ["a"], ["an"]))
                    kept |= any(_same_noun(x, b) for x in src[j:j + 1])
        if modifies and not kept:
            out.append(f"'{a} {b}' not in its source")
    return list(dict.fromkeys(out))


# words by which a source says it is not sure: a claim it hedges is not to be stated as fact
_HEDGES = {"suspect", "believe", "conjecture", "speculate", "hypothesize", "hypothesise", "possibly", "perhaps",
           "probably", "likely", "presumably", "apparently", "arguably", "may", "might", "seem", "seems",
           "suggest", "suggests", "could", "unlikely", "expect", "expected", "hope"}
# verbs of thinking: what they hedge runs to the end of the sentence ("I suspect the latter: …")
_THINKING = {"suspect", "believe", "conjecture", "speculate", "hypothesize", "hypothesise", "suggest", "suggests",
             "expect", "hope"}
_MODALS = {"can", "would", "should"}  # a sentence that keeps one of these still does not state a fact
HEDGED_WORDS = 2  # content words of the hedged clause that make the sentence its claim
_CLAUSE_END = re.compile(r"[,;:()—–]|\b(?:because|although|though|whereas|while|which|where|but|so that|if|when)\b", re.I)


def dropped_hedges(sentence: str, sources: list[str]) -> list[str]:
    """A claim a source hedges ("I strongly suspect the latter: theory often plays this role",
    "is perhaps the primary activity", "will probably be large") stated without any hedge or
    modal: :data:`HEDGED_WORDS` content words of the hedged clause (what follows the hedge
    to the clause's end, or for a verb of thinking to the sentence's end) said in a sentence
    that has none of :data:`_HEDGES` or :data:`_MODALS`."""
    said = _tokens(sentence)
    if any(w in _HEDGES or w in _MODALS for w in said):
        return []
    said_stems = {_stem(w) for w in said if _content(w)}
    out = []
    for text in sources:
        text = strip_citations(text)
        for m in re.finditer(r"[A-Za-z]+", text):
            w = m.group(0).lower()
            if w not in _HEDGES:
                continue
            rest = text[m.end():]
            if w not in _THINKING:
                cut = _CLAUSE_END.search(rest)
                rest = rest[:cut.start()] if cut else rest
            claim = {_stem(x) for x in _tokens(rest) if _content(x)}
            if len(said_stems & claim) >= HEDGED_WORDS:
                out.append(f"stated without the source's hedge: {w}")
    return list(dict.fromkeys(out))


def turned_claims(sentence: str, sources: list[str]) -> list[str]:
    """Everything :func:`polarity_changes`, :func:`swapped_roles`, :func:`new_identities` and
    :func:`unsupported_pairs`, :func:`dropped_conditions`, :func:`misplaced_variables` and
    :func:`moved_modifiers` and :func:`dropped_hedges` find in ``sentence`` against
    ``sources``; empty when its claims are its sources'."""
    return (polarity_changes(sentence, sources) + swapped_roles(sentence, sources)
            + new_identities(sentence, sources) + unsupported_pairs(sentence, sources)
            + dropped_conditions(sentence, sources) + misplaced_variables(sentence, sources)
            + moved_modifiers(sentence, sources) + dropped_hedges(sentence, sources))
