"""Figure and table captions: "Figure 3:", "Fig. 3.", "FIG. 3 —", "Fig. 1—Schematic", "Fig. 3a",
"Figure 2.1:", "Figure S2.", "Fig. A1", "图 3", "图5.13 ...", "图 3-2", "Table 2".

A block is a caption when it starts with a label followed by caption punctuation, or with a
label in a smaller font than the body text ("Fig. 3 Energy use ..."). "Figure 3 shows ..." in
a body-size paragraph is text, not a caption; so is "图1.1给出了..." (a Chinese paragraph that
starts with a reference), while "图1.1 人工智能发展史" (label, space, a short title) is one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import BBox
from .labels import NUMBER, label_key, plain_number
from .layout import Block, Graphic, PageLayout, join_lines, union

FIGURE_RE = re.compile(
    r"^\s*(?P<kw>(?:Supplementary\s+)?(?:Figure|FIGURE|Fig\.?|FIG\.?|Figs\.?)|图)\s*(?P<num>" + NUMBER + ")"
    r"(?P<letter>[a-z]\b|\([a-z]\))?(?P<rest>.*)", re.S)
TABLE_RE = re.compile(r"^\s*(?P<kw>Table|TABLE|Tab\.|续表|表)\s*(?P<num>" + NUMBER + r"|[IVXL]{1,6}\b)(?P<rest>.*)",
                      re.S)
# the label's punctuation is followed by a space or the line end ("Fig. 5.g." is not a caption);
# a dash may run straight into the text ("Fig. 1—Schematic", "Fig. 1.—Schematic")
PUNCT_RE = re.compile(r"^\s*(?:[.:|]*[—–](?!\d)|[.:|—–\-]+(?=\s|$)|[：。．、])")
_CJK_KW = ("图", "表", "续表")  # 续表: a table continued ("续表 3-1" heads the rest of 表 3-1)


@dataclass
class Caption:
    """A caption block (possibly with its continuation); ``kind`` is "figure" or "table".

    ``key`` is the label's numbering ("3", "2.4", "S1"; see :mod:`.labels`), ``number`` the
    plain number when there is one ("Fig. 3a" -> 3, "Fig. 2.4" -> None), ``letter`` a panel
    letter ("a"); ``numbering`` the label as printed ("3-2"); ``bbox`` in points.
    """

    kind: str
    number: int | None
    letter: str | None
    text: str
    bbox: BBox
    page: int
    blocks: list[Block]
    key: str | None = None
    numbering: str | None = None
    chinese: bool = False

    @property
    def label(self) -> str | None:
        """"Figure 3", "Figure 2.4", "Figure S1", "图 5.13", "Table 2": the document's own numbering."""
        numbering = self.numbering or (str(self.number) if self.number is not None else None)
        if numbering is None:
            return None
        if self.chinese:
            return f"{'图' if self.kind == 'figure' else '表'} {numbering}"
        return f"{'Figure' if self.kind == 'figure' else 'Table'} {numbering}"

    @property
    def figure_id(self) -> str:
        """"fig-3a", "fig-2.4", "fig-s1": unique once repeats are numbered (see the reader)."""
        return f"fig-{(self.key or '').lower()}{self.letter or ''}"


@dataclass
class _Label:
    kind: str
    key: str
    numbering: str
    letter: str | None
    chinese: bool


def _parse(text: str, size: float, body_size: float, lines: int = 1) -> _Label | None:
    """The label ``text`` starts with, if it starts like a caption; else None."""
    m = FIGURE_RE.match(text)
    kind = "figure"
    if not m:
        m = TABLE_RE.match(text)
        kind = "table"
    if not m:
        return None
    rest = m.group("rest")
    letter = (m.groupdict().get("letter") or "").strip("()") or None
    smaller = body_size > 0 and size < body_size - 0.4
    chinese = m.group("kw") in _CJK_KW
    if PUNCT_RE.match(rest):
        pass
    elif chinese and (not rest.strip() or rest[:1].isspace() and (smaller or lines <= 3 and not _ends_cjk_sentence(rest))):
        pass  # "图1.1 人工智能发展史": a short title after a space; "图1.1给出了…。" is a sentence
    elif not chinese and smaller and (not rest.strip() or rest.strip()[:1].isupper() or rest.strip()[:1] == "("):
        pass  # "Fig. 3 Energy use ..." set in the caption font
    elif not rest.strip():
        pass  # a label alone on its line; its text follows in the next block
    else:
        return None
    num = m.group("num")
    if re.fullmatch(r"[IVXL]+", num):
        roman = _roman(num)
        if roman is None:
            return None
        num = str(roman)
    return _Label(kind=kind, key=label_key(num), numbering=num, letter=letter, chinese=chinese)


