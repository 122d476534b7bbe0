"""The desktop app, headless: its plumbing, and the real flows on PDFs built for the test.

The flows use the real pipeline with the bundled models, loaded once per session.
"""
from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("qasync")

from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402

from mmsum.options import ModelOptions, SummaryOptions  # noqa: E402
from tests.qtflows import open_and_wait, summarize_and_wait  # noqa: E402

pytestmark = pytest.mark.gui


# -- helpers ----------------------------------------------------------------------------------


def pages(path: Path) -> int:
    import pymupdf

    with pymupdf.open(path) as d:
        return d.page_count


# -- plumbing ---------------------------------------------------------------------------------
def test_progress_relay_throttles_and_crosses_threads(qtbot):
    from ui.worker import ProgressRelay

    relay = ProgressRelay(interval_s=10.0)
    got, threads = [], []
    relay.progressed.connect(lambda f, m: (got.append((round(f, 2), m)), threads.append(threading.current_thread())))

    def work():
        for i in range(200):
            relay.report(i / 400, "reading")  # throttled: only the first goes through
        relay.report(0.6, "embedding")  # a new stage always goes through
        relay.report(1.0, "embedding")  # and so does the end

    t = threading.Thread(target=work)
    t.start()
    t.join()
    qtbot.waitUntil(lambda: len(got) == 3, timeout=2000)
    assert got == [(0.0, "reading"), (0.6, "embedding"), (1.0, "embedding")]
    assert all(th is threading.main_thread() for th in threads)


def test_streamed_text_is_batched_and_flushed(qtbot):
    from ui.worker import ProgressRelay

    relay = ProgressRelay(interval_s=10.0)
    chunks = []
    relay.token.connect(chunks.append)
    for word in ("The ", "nodes ", "age ", "faster."):
        relay.stream(word)
    relay.flush()
    qtbot.waitUntil(lambda: "".join(chunks) == "The nodes age faster.", timeout=2000)
    assert len(chunks) == 2  # the first piece at once, the rest in one flush


def test_a_late_message_to_a_deleted_relay_goes_nowhere(qtbot):
    # a worker thread's progress can race the end of its job, whose relay the GUI deleted
    import shiboken6

    from ui.worker import ProgressRelay

    relay = ProgressRelay(interval_s=0.0)
    shiboken6.delete(relay)
    errors = []

    def work():
        try:
            relay.report(0.5, "embedding")
            relay.stream("late words")
            relay.flush()
        except Exception as err:  # noqa: BLE001 - what the test looks for
            errors.append(err)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert errors == []
    assert relay._closed  # later messages are dropped at once


def test_run_blocking_runs_off_the_gui_thread_and_cancels(qtbot, aio):
    from mmsum.progress import Cancelled, check
    from ui.worker import CancelToken, run_blocking

    token = CancelToken()
    seen = {}

    def job(cancel):
        seen["thread"] = threading.current_thread()
        while True:
            check(cancel)

    async def go():
        try:
            await run_blocking(job, token)
        except Cancelled:
            seen["cancelled"] = True

    task = asyncio.ensure_future(go())
    qtbot.waitUntil(lambda: "thread" in seen, timeout=5000)
    token.cancel()
    qtbot.waitUntil(task.done, timeout=5000)
    assert seen["cancelled"] and seen["thread"] is not threading.main_thread()


def test_a_crashed_worker_process_is_an_error_and_restarts(qtbot, aio, tmp_path):
    import os

    from mmsum.batch.inputs import expand_inputs
    from mmsum.workers import WorkerCrashed
    from ui.engine import WorkerProcess

    worker = WorkerProcess()  # its own process: the shared one keeps its loaded models
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    outcome = {}

    async def go():
        try:
            await worker.call_plain(os._exit, 3)  # what a segfault in a C library looks like
        except WorkerCrashed as err:
            outcome["crash"] = str(err)
        outcome["after"] = await worker.call_plain(expand_inputs, [tmp_path])

    task = asyncio.ensure_future(go())
    qtbot.waitUntil(task.done, timeout=60000)
    worker.shutdown()
    task.result()
    assert "stopped unexpectedly" in outcome["crash"]
    assert [p.name for p in outcome["after"]] == ["a.pdf"]


