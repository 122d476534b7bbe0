"""Tables as JSON records, Markdown and CSV: the TABLE contract of summaries and ``mmsum tables``.

TABLE = {"id", "label", "page" (0-based), "bbox" ([x0, y0, x1, y1] in PDF points, origin
top-left), "caption", "header" (rows of header cells), "rows" (the body, lists of cell strings;
a spanning cell repeated in each cell it covers; null when the structure could not be read),
"score", "image" (crop path relative to the JSON file, or null)}; beside the contract:
"unread" (why ``rows`` is null, else null), "kind" (how it was read: "lines", "aligned",
"ocr", "image"), "pages" (every page it lies on), "mentions" ([{"page", "text"}]) and
"notes" (the notes set under the table or between it and its caption, one string each).
"""
from __future__ import annotations

import csv
import io
import re

from ..document import Table


def table_record(table: Table, score: float = 0.0, image: str | None = None) -> dict:
    """The TABLE JSON object for ``table``; ``image`` is a path relative to the JSON file."""
    return {
        "id": table.id,
        "label": table.label,
        "page": int(table.page),
        "bbox": [round(float(v), 2) for v in table.bbox],
        "caption": table.caption,
        "header": [list(r) for r in table.header],
        "rows": [list(r) for r in table.rows] if table.rows is not None else None,
        "score": round(float(score), 6),
        "image": image,
        "unread": table.unread,
        "kind": table.kind,
        "pages": list(table.pages or [table.page]),
        "mentions": [{"page": int(m.page), "text": m.text} for m in table.mentions],
        "notes": list(table.notes),
    }


def column_heads(table: Table) -> list[str]:
    """One heading per column: the header rows joined top to bottom ("CIFAR-10 / Top-1"), a
    spanning cell said once; as many as the widest row ([] when the table has no rows)."""
    if table.rows is None:
        return []
    width = max((len(r) for r in table.header + table.rows), default=0)
    head = [""] * width
    for row in table.header:
        for i, c in enumerate(row):
            if c and c not in head[i].split(" / "):
                head[i] = f"{head[i]} / {c}" if head[i] else c
    return head


def notes_markdown(table: Table) -> list[str]:
    """The table's notes as Markdown paragraphs (each followed by a blank line); [] without notes."""
    from .text import escape

    return [line for note in table.notes for line in (escape(note), "")]


def table_markdown(table: Table) -> str:
    """The table as a GitHub-flavoured Markdown pipe table (the last header row heads it; the
    header rows above it are joined into it, "CIFAR-10 Top-1"); "" when it has no rows."""
    from .text import escape

    if table.rows is None:
        return ""
    head = column_heads(table)
    width = len(head)
    if width == 0:
        return ""
    lines = ["| " + " | ".join(escape(c) or " " for c in head) + " |", "|" + "---|" * width]
    for row in table.rows:
        cells = list(row) + [""] * (width - len(row))
        lines.append("| " + " | ".join(escape(c) for c in cells) + " |")
    return "\n".join(lines)


def table_csv(table: Table) -> str:
    """The table as CSV: header rows, then the body ("" when it has no rows)."""
    if table.rows is None:
        return ""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    for row in table.header + table.rows:
        w.writerow(row)
    return out.getvalue()


def table_file_stem(table: Table) -> str:
    """A safe file name stem for a table: its id, with anything odd replaced."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", table.id).strip("._") or "table"
