"""The SUMMARY JSON of DESIGN.md (schema_version 1), plus a few extra keys.

Extra keys beside the contract: ``device``, ``status`` (success | partial), ``warnings`` and
``flagged`` (generated sentences with unsupported terms), ``ocr`` (``pages``: 0-based pages
whose text was recognised by OCR; ``engine``: the OCR model that read them, or null).
"""
from __future__ import annotations

import json
from pathlib import Path

from ..summary import Summary
from .atomic import write_text_atomic
from .figures import figure_record

SCHEMA_VERSION = 1


def summary_record(summary: Summary, images: dict[str, str] | None = None) -> dict:
    """The SUMMARY object; ``images`` maps figure id -> crop path relative to the JSON file."""
    doc = summary.document
    images = images or {}
    return {
        "schema_version": SCHEMA_VERSION,
        "source": {"path": str(doc.path), "pages": doc.page_count, "title": doc.title},
        "models": {"text": summary.models.get("text"), "image": summary.models.get("image"),
                   "generator": summary.models.get("generator")},
        "summary": {"mode": summary.mode, "text": summary.text},
        "sentences": [{"text": s.sentence.text, "page": int(s.sentence.page),
                       "bbox": [round(float(v), 2) for v in s.sentence.bbox],
                       "score": round(float(s.score), 6)} for s in summary.sentences],
        "figures": [figure_record(f.figure, f.score, images.get(f.figure.id)) for f in summary.figures],
        "timings": {k: round(float(v), 4) for k, v in summary.timings.items()},
        "device": summary.device,
        "ocr": {"engine": doc.ocr_engine if doc.ocr_pages else None, "pages": list(doc.ocr_pages)},
        "status": summary.status.value,
        "warnings": summary.notes,
        "flagged": [{"sentence": f.sentence, "terms": list(f.terms), "replaced_by": f.replaced_by}
                    for f in summary.flagged],
    }


def render_json(summary: Summary, images: dict[str, str] | None = None) -> str:
    """The SUMMARY JSON text."""
    return valid_utf8(json.dumps(summary_record(summary, images), ensure_ascii=False, indent=2)) + "\n"


def write_json(summary: Summary, path: Path, images: dict[str, str] | None = None) -> Path:
    """Write the SUMMARY JSON to ``path`` atomically."""
    return write_text_atomic(path, render_json(summary, images))


def valid_utf8(text: str) -> str:
    """``text`` with the undecodable bytes of a file name (surrogate escapes, from a name
    written on another system) shown as "?", so that it can be written as UTF-8."""
    return text.encode("utf-8", "replace").decode("utf-8")