def test_settings_persist(tmp_path):
    from ui.settings import AppSettings

    path = str(tmp_path / "s.ini")
    a = AppSettings(QSettings(path, QSettings.Format.IniFormat))
    a.set_model_options(ModelOptions(text_model="/models/minilm", image_model="none",
                                     generator="x.gguf", device="cpu", offline=False))
    a.set_summary_options(SummaryOptions(words=80, figures=2, query="battery", generate=True))
    for p in ("a.pdf", "b.pdf", "a.pdf"):
        a.add_recent(tmp_path / p)
    b = AppSettings(QSettings(path, QSettings.Format.IniFormat))
    assert b.model_options() == ModelOptions("/models/minilm", "none", "x.gguf", "cpu", False)
    o = b.summary_options()
    assert (o.words, o.figures, o.query, o.generate) == (80, 2, "battery", True)
    assert [Path(p).name for p in b.recent_files()] == ["a.pdf", "b.pdf"]


def test_summary_controls_offer_a_structured_summary(qtbot, tmp_path):
    from ui.controls import SummaryControls
    from ui.settings import AppSettings

    c = SummaryControls()
    qtbot.addWidget(c)
    assert c.options().structure is False
    with qtbot.waitSignal(c.optionsChanged):
        c.layout_choice.setCurrentIndex(1)
    assert c.options().structure is True
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.set_summary_options(c.options())
    c2 = SummaryControls()
    qtbot.addWidget(c2)
    c2.set_options(settings.summary_options())
    assert c2.layout_choice.currentText() == "Structured"


def test_summary_pane_shows_sections_with_clickable_sentences(qtbot):
    from mmsum.summary import ScoredSentence, Summary, SummarySection
    from tests.encoders import make_document
    from ui.summary_pane import SummaryPane

    doc = make_document(["Ice lowers turbine output.", "We propose a heating film.", "Output rose by 12%."])
    sents = [ScoredSentence(s, 1.0) for s in doc.sentences]
    summary = Summary(doc, "extractive", " ".join(s.text for s in doc.sentences), sents, [], {},
                      sections=[SummarySection("Problem", sents[:1]), SummarySection("Approach", sents[1:2]),
                                SummarySection("Findings", sents[2:])])
    pane = SummaryPane()
    qtbot.addWidget(pane)
    pane.show_summary(summary)
    text = pane.toPlainText()
    assert text.index("Problem") < text.index("Ice lowers") < text.index("Approach") < text.index("Findings")
    with qtbot.waitSignal(pane.sentenceActivated) as hit:
        pane.anchorClicked.emit(QUrl("sent:2"))
    assert hit.args == [2]


def test_settings_dialog_round_trip(qtbot):
    from ui.settings_dialog import SettingsDialog

    m = ModelOptions(text_model="paraphrase-multilingual-MiniLM-L12-v2", device="cpu", offline=True)
    dlg = SettingsDialog(m)
    qtbot.addWidget(dlg)
    assert dlg.options() == m
    dlg.generator.edit.setText("/models/qwen.gguf")
    dlg.device.setCurrentText("cuda")
    assert dlg.options().generator == "/models/qwen.gguf" and dlg.options().device == "cuda"


def test_settings_dialog_changes_the_models_and_persists(qtbot, window, monkeypatch):
    from ui.settings_dialog import SettingsDialog

    def accept(dlg):
        dlg.image_model.edit.setText("none")
        dlg.offline.setChecked(True)
        return True

    monkeypatch.setattr(SettingsDialog, "exec", accept)
    w = window
    w.act_settings.trigger()
    assert w.engine.model_options.image_model == "none"
    assert w.settings.model_options().image_model == "none"
    assert not w.engine.loaded  # the new choice loads before the next summary


