"""``mmsum summarize DOC...``: a batch of documents to Markdown and/or JSON summaries."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import MmsumError


def parse_formats(value: str) -> list[str]:
    """"json,md" -> ["json", "md"]; MmsumError for anything else."""
    from ..export import FORMATS

    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise MmsumError(f"unknown --format {value!r}; use md, json or json,md")
    return list(dict.fromkeys(formats))


class _Bar:
    """One progress bar over the batch on stderr (documents and the current stage)."""

    def __init__(self, total: int, enabled: bool) -> None:
        self._bar = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="doc", file=sys.stderr, leave=False,
                             bar_format="{l_bar}{bar}| {n:.1f}/{total} docs [{elapsed}<{remaining}]")

    def __call__(self, fraction: float, message: str) -> None:
        if self._bar is not None:
            self._bar.n = round(fraction * self._bar.total, 2)
            self._bar.set_description_str(message[:60], refresh=False)
            self._bar.refresh()

    def write(self, line: str) -> None:
        if self._bar is not None:
            self._bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def print_table(results, out=sys.stdout) -> None:
    """Each document's status, time and outputs (or the reason it failed)."""
    width = max([len(r.path.name) for r in results] + [8])
    print(f"{'document':{width}}  {'status':8} {'seconds':>7}  result", file=out)
    for r in results:
        detail = ", ".join(str(p) for p in r.outputs) if r.outputs else ""
        if r.message:
            detail = f"{detail} ({r.message})" if detail else r.message
        print(f"{r.path.name:{width}}  {r.status.value:8} {r.seconds:7.1f}  {detail}", file=out)


def run(args: argparse.Namespace) -> int:
    """Summarize every document named (folders expanded); 0 when all succeeded, 1 if any failed."""
    from ..cli import model_options
    from ..document import Status
    from ..options import SummaryOptions
    from ..pipeline import Summarizer, expand_inputs, summarize_batch

    formats = parse_formats(args.format)
    for name in ("words", "sentences"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            raise MmsumError(f"--{name} must be at least 1")
    if args.figures < 0:
        raise MmsumError("--figures must be 0 or more")
    paths = expand_inputs(args.documents)
    if not paths:
        raise MmsumError("no documents found in " + ", ".join(str(p) for p in args.documents))
    if args.out_dir is not None and args.out_dir.exists() and not args.out_dir.is_dir():
        raise MmsumError(f"--out-dir {args.out_dir} is a file, not a folder")
    options = SummaryOptions(words=args.words, sentences=args.sentences, figures=args.figures,
                             query=args.query, generate=args.generate, strict=args.strict,
                             max_new_tokens=args.max_new_tokens, structure=args.structure)
    summarizer = Summarizer(model_options(args), use_cache=not args.no_cache)
    bar = _Bar(len(paths), enabled=not args.quiet and sys.stderr.isatty())

    def report(result) -> None:
        if result.status is Status.FAILURE:
            bar.write(f"mmsum: {result.path}: {result.message}")

    try:
        results = summarize_batch(paths, options, summarizer, args.out_dir, formats,
                                  progress=bar, on_result=report)
    finally:
        bar.close()
    for warning in summarizer.warnings:
        print(f"mmsum: {warning}", file=sys.stderr)
    if not args.quiet:
        print_table(results)
        models = summarizer.models_used
        used = ", ".join(f"{role} {name}" + (f" ({models['generator_backend']})" if role == "generator"
                                             and models.get("generator_backend") else "")
                         for role, name in models.items() if name and role != "generator_backend")
        print(f"models: {used}; device: {summarizer.device}")
    return 0 if all(r.status is not Status.FAILURE for r in results) and len(results) == len(paths) else 1
