"""How OCR runs: on this worker's share of the cores without spinning threads, at a detection
resolution chosen for the text size, and stopped by a cancel within a second even in the
middle of a page. Speed itself is measured by ``benchmarks/scans.py``, never asserted here."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mmsum.ingest import read_document
from mmsum.ingest.ocr import DETECT_SIDE, MAX_SIDE, MIN_SIDE, detect_side, engine_available
from mmsum.progress import Cancelled
from tests.pdfbuild import PaperBuilder, lorem, scanned

pytestmark = pytest.mark.skipif(engine_available() is not None, reason="no OCR engine installed")
ROOT = Path(__file__).resolve().parents[1]


def test_the_detection_resolution_follows_the_text_size():
    letter = 792.0  # points: the longer side of a letter page
    assert detect_side([], letter) == DETECT_SIDE  # nothing recognised yet
    ten_point = detect_side([13.0, 13.5, 13.2, 40.0], letter)  # lines of 10-point type (and a heading)
    assert abs(ten_point - DETECT_SIDE) <= 32
    assert detect_side([26.0] * 5, letter) < ten_point  # large type: fewer pixels do
    assert detect_side([9.0] * 5, letter) > ten_point  # small type: more
    assert detect_side([80.0] * 5, letter) == MIN_SIDE and detect_side([3.0] * 5, letter) == MAX_SIDE
    assert detect_side([13.0] * 3, letter) % 32 == 0


def test_ocr_sessions_use_the_workers_share_of_the_cores_and_do_not_spin():
    code = ("import json; from mmsum.ingest import ocr\n"
            "e = ocr._engine()\n"
            "opts = [p.session.session.get_session_options() for p in (e.text_det, e.text_rec)]\n"
            "print(json.dumps([[o.intra_op_num_threads, o.get_session_config_entry("
            "'session.intra_op.allow_spinning')] for o in opts]))\n")
    env = dict(os.environ, OMP_NUM_THREADS="1")  # what a batch sets in each of its workers
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [[1, "0"], [1, "0"]]


def test_a_cancel_stops_the_reading_of_a_scan_within_a_second(tmp_path):
    b = PaperBuilder(columns=2, page_numbers=False, fontsize=10)
    b.title("Energy Use of Sensor Networks")
    for i in range(6):
        b.heading(f"{i + 1} Section")
        b.paragraph(lorem(12, 12 * i))
    src = b.save(tmp_path / "born.pdf").path
    scan = scanned(src, tmp_path / "scan.pdf", dpi=200, pages=2)
    read_document(scan, render_figures=False, tables=False)  # the engine loaded: the next read is OCR only
    asked: dict[str, float] = {}

    def progress(fraction: float, message: str) -> None:
        if "(OCR)" in message and "at" not in asked:
            threading.Timer(0.3, lambda: asked.setdefault("at", time.perf_counter())).start()

    with pytest.raises(Cancelled):
        read_document(scan, render_figures=False, tables=False, progress=progress, cancel=lambda: "at" in asked)
    stopped = time.perf_counter()
    assert "at" in asked and stopped - asked["at"] < 1.0
