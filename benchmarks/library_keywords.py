"""What searching a library stored with the summary's sentence vectors (the default: the other
sentences found by their words) loses against one stored with every sentence's vector.

    python benchmarks/library_keywords.py FOLDER [--limit N]

Adds the documents of FOLDER (the first N) to two fresh libraries, one by default and one
with ``--every-sentence``, then asks both the same queries: every figure caption of at least
six words (a caption is no body sentence, and says what the text around it is about). For
each query it compares the sentences found (``--kind sentence``, top 10): how often the top
result is the same, and the share of the top ten in common. Also prints the share of
sentences stored with a vector. Prints a RESULT line.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mmsum.batch import InProcessEngine  # noqa: E402
from mmsum.library import add_to_library  # noqa: E402
from mmsum.library.search import search_library  # noqa: E402
from mmsum.options import ModelOptions  # noqa: E402
from mmsum.pipeline import Summarizer  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--limit", type=int, default=12)
    args = ap.parse_args()
    papers = sorted(args.folder.glob("*.pdf"))[:args.limit]
    models = ModelOptions(device="cpu")
    s = Summarizer(models)
    s.load()
    tmp = Path(tempfile.mkdtemp(prefix="mmsum-kw-"))
    default, every = tmp / "default.sqlite", tmp / "every.sqlite"
    add_to_library(default, papers, models=models, engine=InProcessEngine(s))
    add_to_library(every, papers, models=models, engine=InProcessEngine(s), every_sentence=True)
    db = sqlite3.connect(default)
    encoded = db.execute("SELECT avg(vec IS NOT NULL) FROM sentences").fetchone()[0]
    queries = [c for (c,) in db.execute("SELECT caption FROM figures") if len(c.split()) >= 6]
    t = time.perf_counter()
    got = search_library(default, queries, kind="sentence", top=10, models=models)
    seconds = (time.perf_counter() - t) / max(len(queries), 1)
    want = search_library(every, queries, kind="sentence", top=10, models=models)
    same_top = overlap = 0.0
    for a, b in zip(got, want):
        ra = [(r["document"], r["page"], r["text"]) for r in a["results"]]
        rb = [(r["document"], r["page"], r["text"]) for r in b["results"]]
        same_top += bool(ra and rb and ra[0] == rb[0])
        overlap += len(set(ra) & set(rb)) / max(len(rb), 1)
    n = max(len(queries), 1)
    print(f"RESULT papers={len(papers)} queries={len(queries)} encoded_share={encoded:.3f} "
          f"top1_same={same_top / n:.3f} top10_overlap={overlap / n:.3f} search_s_per_query={seconds:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
