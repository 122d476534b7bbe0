"""Start-up, broken down: imports, model loading, the first document, and a cached re-summary.

    python benchmarks/startup.py [PDF] [--backend auto|onnx|torch] [--runs 3]

Each run is a fresh process (as a user's first click or a script's call): it times the
imports the summarize path needs, ``Summarizer.load()``, and one summary of PDF (default: the
smallest paper of ../shared/corpus/docbank-dev) with the embedding cache off; then a second
fresh process summarizes the same PDF with a warm embedding cache (the re-summary of a
document already seen). Wall and process CPU seconds for each step; the median of ``--runs``.
ONNX files must already be exported (run once before; the first run prints a note).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
marks = {}
def mark(name):
    marks[name] = (time.perf_counter() - t0, time.process_time() - c0)
from mmsum.options import ModelOptions, SummaryOptions
from mmsum.pipeline import Summarizer
import mmsum.ingest  # the reader (PyMuPDF) is part of any summary
mark("imports")
s = Summarizer(ModelOptions(backend=sys.argv[2]), use_cache=sys.argv[3] == "cache")
s.load()
mark("models")
out = s.summarize(sys.argv[1], SummaryOptions())
mark("document")
marks["torch_imported"] = "torch" in sys.modules
marks["warnings"] = s.warnings
print(json.dumps(marks))
"""


def child(pdf: Path, backend: str, cache: str, cache_dir: str) -> dict:
    import os

    env = dict(os.environ, MMSUM_CACHE_DIR=cache_dir)
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, str(pdf), backend, cache], capture_output=True,
                         text=True, env=env, check=True)
    marks = json.loads(out.stdout.strip().splitlines()[-1])
    marks["process"] = time.perf_counter() - t0
    return marks


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdf", nargs="?", type=Path)
    ap.add_argument("--backend", default="auto")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cache-dir", help="mmsum cache folder holding the exported models (default: a fresh one, "
                                        "exported by a first, untimed run)")
    a = ap.parse_args()
    pdf = a.pdf
    if pdf is None:
        import pymupdf

        corpus = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "docbank-dev"
        pdfs = list(corpus.glob("*.pdf"))
        if not pdfs:
            sys.exit(f"no PDFs in {corpus}; name a PDF")
        pdf = min(pdfs, key=lambda p: pymupdf.open(p).page_count)
    cache_dir = a.cache_dir or tempfile.mkdtemp(prefix="mmsum-startup-")
    first = child(pdf, a.backend, "cache", cache_dir)  # exports if needed, warms the embedding cache
    print(f"{pdf.name}: first run {first['process']:.1f}s (exports the models if they were not yet)")
    cold, warm = [], []
    for _ in range(a.runs):
        cold.append(child(pdf, a.backend, "nocache", cache_dir))
        warm.append(child(pdf, a.backend, "cache", cache_dir))

    def med(runs: list[dict], key: str, i: int) -> float:
        return statistics.median(r[key][i] for r in runs)

    for label, runs in (("no embedding cache", cold), ("cached document", warm)):
        imports, models, doc = (med(runs, k, 0) for k in ("imports", "models", "document"))
        cpu = [med(runs, k, 1) for k in ("imports", "models", "document")]
        total = statistics.median(r["process"] for r in runs)
        print(f"{label}: imports {imports:.2f}s, models {models - imports:.2f}s, document {doc - models:.2f}s "
              f"(CPU {cpu[0]:.2f} / {cpu[1] - cpu[0]:.2f} / {cpu[2] - cpu[1]:.2f}s); whole process {total:.2f}s; "
              f"torch imported: {runs[0]['torch_imported']}")
    print(f"RESULT startup_s={statistics.median(r['process'] for r in cold):.2f} "
          f"cached_resummary_s={statistics.median(r['process'] for r in warm):.2f} "
          f"cached_document_s={med(warm, 'document', 0) - med(warm, 'models', 0):.2f} "
          f"imports_s={med(cold, 'imports', 0):.2f} models_s={med(cold, 'models', 0) - med(cold, 'imports', 0):.2f} "
          f"document_s={med(cold, 'document', 0) - med(cold, 'models', 0):.2f}")


if __name__ == "__main__":
    main()
