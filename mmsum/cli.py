"""Command line: ``mmsum figures``, ``mmsum tables``, ``mmsum summarize``, ``mmsum search``,
``mmsum library``, ``mmsum models``, ``mmsum prepare``.

Heavy imports happen inside the command functions so that ``mmsum --help`` is instant.
Every user-facing failure is an :class:`~mmsum.errors.MmsumError`: printed as one line on
stderr with a non-zero exit status, never a traceback. Exit status: 0 success; 1 a document
could not be read or summarized (``figures``: the document; ``tables`` and ``summarize``: some
of them); 2 a usage error or a model that cannot be loaded; 130 interrupted.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .commands.model_args import add_model_args, model_options
from .errors import DocumentError, MmsumError
from .options import DEFAULT_FIGURES, DEFAULT_MAX_NEW_TOKENS, DEFAULT_RANKER, DEFAULT_TABLES, DEFAULT_WORDS
from .progress import Cancelled

__all__ = ["build_parser", "main", "model_options"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all subcommands."""
    from . import __version__

    ap = argparse.ArgumentParser(prog="mmsum", description="Summarize documents with figures, locally.")
    ap.add_argument("--version", action="version", version=f"mmsum {__version__}")
    ap.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = ap.add_subparsers(dest="command", required=True)

    f = sub.add_parser("figures", help="list a document's figures with captions and mentions (JSON)")
    f.add_argument("document", type=Path)
    f.add_argument("--out-dir", type=Path, help="also write each figure crop as PNG and the JSON here")
    f.add_argument("--password", help="password of an encrypted PDF")
    f.add_argument("--data", type=Path, metavar="DIR",
                   help="also write each chart's data read from its drawings as CSV here (<figure id>.csv)")
    from .commands.tables import add_tables_parser

    add_tables_parser(sub)

    s = sub.add_parser("summarize", help="summarize documents to Markdown and/or JSON")
    s.add_argument("documents", nargs="+", type=Path, help="files or folders (a folder: every document in it)")
    s.add_argument("--out-dir", type=Path, help="output folder (default: beside each input)")
    s.add_argument("--format", default="md", help="comma-separated: md, json (default: md)")
    s.add_argument("--words", type=int, help=f"summary length in words (default {DEFAULT_WORDS})")
    s.add_argument("--sentences", type=int, help="summary length in sentences")
    s.add_argument("--figures", type=int, default=DEFAULT_FIGURES,
                   help=f"number of key figures (default {DEFAULT_FIGURES})")
    s.add_argument("--tables", type=int, default=DEFAULT_TABLES,
                   help=f"number of key tables (default {DEFAULT_TABLES}; 0: none)")
    s.add_argument("--query", help="focus the summary on this question or topic")
    s.add_argument("--generate", action="store_true", help="write a generated summary with a local model")
    s.add_argument("--strict", action="store_true",
                   help="with --generate: replace sentences that fail the faithfulness check by their "
                        "source sentences (the default)")
    s.add_argument("--show-flagged", action="store_true",
                   help="with --generate: show the sentences that fail the faithfulness check, marked, "
                        "instead of their source sentences")
    s.add_argument("--max-new-tokens", type=int, default=DEFAULT_MAX_NEW_TOKENS,
                   help=f"with --generate: the most new tokens the model writes for one summary sentence "
                        f"(default {DEFAULT_MAX_NEW_TOKENS}); a sentence it cannot finish within them is extracted")
    s.add_argument("--structure", action="store_true",
                   help="a structured summary: problem, approach, findings, limitations")
    s.add_argument("--ranker", default=DEFAULT_RANKER, metavar="learned|learned+figures|heuristic|FILE",
                   help=f"what ranks sentences and figures: the bundled learned sentence model (figures by hand "
                        f"weights), the bundled sentence and figure models, the hand-weighted heuristic, or a "
                        f"weights file from python -m mmsum.train (default {DEFAULT_RANKER})")
    s.add_argument("--password", help="password of encrypted PDFs")
    s.add_argument("--no-cache", action="store_true", help="do not read or write the embedding cache")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    add_model_args(s)
    from .commands.summarize import add_batch_args

    add_batch_args(s)
    from .commands.channel_args import add_channel_args

    from .embed.channels import SUMMARY_CHANNELS

    add_channel_args(s, what="rank the key figures", default=SUMMARY_CHANNELS)
    from .commands.search import add_search_parser

    add_search_parser(sub)

    m = sub.add_parser("models", help="list available models and which one each role will use")
    add_model_args(m)
    from .commands.prepare import add_prepare_parser

    add_prepare_parser(sub)
    from .commands.library import add_library_parser

    add_library_parser(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``mmsum`` command; returns the exit status."""
    args = build_parser().parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.command == "figures":
            from .commands.figures import run
        elif args.command == "summarize":
            from .commands.summarize import run
        elif args.command == "library":
            from .commands.library import run
        elif args.command == "search":
            from .commands.search import run
        elif args.command == "tables":
            from .commands.tables import run
        elif args.command == "prepare":
            from .commands.prepare import run
        else:
            from .commands.models import run
        return run(args)
    except DocumentError as err:  # the input cannot be read: as summarize exits for a failed document
        print(f"mmsum: {err}", file=sys.stderr)
        return 1
    except MmsumError as err:  # a usage error, or a model that cannot be loaded
        print(f"mmsum: {err}", file=sys.stderr)
        return 2
    except Cancelled:
        print("mmsum: cancelled", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("mmsum: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of our output went away (``mmsum library list | head``)
        # point stdout at nothing, so that flushing it at exit raises nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a shell reports a process ended by SIGPIPE
