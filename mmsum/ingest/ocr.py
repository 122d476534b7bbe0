"""Text recognition (OCR) with the PP-OCR models bundled in the ``rapidocr`` wheel (Chinese and
English, on OpenVINO or ONNX Runtime: :mod:`.ocr_sessions`), offline.

:func:`recognise_image` turns an image (PNG/JPEG bytes, a PyMuPDF pixmap or an array) into text
lines with boxes; :func:`recognise_page` does the same for a PDF page and gives the boxes in PDF
points (origin top-left), so that OCR'd lines read like a text layer's. The engine is loaded
once per thread that runs it, on first use (a few seconds); calls run on one helper thread,
so that a cancel is seen within a twentieth of a second even while a page is recognised.
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor, TimeoutError
from dataclasses import dataclass
from importlib import metadata

import numpy as np
import pymupdf

from ..document import BBox
from ..errors import ModelError
from ..progress import POLL_S, CancelFn, check

log = logging.getLogger(__name__)

OCR_DPI = 150  # resolution pages are rendered at for recognition; scans are mostly 150-300 dpi
MIN_SCORE = 0.5  # lines recognised with less confidence are dropped
DETECT_SIDE = 960  # pixels: the longer side of the image text lines are detected on (recognition
                   # reads each line from the full-resolution image); a third of the time of 1754
# the detection resolution is chosen for the text size the document's recognised pages show:
# each line about LINE_PX pixels high where lines are detected (DETECT_SIDE for 10-point text on
# a letter page), within these bounds
LINE_PX = 16
MIN_SIDE, MAX_SIDE = 640, 1280
# pixels: the height every line is scaled to for recognition (the model's); its width follows the
# line's own shape. Lines are recognised one at a time: in rapidocr's batches of six each line
# was padded to the widest and to at least 320 pixels (a quarter of the lines are narrower),
# a tenth more work for the same text; one line per call costs no more per pixel
REC_HEIGHT = 48
MODEL = "PP-OCRv6 small"
INSTALL_HINT = "install the bundled engine with: pip install rapidocr"


@dataclass
class OcrLine:
    """One recognised line: ``bbox`` in the unit asked for (image pixels, or PDF points for a
    page), origin top-left; ``score`` is the recogniser's confidence (0..1)."""

    text: str
    bbox: BBox
    score: float


def engine_name() -> str:
    """"PP-OCRv6 small (rapidocr 3.10.0, OpenVINO 2026.4.1)": what recognises text and what it
    runs on (see :mod:`.ocr_sessions`), for outputs and ``mmsum models``."""
    from .ocr_sessions import runtime_label

    try:
        return f"{MODEL} (rapidocr {metadata.version('rapidocr')}, {runtime_label()})"
    except metadata.PackageNotFoundError:
        return f"{MODEL} (rapidocr, not installed)"


def engine_available() -> str | None:
    """None when the OCR engine can be loaded, else why not (one line)."""
    try:
        metadata.version("rapidocr")
    except metadata.PackageNotFoundError:
        return f"no OCR engine is installed; {INSTALL_HINT}"
    return None


_local = threading.local()  # each thread that runs the engine has its own (calls never share one)
_pool_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None


def _new_engine():
    """The engine with its models on OpenVINO or ONNX Runtime (:mod:`.ocr_sessions`) as mmsum's
    other models run: this worker's share of the cores, no spinning (see
    :mod:`mmsum.onnx_threads`); one line recognised per call (:data:`REC_HEIGHT`)."""
    problem = engine_available()
    if problem:
        raise ModelError(problem)
    from ..onnx_threads import cpu_threads
    from .ocr_script import ScriptRecognizer
    from .ocr_sessions import latin_head, own_onnx_sessions, runtime_params

    threads = cpu_threads()
    try:
        from rapidocr import RapidOCR

        # no angle classifier: scanned pages are upright, and it costs a third more time;
        # detection on the page scaled to DETECT_SIDE (text lines stay over 10 px high)
        engine = RapidOCR(params={"Global.log_level": "error", "Global.use_cls": False,
                                  "Det.limit_type": "max", "Det.limit_side_len": DETECT_SIDE,
                                  "Rec.rec_batch_num": 1, "Rec.rec_img_shape": [3, REC_HEIGHT, REC_HEIGHT],
                                  **runtime_params(threads)})
        own_onnx_sessions(engine, threads)
        # each page's lines read with the decoding head its script needs (:mod:`.ocr_script`)
        engine.text_rec = ScriptRecognizer(engine.text_rec, latin_head(engine.text_rec, threads))
    except Exception as err:  # a broken install: say so, do not fail the document with a traceback
        raise ModelError(f"the OCR engine could not be loaded ({type(err).__name__}: "
                         f"{' '.join(str(err).split())[:160]}); {INSTALL_HINT}") from None
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return engine


