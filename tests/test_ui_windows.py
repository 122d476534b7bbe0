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
    from mmsum.options import SummaryOptions
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
    written = json.loads((out / "paper.json").read_text())
    assert written["channel_weights"] == SummaryOptions(channel_weights=weights).figure_weights()
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
