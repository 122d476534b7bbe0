"""How well the faithfulness check judges numbers taken from a cited table or chart, on built
papers whose numbers are known (tests/resultsbuild.py: Table 2 and Figure 1, values drawn by
seed; accuracy and F1 written as fractions for odd seeds).

    python benchmarks/cited_numbers.py [--seeds 20]

For each paper, sentences are written from the sentence that cites Table 2 and from the one
that cites Figure 1, each about one number:

- *right*: a cell as printed, with a trailing zero, rounded to a whole number, as a
  percentage of a fraction, each in four wordings (:data:`TEMPLATES`); the time with its unit; a curve's last point and peak to two
  decimals (within 1% of the axis);
- *wrong*: a cell moved by 2.3 (a value the table does not hold), another row's value in the
  same column, the same row's value of another column, another curve's last point, and a
  curve's last point moved by 5% of the axis.

Only the problems the check finds with numbers count (the sentences are written to test
numbers, not words). *before* is the check as it was: the cited tables' rows as source text, the
chart unread; *after* reads them with :mod:`mmsum.generate.cited_numbers`. Prints one
``RESULT`` line each: precision and recall of flagging the wrong sentences, and the share of
right sentences flagged.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PHRASES = {"Baseline": "the baseline", "Ours": "our method", "Ours + augmentation": "our method with augmentation"}
COLUMNS = {1: "accuracy", 2: "F1 score"}
# ways of saying that {who} has {v} of {what}, by Table 2
TEMPLATES = ("Table 2 shows {who} reaches {v} {what}.",
             "In Table 2, the {what} of {who} is {v}.",
             "With {v} {what}, {who} is listed in Table 2.",
             "Table 2 gives {who} an {what} of {v}, the best on the test set.")


def sentences(truth) -> list[tuple[str, str, bool]]:
    """(which source: "table" | "figure", sentence, right) for one built paper."""
    out = []
    rows = truth.rows
    for r, row in enumerate(rows):
        who = PHRASES[row[0]]
        for c, word in COLUMNS.items():
            cell = row[c]
            v = float(cell)
            said = [cell, cell + "0"]
            if v < 1:
                said.append(f"{v * 100:.1f}%")
            else:
                said.append(f"{round(v)}")
            held = {float(x) for rw in rows for x in rw[1:]}
            moved = round(v + (0.023 if v < 1 else 2.3), 3 if v < 1 else 1)
            other = rows[(r + 1) % len(rows)][c]
            across = row[3 - c]
            for template in TEMPLATES:
                def say(value: str) -> str:
                    return template.format(who=who, v=value, what=word)

                out += [("table", say(s), True) for s in said]
                if moved not in held:
                    out.append(("table", say(f"{moved:g}"), False))
                if other != cell:
                    out.append(("table", say(other), False))
                if across != cell:
                    out.append(("table", say(across), False))
        out.append(("table", f"Table 2 shows {who} takes {row[3]} s.", True))
    names = list(truth.voltage)
    for j, name in enumerate(names):
        ys = truth.voltage[name]
        out.append(("figure", f"The {name} policy ends near {ys[-1]:.2f} V.", True))
        out.append(("figure", f"The {name} policy peaks at {max(ys):.2f} V.", True))
        other = truth.voltage[names[1 - j]][-1]
        if abs(other - ys[-1]) > 0.03:
            out.append(("figure", f"The {name} policy ends near {other:.2f} V.", False))
        moved = ys[-1] + 0.075 if ys[-1] < 4.3 else ys[-1] - 0.075
        if min(abs(moved - y) for ys2 in truth.voltage.values() for y in ys2) > 0.03:
            out.append(("figure", f"The {name} policy ends near {moved:.2f} V.", False))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=20)
    args = ap.parse_args(argv)

    from mmsum.generate.cited_held import table_evidence
    from mmsum.generate.cited_numbers import cited_data
    from mmsum.generate.faithfulness import sentence_problems
    from mmsum.generate.generative import source_index
    from mmsum.generate.rewrite import ALLOWED
    from mmsum.ingest import read_document
    from tests.resultsbuild import FIGURE_SENTENCE, TABLE_SENTENCE, results_paper

    counts = {k: {"tp": 0, "fp": 0, "fn": 0, "tn": 0} for k in ("before", "after")}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.seeds):
            truth = results_paper(Path(tmp) / f"r{seed}.pdf", seed)
            doc = read_document(truth.path, render_figures=False, ocr=False)
            index = source_index(doc)
            src = {"table": next(s for s in doc.sentences if s.text == TABLE_SENTENCE),
                   "figure": next(s for s in doc.sentences if s.text == FIGURE_SENTENCE)}
            if [r[1:] for r in doc.tables[0].rows or []] != [r[1:] for r in truth.rows]:
                print(f"seed {seed}: Table 2 not read as built; skipped", flush=True)
                continue
            for which, said, right in sentences(truth):
                source = src[which]
                tables = [t for t in doc.tables if t.id in source.table_ids]
                before = sentence_problems(said, [source.text, *(x for t in tables for x in table_evidence(t))],
                                           index, ALLOWED)
                after = sentence_problems(said, [source.text], index, ALLOWED, cited_data(doc, source))
                for key, problems in (("before", before), ("after", after)):
                    flagged = any(re.match(r"[-+−]?\d", p) for p in problems)
                    counts[key][("fp" if right else "tp") if flagged else ("tn" if right else "fn")] += 1
                    if key == "after" and flagged == right:
                        print(f"seed {seed} {'right' if right else 'wrong'} {'flagged' if flagged else 'passed'}: "
                              f"{said} {problems}", flush=True)
    for key, c in counts.items():
        flagged = c["tp"] + c["fp"]
        precision = c["tp"] / flagged if flagged else float("nan")
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else float("nan")
        false_flags = c["fp"] / (c["fp"] + c["tn"]) if c["fp"] + c["tn"] else float("nan")
        print(f"RESULT {key} sentences={sum(c.values())} wrong={c['tp'] + c['fn']} precision={precision:.3f} "
              f"recall={recall:.3f} right_flagged={false_flags:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
