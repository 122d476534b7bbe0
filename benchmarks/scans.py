"""Scanned documents: seconds per page of ``mmsum summarize`` on image-only PDFs, and how well
their text is read.

    python benchmarks/scans.py                      # 4 English + 2 Chinese documents, 200 dpi
    python benchmarks/scans.py --pages 4 --workers 2 --work /tmp/scans
    python benchmarks/scans.py --quality            # also: the words read against the original's

The scans are made from the development corpora (``../shared/corpus``): each page of the
first ``--pages`` of each document rasterised in grey at ``--dpi`` and put back as the only
thing on its page (no text layer), as a scanner would give it; they are kept in ``--work``, so
runs compare on the same files and ``../shared/eval/run.py sentences`` can read them. The
summaries run as a user runs them: one ``mmsum summarize`` of all the scans, no embedding cache,
``--workers`` processes, on the CPU. Printed: wall seconds per page, CPU seconds per page (all
processes), the share of the summaries' sentences that ``run.py sentences`` calls well formed
(``--per-doc F`` writes its rows, for ``run.py compare``), and with ``--quality`` the word F1 of each scan's body sentences against the
sentences mmsum reads from the original (Chinese: characters), then a ``RESULT`` line.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"  # the corpora and the evaluation (--shared elsewhere)
# short papers of docbank-dev (English, one and two columns, figures) and chapters of a Chinese
# textbook (zh-dev): the start of each, as a scanned archive holds them
DOCUMENTS = ["docbank-dev/arxiv-1807.08272.pdf", "docbank-dev/arxiv-1809.00537.pdf",
             "docbank-dev/arxiv-1705.05217.pdf", "docbank-dev/arxiv-1805.05760.pdf",
             "zh-dev/nndl-ch01-intro.pdf", "zh-dev/nndl-ch04-feedforward.pdf"]
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[A-Za-z0-9]+|[\u3400-\u9fff]")


def make_scans(work: Path, pages: int, dpi: int) -> list[Path]:
    """Image-only copies of :data:`DOCUMENTS` (their first ``pages`` pages) in ``work``."""
    import pymupdf

    work.mkdir(parents=True, exist_ok=True)
    out = []
    for rel in DOCUMENTS:
        src = SHARED / "corpus" / rel
        dst = work / f"scan-{dpi}-{pages}-{src.stem}.pdf"
        if not dst.is_file():
            with pymupdf.open(src) as doc, pymupdf.open() as scan:
                for page in list(doc)[:pages]:
                    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
                    new = scan.new_page(width=page.rect.width, height=page.rect.height)
                    new.insert_image(new.rect, pixmap=pix)
                scan.save(dst, deflate=True)
        out.append(dst)
    return out


def page_count(pdfs: list[Path]) -> int:
    import pymupdf

    return sum(pymupdf.open(p).page_count for p in pdfs)


def summarize(pdfs: list[Path], workers: int) -> tuple[float, float, int, dict[str, list[str]]]:
    """(wall s, CPU s of the child processes, exit status, document -> its summary's
    sentences) of one ``mmsum summarize`` of ``pdfs``, as ``run.py sentences`` asks for them
    (350 words), without the embedding cache."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "mmsum", "summarize", *map(str, pdfs), "--out-dir", out,
                               "--format", "json", "--words", "350", "--no-cache", "--device", "cpu", "--quiet",
                               "--workers", str(workers)], cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        results = {p.stem: json.loads(p.read_text()) for p in Path(out).glob("*.json")}
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode:
        print(proc.stderr[-2000:], file=sys.stderr)
    print(f"statuses: {dict(Counter(r.get('status') for r in results.values()))}")
    sentences = {f"{stem}.pdf": [s["text"] for s in r.get("sentences", [])] for stem, r in results.items()}
    return wall, cpu, proc.returncode, sentences


