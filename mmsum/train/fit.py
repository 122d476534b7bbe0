"""Train the learned ranker on a folder of documents with abstracts, cross-validated.

    python -m mmsum.train CORPUS_DIR --eval-dir ../shared/eval --out ranker.json \\
        [--cache DIR] [--folds 5] [--folds-dir DIR] [--without pixels,figure-text]

Each document's abstract is its label (see :mod:`.data`); the pipeline's ranking
inputs and the feature tables are cached in ``--cache`` (default: the user cache folder), so
a rerun takes seconds. Folds hold whole documents (one paper is never on both sides) and
mix the sets (file name prefixes such as ``dbd-``, ``pwl-``) evenly. ``--folds-dir`` writes
each fold's model (``fold_K.json``) and its held-out documents (``fold_K.txt``), to be
measured with ``run.py`` on documents the model has not seen. Needs scikit-learn (the
``train`` extra); the weights it writes are scored with numpy alone.
"""
from __future__ import annotations

import argparse
import json
import pickle
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from ..atomic import write_bytes_atomic, write_text_atomic
from ..rank.features import FIGURE_FEATURES, FIGURE_TEXT_COLUMNS, PIXEL_COLUMNS, PIXEL_DIMS, SENTENCE_FEATURES
from ..rank.learned import LinearModel, Ranker

WITHOUT = {"pixels": PIXEL_COLUMNS, "figure-text": FIGURE_TEXT_COLUMNS}
# a sentence is a positive example when the oracle summary holds it (:mod:`.oracle`) or its
# own label is among the best POSITIVE_SHARE of the document's usable sentences (at least
# MIN_POSITIVE). Held out (five folds, the summary's own selection, 93 documents): ROUGE-2
# 11.44 with the best 25 words of abstract per positive, 12.61 with oracle and best tenth
# (the heuristic: 11.62); a fifth, or the oracle alone, did worse (12.19, 11.64)
POSITIVE_SHARE, MIN_POSITIVE = 0.1, 3
C = 0.1  # inverse strength of the L2 penalty of both logistic models
# sentence columns the sentence model does not read. Chosen among four sets (all columns; without
# these position columns; without the length; without both) by cross-validation inside each
# training set, through the summary's own selection (benchmarks/ranker_recipe.py): without the
# length in four folds of five, without position as well in two. A model that reads the length
# learns the labels' bias (a short sentence's precision against the abstract is high by chance)
# and prefers short sentences whatever they say; one that reads the position fills the start of
# the summary, which the reader (and ROUGE) reads first, with the introduction's background.
# Where a sentence stands still counts through the hand-weighted score, a column of the model.
SENTENCE_UNUSED = ("log_length", "position", "early", "intro", "section_first", "section_position")
TABLE_FORMAT = "2"


@dataclass
class Table:
    """One document's feature rows and labels."""

    name: str
    xs: np.ndarray  # (n, len(SENTENCE_FEATURES))
    usable: np.ndarray  # (n,) bool: encoded and prose: what a summary can pick
    ys: np.ndarray  # (n,) sentence labels
    texts: list[str]
    abstract: str
    xf: np.ndarray  # (m, len(FIGURE_FEATURES)), pixel columns 0
    images: np.ndarray | None  # (m, d) image vectors
    yf: np.ndarray  # (m,) figure labels
    yc: np.ndarray  # (m,) caption part of the labels
    excluded: np.ndarray  # (m,) bool
    oracle: list[int] | None = None  # the oracle summary's sentences (:mod:`.oracle`), made when first needed

    @property
    def group(self) -> str:
        return self.name.split("-", 1)[0]


def make_table(ex) -> Table:
    """The feature table of one :class:`~.data.Example`."""
    from ..rank.sentences import sentence_scores
    from ..rank.features import figure_features, sentence_features

    heuristic = sentence_scores(ex.doc, ex.emb)
    xs = sentence_features(ex.doc, ex.emb, heuristic)
    usable = (xs[:, SENTENCE_FEATURES.index("quality")] > 0) & np.any(ex.emb.sentences, axis=1)
    xf, signals = figure_features(ex.doc, ex.emb, ex.figs, heuristic, None)
    images = ex.emb.images if ex.emb.images is not None and len(ex.emb.images) == len(xf) else None
    return Table(ex.name, xs, usable, ex.sentence_labels, [s.text for s in ex.doc.sentences], ex.abstract,
                 xf, images, ex.figure_labels, ex.caption_labels, np.asarray(signals.excluded, bool))


