"""Figure labels as documents number them: "Figure 3", "Figure 2.4", "Figure S1", "Fig. A1",
"图 5.13", "图 3-2".

A label's *key* is its numbering in one canonical form ("2.4", "S1", "5.13", "3.2"): the
caption "Fig. 2.4", the mention "see Figure 2.4" and the mention "如图2.4所示" share it.
"""
from __future__ import annotations

import re

# the numbering of a label: "3", "2.4", "5.13", "3-2", "S2", "A1", "S2.1" (a letter before the
# number, dots or a dash between chapter and figure)
NUMBER = r"[A-Z]?\d{1,3}(?:(?:\.|[-–](?=\d))\d{1,3}){0,2}"
_KEY_RE = re.compile(r"\s*(?:Supplementary\s+)?(?:Figures?|FIGURES?|Figs?\.?|FIGS?\.?|图)\s*(" + NUMBER + ")")


def label_key(number: str) -> str:
    """The canonical key of a label's numbering: "2-4" -> "2.4", "S02" -> "S2", "03" -> "3"."""
    key = re.sub(r"[-–]", ".", number.strip())
    return re.sub(r"(?<!\d)0+(?=\d)", "", key).upper()


def figure_key(label: str | None) -> str | None:
    """The key of a figure's label ("Figure 2.4" -> "2.4", "图 5.13" -> "5.13"), None without one."""
    m = _KEY_RE.match(label or "")
    return label_key(m.group(1)) if m else None


def plain_number(key: str | None) -> int | None:
    """The label's number when it is a plain one ("3"); None for "2.4", "S1" or no label."""
    return int(key) if key and key.isdigit() else None
