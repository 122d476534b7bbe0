"""From a summary to what the library stores, and back to a summary for export."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..document import (ChartAxis, ChartSeries, Document, Figure, FigureContent, Mention, PageInfo, Sentence,
                        Status, Table)
from ..summary import FigureReason, Flag, ScoredFigure, ScoredSentence, ScoredTable, Summary, SummarySection
from .store import DocumentRecord, FigureRow, FootnoteRow, Library, SentenceRow, TableRow


def settings_key(models, options, every_sentence: bool = False, ranker_digest: str = "") -> str:
    """The settings that decide what the library stores of a document, as JSON: mmsum's
    version, the summary options, the models asked for (device and cache change how fast,
    not what), whether every sentence was encoded, and the digest of the library's own
    ranker when it ranks (a model trained again ranks differently at the same path)."""
    from ..batch.settings import BatchSettings

    record = BatchSettings(models=models, options=options).record()
    record.pop("formats", None)
    if every_sentence:  # absent otherwise: libraries stored before keep their key
        record["every_sentence"] = True
    if ranker_digest:
        record["ranker_digest"] = ranker_digest
    return json.dumps(record, sort_keys=True)


def record_of(summary: Summary, path: Path, settings: str) -> DocumentRecord:
    """The :class:`DocumentRecord` of a finished ``summary`` of the file at ``path``."""
    from ..export.figures import content_record
    from ..export.summary_json import render_json

    doc = summary.document
    vec = summary.vectors
    sent_vecs = vec.sentences if vec is not None else None
    sentences = [SentenceRow(s.text, s.page, tuple(s.bbox),
                             sent_vecs[i] if sent_vecs is not None and i < len(sent_vecs) else None)
                 for i, s in enumerate(doc.sentences)]
    channels = vec.figures if vec is not None else {}
    shows = [content_record(f) for f in doc.figures]  # kind and description, as the JSON gives them
    figures = [FigureRow(f.id, f.label, f.page, tuple(f.bbox), f.caption, f.text, f.image_png,
                         {ch: rows[k] for ch, rows in channels.items() if k < len(rows)},
                         shows[k]["kind"], shows[k]["description"])
               for k, f in enumerate(doc.figures)]
    table_vecs = vec.tables if vec is not None else None
    tables = [TableRow(t.id, t.label, t.page, tuple(t.bbox), t.caption, [list(r) for r in t.header],
                       [list(r) for r in t.rows] if t.rows is not None else None, t.unread, t.image_png,
                       table_vecs[k] if table_vecs is not None and k < len(table_vecs) else None)
              for k, t in enumerate(doc.tables)]
    note_vecs = vec.footnotes if vec is not None else None
    footnotes = [FootnoteRow(f.text, f.page, tuple(f.bbox),
                             note_vecs[k] if note_vecs is not None and k < len(note_vecs) else None)
                 for k, f in enumerate(doc.footnotes)]
    status = "ok" if summary.status == Status.SUCCESS else "partial"
    return DocumentRecord(
        path=str(path), content_hash=doc.content_hash, settings=settings, status=status,
        reason="; ".join(summary.problems) or None, title=doc.title, pages=doc.page_count, summary=summary.text,
        summary_json=render_json(summary), language=doc.language,
        text_encoder=vec.text_encoder if vec is not None else summary.models.get("text"),
        image_encoder=vec.image_encoder if vec is not None else None,
        sentences=sentences, figures=figures, tables=tables, footnotes=footnotes)


@dataclass(frozen=True)
class LibraryWriter:
    """Stores each finished summary of a batch in the library at ``library`` (a batch's
    ``writer``: it runs in the worker, which commits the document in one transaction)."""

    library: str
    settings: str

    def __call__(self, summary: Summary, job) -> list[Path]:
        with Library(Path(self.library)) as lib:
            lib.put(record_of(summary, Path(job.path), self.settings))
        return []

    def problem(self) -> tuple[str, str | None]:
        """("the library PATH", why it cannot be written now or None): the batch stops on it."""
        from ..writable import file_problem

        return f"the library {self.library}", file_problem(Path(self.library))


def summary_from_record(record: dict, crops: dict[str, bytes]) -> Summary:
    """A :class:`Summary` rebuilt from its stored SUMMARY JSON and figure crops, enough for the
    exporters to write the same Markdown as ``summarize`` did."""
    src = record.get("source", {})
    doc = Document(path=Path(src.get("path", "document")), title=src.get("title"),
                   pages=[PageInfo(i, 0.0, 0.0) for i in range(int(src.get("pages") or 0))])
    ocr = record.get("ocr") or {}
    doc.ocr_pages = list(ocr.get("pages") or [])
    doc.ocr_engine = ocr.get("engine")

    def sentence(s: dict) -> ScoredSentence:
        return ScoredSentence(Sentence(0, s["text"], int(s["page"]), tuple(s["bbox"])), float(s.get("score", 0)))

    figures = []
    for f in record.get("figures", []):
        fig = Figure(id=f["id"], page=int(f["page"]), bbox=tuple(f["bbox"]), label=f.get("label"),
                     caption=f.get("caption", ""), text=f.get("text", ""), image_png=crops.get(f["id"]),
                     mentions=[Mention(int(m["page"]), m["text"], -1) for m in f.get("mentions", [])],
                     content=_content(f))
        figures.append(ScoredFigure(fig, float(f.get("score", 0))))
    tables = [ScoredTable(_table(t, crops), float(t.get("score", 0)), _why(t)) for t in record.get("tables", [])]
    body = record.get("summary", {})
    sections = [SummarySection(sec["name"], [sentence(s) for s in sec.get("sentences", [])])
                for sec in body.get("sections", [])]
    models = dict(record.get("models", {}))
    flagged = [Flag(f["sentence"], list(f.get("terms", [])), f.get("replaced_by")) for f in record.get("flagged", [])]
    return Summary(document=doc, mode=body.get("mode", "extractive"), text=body.get("text", ""),
                   sentences=[sentence(s) for s in record.get("sentences", [])], figures=figures, tables=tables,
                   models=models,
                   device=record.get("device", "cpu"), timings=dict(record.get("timings", {})), flagged=flagged,
                   warnings=list(record.get("warnings", [])), sections=sections,
                   generation=dict(record.get("generation", {})),
                   channel_weights={str(k): float(v) for k, v in (record.get("channel_weights") or {}).items()})


def _table(t: dict, crops: dict[str, bytes]) -> Table:
    """A key table of a stored SUMMARY (its TABLE record, see :mod:`mmsum.export.tables`)."""
    return Table(id=t["id"], page=int(t["page"]), bbox=tuple(t["bbox"]), label=t.get("label"),
                 caption=t.get("caption", ""), header=[list(r) for r in t.get("header") or []],
                 rows=[list(r) for r in t["rows"]] if t.get("rows") is not None else None, unread=t.get("unread"),
                 kind=t.get("kind", "aligned"), image_png=crops.get(t["id"]),
                 mentions=[Mention(int(m["page"]), m["text"], -1) for m in t.get("mentions", [])],
                 pages=[int(p) for p in t.get("pages") or []])


def _why(record: dict) -> list[FigureReason]:
    return [FigureReason(w["signal"], float(w["value"]), float(w.get("share", 0)), w.get("note", ""))
            for w in record.get("why") or []]


def _content(f: dict) -> FigureContent | None:
    """What a key figure of a stored SUMMARY shows (its FIGURE record's kind, description, axes,
    series, read), None when the record has none (stored before figures were read for it)."""
    if "kind" not in f:
        return None
    axes = {k: ChartAxis(a.get("title"), a.get("unit"), a.get("scale", "linear"),
                         tuple(a["range"]) if a.get("range") else None) for k, a in (f.get("axes") or {}).items()}
    series = [ChartSeries(s.get("name"), [tuple(p) for p in s["points"]] if s.get("points") else None)
              for s in f["series"]] if f.get("series") is not None else None
    return FigureContent(f["kind"], f.get("description", ""), axes or None, series, list(f.get("read") or []))