def load_tables(corpus_dir: Path, eval_dir: Path, cache: Path, log=print) -> list[Table]:
    """Feature tables of the documents of ``corpus_dir`` with an abstract (cached)."""
    from .data import load_corpus_module
    from .examples import extract

    pdfs = sorted(Path(corpus_dir).glob("*.pdf"))
    if not pdfs:
        raise SystemExit(f"no PDFs in {corpus_dir}")
    corpus = load_corpus_module(eval_dir)
    t0 = time.perf_counter()
    examples = extract(pdfs, corpus, cache / "examples", log)
    log(f"examples: {len(examples)} documents with an abstract ({time.perf_counter() - t0:.1f} s)")
    return tables_of(examples, cache / "tables", log)


def tables_of(examples: list, cache: Path, log=print, keys: list[str] | None = None) -> list[Table]:
    """The feature table of each example, from ``cache`` where there (entries named by ``keys``,
    default: the examples' file name stems), else made and cached."""
    t0 = time.perf_counter()
    tables = []
    for k, ex in enumerate(examples):
        hit = cache / f"{keys[k] if keys else Path(ex.name).stem}.t{TABLE_FORMAT}.pkl"
        if hit.exists():
            table = Table(**pickle.loads(hit.read_bytes()))
            table.name = ex.name  # the name the caller gave (it decides the folds)
            tables.append(table)
            continue
        table = make_table(ex)
        sentence_targets(table)  # its oracle summary, kept with it: a second training is seconds
        hit.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(hit, pickle.dumps(dict(vars(table))))  # fields only: readable from any entry point
        tables.append(table)
    log(f"features: {len(tables)} tables ({time.perf_counter() - t0:.1f} s)")
    return tables


def assign_folds(names: list[str], k: int) -> dict[str, int]:
    """Document -> fold: whole documents, each set (name prefix) spread evenly over the folds."""
    by_set: dict[str, list[str]] = {}
    for n in sorted(names):
        by_set.setdefault(n.split("-", 1)[0], []).append(n)
    out, i = {}, 0
    for members in by_set.values():
        for n in members:
            out[n] = i % k
            i += 1
    return out


def pixel_basis(tables: list[Table]) -> np.ndarray | None:
    """(PIXEL_DIMS + 1, d): the mean image vector of ``tables``' figures, then their first
    principal directions."""
    rows = [t.images[np.any(t.images, axis=1)] for t in tables if t.images is not None and len(t.images)]
    rows = [r for r in rows if len(r)]
    if not rows:
        return None
    x = np.concatenate(rows).astype(np.float64)
    mean = x.mean(0)
    _, _, vt = np.linalg.svd(x - mean, full_matrices=False)
    return np.vstack([mean, vt[:PIXEL_DIMS]]).astype(np.float32)


def with_pixels(t: Table, basis: np.ndarray | None) -> np.ndarray:
    xf = t.xf.copy()
    if basis is not None and t.images is not None and len(xf):
        has = np.any(t.images, axis=1)
        cols = [FIGURE_FEATURES.index(f"pixel_{k + 1}") for k in range(PIXEL_DIMS)]
        xf[np.ix_(has, cols)] = (t.images[has] - basis[0]) @ basis[1:].T
    return xf


def sentence_targets(t: Table) -> np.ndarray:
    """1 for the usable sentences of the oracle summary and for those with the best labels
    (the best :data:`POSITIVE_SHARE`, at least :data:`MIN_POSITIVE`)."""
    from .oracle import greedy_oracle

    y = np.zeros(len(t.ys), dtype=int)
    rows = np.flatnonzero(t.usable)
    if len(rows):
        k = max(MIN_POSITIVE, int(POSITIVE_SHARE * len(rows)))
        y[rows[np.argsort(-t.ys[rows], kind="stable")[:k]]] = 1
        if t.oracle is None:
            t.oracle = greedy_oracle(t.texts, t.usable, t.abstract)
        y[t.oracle] = 1
    return y


def clear_oracle(labels: np.ndarray) -> int | None:
    """The figure whose label is strictly the best (None when tied or no figure says anything)."""
    if len(labels) < 2:
        return None
    order = np.argsort(-labels, kind="stable")
    return int(order[0]) if labels[order[0]] > labels[order[1]] else None


def _fit(x: np.ndarray, y: np.ndarray, names: tuple[str, ...], keep: list[str]) -> LinearModel:
    from sklearn.linear_model import LogisticRegression

    idx = [names.index(f) for f in keep]
    x = x[:, idx]
    mean = x.mean(0)
    scale = x.std(0)
    scale[scale < 1e-6] = 1.0
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=2000)
    model.fit((x - mean) / scale, y)
    return LinearModel(list(keep), mean, scale, model.coef_[0], float(model.intercept_[0]))


