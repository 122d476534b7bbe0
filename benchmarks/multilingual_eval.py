"""Which text encoder relates Chinese (or other) sentences best, and how fast: on a folder of PDFs.

    python benchmarks/multilingual_eval.py FOLDER [--max-sentences 300] [--encoders minilm,e5,lexical]

Independent of the reader's sentence splitting: each page's text is joined (no space between
CJK characters) and cut at 。！？!? . Two measures, for each encoder:

- caption -> citing sentence: for each figure caption ("图 5.3 ..."), the rank of the
  sentences that cite that figure ("如图5.3所示") among all sentences of the document, by
  cosine; the figure labels are removed from both first, so only the content can match
  (mean reciprocal rank, higher is better);
- neighbours: how often a sentence is closer to the sentence that follows it than to a
  random sentence at least 20 sentences away (AUC; 0.5 is chance).

Speed is sentences per second of wall time and of process CPU time (threads included).
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np

CJK = r"\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff"
LABEL = re.compile(r"(图|表|Figure|Fig\.)\s*\d+(?:[.\-－]\d+)*")
CAPTION = re.compile(r"^\s*图\s*(\d+(?:\.\d+)*)\s*(.{4,})")
MENTION = re.compile(r"图\s*(\d+(?:\.\d+)*)")


def page_lines(pdf: Path) -> list[list[str]]:
    import pymupdf

    with pymupdf.open(pdf) as doc:
        return [[ln.strip() for ln in page.get_text().splitlines() if ln.strip()] for page in doc]


def join(lines: list[str]) -> str:
    out = ""
    for ln in lines:
        if out and re.match(f"[{CJK}]", out[-1]) and re.match(f"[{CJK}]", ln[0]):
            out += ln
        else:
            out += (" " if out else "") + ln
    return out


def split_sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[。！？!?])", text)
    return [p.strip() for p in parts if len(re.findall(f"[{CJK}]", p)) >= 8]


def read(pdf: Path, cap: int) -> tuple[list[str], list[tuple[str, str]]]:
    """(sentences, [(figure number, caption text)])."""
    sents, captions = [], []
    for lines in page_lines(pdf):
        body = []
        for ln in lines:
            m = CAPTION.match(ln)
            if m:
                captions.append((m.group(1), m.group(2)))
            else:
                body.append(ln)
        sents += split_sentences(join(body))
    if len(sents) > cap:  # evenly spread, in order
        sents = [sents[i] for i in np.linspace(0, len(sents) - 1, cap).astype(int)]
    return sents, captions


class Lexical:
    """Character unigrams and bigrams of CJK text (words for Latin), hashed, sublinear tf."""

    name, dim = "lexical char 1+2-grams (hashed)", 4096

    def encode(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            chars = re.findall(f"[{CJK}]|[A-Za-z]+|\\d+", t)
            grams = chars + [a + b for a, b in zip(chars, chars[1:])]
            for g in grams:
                out[i, hash(g) % self.dim] += 1.0
        out = np.log1p(out)
        n = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(n, 1e-9)


def encoders(names: list[str]):
    import os

    os.environ.setdefault("MMSUM_CACHE_DIR", str(Path.home() / ".cache" / "mmsum"))
    for name in names:
        if name == "minilm":
            from mmsum.embed.loaders import load_text
            from mmsum.models import resolve_text_model

            yield load_text(resolve_text_model(None), "cpu", True)[0]
        elif name == "e5":
            from mmsum.embed.multilingual import load_multilingual_encoder

            yield load_multilingual_encoder()
        elif name == "lexical":
            yield Lexical()


def measure(enc, docs: dict[str, tuple[list[str], list[tuple[str, str]]]]) -> dict:
    rr, auc_hits, auc_n, n_sent, wall, cpu = [], 0, 0, 0, 0.0, 0.0
    rng = np.random.default_rng(0)
    for sents, captions in docs.values():
        clean = [LABEL.sub(" ", s) for s in sents]
        t0, c0 = time.perf_counter(), time.process_time()
        vecs = enc.encode(clean)
        caps = enc.encode([LABEL.sub(" ", c) for _, c in captions]) if captions else np.zeros((0, vecs.shape[1]))
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
        n_sent += len(sents) + len(captions)
        for (num, _), cv in zip(captions, caps):
            cites = [i for i, s in enumerate(sents) if num in MENTION.findall(s)]
            if not cites:
                continue
            order = np.argsort(-(vecs @ cv))
            ranks = [int(np.where(order == i)[0][0]) + 1 for i in cites]
            rr.append(1.0 / min(ranks))
        for i in range(len(sents) - 1):
            far = [j for j in range(len(sents)) if abs(j - i) >= 20]
            if not far:
                continue
            j = int(rng.choice(far))
            auc_hits += float(vecs[i] @ vecs[i + 1] > vecs[i] @ vecs[j])
            auc_n += 1
    return {"caption_mrr": float(np.mean(rr)) if rr else float("nan"), "captions": len(rr),
            "neighbour_auc": auc_hits / max(auc_n, 1), "texts": n_sent,
            "texts_per_s_wall": n_sent / max(wall, 1e-9), "cpu_ms_per_text": 1000 * cpu / max(n_sent, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--max-sentences", type=int, default=300, help="per document, evenly spread")
    ap.add_argument("--encoders", default="minilm,e5,lexical")
    a = ap.parse_args()
    docs = {p.name: read(p, a.max_sentences) for p in sorted(a.folder.glob("*.pdf"))}
    docs = {k: v for k, v in docs.items() if len(v[0]) >= 25}
    print(f"{len(docs)} documents, {sum(len(v[0]) for v in docs.values())} sentences, "
          f"{sum(len(v[1]) for v in docs.values())} captions", file=sys.stderr)
    for enc in encoders(a.encoders.split(",")):
        r = measure(enc, docs)
        print(f"RESULT encoder={enc.name.replace(' ', '_')} " + " ".join(
            f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in r.items()), flush=True)


if __name__ == "__main__":
    main()
