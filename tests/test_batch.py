"""Batches on PDFs built for the test: the event stream, the manifest and resume, cancel,
worker processes that die, kill -9 of the whole batch, and the same batch on a local Ray
cluster. The models are the real bundled ones."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mmsum.batch import (BatchFinished, BatchSettings, BatchStarted, DocumentFinished, DocumentStarted,
                         InProcessEngine, ProcessEngine, StageProgress, WorkerLost, WorkerReady, collect_documents,
                         run_batch)
from mmsum.batch.manifest import MANIFEST_NAME
from mmsum.batch.result import ReasonKind
from mmsum.document import Status
from mmsum.options import ModelOptions, SummaryOptions
from mmsum.stages import Stage
from tests.encoders import summarizer
from tests.pdfbuild import many_pages, two_column_paper

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = BatchSettings(models=ModelOptions(device="cpu"), options=SummaryOptions(words=40, figures=1),
                         formats=("json", "md"), use_cache=False)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Three small documents and one broken file."""
    d = tmp_path_factory.mktemp("batch-in")
    two_column_paper(d / "a.pdf")
    many_pages(d / "b.pdf", 3, figure_every=2)
    two_column_paper(d / "c.pdf", logo=False)
    (d / "broken.pdf").write_bytes(b"%PDF-1.4\nnot a PDF at all\n")
    return d


def in_process():
    return InProcessEngine(summarizer())


def manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / MANIFEST_NAME).read_text().splitlines()]


def check_stream(events: list, n: int) -> None:
    """The contract of mmsum.batch.events: start, per document one finish after its start, end."""
    assert isinstance(events[0], BatchStarted) and events[0].total == n
    assert isinstance(events[-1], BatchFinished) and all(not isinstance(e, BatchFinished) for e in events[:-1])
    finishes = [e.index for e in events if isinstance(e, DocumentFinished)]
    assert sorted(finishes) == list(range(n))  # exactly one each
    for i in range(n):
        mine = [e for e in events if getattr(e, "index", None) == i and not isinstance(e, WorkerLost)]
        assert isinstance(mine[-1], DocumentFinished)
        if not mine[-1].result.reused and mine[-1].result.status is not Status.CANCELLED:
            assert isinstance(mine[0], DocumentStarted)
        fractions = [e.fraction for e in mine if isinstance(e, StageProgress)]
        # within one attempt, a document's progress only goes forward
        starts = [k for k, e in enumerate(mine) if isinstance(e, DocumentStarted)]
        for a, b in zip(starts, starts[1:] + [len(mine)]):
            run = [e.fraction for e in mine[a:b] if isinstance(e, StageProgress)]
            assert run == sorted(run)
        assert all(0.0 <= f <= 1.0 for f in fractions)
    assert events[-1].results == [next(e.result for e in events if isinstance(e, DocumentFinished) and e.index == i)
                                  for i in range(n)]


