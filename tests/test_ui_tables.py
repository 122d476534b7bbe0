"""Tables and what figures show, in the app: the grid's rules (Qt-free), the table view and the
figure view on tables and charts read from built PDFs, and the window's key-table cards, Find
in a table's cells and the search panel's table results."""
from __future__ import annotations

import csv
import io

import pytest

from mmsum.document import Table
from mmsum.export.chart_data import chart_csv
from mmsum.export.tables import table_csv, table_markdown
from mmsum.ingest import read_document
from tests.tablebuild import HEADER, ROWS, caption_without_table, table_paper
from ui.table_grid import TableGrid, cell_number, table_at


def _read_table(tmp_path, style: str = "booktabs") -> Table:
    table_paper(tmp_path / "t.pdf", style)
    [t] = read_document(tmp_path / "t.pdf").tables
    return t


# -- the grid's rules, without Qt ---------------------------------------------------------------
def test_cells_read_as_numbers_where_they_are_numbers():
    assert [cell_number(t) for t in ("81.2", "−3", "-0.5", "1,234", "12.5 %", "(0.4)", "88.4 ± 0.3")] \
        == [81.2, -3.0, -0.5, 1234.0, 12.5, 0.4, 88.4]
    assert [cell_number(t) for t in ("Ours", "", "n/a", "ResNet-50")] == [None] * 4


def test_grid_sorts_numbers_by_value_words_alphabetically_and_empty_cells_last():
    t = Table("t", 0, (0, 0, 1, 1), header=[["Model", "Acc"]],
              rows=[["b", "9.5"], ["a", "10.1"], ["c", ""], ["d", "9.5"], ["e", "n/a"]])
    g = TableGrid(t)
    assert g.columns == ["Model", "Acc"] and (g.row_count, g.column_count) == (5, 2)
    g.sort(1)
    assert [g.cell(r, 0) for r in range(5)] == ["b", "d", "a", "e", "c"]  # 9.5 < 10.1 (not "10" < "9")
    g.sort(1, descending=True)
    assert [g.cell(r, 0) for r in range(5)] == ["e", "a", "b", "d", "c"]  # ties keep their order; empty last
    assert g.source_row(0) == 4
    g.unsort()
    assert [g.cell(r, 0) for r in range(5)] == list("bacde")


def test_grid_copies_through_the_core_in_the_order_shown(tmp_path):
    t = _read_table(tmp_path)
    g = TableGrid(t)
    assert g.readable and g.columns == HEADER
    assert g.markdown() == table_markdown(t) and g.csv() == table_csv(t)  # unsorted: the document's
    g.sort(HEADER.index("Accuracy"), descending=True)
    rows = list(csv.reader(io.StringIO(g.csv())))
    assert rows == [HEADER] + sorted(ROWS, key=lambda r: -float(r[1]))
    assert g.markdown().splitlines()[2].startswith("| Ours + augmentation |")
    assert g.matches("88.4") == [(1, 1)] and g.matches(" ours ") == [(0, 0), (1, 0)]


def test_a_hit_inside_a_table_box_names_that_table(tmp_path):
    t = _read_table(tmp_path)
    x0, y0, x1, y1 = t.bbox
    inside = (x0 + 5, y0 + 5, x0 + 25, y0 + 12)
    assert table_at([t], t.page, [inside]) == 0
    assert table_at([t], t.page + 1, [inside]) is None
    assert table_at([t], t.page, [(x0, y1 + 30, x0 + 20, y1 + 40)]) is None
    assert table_at([t], t.page, []) is None