def sentence_rows(sentences: dict[str, list[str]]) -> list[dict]:
    """Rows as ``run.py sentences --per-doc`` writes them (its own well-formedness rule), for
    ``run.py compare``."""
    sys.path.insert(0, str(SHARED / "eval"))
    from run import well_formed

    return [{"doc": doc, "sentences": len(sents), "well_formed": sum(map(well_formed, sents))}
            for doc, sents in sorted(sentences.items())]


def _tokens(text: str) -> Counter:
    return Counter(t.lower() for t in _WORD.findall(text))


def word_f1(read: str, truth: str) -> float:
    """F1 of the words (Chinese: characters) of ``read`` against ``truth``, as multisets."""
    a, b = _tokens(read), _tokens(truth)
    common = sum((a & b).values())
    if not common:
        return 0.0
    p, r = common / sum(a.values()), common / sum(b.values())
    return 2 * p * r / (p + r)


def quality(scans: list[Path], pages: int) -> list[tuple[str, float]]:
    """Each scan's word F1 against the body sentences mmsum reads from the original's pages."""
    import pymupdf

    from mmsum.ingest import read_document

    out = []
    for scan in scans:
        src = SHARED / "corpus" / next(r for r in DOCUMENTS if Path(r).stem in scan.stem)
        with tempfile.TemporaryDirectory() as tmp:
            cut = Path(tmp) / "original.pdf"
            with pymupdf.open(src) as doc:
                doc.select(list(range(min(pages, doc.page_count))))
                doc.save(cut)
            truth = " ".join(s.text for s in read_document(cut, render_figures=False).sentences)
        read = " ".join(s.text for s in read_document(scan, render_figures=False).sentences)
        out.append((src.stem, word_f1(read, truth)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=6, help="pages of each document (default 6)")
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "mmsum-scans")
    ap.add_argument("--quality", action="store_true", help="also the word F1 of what is read")
    ap.add_argument("--no-timing", action="store_true", help="only make the scans (and --quality)")
    ap.add_argument("--per-doc", type=Path, help="write each summary's sentence counts here, as run.py "
                                                  "sentences --per-doc does (for run.py compare)")
    ap.add_argument("--shared", type=Path, help="the shared folder (corpus/, eval/); default ../shared")
    args = ap.parse_args()
    global SHARED
    SHARED = args.shared or SHARED
    scans = make_scans(args.work, args.pages, args.dpi)
    n = page_count(scans)
    zh = sum(1 for s in scans if "nndl" in s.name)
    print(f"{len(scans)} scans ({len(scans) - zh} English, {zh} Chinese), {n} pages at {args.dpi} dpi in {args.work}; "
          f"load {os.getloadavg()[0]:.1f}")
    parts = [f"docs={len(scans)} pages={n} dpi={args.dpi} workers={args.workers}"]
    if not args.no_timing:
        wall, cpu, rc, sentences = summarize(scans, args.workers)
        print(f"summarize: {wall:.1f} s wall, {cpu:.1f} s CPU, exit {rc}; load {os.getloadavg()[0]:.1f}", flush=True)
        rows = sentence_rows(sentences)
        total = sum(r["sentences"] for r in rows)
        parts.append(f"s_per_page={wall / n:.2f} cpu_s_per_page={cpu / n:.2f} rc={rc} sentences={total} "
                     f"well_formed={sum(r['well_formed'] for r in rows) / max(total, 1):.3f}")
        if args.per_doc:
            args.per_doc.write_text("".join(json.dumps(r) + "\n" for r in rows))
    if args.quality:
        scores = quality(scans, args.pages)
        for name, f1 in scores:
            print(f"  {name:40} word F1 {f1:.3f}")
        en = [f for name, f in scores if "nndl" not in name]
        zh_f = [f for name, f in scores if "nndl" in name]
        parts.append(f"word_f1_en={sum(en) / max(len(en), 1):.3f} word_f1_zh={sum(zh_f) / max(len(zh_f), 1):.3f}")
    print("RESULT " + " ".join(parts) + f" load={os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
