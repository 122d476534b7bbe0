"""Progress reporting and cancellation, shared by every long-running stage.

A stage is a plain function that takes ``progress(fraction, message)`` (fraction in 0..1 of
that stage) and a ``cancel()`` check; it calls ``check(cancel)`` at safe points. The UI turns
these into throttled signals; the CLI into a progress bar.
"""
from __future__ import annotations

import threading
from typing import Callable, Optional, TypeVar

T = TypeVar("T")

ProgressFn = Callable[[float, str], None]
CancelFn = Callable[[], bool]


class Cancelled(Exception):
    """Raised inside a stage when its cancel check returns True."""


def no_progress(fraction: float, message: str) -> None:  # noqa: ARG001 - a callback
    """A progress callback that ignores everything."""


def never() -> bool:
    """A cancel check that never cancels."""
    return False


def check(cancel: Optional[CancelFn]) -> None:
    """Raise :class:`Cancelled` if ``cancel`` says so."""
    if cancel is not None and cancel():
        raise Cancelled("cancelled")


def sub_progress(progress: Optional[ProgressFn], start: float, end: float) -> ProgressFn:
    """Map a stage's 0..1 progress onto ``start..end`` of an outer progress callback."""
    outer = progress or no_progress

    def inner(fraction: float, message: str) -> None:
        outer(start + (end - start) * min(max(fraction, 0.0), 1.0), message)

    return inner


POLL_S = 0.05  # how often a wait looks at its cancel check (seconds)


def cancellable(work: Callable[[], T], cancel: Optional[CancelFn]) -> T:
    """``work()``, run on a helper thread while this one watches ``cancel``: a long call that
    cannot check itself (a model being loaded) does not hold up a cancel. On cancel this
    raises :class:`Cancelled` at once and the helper's result, when it comes, is dropped."""
    if cancel is None:
        return work()
    check(cancel)
    box: dict = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as err:  # noqa: BLE001 - handed to the waiting thread
            box["error"] = err

    helper = threading.Thread(target=run, name="mmsum-cancellable", daemon=True)
    helper.start()
    while helper.is_alive():
        helper.join(POLL_S)
        check(cancel)
    if "error" in box:
        raise box["error"]
    return box["value"]
