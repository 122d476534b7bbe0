"""One reader's way through the real window, headless: open two documents, summarize one,
switch between them (every pane follows the session), batch them, add them to a library and
open a library result back in the window."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("qasync")

from PySide6.QtCore import Qt  # noqa: E402

from tests.pdfbuild import two_column_paper  # noqa: E402
from tests.qtflows import open_and_wait, summarize_and_wait  # noqa: E402
from tests.tablebuild import table_paper  # noqa: E402

pytestmark = pytest.mark.gui


def test_open_summarize_switch_batch_and_library(qtbot, window, tmp_path):
    w = window
    folder = tmp_path / "papers"
    folder.mkdir()
    table_paper(folder / "results.pdf")
    two_column_paper(folder / "sensors.pdf")

    # the options are the session's: the controls change them, and they are kept
    w.controls.words.setValue(140)
    assert w.session.options.words == 140 and w.settings.summary_options().words == 140
    assert w.session.options.channel_weights == w.settings.channel_weights()

    # open both; summarize the one with a table
    open_and_wait(qtbot, w, folder / "sensors.pdf")
    open_and_wait(qtbot, w, folder / "results.pdf")
    results, sensors = w.session.find(folder / "results.pdf"), w.session.find(folder / "sensors.pdf")
    assert w.session.current is results and w.doc_list.currentRow() == 1
    summary = summarize_and_wait(qtbot, w)
    assert results.result.summary is summary and results.outcome.startswith("Done in")
    assert [c.index for c in w.figure_strip.table_cards] == [0]
    assert not w.doc_list.item(1).icon().isNull()

    # another document: every pane shows it, nothing of the last one lingers
    w.show_find()
    w.find_bar.set_status("1 of 1")
    w.find_bar.set_table("Table 1")
    with qtbot.waitSignal(w.documentShown, timeout=30000):
        w.doc_list.setCurrentRow(0)
    assert w.session.current is sensors and w.windowTitle().startswith("sensors.pdf")
    assert w.summary_pane.summary is None and w.figure_strip.table_cards == [] and w.figure_strip.cards == []
    assert w.find_bar.count.text() == "" and not w.find_bar.table_btn.isVisible()
    assert w.controls.stage.text() == "" and w.act_summarize.isEnabled() and not w.act_export.isEnabled()
    # and back: its summary and its outcome again
    with qtbot.waitSignal(w.documentShown, timeout=30000):
        w.doc_list.setCurrentRow(1)
    assert w.summary_pane.summary is summary and len(w.figure_strip.table_cards) == 1
    assert w.controls.stage.text().startswith("Done in")

    # a batch of the folder, with the window's options
    w.open_batch()
    dlg = w._batch_dialog
    qtbot.addWidget(dlg)
    dlg.add_paths([folder])
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 2, timeout=10000)
    dlg.set_output_dir(tmp_path / "out")
    with qtbot.waitSignal(dlg.finished, timeout=300000) as done:
        qtbot.mouseClick(dlg.start_btn, Qt.MouseButton.LeftButton)
    assert sorted(str(r.status.value) for r in done.args[0]) == ["success", "success"]
    assert "## Key tables" in (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    dlg.close()

    # the library: add the folder, search it, open a result in the window
    lib = w.open_library_window(tmp_path / "lib.sqlite")
    with qtbot.waitSignal(lib.running, timeout=10000):
        lib.add([folder])
    with qtbot.waitSignal(lib.running, timeout=300000) as ended:
        pass
    assert ended.args == [False] and lib.table.rowCount() == 2 and w._library_available
    lib.search("battery powered sensor networks")
    qtbot.waitUntil(lambda: bool(lib.results), timeout=120000)
    row = next(i for i, r in enumerate(lib.results) if Path(r["document"]).name == "sensors.pdf")
    hit = lib.results[row]
    lib.results_list.itemActivated.emit(lib.results_list.item(row))
    qtbot.waitUntil(lambda: w.session.current is sensors and w.viewer.current_page == hit["page"], timeout=30000)
    assert w.doc_list.currentRow() == 0 and w.summary_pane.summary is None


def test_the_document_list_follows_the_session(qtbot, tmp_path, caplog):
    from ui.doc_list import DocumentList
    from ui.session import Session

    s, lst = Session(), DocumentList()
    qtbot.addWidget(lst)
    lst.follow(s)
    rows = []
    lst.currentRowChanged.connect(rows.append)
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        (tmp_path / name).write_bytes(b"%PDF-1.4\n")
    a, b, c = (s.open(tmp_path / n) for n in ("a.pdf", "b.pdf", "c.pdf"))
    s.show(b)
    assert [lst.item(i).text() for i in range(lst.count())] == ["a.pdf", "b.pdf", "c.pdf"]
    assert lst.currentRow() == 1
    s.start_job(a, None, {})
    s.close(b)  # the shown one: c takes its row and is shown
    assert lst.count() == 2 and lst.currentRow() == 1 and s.current is c
    s.close(a)  # its summary ends after it was closed: nothing to mark, nothing fails
    s.end_job(a, "Done in 1.0 s.", result="a summary")
    assert lst.count() == 1 and lst.item(0).text() == "c.pdf" and "failed" not in caplog.text
    assert rows == []  # following the session never asks the window to show a document
