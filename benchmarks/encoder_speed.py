"""The text encoder on each backend, on the sentences a summary really encodes: speed and agreement.

    python benchmarks/encoder_speed.py FOLDER [--backends torch,onnx,onnx-int8] [--max-texts 2000]
                                              [--batch 4] [--torch-batch 64]

Reads every PDF of FOLDER with mmsum's reader, keeps the sentences the ranking encodes
(``worth_encoding``) and the captions, spreads ``--max-texts`` of them evenly, then encodes
them with each backend (the first one listed is the reference for the cosines) and prints one
``RESULT`` line per backend: milliseconds of process CPU time per text (all threads), texts per
second of wall time, and the smallest, 1st-percentile and mean cosine to the reference.

CPU time is the fairer number on a shared machine; run the backends back to back.
The ONNX files are exported into mmsum's cache folder on first use ($MMSUM_CACHE_DIR).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np


def texts_of(folder: Path, limit: int) -> tuple[list[str], int]:
    from mmsum.ingest import read_document
    from mmsum.rank.priors import worth_encoding

    texts, pages = [], 0
    for pdf in sorted(folder.glob("*.pdf")):
        doc = read_document(pdf)
        pages += doc.page_count
        texts += [s.text for s, keep in zip(doc.sentences, worth_encoding(doc)) if keep]
        texts += [f.caption for f in doc.figures if f.caption.strip()]
    if len(texts) > limit:
        texts = [texts[i] for i in np.linspace(0, len(texts) - 1, limit).astype(int)]
    return texts, pages


def load(backend: str):
    from mmsum.embed.loaders import load_text
    from mmsum.models import resolve_text_model

    enc, warning = load_text(resolve_text_model(None), "cpu", True, backend=backend)
    if warning:
        print(f"warning: {warning}")
    return enc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--backends", default="torch,onnx,onnx-int8")
    ap.add_argument("--max-texts", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=4, help="texts per ONNX Runtime call")
    ap.add_argument("--torch-batch", type=int, default=64, help="texts per PyTorch call (as before)")
    a = ap.parse_args()
    texts, pages = texts_of(a.folder, a.max_texts)
    print(f"{len(texts)} texts from {pages} pages")
    ref = None
    for backend in a.backends.split(","):
        enc = load(backend)
        enc.encode(texts[:8])  # first-call allocations are not the steady state
        batch = a.torch_batch if backend == "torch" else a.batch
        t0, c0 = time.perf_counter(), time.process_time()
        vecs = enc.encode(texts, batch_size=batch)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        if ref is None:
            ref = vecs
        cos = np.sum(vecs * ref, axis=1)
        print(f"RESULT backend={backend} batch={batch} texts={len(texts)} cpu_ms_per_text={1000 * cpu / len(texts):.2f} "
              f"texts_per_s_wall={len(texts) / wall:.1f} cos_min={cos.min():.4f} "
              f"cos_p1={np.percentile(cos, 1):.4f} cos_mean={cos.mean():.5f}", flush=True)


if __name__ == "__main__":
    main()
