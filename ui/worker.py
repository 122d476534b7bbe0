"""Running plain functions off the GUI thread, with progress and cancellation.

The core's stages are synchronous functions that take ``progress(fraction, message)`` and a
``cancel()`` check (see :mod:`mmsum.progress`). They run in an executor awaited through qasync
(the worker process of :mod:`ui.engine` for model work); :class:`ProgressRelay` turns their
callbacks, arriving on another thread, into throttled Qt signals on the GUI thread, and
:class:`CancelToken` is the cancel flag the GUI sets. A batch (or a library add) runs in a
thread of its own (:func:`in_thread`), and :class:`EventRelay` brings its typed events to the
GUI thread.
"""
from __future__ import annotations

import asyncio
import functools
import threading
import time
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any, Callable, TypeVar

from PySide6.QtCore import QObject, Signal

from mmsum.batch.events import StageProgress

T = TypeVar("T")


class CancelToken:
    """A thread-safe cancel flag; calling it answers "should the work stop?"."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._callbacks: list[Callable[[], None]] = []

    def cancel(self) -> None:
        self._event.set()
        for fn in self._callbacks:
            fn()

    def on_cancel(self, fn: Callable[[], None]) -> None:
        """Call ``fn`` when cancelled (at once if already): e.g. tell another process."""
        self._callbacks.append(fn)
        if self._event.is_set():
            fn()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def __call__(self) -> bool:
        return self._event.is_set()


class ProgressRelay(QObject):
    """Turns ``progress(fraction, message)`` and streamed text from any thread into signals.

    Signals cross to the GUI thread as queued connections. Updates are throttled to one per
    ``interval_s`` so a chatty stage cannot flood the event loop; a new message (a new stage)
    and the final ``fraction >= 1`` always go through.
    """

    progressed = Signal(float, str)
    token = Signal(str)

    def __init__(self, interval_s: float = 0.05, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interval = interval_s
        self._lock = threading.Lock()
        self._last_emit = 0.0
        self._last_message: str | None = None
        self._pending_text: list[str] = []
        self._last_text_emit = 0.0
        self._closed = False

    def close(self) -> None:
        """Ignore calls from now on (a late message from a finished job must not land)."""
        with self._lock:
            self._closed = True

    def report(self, fraction: float, message: str) -> None:
        """The progress callback to hand to mmsum (safe to call from any thread)."""
        now = time.monotonic()
        with self._lock:
            if self._closed:
                return
            due = (now - self._last_emit >= self._interval or message != self._last_message
                   or fraction >= 1.0)
            if not due:
                return
            self._last_emit, self._last_message = now, message
        self._emit("progressed", float(min(max(fraction, 0.0), 1.0)), message)

    def stream(self, text: str) -> None:
        """The ``on_token`` callback: batches streamed text into one signal per interval."""
        now = time.monotonic()
        with self._lock:
            if self._closed:
                return
            self._pending_text.append(text)
            if now - self._last_text_emit < self._interval:
                return
            chunk, self._pending_text = "".join(self._pending_text), []
            self._last_text_emit = now
        self._emit("token", chunk)

    def flush(self) -> None:
        """Emit streamed text still held back by the throttle (call when the work ends)."""
        with self._lock:
            chunk, self._pending_text = "".join(self._pending_text), []
        if chunk:
            self._emit("token", chunk)

    def _emit(self, signal: str, *args) -> None:
        """Emit, unless the relay's Qt object is gone: a message from a worker thread can race
        the end of its job (the relay deleted on the GUI thread); it then goes nowhere, instead
        of failing the work that reported it."""
        try:
            getattr(self, signal).emit(*args)
        except RuntimeError:  # "Internal C++ object (ProgressRelay) already deleted"
            with self._lock:
                self._closed = True


_executor: ThreadPoolExecutor | None = None


def light_executor() -> ThreadPoolExecutor:
    """One thread for light work in the app's own process: decoding images, writing files.

    Model and document work does not run here but in the worker process (see ui.engine).
    """
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mmsum-light")
    return _executor


async def run_blocking(fn: Callable[..., T], *args: Any, executor: Executor | None = None,
                       **kwargs: Any) -> T:
    """Run ``fn(*args, **kwargs)`` in ``executor`` (default: :func:`light_executor`) and await it."""
    loop = asyncio.get_event_loop()
    return await loop.run_in_executor(executor or light_executor(),
                                      functools.partial(fn, *args, **kwargs))


class EventRelay(QObject):
    """Carries the batch's events from its thread to the GUI thread as a signal.

    Stage progress is thinned to one update per document per ``interval_s`` (a new stage
    always goes through); every other event goes through as it is.
    """

    event = Signal(object)

    def __init__(self, interval_s: float = 0.1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interval = interval_s
        self._lock = threading.Lock()
        self._last: dict[int, tuple[str, float]] = {}
        self._closed = False

    def close(self) -> None:
        with self._lock:
            self._closed = True

    def __call__(self, event) -> None:
        now = time.monotonic()
        with self._lock:
            if self._closed:
                return
            if isinstance(event, StageProgress):
                stage, at = self._last.get(event.index, ("", 0.0))
                if stage == event.stage and now - at < self._interval:
                    return
                self._last[event.index] = (event.stage, now)
        self.event.emit(event)


def in_thread(fn, *args, **kwargs) -> asyncio.Future:
    """Run ``fn`` in a daemon thread (one that never holds up quitting) and await its result."""
    loop = asyncio.get_event_loop()
    fut = loop.create_future()

    def settle(setter, value) -> None:
        if not fut.done():
            setter(value)

    def target() -> None:
        try:
            value = fn(*args, **kwargs)
        except BaseException as err:  # noqa: BLE001 - handed to the awaiting coroutine
            loop.call_soon_threadsafe(settle, fut.set_exception, err)
        else:
            loop.call_soon_threadsafe(settle, fut.set_result, value)

    threading.Thread(target=target, name="mmsum-batch", daemon=True).start()
    return fut
