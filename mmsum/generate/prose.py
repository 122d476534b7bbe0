"""Whether a sentence of the document can stand in a summary as prose a reader reads.

The reader gives every run of text between sentence marks as a sentence; not all of them are
prose. Each rule below knows one kind of text that is not:

- a *fragment*: it does not start as a sentence starts (lower case, or inside a parenthesis:
  the tail of a broken sentence) or does not end with a sentence mark (cut where a figure or
  page break sits);
- *formula debris*: displayed mathematics read as text ("= exp(−wTx) 1 + exp(−wTx).",
  "Vs, Sf E S: s.ValueOf = sf.ValueOf"): fewer than half of its tokens are words;
- a *table-cell run*: header or body cells of a table read in a row ("Reaction z Refs. B0 σB
  RB [MeV]"): mostly short tokens, and not one of the function words every English sentence
  of that length has;
- *OCR debris*: a period standing alone between two words of one phrase ("Replicated .
  Database Maintenance"), which a scan's recogniser makes of specks;
- a sentence that *leans on the one before it* ("For example, …", "However, …", "This …"):
  prose, but not where nothing comes before it (:func:`leans_on_before`).
"""
from __future__ import annotations

import re

from ..ingest.script import cjk_letter_count

# sentences open with a capital, a digit, a quote or bracket, or a CJK character
_STARTS = re.compile(r"^[\"“‘(\[]?(?:[A-Z0-9\u00c0-\u00de]|[\u3040-\u30ff\u4e00-\u9fff])")
_ENDS = re.compile(r"[.!?。！？…][\"'”’)\]」』）】]*$")
_TOKEN = re.compile(r"\S+")
# a word: letters only, once the punctuation around it is taken off ("(see", "cases," "don't")
_WORD = re.compile(r"^[\"“‘(\[]*[A-Za-z\u00c0-\u024f]{2,}(?:['’-][A-Za-z]+)*[\"”’)\],.;:!?]*$")
_FUNCTION = frozenset(
    "the of and to in is are was were be been a an for that this with on by as it from at or which not "
    "we our its their there these those has have had can may will would should must if when where than "
    "then but also all each one two into between over under such no".split())
# a period alone between two words of one phrase: "Replicated . Database"
_LONE_PERIOD = re.compile(r"[A-Za-z]{2,} \. [A-Z][a-z]")
MIN_WORDS, MIN_CJK = 5, 8  # a shorter sentence is a heading or a label, not a summary sentence
WORD_SHARE = 0.5  # prose has at least this share of its tokens as words (not symbols or codes)
TABLE_TOKENS = 6  # a run of this many tokens without one function word is no English sentence

# a sentence that opens by pointing back at the one before it: "This", "These results", "It",
# "For example", "However"
_LEANS = re.compile(r"^(?:(?:this|these)(?!\s+(?:paper|work|article|letter|study|thesis|report|book|chapter|"
                    r"note|manuscript|survey|review|section|document)\b)|those|it|its|they|such|here|there|"
                    r"thus|hence|therefore|however|moreover|"
                    r"furthermore|in\s+addition|in\s+contrast|similarly|consequently|as\s+a\s+result|"
                    r"for\s+(?:example|instance)|e\.\s?g\.|also|again|instead|otherwise|likewise|"
                    r"on\s+the\s+other\s+hand|in\s+(?:this|that|such\s+a)\s+case|conversely|nevertheless|"
                    r"nonetheless|accordingly|besides|indeed|then|so|but|and|or)\b", re.I)


_OPERATOR = re.compile(r"^[=+−×·<>≤≥∑∫∏/|]")
_OPEN, _CLOSE = "([（【", ")]）】"


def _opens_mid_bracket(text: str) -> bool:
    """A bracket closed before any was opened: the sentence starts inside a parenthesis (the
    tail of one broken at a page)."""
    depth = 0
    for ch in text:
        depth += (ch in _OPEN) - (ch in _CLOSE)
        if depth < 0:
            return True
    return False


