"""Code in the body: listings, console sessions and program output, set in typewriter type.

Software papers show their code as blocks set apart in a monospaced face ("R> fit <- lm(y ~ x)"
over its printed output). Such a block is no sentence of the document. It is marked
:attr:`~.layout.Role.CODE` and breaks the paragraph it stands in, so the prose before it does
not run on into the prose after it. A code block inside a sentence (the prose after it goes on
in lower case: "In particular, ``R> over(x, y)`` returns an integer vector") stays in that
sentence, and so does a display of one line that ends a sentence the prose before it left
open ("we find ``append a b = reduce cons b a``"), as a displayed formula would; a kept
command loses its console prompt ("R> over(x, y)" reads "over(x, y)"). Where the
body itself is set in typewriter type (a typescript), type tells no code apart, and nothing
is marked.
"""
from __future__ import annotations

import re

from .layout import Block, Role
from .sentences import runs_on
from .typewriter import is_code

# a console's prompt opening a line of code: R's "R>" or ">", its continuation "+", Python's
# ">>>" and "..."
_PROMPT_RE = re.compile(r"^\s*(?:R>|>>>|>|\+|\.\.\.)\s+")
TYPESCRIPT_SHARE = 0.5  # a body with at least this share of its characters monospaced is a typescript


def mark_code(ordered: list[tuple[Block, str | None]]) -> None:
    """Mark the code blocks of ``ordered`` (body blocks in reading order, each with its
    section) :attr:`Role.CODE`, except a run of them inside a sentence."""
    chars = sum(len(b.text) for b, _ in ordered)
    if not chars or sum(len(b.text) * b.mono for b, _ in ordered) >= TYPESCRIPT_SHARE * chars:
        return
    i = 0
    while i < len(ordered):
        if not is_code(ordered[i][0]):
            i += 1
            continue
        j = i
        while j < len(ordered) and is_code(ordered[j][0]):
            j += 1
        # the blocks ordered[i:first] stay text; ordered[first:j] are code
        first = j if _inside_sentence(ordered, i, j) else i + 1 if _ends_open_sentence(ordered, i) else i
        for b, _ in ordered[first:j]:
            b.role = Role.CODE
        for b, _ in ordered[i:first]:  # kept in a sentence: the words, not the console's prompts
            for ln in b.lines:
                ln.text = _PROMPT_RE.sub("", ln.text)
        i = j


def _ends_open_sentence(ordered: list[tuple[Block, str | None]], i: int) -> bool:
    """Code block ``ordered[i]`` is one line that ends the sentence the prose before it left
    open and runs on into, as a displayed formula would ("… such as" / "let p = 3.5"; "This
    gives the definition" / "easydiff f x h = (f(x+h) - f x) / h")."""
    if i == 0 or ordered[i - 1][1] != ordered[i][1] or len(ordered[i][0].lines) != 1:
        return False
    before = ordered[i - 1][0].text.rstrip()
    return bool(before) and runs_on(before, ordered[i][0].text.lstrip())


def _inside_sentence(ordered: list[tuple[Block, str | None]], i: int, j: int) -> bool:
    """The code blocks ``ordered[i:j]`` stand inside a sentence: the prose after them, in the
    same section, goes on in lower case ("R> over(x, y) retrieves a data frame …", "… with
    the following commands, <code> where the first command …")."""
    if j >= len(ordered) or (i > 0 and ordered[i - 1][1] != ordered[j][1]):
        return False
    return ordered[j][0].text.lstrip()[:1].islower()
