"""The app's look: icons from ``ui/icons`` and the style sheet ``ui/style.qss``."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtGui import QIcon

HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    """The icon ``ui/icons/<name>.svg`` (an empty icon if it is missing)."""
    path = HERE / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


def stylesheet() -> str:
    """The application style sheet."""
    return (HERE / "style.qss").read_text(encoding="utf-8")
