"""The caller's side of one worker process (see :mod:`mmsum.workers.child`).

A :class:`WorkerProcess` is started, sent one call at a time, read without blocking, and,
when it dies, reaped with the cause of its death in one line: its exit described, and its
last words (the exception it ended with, or the last line it wrote on stderr while starting).
It is not thread-safe: one thread owns it (the batch's loop, or :class:`~mmsum.workers.serial.SerialWorker`'s
thread).
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import sys
import time
from typing import Any, Callable

from .child import ALL, Setup, main

_numbers = itertools.count(1)  # call numbers, unique in this process (0: none)


def spawn_context():
    """The start method of every worker: spawn, a fresh interpreter (no copy of the caller's
    threads or Qt state)."""
    return multiprocessing.get_context("spawn")


def new_flag(context=None) -> Any:
    """A cancel flag to share between workers: lock-free, so a killed worker cannot leave it held."""
    return (context or spawn_context()).RawValue("q", 0)


def describe_exit(code: int | None) -> str:
    """How a process with exit status ``code`` ended, as the end of a sentence ("... was killed")."""
    if code is None:
        return "stopped responding"
    if code < 0:
        try:
            sig = signal.Signals(-code).name
        except ValueError:
            sig = f"signal {-code}"
        if sig == "SIGKILL":
            return "was killed (SIGKILL: out of memory, or stopped from outside)"
        return f"was stopped by {sig}"
    return f"exited with code {code}"


class WorkerProcess:
    """One long-lived child process running the calls it is sent, one at a time.

    ``flag`` is its cancel flag (shared with others to cancel them all with :data:`ALL`);
    with ``log_dir`` its stderr goes to ``<log_dir>/<name>.log``, relayed to this process's
    stderr by :meth:`receive`. ``job`` is the caller's record of the call it runs (None when
    idle) and ``since`` when that call was sent (monotonic seconds).
    """

    def __init__(self, name: str, setup: Setup | None = None, *, flag: Any = None, log_dir: str | None = None,
                 context=None) -> None:
        self.name, self.setup = name, setup or Setup()
        self.context = context or spawn_context()
        self.flag = flag if flag is not None else new_flag(self.context)
        self.log = os.path.join(log_dir, f"{name}.log") if log_dir else ""
        self.proc: Any = None
        self.conn: Any = None
        self.ready = False  # it said it is set up
        self.dead = False  # its pipe broke
        self.job: Any = None
        self.number = 0  # the number of the call it runs
        self.since = 0.0
        self.said = ""  # the last line it wrote on stderr
        self.crashed = ""  # the exception it ended with, as it said
        self._read = 0  # bytes of the log relayed so far

    def start(self) -> "WorkerProcess":
        ours, theirs = self.context.Pipe(duplex=True)
        self.proc = self.context.Process(target=main, name=f"mmsum-{self.name}", daemon=True,
                                         args=(theirs, self.setup, self.flag, os.getpid(), self.log or None))
        self.proc.start()
        theirs.close()  # the child holds its end; ours sees EOF when the child dies
        self.conn = ours
        return self

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    @property
    def alive(self) -> bool:
        """Started, its pipe whole and its process running."""
        return self.proc is not None and not self.dead and self.proc.is_alive()

    def waitables(self) -> list:
        """What :func:`multiprocessing.connection.wait` wakes on: a message, or the process ending."""
        return [self.conn, self.proc.sentinel]

    def send(self, fn: Callable[..., Any], *args: Any, job: Any = None, context: bool = True,
             number: int | None = None) -> int:
        """Start ``fn(call, *args)`` (``fn(*args)`` without ``context``) in the process; the
        call's number. ``job`` (default: the number) is what :meth:`receive` names the call by.
        Raises OSError or EOFError when the pipe is broken (the call never reached it)."""
        number = number or next(_numbers)
        self.conn.send(("call", number, fn, args, context))
        self.job, self.number, self.since = (number if job is None else job), number, time.monotonic()
        return number

    def cancel(self, number: int = ALL) -> None:
        """Ask call ``number`` (or every call of every worker sharing the flag) to stop at its next check."""
        self.flag.value = number

    def receive(self) -> list[tuple]:
        """The messages that have come, without waiting: ``("ready", value)``,
        ``("init_failed", error)``, ``("message", job, kind, payload)``, ``("done", job, result)``,
        ``("raised", job, error)``. A broken pipe marks the process :attr:`dead`."""
        self.relay()
        out: list[tuple] = []
        while not self.dead:
            try:  # only the pipe's errors mean the process is gone
                if not self.conn.poll():
                    break
                msg = self.conn.recv()
            except (EOFError, OSError):
                self.dead = True
                break
            kind = msg[0]
            if kind == "ready":
                self.ready = True
                out.append(msg)
            elif kind == "crashed":
                self.crashed = msg[1]
            elif kind in ("message", "done", "raised"):
                if msg[1] != self.number:
                    continue  # a call that was given up
                out.append((kind, self.job) + tuple(msg[2:]))
                if kind != "message":
                    self.job, self.number = None, 0
            else:
                out.append(msg)
        return out

    def relay(self) -> None:
        """Pass on what the process wrote on stderr since the last call; keep its last line."""
        if not self.log:
            return
        try:
            with open(self.log, "rb") as fh:
                fh.seek(self._read)
                data = fh.read()
        except OSError:
            return
        if not data:
            return
        self._read += len(data)
        text = data.decode("utf-8", "replace")
        sys.stderr.write(text)
        sys.stderr.flush()
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines:
            self.said = lines[-1][:300]

    def reap(self) -> None:
        """After its pipe broke or its process ended: make sure it has ended (one whose pipe
        broke but runs on is of no use any more). Its last messages stay to :meth:`receive`."""
        self.proc.join(timeout=1.0)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(timeout=2.0)

    def death(self) -> str:
        """Why it ended, in one line ("worker process local-1 was stopped by SIGABRT: ...").

        Its last words: its exception, else (while starting, when stderr says little else) the
        last line it wrote; under a call an older warning would mislead, so not then."""
        reason = f"worker process {self.name} {describe_exit(self.proc.exitcode)}"
        last = self.crashed or (self.said if not self.ready else "")
        return f"{reason}: {last}" if last else reason

    def kill(self) -> None:
        """End the process now, whatever it is doing."""
        if self.proc is not None and self.proc.is_alive():
            self.proc.kill()
            self.proc.join(timeout=5.0)

    def ask_to_stop(self) -> None:
        """Tell it to end after its current call (it then reads no more)."""
        try:
            self.conn.send(None)
        except (OSError, EOFError):
            pass

    def stop(self, wait_s: float = 0.0) -> None:
        """Wait up to ``wait_s`` for it to end by itself (after :meth:`ask_to_stop`), then end
        it; close the pipe."""
        if self.proc is not None:
            self.proc.join(timeout=wait_s)
            if self.proc.is_alive():
                self.proc.terminate()
                self.proc.join(timeout=2.0)
            if self.proc.is_alive():
                self.proc.kill()
                self.proc.join(timeout=2.0)
        self.close()

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
