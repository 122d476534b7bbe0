"""Faithfulness check: numbers and named terms in generated text must occur in the source.

A *number* is a numeral with an optional unit or percent sign ("29.4 dB", "50%", "1,000");
it matches the same value anywhere in the source ("0.50" = "0.5", "1,000" = "1000").
A *named term* is an acronym ("PSNR", "BSD68"), a CamelCase word ("DnCNN"), a hyphenated
term ("self-attention") or a capitalized word that does not start the sentence; it matches
case-insensitively as a whole word, allowing for hyphens lost at line breaks and plurals.
Citation markers ("(p. 4)") are not checked here; they are attached from the source.

Words that all occur in the source can still say something it does not. Three checks read a
generated sentence against the sentence(s) it was written from (:func:`sentence_problems`):

- a number must be said of what the source says it of: the named terms next to it in the
  generated sentence must stand in one source sentence with that number ("FastNet reaches
  29.4 dB" is flagged when the source gives 29.4 dB to DnCNN);
- a word the source negates ("does not converge") must not come back without its negation;
- every content word must occur in the source, up to its ending (a small model asked about
  "nondeterminism" wrote "nondisclosure").

Claims turned round with the source's own words are read by :mod:`.claims`: a negation
added or dropped, the two sides of a relation word swapped ("A outperforms B" from "B
outperforms A"), and "X is a Y" where the source never says so.

What it still misses: a comparison turned round with words the source has ("higher" for
"lower" when both occur), a qualifier dropped ("in some cases"), and a claim whose every word
the source has in the same sentence but in a relation these rules do not read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from .grounding import ungrounded
from .claims import STEM, turned_claims
from .garbled import garbled
from .text import strip_citations



class CitedSupport(Protocol):
    """What the tables and charts a sentence's sources cite hold: :class:`.cited_numbers.CitedData`
    (which builds on this module, so the check knows it only by what it offers)."""

    def judge(self, sentence: str, sources: list[str]) -> Any:
        """The sentence's numbers settled by, or contradicting, the cited data
        (``.settled``: a set of tokens; ``.contradicted``: token -> reason)."""

    def texts(self) -> list[str]:
        """The cited tables' rows as text, to count as sources."""

_NUMBER = re.compile(r"(?<![\w.])[-+−]?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|percent\b|dB\b|ms\b|GB\b|MB\b|×|x\b))?")
_SOURCE_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*")
# Capitalized words that are ordinary in any text and say nothing about the source.
_COMMON = {"i", "fig", "figs", "figure", "figures", "table", "tables", "section", "sec", "eq", "equation",
           "appendix", "page", "pp", "we", "our", "the", "this", "these", "in", "a", "an", "it", "and"}


def number_tokens(text: str) -> list[tuple[str, int]]:
    """The numbers of ``text`` as the checks read them ("29.4 dB", "50%", "1,000"), each with
    the character offset where it starts."""
    return [(m.group(0).strip(), m.start()) for m in _NUMBER.finditer(text)]


def normalize_number(token: str) -> str | None:
    """The numeric value of ``token`` as a canonical string ("0.50" -> "0.5"), or None."""
    m = _SOURCE_NUMBER.search(token)
    if not m:
        return None
    digits = m.group(0)
    # "1,000" groups thousands; "3,4" in a list is two numbers and is left as it is.
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        digits = digits.replace(",", "")
    elif "," in digits:
        digits = digits.split(",")[0]
    try:
        value = float(digits)
    except ValueError:
        return None
    return f"{value:.6f}".rstrip("0").rstrip(".")


@dataclass
class SourceIndex:
    """The source text prepared for lookups: normalized text, the set of numbers in it, and its
    sentences one by one (for numbers said of something)."""

    text: str
    numbers: set[str]
    sentences: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, texts: list[str]) -> "SourceIndex":
        texts = [re.sub(r"(\w)-\s+(\w)", r"\1\2", t) for t in texts]  # words hyphenated at line ends
        text = " ".join(texts)
        numbers = {n for n in (normalize_number(m.group(0)) for m in _SOURCE_NUMBER.finditer(text)) if n}
        return cls(" " + re.sub(r"\s+", " ", text.lower()) + " ", numbers, texts)

    def has_number(self, token: str) -> bool:
        value = normalize_number(token)
        return value is None or value in self.numbers

    def has_term(self, term: str) -> bool:
        t = term.lower().replace("’", "'")
        t = re.sub(r"'s$", "", t)
        variants = {t, t.rstrip("s") if len(t) > 3 else t}
        for v in variants:
            parts = [re.escape(p) for p in re.split(r"-", v) if p]
            pattern = r"(?<![a-z0-9])" + r"[-\s]?".join(parts) + r"(?:e?s)?(?![a-z0-9])"
            if re.search(pattern, self.text):
                return True
        return False


