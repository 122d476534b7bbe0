"""The reader's basics in the real window, headless: find, selection and copy, the context
menu, thumbnails and outline, About, appearance, the summary pane's copy and links, figure
view, the document list, and the broken things of first use (password retry, stale status,
several failures at once, a folder that cannot be opened, the worker dying while idle)."""
from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import pymupdf
import pytest

pytest.importorskip("PySide6")
pytest.importorskip("qasync")

from PySide6.QtCore import QPoint, QRect, QSize, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication  # noqa: E402

from mmsum.options import ModelOptions  # noqa: E402
from tests.qtflows import open_and_wait, summarize_and_wait  # noqa: E402

pytestmark = pytest.mark.gui


def click_link(qtbot, pane, position: int) -> None:
    cursor = pane.textCursor()
    cursor.setPosition(position)
    pos = pane.cursorRect(cursor).center() + QPoint(2, 0)
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=pos)


# -- find -------------------------------------------------------------------------------------
def test_find_counts_highlights_and_steps(qtbot, window, docs):
    w = window
    open_and_wait(qtbot, w, docs["report"])
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert w.find_bar.isVisible() and w.find_bar.edit.hasFocus()
    with qtbot.waitSignal(w.search.finished, timeout=30000):
        qtbot.keyClicks(w.find_bar.edit, "BATTERY")
    assert w.search.total == 2 and w.find_bar.count.text() == "1 of 2"
    assert w.viewer.current_match() == (1, 0) and w.viewer.current_page == 1
    page = w.viewer.page_widget(1)
    assert len(page.matches) == 1 and page.current_match == 0
    # the highlight is painted over the word, in the match colour
    qtbot.waitUntil(lambda: page.image is not None, timeout=10000)
    img = page.grab().toImage()
    r = page.to_widget(page.matches[0][0])
    c = img.pixelColor(round(r.center().x()), round(r.top() + 2))
    assert c.blue() < c.red() - 40, "the current match should be tinted orange"
    qtbot.keyClick(w, Qt.Key.Key_F3)
    assert w.find_bar.count.text() == "2 of 2" and w.viewer.current_match() == (4, 0)
    qtbot.keyClick(w, Qt.Key.Key_F3)
    assert w.find_bar.count.text() == "1 of 2"  # wraps round
    qtbot.keyClick(w, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert w.find_bar.count.text() == "2 of 2"
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert w.find_bar.count.text() == "1 of 2"
    # no match: said so, nothing highlighted
    w.find_bar.edit.setText("zeppelin")
    with qtbot.waitSignal(w.search.finished, timeout=30000):
        w.find_bar.searchRequested.emit("zeppelin")
    assert w.find_bar.count.text() == "No matches"
    assert not any(w.viewer.page_widget(i).matches for i in range(w.viewer.page_count))
    # Esc closes the bar (and does not reach the window's Cancel)
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Escape)
    assert not w.find_bar.isVisible() and w.search.query == ""


def test_find_runs_in_the_render_process(qtbot, window, docs, monkeypatch):
    from mmsum import pages

    called = []
    monkeypatch.setattr(pages, "find_in_words", lambda *a, **k: called.append(1) or [])
    w = window
    open_and_wait(qtbot, w, docs["report"])
    w.show_find()
    with qtbot.waitSignal(w.search.finished, timeout=30000):
        w.find_bar.searchRequested.emit("battery")
    # patched here, the search still found the hits: it ran in the other process
    assert called == [] and w.search.total == 2


