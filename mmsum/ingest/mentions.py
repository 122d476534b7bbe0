"""Sentences that cite figures: "Fig. 3", "Figs. 2 and 3", "Figures 2-4", "Figure 4(b)",
"see Figure 2.4", "Figs. 2.3 and 2.4", "Figure S1", "图3", "如图5.3所示", "图 3-2"."""
from __future__ import annotations

import re

from ..document import Figure, Mention, Sentence, Table
from .labels import figure_key, label_key

_ITEM = r"[A-Z]?\d{1,3}(?:\.\d{1,3}){0,2}[a-z]?"
REF_RE = re.compile(
    r"(?:\b(?:Figures?|Figs?\.?|FIGS?\.?|FIGURES?)|图)\s*"
    r"(?P<list>" + _ITEM + r"(?:\s*\([a-z](?:\s*[,–-]\s*[a-z])*\))?"
    r"(?:\s*(?:,|and|&|–|—|-|to|和|与|、|至|到|~)\s*" + _ITEM + r"(?:\s*\([a-z]\))?)*)")
_ITEM_RE = re.compile(r"([A-Z]?\d{1,3}(?:\.\d{1,3}){0,2})([a-z])?|(\s*(?:–|—|-|to|至|到|~)\s*)")


# the same lists after "Table"/"Tab."/"表" (a roman number, "Table IV", is matched apart)
TABLE_REF_RE = re.compile(REF_RE.pattern.replace(r"(?:\b(?:Figures?|Figs?\.?|FIGS?\.?|FIGURES?)|图)",
                                                 r"(?:\b(?:Tables?|Tabs?\.|TABLES?)|表)"))
_ROMAN_REF_RE = re.compile(r"\b(?:Tables?|TABLES?|Tab\.)\s*([IVXL]{1,6})\b")


def cited_keys(text: str, known: set[str] | frozenset[str] = frozenset(),
               pattern: re.Pattern = REF_RE) -> list[tuple[str, str | None]]:
    """(label key, panel letter or None) for every figure ``text`` cites, in order
    (``pattern`` :data:`TABLE_REF_RE`: every table).

    Ranges are expanded ("Figures 2-4", "Figs. 2.3–2.5"). "图3-2" is the figure keyed "3.2"
    when ``known`` (the document's figure keys) has one, else the range 3 to 2 (nothing).
    """
    out: list[tuple[str, str | None]] = []
    for m in pattern.finditer(text):
        prev: str | None = None
        dash: str | None = None
        for num, letter, sep in _ITEM_RE.findall(m.group("list")):
            if sep:
                dash = sep if prev is not None else None
                continue
            key = label_key(num)
            if dash is not None and prev is not None:
                chapter = f"{prev}.{key}"
                if dash in ("-", "–") and chapter in known and "." not in prev:
                    out[-1] = (chapter, letter or None)  # "图3-2": chapter 3, figure 2
                    prev, dash = chapter, None
                    continue
                out += [(k, None) for k in _range(prev, key)]
            else:
                out.append((key, letter or None))
            prev, dash = key, None
    return out


def _range(first: str, last: str) -> list[str]:
    """Keys after ``first`` up to ``last``: "2".."4" -> 3, 4; "2.3".."2.5" -> 2.4, 2.5."""
    a, b = first.rsplit(".", 1) if "." in first else ("", first), last.rsplit(".", 1) if "." in last else ("", last)
    if a[0] != b[0] or not a[1].isdigit() or not b[1].isdigit():
        return [last]
    lo, hi = int(a[1]), int(b[1])
    if not 0 < hi - lo <= 20:
        return [last]
    prefix = f"{a[0]}." if a[0] else ""
    return [f"{prefix}{k}" for k in range(lo + 1, hi + 1)]


def link_mentions(sentences: list[Sentence], figures: list[Figure]) -> None:
    """Fill ``Sentence.figure_ids`` and ``Figure.mentions`` (document order, no repeats)."""
    by_key: dict[str, list[Figure]] = {}
    for f in figures:
        key = figure_key(f.label)
        if key is not None:
            by_key.setdefault(key, []).append(f)
    known = set(by_key)
    for s in sentences:
        for key, letter in cited_keys(s.text, known):
            figs = by_key.get(key, [])
            # "Fig. 3b" names the figure captioned "Fig. 3b" when panels have their own captions
            exact = [f for f in figs if letter and f.id.startswith(f"fig-{key.lower()}{letter}")]
            for f in exact or figs:
                if f.id not in s.figure_ids:
                    s.figure_ids.append(f.id)
                    f.mentions.append(Mention(page=s.page, text=s.text, sentence=s.index))


def _tables_by_key(tables: list[Table]) -> dict[str, list[Table]]:
    """The tables under their label's key ("Table 2" and "表 2" -> "2")."""
    by_key: dict[str, list[Table]] = {}
    for t in tables:
        m = re.match(r"^(?:Table|表)\s*(\S+)$", t.label or "")
        if m:
            by_key.setdefault(label_key(m.group(1)), []).append(t)
    return by_key


def _table_keys(text: str, known: set[str]) -> list[str]:
    """The keys of the tables ``text`` cites ("Table 2", "Tables 2 and 3", "Table IV", "表3-1")."""
    from .captions import _roman

    keys = [k for k, _ in cited_keys(text, known, TABLE_REF_RE)]
    return keys + [str(_roman(r)) for r in _ROMAN_REF_RE.findall(text) if _roman(r)]


def tables_cited_in(text: str, tables: list[Table]) -> list[Table]:
    """The tables of ``tables`` that ``text`` cites, in the order it cites them, each once."""
    by_key = _tables_by_key(tables)
    found = [t for key in _table_keys(text, set(by_key)) for t in by_key.get(key, [])]
    return list({t.id: t for t in found}.values())


def figures_cited_in(text: str, figures: list[Figure]) -> list[Figure]:
    """The figures of ``figures`` that ``text`` cites ("Fig. 3", "Figures 2-4"), each once."""
    by_key: dict[str, list[Figure]] = {}
    for f in figures:
        key = figure_key(f.label)
        if key is not None:
            by_key.setdefault(key, []).append(f)
    found = [f for key, _ in cited_keys(text, set(by_key)) for f in by_key.get(key, [])]
    return list({f.id: f for f in found}.values())


def link_table_mentions(sentences: list[Sentence], tables: list[Table]) -> None:
    """Fill ``Sentence.table_ids`` and ``Table.mentions`` ("Table 2", "Tables 2 and 3",
    "Tab. 2", "Table IV", "表3-1"), as :func:`link_mentions` does for figures."""
    by_key = _tables_by_key(tables)
    if not by_key:
        return
    known = set(by_key)
    for s in sentences:
        for key in _table_keys(s.text, known):
            for t in by_key.get(key, []):
                if t.id not in s.table_ids:
                    s.table_ids.append(t.id)
                    t.mentions.append(Mention(page=s.page, text=s.text, sentence=s.index))
