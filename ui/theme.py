"""The app's look: light and dark colours, the style sheet ``ui/style.qss``, icons from
``ui/icons``, and following the system's colour scheme.

The appearance is ``system`` (follow the desktop: Qt's ``styleHints().colorScheme()``, and its
changes while the app runs), ``light`` or ``dark``. One palette of named colours per theme
fills the style sheet, the Fusion palette (dialogs, menus, scroll bars) and the icons.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from string import Template

from PySide6.QtCore import QByteArray, QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette, QPixmap

HERE = Path(__file__).resolve().parent
APPEARANCES = ("system", "light", "dark")

LIGHT = {
    "window": "#f6f7f9", "base": "#ffffff", "text": "#1d2a3a", "border": "#dfe3e8",
    "hover": "#eef2f7", "disabled": "#a9b2bd", "muted": "#5d6878", "faint": "#7b8594",
    "side": "#eef1f5", "selection": "#dbe6f3", "sideHover": "#e5eaf0", "canvas": "#e3e7ec",
    "inputBorder": "#c4ccd5", "accent": "#2f5d8a", "accentText": "#2f5d8a",
    "buttonBorder": "#cfd6de", "buttonHover": "#f0f3f7", "accentBorder": "#2a5480",
    "accentHover": "#366a9c", "accentDisabled": "#9fb3c8", "primaryDisabledText": "#ffffff",
    "danger": "#a33a2c", "dangerBorder": "#e3b9b2", "trough": "#e6eaef", "gold": "#e0a100",
    "hairline": "#eceff3", "sunken": "#f3f5f8", "hint": "#8a94a3", "hint2": "#6b7687",
    "caption": "#4a5565", "errorBg": "#fdecea", "errorBorder": "#e8c7c1",
    "warningBg": "#fff6e0", "warningBorder": "#f0dca8", "infoBg": "#e8f1fb", "infoBorder": "#c7d9ee",
    # the summary pane
    "heading": "#3b4a5e", "activeBg": "#ffe6a3", "activeText": "#1d2a3a", "warnText": "#9a5b00",
    "link": "#2f5d8a",
    # icons: the stroke colour they are drawn with, and the "done" green
    "icon": "#3b4a5e", "done": "#2e7d5b",
}

DARK = {
    "window": "#1e2227", "base": "#262b31", "text": "#dde3ea", "border": "#383f48",
    "hover": "#30363e", "disabled": "#6a737e", "muted": "#a4aebb", "faint": "#8c96a3",
    "side": "#1a1d22", "selection": "#2c4763", "sideHover": "#262c34", "canvas": "#121519",
    "inputBorder": "#4a535f", "accent": "#3d6fa3", "accentText": "#8fb8e6",
    "buttonBorder": "#454d58", "buttonHover": "#30363e", "accentBorder": "#4a7cb0",
    "accentHover": "#4a7fb5", "accentDisabled": "#34485e", "primaryDisabledText": "#8a98a8",
    "danger": "#f08a7a", "dangerBorder": "#7a3e36", "trough": "#353c45", "gold": "#e0a100",
    "hairline": "#30363e", "sunken": "#2d3239", "hint": "#8c96a3", "hint2": "#9aa4b0",
    "caption": "#b7c0cb", "errorBg": "#4a2623", "errorBorder": "#6e3a33",
    "warningBg": "#443a1d", "warningBorder": "#6b5a2a", "infoBg": "#1d3550", "infoBorder": "#2f4d70",
    "heading": "#c3ccd7", "activeBg": "#6b5516", "activeText": "#fff4d6", "warnText": "#e8b25c",
    "link": "#8fb8e6",
    "icon": "#c9d1db", "done": "#5cc08f",
}

_dark = False  # the theme in use; icons are drawn for it


def colors(dark: bool | None = None) -> dict[str, str]:
    """The named colours of the dark or light theme (default: the one in use)."""
    return DARK if (_dark if dark is None else dark) else LIGHT


def is_dark() -> bool:
    """Whether the dark theme is in use."""
    return _dark


def system_prefers_dark() -> bool:
    """Whether the desktop asks for dark colours (False when it does not say, or before Qt 6.5)."""
    app = QGuiApplication.instance()
    hints = app.styleHints() if app is not None else None
    scheme = getattr(hints, "colorScheme", None)
    return bool(scheme is not None and scheme() == Qt.ColorScheme.Dark)


def stylesheet(dark: bool = False) -> str:
    """The application style sheet in the light or dark colours."""
    return Template((HERE / "style.qss").read_text(encoding="utf-8")).substitute(colors(dark))


def palette(dark: bool) -> QPalette:
    """The Fusion palette for the theme: what the style sheet does not reach (menus, dialogs,
    scroll bars, tooltips, text selection) follows it."""
    c = colors(dark)
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for r, name in ((role.Window, "window"), (role.WindowText, "text"), (role.Base, "base"),
                    (role.AlternateBase, "sunken"), (role.Text, "text"), (role.Button, "base"),
                    (role.ButtonText, "text"), (role.ToolTipBase, "base"), (role.ToolTipText, "text"),
                    (role.PlaceholderText, "hint"), (role.Highlight, "accent"), (role.Link, "link"),
                    (role.Mid, "border"), (role.Midlight, "hover"), (role.Dark, "border"),
                    (role.Light, "base"), (role.Shadow, "canvas")):
        p.setColor(r, QColor(c[name]))
    p.setColor(role.HighlightedText, QColor("#ffffff"))
    p.setColor(role.BrightText, QColor(c["danger"]))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor(c["disabled"]))
    return p


@lru_cache(maxsize=None)
def _icon(name: str, dark: bool) -> QIcon:
    path = HERE / "icons" / f"{name}.svg"
    if not path.is_file():
        return QIcon()
    if not dark:
        return QIcon(str(path))
    svg = path.read_text(encoding="utf-8")
    svg = svg.replace(LIGHT["icon"], DARK["icon"]).replace(LIGHT["done"], DARK["done"])
    out = QIcon()
    for size in (16, 24, 32, 48):  # drawn at each size, so they stay crisp
        pix = QPixmap()
        pix.loadFromData(QByteArray(svg.encode("utf-8")), "SVG")
        if not pix.isNull():
            out.addPixmap(pix.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                     Qt.TransformationMode.SmoothTransformation))
    return out if not out.isNull() else QIcon(str(path))


def icon(name: str) -> QIcon:
    """The icon ``ui/icons/<name>.svg`` in the current theme's colours (empty if missing)."""
    return _icon(name, _dark)


