"""Output folders and workers that fail under a batch: a folder that cannot be made, is
read-only, fills up or is deleted mid-batch; workers that cannot start or are killed at each
stage; a library made read-only mid-add. Nothing finished is lost, nothing loops, and each
ends with one line naming the cause. The tmpfs cases need ``mount`` (root); elsewhere they skip."""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mmsum.batch import (BatchSettings, DocumentFinished, DocumentStarted, ProcessEngine, StageProgress, WorkerLost,
                         WorkerReady, run_batch)
from mmsum.batch.manifest import MANIFEST_NAME
from mmsum.cli import main
from mmsum.document import Status
from mmsum.errors import MmsumError, OutputError
from mmsum.options import ModelOptions, SummaryOptions
from mmsum.writable import PROBE_PREFIX, check_output_dir, check_output_file
from tests.encoders import summarizer
from tests.pdfbuild import many_pages, truncated_pdf, two_column_paper

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = BatchSettings(models=ModelOptions(device="cpu"), options=SummaryOptions(words=40, figures=1),
                         formats=("json", "md"), use_cache=False)
NO_FOLDER = Path("/proc/mmsum-no-such-folder/out")  # a folder nobody, root included, can make


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> list[Path]:
    d = tmp_path_factory.mktemp("faults-in")
    two_column_paper(d / "a.pdf")
    many_pages(d / "b.pdf", 3, figure_every=2)
    two_column_paper(d / "c.pdf", logo=False)
    return [d / "a.pdf", d / "b.pdf", d / "c.pdf"]


MOUNTED: list[Path] = []  # of the running test, newest last


@pytest.fixture
def tmpfs(tmp_path):
    """mount(size, ro=False) -> a fresh tmpfs folder; unmounted after the test."""
    def mount(size: str = "64k", ro: bool = False) -> Path:
        d = tmp_path / f"mnt{len(MOUNTED)}"
        d.mkdir()
        opts = f"size={size}" + (",ro" if ro else "")
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(d)], capture_output=True, text=True)
        if proc.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip() or proc.returncode}")
        MOUNTED.append(d)
        return d

    yield mount
    while MOUNTED:
        subprocess.run(["umount", "-l", str(MOUNTED.pop())], capture_output=True)


def read_only(folder: Path) -> None:
    """Make ``folder`` (a mount point) read-only from now on, even with files open for writing
    in it (which a plain remount refuses): a read-only bind mount over it."""
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True, capture_output=True)
    MOUNTED.append(folder)
    subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True, capture_output=True)


def writable_again(folder: Path) -> None:
    subprocess.run(["umount", str(folder)], check=True, capture_output=True)
    MOUNTED.remove(folder)