def test_viewer_navigation_zoom_and_highlight(qtbot, docs):
    from ui.viewer import PX_PER_PT, PdfViewer

    v = PdfViewer()
    qtbot.addWidget(v)
    v.resize(700, 600)
    v.show()
    with qtbot.waitSignal(v.loaded, timeout=10000) as loaded:
        v.load(str(docs["longer"]))
    assert loaded.args == [40] and v.page_count == 40
    with qtbot.waitSignal(v.pageChanged, timeout=2000):
        v.next_page()
    assert v.current_page == 1
    v.go_to_page(30)
    assert v.current_page == 30
    v.previous_page()
    assert v.current_page == 29
    v.set_zoom(1.0)
    w0 = v.page_widget(0).width()
    v.zoom_in()
    assert v.zoom > 1.0 and v.page_widget(0).width() > w0
    assert v.page_widget(0).width() == round(612 * v.zoom * PX_PER_PT)

    box = (72.0, 100.0, 300.0, 140.0)
    v.show_box(12, box)
    assert v.current_page == 12 and v.highlight == (12, box)
    page = v.page_widget(12)
    # the highlight is drawn where the box is, at this zoom
    qtbot.waitUntil(lambda: page.image is not None, timeout=5000)
    img = page.grab().toImage()
    r = page.to_widget(box)
    inside = img.pixelColor(round(r.center().x()), round(r.top() + 3))
    assert inside.blue() < inside.red() - 30, "highlight colour expected inside the box"
    v.set_highlight(None, None)
    assert v.highlight is None


def test_viewer_reports_a_damaged_file(qtbot, docs):
    from mmsum.errors import DocumentError
    from ui.viewer import PdfViewer

    v = PdfViewer()
    qtbot.addWidget(v)
    with qtbot.waitSignal(v.failed, timeout=10000) as failed:
        v.load(str(docs["broken"]))
    assert isinstance(failed.args[0], DocumentError) and "broken.pdf" in str(failed.args[0])


# -- flows ------------------------------------------------------------------------------------
def test_open_summarize_click_sentence_and_figure(qtbot, window, docs):
    w = window
    open_and_wait(qtbot, w, docs["paper"])
    assert w.viewer.page_count == pages(docs["paper"]) and w.doc_list.count() == 1
    assert Path(w.settings.recent_files()[0]).name == "paper.pdf"

    w.controls.words.setValue(60)
    w.controls.figures.setValue(2)
    summary = summarize_and_wait(qtbot, w)
    assert summary.sentences and len(summary.text.split()) <= 60
    assert 1 <= len(w.figure_strip.cards) <= 2
    assert w.act_export.isEnabled()
    assert "cpu" in w.device_label.text() and "MiniLM" in w.models_label.text()

    # click the last sentence of the summary, as a user would: on its text
    k = len(summary.sentences) - 1
    target = summary.sentences[k].sentence
    pane = w.summary_pane
    cursor = pane.textCursor()
    cursor.setPosition(pane.anchor_position(k))
    pos = pane.cursorRect(cursor).center() + QPoint(2, 0)
    w.viewer.go_to_page(0 if target.page else w.viewer.page_count - 1)  # start elsewhere so the jump is visible
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: w.viewer.highlight is not None, timeout=2000)
    assert w.viewer.highlight == (target.page, target.bbox)
    assert w.viewer.current_page == target.page and pane.active == k
    assert w.page_box.value() == target.page + 1

    # a figure card jumps to its figure
    card = w.figure_strip.cards[0]
    fig = summary.figures[0].figure
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert w.viewer.highlight == (fig.page, fig.bbox) and w.viewer.current_page == fig.page
    # and its tooltip says why it was chosen: its salience and the signals behind it
    assert f"Salience {summary.figures[0].score:.2f}" in card.toolTip()
    assert summary.figures[0].why and summary.figures[0].why[0].signal in card.toolTip()


def test_models_load_in_the_background_and_show_in_the_status_bar(qtbot, window):
    w = window
    with qtbot.waitSignal(w.engine.modelsChanged, timeout=120000) as loaded:
        w.warm_up()
    models, device = loaded.args
    assert models["text"] and models["text"] in w.models_label.text()
    assert device == "cpu" and w.device_label.text() == "Device: cpu"


