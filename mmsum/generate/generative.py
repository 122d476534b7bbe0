"""Generated summaries: each sentence written by the model from one ranked source sentence.

The plan is the extractive summary (the same salience, the same MMR selection, the same
sections when structured); the model then says each of its sentences in fewer words, with
the vocabulary of that sentence (:mod:`.rewrite`). So every generated sentence cites the page
of the sentence it was written from, a document of any length costs one short prompt per
summary sentence (never more than the model's window holds), and a sentence the checks find
unfaithful is replaced by its source sentence (``show_flagged`` shows it, marked instead).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

import numpy as np

from ..document import Document, Sentence
from ..ingest.script import word_count
from ..options import ResolvedOptions
from ..progress import CancelFn, ProgressFn, check, no_progress
from ..summary import CitedNumber, Flag, ScoredFigure, ScoredSentence, SummarySection
from .generator import Generator
from .selection import Extract, Pool, Selection, reading_order
from .cited_held import chart_words, table_evidence
from .cited_numbers import cited_data
from .faithfulness import SourceIndex
from .rewrite import needs_context, rewrite
from .streaming import TokenFn
from .text import SENTENCE_END, strip_citations

_FIG_REF = re.compile(r"\bfig(?:ure)?s?\.?\s*(\d+)", re.I)


@dataclass
class GenerativeResult:
    """A generated summary: ``text`` with a citation per sentence ("(p. 4)", "(Fig. 3, p. 6)").

    ``sentences`` are the source sentences it was written from, in reading order; ``flagged``
    lists generated sentences the faithfulness checks reject (replaced unless show_flagged);
    ``passes`` counts generation calls; ``generated_sentences`` counts the sentences the model
    wrote, ``copied`` those it wrote with its source's own words, ``extracted`` those where it
    wrote nothing usable and the source sentence stands. ``sections`` mirror a structured plan.
    ``cited`` lists the numbers of the summary's sentences that a table or chart their sources
    cite holds and their sources' words do not (:mod:`.cited_numbers`).
    """

    text: str
    sentences: list[ScoredSentence]
    flagged: list[Flag]
    warnings: list[str] = field(default_factory=list)
    passes: int = 0
    generated_sentences: int = 0
    sections: list[SummarySection] = field(default_factory=list)
    copied: int = 0
    extracted: int = 0
    cited: list[CitedNumber] = field(default_factory=list)  # numbers taken from cited tables and charts


def source_index(document: Document) -> SourceIndex:
    """Everything the document says, for the faithfulness check."""
    texts = [document.title or ""] + [s.text for s in document.sentences]
    texts += [f"{f.label or ''} {f.caption} {chart_words(f)}" for f in document.figures]
    texts += [s.title for s in document.sections]
    texts += [text for t in document.tables for text in table_evidence(t)]
    return SourceIndex.build(texts)


def plan_from_ranking(document: Document, ranked: list[ScoredSentence], options: ResolvedOptions) -> Extract:
    """An extractive plan from sentences ranked alone (no vectors): the most salient that do
    not repeat one another, within the length asked, led by the defining one."""
    scores = np.zeros(len(document.sentences), dtype=np.float32)
    for s in ranked:
        if 0 <= s.sentence.index < len(scores):
            scores[s.sentence.index] = max(s.score, 1e-6)
    vectors = np.zeros((len(document.sentences), 1), dtype=np.float32)  # redundancy by words only
    pool = Pool.build(document, scores, vectors, set())
    keep = [k for k, i in enumerate(pool.ids) if word_count(pool.text[i]) >= 5]
    pool = Pool([pool.ids[k] for k in keep], pool.text, pool.vectors[keep], pool.scores[keep])
    sel = Selection(pool)
    max_words, max_sents = options.max_words, options.max_sentences
    if options.structure:
        from .structured import structured_summary

        return structured_summary(document, pool, sel, max_words, max_sents)
    lead = sel.lead()
    if lead is not None:
        sel.take(lead)
    sel.fill(None if max_words is None else max_words - sel.used,
             None if max_sents is None else max_sents - len(sel.chosen))
    picked = sel.scored(document, reading_order(sel.chosen, pool, lead))
    return Extract(" ".join(s.sentence.text for s in picked), picked)


def generative_summary(generator: Generator, document: Document, ranked_sentences: list[ScoredSentence],
                       ranked_figures: list[ScoredFigure], options: ResolvedOptions, *,
                       on_token: TokenFn | None = None, cancel: CancelFn | None = None,
                       progress: ProgressFn | None = None, plan: Extract | None = None) -> GenerativeResult:
    """Write a summary of ``document`` with ``generator``, sentence by sentence.

    ``plan`` is the extractive summary to write from (the pipeline's); without it one is made
    from ``ranked_sentences``. ``ranked_figures`` are the key figures: a sentence whose
    source cites one of them cites it too. ``on_token`` receives each finished sentence (with
    its citation) as it is written; ``cancel`` is checked at every token (raises
    :class:`~mmsum.progress.Cancelled`).
    """
    progress = progress or no_progress
    plan = plan if plan is not None else plan_from_ranking(document, ranked_sentences, options)
    if not plan.sentences:
        return GenerativeResult("", [], [], ["the document has no text to summarize"])
    groups = plan.sections or [SummarySection("", plan.sentences)]
    shown = {f.figure.number for f in ranked_figures if f.figure.number is not None}
    index = source_index(document)
    total = sum(len(g.sentences) for g in groups)
    result = GenerativeResult("", sorted(plan.sentences, key=lambda s: s.sentence.index), [])
    written_groups: list[SummarySection] = []
    said: list[str] = []  # the summary's sentences so far, and the sentences they were written from
    said_from: list[str] = []
    done = 0
    for group in groups:
        written: list[ScoredSentence] = []
        for scored in group.sentences:
            check(cancel)
            progress(done / total, f"writing sentence {done + 1} of {total}")
            so_far = (" ".join(said), " ".join(said_from))
            written.append(_write_one(generator, document, scored, index, shown, options, result, cancel, so_far))
            said.append(written[-1].sentence.text)
            said_from.append(scored.sentence.text)
            done += 1
            if on_token is not None:
                on_token(written[-1].sentence.text + " ")
        written_groups.append(SummarySection(group.name, written))
    result.text = " ".join(s.sentence.text for g in written_groups for s in g.sentences)
    result.sections = written_groups if plan.sections else []
    result.warnings = list(generator.warnings)
    if not result.generated_sentences:
        result.warnings.append(f"generator {generator.name} produced no usable text; the summary is extracted")
    return result


def _write_one(generator: Generator, document: Document, scored: ScoredSentence, index: SourceIndex,
               shown: set[int], options: ResolvedOptions, result: GenerativeResult,
               cancel: CancelFn | None, so_far: tuple[str, str] = ("", "")) -> ScoredSentence:
    """One summary sentence from ``scored``'s source, cited, not repeating the phrases of
    ``so_far`` (the summary before it, and what that was written from) more often than the
    sources do; updates ``result``'s counts."""
    source = scored.sentence
    context = _context(document, source)
    r = rewrite(generator, source.text, context, index, cancel, strip_citations(so_far[0]), so_far[1],
                cited=cited_data(document, source), max_tokens=options.max_new_tokens)
    result.passes += r.calls
    citation = _citation(source, document, shown)
    if not r.text:
        result.extracted += 1
        return ScoredSentence(_as(source, _with_citation(source.text, citation)), scored.score)
    result.generated_sentences += 1
    result.copied += r.copied
    cited = _with_citation(r.text, citation)
    if r.problems:
        flag = Flag(cited, r.problems)
        if not options.show_flagged:
            flag.replaced_by = _with_citation(source.text, citation)
            cited = flag.replaced_by
        result.flagged.append(flag)
    else:
        result.cited += [dataclasses.replace(c, sentence=cited) for c in r.cited]
    return ScoredSentence(_as(source, cited), scored.score)


def _context(document: Document, source: Sentence) -> str | None:
    """The sentence before ``source`` in its paragraph, when ``source`` leans on it."""
    i = source.index
    if i <= 0 or i >= len(document.sentences) or not needs_context(source.text):
        return None
    before = document.sentences[i - 1]
    if before.block != source.block or before.section != source.section:
        return None
    return before.text


def _as(sentence: Sentence, text: str) -> Sentence:
    return dataclasses.replace(sentence, text=text)


def _with_citation(sentence: str, citation: str | None) -> str:
    """``sentence`` (citations removed) with ``citation`` before its final punctuation."""
    body = strip_citations(sentence)
    if not citation:
        return body
    m = SENTENCE_END.search(body)
    end = m.group(0) if m else "."
    body = body[:m.start()] if m else body
    return f"{body.rstrip()} {citation}{end}"


def _citation(source: Sentence, document: Document, shown: set[int]) -> str:
    """"(p. N)" for the source sentence, or "(Fig. N, p. M)" when it cites a key figure that the
    sentence does not name itself."""
    page = source.page + 1
    if _FIG_REF.search(source.text):
        return f"(p. {page})"  # the sentence names its figure already
    by_id = {f.id: f for f in document.figures}
    named = [by_id[i].number for i in source.figure_ids
             if i in by_id and by_id[i].number is not None and by_id[i].number in shown][:1]
    return f"(Fig. {named[0]}, p. {page})" if named else f"(p. {page})"
