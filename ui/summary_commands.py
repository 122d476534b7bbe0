"""The main window's work on the current document in the worker process: Summarize (and
Cancel), and the search by meaning of the Search tab; and going to what a summary names.

Mixed into :class:`~ui.main_window.MainWindow`. A summary's start and end go through the
session (:meth:`ui.session.Session.start_job`, :meth:`~ui.session.Session.end_job`), whose
events the controls, the summary pane, the strip and the document list follow.
"""
from __future__ import annotations

import dataclasses
import html
import logging
import time
import traceback

import shiboken6

from mmsum.errors import MmsumError
from mmsum.progress import Cancelled

from .session import OpenDocument
from .summary_options import summary_options
from .worker import CancelToken, ProgressRelay

log = logging.getLogger(__name__)

SEARCH_RESULTS = 20  # results listed by the search panel


class SummaryCommands:
    """Summarize, Cancel and the search by meaning of :class:`~ui.main_window.MainWindow`."""

    def summarize(self) -> None:
        """Summarize the current document with the controls' options (in the background)."""
        doc = self.session.current
        if doc is None:
            self.show_error("Open a document first (File ▸ Open, or drop a file on the window).",
                            "info")
            return
        if self.session.busy:
            return
        options = summary_options(self.controls, self.settings)  # the focus may be typed just now
        token, relay = CancelToken(), ProgressRelay(parent=self)
        relay.progressed.connect(self.controls.show_progress)
        relay.token.connect(self._on_stream)
        # the window says "busy" at once, before the work reaches the worker process
        self.banner.dismiss()
        if options.generate:
            self.summary_pane.begin_stream()
        self.session.start_job(doc, token, options)
        self._spawn(self._summarize(doc, self._library_ranked(doc, options), token, relay))

    def _library_ranked(self, doc: OpenDocument, options):
        """``options``, ranked by the library's own model where the document is in the library
        and that model beat the bundled ones (``mmsum library train``); the session keeps the
        options as asked."""
        from mmsum.library.ranker_model import ranker_for
        from mmsum.rankers import DEFAULT_RANKER

        spec = ranker_for(self.library_path(), doc.path) if options.ranker == DEFAULT_RANKER else None
        return dataclasses.replace(options, ranker=spec) if spec else options

    async def _summarize(self, doc: OpenDocument, options, token: CancelToken,
                         relay: ProgressRelay) -> None:
        started = time.perf_counter()
        try:
            result = await self.engine.summarize(
                doc.path, options, password=doc.password, progress=relay.report, cancel=token,
                on_token=relay.stream if options.generate else None)
        except Cancelled:
            self._end_job(doc, relay, "Cancelled.")
            self.summaryCancelled.emit()
        except MmsumError as err:
            self._end_job(doc, relay, "")
            self.show_error(f"{doc.path.name}: {err}")
            self.summaryFailed.emit(str(err))
        except Exception as err:  # a bug, not a user error: still a message, never a crash
            log.error("summary failed:\n%s", traceback.format_exc())
            self._end_job(doc, relay, "")
            self.show_error(f"{doc.path.name}: unexpected error: {err!r}")
            self.summaryFailed.emit(repr(err))
        else:
            relay.flush()
            # the generator loads on the first generated summary: name it now
            self._show_models(dict(result.summary.models), str(result.summary.device))
            self._end_job(doc, relay, f"Done in {time.perf_counter() - started:.1f} s.", result)
            notes = result.summary.notes
            if notes:
                self.show_error("<br>".join(html.escape(n) for n in notes), "warning")
            self.summaryFinished.emit(result.summary)

    def _end_job(self, doc: OpenDocument, relay: ProgressRelay, outcome: str, result=None) -> None:
        """Back to idle: the session says the job ended (and its result, if any)."""
        relay.close()
        if shiboken6.isValid(relay):  # a failure may already have ended this job's relay
            relay.deleteLater()
        self.session.end_job(doc, outcome, result)
        if outcome == "Cancelled." and not self.engine.loaded and not self._batch_running():
            # a Cancel that had to stop the worker process took its models: load them again
            # in the background, so the next Summarize starts at once
            self.warm_up()

    def cancel_summary(self) -> None:
        if self.session.cancel_job():
            self.controls.show_progress(self.controls.progress.value() / 1000, "Cancelling…")

    def _on_stream(self, text: str) -> None:
        if self.session.job_doc is self.session.current:
            self.summary_pane.append_stream(text)

    def _show_result(self, doc: OpenDocument | None) -> None:
        """The summary pane and the strip show ``doc``'s summary (or say there is none); left
        alone while its summary is being made (the pane shows the progress)."""
        if doc is not None and doc is self.session.job_doc:
            return
        if doc is None:
            self.summary_pane.show_placeholder()
            self.figure_strip.set_figures([], [])
        elif doc.result is None:
            self.summary_pane.show_placeholder("Click <b>Summarize</b> to summarize this document.")
            self.figure_strip.set_figures([], [])
        else:
            self.summary_pane.show_summary(doc.result.summary)
            self.figure_strip.set_figures(doc.result.summary.figures, doc.result.thumbs,
                                          "No figures or tables were found in this document.",
                                          doc.result.summary.tables, doc.result.table_thumbs)

    def _on_sentence(self, index: int) -> None:
        doc = self.session.current
        if doc is None or doc.result is None:
            return
        s = doc.result.summary.sentences[index].sentence
        self.viewer.show_box(s.page, s.bbox)

    def _on_figure(self, index: int) -> None:
        doc = self.session.current
        if doc is None or doc.result is None:
            return
        f = doc.result.summary.figures[index].figure
        self.viewer.show_box(f.page, f.bbox)

    # -- search by meaning --------------------------------------------------------------------
    def search_meaning(self, query: str, kind: str = "all") -> None:
        """Search the current document for ``query`` (sentences, figures and/or tables) in the
        worker process; the results go to the search panel."""
        doc = self.session.current
        if doc is None or not query.strip():
            return
        self._cancel_meaning_search()
        token, relay = CancelToken(), ProgressRelay(parent=self)
        relay.progressed.connect(self.search_panel.show_progress)
        self._meaning_job = token
        self.search_panel.set_busy(True)
        self.search_panel.show_progress(0.0, "searching")
        self._spawn(self._search_meaning(doc, query, kind, token, relay))

    async def _search_meaning(self, doc: OpenDocument, query: str, kind: str, token: CancelToken,
                              relay: ProgressRelay) -> None:
        try:
            answer = await self.engine.search(doc.path, [query], kind=kind, top=SEARCH_RESULTS,
                                              weights=self.settings.channel_weights(), password=doc.password,
                                              progress=relay.report, cancel=token)
        except Cancelled:
            if self._meaning_job is token or self._meaning_job is None:
                self.search_panel.show_message("Search stopped.")
        except MmsumError as err:
            if self._meaning_job is token:
                self.search_panel.show_message(f"Search failed: {err}")
        except Exception as err:  # a bug, not a user error: a message, never a crash
            log.error("search failed:\n%s", traceback.format_exc())
            if self._meaning_job is token:
                self.search_panel.show_message(f"Search failed: unexpected error: {err!r}")
        else:
            if self._meaning_job is token and doc is self.session.current:
                self._found_tables = answer.tables
                self.search_panel.show_answer(answer.answers[0]["results"], answer.thumbs)
                self.searchFinished.emit(answer.answers[0]["results"])
        finally:
            relay.close()
            relay.deleteLater()
            if self._meaning_job is token:
                self._meaning_job = None

    def _cancel_meaning_search(self, *_args) -> None:
        token, self._meaning_job = self._meaning_job, None
        if token is not None:
            token.cancel()
        self.search_panel.set_busy(False)
