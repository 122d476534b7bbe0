"""Train the kind model on figures it generates itself, and measure it.

    python -m mmsum.train.kinds [--out mmsum/ingest/model/kinds.json] [--per-kind 30]
        [--keep DIR] [--examples FILE] [--real LABELS.json --corpus DIR]
    python -m mmsum.train.kinds --real-only --real LABELS.json [--corpus DIR]

Makes figures of every kind with matplotlib (charts, equations, tables as images, 3D surfaces),
graphviz (diagrams), gnuplot, TikZ/pgfplots (charts; TikZ diagrams and pies too), R (base
graphics and ggplot2: charts and pies) and TeX (equations) where installed, screenshots drawn
with Pillow, and crops of the photographs that scikit-learn and matplotlib ship; places each on a PDF page
with a caption, reads it back with mmsum's reader and fits a multinomial logistic model over
the measures (:mod:`mmsum.ingest.kind_measures`). Prints, for the model card:

- per-kind accuracy by 5-fold cross-validation over all generated figures (mean and spread
  over folds), for the model and for the rules;
- held-out producers: the gnuplot and TikZ figures tested by a model fitted on all but them
  (matplotlib, graphviz, the photos, R), and R's by one fitted on all but gnuplot, TikZ and R;
- with ``--real``: per-kind accuracy on hand-labelled real figures, for the rules, the model
  and the two together as the reader uses them (:func:`mmsum.ingest.figure_kinds.judged_kind`).

With ``--real-only``, nothing is generated or fitted: the shipped weights are measured on the
hand-labelled real figures as the current reader reads them (after a change to the reader).

The shipped weights are fitted on all generated figures. ``--examples`` keeps the measured
figures as JSON, so that a refit takes seconds. Needs scikit-learn, matplotlib and Pillow (the
``train`` extra); the weights are evaluated with numpy alone.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

import numpy as np

from ..atomic import write_text_atomic
from ..ingest.figure_kinds import LEARNED_MIN_P, model_may_overrule
from ..ingest.kind_measures import MEASURES
from ..ingest.kind_model import BUNDLED, KindModel, bundled_model
from .kind_data import Example, as_arrays, generate, real_examples

C = 1.0  # inverse strength of the L2 penalty
HELD_OUT = (("gnuplot", "tikz"), ("r-base", "ggplot2"))  # producers tested by a model fitted without them
CHART_KINDS = ("line", "scatter", "bar", "histogram", "pie", "heatmap", "box")
_CHART, _SERIES, _HEATMAP = MEASURES.index("chart"), MEASURES.index("series"), MEASURES.index("heatmap_rule")


def fit(examples: list[Example]) -> KindModel:
    """A multinomial logistic model over standardized measures."""
    from sklearn.linear_model import LogisticRegression

    x, y = as_arrays(examples)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    lr = LogisticRegression(C=C, max_iter=5000).fit((x - mean) / scale, y)
    return KindModel(tuple(str(k) for k in lr.classes_), MEASURES, mean, scale, lr.coef_, lr.intercept_)


def _chart_read(e: Example) -> bool:
    """Whether the reader read axes for the figure (``"axes"`` in its content's ``read``): a chart
    with series, or a heat map of a chart without them that its cells did not make (a field in
    its axes: :mod:`mmsum.ingest.chart_fields`)."""
    field = e.rule == "heatmap" and e.measures[_HEATMAP] == 0
    return e.measures[_CHART] > 0 and (e.measures[_SERIES] > 0 or field)


def verdicts(model: KindModel, examples: list[Example]) -> dict[str, list[str]]:
    """Each example's kind by the rules, by the model, and by both as the reader uses them."""
    out: dict[str, list[str]] = {"rules": [], "learned": [], "reader": []}
    for e in examples:
        kind, p = model.predict(e.measures)
        out["rules"].append(e.rule)
        out["learned"].append(kind)
        over_rules = p >= LEARNED_MIN_P and model_may_overrule(kind, e.measures, _chart_read(e))
        out["reader"].append(kind if over_rules else e.rule)
    return out


def per_kind(truth: list[str], got: list[str]) -> dict[str, tuple[int, int]]:
    """(right, total) per true kind, and "all"."""
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for t, g in zip(truth, got):
        for k in (t, "all"):
            acc[k][0] += t == g
            acc[k][1] += 1
    return {k: (v[0], v[1]) for k, v in acc.items()}


def _table(title: str, columns: dict[str, dict[str, tuple[int, int]]]) -> str:
    kinds = sorted({k for c in columns.values() for k in c if k != "all"}) + ["all"]
    lines = [f"### {title}", "", "| kind | n | " + " | ".join(columns) + " |",
             "|---|---|" + "---|" * len(columns)]
    for k in kinds:
        n = next((c[k][1] for c in columns.values() if k in c), 0)
        cells = [f"{c[k][0] / c[k][1]:.3f}" if k in c and c[k][1] else "–" for c in columns.values()]
        lines.append(f"| {k} | {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def charted(truth: list[str], got: dict[str, list[str]]) -> str:
    """How many figures that are no chart (diagrams, maps, photos, equations, ...) each verdict
    names as a chart kind."""
    no_chart = [i for i, t in enumerate(truth) if t not in CHART_KINDS]
    counts = ", ".join(f"{m} {sum(got[m][i] in CHART_KINDS for i in no_chart)}" for m in got)
    return f"Figures that are no chart named as a chart kind, of {len(no_chart)}: {counts}."


def cross_validate(examples: list[Example], folds: int = 5, seed: int = 0) -> str:
    """Per-kind accuracy of the model (mean ± spread over stratified folds) and of the rules."""
    from sklearn.model_selection import StratifiedKFold

    _, y = as_arrays(examples)
    scores: dict[str, list[float]] = defaultdict(list)
    pooled_truth, pooled_got = [], []
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(y)), y):
        model = fit([examples[i] for i in train])
        got = verdicts(model, [examples[i] for i in test])["learned"]
        truth = [examples[i].kind for i in test]
        pooled_truth += truth
        pooled_got += got
        for k, (right, total) in per_kind(truth, got).items():
            scores[k].append(right / total)
    rules = per_kind([e.kind for e in examples], [e.rule for e in examples])
    lines = [f"### {folds}-fold cross-validation, all generated figures", "",
             "| kind | n | learned (mean ± sd over folds) | rules |", "|---|---|---|---|"]
    for k in sorted(scores, key=lambda k: (k == "all", k)):
        sd = statistics.stdev(scores[k]) if len(scores[k]) > 1 else 0.0
        lines.append(f"| {k} | {rules[k][1]} | {statistics.mean(scores[k]):.3f} ± {sd:.3f} | "
                     f"{rules[k][0] / rules[k][1]:.3f} |")
    return "\n".join(lines)


