"""Train the sentence-role model (:mod:`mmsum.rank.role_model`) on a folder of documents,
cross-validated against the cue rules alone.

    python -m mmsum.train.roles CORPUS_DIR --out roles.json [--cache DIR] [--folds 5] [--metrics F.json]

The labels are free: a sentence under a heading that names one role (``heading_role``: an
introduction the problem, a method the approach, results or a conclusion the findings,
limitations or future work the limitations) is labelled by it; under a heading that names
none, by the heading it falls under one level up; under one naming several ("Results and
discussion"), not at all. The model never sees the heading. Each document is read and
embedded once (cached in ``--cache``, see :mod:`.role_data`), so a refit takes seconds.
Folds hold whole documents, each set (file name prefix) spread over them. Needs scikit-learn
(the ``train`` extra); the weights are scored with numpy alone.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..atomic import write_bytes_atomic, write_text_atomic
from ..rank.role_model import CUE_FEATURES, RoleModel, SoftmaxModel, cue_columns, vector_columns, vector_features
from ..rank.roles import ROLES, heading_role
from ..rank.structure import document_structure
from ..document import Document
from .fit import assign_folds
from .role_data import RoleExample

DIMS = 16  # principal directions of the sentence vectors kept
C = 0.3  # inverse strength of the L2 penalty
TABLE_FORMAT = "1"  # bump when the labels or features of a cached table change meaning
ROLE_MIN = 0.5  # as generate.structured: the strength a sentence needs to stand in a section


@dataclass
class RoleTable:
    """One document's examples: labelled, encoded sentences."""

    name: str
    encoder: str
    x: np.ndarray  # (n, len(CUE_FEATURES))
    vectors: np.ndarray  # (n, d) the examples' and every other sentence's vector (zero: not encoded)
    section: np.ndarray  # (n,) section ids (mmsum.rank.structure)
    rows: np.ndarray  # indices of the example sentences
    y: np.ndarray  # (len(rows),) index into ROLES
    cue: np.ndarray  # (len(rows), len(ROLES)) the cue rules' strengths (heading left out)

    @property
    def group(self) -> str:
        return self.name.split("-", 1)[0]


def sentence_labels(doc: Document) -> np.ndarray:
    """Per sentence of ``doc``: the index in ROLES its heading (or the heading above it) names, or -1."""
    parent: dict[str, str | None] = {}
    stack: list = []
    for s in doc.sections:
        while stack and stack[-1].level >= s.level:
            stack.pop()
        parent.setdefault(s.title, stack[-1].title if stack else None)
        stack.append(s)
    out = np.full(len(doc.sentences), -1, dtype=int)
    for s in doc.sentences:
        role = heading_role(s.section) or heading_role(parent.get(s.section or ""))
        if role is not None:
            out[s.index] = ROLES.index(role)
    return out


def cue_strengths(x: np.ndarray) -> np.ndarray:
    """The cue rules' role strengths from the cue columns (as ``structured.candidate_roles``
    reads them without a heading: the opening counts 0.4 toward the problem)."""
    cue = x[:, [CUE_FEATURES.index(f"cue_{r}") for r in ROLES]].copy()
    cue[:, 0] = np.minimum(1.0, cue[:, 0] + 0.4 * x[:, CUE_FEATURES.index("opening")])
    return cue


def make_table(ex: RoleExample) -> RoleTable:
    """The examples of one document read by :mod:`.role_data`."""
    labels = sentence_labels(ex.doc)
    encoded = np.any(ex.vectors != 0, axis=1)
    rows = np.flatnonzero((labels >= 0) & encoded)
    x = cue_columns(ex.doc)
    return RoleTable(ex.name, ex.encoder, x, ex.vectors, document_structure(ex.doc).section, rows, labels[rows],
                     cue_strengths(x[rows]))


