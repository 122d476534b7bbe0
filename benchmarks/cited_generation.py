"""Generated sentences written from sentences that cite a table or chart mmsum read, on real
documents: are they supported, and do they give the numbers of what they cite?

    python benchmarks/cited_generation.py PDF... --every 6 --per-doc after.jsonl
    PYTHONPATH=OLD_TREE python benchmarks/cited_generation.py --sentences after.jsonl --per-doc before.jsonl
    python ../shared/eval/run.py compare before.jsonl after.jsonl --key supported

Every sentence of the documents that cites a table read into rows or a chart whose data was
read is a candidate (:func:`mmsum.generate.cited_numbers.cited_data`); every ``--every``-th is
written with the bundled generator (SmolLM2-135M through llama.cpp, on the CPU) as a summary
writes it (:func:`mmsum.generate.rewrite.rewrite`, the whole document as the index). With
``--sentences`` the same sentences as an earlier run are written (a tree from before the
cited-numbers check has no way to pick them itself; there the cited tables' rows are the
check's evidence, as they were). One row per sentence (``doc`` is "file#index"):
``supported`` (0 when the checks flag what the model wrote; a sentence the model wrote nothing
usable for stands as it is, ``extracted``), ``gave_numbers`` (1 when it says a number its source
sentence does not), ``cited`` (its numbers the JSON names as taken from a table or chart),
``calls`` and ``seconds``. Prints a ``RESULT`` line.
"""
from __future__ import annotations

import argparse
import inspect
import json
import re
import statistics
import sys
import time
from pathlib import Path

# mmsum is imported from PYTHONPATH (the tree under test), never from beside this file


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--every", type=int, default=6, help="write every N-th candidate sentence")
    ap.add_argument("--sentences", type=Path, help="write the sentences of this earlier --per-doc file")
    ap.add_argument("--per-doc", type=Path, required=True)
    args = ap.parse_args(argv)

    from mmsum.generate.backends import load_generator
    from mmsum.generate.faithfulness import SourceIndex
    from mmsum.generate.generative import _context, source_index, table_evidence
    from mmsum.generate.rewrite import rewrite
    from mmsum.ingest import read_document
    from mmsum.options import ModelOptions

    new_api = "cited" in inspect.signature(rewrite).parameters
    if args.sentences:
        wanted: dict[Path, list[int]] = {}
        for row in map(json.loads, args.sentences.read_text().splitlines()):
            wanted.setdefault(Path(row["path"]), []).append(row["index"])
    else:
        from mmsum.generate.cited_numbers import cited_data

        wanted, k = {}, 0
        for pdf in args.pdfs:
            doc = read_document(pdf, render_figures=False, ocr=False)
            for s in doc.sentences:
                if cited_data(doc, s):
                    if k % args.every == 0:
                        wanted.setdefault(pdf, []).append(s.index)
                    k += 1
    generator = load_generator(ModelOptions(device="cpu"))
    rows = []
    with args.per_doc.open("w") as out:
        for pdf, indices in wanted.items():
            doc = read_document(pdf, render_figures=False, ocr=False)
            index = source_index(doc)
            for i in indices:
                s = doc.sentences[i]
                context = _context(doc, s)
                t = time.perf_counter()
                if new_api:
                    from mmsum.generate.cited_numbers import cited_data

                    r = rewrite(generator, s.text, context, index, cited=cited_data(doc, s))
                else:
                    tables = [tb for tb in doc.tables if tb.id in s.table_ids]
                    r = rewrite(generator, s.text, context, index,
                                evidence=tuple(x for tb in tables for x in table_evidence(tb)))
                own = SourceIndex.build([s.text, context or ""])
                numbers = [n for n in re.findall(r"(?<![\w.])\d[\d,]*(?:\.\d+)?", r.text) if not own.has_number(n)]
                row = {"doc": f"{pdf.name}#{i}", "path": str(pdf), "index": i, "source": s.text, "text": r.text,
                       "problems": r.problems, "supported": int(not (r.text and r.problems)),
                       "extracted": int(not r.text),
                       "gave_numbers": int(bool(numbers)), "cited": len(getattr(r, "cited", [])),
                       "calls": r.calls, "seconds": round(time.perf_counter() - t, 2)}
                rows.append(row)
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                out.flush()
                print(f"{row['doc']:50} supported={row['supported']} numbers={row['gave_numbers']} "
                      f"{r.text[:90]!r}", flush=True)
    if not rows:
        print("RESULT sentences=0")
        return 1
    mean = {k: statistics.mean(r[k] for r in rows) for k in ("supported", "extracted", "gave_numbers", "calls",
                                                              "seconds")}
    print(f"RESULT sentences={len(rows)} supported={mean['supported']:.3f} extracted={mean['extracted']:.3f} "
          f"gave_numbers={mean['gave_numbers']:.3f} cited_numbers={sum(r['cited'] for r in rows)} "
          f"calls_per_sentence={mean['calls']:.2f} s_per_sentence={mean['seconds']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