class Appearance(QObject):
    """Applies the chosen appearance to the application and keeps following the system.

    ``changed(dark)`` after the theme in use changed; widgets that draw their own colours
    (icons, the summary's HTML) refresh then.
    """

    changed = Signal(bool)

    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        self._app = app
        self.mode = "system"
        self.applied = False
        hints = app.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(lambda _scheme: self._follow())

    def set_mode(self, mode: str) -> None:
        """``system``, ``light`` or ``dark``; applied at once (if it changes anything)."""
        mode = mode if mode in APPEARANCES else "system"
        if mode != self.mode or not self.applied:
            self.mode = mode
            self.apply(force=True)

    def wants_dark(self) -> bool:
        return self.mode == "dark" or (self.mode == "system" and system_prefers_dark())

    def _follow(self) -> None:
        if self.mode == "system":
            self.apply()

    def apply(self, force: bool = False) -> None:
        global _dark
        dark = self.wants_dark()
        if dark == _dark and not force:
            return
        _dark, self.applied = dark, True
        self._app.setPalette(palette(dark))
        self._app.setStyleSheet(stylesheet(dark))
        self.changed.emit(dark)


_appearance: Appearance | None = None


def appearance() -> Appearance:
    """The application's one :class:`Appearance` (made on first use; needs a QApplication)."""
    global _appearance
    app = QGuiApplication.instance()
    if _appearance is None or _appearance.parent() is not app:
        _appearance = Appearance(app)
    return _appearance