# -- selection, copy, context menu ------------------------------------------------------------
def test_drag_selects_text_and_copies_it(qtbot, window, docs):
    w = window
    open_and_wait(qtbot, w, docs["report"])
    w.viewer.go_to_page(1)
    page = w.viewer.page_widget(1)
    s = page._scale
    start, end = QPoint(round(52 * s), round(106 * s)), QPoint(round(150 * s), round(125 * s))
    qtbot.mousePress(page, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(page, pos=end)
    qtbot.mouseRelease(page, Qt.MouseButton.LeftButton, pos=end)
    qtbot.waitUntil(lambda: w.viewer.has_selection(), timeout=10000)
    # from the word under the press to the word under the release; one line a text block
    text = "The battery lasted longer than expected.\nA second line of ordinary"
    assert w.viewer.selected_text() == text
    assert len(page.selection) == 2 and w.act_copy.isEnabled()  # painted line by line
    w.act_copy.trigger()
    assert QGuiApplication.clipboard().text() == text
    w.act_copy_ref.trigger()
    assert QGuiApplication.clipboard().text() == f"“{text}” (report.pdf, p. 2)"
    # a double-click takes one word
    qtbot.mouseDClick(page, Qt.MouseButton.LeftButton, pos=QPoint(round(80 * s), round(108 * s)))
    qtbot.waitUntil(lambda: w.viewer.selected_text() == "battery", timeout=5000)


def test_context_menu_and_the_library_hook(qtbot, window, docs):
    w = window
    open_and_wait(qtbot, w, docs["report"])
    menu = w.viewer.context_menu()
    names = {a.text(): a for a in menu.actions() if a.text()}
    assert {"Copy", "Copy with page reference", "Search the library for the selection"} <= set(names)
    assert not names["Copy"].isEnabled()
    w.viewer.select_range(4, (40, 95), 4, (400, 115))
    qtbot.waitUntil(lambda: "battery" in w.viewer.selected_text(), timeout=10000)
    menu = w.viewer.context_menu()
    names = {a.text(): a for a in menu.actions() if a.text()}
    assert names["Copy"].isEnabled() and names["Copy with page reference"].isEnabled()
    assert not names["Search the library for the selection"].isEnabled()  # no library yet
    names["Copy with page reference"].trigger()
    assert QGuiApplication.clipboard().text().endswith("(report.pdf, p. 5)")
    w.set_library_available(True)
    menu = w.viewer.context_menu()
    search = next(a for a in menu.actions() if a.text() == "Search the library for the selection")
    assert search.isEnabled() and w.act_search_library.isEnabled()
    with qtbot.waitSignal(w.librarySearchRequested, timeout=2000) as asked:
        search.trigger()
    assert "battery lasted longer" in asked.args[0]


# -- side panel -------------------------------------------------------------------------------
def test_thumbnails_draw_and_navigate(qtbot, window, docs):
    w = window
    thumbs = w.side_panel.thumbnails
    with qtbot.waitSignal(thumbs.thumbnailReady, timeout=30000):
        open_and_wait(qtbot, w, docs["long"])
    assert thumbs.count() == 24
    qtbot.waitUntil(lambda: {0, 1} <= thumbs.drawn, timeout=30000)
    assert max(thumbs.drawn) < 12  # only the rows in view are drawn, not all 24
    icon = thumbs.item(0).icon().pixmap(thumbs.iconSize()).toImage()
    inked = sum(1 for x in range(4, icon.width() - 4, 2) for y in range(4, icon.height() - 4, 2)
                if QColor(icon.pixel(x, y)).lightness() < 215)
    assert inked > 30, "a drawn thumbnail shows the page's text, a blank sheet does not"
    # scrolling the list draws the rows that come into view
    thumbs.scrollToItem(thumbs.item(20))
    qtbot.waitUntil(lambda: 20 in thumbs.drawn, timeout=30000)
    # a click goes to its page; paging in the viewer selects the row
    rect = thumbs.visualItemRect(thumbs.item(20))
    qtbot.mouseClick(thumbs.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.viewer.current_page == 20
    w.viewer.go_to_page(3)
    assert thumbs.currentRow() == 3


def test_outline_lists_the_contents_and_jumps(qtbot, window, docs):
    w = window
    open_and_wait(qtbot, w, docs["report"])
    outline = w.side_panel.outline
    assert outline.currentWidget() is outline.tree and outline.entry_count() == 4
    top = [outline.tree.topLevelItem(i).text(0) for i in range(outline.tree.topLevelItemCount())]
    assert top == ["Part one", "Part two"]
    child = outline.tree.topLevelItem(1).child(0)
    assert child.text(0) == "More batteries" and child.text(1) == "5"
    outline.tree.itemClicked.emit(child, 0)
    assert w.viewer.current_page == 4
    open_and_wait(qtbot, w, docs["long"])  # no outline: said so
    assert outline.currentWidget() is outline.empty


# -- about, shortcuts, appearance -------------------------------------------------------------
def test_about_names_version_models_and_licences(qtbot, window):
    import mmsum

    dlg = window.show_about()
    qtbot.addWidget(dlg)
    assert mmsum.__version__ in dlg.findChild(type(dlg.models), "aboutTitle").text()
    assert "Text encoder" in dlg.models.text() and "Generator" in dlg.models.text()
    assert dlg.licence_of("mmsum") == "MIT"
    assert dlg.licence_of("SmolLM2-135M-Instruct (generator)") == "Apache-2.0"
    assert "AGPL" in dlg.licence_of("PyMuPDF (MuPDF)")
    assert "LGPL" in dlg.licence_of("Qt for Python (PySide6)")
    from ui.about_dialog import BUNDLED_MODELS, LIBRARIES, REDISTRIBUTION

    assert dlg.licence_of("PP-OCR detection and recognition (OCR)") == "Apache-2.0"
    # every library installed says its licence; the terms of passing the app on are stated
    for name, dist in LIBRARIES:
        if "optional" not in name:
            assert dlg.licence_of(name) not in ("", "see the package"), name
    assert len(BUNDLED_MODELS) == 5
    shown = [label.text() for label in dlg.findChildren(type(dlg.models))]
    assert REDISTRIBUTION in shown and "under the AGPL-3.0's terms" in REDISTRIBUTION


def test_menus_show_their_shortcuts(window):
    w = window
    want = {"&Open…": "Ctrl+O", "&Find…": "Ctrl+F", "Find &Next": "F3", "Find Pre&vious": "Shift+F3",
            "&Copy": "Ctrl+C", "Copy with &Page Reference": "Ctrl+Shift+C",
            "Copy Summary as &Markdown": "Ctrl+Shift+M", "&Summarize": "Ctrl+Return",
            "&Export Markdown…": "Ctrl+E", "&About mmsum": "F1", "&Settings…": "Ctrl+,",
            "Side &Panel": "F9"}
    in_menus = {a.text(): a.shortcut().toString() for m in w.menus.values() for a in m.actions()}
    for text, keys in want.items():
        assert in_menus.get(text) == keys, text
    assert all(m.actions() for m in w.menus.values())


def test_dark_mode_forced_and_following_the_system(qtbot, window, qapp, monkeypatch):
    from ui import theme

    w = window
    assert not theme.is_dark()
    light_bg = qapp.palette().color(qapp.palette().ColorRole.Window).lightness()
    w.act_appearance["dark"].trigger()
    assert theme.is_dark() and w.settings.appearance() == "dark"
    assert qapp.palette().color(qapp.palette().ColorRole.Window).lightness() < 60 < light_bg
    assert theme.DARK["canvas"] in qapp.styleSheet()
    w.grab()  # paints in the dark colours without error
    w.act_appearance["light"].trigger()
    assert not theme.is_dark()
    hints = qapp.styleHints()
    if not hasattr(hints, "colorSchemeChanged"):
        pytest.skip("this Qt does not report the system's colour scheme")
    # the offscreen platform has no colour scheme of its own: the desktop's answer is stood in
    # for, and its change notice is the one Qt sends
    system = {"dark": True}
    monkeypatch.setattr(theme, "system_prefers_dark", lambda: system["dark"])
    with qtbot.waitSignal(theme.appearance().changed, timeout=5000):
        w.act_appearance["system"].trigger()
    assert theme.is_dark() and w.settings.appearance() == "system"
    system["dark"] = False
    with qtbot.waitSignal(theme.appearance().changed, timeout=5000):
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not theme.is_dark()


# -- summary pane, figures --------------------------------------------------------------------
def test_summary_copy_markdown_page_links_and_figure_view(qtbot, window, docs):
    from ui.figure_view import FigureView

    w = window
    open_and_wait(qtbot, w, docs["paper"])
    assert not w.act_copy_md.isEnabled()
    w.controls.figures.setValue(2)
    summary = summarize_and_wait(qtbot, w)
    assert w.act_copy_md.isEnabled() and w.copy_md_button.isEnabled()
    qtbot.mouseClick(w.copy_md_button, Qt.MouseButton.LeftButton)
    md = QGuiApplication.clipboard().text()
    first = summary.sentences[0].sentence
    assert md.startswith("# ") and "## Summary" in md and f"(p. {first.page + 1})" in md
    # the page reference after a sentence is a link to it
    k = len(summary.sentences) - 1
    target = summary.sentences[k].sentence
    w.viewer.go_to_page(0 if target.page else w.viewer.page_count - 1)
    click_link(qtbot, w.summary_pane, w.summary_pane.page_ref_position(k))
    qtbot.waitUntil(lambda: w.viewer.highlight == (target.page, target.bbox), timeout=3000)
    # a figure card opens a larger view with the whole caption
    card = w.figure_strip.cards[0]
    fig = summary.figures[0].figure
    qtbot.mouseClick(card.enlarge, Qt.MouseButton.LeftButton)
    view = next(d for d in w.findChildren(FigureView) if d.isVisible())
    assert view.image.pixmap() is not None and not view.image.pixmap().isNull()
    assert view.image.pixmap().width() > card.findChild(type(view.image), "figureThumb").pixmap().width()
    caption = " ".join(fig.caption.split())
    assert caption[len(fig.label):][:30].lstrip(" .:") in view.caption.text()
    assert view.caption.text().count(fig.label) == 1  # the label once, not again from the caption
    view.showInDocument.emit()
    assert w.viewer.highlight == (fig.page, fig.bbox)


# -- first use --------------------------------------------------------------------------------
def test_first_window_fits_the_screen(window):
    from ui.main_window import first_window_geometry

    for screen in (QRect(0, 0, 1440, 900), QRect(0, 0, 1366, 768), QRect(1920, 0, 2560, 1440)):
        g = first_window_geometry(screen)
        assert screen.contains(g) and g.height() <= screen.height() * 0.95
    assert first_window_geometry(QRect(0, 0, 2560, 1440)).size() == QSize(1440, 900)


def test_long_names_are_elided_in_the_middle(qtbot, window, docs):
    w = window
    w.open_files([docs["long_name"]])
    lst = w.doc_list
    lst.parentWidget().parentWidget().resize(180, 400)
    qtbot.waitUntil(lambda: lst.width() < 260, timeout=2000)
    shown = lst.shown_text(0)
    assert "…" in shown and shown.startswith("a-very") and shown.endswith("final.pdf")
    assert lst.item(0).toolTip() == str(docs["long_name"])
    assert lst.visualItemRect(lst.item(0)).right() <= lst.viewport().width()
    assert not lst.horizontalScrollBar().isVisible()


def test_a_new_document_shows_no_stale_status(qtbot, window, docs):
    w = window
    open_and_wait(qtbot, w, docs["report"])
    summarize_and_wait(qtbot, w)
    assert w.controls.stage.text().startswith("Done in")
    open_and_wait(qtbot, w, docs["long"])
    assert w.controls.stage.text() == "" and not w.controls.stage.isVisible()
    assert w.page_count_label.text() == " / 24"
    with qtbot.waitSignal(w.documentShown, timeout=30000):
        w.doc_list.setCurrentRow(0)  # back: its own outcome again
    assert w.controls.stage.text().startswith("Done in") and w.page_count_label.text() == " / 6"


def test_wrong_password_asks_again_saying_so(qtbot, window, docs, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    locked = tmp_path / "locked.pdf"
    with pymupdf.open(docs["report"]) as d:
        d.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="secret")
    answers, prompts = ["guess", "secret"], []
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, **k: (prompts.append(a[2]) or (answers.pop(0), True)))
    open_and_wait(qtbot, window, locked)
    assert len(prompts) == 2
    assert "encrypted" in prompts[0] and "not right" in prompts[1] and "locked.pdf" in prompts[1]
    assert window.viewer.page_count == 6
    # its thumbnails and find use the password too
    qtbot.waitUntil(lambda: 0 in window.side_panel.thumbnails.drawn, timeout=30000)


def test_every_failing_document_is_reported(qtbot, window, docs):
    w = window
    failed = []
    w.documentFailed.connect(lambda path, msg: failed.append(Path(path).name))
    w.open_files([docs["broken"], docs["empty"], docs["broken"].with_name("missing.pdf"), docs["report"]])
    qtbot.waitUntil(lambda: len(failed) == 2 and w.viewer.page_count == 6, timeout=30000)
    text = w.banner.text
    for name in ("broken.pdf", "empty.pdf", "missing.pdf"):
        assert name in text, name
    assert [d.path.name for d in w.session.documents] == ["report.pdf"]


def test_an_unopenable_folder_is_reported(qtbot, window, monkeypatch, tmp_path):
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    window.banner.linkActivated.emit(f"file://{tmp_path}")
    assert window.banner.isVisible() and "Could not open" in window.banner.text
    assert str(tmp_path) in window.banner.text


def test_the_open_dialog_lists_the_cores_formats(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from mmsum.formats import file_dialog_filter

    seen = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (seen.append(a[3]) or ([], "")))
    window.act_open.trigger()
    assert seen == [file_dialog_filter()]


# -- the worker process -----------------------------------------------------------------------
def _worker_pid(engine) -> int:
    return engine._worker.pid


def test_summarize_works_after_the_worker_died_while_idle(qtbot, window, docs):
    w = window
    open_and_wait(qtbot, w, docs["report"])
    summarize_and_wait(qtbot, w)
    os.kill(_worker_pid(w.engine), signal.SIGKILL)  # the OOM killer, or a user's kill
    qtbot.waitUntil(lambda: not w.engine._worker.healthy(), timeout=10000)
    failures = []
    w.summaryFailed.connect(failures.append)
    summary = summarize_and_wait(qtbot, w)
    assert summary.sentences and failures == []


def test_cancel_stops_a_job_that_ignores_it(qtbot, aio):
    from mmsum.batch.inputs import expand_inputs
    from mmsum.progress import Cancelled
    from ui.engine import WorkerProcess
    from ui.worker import CancelToken

    worker = WorkerProcess()
    token = CancelToken()
    outcome = {}

    async def go():
        await worker.call_plain(expand_inputs, [])  # the process is up
        try:
            # a long C call (a generator loading) never looks at the cancel flag
            await worker.call(_sleep_job, 120, cancel=token, kill_after_s=0.5)
        except Cancelled:
            outcome["cancelled"] = True
        outcome["after"] = await worker.call_plain(expand_inputs, [])

    task = asyncio.ensure_future(go())
    qtbot.wait(1500)
    token.cancel()
    try:
        qtbot.waitUntil(task.done, timeout=60000)  # not the 120 s the job would take
        task.result()
    finally:
        worker.shutdown()
    # stopped well before the job's own end, and the next call gets a fresh process
    assert "cancelled" in outcome and outcome["after"] == []


def _sleep_job(call, seconds: float) -> None:
    time.sleep(seconds)


def test_find_over_many_pages_matches_the_core_and_starts_at_the_reader(qtbot, window, docs):
    from mmsum.pages import PageSource

    w = window
    open_and_wait(qtbot, w, docs["long"])
    w.viewer.go_to_page(10)
    w.show_find()
    with qtbot.waitSignal(w.search.finished, timeout=60000):
        w.find_bar.searchRequested.emit("measured the current")  # searched 8 pages at a time
    with PageSource.open(docs["long"]) as src:
        truth = src.find("measured the current")
    assert w.search.total == len(truth) > 3
    pages_with_hits = sorted({h.page for h in truth})
    first_after = next(p for p in pages_with_hits if p >= 10)
    assert w.viewer.current_match() == (first_after, 0)  # from where the reader is, not page 1
    assert w.find_bar.count.text() == f"{pages_with_hits.index(first_after) + 1} of {len(truth)}"


def test_cancel_during_the_model_load_returns_at_once(qtbot, aio):
    from mmsum.options import SummaryOptions
    from mmsum.progress import Cancelled
    from ui.engine import Engine
    from ui.worker import CancelToken

    class SlowLoad:
        """A worker whose model load never ends (a test double for a long load)."""

        generation = 1

        def healthy(self) -> bool:
            return True

        async def call(self, fn, *args, **kwargs):
            await asyncio.Event().wait()

    engine = Engine(ModelOptions(device="cpu"), worker=SlowLoad())
    token, outcome = CancelToken(), {}

    async def go():
        try:
            await engine.summarize(Path("any.pdf"), SummaryOptions(), cancel=token)
        except Cancelled:
            outcome["cancelled"] = True

    task = asyncio.ensure_future(go())
    qtbot.wait(200)
    assert not task.done()
    token.cancel()
    qtbot.waitUntil(task.done, timeout=5000)
    task.result()
    assert outcome == {"cancelled": True}
    assert engine._loading is not None and not engine._loading.done()  # the load goes on
    engine._loading.cancel()


def test_a_render_process_that_dies_fails_its_request_in_a_line_and_is_replaced(qtbot, docs):
    from ui import render

    r = render.Renderer(lane=render.BACKGROUND)
    failures: list = []
    # what MuPDF crashing on a file looks like to the renderer
    r._call(os._exit, (3,), lambda _: None, lambda err: failures.append(render._document_error(err)))
    qtbot.waitUntil(lambda: bool(failures), timeout=60000)
    assert "the page renderer stopped unexpectedly" in str(failures[0]) and "\n" not in str(failures[0])
    with qtbot.waitSignal(r.opened, timeout=60000) as opened:
        r.open("token", str(docs["report"]))
    assert opened.args[0] == "token" and opened.args[1].sizes
