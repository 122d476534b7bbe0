"""The command-line arguments that choose the figure channels and their weights, shared by
``mmsum summarize`` and ``mmsum search``."""
from __future__ import annotations

import argparse

from ..embed.channels import CHANNELS, DEFAULT_WEIGHTS, format_weights, parse_channels, parse_weights
from ..options import FIGURE_OCR


def add_channel_args(p: argparse.ArgumentParser, *, what: str = "represent a figure",
                     default: tuple[str, ...] = CHANNELS) -> None:
    """Add ``--channels``, ``--channel-weights`` and ``--figure-ocr``."""
    g = p.add_argument_group("figure channels")
    g.add_argument("--channels", metavar="LIST",
                   help=f"comma-separated figure channels that {what}: {','.join(CHANNELS)} (default: "
                        f"{'all' if tuple(default) == CHANNELS else ','.join(default)})")
    g.add_argument("--channel-weights", metavar="NAME=W,...",
                   help=f"weight of each channel in the fused figure vector (default: "
                        f"{format_weights(DEFAULT_WEIGHTS).replace(' ', '')}); a channel not named keeps "
                        "its default")
    g.add_argument("--figure-ocr", choices=list(FIGURE_OCR), default="auto",
                   help="read the text inside figures without a text layer (pictures, plots with outlined "
                        "labels) by OCR for the figure-text channel: auto = when searching, not for "
                        "summaries (about 1-4 s per such figure on a CPU); on; off. "
                        "Vector figures' own text is always read")


def channel_settings(args: argparse.Namespace) -> tuple[list[str] | None, dict[str, float] | None]:
    """(channels, weights) from parsed arguments, checked; None for what was not given."""
    channels = parse_channels(args.channels) if getattr(args, "channels", None) else None
    weights = parse_weights(args.channel_weights) if getattr(args, "channel_weights", None) else None
    return channels, weights
