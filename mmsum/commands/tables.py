"""``mmsum tables FILE... [--out-dir DIR] [--format md,csv,json]``: every table of each document.

Each table is written as ``DIR/<stem>-<id>.md`` (label, page, caption, the table in Markdown,
its crop) and ``DIR/<stem>-<id>.csv`` (header rows, then the body); with ``json``, one
``DIR/<stem>.json`` holds ``{"tables": [TABLE, ...]}``. The crops go under
``DIR/<stem>_figures/`` as figure crops do, and a document's files change together
(:mod:`mmsum.export.fileset`). Without ``--out-dir`` the files go beside each document. A
table whose cells could not be read still gets its Markdown file (caption, crop, the reason);
it has no CSV.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import MmsumError, OptionsError

FORMATS = ("md", "csv", "json")


def add_tables_parser(sub) -> None:
    """Register ``mmsum tables``."""
    t = sub.add_parser("tables", help="write every table of documents as Markdown, CSV and/or JSON")
    t.add_argument("documents", nargs="+", type=Path)
    t.add_argument("--out-dir", type=Path, help="output folder (default: beside each document)")
    t.add_argument("--format", default="md,csv", help="comma-separated: md, csv, json (default: md,csv)")
    t.add_argument("--password", help="password of encrypted PDFs")


def parse_formats(text: str) -> list[str]:
    """The formats named in ``text``; OptionsError for an unknown one."""
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise OptionsError(f"unknown format(s): {', '.join(unknown) or text!r}; use md, csv and/or json")
    return formats


def table_page(table, image: str | None) -> str:
    """One table's Markdown file: heading, caption, the table (or why it could not be read), crop."""
    from ..export.text import escape, image_link
    from ..export.tables import notes_markdown, table_markdown

    label = table.label or f"Table on page {table.page + 1}"
    pages = ", ".join(str(p + 1) for p in (table.pages or [table.page]))
    lines = [f"# {escape(label)} (p. {pages})", "", escape(table.caption) or "*No caption.*", ""]
    grid = table_markdown(table)
    lines += [grid] if grid else [f"*Its rows and columns could not be read: {escape(table.unread or 'unknown')}.*"]
    lines += ["", *notes_markdown(table)[:-1]] if table.notes else []
    if image:
        lines += ["", image_link(label, image)]
    return "\n".join(lines) + "\n"


def write_tables(path: Path, out_dir: Path, formats: list[str], password: str | None = None) -> list[Path]:
    """Read the document at ``path`` and write its tables into ``out_dir``; the files written.
    Raises DocumentError when the document cannot be read, OutputError when the folder cannot
    be written."""
    from ..export.fileset import output_stem, write_document_files
    from ..export.text import valid_utf8
    from ..export.tables import table_csv, table_file_stem, table_record
    from ..ingest import read_document
    from ..prepare import render_figure_crops

    doc = read_document(path, password=password, render_figures=False)
    for w in doc.warnings:
        print(f"mmsum: warning: {path.name}: {w}", file=sys.stderr)
    doc.warnings.extend(render_figure_crops(path, password, doc.tables))
    stem = output_stem(path.stem)

    def texts(images: dict[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for t in doc.tables:
            name = f"{stem}-{table_file_stem(t)}"
            if "md" in formats:
                out[f"{name}.md"] = valid_utf8(table_page(t, images.get(t.id)))
            if "csv" in formats and t.rows is not None:
                out[f"{name}.csv"] = table_csv(t)
        if "json" in formats:
            data = {"tables": [table_record(t, 0.0, images.get(t.id)) for t in doc.tables]}
            out[f"{stem}.json"] = valid_utf8(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
        return out

    crops = doc.tables if ("md" in formats or "json" in formats) else None
    return write_document_files(out_dir, stem, texts, crops)


def run(args: argparse.Namespace) -> int:
    """Write the tables of every document named; 0 when all were read, 1 when some were not."""
    formats = parse_formats(args.format)
    if args.out_dir is not None and args.out_dir.exists() and not args.out_dir.is_dir():
        raise OptionsError(f"--out-dir {args.out_dir} is a file, not a folder")
    failed = 0
    for path in args.documents:
        try:
            written = write_tables(path, args.out_dir or path.parent, formats, args.password)
        except MmsumError as err:
            print(f"mmsum: {err}", file=sys.stderr)
            failed += 1
            continue
        tables = sum(1 for p in written if p.suffix == ".md") if "md" in formats else None
        what = f"{tables} table{'s' if tables != 1 else ''}" if tables is not None else f"{len(written)} files"
        print(f"{path}: {what} written to {args.out_dir or path.parent}")
    return 1 if failed else 0
