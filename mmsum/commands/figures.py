"""``mmsum figures DOC [--out-dir DIR] [--data DIR] [--password PW]``: a document's figures as
JSON; ``--data`` also writes each chart's data as CSV."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..export.figures import figure_record
from ..export.fileset import output_stem, write_document_files


def run(args: argparse.Namespace) -> int:
    """Print ``{"figures": [FIGURE, ...]}``; with ``--out-dir`` also write the crops and the
    JSON (``<stem>.json``, images under ``<stem>_figures/``, paths relative to the JSON), all
    or nothing: the JSON and its crops change together."""
    out_dir: Path | None = getattr(args, "out_dir", None)
    password = getattr(args, "password", None)
    if out_dir is not None:
        from ..writable import check_output_dir

        check_output_dir(out_dir, "--out-dir")
    from ..limits import MAX_CROPS
    from ..prepare import read_stage
    from ..stages import StageReporter

    doc, _ = read_stage(Path(args.document), password, StageReporter(), None, max_crops=MAX_CROPS,
                        crops=out_dir is not None)

    def render(images: dict[str, str]) -> str:
        data = {"figures": [figure_record(f, 0.0, images.get(f.id)) for f in doc.figures]}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    if out_dir is None:
        text = render({})
    else:
        stem = output_stem(Path(args.document).stem)
        saved: dict[str, str] = {}

        def texts(images: dict[str, str]) -> dict[str, str]:
            saved["json"] = render(images)
            return {f"{stem}.json": saved["json"]}

        write_document_files(out_dir, stem, texts, doc.figures)
        text = saved["json"]
    data_dir: Path | None = getattr(args, "data", None)
    if data_dir is not None:
        from ..export.chart_data import write_chart_data

        written = write_chart_data(doc.figures, data_dir)
        if not written:
            doc.warnings.append("no chart's data could be read from the figures' drawings; no CSV written")
    for w in doc.warnings:
        print(f"mmsum: warning: {w}", file=sys.stderr)
    sys.stdout.write(text)
    return 0
