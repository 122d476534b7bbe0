"""``mmsum summarize DOC...``: a batch of documents to Markdown and/or JSON summaries.

The batch is :func:`mmsum.batch.run_batch`; this module adds the command's options, a
progress bar and the final table, both subscribers to the batch's events.
"""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from ..errors import MmsumError

RESUME_HELP = ("with --out-dir: skip documents whose outputs there are complete and current (same file "
               "content, same settings, all files present), as recorded in OUT/mmsum-manifest.jsonl. On by "
               "default, so that running the same command again after an interruption continues where it "
               "stopped and a changed document or setting is still redone; --no-resume redoes everything")


def add_batch_args(p: argparse.ArgumentParser) -> None:
    """The batch options of ``mmsum summarize``."""
    g = p.add_argument_group("batches")
    g.add_argument("--workers", type=int, metavar="N",
                   help="worker processes, each loading the models once (default: one per core, as many as "
                        "the available memory holds at about 2 GB each; 1 runs in this process). With "
                        "--engine ray: Ray workers (default: the cluster's CPUs)")
    g.add_argument("--resume", action=argparse.BooleanOptionalAction, default=True, help=RESUME_HELP)
    g.add_argument("--recursive", action="store_true",
                   help="also summarize the documents in subfolders; outputs mirror them under --out-dir")
    g.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="stop a document that takes longer and mark it failed (default: no limit)")
    g.add_argument("--retries", type=int, default=1, metavar="N",
                   help="start a document again this often when its worker dies under it (default 1)")
    g.add_argument("--engine", choices=["local", "ray"], default="local",
                   help="local: worker processes on this machine (default); ray: a Ray cluster, whose nodes "
                        "all see the inputs and --out-dir under the same paths (pip install \"mmsum[ray]\")")
    g.add_argument("--address", metavar="ADDR",
                   help="with --engine ray: the cluster ('auto', or ray://HOST:10001); default: start Ray on "
                        "this machine for the batch")


def parse_formats(value: str) -> list[str]:
    """"json,md" -> ["json", "md"]; MmsumError for anything else."""
    from ..export import OUTPUT_FORMATS

    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    bad = [f for f in formats if f not in OUTPUT_FORMATS]
    if bad or not formats:
        raise MmsumError(f"unknown --format {value!r}; use md, json or json,md")
    return list(dict.fromkeys(formats))


