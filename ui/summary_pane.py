"""The summary pane: the summary's sentences, each a link to its place in the document."""
from __future__ import annotations

import html
import re

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QTextBrowser, QWidget

from mmsum.summary import CitedNumber, Summary

from . import theme

_CSS = """
body { font-size: 10.5pt; color: $text; }
p { line-height: 150%; margin: 0 0 10px 0; }
a.s { color: $text; text-decoration: none; }
a.active { color: $activeText; background-color: $activeBg; text-decoration: none; }
a.pg { color: $link; font-size: 8pt; text-decoration: none; }
h3 { font-size: 11pt; color: $heading; margin: 14px 0 6px 0; }
.meta { color: $hint2; font-size: 9pt; }
.warn { color: $warnText; font-size: 9pt; }
.gen { color: $text; }
.num { text-decoration: underline; }
.empty { color: $hint; }
"""

# a page cited in generated text: "p. 6", "pp. 3-4", "page 2" (1-based)
_CITED_PAGE = re.compile(r"\b(p\.|pp\.|pages?)\s?(\d{1,5})")


def _number_at(text: str, cited: CitedNumber) -> tuple[int, int] | None:
    """Where in ``text`` the cited number stands: in its sentence where the text holds it,
    else its first place (as a number of its own, not part of a longer one)."""
    base = max(text.find(cited.sentence), 0) if cited.sentence else 0
    for start in (base, 0):
        m = re.compile(r"(?<![\w.])" + re.escape(cited.number) + r"(?![\w]|\.\d)").search(text, start)
        if m:
            return m.start(), m.end()
    return None


def markdown(summary: Summary) -> str:
    """The summary as Markdown, as the Markdown export writes it (without figure images)."""
    from mmsum.export.markdown import render_markdown

    return render_markdown(summary)


class SummaryPane(QTextBrowser):
    """Shows a :class:`~mmsum.summary.Summary`; clicking a sentence or its page reference
    emits ``sentenceActivated``.

    ``sentenceActivated(index)`` indexes ``summary.sentences``; ``pageActivated(page)``
    (0-based) is a page cited in a generated summary's text. While a generated summary is
    being written, :meth:`append_stream` shows the text as it arrives.
    """

    sentenceActivated = Signal(int)
    pageActivated = Signal(int)
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryPane")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDocumentMargin(14)
        self.anchorClicked.connect(self._on_anchor)
        self._summary: Summary | None = None
        self._active: int | None = None
        self._stream = ""
        self._placeholder = ""
        self._apply_colors()
        theme.appearance().changed.connect(self._refresh_colors)  # a method: dropped with the pane
        self.show_placeholder()

    @property
    def summary(self) -> Summary | None:
        return self._summary

    @property
    def active(self) -> int | None:
        """Index of the sentence last clicked, if any."""
        return self._active

    def _apply_colors(self) -> None:
        from string import Template

        self.document().setDefaultStyleSheet(Template(_CSS).substitute(theme.colors()))

    def _refresh_colors(self, _dark: bool = False) -> None:
        self._apply_colors()
        if self._summary is not None:
            self._render()
        elif self._stream:
            self.append_stream("")
        else:
            self.show_placeholder(self._placeholder)

    def show_placeholder(self, text: str = "Open a document and click <b>Summarize</b>.") -> None:
        self._summary, self._active, self._stream, self._placeholder = None, None, "", text
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

    # -- copying ------------------------------------------------------------------------------
    def markdown(self) -> str:
        """The shown summary as Markdown ("" when none is shown)."""
        return markdown(self._summary) if self._summary is not None else ""

    def copy_markdown(self) -> bool:
        """Put the summary on the clipboard as Markdown; False when there is none."""
        text = self.markdown()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.copied.emit(text)
        return bool(text)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt name
        menu = self.createStandardContextMenu(event.pos())
        menu.addSeparator()
        act = menu.addAction("Copy summary as Markdown", self.copy_markdown)
        act.setEnabled(self._summary is not None)
        menu.exec(event.globalPos())
        menu.deleteLater()

    # -- positions (used to click links in tests) ---------------------------------------------
    def anchor_position(self, index: int, href: str | None = None) -> int:
        """Character position inside sentence ``index``'s link (or the link ``href``)."""
        want = href or f"sent:{index}"
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                if frag.charFormat().anchorHref() == want:
                    return frag.position() + min(2, frag.length() - 1)
                it += 1
            block = block.next()
        raise KeyError(want)

    def page_ref_position(self, index: int) -> int:
        """Character position inside sentence ``index``'s page reference ("p. 4")."""
        return self.anchor_position(index, f"ref:{index}")

    # -- rendering ----------------------------------------------------------------------------
    def _sentence_link(self, i: int, text: str, page: int) -> str:
        cls = "active" if i == self._active else "s"
        return (f"<a class='{cls}' href='sent:{i}'>{html.escape(text)}</a>"
                f"&nbsp;<a class='pg' href='ref:{i}' title='Show on page {page + 1}'>p.{page + 1}</a>")

    def _generated_html(self, text: str, pages: int, cited: list[CitedNumber] = ()) -> str:
        """Generated text with the pages it cites made into links, and each number taken from a
        cited table or chart (``cited``) underlined dotted, where it comes from in its tooltip."""
        marks: list[tuple[int, int, str]] = []
        for m in _CITED_PAGE.finditer(text):
            page = int(m.group(2))
            if 1 <= page <= pages:
                marks.append((m.start(), m.end(), f"<a class='pg' style='font-size:10.5pt' href='page:{page - 1}'>"
                              f"{html.escape(m.group(0))}</a>"))
        for c in cited:
            at = _number_at(text, c)
            if at is not None and not any(a < at[1] and at[0] < b for a, b, _ in marks):
                tip = f"{c.label or 'Cited'} gives {c.value}" + (f" for {c.at}" if c.at else "")
                marks.append((*at, f"<span class='num' title='{html.escape(tip, quote=True)}'>"
                              f"{html.escape(c.number)}</span>"))
        out, pos = [], 0
        for start, end, piece in sorted(marks):
            out += [html.escape(text[pos:start]), piece]
            pos = end
        out.append(html.escape(text[pos:]))
        return "".join(out)

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
                parts.append(f"<p class='gen'>{self._generated_html(text, s.document.page_count, s.cited_numbers)}</p>")
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
        for w in s.notes:
            parts.append(f"<p class='warn'>⚠ {html.escape(w)}</p>")
        self.setHtml("".join(parts))

    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString()
        kind, _, value = text.partition(":")
        if kind in ("sent", "ref") and value.isdigit():
            index = int(value)
            self.set_active(index)
            self.sentenceActivated.emit(index)
        elif kind == "page" and value.isdigit():
            self.pageActivated.emit(int(value))
