"""The app's windows as a user meets them: keys, menus, columns and status lines that keep
still, the Batch window's output folder and its summary options."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("qasync")

from PySide6.QtCore import Qt  # noqa: E402

from tests.qtflows import open_and_wait  # noqa: E402

pytestmark = pytest.mark.gui

LONG_STATUS = ("Embedding the figures of a-very-long-file-name-from-a-journal-download-"
               + "with-many-words-in-it-" * 6 + "final.pdf")


def test_a_long_status_moves_no_pane_and_keeps_the_zoom(qtbot, window, docs):
    w = window
    open_and_wait(qtbot, w, docs["paper"])
    qtbot.wait(300)  # the first fit-width pass
    sizes = {name: s.sizes() for name, s in w._splitters.items()}
    zoom, label = w.viewer.zoom, w.zoom_label.text()
    w.controls.set_busy(True)
    w.controls.show_progress(0.4, LONG_STATUS)
    qtbot.wait(300)
    assert {name: s.sizes() for name, s in w._splitters.items()} == sizes
    assert w.viewer.zoom == zoom and w.zoom_label.text() == label
    # the whole text stays readable: it is the label's text and its tooltip
    assert w.controls.stage.text() == LONG_STATUS and w.controls.stage.toolTip() == LONG_STATUS
    w.controls.set_busy(False)
    w.controls.show_outcome("Stopped: " + LONG_STATUS)
    qtbot.wait(300)
    assert {name: s.sizes() for name, s in w._splitters.items()} == sizes and w.viewer.zoom == zoom


def _fake_file_dialogs(monkeypatch) -> list[str]:
    """Record every file dialog asked for (and cancel it) instead of showing one."""
    from PySide6.QtWidgets import QFileDialog

    asked: list[str] = []
    for name in ("getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory"):
        def fake(*_a, _name=name, **_k):
            asked.append(_name)
            return "" if _name == "getExistingDirectory" else ("", "")
        monkeypatch.setattr(QFileDialog, name, staticmethod(fake))
    return asked


def _press_enter_in_every_field(qtbot, dialog) -> int:
    from PySide6.QtWidgets import QLineEdit

    fields = [e for e in dialog.findChildren(QLineEdit) if e.isVisible() and e.isEnabled()]
    for edit in fields:
        edit.setFocus()
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    return len(fields)


def test_enter_in_a_field_presses_no_button(qtbot, window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QPushButton

    from mmsum.options import ModelOptions
    from ui.settings_dialog import SettingsDialog

    asked = _fake_file_dialogs(monkeypatch)
    w = window
    library = w.open_library_window(tmp_path / "lib.sqlite")
    w.open_batch()
    for tool in (library, w._batch_dialog):
        qtbot.addWidget(tool)
        searched = []
        if tool is library:
            tool.search_edit.setText("energy")
            monkeypatch.setattr(tool, "search", searched.append)
        assert _press_enter_in_every_field(qtbot, tool) >= 1
        assert asked == [], f"Enter in {tool.windowTitle()} opened a file dialog"
        assert tool.isVisible()
        assert not any(b.isDefault() or b.autoDefault() for b in tool.findChildren(QPushButton))
        if tool is library:
            assert searched == ["energy"]  # Enter in the search box searches, and only that
    # a modal dialog with OK: Enter in a field is OK, never one of its Browse… buttons
    settings = SettingsDialog(ModelOptions())
    qtbot.addWidget(settings)
    settings.show()
    assert _press_enter_in_every_field(qtbot, settings) >= 3
    assert asked == []


# -- the Batch window -------------------------------------------------------------------------
def test_the_batch_window_offers_the_folder_beside_the_documents(qtbot, window, docs, tmp_path):
    from ui.batch_dialog import BatchDialog

    inputs = tmp_path / "papers"
    (inputs / "more").mkdir(parents=True)
    for name, where in (("paper", inputs), ("report", inputs / "more")):
        (where / f"{name}.pdf").write_bytes(docs[name].read_bytes())
    dlg = BatchDialog(window.engine, window.controls, window.settings)
    qtbot.addWidget(dlg)
    assert dlg.out_edit.text() == ""  # never the home folder
    dlg.add_paths([inputs / "more" / "report.pdf"])
    assert dlg.out_edit.text() == str(inputs / "more")  # where `mmsum summarize` writes
    dlg.add_paths([inputs / "paper.pdf"])
    assert dlg.out_edit.text() == str(inputs)  # beside all of them
    dlg.clear()
    assert dlg.out_edit.text() == ""
    # a folder the user chose stays, whatever is added
    dlg.set_output_dir(tmp_path / "summaries")
    dlg.add_paths([inputs / "paper.pdf"])
    assert dlg.out_edit.text() == str(tmp_path / "summaries")


def test_a_batch_honours_the_channel_weights_of_settings(qtbot, window, docs, tmp_path):
    import json

    from mmsum.batch import MANIFEST_NAME
    from ui.batch_dialog import BatchDialog
    from ui.summary_options import summary_options

    w = window
    weights = {"caption": 0.9, "mentions": 0.1, "figure-text": 0.3, "pixels": 0.0}
    w.settings.set_channel_weights(weights)
    w.open_batch()
    dlg = w._batch_dialog
    qtbot.addWidget(dlg)
    assert dlg.options() == summary_options(w.controls, w.settings)  # what Summarize makes
    assert dlg.options().channel_weights == weights
    assert "pixels 0" in dlg.options_label.text()
    out = tmp_path / "out"
    dlg.add_paths([docs["paper"]])
    dlg.set_output_dir(out)
    dlg.workers_spin.setValue(1)
    with qtbot.waitSignal(dlg.finished, timeout=300000) as done:
        dlg.start()
    assert [str(r.status.value) for r in done.args[0]] == ["success"]
    (record,) = [json.loads(line) for line in (out / MANIFEST_NAME).read_text().splitlines()]
    assert record["settings"]["options"]["channel_weights"] == weights
    # the summary's figures were ranked with them (figure-text is off in summaries by default)
    written = json.loads((out / "paper.json").read_text())
    assert written["channel_weights"] == {"caption": 0.9, "mentions": 0.1, "figure-text": 0.0, "pixels": 0.0}
    # the folder chosen is offered the next time
    again = BatchDialog(w.engine, w.controls, w.settings)
    qtbot.addWidget(again)
    assert again.out_edit.text() == str(out)


# -- menus ------------------------------------------------------------------------------------
def test_library_settings_and_batch_are_in_the_menu_bar(window):
    from PySide6.QtGui import QAction

    w = window
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Summary", "&Library", "&Help"]

    def texts(menu: str) -> list[str]:
        return [a.text() for a in w.menus[menu].actions() if not a.isSeparator()]

    assert texts("library")[:3] == ["&Show Library", "&Open Library…", "&Add Folder to Library…"]
    assert "Search the &Library for the Selection" in texts("library")
    assert "&Batch…" in texts("file") and "&Settings…" in texts("edit")
    assert "&Settings…" not in texts("file") and "&Open Library…" not in texts("file")
    # macOS moves these to the application menu; the shortcuts are kept
    assert w.act_settings.menuRole() == QAction.MenuRole.PreferencesRole
    assert w.act_quit.menuRole() == QAction.MenuRole.QuitRole
    assert w.act_about.menuRole() == QAction.MenuRole.AboutRole
    keys = {a.text(): a.shortcut().toString() for m in w.menus.values() for a in m.actions()}
    assert keys["&Settings…"] == "Ctrl+," and keys["&Batch…"] == "Ctrl+B" and keys["&Open Library…"] == "Ctrl+L"
    assert keys["Search the &Library for the Selection"] == "Ctrl+Shift+L"


def test_show_library_opens_the_library_window_on_the_last_library(qtbot, window, tmp_path):
    w = window
    w.settings.store.setValue("library/path", str(tmp_path / "lib.sqlite"))
    w.act_library_show.trigger()
    d = w._library_dialog
    qtbot.addWidget(d)
    assert d.isVisible() and d.library == tmp_path / "lib.sqlite"


# -- columns ----------------------------------------------------------------------------------
def _shown_whole(view, row: int, col: int) -> bool:
    """Whether the cell's text is drawn whole (wrapped if the view wraps), not cut or elided."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QStyle

    text = view.item(row, col).text()
    rect = view.visualRect(view.model().index(row, col))
    pad = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    flags = Qt.TextFlag.TextWordWrap if view.wordWrap() else 0
    need = view.fontMetrics().boundingRect(QRect(0, 0, rect.width() - pad, 100000), flags, text)
    return need.width() <= rect.width() - pad and need.height() <= rect.height()


