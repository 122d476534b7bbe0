"""The learned ranker held out, through the summary's own selection, in seconds instead of hours.

    python benchmarks/ranker_selection.py CORPUS_DIR --eval-dir ../shared/eval --cache DIR \\
        --out OUT.jsonl [--ranker heuristic] [--folds 5]

``python -m mmsum.train`` keeps each training document's ranking inputs (the document, its
vectors, its fused figure vectors; ``--cache``). This replays what ``run.py rouge`` measures on
them: for each fold, a ranker fitted on the other folds ranks the held-out documents, the key
figures are picked and the extractive summary is made (``--words 350``, as run.py asks), its
first words (as many as the abstract has) scored by ROUGE-2 against the abstract with
run.py's own scorer. ``--ranker heuristic`` scores the hand weights instead. ``OUT.jsonl`` has
run.py's per-document rows (``doc``, ``mmsum_r2``), so two runs pair with ``run.py compare``.
It is a proxy: the cached inputs are those of the reader when they were made, and the
summary's checks that need the page (crops) are skipped; the verdict that counts is
``benchmarks/ranker_folds.py`` (run.py itself, on each fold's held-out documents).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path


def summary_rouge2(ex, ranker: str, scorer, lines) -> float:
    """ROUGE-2 F (0..100) of ``ex``'s extractive summary against its abstract, as run.py scores it."""
    from mmsum.rank import rank_document

    ranking = rank_document(ex.doc, ex.emb, ex.figs, ranker=ranker)
    return scores_rouge2(ex, ranking.sentence_scores, key_figures(ex, ranking), scorer, lines)


def key_figures(ex, ranking=None) -> set[str]:
    """The label keys of the figures ``ex``'s summary shows (by ``ranking``, else the hand weights)."""
    from mmsum.embed.fusion import figure_figure_similarity
    from mmsum.ingest.labels import figure_key
    from mmsum.rank import rank_document
    from mmsum.rank.figures import pick_figures

    ranking = ranking or rank_document(ex.doc, ex.emb, ex.figs, ranker="heuristic")
    key = pick_figures(ranking.figures(ex.doc), figure_figure_similarity(ex.figs), ex.doc, _options().figures,
                       need_crop=False)
    return {figure_key(f.figure.label) for f in key if figure_key(f.figure.label)}


def scores_rouge2(ex, sentence_scores, shown: set[str], scorer, lines) -> float:
    """ROUGE-2 F (0..100) against the abstract of the extractive summary ``sentence_scores``
    make (``--words 350``, as run.py asks), its first words (as many as the abstract has)."""
    from mmsum.generate.extractive import extractive_summary

    text = extractive_summary(ex.doc, sentence_scores, ex.emb.sentences, _options(), shown).text
    n = len(ex.abstract.split())
    return scorer.score(lines(ex.abstract), lines(" ".join(text.split()[:n])))["rouge2"].fmeasure * 100


def _options():
    from mmsum.options import SummaryOptions, resolve_options
    from mmsum.train.data import SUMMARY_WORDS

    return resolve_options(SummaryOptions(words=SUMMARY_WORDS))


def _complete(obj) -> None:
    """Fields a cached object was pickled without (made by an older reader) get their defaults."""
    import dataclasses

    for f in dataclasses.fields(obj):
        if not hasattr(obj, f.name):
            if f.default is not dataclasses.MISSING:
                setattr(obj, f.name, f.default)
            elif f.default_factory is not dataclasses.MISSING:
                setattr(obj, f.name, f.default_factory())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--eval-dir", type=Path, required=True)
    ap.add_argument("--cache", type=Path, required=True, help="the training command's --cache")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--ranker", default="learned", help="learned (fitted per fold) or heuristic")
    ap.add_argument("--folds", type=int, default=5)
    a = ap.parse_args()
    sys.path.insert(0, str(a.eval_dir))
    from run import SCORER, _lines  # the evaluation's own scorer and sentence split

    from mmsum.train.fit import assign_folds, fit, load_tables
    from mmsum.train.data import load_corpus_module
    from mmsum.train.examples import extract

    tables = load_tables(a.corpus, a.eval_dir, a.cache, log=lambda m: print(m, file=sys.stderr))
    examples = {ex.name: ex for ex in extract(sorted(a.corpus.glob("*.pdf")), load_corpus_module(a.eval_dir),
                                              a.cache / "examples", log=lambda m: None)}
    for ex in examples.values():
        for obj in (ex.doc, *ex.doc.sentences, *ex.doc.figures):
            _complete(obj)
    fold_of = assign_folds([t.name for t in tables], a.folds)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(a.folds):
            ranker = "heuristic"
            if a.ranker != "heuristic":
                ranker = str(Path(tmp) / f"fold_{fold}.json")
                Path(ranker).write_text(json.dumps(fit([t for t in tables if fold_of[t.name] != fold]).to_dict()))
            for t in tables:
                if fold_of[t.name] == fold:
                    rows.append({"doc": t.name, "mmsum_r2": summary_rouge2(examples[t.name], ranker, SCORER, _lines)})
    a.out.write_text("".join(json.dumps(r) + "\n" for r in sorted(rows, key=lambda r: r["doc"])))
    print(f"RESULT papers={len(rows)} ranker={a.ranker} mmsum_r2={statistics.mean(r['mmsum_r2'] for r in rows):.2f}")


if __name__ == "__main__":
    main()
