"""The app's first summary, timed from the window being shown: what a user waits after launch.

    python benchmarks/first_summary.py [PDF] [--no-warm-up] [--runs 3] [--tree DIR] [--against DIR]

Each run is a fresh app process (``ui.app.main``, offscreen, its own settings folder) that
opens PDF (default: the smallest paper of ../shared/corpus/docbank-dev) and clicks Summarize
as soon as the document is shown (or ``--click-after`` seconds after the window showed); it
prints the seconds from the window's ``show()`` to the summary and to the document shown,
and from the click to the summary. ``--tree`` runs another checkout's app; ``--against``
runs a second checkout's app too, the two taking turns (a before/after pair on the same
machine at the same load), and prints a RESULT line for each. The models must be prepared (``mmsum
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
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import ui.app
import ui.main_window as mw

marks = {}
show = mw.MainWindow.show
click_after = float(sys.argv[1])

def timed_show(self):
    t0 = time.perf_counter()
    def click():
        marks["clicked_s"] = time.perf_counter() - t0
        self.summarize()
    def shown(*a):
        marks.setdefault("shown_s", time.perf_counter() - t0)
        QTimer.singleShot(max(0, round(1000 * (click_after - marks["shown_s"]))), click)
    def finished(*a):
        marks["first_summary_s"] = time.perf_counter() - t0
        marks["after_click_s"] = marks["first_summary_s"] - marks["clicked_s"]
        QApplication.quit()
    self.documentShown.connect(shown)
    self.summaryFinished.connect(finished)
    self.summaryFailed.connect(lambda *a: (marks.setdefault("failed", str(a)), QApplication.quit()))
    show(self)

mw.MainWindow.show = timed_show
ui.app.main(sys.argv[2:])
print("MARKS " + json.dumps(marks), flush=True)
"""


def smallest_paper() -> Path:
    papers = sorted((ROOT.parent / "shared" / "corpus" / "docbank-dev").glob("*.pdf"), key=lambda p: p.stat().st_size)
    if not papers:
        raise SystemExit("no PDF given and none in ../shared/corpus/docbank-dev")
    return papers[0]


def one_run(tree: Path, pdf: Path, extra: list[str], click_after: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="mmsum-first-summary-") as tmp:
        env = dict(os.environ, PYTHONPATH=str(tree), QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=tmp)
        proc = subprocess.run([sys.executable, "-c", CHILD, str(click_after), str(pdf), *extra], cwd=tree, env=env,
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
    ap.add_argument("--click-after", type=float, default=0.0,
                    help="click Summarize this many seconds after the window shows (at the earliest when "
                         "the document is shown; default: then)")
    ap.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose app runs (default: this one)")
    ap.add_argument("--against", type=Path, help="a second checkout whose app takes turns with the first")
    args = ap.parse_args()
    pdf = (args.pdf or smallest_paper()).resolve()
    extra = ["--no-warm-up"] if args.no_warm_up else []
    trees = [args.tree] + ([args.against] if args.against else [])
    for tree in trees:
        one_run(tree, pdf, extra, args.click_after)  # fills the embedding cache, as a user's earlier session did
    runs: dict[Path, list[dict]] = {tree: [] for tree in trees}
    for _ in range(args.runs):
        for tree in trees:
            runs[tree].append(one_run(tree, pdf, extra, args.click_after))
            print(tree.name, json.dumps(runs[tree][-1]), flush=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    for tree in trees:
        first = statistics.median(r["first_summary_s"] for r in runs[tree])
        shown = statistics.median(r["shown_s"] for r in runs[tree])
        after = statistics.median(r["after_click_s"] for r in runs[tree])
        print(f"RESULT first_summary tree={tree.name} warm_up={not args.no_warm_up} click_after={args.click_after:g} "
              f"runs={len(runs[tree])} first_summary_s={first:.2f} after_click_s={after:.2f} "
              f"document_shown_s={shown:.2f} load={load:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
