"""Tables read against truth known by construction, found on real papers, and what they cost.

    python benchmarks/table_structure.py built              # LaTeX-built and PyMuPDF-drawn tables
    python benchmarks/table_structure.py corpus DIR [DIR..] # "Table N" captions found as grids
    python benchmarks/table_structure.py cost DIR [DIR..]   # seconds per page for tables

``built``: every kind of :mod:`tests.latexbuild` (ruled, booktabs, borderless, spanning
headers, split over pages, continued under a "(continued)" caption (on its first part, or
only on its next part), captioned under its last part only, continued in the next
column of a two-column paper (supertabular, or broken by hand), cells holding wrapped
paragraphs (p{}, m{} and tabularx columns), notes under the table or over its caption,
landscape, Chinese, notation; real pdflatex/xelatex output) and
the drawn styles of :mod:`tests.tablebuild` (captions above and below, a table set as an
image, read by OCR). Cell accuracy: the share of the truth's cells whose exact text (spaces
normalised) stands at the same row and column of the table read; TEDS-style similarity:
1 - (tree edit distance between the table → rows → cells trees) / (nodes of the larger),
rows aligned by edit distance and a cell's relabelling costing its normalised string edit
distance (Zhong et al., 2020, without the HTML). Born-digital: every kind but the image.

``corpus``: the share of "Table N" captions whose table is found with a grid of at least 2×2
whose cells are text inside the table's box (each cell's words found in the text of the box,
accents aside: the reader joins an accent set apart to its letter).

``cost``: ``read_document`` with and without tables, CPU seconds per page (the extra is what
finding and reading tables costs). Each mode ends with one ``RESULT`` line (means with 95%
bootstrap intervals over documents where there are several).
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.modules.setdefault("pymupdf.layout", None)  # as the pipeline does: no layout model


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _norm(text: str) -> str:
    return " ".join(text.split())


def cell_accuracy(truth: list[list[str]], got: list[list[str]]) -> float:
    """Share of truth cells whose exact text stands at the same row and column in ``got``."""
    total = sum(len(r) for r in truth)
    hit = sum(1 for i, row in enumerate(truth) for j, c in enumerate(row)
              if i < len(got) and j < len(got[i]) and _norm(got[i][j]) == _norm(c))
    return hit / total if total else 1.0


def _cell_cost(a: str, b: str) -> float:
    a, b = _norm(a), _norm(b)
    return 0.0 if a == b else 1.0 - SequenceMatcher(None, a, b).ratio()


def _row_cost(a: list[str], b: list[str]) -> float:
    """Edit distance between two rows of cells (insert/delete 1, relabel by string distance)."""
    d = np.zeros((len(a) + 1, len(b) + 1))
    d[:, 0] = np.arange(len(a) + 1)
    d[0, :] = np.arange(len(b) + 1)
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i, j] = min(d[i - 1, j] + 1, d[i, j - 1] + 1, d[i - 1, j - 1] + _cell_cost(a[i - 1], b[j - 1]))
    return float(d[-1, -1])


def teds(truth: list[list[str]], got: list[list[str]]) -> float:
    """TEDS-style similarity of two grids (1: identical; see the module docstring)."""
    n_t = 1 + len(truth) + sum(len(r) for r in truth)
    n_g = 1 + len(got) + sum(len(r) for r in got)
    d = np.zeros((len(truth) + 1, len(got) + 1))
    for i in range(1, len(truth) + 1):
        d[i, 0] = d[i - 1, 0] + 1 + len(truth[i - 1])
    for j in range(1, len(got) + 1):
        d[0, j] = d[0, j - 1] + 1 + len(got[j - 1])
    for i in range(1, len(truth) + 1):
        for j in range(1, len(got) + 1):
            d[i, j] = min(d[i - 1, j] + 1 + len(truth[i - 1]), d[i, j - 1] + 1 + len(got[j - 1]),
                          d[i - 1, j - 1] + _row_cost(truth[i - 1], got[j - 1]))
    return max(0.0, 1.0 - float(d[-1, -1]) / max(n_t, n_g))


def _interval(values: list[float]) -> str:
    v = np.asarray(values, dtype=float)
    if len(v) < 2:
        return f"{v.mean():.3f}" if len(v) else "n/a"
    rng = np.random.default_rng(0)
    boots = [rng.choice(v, len(v)).mean() for _ in range(2000)]
    lo, hi = np.percentile(boots, [2.5, 97.5])
    return f"{v.mean():.3f} [{lo:.3f}, {hi:.3f}]"


def built() -> int:
    from mmsum.ingest import read_document
    from tests import latexbuild
    from tests.tablebuild import table_paper

    rows: list[tuple[str, bool, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind, make in latexbuild.KINDS.items():
            table = make()
            missing = latexbuild.latex_missing(table.engine)
            if missing:
                print(f"{kind:>22}: skipped ({missing})")
                continue
            pdf = latexbuild.build(Path(tmp) / f"{kind}.pdf", [table])
            rows.append(_score(f"latex {kind}", True, table.grid, read_document(pdf, render_figures=False)))
        for style in ("ruled", "booktabs", "borderless", "image"):
            for above in (True, False):
                name = f"drawn {style} {'above' if above else 'below'}"
                truth = table_paper(Path(tmp) / f"{style}{above}.pdf", style, caption_above=above)
                doc = read_document(Path(tmp) / f"{style}{above}.pdf", render_figures=False)
                rows.append(_score(name, style != "image", truth.header + truth.rows, doc))
    born = [r for r in rows if r[1]]
    print(f"RESULT built tables: cell accuracy (born-digital) {_interval([r[2] for r in born])}, "
          f"TEDS (born-digital) {_interval([r[3] for r in born])}; all incl. image tables: cell accuracy "
          f"{_interval([r[2] for r in rows])}, TEDS {_interval([r[3] for r in rows])}; n={len(rows)}")
    return 0


def _score(name: str, born: bool, truth: list[list[str]], doc) -> tuple[str, bool, float, float]:
    got = (doc.tables[0].header + (doc.tables[0].rows or [])) if doc.tables else []
    acc, sim = cell_accuracy(truth, got), teds(truth, got)
    print(f"{name:>22}: cell accuracy {acc:.3f}  TEDS {sim:.3f}")
    return name, born, acc, sim


def _pdfs(dirs: list[str]) -> list[Path]:
    return sorted(p for d in dirs for p in Path(d).rglob("*.pdf"))


def corpus(dirs: list[str]) -> int:
    import pymupdf

    from mmsum.ingest import read_document

    found: list[float] = []
    total = hit = 0
    for pdf in _pdfs(dirs):
        try:
            doc = read_document(pdf, render_figures=False)
        except Exception as err:
            print(f"{pdf.name}: not read ({err})")
            continue
        labelled = [t for t in doc.tables if t.label and t.label.startswith("Table")]
        if not labelled:
            continue
        src = pymupdf.open(pdf)
        ok = 0
        for t in labelled:
            good = _is_grid(t, src)
            ok += good
            if not good:
                print(f"  {pdf.name} {t.label} p.{t.page + 1}: {t.unread or 'grid ' + 'x'.join(map(str, _shape(t)))}")
        src.close()
        total, hit = total + len(labelled), hit + ok
        found.append(ok / len(labelled))
        print(f"{pdf.name}: {ok}/{len(labelled)} tables read as grids", flush=True)
    print(f"RESULT tables found as grids: {hit}/{total} captions = {hit / max(total, 1):.3f}; "
          f"per document {_interval(found)} over {len(found)} documents with 'Table N' captions")
    return 0


def _shape(t) -> tuple[int, int]:
    grid = t.header + (t.rows or [])
    return len(grid), max((len(r) for r in grid), default=0)


def _is_grid(t, src) -> bool:
    """At least 2×2, and the cells' words are text inside the table's box (its pages)."""
    rows, cols = _shape(t)
    if t.rows is None or rows < 2 or cols < 2:
        return False
    import pymupdf

    # ligatures spelt out ("ﬁ" -> "fi"), as the reader reads them
    flags = pymupdf.TEXT_MEDIABOX_CLIP | pymupdf.TEXT_PRESERVE_WHITESPACE
    text = " ".join(src.load_page(p).get_text(clip=pymupdf.Rect(t.bbox) + (-2, -2, 2, 2) if p == t.page else None,
                                              flags=flags)
                    for p in (t.pages or [t.page]))
    words = {_bare(w) for w in text.split()}
    cells = [_bare(w) for row in t.header + t.rows for c in row for w in c.split()]
    return bool(cells) and sum(w in words for w in cells) >= 0.9 * len(cells)


def _bare(word: str) -> str:
    """A word without its accents, set apart ("G¨agesatz") or joined to their letters
    ("Gägesatz", as the reader joins them): either way the same letters."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word)
                   if unicodedata.category(ch) not in ("Mn", "Sk") and not "\u02b0" <= ch <= "\u02ff")


def cost(dirs: list[str]) -> int:
    from mmsum.ingest import read_document

    pdfs = _pdfs(dirs)
    extra: list[float] = []
    share: list[float] = []
    for pdf in pdfs:
        try:
            t0 = cpu()
            doc = read_document(pdf, render_figures=False, tables=False)
            t1 = cpu()
            read_document(pdf, render_figures=False)
            t2 = cpu()
        except Exception:
            continue
        pages = max(doc.page_count, 1)
        extra.append(((t2 - t1) - (t1 - t0)) / pages)
        share.append(((t2 - t1) - (t1 - t0)) / max(t1 - t0, 1e-6))
    print(f"RESULT table cost: {_interval(extra)} extra CPU seconds per page "
          f"({_interval(share)} of reading without tables), n={len(extra)} documents")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=["built", "corpus", "cost"])
    ap.add_argument("dirs", nargs="*")
    args = ap.parse_args()
    if args.mode == "built":
        return built()
    if not args.dirs:
        ap.error("give one or more folders of PDFs")
    return corpus(args.dirs) if args.mode == "corpus" else cost(args.dirs)


if __name__ == "__main__":
    raise SystemExit(main())
