"""One summary sentence written from one source sentence (two when the first leans on the one
before it): compression, not free writing.

The model is asked to say the sentence in fewer words, and may only use the words of its
source and a few function words (:mod:`.constraints`), so numbers and names are copied, not
recalled. Each candidate is read by the faithfulness checks against its source; the first
that passes and is not a copy of the source is kept, else the best of the candidates
(:func:`choose`). What the model writes is thus always traceable to one place in the document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..ingest.sentences import split_text
from ..progress import CancelFn
from .generator import Generator, Prompt
from .constraints import FUNCTION_WORDS
from ..summary import CitedNumber
from .cited_held import says_numbers
from .cited_numbers import CitedData
from .faithfulness import SourceIndex, sentence_problems
from .prose import leans_on_before
from .text import SENTENCE_END, clean, clean_artifacts, is_meta, strip_citations
from .words import content_words

# Tried on SmolLM2-135M: a short, concrete instruction after the sentence keeps it on the
# sentence; the second phrasing is the fallback when the first gives nothing usable.
INSTRUCTIONS = (
    "Rewrite this sentence in fewer words. Keep the numbers and names.",
    "Shorten this sentence.",
)
# With the numbers of the table or chart the sentence cites at hand (:meth:`CitedData.data_line`).
DATA_INSTRUCTION = "Rewrite this sentence in fewer words, with the numbers the data gives for it."
TOKENS_PER_WORD = 1.5
MIN_WORDS = 4  # a shorter "sentence" is a fragment
ALLOWED = frozenset(w.lower() for w in FUNCTION_WORDS)


@dataclass
class Rewrite:
    """A written sentence (no citation), its faithfulness ``problems`` (empty: supported) and
    how it came about: ``copied`` when it has the source's words in the source's order."""

    text: str
    problems: list[str] = field(default_factory=list)
    copied: bool = False
    calls: int = 0
    cited: list[CitedNumber] = field(default_factory=list)  # its numbers a cited table or chart holds


def needs_context(sentence: str) -> bool:
    """Whether ``sentence`` opens by pointing back at the sentence before it."""
    return leans_on_before(sentence)


def is_copy(text: str, source: str) -> bool:
    """``text`` says the source in its own words and order (no more than a word or two dropped)."""
    a = re.findall(r"\w+", strip_citations(text).lower())
    b = re.findall(r"\w+", source.lower())
    if not a or not b:
        return False
    if " ".join(a) in " ".join(b):
        return len(a) >= len(b) - 2
    return False


def first_sentence(raw: str) -> str:
    """The first whole sentence of a model's answer (what it wrote about this one source)."""
    sentences = [s for s in split_text(clean(raw)) if not is_meta(s)]
    return strip_citations(sentences[0]) if sentences else ""


def cut_off(raw: str) -> bool:
    """Whether a model's answer stopped before its first sentence ended: no sentence mark closes
    it ("We extend our study of supers", where the token budget ran out). Such a fragment is no
    summary sentence, however it is tidied."""
    parts = [p for p in split_text(clean_artifacts(raw)) if not is_meta(p)]
    return not parts or not SENTENCE_END.search(parts[0])


def budget_tokens(source: str, tokens: int | None = None) -> int:
    """New tokens allowed for rewriting ``source``: a little more than the source itself, whose
    length is ``tokens`` (the model's count) when known, else estimated from its words. A
    sentence of symbols and formulas ("D+ → η(′)e+νe") takes several tokens a word; an answer
    cut off by the budget is lost (:func:`cut_off`)."""
    return max(int(len(source.split()) * TOKENS_PER_WORD), tokens or 0) + 8


def _source_tokens(generator, source: str) -> int | None:
    try:
        return int(generator.text_tokens(source))
    except (AttributeError, NotImplementedError):  # no tokenizer to ask: estimated from words
        return None


def sentence_done(text: str) -> bool:
    """Whether the answer so far holds a whole sentence about the source and has begun the
    next: only the first is kept (:func:`first_sentence`), so writing more is wasted time."""
    parts = split_text(text)
    return any(not is_meta(p) and len(p.split()) >= MIN_WORDS for p in parts[:-1])


def choose(candidates: list[Rewrite], source: str) -> Rewrite:
    """The best candidate: supported before unsupported, rewritten before copied, then the one
    whose content words its source holds most of, then the shorter."""
    src = content_words(source)

    def key(c: Rewrite):
        words = content_words(c.text)
        support = len(words & src) / len(words) if words else 0.0
        return (len(c.problems) > 0, c.copied, -support, len(c.text.split()))

    return min(candidates, key=key)


