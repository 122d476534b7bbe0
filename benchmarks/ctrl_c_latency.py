"""Seconds from one Ctrl+C to the end of ``mmsum summarize --generate``, at several moments.

    python benchmarks/ctrl_c_latency.py DOC [--at 1,3,6,10,15,25] [--args "--words 200"]

Each trial starts ``python -m mmsum summarize DOC --generate --format json`` in a session of
its own, sends SIGINT to its whole process group ``at`` seconds after the start (as a terminal
does on Ctrl+C: every process of the job gets it), and measures how long it takes to exit.
A run that ends before the signal is sent is reported as such. Prints one row per moment and a
``RESULT`` line with the longest latency.
"""
from __future__ import annotations

import argparse
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time


def trial(doc: str, at: float, extra: list[str]) -> tuple[float | None, int]:
    """(seconds from SIGINT to exit, or None when it finished first; exit status)."""
    with tempfile.TemporaryDirectory() as out:
        cmd = [sys.executable, "-m", "mmsum", "summarize", doc, "--generate", "--format", "json",
               "--out-dir", out, "--quiet", *extra]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            proc.wait(timeout=at)
            return None, proc.returncode
        except subprocess.TimeoutExpired:
            pass
        sent = time.perf_counter()
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        return time.perf_counter() - sent, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("doc")
    ap.add_argument("--at", default="1,3,6,10,15,25", help="seconds after the start to send SIGINT")
    ap.add_argument("--args", default="", help="more options for mmsum summarize")
    args = ap.parse_args()
    worst = 0.0
    for at in (float(x) for x in args.at.split(",")):
        latency, rc = trial(args.doc, at, shlex.split(args.args))
        if latency is None:
            print(f"at {at:5.1f} s: finished before the signal (exit {rc})")
            continue
        worst = max(worst, latency)
        print(f"at {at:5.1f} s: stopped in {latency:5.2f} s (exit {rc})")
    print(f"RESULT worst_s={worst:.2f}")


if __name__ == "__main__":
    main()
