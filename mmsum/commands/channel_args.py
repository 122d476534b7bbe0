"""The command-line arguments that choose the figure channels and their weights, shared by
``mmsum summarize`` and ``mmsum search``."""
from __future__ import annotations

import argparse

from ..embed.channels import CHANNELS, DEFAULT_WEIGHTS, format_weights, parse_channels, parse_weights


def add_channel_args(p: argparse.ArgumentParser, *, what: str = "represent a figure") -> None:
    """Add ``--channels``, ``--channel-weights`` and ``--no-figure-ocr``."""
    g = p.add_argument_group("figure channels")
    g.add_argument("--channels", metavar="LIST",
                   help=f"comma-separated figure channels that {what}: {','.join(CHANNELS)} (default: all)")
    g.add_argument("--channel-weights", metavar="NAME=W,...",
                   help=f"weight of each channel in the fused figure vector (default: "
                        f"{format_weights(DEFAULT_WEIGHTS).replace(' ', '')}); a channel not named keeps "
                        "its default")
    g.add_argument("--no-figure-ocr", action="store_true",
                   help="do not read the text inside raster figures by OCR (the figure-text channel then "
                        "holds only vector text)")


def channel_settings(args: argparse.Namespace) -> tuple[list[str] | None, dict[str, float] | None]:
    """(channels, weights) from parsed arguments, checked; None for what was not given."""
    channels = parse_channels(args.channels) if getattr(args, "channels", None) else None
    weights = parse_weights(args.channel_weights) if getattr(args, "channel_weights", None) else None
    return channels, weights
