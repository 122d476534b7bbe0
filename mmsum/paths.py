"""mmsum's own folders on this machine (nothing here imports more than the standard library)."""
from __future__ import annotations

import os
from pathlib import Path


def cache_home() -> Path:
    """mmsum's cache folder: $MMSUM_CACHE_DIR, else the platform's user cache dir + /mmsum."""
    if os.environ.get("MMSUM_CACHE_DIR"):
        return Path(os.environ["MMSUM_CACHE_DIR"]).expanduser()
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "mmsum" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mmsum"
