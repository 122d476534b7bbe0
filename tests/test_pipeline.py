"""The whole pipeline on PDFs built for the test: stages, batches, failures, cancel, cache."""
from __future__ import annotations

import json
import re

import pytest

from mmsum.cache import EmbeddingCache
from mmsum.document import Status
from mmsum.errors import OutputError
from mmsum.options import SummaryOptions
from mmsum.batch.inputs import expand_inputs
from mmsum.pipeline import Summarizer
from mmsum.progress import Cancelled
from tests.batching import batch_here
from tests.encoders import summarizer
from tests.pdfbuild import many_pages, two_column_paper


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    folder = tmp_path_factory.mktemp("papers")
    two_column_paper(folder / "paper.pdf")
    return folder / "paper.pdf"


def test_summarize_runs_every_stage_with_progress(paper):
    seen = []
    s = summarizer().summarize(paper, SummaryOptions(words=60, figures=2),
                               progress=lambda f, m: seen.append((f, m)))
    assert s.mode == "extractive" and s.text and len(s.text.split()) <= 60
    assert s.models == {"text": "sentence-transformers/all-MiniLM-L6-v2", "image": "efficientnet-lite0",
                        "generator": None}
    assert s.device == "cpu"
    assert {"read_s", "embed_s", "rank_s", "summary_s"} <= set(s.timings)
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    messages = " ".join(m for _, m in seen)
    for stage in ("reading", "embedding", "ranking", "writing summary"):
        assert stage in messages
    assert 1 <= len(s.figures) <= 2 and all(f.figure.label for f in s.figures)
    assert [f.score for f in s.figures] == sorted((f.score for f in s.figures), reverse=True)
    idx = [x.sentence.index for x in s.sentences]
    assert idx == sorted(idx)


def test_the_pipeline_says_each_stage_as_a_typed_event(paper):
    from mmsum.stages import Stage, StageProgress, StageStarted

    events: list = []
    summarizer().summarize(paper, SummaryOptions(words=40), on_stage=events.append)
    started = [e.stage for e in events if isinstance(e, StageStarted)]
    assert started == [Stage.READ, Stage.EMBED, Stage.RANK, Stage.SUMMARY]
    current = None
    for e in events:
        current = e.stage if isinstance(e, StageStarted) else current
        assert e.stage is current  # progress is always of the stage last started
    fractions = [e.fraction for e in events if isinstance(e, StageProgress)]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_image_encoder_off_is_recorded(paper):
    off = Summarizer.with_encoders(summarizer().text_encoder, None, use_cache=False)  # only the image role differs
    s = off.summarize(paper, SummaryOptions(words=40))
    assert s.models["image"] == "none" and s.figures


def test_batch_reports_failures_and_goes_on(paper, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\nnot really a pdf")
    missing = tmp_path / "missing.pdf"
    seen = []
    results = batch_here([bad, paper, missing], SummaryOptions(words=40), summarizer(), tmp_path / "out",
                              ["json", "md"], on_result=seen.append)
    assert [r.status for r in results] == [Status.FAILURE, Status.SUCCESS, Status.FAILURE]
    assert seen == results
    assert "damaged" in results[0].message and "no such file" in results[2].message
    assert sorted(p.name for p in results[1].outputs) == ["paper.json", "paper.md"]
    data = json.loads((tmp_path / "out" / "paper.json").read_text())
    assert data["schema_version"] == 1 and data["figures"][0]["image"].startswith("paper_figures/")


def test_cancel_keeps_finished_outputs(paper, tmp_path):
    calls = {"n": 0}

    def cancel():
        return calls["n"] >= 1

    results = batch_here([paper, paper.with_name("other.pdf")], SummaryOptions(words=30), summarizer(),
                              tmp_path, ["json"], cancel=cancel,
                              on_result=lambda r: calls.__setitem__("n", calls["n"] + 1))
    assert results[0].status is Status.SUCCESS and (tmp_path / "paper.json").is_file()
    assert results[-1].status is Status.CANCELLED and len(results) == 2  # a value, not a failure
    assert results[-1].reasons[0].kind == "cancelled" and not results[-1].outputs
    with pytest.raises(Cancelled):
        summarizer().summarize(paper, SummaryOptions(), cancel=lambda: True)


def test_cache_skips_the_encoders_the_second_time(paper, tmp_path, monkeypatch):
    cached = Summarizer.with_encoders(summarizer().text_encoder, summarizer().image_encoder,
                                      cache=EmbeddingCache(tmp_path))
    first = cached.summarize(paper, SummaryOptions(words=80))

    def refuse(*a, **k):
        raise AssertionError("encoder called despite a cached entry")

    monkeypatch.setattr(cached.text_encoder, "encode", refuse)
    monkeypatch.setattr(cached.image_encoder, "encode_images", refuse)
    second = cached.summarize(paper, SummaryOptions(words=40))
    assert len(second.text.split()) <= 40 < len(first.text.split())


def test_expand_inputs_finds_documents_in_folders(tmp_path, paper):
    (tmp_path / "a.pdf").write_bytes(paper.read_bytes())
    (tmp_path / "notes.txt").write_text("not a document")
    (tmp_path / "b.PDF").write_bytes(paper.read_bytes())
    found = expand_inputs([tmp_path, tmp_path / "a.pdf", tmp_path / "gone.pdf"])
    assert [p.name for p in found] == ["a.pdf", "b.PDF", "gone.pdf"]


@pytest.mark.slow
def test_long_document(tmp_path):
    pdf = tmp_path / "long.pdf"
    many_pages(pdf, 120, figure_every=10)
    s = summarizer().summarize(pdf, SummaryOptions(words=100, figures=3))
    assert s.document.page_count == 120 and len(s.figures) == 3 and s.text


def test_a_read_error_is_not_called_a_write_error(paper, tmp_path, monkeypatch):
    import errno

    import mmsum.ingest.reader as reader

    def failing_disk(path):
        raise OSError(errno.EIO, "Input/output error", str(path))

    with monkeypatch.context() as m:
        m.setattr(reader, "file_hash", failing_disk)
        (result,) = batch_here([paper], SummaryOptions(words=30), summarizer(), tmp_path / "out", ["json"])
    assert result.status is Status.FAILURE
    assert result.message.startswith(f"cannot read {paper}") and "Input/output error" in result.message
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="cannot write to .*a-file/out"):  # the batch stops: every document would
        batch_here([paper], SummaryOptions(words=30), summarizer(), blocker / "out", ["json"])


def test_a_cancel_while_the_generator_loads_stops_at_once(paper, monkeypatch):
    import threading
    import time

    import mmsum.generate.backends as backends

    loading = threading.Event()

    def slow_load(options, progress=None):  # a load that cannot look at a cancel check
        loading.set()
        time.sleep(10)
        raise AssertionError("the wait should have stopped")

    monkeypatch.setattr(backends, "load_generator", slow_load)
    asked: dict = {}

    def cancel() -> bool:
        if loading.is_set() and "at" not in asked:
            asked["at"] = time.perf_counter()
        return "at" in asked and time.perf_counter() - asked["at"] > 0.2

    with pytest.raises(Cancelled):
        summarizer().summarize(paper, SummaryOptions(words=60, generate=True), cancel=cancel)
    assert time.perf_counter() - asked["at"] < 1.5
