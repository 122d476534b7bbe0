"""Batch throughput and where the time goes: documents per minute with N local workers or on Ray.

    python benchmarks/batch_scaling.py FOLDER [--engine local|ray] [--workers N] [--out DIR]
                                       [--events FILE] [--resume]

Runs mmsum's batch (extractive summaries, JSON only, no embedding cache, so every document
is really done) over the documents in FOLDER and prints a summary and one RESULT line:
wall time and documents per minute (from the start, model loading included, and in the steady
state, from the first document started to the last finished), model load time and memory per
worker, per-document seconds by stage, and the load average of the machine during the run
(wall-clock numbers on a shared machine depend on it). ``--events FILE`` appends one JSON line
per event, flushed, so that a run killed from outside leaves a record of what it had started
and finished.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    from mmsum.batch import (BatchSettings, DocumentFinished, DocumentStarted, LocalEngine, StageProgress,
                             WorkerReady, collect_documents, run_batch)
    from mmsum.options import ModelOptions, SummaryOptions

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--engine", choices=["local", "ray"], default="local")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--events", type=Path, help="append each event as a JSON line here")
    ap.add_argument("--resume", action="store_true", help="skip documents already done in --out")
    args = ap.parse_args()

    if args.engine == "ray":
        from mmsum.batch.ray_engine import RayEngine

        engine = RayEngine(workers=args.workers, init_kwargs={"num_cpus": args.workers})
    else:
        engine = LocalEngine(args.workers)
    out = args.out or Path(tempfile.mkdtemp(prefix="mmsum-batch-bench-"))
    settings = BatchSettings(models=ModelOptions(device="cpu"), options=SummaryOptions(), formats=("json",),
                             use_cache=False)
    log = open(args.events, "a", encoding="utf-8") if args.events else None
    ready: list = []
    first_start: list[float] = []
    last_end: list[float] = []
    t0 = time.perf_counter()

    def on_event(e) -> None:
        now = time.perf_counter() - t0
        if isinstance(e, WorkerReady):
            ready.append(e)
        elif isinstance(e, DocumentStarted) and not first_start:
            first_start.append(now)
        elif isinstance(e, DocumentFinished) and not e.result.reused:
            last_end[:] = [now]
        if log is not None and not isinstance(e, StageProgress):
            rec = {"t": round(now, 3), "event": type(e).__name__, "index": getattr(e, "index", None),
                   "path": str(getattr(e, "path", "") or (e.result.path if isinstance(e, DocumentFinished) else ""))}
            if isinstance(e, DocumentFinished):
                rec.update(status=e.result.status.value, reused=e.result.reused)
            log.write(json.dumps(rec) + "\n")
            log.flush()

    load_before = os.getloadavg()
    report = run_batch(collect_documents([args.folder]), settings, out_dir=out, engine=engine, on_event=on_event,
                       resume=args.resume)
    wall = time.perf_counter() - t0
    load_after = os.getloadavg()
    ran = [r for r in report.results if not r.reused]
    ok = sum(1 for r in ran if r.ok)
    steady = (last_end[0] - first_start[0]) if first_start and last_end else 0.0
    print(f"engine {engine.name}, {args.workers} worker(s), {len(report.results)} documents, {len(ran)} run, "
          f"{report.reused} skipped as done; output {out}")
    for w in ready:
        print(f"  worker {w.worker} (pid {w.pid}, {w.node}): models loaded in {w.load_s:.1f} s, {w.rss_mb:.0f} MiB then")
    stages = {}
    for stage in ("read_s", "embed_s", "rank_s", "summary_s", "total_s"):
        values = [r.timings[stage] for r in ran if stage in r.timings]
        if values:
            stages[stage] = (statistics.mean(values), statistics.median(values), max(values))
            print(f"  {stage:10} mean {stages[stage][0]:6.2f}  median {stages[stage][1]:6.2f}  max {stages[stage][2]:6.2f}")
    peak = max((r.memory_mb for r in ran), default=0.0)
    print(f"  peak worker memory {peak:.0f} MiB; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    fields = {"engine": engine.name, "workers": args.workers, "docs": len(ran), "ok": ok,
              "wall_s": round(wall, 1), "docs_per_min": round(60 * len(ran) / wall, 2) if wall else 0,
              "steady_docs_per_min": round(60 * len(ran) / steady, 2) if steady else 0,
              "model_load_s": round(statistics.mean(w.load_s for w in ready), 1) if ready else 0,
              "worker_rss_mb": round(max(w.rss_mb for w in ready)) if ready else 0,
              "peak_worker_mb": round(peak),
              **{f"mean_{k}": round(v[0], 2) for k, v in stages.items()},
              "loadavg": f"{load_before[0]:.1f}-{load_after[0]:.1f}"}
    print("RESULT " + " ".join(f"{k}={v}" for k, v in fields.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
