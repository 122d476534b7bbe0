"""An extracted sentence made to stand on its own: ligatures and line-break hyphens repaired,
and references to figures the summary does not show cut where they are asides (" (see Fig.
3)", ", as shown in Figure 2,"), or the sentence refused where a reference is part of its
grammar ("Logs are organized as shown in Figure 6.").
"""
from __future__ import annotations

import re

from ..ingest.labels import label_key

_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\u00ad": "", "\u2010": "-", "\u00a0": " "}
# a line-break hyphen left inside a word: "infor- mation" (a real compound keeps no space;
# "pre- and post-" is a suspended hyphen and stays)
_BROKEN_HYPHEN = re.compile(r"(?<=[a-z])- +(?!(?:and|or|nor|to|as|vs)\b)(?=[a-z])")
# a middle dot glued to the end of a word inside a sentence: a speck of a scan ("show that· anti-entropy")
_SPECK = re.compile(r"(?<=[a-z])·(?= [a-z])")
_FIG_REF = r"(?:Fig(?:ure)?s?\.?|FIG(?:URE)?S?\.?|图)\s*([A-Z]?\d+(?:\.\d+){0,2})[a-z]?(?:\s*\([a-z]\))?"
# "(see Fig. 3)", "(Figure 3b)", "(Figs. 3 and 4)", "[Fig. 2]"
_PAREN = re.compile(r"\s*[(\[](?:see\s+|cf\.\s+|as\s+in\s+)?(?:also\s+)?" + _FIG_REF +
                    r"(?:\s*(?:,|and|&|–|-)\s*(?:[A-Z]?\d+(?:\.\d+){0,2}[a-z]?|" + _FIG_REF + r"))*[^()\[\]]{0,20}[)\]]", re.I)
# ", as shown in Fig. 3," — a clause whose only job is to point at the figure: set off by a
# comma, and closed by one or by the sentence's end. Without the comma the clause is part of
# the sentence's grammar ("Logs are organized as shown in Figure 6.", "This situation is
# illustrated in Figure 8(b).") and taking it out would leave no sentence, or another one.
_CLAUSE = re.compile(r",\s*(?:as\s+)?(?:is\s+|are\s+)?(?:shown|illustrated|depicted|plotted|"
                     r"displayed|presented|sketched|summari[sz]ed|seen)\s+in\s+" + _FIG_REF +
                     r"\s*(?=[,.;:!?]|$),?", re.I)
# "As shown in Figure 1, the module …": an opening clause; the sentence goes on without it
_OPENING = re.compile(r"^(?:as\s+)?(?:shown|illustrated|depicted|plotted|displayed|presented|sketched|seen)\s+in\s+"
                      + _FIG_REF + r"\s*,\s*(?=[a-z])", re.I)
_ANY_REF = re.compile(_FIG_REF, re.I)


def repair(text: str) -> str:
    """Text with ligatures expanded, line-break hyphens joined and spaces collapsed."""
    for bad, good in _LIGATURES.items():
        text = text.replace(bad, good)
    text = _BROKEN_HYPHEN.sub("", text)
    text = _SPECK.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def figure_keys(text: str) -> set[str]:
    """Label keys of the figures ``text`` refers to: "3" ("Fig. 3b"), "2.1" ("Fig. 2.1"),
    "S1" ("Figure S1"), as :func:`mmsum.ingest.labels.figure_key` gives them."""
    return {label_key(m.group(1)) for m in _ANY_REF.finditer(text)}


def without_dangling_refs(text: str, shown: set[int] | set[str]) -> str | None:
    """``text`` with asides that point at figures not in ``shown`` (numbers or label keys)
    removed; None when the sentence is about such a figure ("Fig. 3 shows ...") and cannot
    stand without it."""
    keys = {label_key(str(k)) for k in shown}

    def drop(pattern: re.Pattern, s: str) -> str:
        return pattern.sub(lambda m: m.group(0) if label_key(m.group(1)) in keys else "", s)

    out = drop(_PAREN, text)
    out = drop(_CLAUSE, out)
    opening = _OPENING.match(out)
    if opening and label_key(opening.group(1)) not in keys:
        rest = out[opening.end():]
        out = rest[:1].upper() + rest[1:]
    if figure_keys(out) - keys:
        return None
    out = re.sub(r"\s+([,.;:!?])", r"\1", out)
    out = re.sub(r"\s{2,}", " ", out).strip()
    if out != text.strip():
        out = re.sub(r",\s*\.$", ".", out)
    return out or None