def load_tables(pdfs: list[Path], cache: Path, log=print) -> list[RoleTable]:
    """The tables of ``pdfs``, from ``cache`` where there, else from each document's reading
    (:func:`.role_data.extract`, itself cached)."""
    from .role_data import extract

    out = []
    for pdf in pdfs:
        hit = Path(cache) / "tables" / f"{pdf.stem}.t{TABLE_FORMAT}.pkl"
        if hit.exists():
            fields = pickle.loads(hit.read_bytes())
        else:
            examples = extract([pdf], Path(cache) / "documents", log)
            fields = dict(vars(make_table(examples[0]))) if examples else None
            hit.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(hit, pickle.dumps(fields))
        if fields is not None:
            out.append(RoleTable(**fields))
    return out


def main_encoder(tables: list[RoleTable]) -> str:
    """The encoder most examples were embedded with (the vector model's)."""
    counts: dict[str, int] = {}
    for t in tables:
        counts[t.encoder] = counts.get(t.encoder, 0) + len(t.rows)
    return max(counts, key=counts.get)


def fit_basis(tables: list[RoleTable], encoder: str, k: int) -> np.ndarray:
    """(k + 1, d): the mean encoded sentence vector of ``tables`` embedded by ``encoder``, then its
    first ``k`` principal directions."""
    v = np.concatenate([t.vectors[np.any(t.vectors != 0, axis=1)] for t in tables if t.encoder == encoder])
    v = v.astype(np.float64)
    mean = v.mean(0)
    values, vectors = np.linalg.eigh(np.cov(v - mean, rowvar=False))
    return np.vstack([mean, vectors[:, np.argsort(-values)[:k]].T])


def _softmax_fit(x: np.ndarray, y: np.ndarray, names: tuple[str, ...]) -> SoftmaxModel:
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(0), x.std(0)
    scale[scale < 1e-6] = 1.0
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
    model.fit((x - mean) / scale, y)
    coef = np.zeros((len(ROLES), x.shape[1]))
    intercept = np.full(len(ROLES), -30.0)  # a role never seen in training is never predicted
    coef[model.classes_] = model.coef_
    intercept[model.classes_] = model.intercept_
    return SoftmaxModel(names, mean, scale, coef, intercept)


def full_x(t: RoleTable, basis: np.ndarray) -> np.ndarray:
    """The vector model's columns of ``t``'s examples."""
    return np.hstack([vector_columns(t.section, t.vectors, basis)[t.rows], t.x[t.rows]])


def fit(tables: list[RoleTable], k: int = DIMS) -> RoleModel:
    """The role model fitted on ``tables``."""
    encoder = main_encoder(tables)
    basis = fit_basis(tables, encoder, k)
    own = [t for t in tables if t.encoder == encoder]
    vec = _softmax_fit(np.concatenate([full_x(t, basis) for t in own]), np.concatenate([t.y for t in own]),
                       (*vector_features(k), *CUE_FEATURES))
    cues = _softmax_fit(np.concatenate([t.x[t.rows] for t in tables]), np.concatenate([t.y for t in tables]),
                        CUE_FEATURES)
    return RoleModel(encoder, basis, vec, cues)


def predictions(model: RoleModel, t: RoleTable) -> dict[str, np.ndarray]:
    """Each way of deciding a role's strengths on ``t``'s examples: the cue rules, the model,
    their mean, and the model without vectors."""
    p = model.from_columns(t.section, t.x, t.vectors, t.encoder, t.rows)
    return {"cues": t.cue, "model": p, "mixed": 0.5 * (t.cue + p), "cue_model": model.cues.probabilities(t.x[t.rows])}


