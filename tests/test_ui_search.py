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


@pytest.mark.skipif(__import__("shutil").which("pdflatex") is None, reason="pdflatex is not installed")
def test_a_footnote_found_says_so_and_a_click_shows_its_box(qtbot, window, tmp_path):
    from tests.footnotebuild import NOTES, footnoted_paper

    paper = footnoted_paper(tmp_path / "notes.pdf", 2)
    w = window
    panel = w.search_panel
    with qtbot.waitSignal(w.documentShown, timeout=15000):
        w.open_files([paper.path])
    w.side_panel.setCurrentWidget(panel)
    panel.kind.setCurrentIndex(panel.kind.findData("sentence"))
    panel.field.setText("pump house")
    with qtbot.waitSignal(w.searchFinished, timeout=240000) as done:
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    top = done.args[0][0]
    assert top["kind"] == "footnote" and top["text"] == NOTES[1]
    item = panel.results.item(0)
    assert item.text().startswith(f"Footnote · p. {top['page'] + 1} · score")
    assert NOTES[1] in item.text()
    w.viewer.go_to_page(1 - top["page"])
    qtbot.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.results.visualItemRect(item).center())
    assert w.viewer.highlight == (top["page"], tuple(top["bbox"]))
    assert w.viewer.current_page == top["page"]
    shot = Path(__import__("os").environ.get("MMSUM_FOOTNOTE_SCREENSHOT", str(tmp_path / "footnote.png")))
    w.grab().save(str(shot))