def fill(folder: Path) -> None:
    """Write into ``folder`` until its file system is full."""
    with open(folder / "filler", "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError:
            pass


# --- the check before any work ---------------------------------------------------------------

def test_a_folder_that_cannot_be_made_or_written_is_refused_and_left_as_it_was(tmp_path):
    with pytest.raises(OutputError, match=r"cannot write to --out-dir /proc/mmsum-no-such-folder/out: "):
        check_output_dir(NO_FOLDER, "--out-dir")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        check_output_dir(blocker / "out")
    with pytest.raises(OutputError, match="it is a folder"):
        check_output_file(tmp_path)
    check_output_dir(tmp_path / "new" / "deeper")  # can be made: fine, and not made yet
    check_output_file(tmp_path / "other" / "library.sqlite")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_a_full_or_read_only_folder_is_refused(tmp_path, tmpfs):
    full = tmpfs("64k")
    fill(full)
    with pytest.raises(OutputError, match="no space left"):
        check_output_dir(full)
    with pytest.raises(OutputError, match="read-only"):
        check_output_dir(tmpfs("64k", ro=True) / "sub")
    assert not [p for p in full.iterdir() if p.name.startswith(PROBE_PREFIX)]


def _no_models(monkeypatch) -> None:
    """A model load or a batch engine started fails the test: the check must come first."""
    from mmsum.batch import LocalEngine
    from mmsum.pipeline import Summarizer

    def forbidden(*a, **k):
        raise AssertionError("a model was loaded or a worker started before the output folder was checked")

    monkeypatch.setattr(Summarizer, "load", forbidden)
    monkeypatch.setattr(LocalEngine, "run", forbidden)
    monkeypatch.setattr(ProcessEngine, "run", forbidden)


@pytest.mark.parametrize("argv", [
    ["summarize", "{a}", "--out-dir", "{out}"],
    ["summarize", "{a}", "{b}", "--workers", "2", "--out-dir", "{out}"],
    ["figures", "{a}", "--out-dir", "{out}"],
    ["library", "add", "--library", "{out}/lib.sqlite", "{a}", "{b}"],
    ["library", "export", "--library", "{lib}", "{out}"],
])
@pytest.mark.parametrize("where", ["cannot be made", "read-only", "full"])
def test_every_command_checks_its_output_folder_first(docs, tmp_path, tmpfs, monkeypatch, capsys, argv, where):
    if where == "cannot be made":
        out = NO_FOLDER
    elif where == "read-only":
        out = tmpfs("64k", ro=True)
    else:
        out = tmpfs("64k")
        fill(out)
    lib = tmp_path / "lib.sqlite"
    from mmsum.library.store import Library

    Library(lib).close()  # an empty library to export
    _no_models(monkeypatch)
    args = [a.format(a=docs[0], b=docs[1], out=out, lib=lib) for a in argv]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("mmsum: cannot write to ") and str(out) in err, err


def test_summaries_beside_an_unwritable_input_are_refused_first(docs, tmpfs, monkeypatch, capsys):
    folder = tmpfs("1m")
    shutil.copy(docs[0], folder / "a.pdf")
    read_only(folder)
    _no_models(monkeypatch)
    assert main(["summarize", str(folder / "a.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "beside the documents" in err and "--out-dir" in err


# --- a folder that fails mid-batch --------------------------------------------------------------

def _after_first(action):
    done = []

    def on_event(event):
        if isinstance(event, DocumentFinished) and not done:
            done.append(event.result)
            action()
    return on_event


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_a_folder_that_fills_up_or_turns_read_only_mid_batch_stops_it_keeping_what_finished(
        docs, tmpfs, fault):
    out = tmpfs("4m")
    action = (lambda: fill(out)) if fault == "full" else (lambda: read_only(out))
    events: list = []
    on = _after_first(action)
    with pytest.raises(OutputError, match="no space left" if fault == "full" else "read-only") as err:
        run_batch(docs, SETTINGS, out_dir=out, engine=_in_process(), on_event=lambda e: (events.append(e), on(e)))
    assert "\n" not in str(err.value) and "the batch stopped" in str(err.value)
    finished = [e.result for e in events if isinstance(e, DocumentFinished)]
    assert len(finished) == 2 and finished[0].status is Status.SUCCESS  # the third never started
    assert (out / "a.md").is_file() and (out / "a.json").is_file()
    assert [json.loads(line)["path"] for line in (out / MANIFEST_NAME).read_text().splitlines()][0] == str(docs[0])


def test_a_folder_deleted_mid_batch_is_made_again_for_what_finishes_after(docs, tmp_path):
    out = tmp_path / "out"
    on = _after_first(lambda: shutil.rmtree(out))
    report = run_batch(docs[:2], SETTINGS, out_dir=out, engine=_in_process(), on_event=on)
    assert [r.status for r in report.results] == [Status.SUCCESS, Status.SUCCESS]
    assert (out / "b.md").is_file() and not (out / "a.md").exists()
    lines = (out / MANIFEST_NAME).read_text().splitlines()
    assert [json.loads(line)["path"] for line in lines] == [str(docs[1])]  # the new folder's record


def _in_process():
    from mmsum.batch import InProcessEngine

    return InProcessEngine(summarizer())


def test_a_truncated_pdf_is_one_short_line_and_its_pages_are_in_the_json_and_manifest(tmp_path, capsys):
    from mmsum.commands.summarize import print_table

    cut = truncated_pdf(tmp_path / "cut.pdf")
    out = tmp_path / "out"
    (r,) = run_batch([cut], SETTINGS, out_dir=out, engine=_in_process()).results
    assert r.status is Status.PARTIAL and len(r.damaged_pages) >= 10
    print_table([r])
    line = capsys.readouterr().out.splitlines()[1]
    assert r.message.startswith(f"{len(r.damaged_pages)} pages could not be read completely (from page ")
    assert r.message in line and len(r.message) < 200
    record = json.loads((out / MANIFEST_NAME).read_text())
    assert record["damaged_pages"] == r.damaged_pages
    js = json.loads((out / "cut.json").read_text())
    assert [d["page"] for d in js["damaged_pages"]] == r.damaged_pages and all(d["problem"] for d in js["damaged_pages"])


# --- workers ------------------------------------------------------------------------------------

class DoomedModels(ModelOptions):
    """Model options that end the worker process reading them, as a broken native library
    would: a line on stderr, then death (SIGABRT). Harmless in the batch's own process."""

    def __getattribute__(self, name):
        if not name.startswith("__") and multiprocessing.parent_process() is not None:
            sys.stderr.write("libaccel: cannot open /dev/accel0: no such device\n")
            sys.stderr.flush()
            os.abort()
        return super().__getattribute__(name)


@pytest.mark.slow
def test_workers_that_cannot_start_stop_the_batch_with_what_they_said(docs, tmp_path):
    settings = BatchSettings(models=DoomedModels(device="cpu"), options=SETTINGS.options, use_cache=False)
    events: list = []
    t = time.monotonic()
    with pytest.raises(MmsumError) as err:
        run_batch(docs, settings, out_dir=tmp_path / "out", engine=ProcessEngine(2), on_event=events.append)
    message = str(err.value)
    assert "\n" not in message and "keep stopping while loading the models" in message
    assert "SIGABRT" in message and "libaccel: cannot open /dev/accel0" in message
    assert len([e for e in events if isinstance(e, WorkerLost)]) == 2  # after the first repeat, no more
    assert time.monotonic() - t < 120
    assert not (tmp_path / "out").exists()  # the folder is as it was


@pytest.mark.slow
def test_an_output_folder_lost_after_the_workers_started_is_one_error_not_a_loop(docs):
    # the manifest is opened when the first worker is ready: a folder that cannot be made
    # then used to be taken for a dead pipe, and the workers were killed and started forever
    events: list = []
    with pytest.raises(OutputError, match="cannot write to /proc/mmsum-no-such-folder/out"):
        run_batch(docs, SETTINGS, out_dir=NO_FOLDER, engine=ProcessEngine(2), on_event=events.append)
    assert not [e for e in events if isinstance(e, WorkerLost)]


def killer_at(stage: str):
    """Kill (SIGKILL) the worker on the first attempt of each document when it reports ``stage``."""
    pids: dict[str, int] = {}
    running: dict[int, tuple[str, int]] = {}

    def on_event(e):
        if isinstance(e, WorkerReady):
            pids[e.worker] = e.pid
        elif isinstance(e, DocumentStarted):
            running[e.index] = (e.worker, e.attempt)
        elif isinstance(e, StageProgress) and e.stage == stage and running.get(e.index, ("", 0))[1] == 1:
            worker, _ = running.pop(e.index)
            os.kill(pids[worker], signal.SIGKILL)
    return on_event


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["read", "embed", "rank", "summary", "write"])
def test_a_worker_killed_at_each_stage_is_replaced_and_its_document_done_again(docs, tmp_path, stage):
    out = tmp_path / "out"
    events: list = []
    kill = killer_at(stage)
    report = run_batch(docs[:1], SETTINGS, out_dir=out, engine=ProcessEngine(1),
                       on_event=lambda e: (events.append(e), kill(e)))
    (a,) = report.results
    lost = [e for e in events if isinstance(e, WorkerLost)]
    assert len(lost) == 1 and "SIGKILL" in lost[0].reason
    assert a.status is Status.SUCCESS and a.attempts == 2 and (out / "a.md").is_file()


@pytest.mark.slow
def test_a_library_made_read_only_mid_add_keeps_what_was_stored(docs, tmpfs):
    from mmsum.library.add import add_to_library
    from mmsum.library.store import Library

    folder = tmpfs("16m")
    lib = folder / "lib.sqlite"
    on = _after_first(lambda: read_only(folder))
    with pytest.raises(MmsumError, match="library") as err:
        add_to_library(lib, docs, workers=1, on_event=on, use_cache=False)
    assert "\n" not in str(err.value)
    writable_again(folder)
    with Library(lib, readonly=True) as opened:
        stored = opened.documents()
    assert [d["path"] for d in stored if d["status"] != "failed"] == [str(docs[0])]


@pytest.mark.slow
def test_the_command_line_says_it_in_one_line(docs):
    proc = subprocess.run([sys.executable, "-m", "mmsum", "summarize", str(docs[0]), str(docs[1]), "--workers", "2",
                           "--out-dir", str(NO_FOLDER)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "cannot write to --out-dir" in proc.stderr
