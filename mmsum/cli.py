"""Command line: ``mmsum figures``, ``mmsum summarize``, ``mmsum models``.

Heavy imports happen inside the command functions so that ``mmsum --help`` is instant.
Every user-facing failure is an :class:`~mmsum.errors.MmsumError`: printed as one line on
stderr with a non-zero exit status, never a traceback.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .errors import MmsumError
from .progress import Cancelled


def _add_model_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("models and device")
    g.add_argument("--text-model", metavar="SPEC",
                   help="sentence-transformers model: id or folder (default: bundled all-MiniLM-L6-v2)")
    g.add_argument("--image-model", metavar="SPEC",
                   help="image encoder: 'efficientnet-lite0' (bundled default), a CLIP/SigLIP id or "
                        "folder, or 'none' to turn the image encoder off")
    g.add_argument("--model", dest="generator", metavar="SPEC",
                   help="generator for --generate: Hugging Face id, local folder or .gguf file "
                        "(default: bundled SmolLM2-135M-Instruct)")
    g.add_argument("--backend", default="auto", choices=["auto", "llama.cpp", "transformers"],
                   help="how the generator runs: llama.cpp (GGUF files, needs the llamacpp extra) or "
                        "transformers (default: auto = llama.cpp for .gguf models when installed)")
    g.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda", "mps"],
                   help="where models run (default: auto = CUDA, then MPS, then CPU)")
    net = g.add_mutually_exclusive_group()
    net.add_argument("--offline", dest="offline", action="store_true", default=True,
                     help="never download a model (default)")
    net.add_argument("--allow-download", dest="offline", action="store_false",
                     help="allow downloading a model that is named but not installed")


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

    s = sub.add_parser("summarize", help="summarize documents to Markdown and/or JSON")
    s.add_argument("documents", nargs="+", type=Path, help="files or folders (a folder: every document in it)")
    s.add_argument("--out-dir", type=Path, help="output folder (default: beside each input)")
    s.add_argument("--format", default="md", help="comma-separated: md, json (default: md)")
    s.add_argument("--words", type=int, help="summary length in words (default 150)")
    s.add_argument("--sentences", type=int, help="summary length in sentences")
    s.add_argument("--figures", type=int, default=3, help="number of key figures (default 3)")
    s.add_argument("--query", help="focus the summary on this question or topic")
    s.add_argument("--generate", action="store_true", help="write a generated summary with a local model")
    s.add_argument("--strict", action="store_true",
                   help="with --generate: replace sentences that fail the faithfulness check")
    s.add_argument("--max-new-tokens", type=int, default=256, help="with --generate: token budget")
    s.add_argument("--structure", action="store_true",
                   help="a structured summary: problem, approach, findings, limitations")
    s.add_argument("--password", help="password of encrypted PDFs")
    s.add_argument("--no-cache", action="store_true", help="do not read or write the embedding cache")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_model_args(s)

    m = sub.add_parser("models", help="list available models and which one each role will use")
    _add_model_args(m)
    return ap


def model_options(args: argparse.Namespace):
    """ModelOptions from parsed arguments."""
    from .options import ModelOptions

    return ModelOptions(text_model=args.text_model, image_model=args.image_model,
                        generator=args.generator, device=args.device, offline=args.offline,
                        backend=args.backend)


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
        else:
            from .commands.models import run
        return run(args)
    except MmsumError as err:
        print(f"mmsum: {err}", file=sys.stderr)
        return 2
    except Cancelled:
        print("mmsum: cancelled", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("mmsum: interrupted", file=sys.stderr)
        return 130
