"""Fitting the learned ranker on a library's own documents, as the bundled one was fitted.

Each document with an abstract (found by mmsum itself, :mod:`.abstract`) is read again with
its abstract removed, labelled by it (:mod:`.data`) and turned into features (:mod:`.fit`);
the same grouped cross-validation as the bundled model's then scores, on the same held-out
documents, the model fitted on the other folds, the bundled ``ranker.json`` and the hand
weights. Read documents are cached by content (the user cache folder), so a second training
of the same library reads nothing again.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..progress import CancelFn, check

CACHE_FORMAT = "1"  # bump when the finder or the examples change meaning


@dataclass
class LibraryTraining:
    """What a training made: the ``ranker`` fitted on every labelled document (None when too
    few had an abstract), its cross-validated ``numbers`` (the fields of
    :class:`mmsum.library.ranker_model.LibraryModel`), the per-fold rows, and the documents
    left out with why."""

    ranker: object | None
    numbers: dict = field(default_factory=dict)
    folds: list[dict] = field(default_factory=list)
    labelled: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    paired: dict = field(default_factory=dict)  # "r2_bundled" / "r2_heuristic" -> :func:`paired`


def paired(rows: list[dict], other: str, resamples: int = 2000) -> dict:
    """The library model's ROUGE-2 against ``other``'s, document by document: mean difference,
    its 95% bootstrap interval (``lo``, ``hi``; fixed seed) and how many documents each did
    better on."""
    import numpy as np

    d = np.array([r["r2"] - r[other] for r in rows])
    if not len(d):
        return {"diff": 0.0, "lo": 0.0, "hi": 0.0, "better": 0, "worse": 0}
    means = d[np.random.default_rng(0).integers(0, len(d), (resamples, len(d)))].mean(1)
    return {"diff": round(float(d.mean()), 3), "lo": round(float(np.quantile(means, 0.025)), 3),
            "hi": round(float(np.quantile(means, 0.975)), 3), "better": int((d > 1e-9).sum()),
            "worse": int((d < -1e-9).sum())}


def _unique_names(paths: list[Path]) -> list[str]:
    """A name per document (its file name; a repeated one gets " 2", " 3"... before the suffix):
    the folds hold documents by name."""
    seen: dict[str, int] = {}
    out = []
    for p in paths:
        n = seen[p.name] = seen.get(p.name, 0) + 1
        out.append(p.name if n == 1 else f"{p.stem} {n}{p.suffix}")
    return out


def train_on_documents(paths: list[tuple[Path, str]], *, folds: int = 5, min_documents: int = 20,
                       models=None, cache: Path | None = None, log: Callable[[str], None] = print,
                       on_document: Callable[[int, int, Path], None] | None = None,
                       cancel: CancelFn | None = None, workers: int | None = None) -> LibraryTraining:
    """Fit and cross-validate the ranker on ``paths`` ((file, content hash) per document; a
    file that is gone is skipped, said through ``log``). Fewer than ``min_documents`` with an
    abstract: no ranker (``ranker`` None, ``labelled`` says how many). ``models``: the
    :class:`~mmsum.options.ModelOptions` the documents are read with (the library's).
    ``on_document(i, n, path)`` reports progress; ``cancel`` stops between documents and
    folds (:class:`~mmsum.progress.Cancelled`), leaving what was read cached. ``workers``:
    processes reading the documents (default: by cores and memory, as a batch)."""
    from ..paths import cache_home
    from ..rank.learned import BUNDLED, load_ranker
    from . import abstract
    from .examples import extract
    from .fit import cross_validate, fit, tables_of

    t0 = time.perf_counter()
    out = LibraryTraining(None)
    present = []
    for path, digest in paths:
        if Path(path).is_file():
            present.append((Path(path), digest))
        else:
            out.skipped.append((str(path), "the file is gone"))
            log(f"{path}: skipped (the file is gone)")
    cache = Path(cache) if cache else cache_home() / "library-training"
    digests = {p: d or p.name for p, d in present}

    def key(pdf: Path) -> str:
        return f"{digests[pdf][:40]}.f{CACHE_FORMAT}"

    def each(i: int, n: int, pdf: Path) -> None:
        check(cancel)
        if on_document:
            on_document(i, n, pdf)

    if workers is None:
        from ..batch.resources import default_workers

        workers = default_workers(len(present))
    examples = extract([p for p, _ in present], abstract, cache / "examples", log, key=key, models=models,
                       on_document=each, workers=workers)
    out.labelled = len(examples)
    if len(examples) < min_documents:
        out.seconds = time.perf_counter() - t0
        return out
    names = _unique_names([Path(ex.source) for ex in examples])
    keys = [key(Path(ex.source)) for ex in examples]
    for ex, name in zip(examples, names):
        ex.name = name
    tables = tables_of(examples, cache / "tables", log, keys=keys)
    bundled = load_ranker(str(BUNDLED))
    rows: list[dict] = []
    out.folds = cross_validate(tables, folds, log=log, reference=bundled, on_fold=lambda _: check(cancel), rows=rows)
    check(cancel)
    out.ranker = fit(tables)

    def mean(k: str) -> float:  # over the held-out documents (a fold weighs as many as it holds)
        n = "figure_docs" if k.startswith("top1") else "docs"
        total = sum(f[n] for f in out.folds)
        return round(sum(f[k] * f[n] for f in out.folds) / total, 3) if total else 0.0

    out.numbers = {"documents": len(tables), "folds": folds, "r2": mean("r2"), "r2_bundled": mean("r2_bundled"),
                   "r2_heuristic": mean("r2_heuristic"), "top1": mean("top1"), "top1_bundled": mean("top1_bundled"),
                   "top1_heuristic": mean("top1_heuristic"),
                   "figure_documents": sum(int(f["figure_docs"]) for f in out.folds),
                   "trained": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    out.paired = {other: paired(rows, other) for other in ("r2_bundled", "r2_heuristic")}
    out.seconds = time.perf_counter() - t0
    return out