class Progress:
    """The batch's progress on stderr, a subscriber to its events: a bar over the documents
    (on a terminal) and one line for each failure, lost worker or document started again."""

    def __init__(self, enabled: bool, lines: bool = False) -> None:
        self.enabled = enabled
        self._lines = None
        if lines:  # stderr is a log, not a terminal: plain lines every few seconds instead of a bar
            from .progress_lines import ProgressLines

            self._lines = ProgressLines()
        self.finished: list = []  # results of the documents done so far, in the order they ended
        self._total = 0
        self._bar = None
        self._done = 0
        self._running: dict[int, tuple[str, str, float]] = {}  # index -> (name, stage, fraction)
        self._model_warnings: set[str] = set()  # said once for the batch, not for each document

    def __call__(self, event) -> None:
        from ..batch import (BatchFinished, BatchStarted, DocumentFinished, DocumentStarted, StageProgress, WorkerLost,
                             WorkerReady)
        from ..document import Status

        if isinstance(event, BatchStarted):
            self._total = event.total
        if isinstance(event, BatchStarted) and self.enabled and event.to_run:
            from tqdm import tqdm

            self._bar = tqdm(total=event.total, initial=event.reused, unit="doc", file=sys.stderr, leave=False,
                             bar_format="{l_bar}{bar}| {n:.1f}/{total} docs [{elapsed}<{remaining}]")
            self._done = event.reused
        elif isinstance(event, DocumentStarted):
            self._running[event.index] = (event.path.name, "starting", 0.0)
        elif isinstance(event, StageProgress):
            self._running[event.index] = (event.path.name, event.stage, event.fraction)
            if self._lines is not None:
                whole = (self._done + sum(f for _, _, f in self._running.values())) / max(self._total, 1)
                self._lines(whole, f"[{event.index + 1}/{self._total}] {event.path.name}: {event.message or event.stage}")
        elif isinstance(event, WorkerReady):
            self._model_warnings.update(event.warnings)
        elif isinstance(event, DocumentFinished) and not event.result.reused:
            self.finished.append(event.result)
            self._running.pop(event.index, None)
            self._done += 1
            if event.result.status is Status.FAILURE:
                message = event.result.message
                # a reader's message names the file already; a worker's or a timeout's does not
                self.write(f"mmsum: {message}" if str(event.result.path) in message
                           else f"mmsum: {event.result.path}: {message}")
            else:  # what the summary did other than asked (the models' substitutions are said once)
                for r in event.result.reasons:
                    if r.stage == "summary" and r.kind in ("warning", "note") and r.message not in self._model_warnings:
                        self.write(f"mmsum: {event.result.path}: {r.message}")
        elif isinstance(event, WorkerLost):
            again = "" if event.index is None else " (its document is started again or marked failed)"
            self.write(f"mmsum: {event.reason}{again}")
        elif isinstance(event, BatchFinished):
            self.close()
            return
        self._refresh()

    def _refresh(self) -> None:
        if self._bar is None:
            return
        self._bar.n = round(self._done + sum(f for _, _, f in self._running.values()), 2)
        if len(self._running) == 1:
            name, stage, _ = next(iter(self._running.values()))
            text = f"{name}: {stage}"
        else:
            text = f"{len(self._running)} running"
        self._bar.set_description_str(text[:50], refresh=False)
        self._bar.refresh()

    def write(self, line: str) -> None:
        if self._bar is not None:
            self._bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def print_table(results, out=None) -> None:
    """Each document's status, time and outputs (or the reason it failed) on ``out`` (stdout)."""
    out = out or sys.stdout  # looked up now: stdout may have been replaced since import
    if not results:
        return
    width = max([len(r.path.name) for r in results] + [8])
    print(f"{'document':{width}}  {'status':9} {'seconds':>7}  result", file=out)
    for r in results:
        detail = ", ".join(str(p) for p in r.outputs) if r.outputs else ""
        if r.message:
            detail = f"{detail} ({r.message})" if detail else r.message
        print(f"{r.path.name:{width}}  {r.status.value:9} {r.seconds:7.1f}  {detail}", file=out)


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
    """Open each input once (cheap) and return path -> failed result for those that cannot be
    read, each reported on one line: before any model loads, so that a missing or locked
    file is reported at once."""
    from ..batch.result import DocumentResult, Reason
    from ..document import Status
    from ..errors import DocumentError
    from ..ingest.open import check_document
    from ..stages import Stage

    refused = {}
    for p in paths:
        try:
            check_document(p, password)
        except DocumentError as err:
            message = str(err)
            reason = message[len(f"{p}: "):] if message.startswith(f"{p}: ") else message
            print(f"mmsum: {p}: {reason}", file=sys.stderr)
            refused[p] = DocumentResult(p, Status.FAILURE, reasons=[Reason(Stage.INPUT, reason)])
    return refused


class _Interrupt:
    """Ctrl+C once: finish the documents in progress and stop; twice: stop at once."""

    def __init__(self, progress: Progress) -> None:
        self.requested = False
        self._progress = progress
        self._old = None

    def __enter__(self) -> "_Interrupt":
        try:
            self._old = signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread: leave Ctrl+C as it is
            self._old = None
        return self

    def _handle(self, signum, frame) -> None:  # noqa: ARG002 - signal handler
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        self._progress.write("mmsum: stopping after the documents in progress (Ctrl+C again to stop at once)")

    def __call__(self) -> bool:
        return self.requested

    def __exit__(self, *exc) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)


def _engine(args: argparse.Namespace):
    from ..batch import LocalEngine, make_ray_engine

    if args.engine == "ray":
        return make_ray_engine(address=args.address, workers=args.workers)
    return LocalEngine(args.workers)


def _check(args: argparse.Namespace) -> None:
    if args.workers is not None and args.workers < 1:
        raise MmsumError("--workers must be at least 1")
    if args.timeout is not None and args.timeout <= 0:
        raise MmsumError("--timeout must be more than 0 seconds")
    if args.retries < 0:
        raise MmsumError("--retries must be 0 or more")
    if args.address is not None and args.engine != "ray":
        raise MmsumError("--address is for --engine ray")
    if args.engine == "ray" and args.out_dir is None:
        raise MmsumError("--engine ray needs --out-dir: a folder that every node of the cluster can write")


