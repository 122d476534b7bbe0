"""ROUGE-2 ratio to the best baseline per kind of document, from run.py's per-document rows.

    python benchmarks/genre_ratios.py ROUGE.jsonl [--eval-dir ../shared/eval]

The kind is the file name's prefix that ``../shared/corpus/build-large.sh`` gives: ``dbd`` and
``dbm`` arXiv papers, ``pwl`` classic computer-science papers, ``rjss`` R software papers. Each
kind's RESULT line is run.py's over those documents alone (``ranker_folds.rows_result``: the
baseline with the highest mean among them, the evaluation's own 95% bootstrap interval).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from ranker_folds import rows_result

KINDS = {"dbd": "arXiv", "dbm": "arXiv", "pwl": "classic_CS", "rjss": "R"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rows", type=Path)
    ap.add_argument("--eval-dir", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "eval")
    a = ap.parse_args()
    rows = [json.loads(line) for line in a.rows.read_text().splitlines() if line.strip()]
    for kind in (*dict.fromkeys(KINDS.values()), "all"):
        mine = [r for r in rows if kind == "all" or KINDS.get(r["doc"].split("-")[0]) == kind]
        if mine:
            print(rows_result("rouge", mine, a.eval_dir).replace("RESULT joined", f"RESULT kind={kind}"))


if __name__ == "__main__":
    main()
