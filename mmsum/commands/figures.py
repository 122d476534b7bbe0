"""``mmsum figures DOC [--out-dir DIR] [--password PW]``: a document's figures as JSON."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from ..export.atomic import write_text_atomic
from ..export.figures import figure_record, write_figure_images
from ..ingest import read_document


def run(args: argparse.Namespace) -> int:
    """Print ``{"figures": [FIGURE, ...]}``; with ``--out-dir`` also write the crops and the
    JSON (``<stem>.json``, images under ``<stem>_figures/``, paths relative to the JSON)."""
    out_dir: Path | None = getattr(args, "out_dir", None)
    doc = read_document(args.document, password=getattr(args, "password", None),
                        render_figures=out_dir is not None)
    images: dict[str, str] = {}
    if out_dir is not None:
        stem = Path(args.document).stem
        written = write_figure_images(doc.figures, out_dir / f"{stem}_figures")
        images = {fid: os.path.relpath(p, out_dir) for fid, p in written.items()}
    data = {"figures": [figure_record(f, 0.0, images.get(f.id)) for f in doc.figures]}
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if out_dir is not None:
        write_text_atomic(out_dir / f"{Path(args.document).stem}.json", text + "\n")
    for w in doc.warnings:
        print(f"mmsum: warning: {w}", file=sys.stderr)
    sys.stdout.write(text + "\n")
    return 0
