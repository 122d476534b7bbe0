"""``mmsum prepare``: the encoders' one-time preparation, with progress and an estimate; and
the one line the other commands say when they must do it first (:func:`prepare_first`)."""
from __future__ import annotations

import argparse
import sys

from ..options import ModelOptions


def add_prepare_parser(sub) -> None:
    """The ``prepare`` subcommand."""
    from .model_args import add_model_args

    p = sub.add_parser("prepare", help="prepare the models once (run after installing; summaries and "
                                       "searches otherwise do it on their first run)")
    add_model_args(p)


def _pending(models: ModelOptions) -> list:
    from ..embed.preparation import pending

    return pending(models.text_model, models.image_model, device=models.device, backend=models.backend,
                   offline=models.offline)


def prepare_first(models: ModelOptions) -> None:
    """Before a command loads the encoders: do what they still need prepared, saying so on
    stderr in one line each (also with ``--quiet``: it is no progress bar but the reason for
    a wait of seconds, once). A preparation that fails is left to the loading, which says
    why and runs the model on PyTorch."""
    from ..embed.preparation import prepare
    from ..errors import ModelError

    steps = _pending(models)
    if not steps:
        return

    def say(step, took: float | None) -> None:
        if took is None:
            print(f"mmsum: {step.announcement()}", file=sys.stderr, flush=True)

    try:
        prepare(steps, on_step=say)
    except ModelError as err:
        print(f"mmsum: {err}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Prepare every encoder the options choose; say each one's time. 0 when all are ready."""
    from ..embed.onnx_export import models_cache
    from ..embed.preparation import prepare
    from .model_args import model_options

    models = model_options(args)
    steps = _pending(models)
    if not steps:
        print(f"The models are ready (nothing to prepare; {models_cache()}).")
        return 0
    live = sys.stderr.isatty()

    def show(fraction: float, message: str) -> None:
        if live and message != "models ready":
            print(f"\r{message}", end="", file=sys.stderr, flush=True)

    def said(step, took: float | None) -> None:
        if took is None:
            print(step.announcement(), end="", file=sys.stderr, flush=True)
        else:
            start = f"\r{step.announcement()}" if live else ""
            print(f"{start} done in {took:.1f} s ({step.model})", file=sys.stderr, flush=True)

    prepare(steps, progress=show, on_step=said)  # a ModelError is one line and exit status 2
    print(f"The models are ready in {models_cache()}.")
    return 0
