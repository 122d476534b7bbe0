"""Adding a folder to a library: throughput, re-add with nothing changed, kill -9 and resume.

    python benchmarks/library_add.py FOLDER [--workers N] [--kill-after K] [--no-kill] [--every-sentence]

Runs the real command (``python -m mmsum library add FOLDER --library L``) in a fresh
library: the first add (pages per second, wall clock and the CPU time of the command and its
workers, and its rate against ``mmsum summarize`` on the same papers and workers), then the same add again (nothing changed: everything skipped), and the library
file's size per 1,000 pages. Then, in another fresh library, starts the add in its own
process group, kills the group with SIGKILL once K documents are stored, and adds again:
documents lost (stored before the kill but missing or redone after: must be 0), documents
added by the resumed add, and the time it took. Prints RESULT lines.
"""
from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mmsum.library import Library  # noqa: E402


EVERY: list[str] = []  # ["--every-sentence"] when asked


def add_cmd(folder: Path, library: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "mmsum", "library", "add", str(folder), "--library", str(library),
            "--workers", str(workers), "--quiet", "--no-cache", *EVERY]


def summarize_cmd(folder: Path, out: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "mmsum", "summarize", str(folder), "--recursive", "--out-dir", str(out),
            "--workers", str(workers), "--quiet", "--no-cache"]


def timed(cmd: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, CPU seconds of the command and its children, result)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, run


def stored(library: Path) -> dict[str, tuple[float, str, int]]:
    """path -> (added_at, status, pages) of the documents stored so far."""
    if not library.exists():
        return {}
    try:
        with Library(library, readonly=True) as lib:
            return {p: (t, s, n) for p, t, s, n in lib.db.execute("SELECT path, added_at, status, pages FROM documents")}
    except Exception:  # noqa: BLE001 - not created yet
        return {}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--kill-after", type=int, default=8, help="documents stored before the kill")
    ap.add_argument("--no-kill", action="store_true", help="only the first add and summarize")
    ap.add_argument("--every-sentence", action="store_true", help="add with --every-sentence")
    args = ap.parse_args()
    if args.every_sentence:
        EVERY.append("--every-sentence")
    tmp = Path(tempfile.mkdtemp(prefix="mmsum-libadd-"))

    library = tmp / "first.sqlite"
    wall, cpu, run = timed(add_cmd(args.folder, library, args.workers))
    docs = stored(library)
    pages = sum(n for _, _, n in docs.values())
    failed = sum(1 for _, s, _ in docs.values() if s == "failed")
    print(f"add: {run.stdout.strip()} (exit {run.returncode})", file=sys.stderr)
    print(f"RESULT add=first docs={len(docs)} failed={failed} pages={pages} workers={args.workers} wall_s={wall:.1f} "
          f"cpu_s={cpu:.1f} pages_per_s={pages / wall:.2f}", flush=True)
    swall, scpu, _ = timed(summarize_cmd(args.folder, tmp / "summaries", args.workers))
    print(f"RESULT summarize pages={pages} workers={args.workers} wall_s={swall:.1f} cpu_s={scpu:.1f} "
          f"pages_per_s={pages / swall:.2f} add_rate_vs_summarize={swall / wall:.2f} "
          f"add_cpu_rate_vs_summarize={scpu / cpu:.2f} load={os.getloadavg()[0]:.1f}", flush=True)
    if args.no_kill:
        return 0
    size = library.stat().st_size + sum(p.stat().st_size for p in tmp.glob("first.sqlite-*"))
    print(f"RESULT library_file bytes={size} mb_per_1000_pages={size / (1 << 20) / max(pages, 1) * 1000:.1f}", flush=True)

    wall2, cpu2, run2 = timed(add_cmd(args.folder, library, args.workers))
    again = stored(library)
    redone = sum(1 for p, v in again.items() if docs.get(p, (None,))[0] != v[0])
    print(f"re-add: {run2.stdout.strip()}", file=sys.stderr)
    print(f"RESULT add=unchanged docs={len(again)} redone={redone} wall_s={wall2:.1f} cpu_s={cpu2:.1f} "
          f"pages_per_s={pages / wall2:.1f}", flush=True)

    killed = tmp / "killed.sqlite"
    cmd = add_cmd(args.folder, killed, args.workers)
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    while proc.poll() is None and len(stored(killed)) < args.kill_after:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = stored(killed)
    wall3, cpu3, run3 = timed(cmd)
    after = stored(killed)
    lost = sum(1 for p, v in before.items() if after.get(p, (None,))[0] != v[0])
    print(f"resume: {run3.stdout.strip()}", file=sys.stderr)
    print(f"RESULT kill9 stored_before={len(before)} docs_after={len(after)} lost={lost} "
          f"added_on_resume={len(after) - len(before)} resume_wall_s={wall3:.1f} resume_cpu_s={cpu3:.1f}", flush=True)
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if lost == 0 and len(after) == len(docs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
