"""CPU seconds a page of a summary against PyMuPDF's reading floor, measured so that a shared,
loaded machine does not decide the answer.

    python benchmarks/summary_cpu.py [PDF or folder ...] [--rounds 3] [--batch N]

Default: the papers of ../shared/corpus/docbank-dev. In one process with the models loaded
(the batch's in-process path), each round times the floor (``run.py speed``'s: every page's
``get_text("dict")`` and every image's bytes) and then a summary of every paper written as
JSON, both in process CPU seconds; the rounds interleave, so both see the same load. It
prints each round and a RESULT line with the medians: milliseconds a page of each, and their
ratio (what ``run.py speed`` compares, in CPU instead of wall time). With ``--batch N`` it also
runs ``mmsum summarize`` on N worker processes once and prints its wall time and the CPU
seconds of its workers (``ru_utime + ru_stime`` of the children).

Wall time on a machine others use says little; CPU time moves with the load too (shared caches
and cores), which is why the floor is measured beside the summaries and the ratio reported.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pymupdf

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "docbank-dev"


def floor(pdfs: list[Path]) -> float:
    """CPU seconds of what any pipeline must do at least (as ``run.py speed`` measures it)."""
    t = time.process_time()
    for pdf in pdfs:
        with pymupdf.open(pdf) as doc:
            for page in doc:
                page.get_text("dict")
                for img in page.get_images():
                    doc.extract_image(img[0])
    return time.process_time() - t


def summaries(summarizer, pdfs: list[Path], out: Path) -> float:
    """CPU seconds of summarizing ``pdfs`` and writing each as JSON, as a batch worker does."""
    from mmsum.export import write_summary
    from mmsum.options import SummaryOptions

    t = time.process_time()
    for pdf in pdfs:
        write_summary(summarizer.summarize(pdf, SummaryOptions()), out, ["json"], stem=pdf.stem)
    return time.process_time() - t


def batch(pdfs: list[Path], workers: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the workers) of ``mmsum summarize`` on ``workers``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mmsum", "summarize", *map(str, pdfs), "--out-dir", tmp,
                        "--format", "json", "--workers", str(workers), "--quiet"], check=True)
        wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*", type=Path, default=[DEFAULT])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batch", type=int, default=0, metavar="N", help="also time mmsum summarize on N workers")
    args = ap.parse_args()
    pdfs = sorted(p for i in args.inputs for p in (i.glob("*.pdf") if i.is_dir() else [i]))
    if not pdfs:
        sys.exit("no PDFs given")
    pages = sum(pymupdf.open(p).page_count for p in pdfs)

    from mmsum.pipeline import Summarizer

    summarizer = Summarizer()
    summarizer.load()
    floors, costs = [], []
    with tempfile.TemporaryDirectory() as tmp:
        summaries(summarizer, pdfs, Path(tmp))  # warm: the embedding cache and the imports
        for r in range(args.rounds):
            f, s = floor(pdfs), summaries(summarizer, pdfs, Path(tmp))
            floors.append(f)
            costs.append(s)
            print(f"round {r + 1}: floor {1000 * f / pages:.2f} ms/page, summary {1000 * s / pages:.2f} ms/page, "
                  f"ratio {s / f:.2f}", flush=True)
    print(f"RESULT pages={pages} floor_ms_per_page={1000 * statistics.median(floors) / pages:.2f} "
          f"summary_ms_per_page={1000 * statistics.median(costs) / pages:.2f} "
          f"ratio_to_floor={statistics.median(s / f for s, f in zip(costs, floors)):.2f}")
    if args.batch:
        wall, cpu = batch(pdfs, args.batch)
        print(f"RESULT batch workers={args.batch} pages={pages} wall_s={wall:.1f} workers_cpu_s={cpu:.1f} "
              f"cpu_ms_per_page={1000 * cpu / pages:.2f}")


if __name__ == "__main__":
    main()