def _engine():
    engine = getattr(_local, "engine", None)
    if engine is None:
        engine = _local.engine = _new_engine()
    return engine


def _runner() -> ThreadPoolExecutor:
    """The thread the engine runs on, so that a caller can stop waiting for it (cancel)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mmsum-ocr")
        return _pool


def _run(arr: np.ndarray, det_side: int):
    engine = _engine()
    det = getattr(engine, "text_det", None)
    if det is not None and hasattr(det, "limit_side_len"):
        det.limit_side_len = det_side
    return engine(arr)


def image_array(image) -> np.ndarray:
    """An H x W x 3 uint8 array from PNG/JPEG bytes, a pixmap or an array."""
    if isinstance(image, (bytes, bytearray)):
        image = pymupdf.Pixmap(bytes(image))
    if isinstance(image, pymupdf.Pixmap):
        pix = image
        if pix.alpha:
            pix = pymupdf.Pixmap(pix, 0)
        if pix.n not in (1, 3):
            pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
        arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
    else:
        arr = np.asarray(image, dtype=np.uint8)
    if arr.ndim == 2:
        arr = arr[:, :, None]
    if arr.shape[2] == 1:
        arr = np.repeat(arr, 3, axis=2)
    return np.ascontiguousarray(arr[:, :, :3])


def recognise_image(image, scale: float = 1.0, *, det_side: int = DETECT_SIDE,
                    cancel: CancelFn | None = None) -> list[OcrLine]:
    """Text lines in ``image`` (PNG/JPEG bytes, a :class:`pymupdf.Pixmap`, or an array), top to
    bottom. Boxes are image pixels divided by ``scale`` (pixels per unit: 150/72 for a page
    rendered at 150 dpi gives PDF points). ``det_side``: pixels of the longer side lines are
    detected on (at most the image's own). Raises :class:`~mmsum.errors.ModelError` when the
    engine is missing or broken, :class:`~mmsum.progress.Cancelled` within ``POLL_S`` of
    ``cancel()`` turning true (the page under way is finished and dropped).
    """
    arr = image_array(image)
    if arr.shape[0] < 8 or arr.shape[1] < 8:
        return []
    job = _runner().submit(_run, arr, det_side)
    while True:
        try:
            result = job.result(timeout=POLL_S)
            break
        except TimeoutError:
            check(cancel)
    boxes = getattr(result, "boxes", None)
    if boxes is None:
        return []
    out = []
    for quad, text, score in zip(boxes, result.txts, result.scores):
        text = " ".join(str(text).split())
        if not text or float(score) < MIN_SCORE:
            continue
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        out.append(OcrLine(text=text, score=float(score),
                           bbox=(min(xs) / scale, min(ys) / scale, max(xs) / scale, max(ys) / scale)))
    out.sort(key=lambda ln: (round(ln.bbox[1]), ln.bbox[0]))
    return out


def recognise_page(page: pymupdf.Page, dpi: int = OCR_DPI, *, det_side: int = DETECT_SIDE,
                   cancel: CancelFn | None = None) -> list[OcrLine]:
    """Text lines of a rendered page, boxes in PDF points (origin top-left of the page)."""
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    lines = recognise_image(pix, scale=dpi / 72.0, det_side=det_side, cancel=cancel)
    x0, y0 = page.rect.x0, page.rect.y0
    if x0 or y0:
        for ln in lines:
            b = ln.bbox
            ln.bbox = (b[0] + x0, b[1] + y0, b[2] + x0, b[3] + y0)
    return lines


def detect_side(line_heights_pt: list[float], page_side_pt: float) -> int:
    """Pixels of a page's longer side (``page_side_pt`` points) to detect its lines on, given
    the heights (points) of the lines recognised so far in the document: their median line is
    :data:`LINE_PX` high, within :data:`MIN_SIDE`..:data:`MAX_SIDE`, a multiple of 32;
    :data:`DETECT_SIDE` before any line is known."""
    if not line_heights_pt or page_side_pt <= 0:
        return DETECT_SIDE
    height = sorted(line_heights_pt)[len(line_heights_pt) // 2]
    side = LINE_PX * page_side_pt / max(height, 1.0)
    return int(min(MAX_SIDE, max(MIN_SIDE, round(side / 32) * 32)))