def test_library_columns_show_titles_whole_or_elided_with_a_tooltip(qtbot, window, tmp_path, monkeypatch):
    import ui.library_dialog as library_dialog

    long_title = "A " + "very long title about conditional inference trees and their uses, " * 4
    papers = [("ctree: Conditional Inference Trees in R", "ok", "ctree.pdf"),
              (long_title, "partial", "a-rather-long-file-name-from-a-journal-download-final-version.pdf"),
              ("", "failed", "broken.pdf")]
    documents = [{"path": str(tmp_path / name), "status": status, "reason": "no text layer" if status == "failed" else "",
                  "title": title, "pages": 12, "summary": "", "missing": status == "partial"}
                 for title, status, name in papers]
    monkeypatch.setattr(library_dialog, "_list_documents", lambda _library: documents)
    d = window.open_library_window(tmp_path / "lib.sqlite")
    qtbot.addWidget(d)
    d.resize(1200, 720)  # the window's size on a 1366×768 screen
    qtbot.wait(100)
    table = d.table
    for row in range(3):
        for col in (0, 2):  # status and pages: sized to their text
            assert _shown_whole(table, row, col), table.item(row, col).text()
        for col in (1, 3):  # title and file: whole, or elided with the whole text as tooltip
            item = table.item(row, col)
            whole = (documents[row]["title"] or "broken.pdf") if col == 1 else documents[row]["path"]
            assert _shown_whole(table, row, col) or item.toolTip().startswith(whole), item.text()
    assert _shown_whole(table, 0, 1)  # "ctree: …" whole: the title column takes the spare room
    assert table.item(2, 1).text() == "broken.pdf" and "no text layer" in table.item(2, 0).toolTip()
    assert table.columnWidth(1) > max(table.columnWidth(c) for c in (0, 2, 3))


