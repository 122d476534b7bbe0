"""The worker-process stack the app and batches share (mmsum.workers), on real child processes
running small functions of this module (no models): calls and their messages, errors, cancel,
deaths described and recovered from, set-up."""
from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from mmsum.errors import ModelError
from mmsum.progress import Cancelled, check
from mmsum.workers import ALL, SerialWorker, Setup, WorkerCrashed, WorkerProcess

TIMEOUT_S = 60


# --- run in the child ---------------------------------------------------------------------------

def steps(call, n: int) -> int:
    for k in range(n):
        call.progress(k / n, f"step {k}")
    call.send("token", "done")
    return os.getpid()


def fails(call) -> None:
    raise ValueError("not a number: 'x'")


def until_cancelled(call) -> None:
    call.send("started")
    while True:
        check(call.cancelled)
        time.sleep(0.01)


def sleeps(call, seconds: float) -> None:
    call.send("started")
    time.sleep(seconds)


def says_then_ends(call) -> None:
    sys.stderr.write("libfoo: an old warning\n")
    sys.stderr.flush()
    raise SystemExit("the loop's own end")


def cannot_load(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()
    raise ModelError("no weights at /models/none")


def aborts(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()
    os.abort()


def niceness() -> tuple[int, str | None]:
    return os.nice(0), os.environ.get("OMP_NUM_THREADS")


# --- SerialWorker ---------------------------------------------------------------------------------

@pytest.fixture
def worker():
    w = SerialWorker("test")
    yield w
    w.shutdown()


def test_a_call_runs_in_the_worker_and_its_messages_reach_their_handlers(worker):
    seen: list = []
    _, future = worker.submit(steps, 3, handlers={"progress": lambda f, m: seen.append((f, m)),
                                                  "token": seen.append})
    pid = future.result(TIMEOUT_S)
    assert pid != os.getpid() and pid == worker.pid and worker.healthy()
    assert seen == [(0.0, "step 0"), (1 / 3, "step 1"), (2 / 3, "step 2"), "done"]
    _, again = worker.submit(steps, 1)
    assert again.result(TIMEOUT_S) == pid and worker.generation == 1  # the same process, kept


def test_an_error_in_a_call_is_raised_to_the_caller_and_the_worker_goes_on(worker):
    _, future = worker.submit(fails)
    with pytest.raises(ValueError, match="not a number"):
        future.result(TIMEOUT_S)
    assert worker.submit(steps, 0)[1].result(TIMEOUT_S) == worker.pid and worker.generation == 1


def test_a_crash_fails_its_call_with_the_exit_and_the_next_call_gets_a_fresh_process(worker):
    first = worker.submit(steps, 0)[1].result(TIMEOUT_S)
    _, crash = worker.submit(os._exit, 3, context=False)  # what a segfault in a C library looks like
    _, queued = worker.submit(steps, 0)  # waiting behind the crash: runs on the next process
    with pytest.raises(WorkerCrashed, match="stopped unexpectedly: it exited with code 3"):
        crash.result(TIMEOUT_S)
    assert queued.result(TIMEOUT_S) not in (first, None) and worker.generation == 2


def test_a_process_ending_by_its_own_exception_says_it_not_an_older_warning(worker):
    _, future = worker.submit(says_then_ends)
    with pytest.raises(WorkerCrashed) as err:
        future.result(TIMEOUT_S)
    assert "exited with code 1: SystemExit: the loop's own end" in str(err.value)
    assert "old warning" not in str(err.value) and "\n" not in str(err.value)


def test_cancel_stops_a_running_call_at_its_check_and_a_waiting_one_at_once(worker):
    started: list = []
    number, running = worker.submit(until_cancelled, handlers={"started": lambda: started.append(1)})
    waiting_number, waiting = worker.submit(steps, 0)
    deadline = time.monotonic() + TIMEOUT_S
    while not started and time.monotonic() < deadline:
        time.sleep(0.01)
    worker.cancel(waiting_number)
    with pytest.raises(Cancelled):
        waiting.result(1)  # at once, never sent
    worker.cancel(number)
    with pytest.raises(Cancelled):
        running.result(TIMEOUT_S)
    assert worker.generation == 1 and worker.healthy()


def test_a_call_that_ignores_cancel_is_stopped_with_its_process(worker):
    started: list = []
    number, future = worker.submit(sleeps, 120, handlers={"started": lambda: started.append(1)})
    deadline = time.monotonic() + TIMEOUT_S
    while not started and time.monotonic() < deadline:
        time.sleep(0.01)
    t = time.monotonic()
    worker.cancel(number)
    worker.kill_if_running(number)
    with pytest.raises(Cancelled):
        future.result(TIMEOUT_S)
    assert time.monotonic() - t < 10
    assert worker.submit(steps, 0)[1].result(TIMEOUT_S) and worker.generation == 2


def test_a_process_killed_while_idle_is_replaced_at_the_next_call_not_before(worker):
    worker.start()
    assert worker.submit(steps, 0)[1].result(TIMEOUT_S)
    os.kill(worker.pid, signal.SIGKILL)
    deadline = time.monotonic() + TIMEOUT_S
    while worker.healthy() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.5)
    assert not worker.healthy() and worker.generation == 1
    assert worker.submit(steps, 0)[1].result(TIMEOUT_S) and worker.generation == 2


def test_shutdown_cancels_what_is_not_finished(worker):
    started: list = []
    _, running = worker.submit(sleeps, 120, handlers={"started": lambda: started.append(1)})
    _, waiting = worker.submit(steps, 0)
    deadline = time.monotonic() + TIMEOUT_S
    while not started and time.monotonic() < deadline:
        time.sleep(0.01)
    pid = worker.pid
    t = time.monotonic()
    worker.shutdown()
    assert time.monotonic() - t < 10
    for future in (running, waiting):
        with pytest.raises(Cancelled):
            future.result(1)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_the_set_up_runs_first_and_a_failed_one_fails_the_calls_waiting(tmp_path):
    w = SerialWorker("test", Setup(init=cannot_load, init_args=("loading…",)))
    try:
        _, future = w.submit(steps, 0)
        with pytest.raises(ModelError, match="no weights at /models/none"):
            future.result(TIMEOUT_S)
    finally:
        w.shutdown()
    nice = SerialWorker("test", Setup(nice=3, threads=2))
    try:
        assert nice.submit(niceness, context=False)[1].result(TIMEOUT_S) == (os.nice(0) + 3, "2")
    finally:
        nice.shutdown()


# --- WorkerProcess --------------------------------------------------------------------------------

def _until_dead(w: WorkerProcess) -> list[tuple]:
    from multiprocessing.connection import wait

    events: list[tuple] = []
    deadline = time.monotonic() + TIMEOUT_S
    while w.alive and time.monotonic() < deadline:
        wait(w.waitables(), timeout=0.25)
        events += w.receive()
    w.reap()
    return events + w.receive()


def test_a_process_that_dies_starting_is_described_by_its_signal_and_last_line(tmp_path, capfd):
    w = WorkerProcess("local-1", Setup(init=aborts, init_args=("libaccel: cannot open /dev/accel0",)),
                      log_dir=str(tmp_path)).start()
    assert _until_dead(w) == []
    assert w.death() == "worker process local-1 was stopped by SIGABRT: libaccel: cannot open /dev/accel0"
    assert "libaccel: cannot open /dev/accel0" in capfd.readouterr().err  # relayed to ours
    w.close()


def test_a_killed_process_under_a_call_is_described_without_its_older_lines(tmp_path):
    w = WorkerProcess("local-2", log_dir=str(tmp_path)).start()
    from multiprocessing.connection import wait

    while not w.ready:
        wait(w.waitables(), timeout=TIMEOUT_S)
        w.receive()
    w.send(says_then_ends, job="doc.pdf")
    events = _until_dead(w)
    assert events == [] and w.job == "doc.pdf"  # no result: the batch knows which document it held
    assert w.death() == "worker process local-2 exited with code 1: SystemExit: the loop's own end"
    w.close()
    k = WorkerProcess("local-3", flag=w.flag).start()
    k.send(sleeps, 60, job="doc.pdf")
    while not k.ready:
        wait(k.waitables(), timeout=TIMEOUT_S)
        k.receive()
    os.kill(k.pid, signal.SIGKILL)
    _until_dead(k)
    assert k.death() == "worker process local-3 was killed (SIGKILL: out of memory, or stopped from outside)"
    k.close()


def test_one_flag_cancels_every_worker_sharing_it():
    from multiprocessing.connection import wait

    first = WorkerProcess("a").start()
    second = WorkerProcess("b", flag=first.flag).start()
    try:
        for w in (first, second):
            w.send(until_cancelled)
        first.cancel(ALL)
        ended: dict = {}
        deadline = time.monotonic() + TIMEOUT_S
        while len(ended) < 2 and time.monotonic() < deadline:
            wait(first.waitables() + second.waitables(), timeout=0.25)
            for w in (first, second):
                for event in w.receive():
                    if event[0] == "raised":
                        ended[w.name] = event[2]
        assert sorted(ended) == ["a", "b"] and all(isinstance(e, Cancelled) for e in ended.values())
    finally:
        for w in (first, second):
            w.ask_to_stop()
            w.stop(2.0)


def test_ctrl_c_is_left_to_the_caller_unless_the_set_up_lets_it_end_the_worker(tmp_path):
    from multiprocessing.connection import wait

    for interruptible in (False, True):
        w = WorkerProcess(f"w{int(interruptible)}", Setup(interruptible=interruptible), log_dir=str(tmp_path)).start()
        try:
            while not w.ready:
                wait(w.waitables(), timeout=TIMEOUT_S)
                w.receive()
            w.send(sleeps, 60)
            os.kill(w.pid, signal.SIGINT)
            w.proc.join(timeout=15.0)  # a loaded machine may take a while to run it
            if interruptible:
                assert w.proc.exitcode == 130  # quietly: no traceback in its log
                assert "Traceback" not in (tmp_path / "w1.log").read_text()
            else:
                assert w.proc.is_alive()
        finally:
            w.stop()


def test_an_interruptible_worker_ends_on_ctrl_c_even_when_started_with_it_ignored(tmp_path):
    """A process started in the background has Ctrl+C ignored, and its children inherit that;
    a worker whose set-up lets Ctrl+C end it must still end (status 130)."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    code = (
        "import os, signal, sys, time\n"
        "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"  # as a background job starts; its children inherit it
        f"sys.path[:0] = [{str(root)!r}, {str(root / 'tests')!r}]\n"
        "from multiprocessing.connection import wait\n"
        "from mmsum.workers.child import Setup\n"
        "from mmsum.workers.process import WorkerProcess\n"
        "from test_workers import sleeps\n"
        f"w = WorkerProcess('w1', Setup(interruptible=True), log_dir={str(tmp_path)!r}).start()\n"
        "while not w.ready:\n"
        "    wait(w.waitables(), timeout=60); w.receive()\n"
        "w.send(sleeps, 60); time.sleep(0.5)\n"
        "os.kill(w.pid, signal.SIGINT); w.proc.join(timeout=15)\n"
        "print(w.proc.exitcode); w.stop()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "130", done.stderr[-2000:]
