"""Generated summaries grounded on ranked content, with citations and a faithfulness check.

The model reads the most salient sentences (with pages) and the key figures' captions, not
the raw document. When that content does not fit the model's window, it is summarized part
by part (sections kept together) and the partial summaries are summarized again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Document
from ..options import DEFAULT_WORDS, SummaryOptions
from ..progress import CancelFn, ProgressFn, check, no_progress
from ..summary import Flag, ScoredFigure, ScoredSentence
from .attribution import closest, content_words, similarity
from .backends import Generator, load_generator  # noqa: F401 - the API lives here too
from .faithfulness import SourceIndex, unsupported_terms
from .prompt import SourceLine, chunk, figure_name, make_prompt, pool, target_sentences
from .streaming import TokenFn
from .text import clean, is_meta, limit_words, split_sentences, strip_citations

TOKENS_PER_WORD = 1.4  # English text in BPE vocabularies, with some room
POOL_FACTOR = 3  # source words shown per summary word
POOL_WORDS = (300, 1200)  # bounds on the source shown: small models lose track beyond that
NEAR_DUPLICATE = 0.6  # word overlap (Dice) above which a generated sentence repeats another
MAX_DEPTH = 3  # rounds of part-by-part summarizing before the least salient content is dropped
_FIG_REF = re.compile(r"\bfig(?:ure)?s?\.?\s*(\d+)", re.I)


@dataclass
class GenerativeResult:
    """A generated summary: ``text`` with inline citations ("(p. 4)", "(Fig. 3, p. 6)").

    ``sentences`` are the source sentences it is grounded on, in reading order; ``flagged``
    lists generated sentences with unsupported numbers or terms (replaced when strict);
    ``passes`` counts generation calls (1 when the content fit the window at once).
    """

    text: str
    sentences: list[ScoredSentence]
    flagged: list[Flag]
    warnings: list[str] = field(default_factory=list)
    passes: int = 1
    generated_sentences: int = 0


def target_words(options: SummaryOptions) -> int:
    if options.words:
        return options.words
    if options.sentences:
        return options.sentences * 22
    return DEFAULT_WORDS


def generative_summary(generator: Generator, document: Document, ranked_sentences: list[ScoredSentence],
                       ranked_figures: list[ScoredFigure], options: SummaryOptions, *,
                       on_token: TokenFn | None = None, cancel: CancelFn | None = None,
                       progress: ProgressFn | None = None) -> GenerativeResult:
    """Summarize ``document`` with ``generator`` from its ranked sentences and figures.

    ``on_token`` receives the final pass's text as it is produced; ``cancel`` is checked at
    every token (raises :class:`~mmsum.progress.Cancelled`). Length follows ``options.words``
    or ``options.sentences`` through the token budget, capped by ``options.max_new_tokens``.
    """
    progress = progress or no_progress
    words = target_words(options)
    n_sentences = target_sentences(words, options.sentences)
    max_new = max(16, min(options.max_new_tokens, int(words * TOKENS_PER_WORD) + 16))
    lines = pool(ranked_sentences, ranked_figures,
                 min(max(POOL_FACTOR * words, POOL_WORDS[0]), POOL_WORDS[1]), options.figures)
    if not lines:
        return GenerativeResult("", [], [], ["the document has no text to summarize"], passes=0)
    max_new = min(max_new, generator.context_tokens // 2)  # the source needs room too
    runner = _Runner(generator, cancel, progress)
    raw = runner.summarize(lines, n_sentences, max_new, on_token, depth=0)
    check(cancel)
    generated = limit_words(_dedupe([s for s in split_sentences(clean(raw)) if not is_meta(s)]), words)
    if options.sentences:
        generated = generated[:options.sentences]
    result = ground(generated, lines, document, options.strict)
    result.passes = runner.passes
    result.warnings = list(generator.warnings) + runner.warnings
    if not generated:
        result.warnings.append(f"generator {generator.name} produced no usable text")
    return result


class _Runner:
    """Fits content into the window, summarizing part by part when it does not fit."""

    def __init__(self, generator: Generator, cancel: CancelFn | None, progress: ProgressFn):
        self.gen, self.cancel, self.progress = generator, cancel, progress
        self.passes = 0
        self.warnings: list[str] = []

    def fits(self, lines: list[SourceLine], n: int, new_tokens: int, partial: bool = False) -> bool:
        return self.gen.count_tokens(make_prompt(lines, n, partial)) + new_tokens <= self.gen.context_tokens

    def summarize(self, lines: list[SourceLine], n: int, max_new: int, on_token: TokenFn | None,
                  depth: int) -> str:
        check(self.cancel)
        if self.fits(lines, n, max_new) or len(lines) == 1:
            self.passes += 1
            self.progress(0.9, "writing the summary")
            return self.gen.generate(make_prompt(lines, n), max_new_tokens=max_new, on_token=on_token,
                                     cancel=self.cancel)
        if depth >= MAX_DEPTH:
            kept = self._most_salient_that_fit(lines, n, max_new)
            self.warnings.append(f"{len(lines) - len(kept)} source lines did not fit the generator's window")
            return self.summarize(kept, n, max_new, on_token, depth)
        # A part's summary is three sentences: half the final budget is plenty, and it must
        # leave room for the other parts in the combining prompt. Each part costs a full
        # generation, so this budget dominates the time of long documents on a CPU.
        part_new = max(32, min(max_new // 2, (self.gen.context_tokens - max_new) // 4))
        parts = chunk(lines, lambda group: self.fits(group, 3, part_new, partial=True))
        partial_lines: list[SourceLine] = []
        for i, part in enumerate(parts):
            check(self.cancel)
            self.progress(i / (len(parts) + 1), f"summarizing part {i + 1} of {len(parts)}")
            self.passes += 1
            raw = self.gen.generate(make_prompt(part, 3, partial=True), max_new_tokens=part_new,
                                    cancel=self.cancel)
            partial_lines.extend(_as_lines([s for s in split_sentences(clean(raw)) if not is_meta(s)], part))
        if not partial_lines:
            return ""
        return self.summarize(partial_lines, n, max_new, on_token, depth + 1)

    def _most_salient_that_fit(self, lines: list[SourceLine], n: int, max_new: int) -> list[SourceLine]:
        ranked = sorted(lines, key=lambda line: -_score(line))
        kept: list[SourceLine] = []
        for line in ranked:
            if self.fits(kept + [line], n, max_new):
                kept.append(line)
        return kept or ranked[:1]


def _score(line: SourceLine) -> float:
    item = line.sentence or line.figure
    return item.score if item is not None else 0.0


def _as_lines(sentences: list[str], sources: list[SourceLine]) -> list[SourceLine]:
    """A part's summary sentences as source lines for the combining pass, cited from the part."""
    out = []
    for s in sentences:
        best = closest(s, sources)
        src = sources[best[0]] if best else sources[0]
        out.append(SourceLine(strip_citations(s), src.page, src.citation, src.section, src.order,
                              sentence=src.sentence, figure=None))
    return out