def test_about_shows_every_licence_whole(qtbot, window):
    dlg = window.show_about()
    qtbot.addWidget(dlg)
    qtbot.wait(100)
    table = dlg.licences
    for row in range(table.rowCount()):
        for col in range(3):
            assert _shown_whole(table, row, col), table.item(row, col).text()
    assert not table.horizontalScrollBar().isVisible()


def test_library_and_document_search_show_results_alike(qtbot, window, tmp_path):
    from PySide6.QtGui import QColor, QImage

    d = window.open_library_window(tmp_path / "lib.sqlite")
    qtbot.addWidget(d)
    assert type(d.results_list) is type(window.search_panel.results)
    crop = QImage(60, 40, QImage.Format.Format_RGB32)
    crop.fill(QColor("steelblue"))
    results = [{"kind": "figure", "document": "/p/ctree.pdf", "page": 3, "bbox": [0, 0, 1, 1], "score": 0.8312,
                "id": "fig-1", "label": "Figure 2", "caption": "Figure 2: A tree fitted to the data."},
               {"kind": "sentence", "document": "/p/ctree.pdf", "page": 0, "bbox": [0, 0, 1, 1], "score": 0.5,
                "text": "Conditional inference trees " * 20}]
    d.results_list.show_results(results, {("/p/ctree.pdf", "fig-1"): crop}, thumb_key=lambda r: (r["document"], r["id"]),
                                source=lambda r: "ctree: Conditional Inference Trees")
    fig, sentence = d.results_list.item(0), d.results_list.item(1)
    assert fig.text().startswith("ctree: Conditional Inference Trees · Figure 2 · p. 4 · score 0.83\n")
    assert fig.text().endswith("\nA tree fitted to the data.") and not fig.icon().isNull()
    assert sentence.text().startswith("ctree: Conditional Inference Trees · p. 1 · score 0.50\n")
    # a long sentence wraps to the list's width: no line runs off its right edge
    assert d.results_list.wordWrap() and d.results_list.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    rect = d.results_list.visualItemRect(sentence)
    assert rect.right() <= d.results_list.viewport().width() and rect.height() > 3 * d.results_list.fontMetrics().height()
    with qtbot.waitSignal(d.openLocation) as opened:
        d.results_list.itemActivated.emit(fig)
    assert opened.args == ["/p/ctree.pdf", 3, (0, 0, 1, 1)]
