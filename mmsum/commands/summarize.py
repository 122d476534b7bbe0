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


def print_table(results, out=None) -> None:
    """Each document's status, time and outputs (or the reason it failed), on ``out`` (stdout)."""
    out = out or sys.stdout  # looked up per call: a default bound at import would outlive a redirect
    width = max([len(r.path.name) for r in results] + [8])
    print(f"{'document':{width}}  {'status':8} {'seconds':>7}  result", file=out)
    for r in results:
        detail = ", ".join(str(p) for p in r.outputs) if r.outputs else ""
        if r.message:
            detail = f"{detail} ({r.message})" if detail else r.message
        print(f"{r.path.name:{width}}  {r.status.value:8} {r.seconds:7.1f}  {detail}", file=out)


def _say_skipped(skipped: list[Path]) -> None:
    """One line per folder for the files in it that are not documents."""
    by_folder: dict[Path, list[Path]] = {}
    for p in skipped:
        by_folder.setdefault(p.parent, []).append(p)
    for folder, files in by_folder.items():
        names = ", ".join(p.name for p in files[:3]) + (", ..." if len(files) > 3 else "")
        print(f"mmsum: {folder}: skipped {len(files)} file{'s' if len(files) > 1 else ''} that "
              f"{'are' if len(files) > 1 else 'is'} not a document ({names})", file=sys.stderr)


def _check_inputs(paths: list[Path], password: str | None) -> dict:
    """Open each input once (cheap) and return path -> failed BatchResult for those that
    cannot be read, each reported on one line."""
    from ..document import Status
    from ..errors import DocumentError
    from ..ingest.open import check_document
    from ..pipeline import BatchResult

    refused = {}
    for p in paths:
        try:
            check_document(p, password)
        except DocumentError as err:
            message = str(err)
            reason = message[len(f"{p}: "):] if message.startswith(f"{p}: ") else message
            print(f"mmsum: {p}: {reason}", file=sys.stderr)
            refused[p] = BatchResult(p, Status.FAILURE, [], reason)
    return refused


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
    skipped: list[Path] = []
    paths = expand_inputs(args.documents, skipped)
    _say_skipped(skipped)
    if not paths:
        raise MmsumError("no documents found in " + ", ".join(str(p) for p in args.documents))
    if args.out_dir is not None and args.out_dir.exists() and not args.out_dir.is_dir():
        raise MmsumError(f"--out-dir {args.out_dir} is a file, not a folder")
    options = SummaryOptions(words=args.words, sentences=args.sentences, figures=args.figures,
                             query=args.query, generate=args.generate, strict=args.strict,
                             max_new_tokens=args.max_new_tokens)
    # inputs are checked before any model loads: a missing or locked file is reported at once
    refused = _check_inputs(paths, args.password)
    todo = [p for p in paths if p not in refused]
    summarizer = Summarizer(model_options(args), use_cache=not args.no_cache)
    bar = _Bar(len(todo), enabled=not args.quiet and sys.stderr.isatty())

    def report(result) -> None:
        if result.status is Status.FAILURE:
            bar.write(f"mmsum: {result.path}: {result.message}")

    try:
        done = summarize_batch(todo, options, summarizer, args.out_dir, formats, progress=bar,
                               on_result=report, password=args.password) if todo else []
    finally:
        bar.close()
    by_path = {r.path: r for r in [*refused.values(), *done]}
    results = [by_path[p] for p in paths if p in by_path]
    for warning in summarizer.warnings:
        print(f"mmsum: {warning}", file=sys.stderr)
    if not args.quiet:
        print_table(results)
        used = ", ".join(f"{role} {name}" for role, name in summarizer.models_used.items() if name)
        print(f"models: {used}; device: {summarizer.device}")
    return 0 if all(r.status is not Status.FAILURE for r in results) and len(results) == len(paths) else 1