def fit(tables: list[Table], without: tuple[str, ...] = (),
        sentence_unused: tuple[str, ...] = SENTENCE_UNUSED) -> Ranker:
    """A ranker fitted on ``tables``, leaving out the columns of the modalities ``without``
    (and the sentence columns ``sentence_unused``)."""
    drop = {c for w in without for c in WITHOUT[w]}
    basis = None if "pixels" in without else pixel_basis(tables)
    xs = np.concatenate([t.xs[t.usable] for t in tables])
    ys = np.concatenate([sentence_targets(t)[t.usable] for t in tables])
    fx, fy = [], []
    for t in tables:
        keep = ~t.excluded
        # the caption's part of the label: what run.py salience calls the oracle (with the
        # mentions' part added, the held-out top-1 was 0.46 against 0.56)
        best = clear_oracle(np.where(keep, t.yc, -1.0))
        if best is None or keep.sum() < 2:
            continue
        fx.append(with_pixels(t, basis)[keep])
        fy.append((np.arange(len(t.yf)) == best)[keep].astype(int))
    sentences = _fit(xs, ys, SENTENCE_FEATURES,
                     [f for f in SENTENCE_FEATURES if f not in drop and f not in sentence_unused])
    keep_f = [f for f in FIGURE_FEATURES if f not in drop]
    if not fx or len(set(np.concatenate(fy).tolist())) < 2:
        # no document with a figure that says the abstract best (a library of papers with one
        # figure each, say): no figure model; the hand weights rank its figures
        k = len(keep_f)
        return Ranker(sentences, LinearModel(keep_f, np.zeros(k), np.ones(k), np.zeros(k), 0.0), basis,
                      rank_figures=False)
    figures = _fit(np.concatenate(fx), np.concatenate(fy), FIGURE_FEATURES, keep_f)
    return Ranker(sentences, figures, basis)


def _summary_rouge2(t: Table, scores: np.ndarray, scorer) -> float:
    """ROUGE-2 F of the best-scored usable sentences (reading order) against the abstract,
    cut to the abstract's length in words, as run.py cuts a summary."""
    n = len(t.abstract.split())
    picked, words = [], 0
    for i in np.argsort(-np.where(t.usable, scores, -np.inf), kind="stable"):
        if not t.usable[i] or words >= n:
            break
        picked.append(int(i))
        words += len(t.texts[i].split())
    text = " ".join(" ".join(t.texts[i] for i in sorted(picked)).split()[:n])
    return scorer.score(t.abstract, text)["rouge2"].fmeasure * 100


def evaluate(ranker: Ranker, tables: list[Table], scorer, reference: Ranker | None = None,
             rows: list[dict] | None = None) -> dict[str, float]:
    """On held-out ``tables``: ROUGE-2 of the top sentences, learned and heuristic; top-1
    figure against the caption oracle (documents with three figures or more and a clear best),
    learned, heuristic and Figure 1. With a ``reference`` ranker (the bundled one), its
    ROUGE-2 and top-1 on the same tables too (``r2_bundled``, ``top1_bundled``). ``rows``, when
    given, gets one dict per document with its ROUGE-2s (``doc``, ``r2``, ``r2_heuristic``,
    ``r2_bundled``), to be paired."""
    r2, r2h, r2b, top, toph, topb, first, docs = [], [], [], [], [], [], [], 0
    h = SENTENCE_FEATURES.index("heuristic")

    def top_figure(model: Ranker, t: Table) -> int:
        return int(np.argmax(np.where(t.excluded, -1.0, model.figures.score(with_pixels(t, model.pixel_basis),
                                                                             FIGURE_FEATURES))))

    for t in tables:
        if t.usable.any():
            r2.append(_summary_rouge2(t, ranker.sentences.score(t.xs, SENTENCE_FEATURES), scorer))
            r2h.append(_summary_rouge2(t, t.xs[:, h], scorer))
            if reference is not None:
                r2b.append(_summary_rouge2(t, reference.sentences.score(t.xs, SENTENCE_FEATURES), scorer))
            if rows is not None:
                rows.append({"doc": t.name, "r2": r2[-1], "r2_heuristic": r2h[-1]}
                            | ({"r2_bundled": r2b[-1]} if reference is not None else {}))
        best = clear_oracle(t.yc)
        if best is None or len(t.yc) < 3:
            continue
        docs += 1
        fh = np.where(t.excluded, -1.0, t.xf[:, FIGURE_FEATURES.index("heuristic")])
        toph.append(float(np.argmax(fh) == best))
        # a ranker without a figure model ranks figures by the hand weights
        top.append(float(top_figure(ranker, t) == best) if ranker.rank_figures else toph[-1])
        if reference is not None:
            topb.append(float(top_figure(reference, t) == best))
        first.append(float(best == 0))
    mean = lambda v: statistics.mean(v) if v else 0.0  # noqa: E731
    out = {"docs": len(r2), "r2": mean(r2), "r2_heuristic": mean(r2h), "figure_docs": docs,
           "top1": mean(top), "top1_heuristic": mean(toph), "top1_first": mean(first)}
    if reference is not None:
        out.update(r2_bundled=mean(r2b), top1_bundled=mean(topb))
    return out


