"""How OCR runs: on this worker's share of the cores without spinning threads, at a detection
resolution chosen for the text size, and stopped by a cancel within a second even in the
middle of a page. Speed itself is measured by ``benchmarks/scans.py``, never asserted here."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pymupdf
import pytest

from mmsum.ingest import read_document
from mmsum.ingest.ocr import DETECT_SIDE, MAX_SIDE, MIN_SIDE, detect_side, engine_available
from mmsum.progress import Cancelled
from tests.pdfbuild import ZH_SENTENCES, PaperBuilder, lorem, scanned

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


RUNTIMES = ["onnxruntime", pytest.param("openvino", marks=pytest.mark.skipif(
    importlib.util.find_spec("openvino") is None, reason="OpenVINO is not installed"))]


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_ocr_sessions_use_the_workers_share_of_the_cores_and_do_not_spin(runtime):
    code = ("import json; from mmsum.ingest import ocr\n"
            "e = ocr._engine()\n"
            "s = [p.session.session for p in (e.text_det, e.text_rec)]\n"
            "if hasattr(s[0], 'get_compiled_model'):\n"
            "    out = [[int(x.get_compiled_model().get_property('INFERENCE_NUM_THREADS')), 'openvino'] for x in s]\n"
            "else:\n"
            "    opts = [x.get_session_options() for x in s]\n"
            "    out = [[o.intra_op_num_threads, o.get_session_config_entry('session.intra_op.allow_spinning')]"
            " for o in opts]\n"
            "print(json.dumps(out))\n")
    # OMP_NUM_THREADS: what a batch sets in each of its workers
    env = dict(os.environ, OMP_NUM_THREADS="1", MMSUM_OCR_RUNTIME=runtime)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    # ONNX Runtime's idle threads sleep (spinning off); OpenVINO runs one stream of that many threads
    want = [[1, "0"], [1, "0"]] if runtime == "onnxruntime" else [[1, "openvino"], [1, "openvino"]]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == want


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_both_runtimes_read_a_scanned_page_as_written(tmp_path, runtime):
    b = PaperBuilder(columns=1, page_numbers=False, fontsize=11)
    b.heading("1 Introduction")
    b.paragraph(lorem(3))
    scan = scanned(b.save(tmp_path / "born.pdf").path, tmp_path / "scan.pdf", dpi=200)
    code = ("import json, sys, pymupdf; from mmsum.ingest import ocr\n"
            "print(json.dumps([ocr.engine_name(), [ln.text for ln in ocr.recognise_page(pymupdf.open(sys.argv[1])[0])]]))\n")
    env = dict(os.environ, OMP_NUM_THREADS="1", MMSUM_OCR_RUNTIME=runtime)
    out = subprocess.run([sys.executable, "-c", code, str(scan)], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    name, lines = json.loads(out.stdout.strip().splitlines()[-1])
    assert ("OpenVINO" if runtime == "openvino" else "ONNX Runtime") in name
    with pymupdf.open(tmp_path / "born.pdf") as born:
        truth = [" ".join(ln.split()) for ln in born[0].get_text().splitlines() if ln.strip()]
    assert lines[0] == "1 Introduction"
    same = sum(a == b for a, b in zip(lines, truth))
    assert len(lines) == len(truth) and same >= len(truth) - 1, list(zip(lines, truth))


def test_each_line_is_recognised_at_its_own_width():
    """A short line is not padded to the widest line of a batch, nor to 320 pixels."""
    from mmsum.ingest import ocr

    page = pymupdf.open().new_page(width=400, height=120)
    page.insert_text((20, 40), "The batteries of the sensor nodes drain.", fontsize=14)
    page.insert_text((20, 90), "Idle", fontsize=14)
    rec = ocr._runner().submit(ocr._engine).result().text_rec.session  # the engine of OCR's own thread
    widths: list[int] = []
    real = rec.session

    class Recording:  # the real session, with the widths it is given noted
        def __getattr__(self, name):
            return getattr(real, name)

        def run(self, names, feed):  # ONNX Runtime's call
            x = next(iter(feed.values()))
            widths.extend([x.shape[3]] * x.shape[0])
            return real.run(names, feed)

        def infer(self, inputs):  # OpenVINO's
            widths.extend([inputs[0].shape[3]] * inputs[0].shape[0])
            return real.infer(inputs)

    rec.session = Recording()
    try:
        lines = ocr.recognise_image(page.get_pixmap(dpi=144), scale=2.0)
    finally:
        rec.session = real
    assert [ln.text for ln in lines] == ["The batteries of the sensor nodes drain.", "Idle"]
    assert len(widths) == 2 and min(widths) < 200 < 600 < max(widths)


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


@pytest.mark.skipif(importlib.util.find_spec("openvino") is None
                    or os.environ.get("MMSUM_OCR_RUNTIME") == "onnxruntime", reason="the Latin head runs on OpenVINO")
def test_a_page_without_cjk_is_read_with_the_latin_head_and_a_chinese_line_on_it_still_read(tmp_path):
    """The lines after a page's first three, none of them CJK, take the smaller head; a Chinese
    line among them, which that head cannot read, is read again by the full one."""
    from mmsum.ingest import ocr

    b = PaperBuilder(columns=1, page_numbers=False, fontsize=11)
    b.heading("1 Introduction")
    b.paragraph(lorem(4))
    b.paragraph(ZH_SENTENCES[0] + ZH_SENTENCES[3], chinese=True)
    b.paragraph(lorem(2, 4))
    scan = scanned(b.save(tmp_path / "born.pdf").path, tmp_path / "scan.pdf", dpi=200)
    rec = ocr._runner().submit(ocr._engine).result().text_rec  # the engine of OCR's own thread
    before = dict(rec.counts)
    lines = [ln.text for ln in ocr.recognise_page(pymupdf.open(scan)[0])]
    used = {k: rec.counts[k] - before[k] for k in before}
    with pymupdf.open(tmp_path / "born.pdf") as born:
        truth = [" ".join(ln.split()) for ln in born[0].get_text().splitlines() if ln.strip()]
    assert lines == truth
    # three lines tell the script; two English lines and the Chinese one take the Latin head, that
    # line is read again, and the page's last two lines take the full head
    assert used == {"full": 6, "latin": 3, "again": 1}


@pytest.mark.skipif(importlib.util.find_spec("openvino") is None, reason="OpenVINO is not installed")
def test_ocr_models_on_openvino_leave_their_threads_unpinned(monkeypatch):
    """OpenVINO pins its threads to the first cores unless told not to: two workers' OCR then
    shares one core (a batch of scans ran at 2.40 s a page on 2 cores, 1.41 unpinned)."""
    import openvino as ov

    from mmsum.ingest import ocr, ocr_sessions

    monkeypatch.setattr(ocr_sessions, "runtime", lambda: "openvino")
    pinned: list = []  # whether each model compiled pins its threads
    real_compile, real_get = ov.Core.compile_model, ov.Core.get_property

    def compile_model(self, model, device_name="CPU", config=None):
        config = config or {}
        pinned.append(config.get("ENABLE_CPU_PINNING", real_get(self, "CPU", "ENABLE_CPU_PINNING")))
        return real_compile(self, model, device_name, config)

    monkeypatch.setattr(ov.Core, "compile_model", compile_model)
    ocr._new_engine()
    assert len(pinned) >= 3, pinned  # detection, recognition and the Latin head
    assert not any(p in (True, "True", "YES") for p in pinned), pinned
