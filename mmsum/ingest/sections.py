"""Section headings: short blocks set apart by numbering ("3.2 Results", "IV. METHODS",
"B. Weak coupling") or a known name ("Abstract", "References"), in bold, larger or capital
letters, or at least without the full stop a sentence would end with."""
from __future__ import annotations

import re

from .layout import Block
from .sentences import runs_in

NUMBERED_RE = re.compile(r"^(?:(?P<arabic>\d{1,2}(?:\.\d{1,2}){0,3})\.?|(?P<roman>[IVX]{1,5})\.|(?P<letter>[A-H])\.)"
                         r"\s+(?P<title>[A-Z\u4e00-\u9fff].*)$")
KNOWN = re.compile(r"^(?:abstract|introduction|related work|background|preliminaries|methods?|methodology|"
                   r"experiments?|experimental setup|evaluation|results(?: and discussion)?|discussion|"
                   r"conclusions?(?: and future work)?|summary|acknowledge?ments?|references|bibliography|"
                   r"appendix(?: [a-z])?|摘要|引言|结论|参考文献)$", re.I)


_MATH_RE = re.compile(r"[=<>+−∑∫∂|√≤≥±×]")
_WORD_RE = re.compile(r"[^\W\d_]{3,}|[\u4e00-\u9fff]{2,}")


def heading_level(b: Block, body_size: float) -> int | None:
    """The heading level (1 = top) if block ``b`` is a section heading, else None."""
    text = " ".join(b.text.split())
    if not text or len(b.lines) > 3 or len(text.split()) > 14 or len(text) > 120:
        return None
    if text.endswith((".", ",", ";", ":", "。")) and not KNOWN.match(text.rstrip(".:")):
        return None
    if _MATH_RE.search(text) or not _WORD_RE.search(text):
        return None  # an equation line ("2 N−2Γ(N/2)", "1 H+") set apart like a heading
    styled = b.bold or b.size >= body_size + 0.8 or (text.isupper() and len(text) > 3)
    m = NUMBERED_RE.match(text)
    if runs_in(m.group("title") if m else text) and not re.match(r"appendix\b", text, re.I):
        return None  # a run-in heading and the start of its paragraph ("Lemma 4. Let", "Data. We use")
    if m:
        if m.group("arabic"):
            level = m.group("arabic").count(".") + 1
        elif m.group("roman"):
            level = 1
        else:
            level = 2
        title = m.group("title")
        if re.search(r"\s\d+$", title) or (m.group("arabic") or "").startswith("0"):
            return None  # a table-of-contents line ("1 Introduction 2") or a number, not a section
        if re.search(r"[^\W\d_]\d+$", title):
            return None  # an author with an affiliation mark ("F. Reale1"), not a section
        # "3 Results" in body type is a heading too, but "2 For each node" is not: a title
        # has no verb-like lowercase run of many words
        if styled or len(title.split()) <= 8:
            return level
        return None
    if KNOWN.match(text.rstrip(".:")) and (styled or len(b.lines) == 1):
        return 1
    if styled and b.bold and len(text.split()) <= 10 and text[:1].isupper():
        return 1
    return None