def is_named_term(word: str, first: bool) -> bool:
    """Whether ``word`` names something specific (see the module docstring)."""
    if word.lower() in _COMMON:
        return False
    letters = re.sub(r"[^A-Za-z]", "", word)
    if sum(c.isupper() for c in letters) >= 2:  # acronyms, CamelCase, "BSD68"
        return True
    if re.search(r"[a-z][A-Z]", word):
        return True
    if "-" in word and re.search(r"[A-Za-z]{2,}-[A-Za-z0-9]", word):
        return True
    if re.search(r"[A-Za-z]\d|\d[A-Za-z]", word):  # "GPT2", "x86"
        return True
    return word[0].isupper() and not first


def unsupported_terms(sentence: str, source: SourceIndex) -> list[str]:
    """Numbers and named terms of one generated sentence that the source does not contain."""
    text = strip_citations(sentence)
    missing: list[str] = []
    for m in _NUMBER.finditer(text):
        token = m.group(0).strip()
        if not source.has_number(token):
            missing.append(token)
    words = list(_WORD.finditer(text))
    for i, m in enumerate(words):
        word = m.group(0)
        # After a colon or an opening quote a capital letter starts a clause, not a name.
        first = i == 0 or text[:m.start()].rstrip().endswith((":", '"', "“", "("))
        if is_named_term(word, first) and not source.has_term(word):
            missing.append(word)
    return list(dict.fromkeys(missing))


# --- checks against the sentences a generated one was written from ----------------------------

_NEGATION = re.compile(r"\b(?:not|no|never|cannot|without|neither|nor|none)\b|n't\b", re.I)
_CONTENT = re.compile(r"[A-Za-z]{3,}(?:-[A-Za-z]+)*")


def _stem(word: str) -> str:
    return word.lower()[:STEM]


# where one claim ends and the next begins inside a sentence
_CLAUSE = re.compile(r"[,;:]|\b(?:and|but|while|whereas|versus|vs\.?|compared\s+(?:with|to)|than)\b", re.I)


def clause_span(text: str, offset: int) -> tuple[int, int]:
    """Where the clause of ``text`` (between commas, "and", "than" ...) that holds character
    ``offset`` starts and ends."""
    start = 0
    for m in _CLAUSE.finditer(text):
        if m.start() > offset:
            return start, m.start()
        start = m.end()
    return start, len(text)


def _clauses_with_terms(text: str) -> list[tuple[set[str], set[str]]]:
    """(numbers, named terms) of each clause of ``text``; units after a number are not terms."""
    out = []
    for clause in _CLAUSE.split(text):
        numbers = {v for v in (normalize_number(m.group(0)) for m in _NUMBER.finditer(clause)) if v}
        units = {u.lower() for u in re.findall(r"\d\s?([A-Za-z]{1,3})\b", clause)}
        words = _WORD.findall(clause)
        terms = {w.lower() for i, w in enumerate(words)
                 if w.lower() not in units and is_named_term(w, first=i == 0 and clause is text)}
        out.append((numbers, terms))
    return out


def misattributed_numbers(sentence: str, sources: list[str]) -> list[str]:
    """Numbers of ``sentence`` said of something else than in the sources.

    A number belongs to the named terms of its clause. It is misattributed when a term of
    its clause in ``sentence`` never stands in a source sentence that gives the number, or
    stands there only in another number's clause ("DnCNN reaches 29.4 dB and FastNet 29.7 dB"
    does not support "FastNet reaches 29.4 dB").
    """
    text = strip_citations(sentence)
    out = []
    for numbers, terms in _clauses_with_terms(text):
        for value in numbers:
            holding = [s for s in sources if value in {normalize_number(n.group(0)) for n in _NUMBER.finditer(s)}]
            if not holding or not terms:
                continue  # an absent number is reported by unsupported_terms; a bare one has no owner
            wrong: set[str] = set()
            for t in terms:
                owners, others, anywhere = set(), set(), False
                for src in holding:
                    anywhere |= SourceIndex.build([src]).has_term(t)
                    for nums, ts in _clauses_with_terms(src):
                        (owners if value in nums else others if nums else set()).update(ts)
                if not anywhere or (t in others and t not in owners):
                    wrong.add(t)
            if wrong:
                token = next(m.group(0).strip() for m in _NUMBER.finditer(text) if normalize_number(m.group(0)) == value)
                names = [w for w in _WORD.findall(text) if w.lower() in wrong]
                out.append(f"{token} (said of {', '.join(dict.fromkeys(names))})")
    return out


