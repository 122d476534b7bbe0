"""Where the default library lives: ``library.sqlite`` in the user's data folder for mmsum
(``$MMSUM_DATA_DIR`` when set)."""
from __future__ import annotations

import os
from pathlib import Path

LIBRARY_NAME = "library.sqlite"


def data_home() -> Path:
    """mmsum's data folder: $MMSUM_DATA_DIR, else the platform's (platformdirs)."""
    if os.environ.get("MMSUM_DATA_DIR"):
        return Path(os.environ["MMSUM_DATA_DIR"]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("mmsum", appauthor=False))


def default_library() -> Path:
    """The library used when none is named."""
    return data_home() / LIBRARY_NAME
