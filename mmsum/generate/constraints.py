"""Decoding constraints shared by every backend: which tokens may come next.

Two rules, both plain functions over token ids so that transformers and llama.cpp apply the
same ones:

- a *vocabulary*: the tokens of the source the sentence is written from, plus a short list of
  function words. A small model asked to shorten a sentence then cannot bring in a content
  word the source does not have ("nondisclosure" for "nondeterminism"); it can still drop,
  reorder and join what is there. Sub-word pieces can in principle combine into a new word,
  which is why the faithfulness check still reads the result.
- *no repeated phrase*: a token that would repeat an n-gram the model has already written in
  this answer is banned. Only the answer counts, not the prompt: copying a run of words from
  the source is what compression should do.
- *no word said more often than the source says it*: a token of a content word may appear in
  the answer as often as in the source (function words and marks are free). The n-gram rule
  misses a repeated short name ("Paxos and Paxos", "Yukawa interaction Yukawa interaction",
  "in detail in detail" where the source says "in detail" once); this one does not.
- *nothing said twice across the summary* (:func:`said_before`): a token that would complete
  an n-gram the earlier sentences of the summary already hold is banned, unless the sources
  of the summary (theirs and this sentence's) hold it more often ("the width of the" in every
  sentence); the rule above sees only the answer being written.
- *whole words only* (:class:`WordGuard`): sub-word pieces of allowed tokens could still join
  into a word the source lacks ("decision-converges", "on-the-prem", "Hausdo" for
  "Hausdorff"); a token may only extend the word being written into the beginning of a word
  of the vocabulary, and a word may only end where it is whole.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Hashable, Iterable, Mapping, Sequence

from .text import CITATION

# Words any rewording needs, whatever the source says: articles, auxiliaries, pronouns,
# prepositions, conjunctions and a few verbs that frame a claim. Content words are not here
# on purpose: they must come from the source.
FUNCTION_WORDS = tuple("""a an the of to in on for with by from as at and or but nor not no is are was were
be been being has have had it its this that these those which who whom whose their they them we our us
one than then also both each other such more most less only can could may might will would should must
do does did into over under between about after before while when where how what all any some same so
if thus because whether there here per via using used uses shows show shown presents present proposes
propose describes describe finds find study paper work authors""".split())
PUNCTUATION = tuple(".,;:()-%/'\"")
NO_REPEAT_NGRAM = 4  # tokens: a phrase of four tokens is said once

_PIECE = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")


def vocabulary_words(source: str) -> list[str]:
    """The words and marks of ``source`` with the function words, each once, in order."""
    words = _PIECE.findall(source)
    return list(dict.fromkeys([*words, *FUNCTION_WORDS, *PUNCTUATION]))


def vocabulary_ids(source: str, encode: Callable[[str], list[int]], extra: Iterable[int] = ()) -> set[int]:
    """Token ids that may be generated when writing from ``source``.

    ``encode`` turns text into ids without special tokens. Each word is encoded as it would
    appear after a space and at the start of the text, in its own case and capitalized (a
    sentence may start with any of them); the source itself is encoded whole too, so the
    merges it uses are there. ``extra`` adds ids such as the end-of-text token.
    """
    ids: set[int] = set(encode(source))
    for word in vocabulary_words(source):
        forms = {word, word[:1].upper() + word[1:], word.lower()}
        for form in forms:
            ids.update(encode(form))
            ids.update(encode(" " + form))
    ids.update(extra)
    return ids


def banned_by_repetition(generated: Sequence[Hashable], n: int = NO_REPEAT_NGRAM) -> set:
    """Ids (or word keys, :class:`TokenWords`) that would complete an ``n``-gram already present
    in ``generated``."""
    if n < 1 or len(generated) < n:
        return set()
    prefix = tuple(generated[len(generated) - n + 1:])
    return {generated[i + n - 1] for i in range(len(generated) - n + 1)
            if tuple(generated[i:i + n - 1]) == prefix}


def said_before(said: Iterable[Sequence[Hashable]], source: Iterable[Sequence[Hashable]],
                n: int = NO_REPEAT_NGRAM) -> dict[tuple, set]:
    """The ``n``-grams that the sequences ``said`` (earlier answers, as ids or word keys) hold
    at least as often as the sequences ``source`` do (what all the answers so far and this
    one are written from), as prefix (``n - 1`` items) -> the items that would complete them.
    Each list holds encodings of one text: an n-gram counts as often as its most frequent
    encoding has it."""
    def grams(seqs: Iterable[Sequence[Hashable]]) -> Counter:
        out: Counter = Counter()
        for q in seqs:
            out |= Counter(tuple(q[i:i + n]) for i in range(len(q) - n + 1))
        return out

    have = grams(source)
    out: dict[tuple, set] = {}
    for g, c in grams(said).items():
        if c >= have[g]:
            out.setdefault(g[:-1], set()).add(g[-1])
    return out


def banned_by_history(generated: Sequence[Hashable], said: Mapping[tuple, set],
                      n: int = NO_REPEAT_NGRAM) -> set:
    """Items that would complete, after ``generated``, an n-gram of ``said`` (:func:`said_before`)."""
    if not said or len(generated) < n - 1:
        return set()
    return set(said.get(tuple(generated[len(generated) - n + 1:]), ()))


def token_limits(source: str, encode: Callable[[str], list[int]]) -> dict[int, int]:
    """How often each content token may be generated when writing from ``source``: as often
    as the source has it, counted over its own encoding and each word's other forms (at least
    once). Tokens of function words and marks have no limit and are not in the result."""
    free: set[int] = set()
    for word in (*FUNCTION_WORDS, *PUNCTUATION):
        for form in {word, word.capitalize()}:
            free.update(encode(form))
            free.update(encode(" " + form))
    limits: Counter = Counter(encode(source))
    for word, n in Counter(_PIECE.findall(source)).items():
        for form in {word, word[:1].upper() + word[1:], word.lower()}:
            for ids in (encode(form), encode(" " + form)):
                for t, c in Counter(ids).items():
                    limits[t] = max(limits[t], c * n)
    return {t: c for t, c in limits.items() if t not in free}


def banned_by_limits(generated: Sequence[int], limits: Mapping[int, int]) -> set[int]:
    """Ids of ``limits`` that ``generated`` already holds as often as allowed."""
    if not limits:
        return set()
    return {t for t, c in Counter(generated).items() if t in limits and c >= limits[t]}


_WORD_CHAR = re.compile(r"[\w'’-]")
_PARTIAL = re.compile(r"[\w'’-]*$")
_WORDS = re.compile(r"[\w'’-]+")
_FUNCTION = frozenset(FUNCTION_WORDS)
PHRASE_WORDS = 4  # words: a phrase of four words (not all function words) is said once


def _words(text: str) -> list[str]:
    """The words of ``text`` as the phrase rules compare them: lower case, and without the
    citation markers ("[14, 15]", "(p. 3)") that the summary leaves out of what it shows, so
    "SU(5) [14, 15] and Pati-Salam" is the phrase "su 5 and pati-salam" that a reader sees."""
    return [w.lower() for w in _WORDS.findall(CITATION.sub(" ", text))]


def words_said_before(said: str, source: str, n: int = PHRASE_WORDS) -> dict[tuple[str, ...], set[str]]:
    """:func:`said_before` over words: the ``n``-word phrases (lower case, not all function
    words) that ``said`` (the summary so far) holds at least as often as ``source`` (what it
    and the next answer are written from), as their first ``n - 1`` words -> the words that
    would complete them."""
    out: dict[tuple[str, ...], set[str]] = {}
    for prefix, last in said_before([_words(said)], [_words(source)], n).items():
        kept = {w for w in last if not all(x in _FUNCTION for x in (*prefix, w))}
        if kept:
            out[prefix] = kept
    return out


class WordGuard:
    """Which tokens keep every word of the answer a word of ``source`` or a function word,
    and say no phrase twice: none of the answer's own, and, with ``said``
    (:func:`words_said_before`), none of the summary's before it; nor a word twice in a row
    where the source does not.

    ``pieces`` maps the token ids to check to their text (a leading space where the token
    starts a word). Letters, digits, hyphens and apostrophes make up a word; anything else
    ends it. Case is ignored (a sentence may start with any word). Phrases are compared as
    words, whatever pieces spell them ("Amplitude" may be two tokens where " amplitude" is
    one, "Same" after a quote two where " Same" is one): after the first words of a phrase
    said before, no piece may begin its last word. ``before``: the text the answer follows
    (the summary so far); its last words begin the answer's first phrases, so that a phrase
    is not said again across the end of a sentence either.
    """

    def __init__(self, source: str, pieces: Mapping[int, str], ends: Iterable[int] = (),
                 said: Mapping[tuple[str, ...], set[str]] | None = None, before: str = ""):
        self.whole = {w.lower() for w in vocabulary_words(source) if _WORD_CHAR.match(w)}
        self.prefixes = {w[:i] for w in self.whole for i in range(1, len(w) + 1)}
        self.pieces = dict(pieces)
        self.ends = set(ends)
        self.said = dict(said or {})
        self.lead = _words(before)[-(PHRASE_WORDS - 1):] if self.said else []
        words = _words(source)
        self.doubled = {a for a, b in zip(words, words[1:]) if a == b}  # "that that", "had had"

    def _next_words(self, own: list[str], prefix: tuple[str, ...]) -> set[str]:
        """The words that would complete, after ``prefix``, a phrase said before: in the
        summary so far, or earlier in the answer (its complete words ``own``)."""
        n = len(prefix)
        out = set(self.said.get(prefix, ()))
        out.update(own[i + n] for i in range(len(own) - n) if tuple(own[i:i + n]) == prefix)
        return out

    def _repeats(self, text: str, partial: str) -> set[int]:
        """Ids of ``pieces`` (and the end ids) that would begin or end the last word of a
        phrase said before, after the answer ``text`` whose last word so far is ``partial``
        (empty after a space or a mark)."""
        n = PHRASE_WORDS - 1
        own = _words(text[:len(text) - len(partial)])
        done = [*self.lead, *own]
        # the phrase the word being written would end, and the one a word begun after it would
        ending = self._next_words(own, tuple(done[-n:])) if partial and len(done) >= n else None
        after = [*done, partial] if partial else done
        own_after = [*own, partial] if partial else own
        starting = self._next_words(own_after, tuple(after[-n:])) if len(after) >= n else None
        # no word right after itself ("it is not a per per per"), unless the source doubles it
        if partial and own and own[-1] not in self.doubled:
            ending = {*(ending or ()), own[-1]}
        if own_after and own_after[-1] not in self.doubled:
            starting = {*(starting or ()), own_after[-1]}
        if not ending and not starting:
            return set()

        def barred(word: str, whole: bool, last: set[str] | None) -> bool:
            return bool(last) and bool(word) and (word in last if whole else any(b.startswith(word) for b in last))

        out: set[int] = set()
        for t, piece in self.pieces.items():
            low = piece.lower()
            head = _WORDS.match(low)
            if head:  # the piece goes on with the word being written (or begins the answer's first)
                word = partial + head.group(0)
                if barred(word, head.end() < len(low), ending if partial else starting):
                    out.add(t)
                continue
            if partial and ending and partial in ending:  # it ends the word: the phrase would be whole
                out.add(t)
                continue
            rest = low.lstrip(" ")
            nxt = _WORDS.match(rest)
            if nxt and barred(nxt.group(0), nxt.end() < len(rest), starting):
                out.add(t)
        if partial and ending and partial in ending:
            out |= self.ends
        return out

    def _fits(self, partial: str, piece: str) -> bool:
        state = partial
        for ch in piece.lower():
            if _WORD_CHAR.match(ch):
                state += ch
                if state not in self.prefixes:
                    return False
            else:
                if state and state not in self.whole:
                    return False
                state = ""
        return True

    def banned(self, text: str) -> set[int]:
        """Ids of ``pieces`` (and the end ids) that would make a word no source word is, after
        the answer ``text`` so far."""
        partial = _PARTIAL.search(text).group(0).lower()
        out = {t for t, piece in self.pieces.items() if piece and not self._fits(partial, piece)}
        if partial and partial not in self.whole:
            out |= self.ends  # no answer ends inside a word ("... and Hausdo")
        out |= self._repeats(text, partial)
        return out


class TokenWords:
    """Token ids read as words for the phrase rules: case, spaces, quotes and marks do not
    count, so "Family of the Head" repeats "family of the “head"; a mark is skipped. ``pieces``
    maps ids to their text; an id it lacks stands for itself."""

    def __init__(self, pieces: Mapping[int, str]):
        self.key: dict[int, str] = {t: _NOT_WORD.sub("", p.lower()) for t, p in pieces.items()}
        self.ids: dict[str, set[int]] = {}
        for t, k in self.key.items():
            if k:
                self.ids.setdefault(k, set()).add(t)

    def keys(self, ids: Iterable[int]) -> list[Hashable]:
        """The word keys of ``ids`` in order, marks left out."""
        out: list[Hashable] = []
        for t in ids:
            k = self.key.get(t, t)
            if k != "":
                out.append(k)
        return out

    def spelled(self, keys: Iterable[Hashable]) -> set[int]:
        """Every id whose key is one of ``keys``."""
        out: set[int] = set()
        for k in keys:
            out |= self.ids.get(k, set()) if isinstance(k, str) else {k}
        return out


_NOT_WORD = re.compile(r"[\W_]+")


@dataclass
class SourceConstraints:
    """Every rule for one answer written from a source: the ``allowed`` ids, the ``limits`` of
    content tokens, the ``guard`` of whole words and the phrases ``said`` before (n-grams of
    word keys of ``words``; of ids without it)."""

    allowed: set[int] | None
    limits: dict[int, int] = field(default_factory=dict)
    guard: WordGuard | None = None
    said: dict[tuple, set] = field(default_factory=dict)
    words: TokenWords | None = None

    def banned(self, answer: Sequence[int], text: Callable[[], str]) -> set[int]:
        """Ids banned after ``answer`` (ids); ``text()`` gives its text, read only when needed."""
        seq = self.words.keys(answer) if self.words is not None else list(answer)
        nxt = banned_by_repetition(seq, NO_REPEAT_NGRAM) | banned_by_history(seq, self.said, NO_REPEAT_NGRAM)
        out = self.words.spelled(nxt) if self.words is not None else set(nxt)
        out |= banned_by_limits(answer, self.limits)
        if self.guard is not None:
            out |= self.guard.banned(text())
        return out
