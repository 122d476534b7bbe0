"""The app's state without Qt: the open documents, the one shown, its summary, the summary being
made, and the options of the last Summarize. Panels subscribe to its events and follow them.

In the spirit of napari's evented models: a change goes through the model, which emits an
event; each panel connected to it updates itself. The window only connects them, so a
document switch resets every panel by one event, not widget by widget. Nothing here imports
Qt, so the rules are tested without a display (``tests/test_session.py``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

log = logging.getLogger(__name__)


class Event:
    """Callbacks to call with an event's arguments, in the order they connected. A callback
    that raises is logged and the others still run (one broken panel must not stop the rest)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._callbacks: list[Callable[..., Any]] = []

    def connect(self, callback: Callable[..., Any]) -> Callable[..., Any]:
        """Call ``callback`` on each emit (once, however often connected); returns it."""
        if callback not in self._callbacks:
            self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callable[..., Any]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, *args: Any) -> None:
        for callback in list(self._callbacks):
            try:
                callback(*args)
            except Exception:
                log.exception("a subscriber of %s failed", self.name)


class SessionEvents:
    """The session's events and their arguments:

    - ``added(doc)``: a document was opened; ``removed(doc, row)``: closed (its former row)
    - ``current(doc | None)``: another document is shown (None: none is)
    - ``summary(doc)``: ``doc.result`` changed (a summary was made for it)
    - ``job(doc, running)``: a summary of ``doc`` started (True) or ended (False)
    - ``outcome(doc)``: the line after ``doc``'s last summary changed
    - ``options(options)``: the summary options changed (the controls or Settings changed, or
      a Summarize took them)
    """

    def __init__(self) -> None:
        for name in ("added", "removed", "current", "summary", "job", "outcome", "options"):
            setattr(self, name, Event(name))


@dataclass(eq=False)
class OpenDocument:
    """A document open in the window: its file, password, page count once shown, its summary
    once made (``result``, a :class:`ui.engine.SummaryResult`) and the line said after its
    last summary (``outcome``, "Done in 2.1 s.")."""

    path: Path
    password: str | None = None
    pages: int = 0
    result: Any = None
    outcome: str = ""


class Session:
    """Open documents (in the order opened), the current one, the running summary job (one at
    a time) and the summary options as the controls and Settings give them. Every change is
    made by a method, which emits its event."""

    def __init__(self) -> None:
        self.events = SessionEvents()
        self.documents: list[OpenDocument] = []
        self.current: OpenDocument | None = None
        self.job_doc: OpenDocument | None = None  # the document whose summary is being made
        self.job: Any = None  # that job's cancel token
        self.options: Any = None

    # -- documents ------------------------------------------------------------------------------
    def find(self, path: Path | str) -> OpenDocument | None:
        """The open document of ``path`` (resolved), or None."""
        target = Path(path).resolve()
        return next((d for d in self.documents if d.path == target), None)

    def open(self, path: Path | str, password: str | None = None) -> OpenDocument:
        """The open document of ``path``, opened now (``added``) if it was not."""
        doc = self.find(path)
        if doc is None:
            doc = OpenDocument(Path(path).resolve(), password)
            self.documents.append(doc)
            self.events.added.emit(doc)
        return doc

    def close(self, doc: OpenDocument) -> None:
        """Forget ``doc`` (``removed``); if it was shown, the document that takes its place in
        the list is shown (the next, else the one before), or none (``current``)."""
        if doc not in self.documents:
            return
        row = self.documents.index(doc)
        self.documents.remove(doc)
        was_current = doc is self.current
        if was_current:
            self.current = None
        self.events.removed.emit(doc, row)
        if was_current:
            self.show(self.documents[min(row, len(self.documents) - 1)] if self.documents else None)

    def show(self, doc: OpenDocument | None) -> None:
        """Make ``doc`` the current document (``current``; emitted even if it already was, so
        the panels show it afresh)."""
        if doc is not None and doc not in self.documents:
            raise ValueError(f"{doc.path.name} is not open")
        self.current = doc
        self.events.current.emit(doc)

    # -- summaries ------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """Whether a summary is being made."""
        return self.job_doc is not None

    def start_job(self, doc: OpenDocument, token: Any, options: Any) -> None:
        """A summary of ``doc`` starts with ``options`` (``options``, then ``job(doc, True)``)."""
        if self.job_doc is not None:
            raise RuntimeError("a summary is already being made")
        self.job, self.job_doc = token, doc
        self.set_options(options)
        self.events.job.emit(doc, True)

    def end_job(self, doc: OpenDocument, outcome: str, result: Any = None) -> None:
        """The summary of ``doc`` ended: with ``result`` (``summary(doc)``) or without (failed,
        cancelled); ``outcome`` is the line to show after it (``outcome(doc)``). Then
        ``job(doc, False)``."""
        if self.job_doc is doc:
            self.job, self.job_doc = None, None
        if result is not None:
            doc.result = result
            self.events.summary.emit(doc)
        doc.outcome = outcome
        self.events.outcome.emit(doc)
        self.events.job.emit(doc, False)

    def cancel_job(self) -> bool:
        """Ask the running summary to stop; whether there was one."""
        if self.job is None:
            return False
        self.job.cancel()
        return True

    def set_options(self, options: Any) -> None:
        self.options = options
        self.events.options.emit(options)

    def shown_outcome(self) -> str:
        """The line the controls show: the current document's last outcome, unless its
        summary is being made (the progress shows then)."""
        doc = self.current
        if doc is None or doc is self.job_doc:
            return ""
        return doc.outcome
