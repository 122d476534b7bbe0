"""Numbers of a generated sentence read against the tables and charts its source cites.

A sentence written from "Table 2 shows that our method is more accurate" may say "our method
reaches 88.4% accuracy": the number is in no sentence of the document, but Table 2 holds it.
:class:`CitedData` holds what the cited tables and charts hold, and :meth:`CitedData.judge`
says of each number of a generated sentence that its own sources do not give:

- *supported* (a :class:`~mmsum.summary.CitedNumber`): a cell of a cited table holds the same
  value, written alike or not ("93.4" for "93.40", "93.4%" for "0.934", "88" for "88.4": the
  cell rounded to the digits the sentence gives, when it gives at least two); or a point a
  cited chart shows holds it within 1% of the axis's range (of its logarithm on a log axis).
  A chart's series of at most :data:`~.cited_held.READABLE_POINTS` points shows each point; a longer one
  shows its first and last points, its peak and its lowest point, which is what a reader
  takes from a curve;
- *contradicted* (a reason): the value stands in the table or chart but not where the
  sentence puts it (a row, a column or a series the sentence names holds another value), or
  it stands nowhere and the row, column or series the sentence names holds another. A curve's
  point is named by the words beside the number: "ends", "final" (its last point), "peaks",
  "highest" (its peak), "lowest", "starts".

A row is named when every word of its label is in the sentence ("Ours" by "our method"); a
series likewise by its legend name; a column when a word of its header, or its unit, follows
the number ("88.4 accuracy", "14.0 s"), else when a word of its header comes before it in its
clause ("an F1 score of 86.1"). Only the rows and columns that hold numbers count. Numbers that no
cited table or chart holds and that nothing named contradicts are left to the other checks
(:func:`~mmsum.generate.faithfulness.sentence_problems`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Document, Figure, Sentence, Table
from ..ingest.mentions import figures_cited_in, tables_cited_in
from ..summary import CitedNumber
from .cited_held import (ENDS, NAME_WORD, REFERENCE, SIGNED, Held, Value, chart_held, chart_words, label_words, names,
                         stem, table_evidence, table_held, words_of)
from .faithfulness import SourceIndex, clause_span, number_tokens
from .text import strip_citations



DATA_ROWS = 2  # rows of a cited table a model is shown (:meth:`CitedData.data_line`)


@dataclass
class Judgement:
    """What :meth:`CitedData.judge` finds in one sentence: the numbers a cited table or chart
    ``supported``, those it ``contradicted`` (token -> reason), and the digits that are part of
    a cited row's or series' name (``names``: "10" of "10-minute"), which are no numbers."""

    supported: list[CitedNumber] = field(default_factory=list)
    contradicted: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)

    @property
    def settled(self) -> set[str]:
        """The tokens judged here, which the other number checks leave alone."""
        return {c.number for c in self.supported} | set(self.contradicted) | self.names


@dataclass
class CitedData:
    """What the tables and charts a source sentence cites hold (:func:`cited_data`)."""

    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)

    @classmethod
    def of(cls, tables: list[Table], figures: list[Figure]) -> "CitedData":
        held = [h for t in tables for h in table_held(t)] + [h for f in figures for h in chart_held(f)]
        return cls(list(tables), list(figures), held)

    def __bool__(self) -> bool:
        return bool(self.held)

    def texts(self) -> list[str]:
        """What is cited as source text for the other checks: the tables' words and row lines,
        the charts' captions, axis titles, series names and descriptions (their numbers are
        judged here)."""
        out = [text for t in self.tables for text in table_evidence(t)]
        for f in self.figures:
            described = f.content.description if f.content else ""
            out.append(f"{f.label or ''} {f.caption} {chart_words(f)} {described}".strip())
        return out

    def data_line(self, sentence: str) -> str:
        """What the cited tables and charts say that ``sentence`` refers to, in a line the model
        may take numbers from: each cited table's rows the sentence names (at most
        :data:`DATA_ROWS`), in the numeric columns it names (all of them when it names none), and
        each cited chart's description past its first sentence ("adaptive ends highest, near
        4.1 V; …"). A sentence that names no row of a cited table is shown the rows of its
        numbers set in bold, the best results, the rows with most of them first ("Table 2, in
        bold: Ours: Accuracy 88.4").
        Empty when the sentence names no row of a cited table without bold numbers and cites
        no chart that was read."""
        text = strip_citations(sentence)
        words = words_of(text)
        parts = []
        for t in self.tables:
            held = [h for h in self.held if h.id == t.id]
            rows = [r for r in dict.fromkeys(h.row for h in held if h.row)
                    if names(r, words, text)][:DATA_ROWS]
            cols = {h.column for h in held if h.column and label_words(h.column) & words}
            cells = [h for h in held if h.row in rows and (not cols or h.column in cols)]
            lead = f"{t.label or 'Table'}"
            if not rows and t.bold:
                # a sentence that names no row: the table's bold numbers, its best results
                cells = [h for h in table_held(t, set(t.bold)) if not cols or h.column in cols]
                held_rows = [h.row for h in cells]  # the rows with the most bold numbers first
                rows = sorted(dict.fromkeys(held_rows), key=lambda r: -held_rows.count(r))[:DATA_ROWS]
                lead += ", in bold"
            if cells:
                by_row = {r: ", ".join(f"{h.column} {h.text}" if h.column else h.text for h in cells if h.row == r)
                          for r in rows}
                parts.append(f"{lead}: " + "; ".join(f"{r}: {v}" for r, v in by_row.items() if v))
        for f in self.figures:
            description = f.content.description if f.content and f.content.series else ""
            facts = description.split(". ", 1)[1] if ". " in description else ""
            facts = re.sub(r"^It ", "", facts)  # "(Figure 3: falls from 0.2 to 1.1)": "it" is the chart's one curve
            if facts:
                parts.append(f"{f.label or 'Figure'}: {facts.rstrip('.')}")
        return ". ".join(parts) + ("." if parts else "")

    def judge(self, sentence: str, sources: list[str]) -> Judgement:
        """The numbers of ``sentence`` that ``sources`` (its source sentences) do not give, judged
        against what is cited (see :class:`Judgement`)."""
        text = strip_citations(sentence)
        local = SourceIndex.build(sources)
        words = words_of(text)
        out = Judgement()
        names = [n for h in self.held for n in (h.row, h.column if h.column_named else None) if n]
        spans = [(m.start(), m.end()) for n in dict.fromkeys(names) if re.search(r"\d", n)
                 for m in re.finditer(re.escape(n), text, re.I)]
        for token, start in number_tokens(text):
            said = Value.parse(token)
            if said is None or local.has_number(token) or REFERENCE.search(text[:start]):
                continue
            if any(a <= start < b for a, b in spans):
                out.names.add(token)  # "10" of the series "10-minute"
                continue
            verdict = self._judge_one(said, words, text, _beside(text, start, start + len(token)))
            if isinstance(verdict, Held):
                out.supported.append(CitedNumber(token, verdict.id, verdict.label, verdict.text, verdict.at, sentence))
            elif verdict:
                out.contradicted[token] = verdict
        return out

    def _judge_one(self, said: Value, words: set[str], text: str,
                   beside: tuple[set[str], set[str]]) -> "Held | str | None":
        matches = [h for h in self.held if h.matches(said)]
        by_object: dict[str, list[Held]] = {}
        for h in self.held:
            by_object.setdefault(h.id, []).append(h)
        fits, named_any = [], {}
        for oid, held in by_object.items():
            rows = {h.row for h in held if h.row and names(h.row, words, text)}
            cols = _named_columns({h.column for h in held if h.column and h.column_named}, beside)
            points = _named_points(beside)  # "ends near 4.1 V": a curve's last point
            cols |= {h.column for h in held if not h.column_named and h.column.removeprefix("x of the ") in points}
            if rows or cols:
                named_any[oid] = (rows, cols)

            def fit(h: Held) -> bool:
                return (not rows or h.row in rows) and (not cols or h.column in cols)

            fits += [h for h in matches if h.id == oid and fit(h)]
        if fits:
            return fits[0]
        if matches:  # the value stands elsewhere in the table or chart than the sentence puts it
            m = matches[0]
            rows, cols = named_any.get(m.id, (set(), set()))
            there = self._expected(by_object[m.id], rows, cols)
            named = ", ".join([*sorted(rows), *sorted(cols)])
            return f"{m.label or m.id} gives {m.text} for {m.at}; " + \
                ("; ".join(f"{h.text} for {h.at}" for h in there) if there else f"not for {named}")
        for oid, (rows, cols) in named_any.items():
            expected = self._expected(by_object[oid], rows, cols)
            if expected:
                return f"{expected[0].label or oid} gives " + "; ".join(f"{h.text} for {h.at}" for h in expected)
        return None

    @staticmethod
    def _expected(held: list[Held], rows: set[str], cols: set[str]) -> list[Held]:
        """The values of one table or chart where the sentence's named rows and columns (series)
        meet; a curve's peak and end; none when that is more than four."""
        if not rows and not cols:
            return []
        out = [h for h in held if (not rows or h.row in rows) and (not cols or h.column in cols)
               and (h.column_named or h.column in ENDS[:2])]
        return out if len(out) <= 4 else []


def _beside(text: str, start: int, end: int) -> tuple[set[str], set[str]]:
    """The words after a number (up to the next number or the clause's end) and those before it
    (back to the number or clause before), within its clause: where its column is named."""
    at, stop = clause_span(text, start)
    clause = text[at:stop]
    a, b = start - at, end - at
    others = [(m.start(), m.end()) for m in SIGNED.finditer(clause) if not m.start() <= a < m.end()]
    after_end = min([s for s, _ in others if s >= b], default=len(clause))
    before_start = max([e for _, e in others if e <= a], default=0)
    after = {w.lower() for w in NAME_WORD.findall(clause[b:after_end])}
    return after, {w.lower() for w in NAME_WORD.findall(clause[before_start:a])}


_POINT_WORDS = {"last point": {"end", "ends", "ended", "ending", "final", "finally", "last"},
                "peak": {"peak", "peaks", "peaked", "peaking", "highest", "maximum", "max", "top", "tops"},
                "lowest point": {"lowest", "minimum", "min", "bottom", "bottoms"},
                "first point": {"starts", "start", "started", "starting", "initially", "initial", "begins"}}


def _named_points(beside: tuple[set[str], set[str]]) -> set[str]:
    """Which point of a curve a number's clause names ("ends near 4.1 V": its last point)."""
    words = beside[0] | beside[1]
    return {point for point, said in _POINT_WORDS.items() if said & words}


def _named_columns(columns: set[str], beside: tuple[set[str], set[str]]) -> set[str]:
    """The columns a number's neighbours name: by a header word or unit after it ("14.0 s",
    "88.4 accuracy"), else by a header word before it ("accuracy of 88.4")."""
    after, before = beside
    units = {c: {u.strip().lower() for u in re.findall(r"[(\[]([^)\]]{1,5})[)\]]", c)} for c in columns}
    named = {c for c in columns if label_words(c) & {stem(w) for w in after} or units[c] & after}
    return named or {c for c in columns if label_words(c) & {stem(w) for w in before}}


def cited_data(document: Document, source: Sentence, written: str = "") -> CitedData:
    """The tables and charts ``source`` cites, and those the ``written`` sentence names itself."""
    tables = [t for t in document.tables if t.id in source.table_ids] + tables_cited_in(written, document.tables)
    figures = [f for f in document.figures if f.id in source.figure_ids] + figures_cited_in(written, document.figures)
    return CitedData.of(list({t.id: t for t in tables}.values()), list({f.id: f for f in figures}.values()))
