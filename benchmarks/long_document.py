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
    """A long report: ``per_page`` sentences on each page (one column), a running header and a
    logo on every page, a vector figure with its caption every ``figure_every`` pages, cited
    in the text. Written with PyMuPDF's text boxes (tests' PaperBuilder lays out word by word,
    too slow for thousands of pages)."""
    import pymupdf

    from tests.pdfbuild import gradient_pixmap, lorem

    doc = pymupdf.open()
    logo = None
    fig = 0
    for p in range(pages):
        page = doc.new_page(width=612, height=792)
        page.insert_text((72, 40), "A long report", fontsize=8)
        if logo is None:
            logo = page.insert_image(pymupdf.Rect(500, 28, 540, 48), pixmap=gradient_pixmap(48, 32, seed=99))
        else:
            page.insert_image(pymupdf.Rect(500, 28, 540, 48), xref=logo)
        text = lorem(per_page, p * per_page)
        has_fig = figure_every and p % figure_every == 0
        if has_fig:
            fig += 1
            text += f" Figure {fig} shows the series."
        page.insert_textbox(pymupdf.Rect(72, 72, 540, 460), text, fontsize=10, fontname="helv")
        if has_fig:
            box = pymupdf.Rect(150, 480, 460, 620)
            shape = page.new_shape()
            shape.draw_rect(box)
            for i in range(12):
                shape.draw_line(box.tl + (0, 10 * i), box.tl + (25 * i, 140 - 7 * i))
            shape.finish(color=(0, 0, 0.6), width=0.8)
            shape.commit()
            page.insert_text((150, 640), f"Figure {fig}: Measurement series number {fig}.", fontsize=9)
        page.insert_text((300, 760), str(p + 1), fontsize=8)
    doc.save(path, garbage=3, deflate=True)
    doc.close()


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
