"""The options a summary is made with, in the window and in a batch alike.

The summary controls hold the length, the figures, the focus and the mode; Settings hold the
figure channels' weights. Both the main window's Summarize and the Batch window's Start build
their :class:`~mmsum.options.SummaryOptions` here, so a batch makes what Summarize makes.
"""
from __future__ import annotations

import dataclasses

from mmsum.embed.channels import DEFAULT_WEIGHTS
from mmsum.options import SummaryOptions

from .controls import SummaryControls
from .settings import AppSettings


def summary_options(controls: SummaryControls, settings: AppSettings) -> SummaryOptions:
    """The controls' options with the channel weights from ``settings``."""
    return dataclasses.replace(controls.options(), channel_weights=settings.channel_weights())


def describe(options: SummaryOptions) -> str:
    """One line for a person: "150 words, 4 figures, extractive, focus “…”" and the figure
    channels' weights where Settings changed them."""
    mode = "generated" if options.generate else "extractive"
    parts = [f"{options.words} words", f"{options.figures} figures", mode]
    if options.query:
        parts.append(f"focus “{options.query}”")
    weights = options.channel_weights or {}
    if weights and weights != DEFAULT_WEIGHTS:
        parts.append("figure channels " + ", ".join(f"{k} {v:g}" for k, v in weights.items()))
    return ", ".join(parts)