def _ends_cjk_sentence(text: str) -> bool:
    return text.rstrip().endswith(("。", "！", "？"))


def _roman(s: str) -> int | None:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, ch in enumerate(s):
        v = vals.get(ch)
        if v is None:
            return None
        total += -v if i + 1 < len(s) and vals.get(s[i + 1], 0) > v else v
    return total


def find_captions(pl: PageLayout, body_size: float) -> list[Caption]:
    """Captions on one page, from its body blocks. Roles are not changed here: the reader
    marks the captions' blocks (see :func:`caption_role`)."""
    caps: list[Caption] = []
    _split_trailing_captions(pl)
    # turned text is a "margin" block: the caption of a landscape figure, or one set in the margin
    blocks = [b for b in pl.blocks if b.role in ("body", "margin")]
    taken: set[int] = set()
    for b in blocks:
        if id(b) in taken:
            continue
        parsed = _parse(b.text, b.size, body_size, len(b.lines))
        if not parsed:
            continue
        members = [b] + _continuation(b, [o for o in blocks if id(o) not in taken], body_size, pl.graphics)
        taken.update(id(m) for m in members)
        text = join_lines([ln.text for m in members for ln in m.lines])
        caps.append(Caption(kind=parsed.kind, number=plain_number(parsed.key), letter=parsed.letter,
                            text=" ".join(text.split()),
                            bbox=union(m.bbox for m in members), page=pl.number, blocks=members,
                            key=parsed.key, numbering=parsed.numbering, chinese=parsed.chinese))
    return _one_per_label(caps, body_size)


def _split_trailing_captions(pl: PageLayout) -> None:
    """A table's caption set right under its last rows, which MuPDF put at the end of the rows'
    block ("S60  40.0  0.4" + "Table 1: Readings …"), becomes a block of its own: a line that
    starts with a table's label and its punctuation, after two rows of cells (lines side by
    side) at least."""
    out: list[Block] = []
    for b in pl.blocks:
        k = next((i for i, ln in enumerate(b.lines) if i >= 2 and _caption_line(ln.text)
                  and _cell_rows(b.lines[:i]) >= 2), None) if b.role in ("body", "margin") else None
        if k is None:
            out.append(b)
            continue
        out += [Block(page=b.page, bbox=union(ln.bbox for ln in part), lines=part, role=b.role)
                for part in (b.lines[:k], b.lines[k:])]
    pl.blocks[:] = out


def _caption_line(text: str) -> bool:
    m = TABLE_RE.match(text)
    return bool(m) and bool(PUNCT_RE.match(m.group("rest")))


def _cell_rows(lines: list) -> int:
    """How many pairs of ``lines`` stand side by side (cells of one row)."""
    n = 0
    for a, b in zip(lines, lines[1:]):
        h = min(a.bbox[3] - a.bbox[1], b.bbox[3] - b.bbox[1])
        if min(a.bbox[3], b.bbox[3]) - max(a.bbox[1], b.bbox[1]) > 0.5 * h and \
                (b.bbox[0] >= a.bbox[2] or a.bbox[0] >= b.bbox[2]):
            n += 1
    return n


