"""The child's side of a worker process: set up once, then run each call it is sent, in turn.

Messages go both ways over one pipe (no lock shared between processes, so a child killed in
the middle of a message cannot block anyone). To the child: ``("call", number, fn, args,
with_context)``, or ``None`` to end. From the child:

- ``("ready", value)``: set up; ``value`` is what :attr:`Setup.init` returned (None without one);
- ``("init_failed", error)``: :attr:`Setup.init` raised; the process then ends;
- ``("message", number, kind, payload)``: what a call sends while it runs (progress, text);
- ``("done", number, result)`` or ``("raised", number, error)``: how a call ended;
- ``("crashed", text)``: the process's own loop failed; it then exits with status 1.

A call is cancelled when the shared ``flag`` holds its number, or :data:`ALL`; or when the
process that started this one is gone (then no one waits for the result).
"""
from __future__ import annotations

import os
import pickle
import signal
import sys
from dataclasses import dataclass
from typing import Any, Callable

from ..errors import MmsumError

ALL = -1  # the cancel flag's value that cancels every call
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


@dataclass(frozen=True)
class Setup:
    """How a worker process starts (picklable: it travels to the child).

    ``init(*init_args)`` runs once in the child before any call (load models, import
    modules; it may keep what it made in its module's globals); ``threads``: the thread count
    the numeric libraries are told before anything imports them (None: theirs); ``nice``:
    how much to lower the process's CPU priority, so that foreground work comes first;
    ``interruptible``: Ctrl+C (SIGINT to the process group) ends the process quietly, status
    130, instead of being left to the caller (which stops its workers as it sees fit).
    """

    init: Callable[..., Any] | None = None
    init_args: tuple = ()
    threads: int | None = None
    nice: int = 0
    interruptible: bool = False


class Call:
    """What a function run in a worker is given first: the call's ``number``, :meth:`send`
    for messages to the caller, and :meth:`cancelled`, its cancel check."""

    def __init__(self, number: int, conn: Any, flag: Any, parent: int) -> None:
        self.number, self._conn, self._flag, self._parent = number, conn, flag, parent

    def send(self, kind: str, *payload: Any) -> None:
        """Send ``payload`` to the caller's handler for ``kind``."""
        self._conn.send(("message", self.number, kind, payload))

    def progress(self, fraction: float, message: str) -> None:
        """A :data:`~mmsum.progress.ProgressFn` that sends ``("progress", fraction, message)``."""
        self.send("progress", float(fraction), str(message))

    def cancelled(self) -> bool:
        """A :data:`~mmsum.progress.CancelFn`: the flag names this call (or all), or the
        process that started this one is gone."""
        value = self._flag.value
        return value == self.number or value == ALL or os.getppid() != self._parent


def portable(err: BaseException) -> BaseException:
    """``err`` if it survives pickling (to travel to the caller), else an :class:`MmsumError`
    saying the same in one line."""
    try:
        pickle.loads(pickle.dumps(err))
        return err
    except Exception:  # noqa: BLE001 - any failure to pickle or unpickle
        return MmsumError(f"{type(err).__name__}: {err}".strip().splitlines()[0][:300])


def main(conn: Any, setup: Setup, flag: Any, parent: int, log_path: str | None = None) -> None:
    """A worker process's body (the target of ``Process``): :func:`serve` until told to end.

    With ``log_path``, what the process writes on stderr goes to that file, which the
    caller relays and reads the cause of a death from; an exception that ends the process is
    also sent as ``("crashed", message)`` before it exits with status 1.
    """
    if log_path:
        fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.dup2(fd, 2)
        os.close(fd)
    try:
        serve(conn, setup, flag, parent)
    except KeyboardInterrupt:  # Ctrl+C, where the set-up lets it through: the caller sees it too
        sys.stderr.flush()
        os._exit(130)
    except BaseException as err:  # noqa: BLE001 - said to the caller, then the process ends
        import traceback

        traceback.print_exc()
        try:
            conn.send(("crashed", f"{type(err).__name__}: {err}".strip().splitlines()[0][:300]))
        except (OSError, EOFError, ValueError):
            pass
        sys.stderr.flush()
        os._exit(1)


def serve(conn: Any, setup: Setup, flag: Any, parent: int) -> None:
    """Set up as ``setup`` says, say so, then run the calls received until ``None`` or EOF."""
    # Ctrl+C is the caller's to handle, not ours; where the set-up lets it end the worker, it
    # does so even when the process was started with it ignored (a background job's children)
    signal.signal(signal.SIGINT, signal.default_int_handler if setup.interruptible else signal.SIG_IGN)
    if setup.nice and hasattr(os, "nice"):
        try:
            os.nice(setup.nice)
        except OSError:
            pass
    if setup.threads:
        for var in THREAD_VARIABLES:
            os.environ[var] = str(setup.threads)  # several workers share the cores instead of each taking all
    value = None
    if setup.init is not None:
        try:
            value = setup.init(*setup.init_args)
        except Exception as err:  # noqa: BLE001 - the caller decides what a failed start means
            conn.send(("init_failed", portable(err)))
            return
    conn.send(("ready", value))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        _, number, fn, args, with_context = msg
        try:
            result = fn(Call(number, conn, flag, parent), *args) if with_context else fn(*args)
            reply: tuple = ("done", number, result)
        except Exception as err:  # noqa: BLE001 - the call's failure is the caller's
            reply = ("raised", number, portable(err))
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return  # the caller is gone
        except Exception as err:  # noqa: BLE001 - a result that cannot be pickled
            conn.send(("raised", number, MmsumError(f"the result could not be sent back: {err}")))