def check_outputs(out_dir: Path | None, documents: list[Path]) -> None:
    """OutputError (one line) unless ``out_dir``, or without one the folder of each document,
    can be created and written: before any model loads or any worker starts."""
    from ..errors import OutputError
    from ..writable import check_output_dir, problem

    if out_dir is not None:
        check_output_dir(out_dir, "--out-dir")
        return
    for folder in dict.fromkeys(p.resolve().parent for p in documents):
        why = problem(folder)
        if why is not None:
            raise OutputError(f"cannot write the summaries beside the documents in {folder}: {why}; "
                              "give --out-dir FOLDER")


def run(args: argparse.Namespace) -> int:
    """Summarize every document named (folders expanded). Exit status 0 when every document
    has its outputs, 1 when some failed (the others are written), 130 when interrupted."""
    from ..batch import BatchSettings, collect_documents, run_batch
    from ..options import SummaryOptions, resolve_options
    from .channel_args import channel_settings
    from .model_args import model_options

    formats = parse_formats(args.format)
    channels, weights = channel_settings(args)
    models = model_options(args)
    options = resolve_options(SummaryOptions(words=args.words, sentences=args.sentences, figures=args.figures,
                                             tables=args.tables,
                                             query=args.query, generate=args.generate, strict=args.strict,
                                             show_flagged=args.show_flagged and not args.strict,
                                             max_new_tokens=args.max_new_tokens, structure=args.structure,
                                             ranker=args.ranker, channels=channels, channel_weights=weights),
                              models)
    from ..rank.learned import check_ranker

    check_ranker(options.ranker)  # a weights file that cannot be read is said before any model loads
    _check(args)
    skipped: list[Path] = []
    sources = collect_documents(args.documents, recursive=args.recursive, out_dir=args.out_dir, skipped=skipped)
    _say_skipped(skipped)
    if not sources:
        raise MmsumError("no documents found in " + ", ".join(str(p) for p in args.documents))
    settings = BatchSettings(models=models, options=options, formats=tuple(formats),
                             password=args.password, use_cache=not args.no_cache, timeout_s=args.timeout,
                             max_attempts=1 + args.retries)
    check_outputs(args.out_dir, [s.path for s in sources])
    refused = _check_inputs([s.path for s in sources], args.password)
    if len(refused) == len(sources):
        if not args.quiet:
            print_table(list(refused.values()))
        return 1
    sources = [s for s in sources if s.path not in refused]
    from .prepare import prepare_first

    prepare_first(models)  # once, before any worker loads the models
    progress = Progress(enabled=not args.quiet and sys.stderr.isatty(),
                        lines=not args.quiet and not sys.stderr.isatty())
    engine = _engine(args)
    try:
        with _Interrupt(progress) as interrupt:
            report = run_batch(sources, settings, out_dir=args.out_dir, engine=engine, on_event=progress,
                               cancel=interrupt, resume=args.resume)
    except (KeyboardInterrupt, MmsumError):
        progress.close()
        if not args.quiet and progress.finished:  # what finished is written: say so
            print_table(progress.finished)
        raise
    finally:
        progress.close()
        if hasattr(engine, "shutdown"):
            engine.shutdown()
    ready = report.workers[0] if report.workers else None
    for warning in ready.warnings if ready is not None else ():
        print(f"mmsum: {warning}", file=sys.stderr)
    if not args.quiet:
        print_table([*refused.values(), *(r for r in report.results if not r.reused)])
        if report.reused:
            print(f"{report.reused} of {len(report.results)} documents were already summarized in {args.out_dir} "
                  "with these settings and were skipped (--no-resume redoes them)")
        if ready is not None:
            models = dict(ready.models)
            served = [r.models.get("text") for r in report.results if not r.reused and r.models.get("text")]
            if served:  # the text encoder of each document's language, as each summary records it
                models["text"] = ", ".join(f"{name} ({served.count(name)} document{'s' if served.count(name) > 1 else ''})"
                                           if len(set(served)) > 1 else name for name in dict.fromkeys(served))
            used = ", ".join(f"{role} {name}" + (f" ({models['generator_backend']})" if role == "generator"
                                                 and models.get("generator_backend") else "")
                             for role, name in models.items() if name and role != "generator_backend")
            workers = len({w.worker for w in report.workers})
            print(f"models: {used}; device: {ready.device}; engine: {engine.name}, "
                  f"{workers} worker{'s' if workers != 1 else ''}")
    if report.cancelled:
        return 130
    return 0 if report.ok and not refused else 1