def test_export_writes_the_cli_files(qtbot, window, docs, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    w = window
    out = tmp_path / "export"
    # File > Open and File > Export (Ctrl+E), with the file dialogs answered
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(docs["paper"])], ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    with qtbot.waitSignal(w.documentShown, timeout=15000):
        w.act_open.trigger()
    assert not w.act_export.isEnabled()  # nothing to export before a summary
    summary = summarize_and_wait(qtbot, w)
    assert w.act_export.shortcut().toString() == "Ctrl+E"
    with qtbot.waitSignal(w.exported, timeout=20000) as done:
        w.act_export.trigger()
    written = [Path(p) for p in done.args[0]]
    assert [p.name for p in written] == ["paper.md"]
    md = (out / "paper.md").read_text(encoding="utf-8")
    # the summary's own sentences are in the Markdown, and its figures' and tables' crops beside it
    assert summary.sentences[0].sentence.text.split()[0] in md
    figs = sorted((out / "paper_figures").rglob("*.png"))
    assert figs and len(figs) == sum(1 for f in summary.figures if f.figure.image_png) \
        + sum(1 for t in summary.tables if t.table.image_png)
    for f in figs:
        assert f.relative_to(out).as_posix() in md
    assert w.banner.isVisible() and w.banner.kind == "info" and "paper.md" in w.banner.text


@pytest.mark.slow
def test_export_matches_the_cli(qtbot, window, docs, tmp_path):
    import subprocess
    import sys

    w = window
    open_and_wait(qtbot, w, docs["paper"])
    summarize_and_wait(qtbot, w)
    with qtbot.waitSignal(w.exported, timeout=20000):
        w.export_markdown(tmp_path / "gui")
    cli = subprocess.run([sys.executable, "-m", "mmsum", "summarize", str(docs["paper"]), "--out-dir",
                          str(tmp_path / "cli"), "--format", "md", "--words", "150", "--figures", "3",
                          "--device", "cpu", "--quiet"], capture_output=True, text=True, timeout=600)
    assert cli.returncode == 0, cli.stderr

    def tree(root: Path) -> dict[str, bytes]:
        # the CLI also records its run in the folder's batch manifest (and its lock file)
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
                if p.is_file() and not p.name.lstrip(".").startswith("mmsum-manifest")}

    assert tree(tmp_path / "gui") == tree(tmp_path / "cli")


def test_cancel_a_running_summary(qtbot, window, docs):
    w = window
    open_and_wait(qtbot, w, docs["longer"])
    qtbot.mouseClick(w.controls.summarize, Qt.MouseButton.LeftButton)
    assert w.controls.cancel.isVisible() and not w.controls.summarize.isVisible()
    qtbot.waitUntil(lambda: w.controls.progress.value() > 0, timeout=30000)
    with qtbot.waitSignal(w.summaryCancelled, timeout=30000):
        qtbot.mouseClick(w.controls.cancel, Qt.MouseButton.LeftButton)
    assert w.session.documents[0].result is None and w.summary_pane.summary is None
    assert w.controls.summarize.isVisible() and w.controls.stage.text() == "Cancelled."
    assert w.act_summarize.isEnabled()


def test_a_damaged_file_is_a_message_not_a_crash(qtbot, window, docs):
    w = window
    w.open_files([docs["broken"]])
    qtbot.waitUntil(lambda: w.banner.isVisible(), timeout=10000)
    assert w.banner.kind == "error" and "broken.pdf" in w.banner.text
    assert w.doc_list.count() == 0 and w.viewer.page_count == 0
    assert w.settings.recent_files() == []  # a file that did not open is not "recent"
    w.open_files([docs["broken"].with_name("missing.pdf")])
    assert "missing.pdf" in w.banner.text and "not found" in w.banner.text


def test_summarize_failure_is_shown(qtbot, window, docs, tmp_path):
    # the file is readable when opened, then replaced by garbage before the summary
    w = window
    doc = tmp_path / "changing.pdf"
    doc.write_bytes(docs["paper"].read_bytes())
    open_and_wait(qtbot, w, doc)
    doc.write_bytes(b"garbage")
    with qtbot.waitSignal(w.summaryFailed, timeout=60000) as failed:
        w.summarize()
    assert failed.args[0]
    assert w.banner.isVisible() and w.banner.kind == "error" and "changing.pdf" in w.banner.text
    assert w.controls.summarize.isVisible()


