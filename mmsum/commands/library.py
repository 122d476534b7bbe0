"""``mmsum library add | list | remove | export | search``: a folder of documents as a library
of summaries, searchable across (see :mod:`mmsum.library`)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import MmsumError


def add_library_parser(sub) -> None:
    """The ``library`` subcommand and its actions."""
    from .model_args import add_model_args

    lib = sub.add_parser("library", help="a library of summarized documents: add, list, remove, export, search, "
                                         "train")
    acts = lib.add_subparsers(dest="action", required=True)

    def with_library(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--library", type=Path, metavar="FILE",
                       help="the library file (default: library.sqlite in mmsum's data folder)")
        return p

    a = with_library(acts.add_parser("add", help="summarize and store documents (folders: recursively)"))
    a.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    a.add_argument("--workers", type=int, metavar="N",
                   help="worker processes, each loading the models once (default: by cores and memory; "
                        "1 runs in this process)")
    a.add_argument("--retry-failed", action="store_true", help="read again the documents that failed before")
    a.add_argument("--no-cache", action="store_true", help="do not read or write the embedding cache")
    a.add_argument("--every-sentence", action="store_true",
                   help="encode every sentence for search, not only those the summary needs (the others are "
                        "found by their words); about 1.4 times the time")
    a.add_argument("--quiet", action="store_true", help="no progress lines")
    add_model_args(a)

    ls = with_library(acts.add_parser("list", help="the documents with their status, title, pages and summary"))
    ls.add_argument("--json", action="store_true", help="print JSON ({\"documents\": [...]})")

    rm = with_library(acts.add_parser("remove", help="remove documents (a folder: every document under it)"))
    rm.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    tr = with_library(acts.add_parser(
        "train", help="fit the ranker on the library's own documents (their abstracts are the labels)",
        description="Each document with an abstract is read again without it and labelled by it, as the "
                    "bundled ranker was trained; the same grouped cross-validation compares, on the same "
                    "held-out documents, the library's model with the bundled one and the hand weights. The "
                    "model is kept beside the library (<name>.ranker.json) and ranks the library's summaries "
                    "(from the next `library add`) only when it does better. Needs the train extra "
                    "(scikit-learn, rouge-score)."))
    tr.add_argument("--folds", type=int, default=5, metavar="K", help="cross-validation folds (default 5)")
    tr.add_argument("--workers", type=int, metavar="N",
                    help="processes reading the documents, each loading the models once (default: by cores and "
                         "memory; 1 reads in this process)")
    tr.add_argument("--quiet", action="store_true", help="no progress lines")
    add_model_args(tr)

    ex = with_library(acts.add_parser("export", help="write each stored summary as Markdown into a folder"))
    ex.add_argument("out_dir", type=Path, metavar="DIR")

    se = with_library(acts.add_parser(
        "search", help="search sentences, figures and tables across the library",
        description="Scores: a text query's relevance, 0 (as close as unrelated text) to 1 (the query's own "
                    "words), the same scale for every document, language and encoder; --like-figure's score is "
                    "the cosine of the figures' image vectors (-1 to 1)."))
    se.add_argument("--query", action="append", default=[], help="text to search for (repeatable)")
    se.add_argument("--kind", choices=["sentence", "figure", "table", "all"], default="all",
                    help="what to find (sentences: footnotes too; tables: by their caption and the words "
                         "of their cells)")
    se.add_argument("--channels", help="comma-separated figure channels: caption,mentions,figure-text,pixels")
    se.add_argument("--top", type=int, default=10)
    se.add_argument("--like-figure", metavar="DOC:FIGURE_ID", help="figures that look like this one")
    se.add_argument("--json", action="store_true", help="print JSON")
    add_model_args(se)


def run(args: argparse.Namespace) -> int:
    """Run ``mmsum library ACTION``; the exit status."""
    from ..library.location import default_library

    library = Path(args.library).expanduser() if args.library else default_library()
    from .library_train import train

    return {"add": _add, "list": _list, "remove": _remove, "export": _export, "search": _search,
            "train": train}[args.action](args, library)


def _add(args: argparse.Namespace, library: Path) -> int:
    from ..batch import DocumentFinished, DocumentStarted
    from ..document import Status
    from ..library.add import add_to_library
    from .model_args import model_options

    from ..writable import check_output_file

    check_output_file(library, "the library")
    quiet = args.quiet

    def on_event(event) -> None:
        if quiet:
            return
        if isinstance(event, DocumentStarted):
            print(f"mmsum: reading {event.path}", file=sys.stderr, flush=True)
        elif isinstance(event, DocumentFinished) and event.result.status == Status.FAILURE:
            print(f"mmsum: {event.result.path}: failed: {event.result.message}", file=sys.stderr, flush=True)

    from .prepare import prepare_first

    models = model_options(args)
    prepare_first(models)  # once, before any worker loads the models
    report = add_to_library(library, args.paths, models=models, workers=args.workers,
                            on_event=on_event, use_cache=not args.no_cache, retry_failed=args.retry_failed,
                            every_sentence=args.every_sentence)
    for p in report.missing:
        print(f"mmsum: {p}: no such file or folder", file=sys.stderr)
    stored = len(report.stored)
    partial = sum(1 for r in report.stored if r.status == Status.PARTIAL)
    line = (f"{report.library}: {stored} stored ({partial} partial), {len(report.failed)} failed, "
            f"{len(report.unchanged)} unchanged")
    if report.upgraded:
        line += f" ({len(report.upgraded)} read again: stored by an earlier mmsum that kept less of them)"
    if report.vanished:
        line += f", {len(report.vanished)} gone (marked; `mmsum library remove` drops them)"
    if report.cancelled:
        line += ", cancelled"
    print(line)
    return 0 if not report.failed and not report.missing else 1


def _list(args: argparse.Namespace, library: Path) -> int:
    from ..library.store import Library

    if not library.exists():
        docs = []
    else:
        with Library(library, readonly=True) as lib:
            docs = lib.documents()
    from ..library.ranker_model import describe_ranking, ranking_record

    if args.json:
        keys = ("path", "status", "reason", "title", "pages", "summary", "missing")
        print(json.dumps({"documents": [{k: d[k] for k in keys} for d in docs], "ranking": ranking_record(library)},
                         ensure_ascii=False, indent=2))
        return 0
    print(f"ranking: {describe_ranking(library)}")
    if not docs:
        print(f"{library}: no documents")
    for d in docs:
        flag = " (file gone)" if d["missing"] else ""
        print(f"{d['status']:7} {d['path']}{flag}")
        if d["title"]:
            print(f"        {d['title']} ({d['pages']} pages)")
        if d["reason"]:
            print(f"        {d['reason']}")
        if d["summary"]:
            print(f"        {' '.join(d['summary'].split())[:300]}")
    return 0


def _remove(args: argparse.Namespace, library: Path) -> int:
    from ..batch.inputs import absolute
    from ..library.store import Library

    if not library.exists():
        raise MmsumError(f"{library}: no library there")
    with Library(library) as lib:
        removed = lib.remove([str(absolute(p)) for p in args.paths])
    for p in removed:
        print(f"removed {p}")
    if not removed:
        print("mmsum: none of these documents is in the library", file=sys.stderr)
        return 1
    return 0


def _export(args: argparse.Namespace, library: Path) -> int:
    from ..library.export import export_library
    from ..writable import check_output_dir

    check_output_dir(args.out_dir)
    written, failed = export_library(library, args.out_dir)
    for path, reason in failed:
        print(f"mmsum: {path}: {reason}", file=sys.stderr)
    print(f"{len(written)} summaries written to {args.out_dir}")
    return 1 if failed else 0


def _search(args: argparse.Namespace, library: Path) -> int:
    from ..library.search import search_library
    from ..search.footnote_hits import where
    from .model_args import model_options

    if not args.query and not args.like_figure:
        raise MmsumError("give --query TEXT or --like-figure DOC:FIGURE_ID")
    channels = [c.strip() for c in args.channels.split(",") if c.strip()] if args.channels else None
    from .prepare import prepare_first

    models = model_options(args)
    prepare_first(models)
    found = search_library(library, args.query, kind=args.kind, top=args.top, channels=channels,
                           like_figure=args.like_figure, models=models)
    if args.json:
        print(json.dumps({"queries": found}, ensure_ascii=False, indent=2))
        return 0
    for q in found:
        print(f"# {q['query']}")
        for r in q["results"]:
            name = r.get("label") or r.get("id")
            if r["kind"] == "table":  # its label, then the cells that answer the query
                what = f"{name}: {r.get('text') or r.get('caption', '')}"
            else:
                what = r.get("text") or f"{name}: {r.get('caption', '')}"
            print(f"{r['score']:7.3f}  {r['document']} {where(r)}  {' '.join(what.split())[:200]}")
    return 0
