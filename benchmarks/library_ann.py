"""Search at scale: N stored sentence vectors (synthetic, d=384) in a real library file.

    python benchmarks/library_ann.py [--vectors 1000000] [--queries 200] [--compare 200000] [--keep DIR]
    python benchmarks/library_ann.py --keep DIR --reuse     # step 3's new process only, on DIR's library

1. Writes a library of N sentences (1,000 per document, one transaction each) whose vectors
   are drawn around 2,000 random topic centres (real sentence embeddings cluster; uniform
   random vectors would be the worst case of any index), and times it.
2. Candidate approximate indexes on the first ``--compare`` vectors, to choose one by
   measurement: faiss IVF-Flat, hnswlib HNSW, usearch HNSW (those installed): build time,
   memory, query p50/p95 (one query at a time), recall@10 against exact search.
3. The library's own path at N: the vectors read back from SQLite, the faiss IVF index built
   and saved beside the library (mmsum.library.ann), loaded again, and queried; exact numpy
   search over the same matrix for comparison. Then the first searches as a user meets them:
   a new process reads the saved index on its first search and answers the queries (its load
   time, its first query, p50/p95 of all; the process that built the index is no such user:
   its heap and caches are those of the build).
4. ``--add`` more vectors (documents of 1,000) stored, then the next search's update of the
   index (read the new documents' vectors, add them, save beside the library: no rebuild),
   its search latency and recall@10 against exact search over all N + add; a new process's
   first search after it (the saved index read and caught up from the library, as a change
   under ann.SAVE_FRACTION is not written back); the time a save of the whole index takes;
   then as many documents removed again and the update timed.

Queries are held-out points of the same distribution. Memory is the growth of this
process's resident memory while building (MiB). Prints RESULT lines.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mmsum.library import ann  # noqa: E402
from mmsum.library.store import DocumentRecord, Library, SentenceRow  # noqa: E402
from mmsum.library.vectors import sentence_matrix, top_k  # noqa: E402

DIM = 384
PER_DOC = 1000


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1 << 20)


def unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def synthetic(n: int, rng: np.random.Generator, centres: np.ndarray) -> np.ndarray:
    """Points around random centres, cosine to their centre about 0.7 (two sentences on one
    topic: about 0.5), as sentence embeddings cluster by topic."""
    which = rng.integers(0, len(centres), n)
    return unit(centres[which] + 0.05 * rng.standard_normal((n, DIM), dtype=np.float32))


def exact_top(mat: np.ndarray, q: np.ndarray, k: int = 10) -> np.ndarray:
    return np.stack([top_k(mat @ v, k) for v in q])


def latency(fn, queries: np.ndarray) -> tuple[float, float]:
    times = []
    for v in queries:
        t = time.perf_counter()
        fn(v[None, :])
        times.append(time.perf_counter() - t)
    ms = np.array(times) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth)]))


def hnsw_index(mat: np.ndarray):
    import hnswlib

    idx = hnswlib.Index(space="ip", dim=DIM)
    idx.init_index(max_elements=len(mat), ef_construction=100, M=16)
    idx.add_items(mat, np.arange(len(mat)))
    idx.set_ef(64)
    return idx


def usearch_index(mat: np.ndarray):
    from usearch.index import Index

    idx = Index(ndim=DIM, metric="ip", dtype="f32", connectivity=16, expansion_add=100, expansion_search=64)
    idx.add(np.arange(len(mat)), mat)
    return idx


# name, build(mat), one query (a 1 x DIM array), all queries -> rows of the top 10, parameters
CANDIDATES = (
    ("faiss-ivf-flat", ann.build_ivf, lambda idx, v: idx.search(v, 10), lambda idx, q: idx.search(q, 10)[1],
     lambda idx: f"nlist={idx.nlist} nprobe={idx.nprobe}"),
    ("hnswlib", hnsw_index, lambda idx, v: idx.knn_query(v, 10), lambda idx, q: idx.knn_query(q, 10)[0],
     lambda idx: "M=16 efc=100 ef=64"),
    ("usearch", usearch_index, lambda idx, v: idx.search(v[0], 10), lambda idx, q: idx.search(q, 10).keys,
     lambda idx: "M=16 efc=100 ef=64"),
)


def candidates(mat: np.ndarray, q: np.ndarray, truth: np.ndarray) -> None:
    """Each installed candidate index built on ``mat``: one RESULT line with its build time,
    memory growth, query latency and recall@10 against ``truth``."""
    n = len(mat)
    for name, build_index, one, every, params in CANDIDATES:
        gc.collect()
        try:
            m0, t = rss_mb(), time.perf_counter()
            idx = build_index(mat)
        except ImportError:
            print(f"{name} is not installed")
            continue
        build, mem = time.perf_counter() - t, rss_mb() - m0
        p50, p95 = latency(lambda v: one(idx, v), q)
        print(f"RESULT index={name} {params(idx)} n={n} build_s={build:.1f} mem_mb={mem:.0f} "
              f"p50_ms={p50:.2f} p95_ms={p95:.2f} recall10={recall(every(idx, q), truth):.3f}", flush=True)
        del idx


def new_process_searches(path: Path, n_queries: int) -> str:
    """The RESULT line of a new process's first searches in the library at ``path``: the
    saved index read on the first (lazy load), then ``n_queries`` queries one at a time."""
    import subprocess

    out = subprocess.run([sys.executable, __file__, "--first-searches", str(path), "--queries", str(n_queries)],
                         capture_output=True, text=True, timeout=1800)
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("RESULT")]
    return lines[-1] if lines else f"RESULT index=new-process failed: {out.stderr.strip()[-300:]}"


def first_searches(path: Path, queries: np.ndarray) -> None:
    """In this (new) process: the library's index read on the first search, then ``queries``
    answered one at a time; prints the RESULT line."""
    t = time.perf_counter()
    with Library(path, readonly=True) as lib, lib.snapshot() as db:
        index = ann.open_index(path, "synthetic", lib.generation(), db)
    load_s = time.perf_counter() - t
    ms = []
    for v in queries:
        t = time.perf_counter()
        index.search(v[None, :], 10)
        ms.append((time.perf_counter() - t) * 1000)
    print(f"RESULT index=library-faiss-ivf-new-process n={index.index.ntotal} load_s={load_s:.2f} "
          f"first_query_ms={ms[0]:.2f} p50_ms={np.percentile(ms, 50):.2f} p95_ms={np.percentile(ms, 95):.2f} "
          f"load={os.getloadavg()[0]:.1f}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vectors", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--compare", type=int, default=200_000, help="vectors for the index comparison (0: skip)")
    ap.add_argument("--add", type=int, default=10_000, help="vectors added after the index is built")
    ap.add_argument("--keep", type=Path, help="write the library here and keep it (default: a temporary folder)")
    ap.add_argument("--reuse", action="store_true", help="only a new process's first searches in --keep's library")
    ap.add_argument("--first-searches", type=Path, help=argparse.SUPPRESS)  # the new process of step 3
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    centres = unit(rng.standard_normal((2000, DIM), dtype=np.float32))
    queries = synthetic(args.queries, rng, centres)
    if args.first_searches:
        first_searches(args.first_searches, queries)
        return 0
    if args.reuse:
        if args.keep is None or not (args.keep / "library.sqlite").is_file():
            ap.error("--reuse needs --keep DIR holding a library this benchmark wrote")
        print(new_process_searches(args.keep / "library.sqlite", args.queries), flush=True)
        return 0

    folder = args.keep or Path(tempfile.mkdtemp(prefix="mmsum-ann-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "library.sqlite"
    path.unlink(missing_ok=True)
    t = time.perf_counter()
    with Library(path) as lib:
        for d in range(0, args.vectors, PER_DOC):
            vecs = synthetic(min(PER_DOC, args.vectors - d), rng, centres)
            lib.put(DocumentRecord(f"/synthetic/{d // PER_DOC}.pdf", f"h{d}", "{}", "ok", pages=10,
                                   text_encoder="synthetic",
                                   sentences=[SentenceRow(f"sentence {d + i}", i // 100, (72, 72, 540, 84), v)
                                              for i, v in enumerate(vecs)]))
    write_s = time.perf_counter() - t
    size_mb = path.stat().st_size / (1 << 20)
    print(f"RESULT stored vectors={args.vectors} write_s={write_s:.1f} file_mb={size_mb:.0f} "
          f"bytes_per_sentence={path.stat().st_size / args.vectors:.0f}", flush=True)

    with Library(path, readonly=True) as lib:
        t = time.perf_counter()
        with lib.snapshot() as db:
            ids, mat = sentence_matrix(db, "synthetic")
        read_s = time.perf_counter() - t
        generation = lib.generation()
    print(f"RESULT read_back vectors={len(ids)} read_s={read_s:.1f}", flush=True)

    if args.compare:
        sub = mat[: args.compare]
        candidates(sub, queries, exact_top(sub, queries))

    truth_rows = exact_top(mat, queries)
    truth = ids[truth_rows]
    p50, p95 = latency(lambda v: mat @ v[0], queries)
    print(f"RESULT index=exact-numpy n={len(mat)} p50_ms={p50:.2f} p95_ms={p95:.2f} recall10=1.000", flush=True)

    del mat
    gc.collect()
    m0, t = rss_mb(), time.perf_counter()
    with Library(path, readonly=True) as lib, lib.snapshot() as db:
        index = ann.open_index(path, "synthetic", generation, db)
    build_s, mem = time.perf_counter() - t, rss_mb() - m0
    del index
    ann._OPEN.clear()  # as a new process: read from beside the library
    gc.collect()
    t = time.perf_counter()
    with Library(path, readonly=True) as lib, lib.snapshot() as db:
        index = ann.open_index(path, "synthetic", generation, db)
    load_s = time.perf_counter() - t
    p50, p95 = latency(lambda v: index.search(v, 10), queries)
    _, found = index.search(queries, 10)
    index_mb = sum(p.stat().st_size for p in ann.index_folder(path).iterdir()) / (1 << 20)
    print(f"RESULT index=library-faiss-ivf n={index.index.ntotal} nlist={index.index.nlist} "
          f"nprobe={index.index.nprobe} read_and_build_s={build_s:.1f} build_mem_mb={mem:.0f} load_s={load_s:.2f} "
          f"index_mb={index_mb:.0f} p50_ms={p50:.2f} p95_ms={p95:.2f} recall10={recall(found, truth):.3f}",
          flush=True)
    print(new_process_searches(path, args.queries), flush=True)

    if args.add:
        added = []
        with Library(path) as lib:
            for d in range(args.vectors, args.vectors + args.add, PER_DOC):
                added.append(f"/synthetic/{d // PER_DOC}.pdf")
                vecs = synthetic(min(PER_DOC, args.vectors + args.add - d), rng, centres)
                lib.put(DocumentRecord(added[-1], f"h{d}", "{}", "ok", pages=10, text_encoder="synthetic",
                                       sentences=[SentenceRow(f"sentence {d + i}", i // 100, (72, 72, 540, 84), v)
                                                  for i, v in enumerate(vecs)]))
            generation = lib.generation()
        trained = index.trained_rows
        cpu, t = time.process_time(), time.perf_counter()
        with Library(path, readonly=True) as lib, lib.snapshot() as db:
            index = ann.open_index(path, "synthetic", generation, db)
        add_s, add_cpu = time.perf_counter() - t, time.process_time() - cpu
        ann._OPEN.clear()
        t = time.perf_counter()
        with Library(path, readonly=True) as lib, lib.snapshot() as db:
            fresh = ann.open_index(path, "synthetic", generation, db)
        fresh_s = time.perf_counter() - t
        del fresh
        t = time.perf_counter()
        ann._save(path, "synthetic", index, True)  # what a save of the whole index costs
        save_s = time.perf_counter() - t
        rebuilt = index.trained_rows != trained
        with Library(path, readonly=True) as lib, lib.snapshot() as db:
            ids, mat = sentence_matrix(db, "synthetic")
        truth = ids[exact_top(mat, queries)]
        del mat
        p50, p95 = latency(lambda v: index.search(v, 10), queries)
        _, found = index.search(queries, 10)
        print(f"RESULT index_add vectors={args.add} n={index.index.ntotal} rebuilt={rebuilt} add_s={add_s:.1f} "
              f"add_cpu_s={add_cpu:.1f} new_process_load_and_catch_up_s={fresh_s:.1f} "
              f"whole_save_s={save_s:.1f} p50_ms={p50:.2f} p95_ms={p95:.2f} "
              f"recall10={recall(found, truth):.3f}", flush=True)
        with Library(path) as lib:
            lib.remove(added)
            generation = lib.generation()
        t = time.perf_counter()
        with Library(path, readonly=True) as lib, lib.snapshot() as db:
            index = ann.open_index(path, "synthetic", generation, db)
        print(f"RESULT index_remove vectors={args.add} n={index.index.ntotal} rebuilt={index.trained_rows != trained} "
              f"remove_s={time.perf_counter() - t:.1f}", flush=True)
    if args.keep is None:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
