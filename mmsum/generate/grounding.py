"""Whether a written sentence only shortens its source: it adds no word and changes none, and
what it cuts is an aside (brackets, dashes, a phrase set off by commas) or a word that adds no
claim; what qualifies a claim ("some", "most", "seem to") and what says when it holds ("if",
"only", "in mice") stays.

The model is asked to say a sentence in fewer words (:mod:`.rewrite`), and a 135M model does
so by dropping and moving words in ways that change the claim: "We can understand the action"
for "We would like to understand the action", "We challenge conventional wisdom" for "we
challenge some conventional wisdom", "Quantile regression ... offers a more flexible
alternative to the Cox model" for "... for some applications", "We present data sets" for "We
present data structures and algorithms for sets". Reading 20 of its sentences that passed the
word-level checks found 5 such; no rule over words tells a harmless cut from these, so only
cuts of known harmless kinds pass, and the source sentence is shown for the rest.
"""
from __future__ import annotations

import re

from .claims import _NEGATION, _content, _stem, _tokens
from .text import strip_citations

# words that say how much of something a claim holds for, or how firmly: dropping one states more
QUALIFIERS = {"some", "most", "many", "few", "several", "certain", "often", "usually", "typically", "generally",
              "sometimes", "almost", "nearly", "largely", "mostly", "partly", "partially", "mainly", "rarely",
              "seldom", "occasionally", "frequently", "seem", "seems", "seemed", "appear", "appears",
              "approximately", "roughly", "somewhat", "slightly", "relatively", "fairly", "potentially"}
QUALIFIED = 3      # content words after a qualifier that it bears on ...
KEPT = 2           # ... of which the sentence keeps this many (the first among them) to make the claim its
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_ADDABLE = {"the", "a", "an"}  # words a shortening may add ("a" for a dropped plural's article)
# words whose cut adds or removes no claim: articles, sentence adverbs and connectives
_LIGHT_CUTS = {"the", "a", "an", "also", "very", "simply", "just", "really", "indeed", "however", "thus",
               "therefore", "hence", "then", "so", "now", "further", "furthermore", "moreover", "both", "quite",
               "actually", "clearly", "here", "in", "fact", "first", "second", "finally", "e", "g", "i", "that", "this",
               "these", "those"}
# a clause that says when a claim holds: cutting it states the claim for every case
_CONDITIONS = {"if", "unless", "except", "only", "provided", "until", "assuming", "when", "whenever", "but",
               "for", "in", "under", "with", "within", "at", "on", "to", "by"}
# an opening that only says where a claim is shown: "Figure 1 shows how", "Table 2 shows that"
_FRAME = re.compile(r"(?:figure|fig|table|tab)\s\w+\s(?:shows|illustrates|plots|gives|lists|presents|compares|"
                    r"summari[sz]es|depicts|displays)(?:\s(?:how|that))?")
_ASIDE_WORDS = 25  # the longest phrase set off by commas that is taken for an aside


