"""One long-lived worker process serving calls from any thread, one at a time, in order.

:class:`SerialWorker` keeps models and indexes loaded in its process between calls (a
desktop's summaries and searches). A thread of its own sends each call when the process is
free, hands a call's messages to that call's handlers (on that thread: they must be
thread-safe) and settles the call's :class:`~concurrent.futures.Future`. A process that dies
fails the call it was running with :class:`WorkerCrashed` (or :class:`~mmsum.progress.Cancelled`
when it was killed to stop that call) and is replaced before the next call.
"""
from __future__ import annotations

import itertools
import logging
import shutil
import tempfile
import threading
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any, Callable

from ..errors import MmsumError
from ..progress import Cancelled
from .child import ALL, Setup
from .process import WorkerProcess, describe_exit, new_flag, spawn_context

log = logging.getLogger(__name__)
_calls = itertools.count(1)


class WorkerCrashed(MmsumError):
    """The worker process died (e.g. the PDF library crashed on a document)."""


@dataclass(eq=False)
class _Call:
    number: int
    fn: Callable[..., Any]
    args: tuple
    context: bool
    handlers: dict[str, Callable[..., None]]
    future: Future = field(default_factory=Future)


class SerialWorker:
    """Calls run in one worker process, started with ``setup``; :attr:`generation` counts
    the processes started, so callers know when what they loaded into the old one is gone."""

    def __init__(self, name: str = "worker", setup: Setup | None = None) -> None:
        self.name, self.setup = name, setup or Setup()
        self.generation = 0
        self._context = spawn_context()
        self._flag = new_flag(self._context)  # one flag for every process this object starts
        self._lock = threading.RLock()
        self._queue: deque[_Call] = deque()
        self._running: _Call | None = None
        self._killed: set[int] = set()  # calls stopped by killing the process after a cancel
        self._proc: WorkerProcess | None = None
        self._wanted = False  # start a process with no call waiting (see start())
        self._thread: threading.Thread | None = None
        self._closing = False
        self._logs = ""
        self._wake_out, self._wake_in = self._context.Pipe(duplex=False)

    # --- the callers' side (any thread) ---------------------------------------------------

    def start(self) -> None:
        """Start the process now, so that the first call finds it set up."""
        with self._lock:
            self._wanted = True
            self._ensure_thread()
        self._wake()

    def submit(self, fn: Callable[..., Any], *args: Any, handlers: dict[str, Callable[..., None]] | None = None,
               context: bool = True) -> tuple[int, Future]:
        """Queue ``fn(call, *args)`` (``fn(*args)`` without ``context``; ``call``: a
        :class:`~mmsum.workers.child.Call`); its number (for :meth:`cancel`) and its future.
        ``handlers``: message kind -> function of the message's payload."""
        call = _Call(next(_calls), fn, args, context, dict(handlers or {}))
        with self._lock:
            self._queue.append(call)
            self._ensure_thread()
        self._wake()
        return call.number, call.future

    def cancel(self, number: int) -> None:
        """Stop call ``number``: a waiting one at once, a running one at its next check."""
        with self._lock:
            for call in self._queue:
                if call.number == number:
                    self._queue.remove(call)
                    _settle(call, error=Cancelled("cancelled"))
                    return
            if self._proc is not None:
                self._proc.cancel(number)

    def cancel_running(self) -> None:
        """Cancel the call the process is running now (at its next check)."""
        with self._lock:
            if self._running is not None and self._proc is not None:
                self._proc.cancel(self._running.number)

    def kill_if_running(self, number: int) -> None:
        """Kill the process if it is still running call ``number``, which then raises
        :class:`~mmsum.progress.Cancelled`; the next call gets a fresh process."""
        with self._lock:
            if self._running is not None and self._running.number == number and self._proc is not None:
                log.info("call %d did not stop within its grace time after Cancel; stopping the worker "
                         "process", number)
                self._killed.add(number)
                self._proc.proc.kill()  # the thread sees it end and settles the call

    def healthy(self) -> bool:
        """Whether a process is running and alive (False before the first start)."""
        proc = self._proc
        return proc is not None and proc.alive

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None else None

    def shutdown(self) -> None:
        """Stop the process without waiting for a running call to finish; every call not
        finished raises :class:`~mmsum.progress.Cancelled`. A later call starts afresh."""
        with self._lock:
            self._closing, self._wanted = True, False
            thread, self._thread = self._thread, None
            calls = list(self._queue) + ([self._running] if self._running is not None else [])
            self._queue.clear()
            self._running = None
            proc, self._proc = self._proc, None
        self._wake()
        if thread is not None:
            thread.join(timeout=5.0)
        if proc is not None:
            proc.cancel(ALL)
            proc.kill()  # a model load or a long C call does not see the cancel: do not wait for it
            proc.close()
        for call in calls:
            _settle(call, error=Cancelled("cancelled"))
        with self._lock:
            self._closing = False
        if self._logs:
            shutil.rmtree(self._logs, ignore_errors=True)
            self._logs = ""

    # --- the worker thread ----------------------------------------------------------------

    def _ensure_thread(self) -> None:
        if self._thread is None:
            if not self._logs:
                self._logs = tempfile.mkdtemp(prefix="mmsum-worker-")
            self._thread = threading.Thread(target=self._loop, name=f"mmsum-{self.name}", daemon=True)
            self._thread.start()

    def _wake(self) -> None:
        try:
            self._wake_in.send(None)
        except (OSError, EOFError):
            pass

    def _loop(self) -> None:
        while True:
            with self._lock:
                if self._closing:
                    return
                self._dispatch()
                proc = self._proc
            wait([self._wake_out] + (proc.waitables() if proc is not None else []), timeout=1.0)
            while self._wake_out.poll():
                self._wake_out.recv()
            if proc is None or self._closing:
                continue
            for event in proc.receive():
                self._on(event)
            if not proc.alive:
                self._on_death(proc)

    def _dispatch(self) -> None:
        """(With the lock held.) Start a process if one is needed; send the next call to an idle one."""
        if self._proc is None and (self._queue or self._wanted):
            try:
                self._proc = WorkerProcess(f"{self.name}-{self.generation + 1}", self.setup, flag=self._flag,
                                           log_dir=self._logs, context=self._context).start()
            except Exception as err:  # noqa: BLE001 - no process (no memory, no fork): every waiting call says why
                log.warning("the worker process could not be started", exc_info=True)
                calls, self._wanted = list(self._queue), False
                self._queue.clear()
                for call in calls:
                    _settle(call, error=WorkerCrashed(f"the worker process could not be started: {err}"))
                return
            self.generation += 1
            self._wanted = False  # one that dies idle is replaced at the next call, not before
        proc = self._proc
        while proc is not None and proc.ready and self._running is None and self._queue:
            call = self._queue.popleft()
            if not call.future.running() and not call.future.set_running_or_notify_cancel():
                continue  # its caller gave up on it
            try:
                proc.send(call.fn, *call.args, job=call, context=call.context, number=call.number)
            except (OSError, EOFError):
                self._queue.appendleft(call)  # it never reached the process: the next one runs it
                proc.dead = True
                return
            self._running = call

    def _on(self, event: tuple) -> None:
        kind = event[0]
        if kind == "message":
            _, call, what, payload = event
            handler = call.handlers.get(what)
            if handler is not None:
                try:
                    handler(*payload)
                except Exception:  # a broken handler must not stop the messages
                    log.exception("handler of %r messages failed", what)
        elif kind in ("done", "raised"):
            call = event[1]
            with self._lock:
                self._running = None
                self._killed.discard(call.number)
            _settle(call, **({"result": event[2]} if kind == "done" else {"error": event[2]}))
        elif kind == "init_failed":
            with self._lock:
                calls = list(self._queue)
                self._queue.clear()
                self._wanted = False
            for call in calls:
                _settle(call, error=event[1])

    def _on_death(self, proc: WorkerProcess) -> None:
        proc.reap()
        for event in proc.receive():  # its last words: a result sent just before, its stderr
            self._on(event)
        with self._lock:
            call, self._running = self._running, None
            if self._proc is proc:
                self._proc = None
            killed = call is not None and call.number in self._killed
            if call is not None:
                self._killed.discard(call.number)
        proc.close()
        log.info("%s; a new one starts for the next call", proc.death())
        if call is None:
            return
        if killed:
            _settle(call, error=Cancelled("cancelled"))
        else:
            last = proc.crashed
            _settle(call, error=WorkerCrashed(
                f"the worker process stopped unexpectedly: it {describe_exit(proc.proc.exitcode)}"
                f"{': ' + last if last else ''} (the document may have crashed the PDF library); "
                "it will be restarted"))


def _settle(call: _Call, *, result: Any = None, error: BaseException | None = None) -> None:
    future = call.future
    if future.done():
        return
    if not future.running() and not future.set_running_or_notify_cancel():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
