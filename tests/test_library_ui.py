"""The app's library window, headless: adding a folder on worker processes with progress,
the documents with status and summary, search across the library, and a result opening its
document at the page and box."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("qasync")


from tests.pdfbuild import many_pages, two_column_paper  # noqa: E402

pytestmark = pytest.mark.gui



def test_add_a_folder_list_search_and_open_a_result(qtbot, window, tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    two_column_paper(folder / "a.pdf")
    many_pages(folder / "b.pdf", 3, figure_every=2)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\nnot a PDF\n")
    library = tmp_path / "lib.sqlite"

    d = window.open_library_window(library)
    assert d.table.rowCount() == 0 and not window._library_available
    with qtbot.waitSignal(d.running, timeout=10000) as started:
        d.add([folder])
    assert started.args == [True] and d.is_running and d.cancel_btn.isVisible()
    with qtbot.waitSignal(d.running, timeout=300000) as ended:
        pass
    assert ended.args == [False]
    assert d.table.rowCount() == 3
    status = {Path(doc["path"]).name: doc["status"] for doc in d.documents}
    assert status["broken.pdf"] == "failed" and status["a.pdf"] in ("ok", "partial")
    assert "1 failed" in d.status_label.text()
    d.table.setCurrentCell([Path(x["path"]).name for x in d.documents].index("b.pdf"), 0)
    assert "Measurement" in d.summary_view.toPlainText() or d.summary_view.toPlainText().strip()

    d.search("Measurement series number 2")
    qtbot.waitUntil(lambda: bool(d.results), timeout=120000)
    figures = [i for i, r in enumerate(d.results) if r["kind"] == "figure"]
    assert figures and d.results[figures[0]]["label"] == "Figure 2"
    item = d.results_list.item(figures[0])
    assert not item.icon().isNull()  # the figure's thumbnail
    with qtbot.waitSignal(window.documentShown, timeout=30000) as shown:
        d.results_list.itemActivated.emit(item)
    assert Path(shown.args[0]).name == "b.pdf"
    hit = d.results[figures[0]]
    qtbot.waitUntil(lambda: window.viewer.current_page == hit["page"], timeout=10000)
    lit = [w for w in window.viewer._pages if w.highlight is not None]
    assert [w.number for w in lit] == [hit["page"]]
    assert [round(v, 1) for v in lit[0].highlight] == [round(v, 1) for v in hit["bbox"]]


def test_the_library_window_says_which_model_ranks(qtbot, window, tmp_path):
    """No model beside the library: the bundled learned model; the library's own model (weights
    made by `mmsum library train`, here the bundled weights with numbers) when it beat the
    bundled ones, with its score and document count; else the bundled model again, saying so."""
    import json

    from mmsum.library.ranker_model import model_path
    from mmsum.rank.learned import BUNDLED

    library = tmp_path / "lib.sqlite"
    d = window.open_library_window(library)
    assert d.ranking_label.text().startswith("Ranking: the bundled learned model ranks (no library model")
    numbers = {"documents": 31, "folds": 5, "r2": 13.5, "r2_bundled": 12.25, "r2_heuristic": 11.0, "top1": 0.5,
               "top1_bundled": 0.5, "top1_heuristic": 0.5, "figure_documents": 12, "trained": "2026-12-06T21:00:00Z"}
    body = json.loads(BUNDLED.read_text()) | {"library": numbers}
    model_path(library).write_text(json.dumps(body))
    d.refresh()
    text = d.ranking_label.text()
    assert text.startswith("Ranking: this library's model ranks") and "13.50" in text and "31 documents" in text
    numbers["r2"] = 12.0
    model_path(library).write_text(json.dumps(body | {"library": numbers}))
    d.refresh()
    assert d.ranking_label.text().startswith("Ranking: the bundled learned model ranks (this library's model does "
                                             "not beat the bundled learned model")
    numbers.update(r2=10.5, r2_bundled=10.0)
    model_path(library).write_text(json.dumps(body | {"library": numbers}))
    d.refresh()
    assert "does not beat the heuristic" in d.ranking_label.text()


def test_a_library_document_is_summarized_with_the_library_model_when_it_ranks(qtbot, window, tmp_path):
    """In the app, a document stored in the library is ranked by the library's own model when
    that model beat the bundled ones (the summary's sentences carry that model's reasons: here
    a model that reads prose quality alone); one that did not leaves the bundled model (its
    reasons name other features); the session's options stay as asked."""
    import json

    from mmsum.batch import InProcessEngine
    from mmsum.library import add_to_library
    from mmsum.library.ranker_model import model_path
    from mmsum.options import ModelOptions, SummaryOptions
    from mmsum.rank.learned import BUNDLED
    from mmsum.rankers import DEFAULT_RANKER
    from tests.encoders import summarizer
    from tests.qtflows import open_and_wait, summarize_and_wait

    folder = tmp_path / "papers"
    folder.mkdir()
    two_column_paper(folder / "a.pdf")
    library = tmp_path / "lib.sqlite"
    add_to_library(library, [folder], models=ModelOptions(device="cpu"), options=SummaryOptions(words=60),
                   engine=InProcessEngine(summarizer()))
    numbers = {"documents": 25, "folds": 5, "r2": 13.5, "r2_bundled": 12.25, "r2_heuristic": 11.0, "top1": 0.5,
               "top1_bundled": 0.5, "top1_heuristic": 0.5, "figure_documents": 12, "trained": "2026-12-06T21:00:00Z"}
    quality_only = {"features": ["quality"], "mean": [0.5], "scale": [0.2], "coef": [1.0], "intercept": 0.0}
    body = json.loads(BUNDLED.read_text()) | {"library": numbers, "sentences": quality_only}
    model_path(library).write_text(json.dumps(body))
    window.open_library_window(library).close()
    open_and_wait(qtbot, window, folder / "a.pdf")
    summary = summarize_and_wait(qtbot, window)
    signals = {r.signal for s in summary.sentences for r in s.why}
    assert summary.sentences and all(s.why for s in summary.sentences) and signals == {"quality"}  # the library's
    assert window.session.options.ranker == DEFAULT_RANKER
    model_path(library).write_text(json.dumps(body | {"library": numbers | {"r2": 12.0}}))
    summary = summarize_and_wait(qtbot, window)
    assert summary.sentences and {r.signal for s in summary.sentences for r in s.why} - {"quality"}  # the bundled


