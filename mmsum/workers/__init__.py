"""Worker processes: long-lived children that set up once (load models) and run calls.

Every worker process mmsum starts is one of these: :class:`WorkerProcess` is one child over a pipe
(calls with progress messages, cancel through a shared flag, death detected and described,
stderr kept in a log); :class:`SerialWorker` runs calls from any thread on one such process
(the app's summaries and searches, its page renderers); a batch's local engine
(:mod:`mmsum.batch.local`) and ``library train`` (:mod:`mmsum.train.parallel`) drive several.
Importing this package loads no model and no document library.
"""
from .child import ALL, Call, Setup
from .process import WorkerProcess, describe_exit, new_flag, spawn_context
from .serial import SerialWorker, WorkerCrashed

__all__ = ["ALL", "Call", "SerialWorker", "Setup", "WorkerCrashed", "WorkerProcess", "describe_exit", "new_flag",
           "spawn_context"]
