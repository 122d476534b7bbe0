"""How often mmsum's own abstract finder (``mmsum/train/abstract.py``, which labels a library's
training) agrees with the evaluation's (``corpus.py``'s ``read_paper``, which labelled the
bundled ranker's training and scores ``run.py rouge``).

    python benchmarks/abstract_agreement.py FOLDER --eval-dir ../shared/eval [--show]

Per document: both find an abstract or both find none (``found_same``); where both find one,
whether the texts are the same and their word overlap (Jaccard over lower-cased words).
Ends with a RESULT line.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path


def words(text: str) -> set[str]:
    return set(text.lower().split())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--eval-dir", type=Path, required=True)
    ap.add_argument("--show", action="store_true", help="print each document that differs")
    a = ap.parse_args()
    from mmsum.errors import MmsumError
    from mmsum.train.abstract import read_paper
    from mmsum.train.data import load_corpus_module

    corpus = load_corpus_module(a.eval_dir)
    pdfs = sorted(a.folder.glob("*.pdf"))
    same_found, both, exact, overlap, only_ours, only_theirs = 0, 0, 0, [], 0, 0
    for pdf in pdfs:
        theirs = corpus.read_paper(pdf)
        try:
            ours = read_paper(pdf)
        except MmsumError as e:
            print(f"{pdf.name}: {e}", file=sys.stderr)
            continue
        if ours.has_abstract == theirs.has_abstract:
            same_found += 1
        elif ours.has_abstract:
            only_ours += 1
        else:
            only_theirs += 1
        if ours.has_abstract and theirs.has_abstract:
            both += 1
            exact += ours.text == theirs.abstract
            a_, b_ = words(ours.text), words(theirs.abstract)
            overlap.append(len(a_ & b_) / max(1, len(a_ | b_)))
            if a.show and ours.text != theirs.abstract:
                print(f"{pdf.name}: texts differ (overlap {overlap[-1]:.3f})")
        elif a.show and ours.has_abstract != theirs.has_abstract:
            print(f"{pdf.name}: ours {ours.has_abstract} ({len(ours.text.split())} words), "
                  f"corpus.py {theirs.has_abstract} ({len(theirs.abstract.split())} words)")
    n = len(pdfs)
    print(f"RESULT documents={n} found_same={same_found / max(1, n):.3f} both={both} only_ours={only_ours} "
          f"only_corpus={only_theirs} text_exact={exact / max(1, both):.3f} "
          f"word_overlap={statistics.mean(overlap) if overlap else 0:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
