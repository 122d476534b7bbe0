"""Pages a download service adds to a document: ResearchGate's cover ("See discussions, stats,
and author profiles for this publication at: https://www.researchgate.net/…", the authors'
profiles and citation counts, "All content following this page was uploaded by …"), JSTOR's
("Your use of the JSTOR archive indicates your acceptance of …") and Taylor & Francis's ("This
article was downloaded by: …"). None of it is the document's: its title, authors' profiles and
terms of use are no sentences, headings or figures. ResearchGate also stamps "View
publication stats" under the last page's text: that line is no sentence either.

The page stays in the document's page list (page numbers are the file's), its content does not.
"""
from __future__ import annotations

import re

from .layout import PageLayout, Role

# what only a service's own cover page says, two things for each service: a page of the
# document that quotes one of them is still the document's
_SERVICES = {
    "ResearchGate": (re.compile(r"See\s+discussions,\s+stats,\s+and\s+author\s+profiles\s+for\s+this\s+publication", re.I),
                     re.compile(r"All\s+content\s+following\s+this\s+page\s+was\s+uploaded\s+by", re.I),
                     re.compile(r"researchgate\.net/publication", re.I)),
    "JSTOR": (re.compile(r"Your\s+use\s+of\s+the\s+JSTOR\s+archive\s+indicates\s+your\s+acceptance", re.I),
              re.compile(r"jstor\.org/(?:stable|page)", re.I)),
    "Taylor & Francis": (re.compile(r"This\s+article\s+was\s+downloaded\s+by\s*:", re.I),
                         re.compile(r"Terms\s+(?:&|and)\s+Conditions\s+of\s+(?:access\s+and\s+)?use", re.I)),
}
_STAMP = re.compile(r"^\s*View\s+publication\s+stats\s*$", re.I)
COVER_WORDS = 800  # a cover holds a few lines and a page of terms; more is a page of the document


def page_text(pl: PageLayout) -> str:
    """The text of ``pl``'s blocks, one block a line."""
    return "\n".join(b.text for b in pl.blocks)


def is_cover(pl: PageLayout) -> bool:
    """Whether ``pl`` is a download service's cover page (see the module's docstring)."""
    text = page_text(pl)
    if len(text.split()) > COVER_WORDS:
        return False
    return any(sum(bool(m.search(text)) for m in marks) >= 2 for marks in _SERVICES.values())


def drop_cover_pages(layouts: list[PageLayout]) -> list[int]:
    """Empty a download service's cover page (the first page, or the first two when the first
    is the service's and the second its terms) of blocks and graphics, and mark its stamp on the
    last page as a footer. Returns the 0-based numbers of the pages emptied. Never empties every
    page of a document."""
    dropped: list[int] = []
    for pl in layouts[:2]:
        if len(layouts) - len(dropped) <= 1 or not is_cover(pl):
            break
        pl.blocks, pl.graphics, pl.paths, pl.path_count = [], [], None, 0
        dropped.append(pl.number)
    if dropped and layouts:
        for b in layouts[-1].blocks:
            if _STAMP.match(b.text):
                b.role = Role.FOOTER
    return dropped
