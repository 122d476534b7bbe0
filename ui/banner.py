"""A message bar inside the window: errors and notices the user must see, never a crash."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget


MAX_LINES = 6  # messages listed at once; more are counted


class MessageBanner(QFrame):
    """Messages styled by ``kind`` (``error``, ``warning`` or ``info``).

    A message of the kind already shown is added below the others (until dismissed), so
    several problems at once are all seen; one of another kind replaces them. Links in a
    message emit ``linkActivated`` (e.g. "open the output folder").
    """

    linkActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._label = QLabel()
        self._label.setObjectName("bannerText")
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self._label.setOpenExternalLinks(False)
        self._label.linkActivated.connect(self.linkActivated)
        close = QToolButton()
        close.setObjectName("bannerClose")
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.dismiss)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(14, 8, 8, 8)
        lay.addWidget(self._label, 1)
        lay.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.kind = ""
        self.messages: list[str] = []
        self.hide()

    @property
    def text(self) -> str:
        return self._label.text()

    def show_message(self, text: str, kind: str = "error") -> None:
        """Show ``text`` (rich text allowed) until dismissed or replaced."""
        if not self.isHidden() and kind == self.kind:
            if text not in self.messages:
                self.messages.append(text)
        else:
            self.messages = [text]
        self.kind = kind
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        shown = self.messages[:MAX_LINES]
        more = len(self.messages) - len(shown)
        self._label.setText("<br>".join(shown) + (f"<br>… and {more} more" if more else ""))
        self.show()

    def dismiss(self) -> None:
        self.messages = []
        self.hide()