def test_several_documents_drag_and_drop_and_recent(qtbot, window, docs):
    w = window
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(docs["paper"])), QUrl.fromLocalFile(str(docs["longer"]))])
    drop = QDropEvent(QPointF(300, 300), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(w.documentShown, timeout=15000):
        w.dropEvent(drop)
    assert [d.path.name for d in w.session.documents] == ["paper.pdf", "longer.pdf"]
    qtbot.waitUntil(lambda: w.viewer.page_count == 40, timeout=10000)
    w.page_box.setValue(17)  # typing a page number jumps there
    assert w.viewer.current_page == 16
    w.act_next.trigger()
    assert w.viewer.current_page == 17 and w.page_box.value() == 18
    w.act_last.trigger()
    assert w.viewer.current_page == 39
    zoom = w.viewer.zoom
    w.act_zoom_in.trigger()
    assert w.viewer.zoom > zoom and w.zoom_label.text() == f"{round(w.viewer.zoom * 100)} %"
    with qtbot.waitSignal(w.documentShown, timeout=15000):
        w.doc_list.setCurrentRow(0)
    assert w.viewer.page_count == pages(docs["paper"])
    w._fill_recent_menu()
    names = [a.text() for a in w.recent_menu.actions() if a.text()]
    assert names[:2] == ["paper.pdf", "longer.pdf"] and "Clear list" in names  # last shown first
    w.close_current()
    assert [d.path.name for d in w.session.documents] == ["longer.pdf"]
    w.resize(1000, 700)
    w.close()  # the window's size and panes are remembered
    assert w.settings.store.value("window/geometry") is not None


def test_batch_with_a_bad_file_goes_on(qtbot, window, docs, tmp_path):
    w = window
    w.open_batch()
    dlg = w._batch_dialog
    qtbot.addWidget(dlg)
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("paper.pdf", "broken.pdf"):
        (inputs / name).write_bytes(docs[name[:-4]].read_bytes())
    (inputs / "notes.txt").write_text("not a document")
    dlg.add_paths([inputs])  # a folder: its documents are listed in the background
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 2, timeout=10000)
    dlg.set_output_dir(tmp_path / "out")
    assert dlg.workers_spin.value() >= 1
    with qtbot.waitSignal(dlg.finished, timeout=240000) as done:
        qtbot.mouseClick(dlg.start_btn, Qt.MouseButton.LeftButton)
    results = {Path(r.path).name: r for r in done.args[0]}
    assert str(results["paper.pdf"].status.value) == "success"
    assert str(results["broken.pdf"].status.value) == "failure" and results["broken.pdf"].message
    rows = {dlg.table.item(i, 0).text(): dlg.row_state(i) for i in range(dlg.table.rowCount())}
    assert rows["paper.pdf"][0] == "success" and "paper.md" in rows["paper.pdf"][1]
    assert rows["broken.pdf"][0] == "failure" and rows["broken.pdf"][1]
    assert (tmp_path / "out" / "paper.md").is_file() and (tmp_path / "out" / "paper.json").is_file()
    assert not dlg.is_running and dlg.start_btn.isEnabled() and dlg.close_btn.isVisible()


# the app's batch on worker processes, twice over; test_batch_with_a_bad_file_goes_on is the fast one
@pytest.mark.slow
def test_cancelled_batch_keeps_finished_outputs(qtbot, window, docs, tmp_path):
    w = window
    w.open_batch()
    dlg = w._batch_dialog
    qtbot.addWidget(dlg)
    dlg.add_paths([docs["paper"], docs["broken"], docs["longer"]])
    dlg.set_output_dir(tmp_path / "out")
    dlg.json_box.setChecked(False)
    dlg.workers_spin.setValue(1)  # in order: longer.pdf starts only after the other two ended
    with qtbot.waitSignal(dlg.finished, timeout=240000) as done:
        dlg.start()
        assert dlg.is_running and not w.controls.summarize.isEnabled() and not dlg.workers_spin.isEnabled()
        qtbot.waitUntil(lambda: dlg.row_state(1)[0] == "failure", timeout=180000)
        qtbot.mouseClick(dlg.cancel_btn, Qt.MouseButton.LeftButton)
    assert [dlg.row_state(i)[0] for i in range(3)] == ["success", "failure", "cancelled"]
    assert dlg.table.item(2, 1).text() == "Cancelled" and "no output" in dlg.row_state(2)[1]
    assert [str(r.status.value) for r in done.args[0]] == ["success", "failure", "cancelled"]
    assert (tmp_path / "out" / "paper.md").is_file()
    assert not (tmp_path / "out" / "longer.md").exists()
    text = dlg.summary_label.text()
    assert text.startswith("Cancelled.") and "1 failed" in text and "1 cancelled" in text
    # started again: the finished document is skipped, the cancelled one is done now
    with qtbot.waitSignal(dlg.finished, timeout=240000):
        dlg.start()
    assert dlg.table.item(0, 1).text() == "Up to date"
    assert [dlg.row_state(i)[0] for i in range(3)] == ["success", "failure", "success"]
    assert (tmp_path / "out" / "longer.md").is_file()


