"""The app's first summary, timed from the window being shown: what a user waits after launch.

    python benchmarks/first_summary.py [PDF] [--no-warm-up] [--runs 3] [--tree DIR]

Each run is a fresh app process (``ui.app.main``, offscreen, its own settings folder) that
opens PDF (default: the smallest paper of ../shared/corpus/docbank-dev) and clicks Summarize
as soon as the document is shown; it prints the seconds from the window's ``show()`` to the
summary, and to the document shown. ``--tree`` runs another checkout's app (a before/after
pair: run both, interleaved, on the same machine). The models must be prepared (``mmsum
prepare``); the embedding cache is used as a user's is (a first run fills it: its line is
left out of the median).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
from PySide6.QtWidgets import QApplication
import ui.app
import ui.main_window as mw

marks = {}
show = mw.MainWindow.show

def timed_show(self):
    t0 = time.perf_counter()
    self.documentShown.connect(lambda *a: (marks.setdefault("shown_s", time.perf_counter() - t0), self.summarize()))
    def finished(*a):
        marks["first_summary_s"] = time.perf_counter() - t0
        QApplication.quit()
    self.summaryFinished.connect(finished)
    self.summaryFailed.connect(lambda *a: (marks.setdefault("failed", str(a)), QApplication.quit()))
    show(self)

mw.MainWindow.show = timed_show
ui.app.main(sys.argv[1:])
print("MARKS " + json.dumps(marks), flush=True)
"""


def smallest_paper() -> Path:
    papers = sorted((ROOT.parent / "shared" / "corpus" / "docbank-dev").glob("*.pdf"), key=lambda p: p.stat().st_size)
    if not papers:
        raise SystemExit("no PDF given and none in ../shared/corpus/docbank-dev")
    return papers[0]


def one_run(tree: Path, pdf: Path, extra: list[str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="mmsum-first-summary-") as tmp:
        env = dict(os.environ, PYTHONPATH=str(tree), QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=tmp)
        proc = subprocess.run([sys.executable, "-c", CHILD, str(pdf), *extra], cwd=tree, env=env,
                              capture_output=True, text=True, timeout=900)
    for line in proc.stdout.splitlines():
        if line.startswith("MARKS "):
            marks = json.loads(line[6:])
            if "first_summary_s" in marks:
                return marks
    raise SystemExit(f"the app ended without a summary (status {proc.returncode}): {proc.stderr[-1500:]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="?", type=Path)
    ap.add_argument("--no-warm-up", action="store_true", help="the app's --no-warm-up (models load at Summarize)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose app runs (default: this one)")
    args = ap.parse_args()
    pdf = (args.pdf or smallest_paper()).resolve()
    extra = ["--no-warm-up"] if args.no_warm_up else []
    one_run(args.tree, pdf, extra)  # fills the embedding cache, as a user's earlier session did
    runs = [one_run(args.tree, pdf, extra) for _ in range(args.runs)]
    for r in runs:
        print(json.dumps(r))
    first = statistics.median(r["first_summary_s"] for r in runs)
    shown = statistics.median(r["shown_s"] for r in runs)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"RESULT first_summary tree={args.tree.name} warm_up={not args.no_warm_up} runs={len(runs)} "
          f"first_summary_s={first:.2f} document_shown_s={shown:.2f} load={load:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
