"""Start-up contract: the command line and the reader import nothing they do not use.

Each check runs in a fresh interpreter (an import, once made, stays) and looks at
``sys.modules``; how long start-up takes is measured by ``../shared/eval/run.py speed`` and
``benchmarks/startup.py``, never asserted here.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.pdfbuild import two_column_paper

ROOT = Path(__file__).resolve().parents[1]
# heavy libraries the command line must not load before a command needs them
HEAVY = ("torch", "transformers", "onnxruntime", "scipy", "sklearn", "ray", "PySide6", "faiss",
         "rapidocr", "pymupdf.layout", "pymupdf4llm")


def loaded_after(code: str) -> list[str]:
    """The modules of HEAVY that a fresh interpreter holds after running ``code``."""
    probe = code + f"\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if sys.modules.get(m)]))\n"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_command_line_and_its_help_import_nothing_heavy():
    code = ("import contextlib, io\nfrom mmsum.cli import build_parser\n"
            "for argv in (['--help'], ['summarize', '--help'], ['library', '--help']):\n"
            "    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
            "        build_parser().parse_args(argv)\n")
    assert loaded_after(code) == []


def test_reading_a_pdf_loads_no_layout_model(tmp_path):
    """PyMuPDF 2 loads its layout analyser (an ONNX model, with onnxruntime) on import
    unless kept from it; mmsum never uses it."""
    two_column_paper(tmp_path / "paper.pdf")
    code = ("from mmsum.ingest import read_document\n"
            f"doc = read_document({str(tmp_path / 'paper.pdf')!r})\n"
            "assert doc.sentences, 'nothing read'\n"
            "import pymupdf\n"
            "assert pymupdf._globals.skip_quad_corrections, 'quad corrections on'\n")
    assert loaded_after(code) == []


def test_reading_keeps_the_character_boxes_it_was_measured_with():
    """pymupdf4llm, when PyMuPDF imports it, turns PyMuPDF's quad corrections off for the whole
    process; mmsum's reading was built that way, and keeps it so without the import."""
    code = "import mmsum.ingest, pymupdf\nprint(bool(pymupdf._globals.skip_quad_corrections))\n"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "True"
