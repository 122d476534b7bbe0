"""Headings read as sentences: over a folder of PDFs, the sentences mmsum's reader makes that
are, on their page, one run of bold type (a run-in paragraph title such as "Weighted loss
function." read as a sentence of its own), by ``reader_defects.heading``, a rule written apart
from the reader's own.

    python benchmarks/sentence_headings.py FOLDER [--out SENTENCES.json]

Prints each document with such sentences and a ``RESULT`` line; ``--out`` keeps every
document's sentences (to compare two versions of the reader).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reader_defects  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--out", type=Path)
    a = ap.parse_args()
    from mmsum.ingest import read_document

    kept: dict[str, list[str]] = {}
    docs = sentences = headings = failed = 0
    for pdf in sorted(a.folder.glob("*.pdf")):
        try:
            doc = read_document(pdf, render_figures=False)
        except Exception as e:  # noqa: BLE001 - a document that cannot be read is counted, not fatal
            print(f"{pdf.name[:50]:50} failed: {e}")
            failed += 1
            continue
        source = str(pdf.resolve())
        found = [s.text for s in doc.sentences if reader_defects.heading(s.text, source, s.page)]
        docs, sentences, headings = docs + 1, sentences + len(doc.sentences), headings + len(found)
        kept[pdf.name] = [s.text for s in doc.sentences]
        if found:
            print(f"{pdf.name[:50]:50} {len(found)}: " + " | ".join(t[:50] for t in found[:3]))
    if a.out:
        a.out.write_text(json.dumps(kept, ensure_ascii=False))
    print(f"RESULT docs={docs} sentences={sentences} headings={headings} failed={failed}")


if __name__ == "__main__":
    main()
