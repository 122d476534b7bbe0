"""Awaiting the app's Qt signals from a coroutine on the qasync loop (the benchmarks and the
screenshot script drive the real window this way)."""
from __future__ import annotations

import asyncio
import time


async def wait_for(signal, timeout: float = 600.0, *, failure=None, condition=None):
    """The arguments of ``signal``'s next emission (that meets ``condition``, if given);
    ``failure`` emitting first raises RuntimeError. ``timeout`` in seconds."""
    fut = asyncio.get_event_loop().create_future()

    def done(*args):
        if not fut.done() and (condition is None or condition(*args)):
            fut.set_result(args)

    def failed(*args):
        if not fut.done():
            fut.set_exception(RuntimeError(f"failed: {args}"))

    signal.connect(done)
    if failure is not None:
        failure.connect(failed)
    try:
        return await asyncio.wait_for(fut, timeout)
    finally:
        signal.disconnect(done)
        if failure is not None:
            failure.disconnect(failed)


async def until(predicate, timeout: float = 600.0, step: float = 0.02) -> None:
    """Return once ``predicate()`` is true, checking every ``step`` seconds; TimeoutError after
    ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise TimeoutError("condition not met")
        await asyncio.sleep(step)
