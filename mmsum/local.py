"""Keeping every run local: libraries mmsum loads send nothing and write nothing elsewhere.

Some of them act on import: onnxruntime starts a telemetry client that resolves its vendor's
events host and keeps a database and a device id under ``~/.cache/Microsoft/``; torch makes a
compiler cache folder in the shared temporary folder. Both read their settings from the
environment once, when first imported, so :func:`keep_local` runs when the ``mmsum`` package
is imported, before any of them can load. A download happens only when the user allows one
(``--allow-download``); that choice is made per model elsewhere, not here.
"""
from __future__ import annotations

import os

from .paths import cache_home


def keep_local() -> None:
    """Set the environment so that libraries loaded later make no connection of their own."""
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"
    # the hub's own usage pings, should the user allow a download
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    # a folder torch creates on import: in mmsum's cache rather than the shared temporary folder
    os.environ.setdefault("TORCHINDUCTOR_CACHE_DIR", str(cache_home() / "torch"))
