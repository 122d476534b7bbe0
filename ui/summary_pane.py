"""The summary pane: the summary's sentences, each a link to its place in the document."""
from __future__ import annotations

import html

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from mmsum.summary import Summary

_CSS = """
body { font-size: 10.5pt; }
p { line-height: 150%; margin: 0 0 10px 0; }
a.s { color: #1d2a3a; text-decoration: none; }
a.active { color: #1d2a3a; background-color: #ffe6a3; text-decoration: none; }
.pg { color: #8a94a3; font-size: 8pt; }
h3 { font-size: 11pt; color: #3b4a5e; margin: 14px 0 6px 0; }
.meta { color: #6b7687; font-size: 9pt; }
.warn { color: #9a5b00; font-size: 9pt; }
.gen { color: #1d2a3a; }
.empty { color: #8a94a3; }
"""


class SummaryPane(QTextBrowser):
    """Shows a :class:`~mmsum.summary.Summary`; clicking a sentence emits ``sentenceActivated``.

    ``sentenceActivated(index)`` indexes ``summary.sentences``. While a generated summary is
    being written, :meth:`append_stream` shows the text as it arrives.
    """

    sentenceActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryPane")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(_CSS)
        self.document().setDocumentMargin(14)
        self.anchorClicked.connect(self._on_anchor)
        self._summary: Summary | None = None
        self._active: int | None = None
        self._stream = ""
        self.show_placeholder()

    @property
    def summary(self) -> Summary | None:
        return self._summary

    @property
    def active(self) -> int | None:
        """Index of the sentence last clicked, if any."""
        return self._active

    def show_placeholder(self, text: str = "Open a document and click <b>Summarize</b>.") -> None:
        self._summary, self._active, self._stream = None, None, ""
        self.setHtml(f"<p class='empty'>{text}</p>")

    def show_summary(self, summary: Summary) -> None:
        self._summary, self._active, self._stream = summary, None, ""
        self._render()

    def set_active(self, index: int | None) -> None:
        """Mark sentence ``index`` as the one shown in the viewer."""
        self._active = index
        bar = self.verticalScrollBar().value()
        self._render()
        self.verticalScrollBar().setValue(bar)  # re-rendering must not jump the text

    def begin_stream(self) -> None:
        self._summary, self._active, self._stream = None, None, ""
        self.setHtml("<h3>Writing the summary…</h3><p class='gen'></p>")

    def append_stream(self, text: str) -> None:
        """Show generated text as it streams in."""
        self._stream += text
        self.setHtml("<h3>Writing the summary…</h3><p class='gen'>"
                     f"{html.escape(self._stream)}</p>")
        self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())

    def anchor_position(self, index: int) -> int:
        """Character position of sentence ``index`` in the text (used to click it in tests)."""
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                if frag.charFormat().anchorHref() == f"sent:{index}":
                    return frag.position() + min(2, frag.length() - 1)
                it += 1
            block = block.next()
        raise KeyError(index)

    def _sentence_link(self, i: int, text: str, page: int) -> str:
        cls = "active" if i == self._active else "s"
        return (f"<a class='{cls}' href='sent:{i}'>{html.escape(text)}</a>"
                f"<span class='pg'>&nbsp;p.{page + 1}</span>")

    def _render(self) -> None:
        s = self._summary
        if s is None:
            return
        words = len(s.text.split())
        title = html.escape(s.document.title or s.document.path.name)
        mode = "Generated" if s.mode == "generative" else "Extractive"
        parts = [f"<h3>{title}</h3>",
                 f"<p class='meta'>{mode} · {words} words · {len(s.sentences)} sentences · "
                 f"{s.document.page_count} pages</p>"]
        links = [self._sentence_link(i, ss.sentence.text, ss.sentence.page)
                 for i, ss in enumerate(s.sentences)]
        if s.mode == "generative":
            for name, text in ([(sec.name, " ".join(x.sentence.text for x in sec.sentences)) for sec in s.sections]
                               or [("", s.text)]):
                parts += [f"<h3>{html.escape(name)}</h3>"] if name else []
                parts.append(f"<p class='gen'>{html.escape(text)}</p>")
            if links:
                parts.append("<h3>Grounded on</h3>")
                parts += [f"<p>{link}</p>" for link in links]
        elif s.sections:  # a structured summary: its sentences under their sections' names
            position = {id(ss): i for i, ss in enumerate(s.sentences)}
            for sec in s.sections:
                parts.append(f"<h3>{html.escape(sec.name)}</h3>")
                parts.append("<p>" + " ".join(links[position[id(x)]] for x in sec.sentences if id(x) in position)
                             + "</p>")
        else:
            parts.append("<p>" + " ".join(links) + "</p>" if links
                         else "<p class='empty'>No sentences were selected.</p>")
        for flag in s.flagged:
            terms = ", ".join(html.escape(t) for t in flag.terms)
            parts.append(f"<p class='warn'>⚠ Not found in the source: {terms} — "
                         f"“{html.escape(flag.sentence)}”</p>")
        for w in list(s.document.warnings) + list(s.warnings):
            parts.append(f"<p class='warn'>⚠ {html.escape(w)}</p>")
        self.setHtml("".join(parts))

    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("sent:"):
            index = int(text[5:])
            self.set_active(index)
            self.sentenceActivated.emit(index)