def dropped_negations(sentence: str, sources: list[str]) -> list[str]:
    """Words the sources negate ("does not converge") that ``sentence`` states without any negation."""
    text = strip_citations(sentence)
    if _NEGATION.search(text):
        return []
    said = {_stem(w) for w in _CONTENT.findall(text)}
    out = []
    for src in sources:
        for m in _NEGATION.finditer(src):
            following = [w for w in _CONTENT.findall(src[m.end():])[:3] if w.lower() not in _LIGHT]
            if following and _stem(following[0]) in said:
                out.append(f"{m.group(0)} {following[0]}")
    return list(dict.fromkeys(out))


# a relation between two terms: "N1 < N2", "p ≤ 0.05", "x = y + 1"
_RELATION = re.compile(r"([^\s<>≤≥=≠≈]+)\s*([<>≤≥=≠≈]|<=|>=|!=)\s*([^\s<>≤≥=≠≈]+)")


def _operand(token: str) -> str:
    return token.strip(".,;:()[]{}\"'“”‘’").lower()


def changed_relations(sentence: str, sources: list[str]) -> list[str]:
    """Relations of ``sentence`` ("N1 < (A)") that no source states between the same two terms
    with the same sign: an operand swapped, dropped for another word, or the sign turned."""
    said = {(_operand(a), op, _operand(b)) for src in sources for a, op, b in _RELATION.findall(src)}
    out = []
    for a, op, b in _RELATION.findall(strip_citations(sentence)):
        if (_operand(a), op, _operand(b)) not in said:
            out.append(f"relation not in its source: {a} {op} {b}")
    return out


# verbs and articles between a negation and what it negates ("not be", "does not have a")
_LIGHT = {"the", "and", "been", "have", "has", "had", "are", "was", "were", "only", "yet", "any", "all",
          "for", "one", "this", "that", "these", "those", "its", "their", "such", "more", "much", "very"}


def new_words(sentence: str, sources: list[str], allowed: set[str]) -> list[str]:
    """Content words of ``sentence`` that occur in none of ``sources`` (up to their ending) and
    are not in ``allowed`` (the function words any rewording needs)."""
    have = {_stem(w) for s in sources for w in _CONTENT.findall(s)}
    out = []
    for w in _WORD.findall(strip_citations(sentence)):
        if w.lower() in allowed or len(w) < 3 or re.search(r"\d", w):
            continue  # short words and words with digits (names, numbers) are checked as terms
        if _stem(re.sub(r"['’]s$", "", w)) not in have:  # "KBRL’s" says no more than "KBRL"
            out.append(w)
    return list(dict.fromkeys(out))


def sentence_problems(sentence: str, sources: list[str], index: SourceIndex, allowed: set[str],
                      cited: CitedSupport | None = None) -> list[str]:
    """Everything the checks find wrong with one generated ``sentence`` written from ``sources``
    (the source sentences, in reading order), against the whole document in ``index``: terms
    and numbers the document lacks, numbers its sources do not give (or give to something
    else), negations dropped, relations between other terms than the sources relate ("N1 < (A)"
    for "N1 < N2"), and content words its sources lack. Empty when it is supported.

    ``cited`` holds what the tables and charts the sources cite hold: a number it supports is
    no problem, one it contradicts is one with the reason ("91.7 (Table 2 gives 88.4 for Ours,
    Accuracy)"), see :mod:`.cited_numbers`; the cited tables' rows count as sources too."""
    settled: set[str] = set()
    contradicted: dict[str, str] = {}
    shortened = ungrounded(sentence, sources, cited.texts() if cited is not None else [])
    if cited is not None:
        judged = cited.judge(sentence, sources)
        settled, contradicted = judged.settled, judged.contradicted
        sources = [*sources, *cited.texts()]
    problems = [p for p in unsupported_terms(sentence, index) if p not in settled]
    problems += [f"{token} ({why})" for token, why in contradicted.items()]
    local = SourceIndex.build(sources)
    for m in _NUMBER.finditer(strip_citations(sentence)):
        token = m.group(0).strip()
        if token not in problems and token not in settled and not local.has_number(token):
            problems.append(f"{token} (not in its source)")
    problems += [p for p in misattributed_numbers(sentence, sources) if p.split(" (")[0] not in settled]
    problems += [f"dropped negation: {n}" for n in dropped_negations(sentence, sources)]
    problems += changed_relations(sentence, sources)
    problems += turned_claims(sentence, sources)
    problems += garbled(sentence, sources)
    problems += [w for w in new_words(sentence, sources, allowed)
                 if w not in problems and not any(p.startswith(w) for p in problems)]
    problems += shortened
    return list(dict.fromkeys(problems))