def rewrite(generator: Generator, source: str, context: str | None, index: SourceIndex,
            cancel: CancelFn | None = None, written: str = "", written_from: str = "",
            cited: CitedData | None = None, max_tokens: int | None = None) -> Rewrite:
    """Write ``source`` (a sentence of the document) in fewer words with ``generator``.

    ``context`` is the sentence before it, given when ``source`` leans on it; its words may
    be used and it counts as a source for the checks. ``index`` is the whole document.
    ``written`` is the summary so far and ``written_from`` its source sentences: a phrase of
    it is not said again unless those and ``source`` hold it more often (the context does not
    count: it is there to be understood, not said again). A second try avoids the phrases of
    the first answer too, so that a copy of the source is not given back twice; the summary
    so far comes last in what is avoided, since the new sentence follows it. ``cited`` is what
    the tables and charts ``source`` cites hold (:mod:`.cited_numbers`): a number they hold
    is no unsupported number, and the answer's ``cited`` says where each stands; one they
    contradict is a problem. When ``source`` gives no number of its own, the model is first
    shown what it cites (:meth:`~.cited_numbers.CitedData.data_line`) and asked for its
    numbers; an answer that passes without them gets them in brackets (:func:`with_numbers`).
    ``max_tokens`` caps the new tokens of each answer (the user's ``--max-new-tokens``).
    """
    sources = [context, source] if context else [source]
    text = " ".join(sources)
    # a sentence that cites a table or chart without its numbers is written with them at hand
    data = cited.data_line(source) if cited is not None and not says_numbers(source) else ""
    budget = budget_tokens(source, _source_tokens(generator, source)) + len(data.split())
    if max_tokens is not None:  # the user's cap (--max-new-tokens): an answer cut by it is lost
        budget = min(budget, max_tokens)
    candidates: list[Rewrite] = []
    calls = 0
    tried: list[str] = []
    # with numbers at hand the model is first asked to give them; then as any sentence
    attempts = [(DATA_INSTRUCTION, data)] if data else []
    for instruction, given_data in [*attempts, *((i, "") for i in INSTRUCTIONS)]:
        given = [f"Context: {context}"] if context else []
        given += [f"Data: {given_data}"] if given_data else []
        prompt = Prompt(instruction, "\n".join([*given, f"Sentence: {source}"]) if given else source)
        raw = generator.generate(prompt, max_new_tokens=budget, cancel=cancel,
                                 vocabulary=f"{text} {given_data}".strip(), stop=sentence_done,
                                 avoid=" ".join([*tried, written]).strip(),  # what it follows last
                                 avoid_sources=f"{written_from} {source}".strip())
        calls += 1
        answer = first_sentence(raw)
        tried.append(answer)
        # "1.1.1: 1.11.1 - 1" is no sentence, nor is an answer cut off mid-sentence
        if len(re.findall(r"[^\W\d_]{2,}", answer)) < MIN_WORDS or cut_off(raw):
            continue
        cand = Rewrite(answer, sentence_problems(answer, sources, index, ALLOWED, cited), is_copy(answer, source))
        candidates.append(cand)
        if not cand.problems and not cand.copied and (not given_data or says_numbers(answer)):
            break
    if not candidates:
        return Rewrite("", ["no usable text"], calls=calls)
    best = choose(candidates, source)
    best.calls = calls
    if data and not best.problems and not says_numbers(best.text):
        # the numbers in brackets, as the table or chart gives them: the written part passed
        # the checks, and the brackets' numbers need only be what is cited
        with_data = with_numbers(best.text, data)
        if not cited.judge(with_data, sources).contradicted:
            best.text = with_data
    if cited is not None and not best.problems:
        best.cited = cited.judge(best.text, sources).supported
    return best


def with_numbers(sentence: str, data: str) -> str:
    """``sentence`` with ``data`` (the numbers of what it cites) in brackets before its final
    mark: "Our method is more accurate (Table 2: Ours: Accuracy 88.4; Baseline: Accuracy 81.2)"
    and the period."""
    m = SENTENCE_END.search(sentence)
    body, end = (sentence[:m.start()], m.group(0)) if m else (sentence, ".")
    return f"{body.rstrip()} ({data.rstrip('.')}){end}"