def without_label(text: str) -> str:
    """A caption's text without the label it starts with, for showing after the label set
    apart: "Figure 3: Energy use" -> "Energy use", "图3.1 两类分类的线性模型" -> "两类分类的线性模型",
    "Fig. 2.4. Setup" -> "Setup", "Table 2: Results" -> "Results". Text that does not start
    with a figure or table label is kept."""
    m = FIGURE_RE.match(text) or TABLE_RE.match(text)
    if not m:
        return text.strip()
    rest = m.group("rest")
    punct = PUNCT_RE.match(rest)
    if punct:
        rest = rest[punct.end():]
    elif rest[:1].isalnum() and not (m.group("kw") in _CJK_KW):
        return text.strip()  # "Figure 3shows": not a label
    return rest.strip()


def caption_role(caption: Caption) -> str:
    """The role of a caption's blocks: "caption" or "table-caption"."""
    return "caption" if caption.kind == "figure" else "table-caption"


def _one_per_label(caps: list[Caption], body_size: float) -> list[Caption]:
    """When one label starts several blocks, a paragraph that happens to begin with "Fig. 9."
    competes with the caption: keep the caption set in a smaller font than the body text."""
    out: list[Caption] = []
    for c in caps:
        rivals = [o for o in caps if o is not c and (o.kind, o.key, o.letter) == (c.kind, c.key, c.letter)]
        small = c.blocks[0].size < body_size - 0.4
        if rivals and not small and any(o.blocks[0].size < body_size - 0.4 for o in rivals):
            continue
        out.append(c)
    return out


def _continuation(cap: Block, after: list[Block], body_size: float, graphics: list[Graphic]) -> list[Block]:
    """Blocks right below a caption that continue it (MuPDF splits captions at formulas or
    when the label stands alone): same column, same font size, no paragraph gap."""
    out: list[Block] = []
    last = cap
    learnt_gap: float | None = None
    only_label = not re.sub(r"^\W*\w+\W*[A-Z]?\d+(?:[.\-–]\d+)*\w?\W*", "", cap.text).strip()
    while True:
        taken = {id(cap), *map(id, out)}
        below = [b for b in after if id(b) not in taken
                 and b.bbox[1] >= last.bbox[1] + 1 and min(b.bbox[2], cap.bbox[2]) > max(b.bbox[0], cap.bbox[0])]
        if not below:
            break
        b = min(below, key=lambda x: x.bbox[1])
        if _parse(b.text, b.size, body_size, len(b.lines)):
            break
        # text beyond a graphic's edge belongs to the graphic (a table, a plot), not the caption
        if any(g.bbox[1] < b.bbox[3] and g.bbox[3] > last.bbox[3] - 1
               and min(g.bbox[2], b.bbox[2]) > max(g.bbox[0], b.bbox[0]) for g in graphics):
            break
        lh = max(ln.bbox[3] - ln.bbox[1] for ln in last.lines)
        gap = b.bbox[1] - last.bbox[3]
        overlap = min(b.bbox[2], cap.bbox[2]) - max(b.bbox[0], cap.bbox[0])
        narrow = min(b.bbox[2] - b.bbox[0], cap.bbox[2] - cap.bbox[0])
        same_font = abs(b.size - cap.size) <= 0.3
        caption_font = body_size > 0 and cap.size < body_size - 0.4
        unfinished = not last.text.rstrip().endswith((".", "。"))
        # a caption line that wraps fills its line; a short caption ("Fig. 2: Setup") does not
        mid_sentence = unfinished and b.text[:1].islower() and last.bbox[2] >= b.bbox[2] - 5
        # double-spaced preprints put each caption line in its own block, a line gap apart: a
        # caption font, a sentence running on, or the spacing already seen in this caption
        # allow that gap
        max_gap = 1.3 * lh if same_font and (caption_font or mid_sentence) else 0.5 * lh
        if same_font and learnt_gap is not None:
            max_gap = max(max_gap, learnt_gap + 2)
        if gap > max_gap or gap < -lh or overlap < 0.6 * narrow:
            break
        if not (only_label or (same_font and (caption_font or unfinished or learnt_gap is not None))):
            break
        if gap > 0.5 * lh and learnt_gap is None:
            learnt_gap = gap
        out.append(b)
        last = b
        only_label = False
    return out