def _dedupe(sentences: list[str]) -> list[str]:
    """Drop sentences that mostly repeat an earlier one: small models circle back to the
    same claim in new words ("The protocol is described in detail.")."""
    kept: list[tuple[str, set[str]]] = []
    for s in sentences:
        words = content_words(strip_citations(s))
        if words and all(similarity(words, w) < NEAR_DUPLICATE for _, w in kept):
            kept.append((s, words))
    return [s for s, _ in kept]


def _with_citation(sentence: str, citation: str | None) -> str:
    """``sentence`` (citations removed) with ``citation`` before its final punctuation."""
    body = strip_citations(sentence)
    if not citation:
        return body
    m = re.search(r"[.!?][\"')\]]*$", body)
    end = m.group(0) if m else "."
    body = body[:m.start()] if m else body
    return f"{body.rstrip()} {citation}{end}"


def _citation(sentence: str, line: SourceLine, document: Document) -> str:
    """"(p. N)" for the source sentence, or "(Fig. N, p. M)" when a figure is involved."""
    if line.figure is not None:
        return line.citation
    numbers = {f.number: f for f in document.figures if f.number is not None}
    named = [int(n) for n in _FIG_REF.findall(sentence) if int(n) in numbers]
    if not named and line.sentence is not None:
        by_id = {f.id: f for f in document.figures}
        named = [by_id[i].number for i in line.sentence.sentence.figure_ids
                 if i in by_id and by_id[i].number is not None][:1]
    page = line.page + 1
    if _FIG_REF.search(strip_citations(sentence)):  # the sentence names its figure already
        return f"(p. {page})"
    return f"(Fig. {named[0]}, p. {page})" if named else f"(p. {page})"


def source_index(document: Document) -> SourceIndex:
    """Everything the document says, for the faithfulness check."""
    texts = [document.title or ""] + [s.text for s in document.sentences]
    texts += [f"{f.label or ''} {f.caption}" for f in document.figures]
    texts += [s.title for s in document.sections]
    return SourceIndex.build(texts)


def ground(generated: list[str], lines: list[SourceLine], document: Document, strict: bool) -> GenerativeResult:
    """Attach citations to generated sentences, check their faithfulness against ``document``
    and, when ``strict``, replace each flagged one by the closest source sentence in ``lines``."""
    index = source_index(document)
    out: list[str] = []
    flagged: list[Flag] = []
    used: set[int] = set()
    for sentence in generated:
        best = closest(sentence, lines)
        line = lines[best[0]] if best and best[1] > 0 else None
        cited = _with_citation(sentence, _citation(sentence, line, document) if line else None)
        if line is not None:
            used.add(best[0])
        terms = unsupported_terms(cited, index)
        if not terms:
            out.append(cited)
            continue
        flag = Flag(cited, terms)
        if strict:
            repl = closest(sentence, lines, exclude=used - {best[0]} if best else used, sentences_only=True)
            if repl is not None:
                src = lines[repl[0]]
                used.add(repl[0])
                flag.replaced_by = _with_citation(src.sentence.sentence.text.strip(), src.citation)
                cited = flag.replaced_by
            else:
                cited = ""
        flagged.append(flag)
        if cited:
            out.append(cited)
    grounded = sorted({id(lines[i].sentence): lines[i].sentence for i in used if lines[i].sentence}.values(),
                      key=lambda s: s.sentence.index)
    return GenerativeResult(" ".join(out), grounded, flagged, generated_sentences=len(generated))