# -- the views ----------------------------------------------------------------------------------
@pytest.mark.gui
def test_table_view_sorts_copies_and_selects_matches(qtbot, tmp_path):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QGuiApplication

    from ui.table_view import TableView

    t = _read_table(tmp_path, "ruled")
    view = TableView(t, query="86.1")
    qtbot.addWidget(view)
    view.show()
    model = view.view.model()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == HEADER
    assert [[model.index(r, c).data() for c in range(4)] for r in range(3)] == ROWS
    assert [(i.row(), i.column()) for i in view.view.selectionModel().selectedIndexes()] == [(1, 2)]
    assert "<b>Table 1</b>" in view.caption.text() and view.caption.text().count("Table 1") == 1
    # a click on a heading sorts by that column (Time (s), largest first after two clicks)
    header = view.view.horizontalHeader()
    x = header.sectionViewportPosition(3) + header.sectionSize(3) // 2
    for _ in range(2):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert [model.index(r, 3).data() for r in range(3)] == ["15.2", "14.0", "12.5"]
    with qtbot.waitSignal(view.copied):
        qtbot.mouseClick(view.copy_csv, Qt.MouseButton.LeftButton)
    assert list(csv.reader(io.StringIO(QGuiApplication.clipboard().text())))[1][0] == "Ours + augmentation"
    qtbot.mouseClick(view.copy_md, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == view.grid.markdown()
    view.grab().save(str(tmp_path / "table-view.png"))


@pytest.mark.gui
def test_an_unread_table_shows_its_crop_caption_and_reason(qtbot, tmp_path):
    from ui.table_view import TableView

    [t] = read_document(caption_without_table(tmp_path / "c.pdf")).tables
    assert t.rows is None
    view = TableView(t)
    qtbot.addWidget(view)
    view.show()
    assert view.view is None and not view.copy_md.isEnabled() and not view.copy_csv.isEnabled()
    assert "could not be read: no table was found next to its caption" in view.reason.text()
    assert "Results that the publisher left out" in view.caption.text()
    assert view.image.pixmap() is not None and not view.image.pixmap().isNull()


@pytest.mark.gui
def test_figure_view_shows_the_label_once_the_description_and_copies_chart_data(qtbot, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from tests.chartbuild import plain_chart
    from ui.figure_view import FigureView

    plain_chart(tmp_path / "chart.pdf")
    [fig] = read_document(tmp_path / "chart.pdf").figures
    assert fig.content is not None and fig.content.description and chart_csv(fig)
    view = FigureView(fig)
    qtbot.addWidget(view)
    view.show()
    assert view.caption.text().count(fig.label) == 1
    assert view.description.isVisible() and view.description.text() == fig.content.description
    assert view.copy_csv.isVisible()
    with qtbot.waitSignal(view.copied):
        qtbot.mouseClick(view.copy_csv, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == chart_csv(fig)
    view.grab().save(str(tmp_path / "figure-view.png"))


# -- in the window ------------------------------------------------------------------------------
@pytest.mark.gui
def test_key_table_card_grid_find_and_search_in_the_window(qtbot, window, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from tests.qtflows import open_and_wait, summarize_and_wait
    from ui.table_view import TableView

    w = window
    table_paper(tmp_path / "table.pdf")
    open_and_wait(qtbot, w, tmp_path / "table.pdf")
    summary = summarize_and_wait(qtbot, w)
    [key] = summary.tables
    t = key.table
    [card] = w.figure_strip.table_cards
    assert not card.findChild(QLabel, "tableIcon").pixmap().isNull()  # a table icon by its label
    assert "Table 1" in card.findChild(QLabel, "figureLabel").text()
    # a click shows the table's box; a double-click opens the grid
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert w.viewer.highlight == (t.page, t.bbox)
    qtbot.mouseDClick(card, Qt.MouseButton.LeftButton)
    view = next(d for d in w.findChildren(TableView) if d.isVisible())
    assert view.grid.columns == HEADER and view.grid.row_count == len(ROWS)
    w.viewer.go_to_page(0)
    view.show_button.click()
    assert w.viewer.highlight == (t.page, t.bbox)
    view.close()
    # Find: a hit in a cell offers the table, which opens at the cells that match
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(w.find_bar.edit, "88.4")
    qtbot.waitUntil(lambda: w.find_bar.table_btn.isVisible(), timeout=10000)
    assert w.find_bar.table_btn.text() == "Open Table 1"
    qtbot.mouseClick(w.find_bar.table_btn, Qt.MouseButton.LeftButton)
    view = next(d for d in w.findChildren(TableView) if d.isVisible() and d.grid.matches("88.4"))
    assert [(i.row(), i.column()) for i in view.view.selectionModel().selectedIndexes()] == [(1, 1)]
    view.close()
    qtbot.keyClicks(w.find_bar.edit, "x")  # "88.4x": no hit, no table offered
    qtbot.waitUntil(lambda: w.find_bar.count.text() == "No matches", timeout=10000)
    assert not w.find_bar.table_btn.isVisible()
    # the search by meaning lists tables; a table result opens as a grid
    panel = w.search_panel
    panel.kind.setCurrentIndex(panel.kind.findData("table"))
    panel.field.setText("accuracy of each method")
    with qtbot.waitSignal(w.searchFinished, timeout=120000) as found:
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert found.args[0] and found.args[0][0]["kind"] == "table"
    assert "Table 1" in panel.results.item(0).text()
    panel.results.itemClicked.emit(panel.results.item(0))
    view = next(d for d in w.findChildren(TableView) if d.isVisible())
    assert view.table.id == t.id and w.viewer.highlight == (t.page, t.bbox)


def test_cells_of_a_table_set_as_a_picture_are_hits_at_its_box(tmp_path):
    from ui.table_grid import picture_table_hits

    table_paper(tmp_path / "img.pdf", "image")
    [t] = read_document(tmp_path / "img.pdf").tables
    assert t.kind in ("ocr", "image") and t.rows == ROWS  # read from the picture by OCR
    assert picture_table_hits([t], "88.4") == {t.page: [(tuple(t.bbox),)]}
    assert picture_table_hits([t], "f1 SCORE") == {t.page: [(tuple(t.bbox),)]}  # a heading
    assert picture_table_hits([t], "99.9") == {}
    drawn = _read_table(tmp_path)  # its words are in the page's text: Find finds them there
    assert picture_table_hits([drawn], "88.4") == {}


@pytest.mark.gui
def test_find_matches_the_cells_of_a_table_set_as_a_picture(qtbot, window, tmp_path):
    from PySide6.QtCore import Qt

    from tests.qtflows import open_and_wait, summarize_and_wait
    from ui.table_view import TableView

    w = window
    table_paper(tmp_path / "scan.pdf", "image")
    open_and_wait(qtbot, w, tmp_path / "scan.pdf")
    summary = summarize_and_wait(qtbot, w)
    t = summary.document.tables[0]
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(w.find_bar.edit, "88.4")
    qtbot.waitUntil(lambda: w.find_bar.count.text() == "1 of 1", timeout=10000)
    assert w.find_bar.table_btn.text() == "Open Table 1"
    assert w.search.hits(t.page) == [(tuple(t.bbox),)]
    qtbot.mouseClick(w.find_bar.table_btn, Qt.MouseButton.LeftButton)
    view = next(d for d in w.findChildren(TableView) if d.isVisible())
    assert [(i.row(), i.column()) for i in view.view.selectionModel().selectedIndexes()] == [(1, 1)]
