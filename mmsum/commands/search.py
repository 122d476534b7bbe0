"""``mmsum search DOC... --query TEXT``: the sentences and figures that answer each query.

Documents are read and embedded on the fly (the embedding cache reused), the models loaded once
for every document and every query. ``--library FILE`` searches a stored library instead (or
as well). Prints ``{"queries": [{"query", "results": [RESULT, ...]}, ...]}`` with ``--json``,
else a table per query. Exit status: 0; 1 when a document could not be read (the others are
searched); 2 a usage error or a model that cannot be loaded.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import MmsumError, OptionsError

DEFAULT_TOP = 10
DEFAULT_LIBRARY = Path("\0default")  # what --library without a file stands for


def add_search_parser(sub) -> None:
    """Declare ``mmsum search`` on the CLI's subparsers."""
    from .channel_args import add_channel_args
    from .model_args import add_model_args

    p = sub.add_parser("search", help="find the sentences and figures that answer a query, in documents or a library",
                       description="Scores: a text query's relevance, 0 (as close as unrelated text) to 1 (the "
                                   "query's own words), the same scale for every document, language and encoder; "
                                   "--like-figure's score is the cosine of the figures' image vectors (-1 to 1).")
    p.add_argument("documents", nargs="*", type=Path, help="documents to search (read and embedded on the fly)")
    p.add_argument("--query", action="append", default=[], metavar="TEXT",
                   help="what to look for; repeat for several queries, answered in one run")
    p.add_argument("--kind", choices=["sentence", "figure", "table", "all"], default="all",
                   help="what to list: sentences (footnotes too), figures, tables or all (default: all)")
    p.add_argument("--top", type=int, default=DEFAULT_TOP, help=f"results per query (default {DEFAULT_TOP})")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--library", type=Path, metavar="FILE", nargs="?", const=DEFAULT_LIBRARY,
                   help="search this library (see `mmsum library`); --library alone: the default library")
    p.add_argument("--like-figure", metavar="DOC:FIGURE_ID",
                   help="figures that look like this one (figure ids as `mmsum figures DOC` lists them)")
    p.add_argument("--password", help="password of encrypted PDFs")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the embedding cache")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    add_channel_args(p, what="score a figure")
    add_model_args(p)


def _check(args: argparse.Namespace) -> None:
    if not args.query and not args.like_figure:
        raise OptionsError("nothing to search for: give --query TEXT (one or more) or --like-figure DOC:FIGURE_ID")
    if not args.documents and not args.library:
        raise OptionsError("nothing to search in: give documents, or --library FILE")
    if isinstance(args.top, bool) or args.top < 1:
        raise OptionsError(f"--top must be a whole number of at least 1 (not {args.top})")
    for q in args.query:
        if not q.strip():
            raise OptionsError("a --query is empty")


def _library_answers(args, queries: list[str], channels, models) -> list[dict]:
    try:
        from ..library import default_library
        from ..library.search import search_library
    except ImportError:
        raise MmsumError("the library is not available in this build; search documents instead") from None
    library = default_library() if args.library == DEFAULT_LIBRARY else args.library
    return search_library(library, queries, kind=args.kind, top=args.top, channels=channels,
                          like_figure=args.like_figure, models=models)


def _merge(a: list[dict], b: list[dict], top: int) -> list[dict]:
    """Per query, the results of both answers, best first."""
    if not a:
        return b
    out = []
    for x, y in zip(a, b):
        results = sorted(x["results"] + y["results"], key=lambda r: -r["score"])
        out.append({"query": x["query"], "results": results[:top]})
    return out


def run(args: argparse.Namespace) -> int:
    """Run ``mmsum search``; the exit status."""
    from .channel_args import channel_settings
    from .model_args import model_options

    _check(args)
    channels, weights = channel_settings(args)
    models = model_options(args)
    from .prepare import prepare_first

    prepare_first(models)
    like = None
    if args.like_figure:
        from ..search import parse_like_figure

        like = parse_like_figure(args.like_figure)
    answers: list[dict] = []
    if args.library:
        answers = _library_answers(args, list(args.query), channels, models)
    failed = 0
    if args.documents:
        doc_answers, failed = _search_documents(args, models, channels, weights, like)
        answers = _merge(answers, doc_answers, args.top)
    if args.json:
        record = {"queries": answers}
        from ..embed.channels import effective_weights

        record["channel_weights"] = effective_weights(weights, channels)
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    else:
        print_table(answers)
    return 1 if failed else 0


def _search_documents(args, models, channels, weights, like) -> tuple[list[dict], int]:
    from ..errors import DocumentError
    from ..pipeline import Summarizer
    from ..search import DocumentSearch

    summarizer = Summarizer(models, use_cache=not args.no_cache)
    summarizer.load()
    for w in summarizer.warnings:
        print(f"mmsum: {w}", file=sys.stderr)
    search = DocumentSearch(summarizer)
    failed = 0
    say = (not args.quiet) and sys.stderr.isatty()
    for path in args.documents:
        if say:
            print(f"reading {path.name} ...", file=sys.stderr)
        try:
            search.add(path, password=args.password)
        except DocumentError as err:
            print(f"mmsum: {err}", file=sys.stderr)
            failed += 1
    text_only = channels is not None and set(channels) <= {"pixels"}
    if args.query and text_only and not any(ix.shared_space for ix in search.documents):
        print(f"mmsum: the image encoder ({summarizer.models_used['image']}) does not embed text, so the "
              "pixels channel alone cannot score a text query; use --like-figure, or add a text channel",
              file=sys.stderr)
    answers = search.search(args.query, kind=args.kind, top=args.top, channels=channels, weights=weights)
    if like is not None:
        doc_path, fid = like
        source = search.find(doc_path)
        if source is None:
            source = search.add(doc_path, password=args.password)
            search.documents.remove(source)  # the figure's own document is searched only when named
        answers.append(search.like_figure(source, fid, top=args.top))
    return answers, failed


def print_table(answers: list[dict]) -> None:
    """One block per query: rank, score, kind ("footnote" for a footnote), page (1-based), what
    was found, document."""
    for a in answers:
        print(f"\n{a['query']}")
        if not a["results"]:
            print("  (no results)")
        for i, r in enumerate(a["results"], 1):
            if r["kind"] in ("figure", "table"):
                label, caption = r.get("label") or f"{r['kind']} {r.get('id')}", r.get("caption") or ""
                what = caption if label and caption.startswith(label) else f"{label}: {caption}"
            else:
                what = r.get("text", "")
            what = " ".join(what.split())
            what = what if len(what) <= 80 else what[:79] + "…"
            print(f"  {i:>2}  {r['score']:.3f}  {r['kind']:<8} p.{r['page'] + 1:<4} {what}  "
                  f"[{Path(r['document']).name}]")
