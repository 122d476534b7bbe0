"""Work on a very long document: time and peak memory of ``mmsum summarize`` on a built PDF.

    python benchmarks/long_document.py                       # 5,000 pages, 12 sentences each
    python benchmarks/long_document.py --pages 1000 --figure-every 5
    python benchmarks/long_document.py --captions 5000       # one page per caption: many figures

The PDF is built with ``tests/pdfbuild.py`` (one column of prose; a vector figure with a
caption every ``--figure-every`` pages; a logo on every page) and kept in ``--work`` so that
runs compare on the same file. The summary runs in a child process under ``/usr/bin/time -v``
(no embedding cache, CPU): its wall time, CPU time and peak resident memory are printed, with
a final ``RESULT`` line. What the limits in ``mmsum/limits.py`` left out is in the output's
warnings, printed too.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build(path: Path, pages: int, per_page: int, figure_every: int) -> None:
    """A long report: ``per_page`` sentences on each page, a figure every ``figure_every`` pages."""
    from tests.pdfbuild import PaperBuilder, lorem

    b = PaperBuilder(columns=1, header="A long report", logo=True)
    fig = 0
    for p in range(pages):
        if p:
            b.page_break()
        b.paragraph(lorem(per_page, p * per_page) + (f" Figure {fig + 1} shows the series." if figure_every and
                                                      p % figure_every == 0 else ""))
        if figure_every and p % figure_every == 0:
            fig += 1
            b.figure("vector", f"Figure {fig}: Measurement series number {fig}.", height=80)
    b.save(path)


def many_captions(path: Path, captions: int) -> None:
    """A small file with ``captions`` short figures, twelve to a page: the many-figures case."""
    import pymupdf

    from tests.pdfbuild import lorem

    doc = pymupdf.open()
    for k in range(captions):
        if k % 12 == 0:
            page = doc.new_page()
            page.insert_text((72, 60), lorem(1, k), fontsize=9)
        y = 80 + (k % 12) * 58
        page.draw_rect(pymupdf.Rect(72, y, 300, y + 40), color=(0, 0, 0), fill=(0.6, 0.7, 0.9))
        page.insert_text((72, y + 52), f"Figure {k + 1}: Series {k + 1} of the survey.", fontsize=8)
    doc.save(path, garbage=3, deflate=True)
    doc.close()


def measure(pdf: Path, out: Path, extra: list[str]) -> dict:
    cmd = ["/usr/bin/time", "-v", sys.executable, "-m", "mmsum", "summarize", str(pdf), "--out-dir", str(out),
           "--format", "json,md", "--no-cache", "--device", "cpu", *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    err = proc.stderr

    def field(name: str) -> str:
        m = re.search(rf"{re.escape(name)}: (.+)", err)
        return m.group(1).strip() if m else "?"

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    parts = [float(x) for x in wall.split(":")] if wall != "?" else [0.0]
    seconds = sum(v * 60 ** i for i, v in enumerate(reversed(parts)))
    return {"exit": proc.returncode, "wall_s": seconds,
            "cpu_s": float(field("User time (seconds)")) + float(field("System time (seconds)")),
            "peak_mb": int(field("Maximum resident set size (kbytes)")) / 1024,
            "log": [ln for ln in err.splitlines() if ln.startswith("mmsum")][-8:]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--per-page", type=int, default=12, help="sentences per page")
    ap.add_argument("--figure-every", type=int, default=10)
    ap.add_argument("--captions", type=int, default=0, help="build the many-figures file instead")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "mmsum-bench")
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    if a.captions:
        pdf = a.work / f"captions-{a.captions}.pdf"
        if not pdf.exists():
            many_captions(pdf, a.captions)
    else:
        pdf = a.work / f"long-{a.pages}x{a.per_page}-f{a.figure_every}.pdf"
        if not pdf.exists():
            t = time.perf_counter()
            build(pdf, a.pages, a.per_page, a.figure_every)
            print(f"built {pdf} in {time.perf_counter() - t:.0f} s")
    r = measure(pdf, a.work / "out", [])
    out_json = a.work / "out" / f"{pdf.stem}.json"
    if out_json.exists():
        data = json.loads(out_json.read_text())
        print(f"pages={data['source']['pages']} summary_words={len(data['summary']['text'].split())} "
              f"figures={len(data['figures'])} timings={data['timings']}")
        for w in data.get("warnings", []):
            print(f"warning: {w}")
    for line in r["log"]:
        print(line)
    print(f"RESULT file={pdf.name} exit={r['exit']} wall_s={r['wall_s']:.1f} cpu_s={r['cpu_s']:.1f} "
          f"peak_rss_mb={r['peak_mb']:.0f}")


if __name__ == "__main__":
    main()