def test_events_manifest_and_resume(folder, tmp_path):
    out = tmp_path / "out"
    events: list = []
    report = run_batch(collect_documents([folder]), SETTINGS, out_dir=out, engine=in_process(),
                       on_event=events.append)
    check_stream(events, 4)
    names = [r.path.name for r in report.results]
    assert names == ["a.pdf", "b.pdf", "broken.pdf", "c.pdf"]
    status = {r.path.name: r.status for r in report.results}
    assert status == {"a.pdf": Status.SUCCESS, "b.pdf": Status.SUCCESS, "broken.pdf": Status.FAILURE,
                      "c.pdf": Status.SUCCESS}
    broken = report.results[2]
    assert broken.reasons[0].stage == "read" and broken.reasons[0].kind == "error" and "damaged" in broken.message
    stages = [e.stage for e in events if isinstance(e, StageProgress) and e.index == 0]
    assert set(stages) == {Stage.READ, Stage.EMBED, Stage.RANK, Stage.SUMMARY, Stage.WRITE}
    assert all(type(s) is Stage for s in stages)  # typed, as the pipeline said it, not read from a number
    assert type(broken.reasons[0].stage) is Stage and broken.reasons[0].kind is ReasonKind.ERROR
    assert isinstance(next(e for e in events if isinstance(e, WorkerReady)), WorkerReady)
    records = {Path(r["path"]).name: r for r in manifest(out)}
    assert set(records) == set(names)
    a = records["a.pdf"]
    assert a["status"] == "success" and sorted(a["outputs"]) == ["a.json", "a.md"] and len(a["content_hash"]) == 64
    assert a["settings"]["options"]["words"] == 40 and a["settings"]["formats"] == ["json", "md"]
    assert {"read_s", "embed_s", "total_s"} <= set(a["timings"]) and a["attempts"] == 1
    assert records["broken.pdf"]["reasons"][0]["stage"] == "read"

    # resumed: nothing complete is redone, only the failed document is tried again
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    again: list = []
    report2 = run_batch(collect_documents([folder]), SETTINGS, out_dir=out, engine=in_process(), on_event=again.append)
    check_stream(again, 4)
    assert [e.path.name for e in again if isinstance(e, DocumentStarted)] == ["broken.pdf"]
    assert [r.reused for r in report2.results] == [True, True, False, True]
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")} == mtimes
    assert len(manifest(out)) == 5  # one line more, for the document tried again

    # a missing output and a changed setting are not current (a changed document: the next test)
    (out / "c.md").unlink()
    third: list = []
    run_batch(collect_documents([folder]), SETTINGS, out_dir=out, engine=in_process(), on_event=third.append)
    assert [e.path.name for e in third if isinstance(e, DocumentStarted)] == ["broken.pdf", "c.pdf"]
    other = BatchSettings(models=SETTINGS.models, options=SummaryOptions(words=30, figures=1),
                          formats=SETTINGS.formats, use_cache=False)
    fourth: list = []
    run_batch([folder / "a.pdf"], other, out_dir=out, engine=in_process(), on_event=fourth.append)
    assert [e.path.name for e in fourth if isinstance(e, DocumentStarted)] == ["a.pdf"]
    assert len(manifest(out)) == 5  # compacted to one line per document at the start, then a.pdf again