def held_out(examples: list[Example]) -> str:
    """Each group of ``HELD_OUT`` tested by a model fitted without it (and without gnuplot's and
    TikZ's figures, for the R groups too: so that R is tested, like them, by a model that never
    saw their drawings)."""
    parts = []
    for group in HELD_OUT:
        train = [e for e in examples if e.producer not in (*group, "gnuplot", "tikz")]
        test = [e for e in examples if e.producer in group]
        if not test:
            parts.append(f"### Held-out producers: {', '.join(group)}\n\nNone made (not installed).")
            continue
        v = verdicts(fit(train), test)
        fitted_on = ", ".join(sorted({e.producer for e in train}))
        for producer in group:
            idx = [i for i, e in enumerate(test) if e.producer == producer]
            if idx:
                t = [test[i].kind for i in idx]
                parts.append(_table(f"Held-out producer: {producer} (model fitted on {fitted_on})",
                                    {m: per_kind(t, [v[m][i] for i in idx]) for m in ("learned", "rules", "reader")}))
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m mmsum.train.kinds", description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=BUNDLED, help="weights file to write")
    ap.add_argument("--per-kind", type=int, default=30, help="matplotlib figures per kind (others in proportion)")
    ap.add_argument("--keep", type=Path, default=None, help="folder for the generated PDFs")
    ap.add_argument("--examples", type=Path, default=None, help="measured figures (JSON): read if present, else written")
    ap.add_argument("--real", type=Path, default=None, help="hand labels of real figures (JSON)")
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus"), help="where the labelled documents are")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--real-only", action="store_true",
                    help="only measure the shipped weights on --real (no figures generated, nothing fitted)")
    args = ap.parse_args(argv)
    log = lambda m: print(m, file=sys.stderr, flush=True)
    if args.real_only:
        if not args.real:
            ap.error("--real-only needs --real LABELS.json")
        model = bundled_model()
        if model is None:
            ap.error(f"no shipped kind model to measure ({BUNDLED} is missing or stale)")
        _print_real(model, args.real, args.corpus, log)
        return 0
    if args.examples and args.examples.exists():
        examples = [Example(**e) for e in json.loads(args.examples.read_text())]
    else:
        import tempfile
        folder = args.keep or Path(tempfile.mkdtemp(prefix="mmsum-kinds-"))
        examples = generate(folder, args.per_kind, args.seed, log)
        if args.examples:
            write_text_atomic(args.examples, json.dumps([asdict(e) for e in examples]))
    counts = defaultdict(int)
    for e in examples:
        counts[f"{e.producer}/{e.kind}"] += 1
    print("## Generated figures\n\n" + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + "\n")
    print(cross_validate(examples) + "\n")
    print(held_out(examples) + "\n")
    model = fit(examples)
    write_text_atomic(args.out, json.dumps(model.to_json()))
    log(f"weights written to {args.out}")
    if args.real:
        _print_real(model, args.real, args.corpus, log)
    return 0


def _print_real(model: KindModel, labels: Path, corpus: Path, log) -> None:
    """Per-kind accuracy of ``model`` (the rules, the model, both as the reader uses them) on
    the hand-labelled real figures of ``labels`` (JSON), read from ``corpus``."""
    real = real_examples(json.loads(labels.read_text())["figures"], corpus, log)
    v = verdicts(model, real)
    truth = [e.kind for e in real]
    print(_table(f"Hand-labelled real figures ({len(real)})", {m: per_kind(truth, v[m]) for m in v}) + "\n")
    print(charted(truth, v) + "\n")
    for e, r, l, d in zip(real, v["rules"], v["learned"], v["reader"]):
        print(f"- {e.name}: true {e.kind}, rules {r}, learned {l}, reader {d}")


if __name__ == "__main__":
    raise SystemExit(main())