def test_train_ranker_runs_the_training_beside_the_window_and_says_its_outcome(qtbot, window, tmp_path):
    """Train Ranker runs `mmsum library train` as a child process: the window stays usable, the
    buttons wait for it, and its one-line outcome (here: too few papers, nothing written) is
    shown."""
    from mmsum.library import DocumentRecord, Library
    from mmsum.library.ranker_model import model_path
    from tests.abstractbuild import abstract_paper

    library = tmp_path / "lib.sqlite"
    with Library(library) as lib:
        for k in range(3):
            abstract_paper(tmp_path / f"p{k}.pdf", k)
            lib.put(DocumentRecord(str(tmp_path / f"p{k}.pdf"), f"h{k}", "{}", "ok"))
    d = window.open_library_window(library)
    with qtbot.waitSignal(d.running, timeout=10000) as started:
        d.train_btn.click()
    assert started.args == [True] and not d.train_btn.isEnabled() and d.cancel_btn.isVisible()
    with qtbot.waitSignal(d.running, timeout=120000) as ended:
        pass
    assert ended.args == [False] and d.train_btn.isEnabled()
    text = d.status_label.text()
    assert text.startswith("Not trained: ") and "at least 20" in text and "nothing written" in text
    assert not model_path(library).exists()


@pytest.mark.slow  # 22 papers added and read again: about two minutes
def test_train_ranker_trains_with_progress_and_names_the_model(qtbot, window, tmp_path):
    from mmsum.batch import InProcessEngine
    from mmsum.library import add_to_library
    from mmsum.library.ranker_model import model_path, read_library_model
    from mmsum.options import ModelOptions, SummaryOptions
    from tests.abstractbuild import abstract_paper
    from tests.encoders import summarizer

    folder = tmp_path / "papers"
    folder.mkdir()
    for k in range(22):
        abstract_paper(folder / f"paper{k:02d}.pdf", k)
    library = tmp_path / "lib.sqlite"
    add_to_library(library, [folder], models=ModelOptions(device="cpu"), options=SummaryOptions(words=60),
                   engine=InProcessEngine(summarizer()))
    d = window.open_library_window(library)
    seen: list = []
    with qtbot.waitSignal(d.running, timeout=10000):
        d.train_btn.click()
    d._training.progress.connect(lambda done, total, name: seen.append((done, total)))
    with qtbot.waitSignal(d.running, timeout=600000) as ended:
        pass
    assert ended.args == [False] and model_path(library).is_file()
    assert seen and seen[-1] == (22, 22)
    assert d.status_label.text().startswith("Trained: ")
    model = read_library_model(library)
    assert f"{model.documents} documents" in d.ranking_label.text() and model.documents == 22
