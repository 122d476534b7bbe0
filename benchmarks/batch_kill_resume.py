"""kill -9 of a whole batch at a random moment, then resume: what was lost, what was redone.

    python benchmarks/batch_kill_resume.py FOLDER [--workers N] [--min-s 60] [--max-s 240] [--seed S]

Starts ``benchmarks/batch_scaling.py`` (the batch, logging each event to a file) in its own
process group, kills the group with SIGKILL after a random delay, then runs the batch again
with resume and prints one RESULT line: documents finished before the kill, in progress at
the kill, lost (finished before the kill but redone or without outputs: must be 0), redone
(run again by the resume: at most the ones in progress).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def events(path: Path) -> list[dict]:
    out = []
    for line in path.read_text().splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            pass  # torn by the kill
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--min-s", type=float, default=60.0)
    ap.add_argument("--max-s", type=float, default=240.0)
    ap.add_argument("--seed", type=int)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="mmsum-kill-"))
    out, log1, log2 = tmp / "out", tmp / "first.jsonl", tmp / "resume.jsonl"
    bench = [sys.executable, str(ROOT / "benchmarks" / "batch_scaling.py"), str(args.folder), "--workers",
             str(args.workers), "--out", str(out)]
    delay = rng.uniform(args.min_s, args.max_s)
    proc = subprocess.Popen([*bench, "--events", str(log1)], start_new_session=True, stdout=subprocess.DEVNULL)
    time.sleep(delay)
    if proc.poll() is not None:
        print(f"the batch ended before the kill at {delay:.0f} s; choose a shorter delay")
        return 1
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    first = events(log1)
    finished = {e["path"] for e in first if e["event"] == "DocumentFinished"}
    started = {e["path"] for e in first if e["event"] == "DocumentStarted"}
    in_progress = started - finished
    t = time.perf_counter()
    subprocess.run([*bench, "--events", str(log2), "--resume"], check=True, stdout=subprocess.DEVNULL)
    resume_s = time.perf_counter() - t
    second = events(log2)
    reused = {e["path"] for e in second if e["event"] == "DocumentFinished" and e.get("reused")}
    rerun = {e["path"] for e in second if e["event"] == "DocumentStarted"}
    total = len({e["path"] for e in second if e["event"] == "DocumentFinished"})
    missing = [p for p in finished if not (out / (Path(p).stem + ".json")).is_file()]
    lost = len((finished & rerun) | set(missing))
    print(f"killed at {delay:.0f} s: {len(finished)} finished, {len(in_progress)} in progress "
          f"({', '.join(Path(p).name for p in sorted(in_progress))}); resume: {len(reused)} skipped, "
          f"{len(rerun & in_progress)} in-progress ones redone, {len(rerun - started)} never started before, "
          f"in {resume_s:.0f} s")
    print(f"RESULT killed_at_s={delay:.0f} docs={total} finished_before={len(finished)} "
          f"in_progress={len(in_progress)} lost={lost} redone={len(rerun & started)} "
          f"first_run={len(rerun - started)} resume_s={resume_s:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
