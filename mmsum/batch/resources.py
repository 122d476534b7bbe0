"""How many local workers this machine can hold: cores and available memory.

One worker (a process with the bundled encoders loaded on the CPU) was measured at 566 MiB
resident right after loading and 1.6 GiB at its peak over the 30 papers of the development
corpus (the peak follows the largest document: sentences to embed, pages to render; see
docs/cluster-plan.md); the default leaves room for that and for the rest of the machine.
"""
from __future__ import annotations

import os

WORKER_MEMORY_MB = 2000  # measured peak of one worker with the default models (1624 MiB), plus 25 %
MEMORY_SHARE = 0.8  # of the memory available now; the rest stays for everything else


def usable_cores() -> int:
    """Cores this process may run on (its affinity mask where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def available_memory_mb() -> float | None:
    """Memory available to new processes now, in MiB (None when it cannot be known)."""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / (1 << 20)
    except (AttributeError, ValueError, OSError):
        return None


def default_workers(n_documents: int, worker_mb: float = WORKER_MEMORY_MB) -> int:
    """Workers for ``n_documents`` on this machine: one per usable core, as many as the
    available memory holds, never more than there are documents, at least one."""
    n = usable_cores()
    mem = available_memory_mb()
    if mem is not None:
        n = min(n, int(mem * MEMORY_SHARE // worker_mb))
    return max(1, min(n, n_documents))
