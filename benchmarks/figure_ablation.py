"""What each figure signal adds: run.py's salience evaluation with signals switched off.

    python benchmarks/figure_ablation.py FOLDER [FOLDER ...] [--eval-dir DIR] [--cache DIR]

For each folder, the papers ``run.py salience`` scores: an abstract and three or more
"Figure N" captions (found by the evaluation's own reader, ``corpus.read_paper``), the abstract
redacted from a copy first, and an oracle figure: the caption with the highest ROUGE-2 recall
against the hidden abstract (papers where two captions tie are left out, as run.py does).
Each paper runs once through the real pipeline (``Summarizer.summarize``, bundled models);
its figure signals are kept, and the top key figure is chosen again with signals switched off
(``off`` of :func:`mmsum.rank.figures.figure_ranking`; nothing in mmsum reads a switch):

- ``all``: every signal, what ``mmsum summarize`` does (equals run.py's mmsum_top1);
- ``only X``: signal X alone;  ``without X``: every signal but X;
- the baselines of run.py: Figure 1, the longest caption, a random figure (expected value).

Columns are the folders, then all folders pooled. ``--cache DIR`` keeps each paper's read
document, vectors and sentence scores (pickled, keyed by the original file's bytes), so a
second run re-scores figures only; clear it when the reader or the encoders change. Never
tune weights on held-out folders: they are here to check that a choice generalizes.
"""
from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Case:
    """One scored paper: what the figure ranking needs, the labels of its figures, the oracle."""

    name: str
    inputs: tuple  # (doc, emb, figs, sentence_scores) as rank_document saw them
    oracle: str
    captions: dict[str, str]


def _eval_modules(eval_dir: Path):
    sys.path.insert(0, str(eval_dir))
    import corpus  # noqa: E402 - the evaluation's own ground truth
    import run  # noqa: E402

    return corpus, run


def _capture_inputs(summarizer, pdf: Path) -> tuple:
    """Summarize ``pdf`` with the real pipeline and return what the ranking was given."""
    import mmsum.rank as rank
    from mmsum.options import SummaryOptions

    seen: dict = {}
    original = rank.rank_document

    def spy(doc, emb, figs, *args, **kwargs):
        ranking = original(doc, emb, figs, *args, **kwargs)
        seen["inputs"] = (doc, emb, figs, ranking.sentence_scores)
        return ranking

    rank.rank_document = spy  # the pipeline looks it up at call time
    try:
        summarizer.summarize(pdf, SummaryOptions(words=350))
    finally:
        rank.rank_document = original
    return seen["inputs"]


def load_cases(folder: Path, corpus, run, summarizer, cache: Path | None, work: Path) -> list[Case]:
    """The folder's scorable papers, each run through the pipeline once (or read from ``cache``)."""
    cases = []
    for pdf in sorted(folder.glob("*.pdf")):
        paper = corpus.read_paper(pdf)
        if not (paper.has_abstract and len(paper.captions) >= 3):
            continue
        scores = {lab: run.SCORER.score(paper.abstract, cap)["rouge2"].recall for lab, cap in paper.captions.items()}
        ranked = sorted(scores, key=scores.get, reverse=True)
        if scores[ranked[0]] == scores[ranked[1]]:
            continue  # no clear oracle
        # keyed by the original: a redacted copy differs in its bytes on every save
        key = hashlib.sha256(pdf.read_bytes()).hexdigest()[:24]
        hit = cache / f"{key}.pkl" if cache else None
        if hit is not None and hit.exists():
            inputs = pickle.loads(hit.read_bytes())
        else:
            print(f"  reading {pdf.name}", file=sys.stderr)
            inputs = _capture_inputs(summarizer, corpus.redact_abstract(paper, work / pdf.name))
            if hit is not None:
                hit.write_bytes(pickle.dumps(inputs))
        cases.append(Case(pdf.name, inputs, ranked[0], paper.captions))
    return cases


def top_label(case: Case, off: frozenset[str], run) -> str | None:
    """The label (as run.py normalises it) of the first key figure with signals ``off``."""
    from mmsum.embed.fusion import figure_figure_similarity
    from mmsum.rank.figures import figure_ranking, pick_figures
    from mmsum.summary import ScoredFigure

    doc, emb, figs, s = case.inputs
    scores, _ = figure_ranking(doc, emb, figs, s, off=off)
    ranked = [ScoredFigure(doc.figures[i], float(scores[i])) for i in sorted(range(len(scores)), key=lambda i: -scores[i])]
    picked = pick_figures(ranked, figure_figure_similarity(figs), doc, 1, need_crop=True)
    return run.norm_label(picked[0].figure.label) if picked else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent.parent / "shared" / "eval",
                    help="the folder of run.py and corpus.py (default: ../shared/eval beside the checkout's parent)")
    ap.add_argument("--cache", type=Path, help="keep each paper's pipeline inputs here between runs")
    args = ap.parse_args()
    eval_dir = args.eval_dir if (args.eval_dir / "run.py").exists() else Path("/work/shared/eval")
    if not (eval_dir / "run.py").exists():
        sys.exit(f"no run.py in {args.eval_dir}: pass --eval-dir")
    corpus, run = _eval_modules(eval_dir)
    from mmsum.pipeline import Summarizer
    from mmsum.rank.figures import SIGNALS

    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    summarizer = Summarizer()
    by_folder: dict[str, list[Case]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for folder in args.folders:
            work = Path(tmp) / folder.name
            work.mkdir()
            by_folder[folder.name] = load_cases(folder, corpus, run, summarizer, args.cache, work)

    configs = [("all", frozenset())]
    configs += [(f"only {s}", frozenset(SIGNALS) - {s}) for s in SIGNALS]
    configs += [(f"without {s}", frozenset({s})) for s in SIGNALS]
    columns = [*by_folder, "pooled"]
    rows: dict[str, dict[str, float]] = {}
    for name, off in configs:
        hits = {f: sum(top_label(c, off, run) == c.oracle for c in cases) for f, cases in by_folder.items()}
        rows[name] = hits
    base = {"figure1": lambda c: c.oracle == "Figure 1",
            "longest caption": lambda c: c.oracle == max(c.captions, key=lambda k: len(c.captions[k])),
            "random": lambda c: 1 / len(c.captions)}
    for name, fn in base.items():
        rows[name] = {f: sum(fn(c) for c in cases) for f, cases in by_folder.items()}
    counts = {f: len(cases) for f, cases in by_folder.items()}
    counts["pooled"] = sum(counts.values())
    width = max(len(r) for r in rows) + 2
    print("top-1 (share of papers whose first key figure is the oracle figure)")
    print(f"{'':{width}}" + "".join(f"{c[:22]:>24}" for c in columns))
    print(f"{'papers':{width}}" + "".join(f"{counts[c]:>24}" for c in columns))
    for name, hits in rows.items():
        hits = {**hits, "pooled": sum(hits.values())}
        print(f"{name:{width}}" + "".join(f"{hits[c] / max(counts[c], 1):>24.3f}" for c in columns))
    for f, cases in by_folder.items():
        wrong = [f"{c.name}: {top_label(c, frozenset(), run)} (oracle {c.oracle})" for c in cases
                 if top_label(c, frozenset(), run) != c.oracle]
        print(f"{f}: missed {len(wrong)} of {len(cases)}" + "".join(f"\n  {w}" for w in wrong))


if __name__ == "__main__":
    main()