def cross_validate(tables: list[Table], k: int, without: tuple[str, ...] = (),
                   folds_dir: Path | None = None, log=print, reference: Ranker | None = None,
                   on_fold: Callable[[int], None] | None = None,
                   rows: list[dict] | None = None) -> list[dict[str, float]]:
    """Per fold of ``k`` (whole documents, see :func:`assign_folds`): the numbers of
    :func:`evaluate` on its documents for a ranker fitted on the others (and for
    ``reference``, unchanged; ``rows``: every held-out document's). ``on_fold(fold)`` is
    called before each fold (it may raise to stop)."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge2"], use_stemmer=True)
    fold_of = assign_folds([t.name for t in tables], k)
    out = []
    for fold in range(k):
        if on_fold:
            on_fold(fold)
        train = [t for t in tables if fold_of[t.name] != fold]
        test = [t for t in tables if fold_of[t.name] == fold]
        ranker = fit(train, without)
        metrics = evaluate(ranker, test, scorer, reference, rows)
        out.append(metrics)
        log(f"fold {fold}: " + " ".join(f"{a}={b:.3f}" if isinstance(b, float) else f"{a}={b}"
                                        for a, b in metrics.items()))
        if folds_dir:
            folds_dir.mkdir(parents=True, exist_ok=True)
            write_text_atomic(folds_dir / f"fold_{fold}.json", json.dumps(ranker.to_dict()))
            write_text_atomic(folds_dir / f"fold_{fold}.txt", "".join(t.name + "\n" for t in test))
    return out


def summarize_folds(folds: list[dict[str, float]]) -> dict[str, str]:
    """Metric -> "mean ± standard deviation over folds"."""
    keys = [k for k in folds[0] if k not in ("docs", "figure_docs")]
    return {k: f"{statistics.mean(f[k] for f in folds):.3f} ± {statistics.pstdev(f[k] for f in folds):.3f}"
            for k in keys}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m mmsum.train", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, help="a folder of PDFs (those with an abstract are used)")
    ap.add_argument("--eval-dir", type=Path, required=True, help="the folder of the evaluation's corpus.py")
    ap.add_argument("--out", type=Path, help="write the weights fitted on every document here")
    ap.add_argument("--cache", type=Path, help="where examples and feature tables are kept")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--folds-dir", type=Path, help="write each fold's model and held-out documents here")
    ap.add_argument("--without", default="", help="leave out modalities: pixels, figure-text (comma-separated)")
    ap.add_argument("--metrics", type=Path, help="write the cross-validated numbers here (JSON)")
    a = ap.parse_args(argv)
    without = tuple(w for w in a.without.split(",") if w)
    unknown = [w for w in without if w not in WITHOUT]
    if unknown:
        sys.exit(f"--without: unknown modality {unknown[0]!r} (pixels, figure-text)")
    from ..paths import cache_home

    cache = a.cache or cache_home() / "ranker-training"
    tables = load_tables(a.corpus, a.eval_dir, cache)
    t0 = time.perf_counter()
    folds = cross_validate(tables, a.folds, without, a.folds_dir)
    summary = summarize_folds(folds)
    print("cross-validated: " + " ".join(f"{k}={v}" for k, v in summary.items()))
    if a.out:
        ranker = fit(tables, without)
        write_text_atomic(a.out, json.dumps(ranker.to_dict()))
        print(f"wrote {a.out}")
    print(f"fit and cross-validation: {time.perf_counter() - t0:.1f} s")
    if a.metrics:
        write_text_atomic(a.metrics, json.dumps({"folds": folds, "summary": summary,
                                                 "documents": sorted(t.name for t in tables)}, indent=1))


if __name__ == "__main__":
    main()
