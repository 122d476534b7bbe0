"""The app's search panel and the channel weights in Settings, headless, on a built PDF."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("qasync")

from PySide6.QtCore import Qt  # noqa: E402

from mmsum.embed.channels import DEFAULT_WEIGHTS  # noqa: E402
from mmsum.options import ModelOptions  # noqa: E402
from tests import searchbuild as sb  # noqa: E402

pytestmark = pytest.mark.gui



def test_settings_dialog_shows_and_changes_the_channel_weights(qtbot, window, monkeypatch):
    from ui.settings_dialog import SettingsDialog

    dlg = SettingsDialog(ModelOptions(), weights=DEFAULT_WEIGHTS)
    qtbot.addWidget(dlg)
    assert dlg.weights() == DEFAULT_WEIGHTS

    def accept(d):
        d.channel_weight["pixels"].setValue(0.0)
        d.channel_weight["figure-text"].setValue(0.5)
        return True

    monkeypatch.setattr(SettingsDialog, "exec", accept)
    window.act_settings.trigger()
    assert window.settings.channel_weights() == {**DEFAULT_WEIGHTS, "pixels": 0.0, "figure-text": 0.5}


def test_search_panel_lists_results_and_a_click_shows_the_box(qtbot, window, tmp_path):
    path = tmp_path / "channels.pdf"
    truth = sb.channel_paper(path)
    w = window
    panel = w.search_panel
    assert not panel.field.isEnabled()
    with qtbot.waitSignal(w.documentShown, timeout=15000):
        w.open_files([path])
    assert panel.field.isEnabled()
    w.side_panel.setCurrentWidget(panel)
    panel.kind.setCurrentIndex(panel.kind.findData("figure"))
    panel.field.setText(truth.queries[1])
    with qtbot.waitSignal(w.searchFinished, timeout=240000) as done:
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    results = done.args[0]
    assert results and all(r["kind"] == "figure" for r in results)
    assert results[0]["label"] == truth.labels[1]
    assert panel.results.count() == len(results)
    assert not panel.results.item(0).icon().isNull()  # the figure's thumbnail
    w.viewer.go_to_page(0)
    item = panel.results.item(0)
    qtbot.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.results.visualItemRect(item).center())
    assert w.viewer.highlight == (results[0]["page"], tuple(results[0]["bbox"]))
    assert w.viewer.current_page == results[0]["page"]

    # sentences too, and the document stays embedded: a second query needs no reading
    panel.kind.setCurrentIndex(panel.kind.findData("all"))
    panel.field.setText(truth.queries[2])
    with qtbot.waitSignal(w.searchFinished, timeout=60000) as done:
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    kinds = {r["kind"] for r in done.args[0]}
    assert kinds == {"sentence", "figure"}
    shot = Path(__import__("os").environ.get("MMSUM_SCREENSHOT", str(tmp_path / "search.png")))
    w.grab().save(str(shot))
