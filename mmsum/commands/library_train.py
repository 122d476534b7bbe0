"""``mmsum library train``: fit the ranker on a library's own documents and keep it beside the
library (:mod:`mmsum.library.ranker_model`), saying which model ranks the library now.

Progress goes to stderr, one line a document. Ctrl+C stops at once: the library and any
model kept before are as they were (the model is written, atomically, only at the end), and
the documents read so far stay in the cache, so a rerun goes on from them.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import MmsumError


def train(args: argparse.Namespace, library: Path) -> int:
    """Run ``mmsum library train``; the exit status (0 written, 130 interrupted)."""
    from ..library.ranker_model import MIN_DOCUMENTS, model_path, write_library_model
    from ..library.store import Library, LibraryError
    from .model_args import model_options

    if args.folds < 2:
        raise MmsumError(f"--folds must be at least 2 (not {args.folds})")
    if args.workers is not None and args.workers < 1:
        raise MmsumError(f"--workers must be at least 1 (not {args.workers})")
    import importlib.util

    missing = [m for m in ("sklearn", "rouge_score") if importlib.util.find_spec(m) is None]
    if missing:
        raise MmsumError(f"library train needs the train extra ({missing[0]} is not installed): "
                         "pip install 'mmsum[train]'")
    from ..writable import check_output_file

    with Library(library, readonly=True) as lib:
        known = lib.known()
    check_output_file(model_path(library), "the library's model")  # said now, not after the training
    docs = [(Path(p), k["hash"]) for p, k in sorted(known.items()) if k["status"] != "failed"]
    if len(docs) < MIN_DOCUMENTS:
        raise LibraryError(f"{library}: {len(docs)} documents stored; training needs at least {MIN_DOCUMENTS} "
                           "with an abstract (nothing written)")
    quiet = args.quiet

    def say(line: str) -> None:
        if not quiet:
            print(f"mmsum: {line}", file=sys.stderr, flush=True)

    def on_document(i: int, n: int, pdf: Path) -> None:
        say(f"[{i + 1}/{n}] {pdf.name}")

    from .prepare import prepare_first
    from ..train.library import train_on_documents

    models = model_options(args)
    prepare_first(models)
    try:
        result = train_on_documents(docs, folds=args.folds, min_documents=MIN_DOCUMENTS, models=models,
                                    log=say, on_document=on_document, workers=args.workers)
    except KeyboardInterrupt:
        print(f"mmsum: interrupted; {library} and its model are as they were (the documents read so far "
              "are kept in the cache: a rerun goes on from them)", file=sys.stderr)
        return 130
    if result.ranker is None:
        raise LibraryError(f"{library}: {result.labelled} of {len(docs)} documents have an abstract mmsum can "
                           f"find; training needs at least {MIN_DOCUMENTS} (nothing written)")
    n = result.numbers
    print(f"{library}: {n['documents']} of {len(docs)} documents with an abstract, {n['folds']}-fold "
          f"cross-validated in {result.seconds:.0f} s ({result.seconds / max(1, len(docs)):.1f} s a document)")
    print(f"  ROUGE-2 of the top sentences: this library's model {n['r2']:.2f}, bundled model "
          f"{n['r2_bundled']:.2f}, heuristic {n['r2_heuristic']:.2f}")
    for other, name in (("r2_bundled", "bundled model"), ("r2_heuristic", "heuristic")):
        d = result.paired[other]
        print(f"  against the {name}, document by document: {d['diff']:+.2f} (95% interval {d['lo']:+.2f} to "
              f"{d['hi']:+.2f}), better on {d['better']}, worse on {d['worse']}")
    print(f"  top figure is the caption oracle's ({n['figure_documents']} documents): this library's model "
          f"{n['top1']:.3f}, bundled model {n['top1_bundled']:.3f}, heuristic {n['top1_heuristic']:.3f}")
    try:
        model = write_library_model(library, result.ranker.to_dict(), n)
    except OSError as err:
        raise LibraryError(f"cannot write the library's model {model_path(library)}: {err.strerror or err} "
                           "(the documents read are cached: a rerun fits again in about a minute)") from None
    print(f"wrote {model_path(library)}: {model.describe()}")
    if model.ranks:
        print("  the next `mmsum library add` summarizes the library's documents again with it")
    return 0