def _lcs_pairs(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Index pairs (i in ``a``, j in ``b``) of a longest common subsequence, in order."""
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if a[i] == b[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def dropped_qualifiers(sentence: str, sources: list[str]) -> list[str]:
    """A qualifier of the sources ("some", "most", "seem to", ...) dropped from a sentence that
    keeps what it qualifies: the first of the :data:`QUALIFIED` content words after it and
    :data:`KEPT` of them in all."""
    said = _tokens(sentence)
    said_stems = {_stem(w) for w in said if _content(w)}
    out = []
    for text in sources:
        words = _tokens(text)
        for i, w in enumerate(words):
            if w not in QUALIFIERS or w in said:
                continue
            after = [_stem(x) for x in words[i + 1:] if _content(x) and x not in QUALIFIERS][:QUALIFIED]
            if after and after[0] in said_stems and sum(x in said_stems for x in after) >= KEPT:
                out.append(f"dropped qualifier: {w}")
    return list(dict.fromkeys(out))


def unsafe_edits(sentence: str, sources: list[str], addable: frozenset[str] = frozenset()) -> list[str]:
    """What the sentence changes in its source other than cutting what can go without changing
    a claim: a word added or changed (numbers aside: they are judged by what holds them), or a
    cut that is none of :func:`_safe_cut`. Judged against the last source (the sentence
    written from; those before it are its context) and against all of them read in order;
    empty when one of these is only shortened: a sentence that only shortens the context
    says another thing than the source. ``addable``: words (lower case)
    that may be added, as those of the table rows a sentence was given to cite."""
    readings = [sources[-1], " ".join(sources)] if len(sources) > 1 else sources
    best: list[str] | None = None
    for text in readings:
        found = _edits(sentence, text, addable)
        if best is None or len(found) < len(best):
            best = found
        if not found:
            return []
    return best or []


def _words(text: str) -> list[tuple[str, int, int]]:
    """(word lower-cased, start, end) of each word of ``text`` (character offsets)."""
    return [(m.group(0).lower().replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text)]


def _edits(sentence: str, source: str, addable: frozenset[str]) -> list[str]:
    said = _words(strip_citations(sentence))
    have = _words(source)
    pairs = _lcs_pairs([w for w, _, _ in said], [w for w, _, _ in have])
    kept = {i for i, _ in pairs}
    out = [f"added: {w}" for i, (w, _, _) in enumerate(said)
           if i not in kept and w not in _ADDABLE and w not in addable and not re.search(r"\d", w)]
    # runs of source words the sentence leaves out
    used = [j for _, j in pairs]
    runs, start = [], None
    for j in range(len(have)):
        if j in set(used):
            if start is not None:
                runs.append((start, j - 1))
                start = None
        elif start is None:
            start = j
    if start is not None:
        runs.append((start, len(have) - 1))
    for a, b in runs:
        if not _safe_cut(source, have, a, b):
            out.append("cut: " + source[have[a][1]:have[b][2]])
    return out


def _safe_cut(source: str, words: list[tuple[str, int, int]], a: int, b: int) -> bool:
    """Whether leaving out ``words[a..b]`` of ``source`` keeps its claims: the cut is a
    bracketed or dashed aside, a phrase set off by commas (an opening "However," or "Given
    these inputs,", an inner ", summarized below,", a closing ", see e.g. ..."), only
    words that add no claim (:data:`_LIGHT_CUTS`), or an opening that says where the claim is
    shown (:data:`_FRAME`). A cut holding a negation or a qualifier,
    or a clause of condition ("if", "unless", "only", ...), is never safe."""
    cut = [w for w, _, _ in words[a:b + 1]]
    if any(w in _NEGATION or w.endswith("n't") or w in QUALIFIERS for w in cut):
        return False
    if all(w in _LIGHT_CUTS for w in cut) or (a == 0 and _FRAME.fullmatch(" ".join(cut))):
        return True
    before = source[:words[a][1]].rstrip()
    after = source[words[b][2]:].lstrip()
    opens, closes = before[-1:] , after[:1]
    if (opens, closes) in (("(", ")"), ("[", "]")) or (opens in "—–" and opens and closes == opens):
        return True
    if cut[0] in _CONDITIONS:
        return False
    set_off = opens in (",", "") and closes == ","  # an opening phrase or an inner aside
    closing = opens == "," and (not after or re.fullmatch(r"[.;:!?)\]\s\"'”’]*", after))
    return (set_off or closing) and len(cut) <= _ASIDE_WORDS


def ungrounded(sentence: str, sources: list[str], given: list[str] = ()) -> list[str]:
    """Everything :func:`unsafe_edits` and :func:`dropped_qualifiers` find; empty when the
    sentence only shortens its sources. ``given``: other texts the sentence was written with
    (the rows of a table it cites), whose words it may add."""
    addable = frozenset(w for text in given for w, _, _ in _words(text))
    return list(dict.fromkeys(unsafe_edits(sentence, sources, addable) + dropped_qualifiers(sentence, sources)))