def test_a_missing_model_is_a_clear_message(qtbot, window, docs, tmp_path):
    w = window
    missing = tmp_path / "no-such-model"
    w.apply_model_options(ModelOptions(text_model=str(missing), device="cpu"))
    assert w.settings.model_options().text_model == str(missing)  # remembered
    qtbot.waitUntil(lambda: w.banner.isVisible(), timeout=60000)
    assert w.banner.kind == "error" and "no-such-model" in w.banner.text
    open_and_wait(qtbot, w, docs["paper"])
    with qtbot.waitSignal(w.summaryFailed, timeout=60000) as failed:
        w.summarize()
    assert "no-such-model" in failed.args[0] and "no-such-model" in w.banner.text
    assert w.controls.summarize.isVisible() and w.session.documents[0].result is None


@pytest.mark.slow
def test_generated_summary_streams_into_the_pane(qtbot, window, docs, monkeypatch):
    w = window
    streamed = []
    real = w.summary_pane.append_stream
    monkeypatch.setattr(w.summary_pane, "append_stream", lambda t: (streamed.append(t), real(t)))
    open_and_wait(qtbot, w, docs["paper"])
    w.controls.mode.setCurrentIndex(1)
    w.controls.words.setValue(50)
    summary = summarize_and_wait(qtbot, w, timeout=600000)
    assert summary.mode == "generative" and summary.text
    assert streamed and "".join(streamed).strip()
    assert summary.models["generator"] and summary.models["generator"] in w.models_label.text()


def test_an_encrypted_pdf_asks_for_its_password(qtbot, window, docs, tmp_path, monkeypatch):
    import pymupdf
    from PySide6.QtWidgets import QInputDialog

    locked = tmp_path / "locked.pdf"
    with pymupdf.open(docs["paper"]) as d:
        d.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="secret")
    asked = []
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, **k: (asked.append(a[2]) or ("secret", True)))
    w = window
    open_and_wait(qtbot, w, locked)
    assert asked and "locked.pdf" in asked[0]
    assert w.viewer.page_count == pages(docs["paper"])
    summary = summarize_and_wait(qtbot, w)  # the password goes to the summary too
    assert summary.sentences


def test_a_number_taken_from_a_cited_table_says_where_in_its_tooltip(qtbot):
    from mmsum.summary import CitedNumber, ScoredSentence, Summary
    from tests.encoders import make_document
    from ui.summary_pane import SummaryPane

    doc = make_document(["Table 2 shows that our method is more accurate than the baseline."])
    written = "Our method reaches 88.4 accuracy, more than the baseline (p. 1)."
    cited = [CitedNumber("88.4", "tab-2", "Table 2", "88.4", "Ours, Accuracy", written)]
    summary = Summary(doc, "generative", written, [ScoredSentence(doc.sentences[0], 1.0)], [], {},
                      cited_numbers=cited)
    pane = SummaryPane()
    qtbot.addWidget(pane)
    pane.show_summary(summary)
    tips = {}
    block = pane.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.charFormat().toolTip():
                tips[frag.text()] = frag.charFormat().toolTip()
            it += 1
        block = block.next()
    assert tips["88.4"] == "Table 2 gives 88.4 for Ours, Accuracy"
    assert "Our method reaches 88.4 accuracy" in pane.toPlainText()