def test_touched_but_unchanged_file_is_current(folder, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    doc = src / "a.pdf"
    doc.write_bytes((folder / "a.pdf").read_bytes())
    out = tmp_path / "out"
    run_batch([doc], SETTINGS, out_dir=out, engine=in_process())
    os.utime(doc, ns=(time.time_ns(), time.time_ns() + 10**9))  # copied again, same bytes
    again: list = []
    assert run_batch([doc], SETTINGS, out_dir=out, engine=in_process(), on_event=again.append).results[0].reused
    doc.write_bytes((folder / "c.pdf").read_bytes())  # new content under the same name
    assert not run_batch([doc], SETTINGS, out_dir=out, engine=in_process()).results[0].reused


def test_cancel_is_its_own_status_and_keeps_finished_outputs(folder, tmp_path):
    out = tmp_path / "out"
    events: list = []

    def on_event(e):
        events.append(e)

    def cancel() -> bool:  # the user cancels while the second document is being read
        return any(isinstance(e, StageProgress) and e.index == 1 for e in events)

    report = run_batch(collect_documents([folder]), SETTINGS, out_dir=out, engine=in_process(),
                       on_event=on_event, cancel=cancel)
    check_stream(events, 4)
    assert report.cancelled and events[-1].cancelled
    assert [r.status for r in report.results] == [Status.SUCCESS, Status.CANCELLED, Status.CANCELLED,
                                                  Status.CANCELLED]
    b, broken = report.results[1], report.results[2]
    assert b.reasons[0].kind == "cancelled" and b.reasons[0].stage in ("read", "embed") and not b.outputs
    assert broken.reasons[0].stage == "queue" and broken.attempts == 0  # never started
    assert not [e for e in events if isinstance(e, DocumentStarted) and e.index >= 2]
    assert (out / "a.md").is_file() and not (out / "b.md").exists()
    assert [r["status"] for r in manifest(out)] == ["success", "cancelled", "cancelled", "cancelled"]
    again: list = []
    run_batch(collect_documents([folder]), SETTINGS, out_dir=out, engine=in_process(), on_event=again.append)
    assert [e.path.name for e in again if isinstance(e, DocumentStarted)] == ["b.pdf", "broken.pdf", "c.pdf"]


def test_recursive_walk_mirrors_folders_and_keeps_names_apart(folder, tmp_path):
    src = tmp_path / "tree"
    (src / "x" / ".hidden").mkdir(parents=True)
    (src / "y").mkdir()
    for rel in ("a.pdf", "x/a.pdf", "x/.hidden/a.pdf", "y/A.pdf"):
        (src / rel).write_bytes((folder / "b.pdf").read_bytes())
    found = collect_documents([src], recursive=True, out_dir=src / "out")
    assert [s.path.relative_to(src).as_posix() for s in found] == ["a.pdf", "x/a.pdf", "y/A.pdf"]
    assert [s.path.name for s in collect_documents([src])] == ["a.pdf"]
    report = run_batch(found + collect_documents([folder / "b.pdf"]), SETTINGS, out_dir=src / "out",
                       engine=in_process())
    outputs = sorted(p.relative_to(src / "out").as_posix() for r in report.results for p in r.outputs)
    assert outputs == ["a.json", "a.md", "b.json", "b.md", "x/a.json", "x/a.md", "y/A.json", "y/A.md"]


def test_a_second_batch_on_the_same_folder_is_refused(folder, tmp_path):
    from mmsum.batch.manifest import Manifest
    from mmsum.errors import MmsumError

    held = Manifest(tmp_path)
    held.open()
    try:
        with pytest.raises(MmsumError, match="another batch is writing"):
            run_batch([folder / "a.pdf"], SETTINGS, out_dir=tmp_path, engine=in_process())
    finally:
        held.close()


# --- worker processes -------------------------------------------------------------------------

def killer(plan: dict[tuple[int, int], bool]):
    """An event subscriber that SIGKILLs the worker running document i, attempt k, when its
    first stage progress arrives (so mid-document), for each (i, k) in ``plan``."""
    pids: dict[str, int] = {}
    running: dict[int, tuple[str, int]] = {}

    def on_event(e):
        if isinstance(e, WorkerReady):
            pids[e.worker] = e.pid
        elif isinstance(e, DocumentStarted):
            running[e.index] = (e.worker, e.attempt)
        elif isinstance(e, StageProgress) and e.index in running:
            worker, attempt = running.pop(e.index)
            if plan.pop((e.index, attempt), False):
                os.kill(pids[worker], signal.SIGKILL)

    return on_event


@pytest.mark.slow
def test_a_killed_worker_is_reported_and_its_document_retried_or_failed(folder, tmp_path):
    out = tmp_path / "out"
    events: list = []
    docs = [folder / "a.pdf", folder / "b.pdf"]
    plan = {(0, 1): True, (1, 1): True, (1, 2): True}  # a: killed once; b: killed on both starts
    kill = killer(plan)
    report = run_batch(docs, SETTINGS, out_dir=out, engine=ProcessEngine(1),
                       on_event=lambda e: (events.append(e), kill(e)))
    check_stream(events, 2)
    assert not plan  # every kill happened
    a, b = report.results
    assert a.status is Status.SUCCESS and a.attempts == 2 and (out / "a.md").is_file()
    assert b.status is Status.FAILURE and b.attempts == 2
    assert b.reasons[0].stage == "worker" and "SIGKILL" in b.message and "after 2 starts" in b.message
    lost = [e for e in events if isinstance(e, WorkerLost)]
    assert [e.index for e in lost] == [0, 1, 1]
    starts = [(e.index, e.attempt) for e in events if isinstance(e, DocumentStarted)]
    assert starts == [(0, 1), (0, 2), (1, 1), (1, 2)]
    assert len({e.pid for e in events if isinstance(e, WorkerReady)}) == 3  # a fresh one per retry, none after
    assert [r["attempts"] for r in manifest(out)] == [2, 2]


@pytest.mark.slow
def test_two_worker_processes_write_what_one_process_writes(folder, tmp_path):
    docs = [folder / "a.pdf", folder / "b.pdf", folder / "broken.pdf"]
    one = run_batch(docs, SETTINGS, out_dir=tmp_path / "one", engine=in_process())
    events: list = []
    two = run_batch(docs, SETTINGS, out_dir=tmp_path / "two", engine=ProcessEngine(2), on_event=events.append)
    check_stream(events, 3)
    assert [r.status for r in two.results] == [r.status for r in one.results]
    assert len({r.worker for r in two.results}) == 2 and all(r.memory_mb > 0 for r in two.results)
    assert {e.worker for e in events if isinstance(e, WorkerReady)} == {"local-1", "local-2"}
    same_outputs(tmp_path / "one", tmp_path / "two", ["a", "b"])


def same_outputs(x: Path, y: Path, stems: list[str]) -> None:
    for stem in stems:
        jx, jy = (json.loads((d / f"{stem}.json").read_text()) for d in (x, y))
        for j in (jx, jy):
            j.pop("timings", None)
        assert jx == jy
        assert (x / f"{stem}.md").read_text() == (y / f"{stem}.md").read_text()
        assert sorted(p.name for p in (x / f"{stem}_figures").iterdir()) == \
            sorted(p.name for p in (y / f"{stem}_figures").iterdir())


@pytest.mark.slow
def test_kill_9_of_the_whole_batch_then_resume_loses_only_documents_in_progress(folder, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for k in range(6):
        (src / f"doc{k}.pdf").write_bytes((folder / ("a.pdf" if k % 2 else "b.pdf")).read_bytes() + b"\n%" +
                                          str(k).encode())  # distinct content, same pages
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "mmsum", "summarize", str(src), "--out-dir", str(out), "--format", "json,md",
           "--words", "40", "--workers", "2", "--no-cache", "--quiet"]
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None:
        if (out / MANIFEST_NAME).is_file() and len((out / MANIFEST_NAME).read_text().splitlines()) >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, at once
    proc.wait()
    done_before = {json.loads(line)["path"] for line in (out / MANIFEST_NAME).read_text().splitlines()
                   if line.endswith("}")}
    assert 2 <= len(done_before) < 6
    mtimes = {p: p.stat().st_mtime_ns for p in out.glob("*.json")}

    resumed = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    records = manifest(out)
    redone = {r["path"] for r in records if r["path"] not in done_before}
    assert len(records) == 6 and all(r["status"] == "success" for r in records)
    assert redone == {str(p) for p in src.glob("*.pdf")} - done_before  # exactly the ones not recorded
    for p, t in mtimes.items():  # finished ones were not written again
        if str(src / (p.stem + ".pdf")) in done_before:
            assert p.stat().st_mtime_ns == t


def test_a_document_past_its_time_fails_with_a_timeout_reason(folder, tmp_path):
    import dataclasses

    quick = dataclasses.replace(SETTINGS, timeout_s=0.001)
    report = run_batch([folder / "b.pdf"], quick, out_dir=tmp_path, engine=in_process())
    r = report.results[0]
    assert r.status is Status.FAILURE and r.reasons[0].stage == "timeout" and "0.001 s" in r.message
    assert not r.outputs and not (tmp_path / "b.md").exists()



def stuck_writer(summary, job) -> list:
    """A writer caught in a long call that never looks at the cancel check (a C call, a hung
    disk): its worker can only be killed."""
    time.sleep(600)
    return []


@pytest.mark.slow
def test_a_worker_stuck_past_the_time_limit_is_killed_and_the_next_document_gets_a_fresh_one(folder, tmp_path):
    import dataclasses

    stuck = dataclasses.replace(SETTINGS, timeout_s=20, writer=stuck_writer)
    events: list = []
    t = time.monotonic()
    report = run_batch([folder / "a.pdf", folder / "b.pdf"], stuck, out_dir=tmp_path,
                       engine=ProcessEngine(1, kill_grace_s=0), on_event=events.append)
    check_stream(events, 2)
    assert time.monotonic() - t < 200  # two limits and their grace (5 s each), the loads: not the writer's 600 s
    for r in report.results:
        assert r.status is Status.FAILURE and r.reasons[0].stage == "timeout" and "longer than 20 s" in r.message
    lost = [e for e in events if isinstance(e, WorkerLost)]
    assert [(e.index, e.reason) for e in lost] == [
        (0, "worker process local-1 was stopped: its document took longer than 20 s"),
        (1, "worker process local-2 was stopped: its document took longer than 20 s")]
    assert len({e.pid for e in events if isinstance(e, WorkerReady)}) == 2

# --- Ray ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ray_cluster():
    """A local Ray cluster with 2 CPUs for the module's tests (the engine joins it, and leaves
    it running because it did not start it)."""
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.mark.slow
def test_ray_batch_writes_what_the_local_engine_writes_and_retries_a_dead_worker(ray_cluster, folder, tmp_path):
    from mmsum.batch.ray_engine import RayEngine

    docs = [folder / "a.pdf", folder / "b.pdf", folder / "broken.pdf"]
    local = run_batch(docs, SETTINGS, out_dir=tmp_path / "local", engine=in_process())
    events: list = []
    kill = killer({(0, 1): True})  # the actor holding a.pdf dies mid-document
    report = run_batch(docs, SETTINGS, out_dir=tmp_path / "ray", engine=RayEngine(workers=2),
                       on_event=lambda e: (events.append(e), kill(e)))
    check_stream(events, 3)
    assert [r.status for r in report.results] == [r.status for r in local.results]
    assert report.results[0].attempts == 2 and report.results[0].worker.startswith("ray-")
    lost = [e for e in events if isinstance(e, WorkerLost)]
    assert [e.index for e in lost] == [0] and "ray-" in lost[0].reason
    assert any(isinstance(e, StageProgress) and e.stage == "read" for e in events)  # polled from the actors
    same_outputs(tmp_path / "local", tmp_path / "ray", ["a", "b"])
    records = manifest(tmp_path / "ray")
    assert [r["status"] for r in records] == ["success", "failure", "success"] or \
        sorted(r["status"] for r in records) == ["failure", "success", "success"]
    assert ray_cluster.is_initialized()  # joined, not owned: still running for its owner

    # resumed on Ray: nothing complete is redone
    again: list = []
    run_batch(docs, SETTINGS, out_dir=tmp_path / "ray", engine=RayEngine(workers=2), on_event=again.append)
    assert [e.path.name for e in again if isinstance(e, DocumentStarted)] == ["broken.pdf"]


def test_missing_ray_is_a_one_line_message(monkeypatch, tmp_path, capsys):
    import mmsum.batch.ray_engine  # noqa: F401 - loaded, as after a Ray batch: the CLI must still find its engine
    from mmsum.cli import main

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now fails
    doc = tmp_path / "a.pdf"
    many_pages(doc, 1)
    assert main(["summarize", str(doc), "--out-dir", str(tmp_path / "out"), "--engine", "ray"]) == 2
    err = capsys.readouterr().err
    ours = [line for line in err.splitlines() if line.startswith("mmsum:")]
    assert len(ours) == 1 and ours[0].startswith("mmsum: --engine ray needs Ray")
    assert 'pip install "mmsum[ray]"' in ours[0] and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_batch_options_are_checked(tmp_path, capsys):
    from mmsum.cli import main

    doc = tmp_path / "a.pdf"
    many_pages(doc, 1)
    for args, message in ((["--workers", "0"], "--workers must be at least 1"),
                          (["--timeout", "0"], "--timeout must be more than 0"),
                          (["--address", "auto"], "--address is for --engine ray"),
                          (["--engine", "ray"], "--engine ray needs --out-dir")):
        assert main(["summarize", str(doc), *args]) == 2
        assert message in capsys.readouterr().err


def test_board_turns_events_into_rows():
    from mmsum.batch import DocumentResult, Reason
    from mmsum.batch.board import BatchBoard

    a, b, c = Path("/d/a.pdf"), Path("/d/b.pdf"), Path("/d/c.pdf")
    board = BatchBoard([a, b, c])
    assert board.apply(BatchStarted(3, 3, 0, "local", 2)) == []
    assert board.apply(DocumentStarted(0, a, "local-1")) == [0] and board.rows[0].state == "running"
    board.apply(StageProgress(0, a, "embed", 0.5, "embedding"))
    assert (board.rows[0].detail, board.rows[0].fraction) == ("Embedding", 0.5)
    board.apply(WorkerLost("local-1", 0, "worker process local-1 was killed"))
    board.apply(DocumentStarted(0, a, "local-3", attempt=2))
    assert board.rows[0].label == "Running (start 2)"
    board.apply(DocumentFinished(0, DocumentResult(a, Status.SUCCESS, outputs=[Path("/o/a.md")], seconds=2.0)))
    board.apply(DocumentFinished(1, DocumentResult(b, Status.FAILURE, reasons=[
        Reason("read", f"{b}: the PDF is damaged")])))
    board.apply(DocumentFinished(2, DocumentResult(c, Status.CANCELLED, attempts=0, reasons=[
        Reason("queue", "cancelled before it started", "cancelled")])))
    rows = [(r.state, r.label, r.detail, r.seconds) for r in board.rows]
    assert rows == [("success", "Done", "a.md", 2.0), ("failure", "Failed", "the PDF is damaged", 0.0),
                    ("cancelled", "Cancelled", "no output (cancelled before it started)", None)]
    assert board.fraction == 1.0 and board.count("cancelled") == 1


def test_a_reason_is_typed_and_reads_back_what_a_manifest_wrote():
    from mmsum.batch import Reason

    r = Reason("read", "page 3 is damaged", "warning")
    assert (r.stage, r.kind) == (Stage.READ, ReasonKind.WARNING)
    assert Reason.from_json(r.to_json()) == r and r.to_json() == {"stage": "read", "kind": "warning",
                                                                  "message": "page 3 is damaged"}
    assert json.dumps(r.to_json()) == '{"stage": "read", "kind": "warning", "message": "page 3 is damaged"}'
    assert Reason.from_json({"stage": "unheard-of", "message": "x", "kind": "odd"}) == \
        Reason(Stage.WORKER, "x", ReasonKind.ERROR)
    with pytest.raises(ValueError):
        Reason("reading", "a stage that does not exist")


def test_default_workers_follow_cores_memory_and_documents(monkeypatch):
    from mmsum.batch import resources

    monkeypatch.setattr(resources, "usable_cores", lambda: 8)
    monkeypatch.setattr(resources, "available_memory_mb", lambda: 10_000.0)
    assert resources.default_workers(100, worker_mb=2000) == 4  # 80 % of 10 GB holds four
    assert resources.default_workers(3, worker_mb=2000) == 3
    monkeypatch.setattr(resources, "available_memory_mb", lambda: 500.0)
    assert resources.default_workers(100, worker_mb=2000) == 1  # never none


def test_an_engine_that_stops_early_leaves_no_document_without_an_end(tmp_path):
    """Every job the engine never ran ends as a failure that says so (the worker stage)."""
    from mmsum.batch import BatchSettings, run_batch
    from mmsum.document import Status
    from mmsum.options import ModelOptions, SummaryOptions
    from mmsum.stages import Stage

    class StopsAtOnce:
        name = "stops-at-once"

        def planned_workers(self, n_jobs: int) -> int:
            return 1

        def run(self, jobs, settings, emit, cancel) -> None:
            return None  # ends without a word about any job

    paper = tmp_path / "paper.pdf"
    two_column_paper(paper)
    settings = BatchSettings(models=ModelOptions(), options=SummaryOptions(words=30), formats=("json",))
    report = run_batch([paper], settings, out_dir=tmp_path / "out", engine=StopsAtOnce(), resume=False,
                       manifest=False)
    (result,) = report.results
    assert result.status is Status.FAILURE
    assert result.reasons[0].stage is Stage.WORKER and "stopped before this document ran" in result.message
