"""The summary as JSON (schema_version 1; README ▸ JSON output), plus a few extra keys.

Extra keys beside the contract: ``device``, ``status`` (success | partial), ``warnings`` and
``flagged`` (generated sentences with unsupported terms), ``ocr`` (``pages``: 0-based pages
whose text was recognised by OCR; ``engine``: the OCR model that read them, or null);
``damaged_pages`` (``[{"page": 0-based, "problem": what was lost}]``: pages not read whole,
which the warnings only count);
``summary.sections`` for a structured summary (``[{"name", "sentences": [SENTENCE, ...]}]``,
each sentence with its source's page and box); ``models.generator_backend`` and
``generation`` (what the model wrote: sentences generated, copied, extracted, flagged) once a
generator ran; ``channel_weights`` (the weight of each figure channel, caption, mentions,
figure-text and pixels, in the fused figure vectors; 0 for a channel turned off). Each key
figure also has ``why``: the two or three signals that put it there, largest first, ``[{"signal", "value" (0..1), "share" (of its score, 0..1), "note"}]`` (see
:mod:`mmsum.rank.figures` for the signals). With ``--ranker learned`` (or a weights file) the
signals are the model's features with the largest contribution (coefficient times
standardized value, :mod:`mmsum.rank.learned`), and each summary sentence has a ``why`` too.
``tables`` are the key tables (TABLE, see :mod:`.tables`), each with its ``why``
(:mod:`mmsum.rank.tables`). ``cited_numbers`` (generated summaries): each number of a summary
sentence that the words of its sources do not hold but a table or chart they cite does,
``[{"sentence", "number" (as written), "id", "label" (of the table or figure), "value" (as the
table or chart holds it), "at" (row and column; series and point)}]``; a number that
contradicts a cited table or chart is in ``flagged`` with the reason.
"""
from __future__ import annotations

import json

from ..summary import ScoredFigure, ScoredSentence, ScoredTable, Summary
from .figures import figure_record
from .text import valid_utf8
from .tables import table_record

SCHEMA_VERSION = 1


def sentence_record(s: ScoredSentence) -> dict:
    """A SENTENCE: text, page (0-based), bbox (PDF points, origin top-left), score; ``why``
    when the learned ranker ranked it."""
    out = {"text": s.sentence.text, "page": int(s.sentence.page),
           "bbox": [round(float(v), 2) for v in s.sentence.bbox], "score": round(float(s.score), 6)}
    if s.why:
        out["why"] = why_record(s)
    return out


def why_record(f: ScoredFigure | ScoredSentence | ScoredTable) -> list[dict]:
    """The signals behind a key figure's (sentence's, table's) score: ``[{"signal", "value", "share", "note"}]``."""
    return [{"signal": r.signal, "value": round(float(r.value), 4), "share": round(float(r.share), 4),
             "note": r.note} for r in f.why]


def summary_record(summary: Summary, images: dict[str, str] | None = None) -> dict:
    """The SUMMARY object; ``images`` maps figure id -> crop path relative to the JSON file."""
    doc = summary.document
    images = images or {}
    body: dict = {"mode": summary.mode, "text": summary.text}
    if summary.sections:
        body["sections"] = [{"name": sec.name, "sentences": [sentence_record(s) for s in sec.sentences]}
                            for sec in summary.sections]
    models = {"text": summary.models.get("text"), "image": summary.models.get("image"),
              "generator": summary.models.get("generator")}
    if summary.models.get("generator_backend"):
        models["generator_backend"] = summary.models["generator_backend"]
    record = {
        "schema_version": SCHEMA_VERSION,
        "source": {"path": str(doc.path), "pages": doc.page_count, "title": doc.title},
        "models": models,
        "summary": body,
        "sentences": [sentence_record(s) for s in summary.sentences],
        "figures": [{**figure_record(f.figure, f.score, images.get(f.figure.id)), "why": why_record(f)}
                    for f in summary.figures],
        "tables": [{**table_record(t.table, t.score, images.get(t.table.id)), "why": why_record(t)}
                   for t in summary.tables],
        "timings": {k: round(float(v), 4) for k, v in summary.timings.items()},
        "device": summary.device,
        "ocr": {"engine": doc.ocr_engine if doc.ocr_pages else None, "pages": list(doc.ocr_pages)},
        "status": summary.status.value,
        "warnings": summary.notes,
        # pages (0-based) that could not be read whole, with what was lost; the warnings count them
        "damaged_pages": [{"page": p, "problem": why} for p, why in sorted(doc.damaged_pages.items())],
        "flagged": [{"sentence": f.sentence, "terms": list(f.terms), "replaced_by": f.replaced_by}
                    for f in summary.flagged],
        "cited_numbers": [{"sentence": c.sentence, "number": c.number, "id": c.id, "label": c.label,
                           "value": c.value, "at": c.at} for c in summary.cited_numbers],
    }
    if summary.channel_weights:
        # the weight of each figure channel in the fused figure vectors (0: off)
        record["channel_weights"] = {k: round(float(v), 4) for k, v in summary.channel_weights.items()}
    if summary.generation:
        record["generation"] = dict(summary.generation)
    return record


def render_json(summary: Summary, images: dict[str, str] | None = None) -> str:
    """The SUMMARY JSON text."""
    return valid_utf8(json.dumps(summary_record(summary, images), ensure_ascii=False, indent=2)) + "\n"