def scores(strengths: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Per role: recall (the share of its sentences whose strongest role is it) and, of the
    sentences the structured summary would place in its section (strongest and at least
    ROLE_MIN), how many and how many rightly; and overall accuracy."""
    best = np.where(strengths.max(1) > 0, strengths.argmax(1), -1)
    placed = (strengths.max(1) >= ROLE_MIN)
    out: dict[str, float] = {"n": len(y), "accuracy": float(np.mean(best == y)) if len(y) else 0.0}
    for r, role in enumerate(ROLES):
        mine = y == r
        out[f"{role}_n"] = int(mine.sum())
        out[f"{role}_recall"] = float(np.mean(best[mine] == r)) if mine.any() else float("nan")
        put = placed & (best == r)
        out[f"{role}_placed"] = int(put.sum())
        out[f"{role}_precision"] = float(np.mean(y[put] == r)) if put.any() else float("nan")
    return out


def cross_validate(tables: list[RoleTable], k: int = 5, dims: int = DIMS,
                   log=lambda m: print(m, flush=True)) -> tuple[dict[str, dict], dict[str, str]]:
    """Pooled held-out scores of each way (see :func:`predictions`) over ``k`` folds of whole
    documents, and each way's accuracy over the folds (mean ± standard deviation)."""
    fold_of = assign_folds([t.name for t in tables], k)
    got: dict[str, list[np.ndarray]] = {}
    ys = []
    acc: dict[str, list[float]] = {}
    for fold in range(k):
        model = fit([t for t in tables if fold_of[t.name] != fold], dims)
        test = [t for t in tables if fold_of[t.name] == fold and len(t.rows)]
        preds = [predictions(model, t) for t in test]
        y = np.concatenate([t.y for t in test])
        ys.append(y)
        for way in preds[0]:
            s = np.concatenate([p[way] for p in preds])
            got.setdefault(way, []).append(s)
            acc.setdefault(way, []).append(scores(s, y)["accuracy"])
        log(f"fold {fold}: " + " ".join(f"{w}={v[-1]:.3f}" for w, v in acc.items()))
    y = np.concatenate(ys)
    pooled = {way: scores(np.concatenate(s), y) for way, s in got.items()}
    return pooled, {w: f"{statistics.mean(v):.3f} ± {statistics.pstdev(v):.3f}" for w, v in acc.items()}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m mmsum.train.roles", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, help="a folder of PDFs")
    ap.add_argument("--out", type=Path, help="write the weights fitted on every document here")
    ap.add_argument("--cache", type=Path, help="where each document's reading is kept")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--dims", type=int, default=DIMS, help="principal directions of the vectors kept")
    ap.add_argument("--metrics", type=Path, help="write the cross-validated numbers here (JSON)")
    a = ap.parse_args(argv)
    from ..paths import cache_home

    pdfs = sorted(Path(a.corpus).glob("*.pdf"))
    if not pdfs:
        raise SystemExit(f"no PDFs in {a.corpus}")
    t0 = time.perf_counter()
    tables = load_tables(pdfs, a.cache or cache_home() / "role-training")
    t1 = time.perf_counter()
    n = sum(len(t.rows) for t in tables)
    print(f"examples: {n} labelled sentences in {sum(len(t.rows) > 0 for t in tables)} of {len(tables)} "
          f"documents read ({t1 - t0:.1f} s)", flush=True)
    result, per_fold = cross_validate(tables, a.folds, a.dims)
    for way, s in result.items():
        print(f"{way:9} accuracy={s['accuracy']:.3f} (folds {per_fold[way]}) " + " ".join(
            f"{r}: recall={s[f'{r}_recall']:.3f} placed={s[f'{r}_placed']} precision={s[f'{r}_precision']:.3f}"
            for r in ROLES))
    if a.out:
        # the vectors are used only where they cross-validated better than the cues alone
        use_vectors = result["model"]["accuracy"] > result["cue_model"]["accuracy"]
        model = dataclasses.replace(fit(tables, a.dims), use_vectors=use_vectors)
        write_text_atomic(a.out, json.dumps(model.to_json(), separators=(",", ":")) + "\n")
        print(f"wrote {a.out} ({'vector' if use_vectors else 'cue'} model for {model.encoder})")
    print(f"fit and cross-validation: {time.perf_counter() - t1:.1f} s")
    if a.metrics:
        write_text_atomic(a.metrics, json.dumps({"cross_validated": result, "fold_accuracy": per_fold,
                                                 "documents": sorted(t.name for t in tables)}, indent=1))


if __name__ == "__main__":
    main()