# the same in Chinese: "其次" (secondly), "此外" (besides), "然而" (however), "因此" (therefore),
# "例如" (for example), "这些" (these) but not "这本书" (this book) or "本章" (this chapter)
_LEANS_ZH = re.compile(r"^(?:其次|再次|最后|此外|另外|然而|但是|不过|因此|所以|于是|同时|而且|并且|另一方面|相反|"
                       r"例如|比如|总之|其中|那么|它们?|该|这(?!本书|篇|一?章|一?节|份|部分))")


# a sentence that speaks of a section of the document ("In this section we …", "In this final
# section …", "In Section 3, we …", "The next section …", "The remainder of this paper is
# organized as follows", "本节…"): it tells where the document says a thing, which a summary
# that opens on it cannot say
_DOCUMENT = r"(?:paper|article|work|report|thesis|chapter|vignette|document|note|manuscript|book)"
_POINTS_TO_SECTION = re.compile(
    r"^(?:in\s+(?:this|the\s+(?:next|following|previous|last|present|remaining))\s+(?:\w+\s+)?(?:sub)?sections?\b"
    r"|in\s+(?:sub)?sections?\s+\d|(?:this|the\s+(?:next|following))\s+(?:sub)?section\b"
    rf"|the\s+(?:remainder|rest)\s+of\s+(?:this|the)\s+{_DOCUMENT}\b"
    rf"|(?:this|the)\s+{_DOCUMENT}\s+is\s+(?:organi[sz]ed|structured|laid\s+out)\b"
    r"|(?:在)?(?:本|下一?)节|本文(?:的)?(?:其余|剩余)部分)", re.I)


def can_open(sentence: str) -> bool:
    """Whether ``sentence`` can open a summary or a section of one: it neither leans on the
    sentence before it (:func:`leans_on_before`) nor speaks of a section of the document."""
    text = sentence.strip().lstrip("\"“‘([（")
    return not leans_on_before(text) and not _POINTS_TO_SECTION.match(text)


def leans_on_before(sentence: str) -> bool:
    """Whether ``sentence`` opens by pointing back at the sentence before it ("For example, …",
    "However, …", "This …", "其次，…"): it cannot open a summary or a section."""
    text = sentence.strip().lstrip("\"“‘([（")
    return bool(_LEANS.match(text) or _LEANS_ZH.match(text))


def mostly_symbols(text: str) -> bool:
    """Whether ``text`` (not Chinese or Japanese) is a formula or codes: it opens with an
    operator, or fewer than :data:`WORD_SHARE` of its tokens are words."""
    tokens = _TOKEN.findall(text.strip())
    return bool(_OPERATOR.match(text.strip())) or sum(1 for t in tokens if _WORD.match(t)) < WORD_SHARE * len(tokens)


def prose_problem(sentence: str) -> str | None:
    """Why ``sentence`` is not a sentence of prose ("fragment", "formula debris", "table cells",
    "OCR debris"), or None when it is one."""
    text = sentence.strip()
    if _OPERATOR.match(text):
        return "formula debris"
    if not text or not _STARTS.match(text) or not _ENDS.search(text) or _opens_mid_bracket(text):
        return "fragment"
    cjk = cjk_letter_count(text)
    tokens = _TOKEN.findall(text)
    words = [t for t in tokens if _WORD.match(t)]
    if cjk:
        # Chinese and Japanese prose: the characters are the words; what is left must not be a formula
        latin = len(tokens) - len(words)
        if cjk < MIN_CJK and len(words) < MIN_WORDS:
            return "fragment"
        if cjk < 2 * latin and cjk < len(text) / 3:
            return "formula debris"
        return None
    if len(words) < MIN_WORDS:
        return "formula debris" if len(tokens) >= MIN_WORDS else "fragment"
    if mostly_symbols(text):
        return "formula debris"
    bare = [t.strip("\"“‘([,.;:!?)]”’").lower() for t in tokens]
    if len(tokens) >= TABLE_TOKENS and not any(t in _FUNCTION for t in bare):
        return "table cells"
    if _LONE_PERIOD.search(text):
        return "OCR debris"
    return None


def is_prose(sentence: str) -> bool:
    """Whether ``sentence`` can stand in a summary (see :func:`prose_problem`)."""
    return prose_problem(sentence) is None
