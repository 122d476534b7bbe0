"""``mmsum library train`` on a real library (real SQLite file) of built papers with abstracts,
with the real bundled encoders: the model is written beside the library with its numbers,
`library list` names the model that ranks, a library with too few abstracts writes nothing,
and the written weights rank a document."""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from mmsum.batch import InProcessEngine
from mmsum.cli import main
from mmsum.library import add_to_library
from mmsum.library.ranker_model import LibraryModel, describe_ranking, model_path, read_library_model
from mmsum.options import ModelOptions, SummaryOptions
from mmsum.train.abstract import read_paper, redact_abstract
from tests.abstractbuild import abstract_paper
from tests.encoders import summarizer
from tests.pdfbuild import PaperBuilder, two_column_paper

MODELS = ModelOptions(device="cpu")
PAPERS = 22  # more than the 20 documents with an abstract training needs


def _add(library: Path, folder: Path) -> None:
    report = add_to_library(library, [folder], models=MODELS, options=SummaryOptions(words=60, figures=1),
                            engine=InProcessEngine(summarizer()))
    assert not report.failed


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A library of PAPERS built papers with an abstract, trained once (cache in the test folder)."""
    root = tmp_path_factory.mktemp("libtrain")
    folder = root / "papers"
    folder.mkdir()
    for k in range(PAPERS):
        abstract_paper(folder / f"paper{k:02d}.pdf", k)
    library = root / "lib.sqlite"
    _add(library, folder)
    t0 = time.perf_counter()
    rc = main(["library", "train", "--library", str(library), "--device", "cpu", "--quiet"])
    return library, folder, rc, time.perf_counter() - t0


@pytest.mark.slow  # a library of 22 papers read twice: about a minute
def test_library_train_writes_the_model_beside_the_library_with_its_numbers(trained, capsys):
    library, _, rc, _ = trained
    assert rc == 0
    path = model_path(library)
    assert path == library.with_name("lib.ranker.json") and path.is_file()
    model = read_library_model(library)
    assert isinstance(model, LibraryModel)
    assert model.documents == PAPERS and model.folds == 5
    assert 0 <= model.r2 <= 100 and 0 <= model.r2_bundled <= 100 and 0 <= model.r2_heuristic <= 100
    assert model.ranks == (model.r2 > model.r2_bundled and model.r2 > model.r2_heuristic)
    body = json.loads(path.read_text())
    assert body["format"] == 1 and body["library"]["documents"] == PAPERS


@pytest.mark.slow  # a library of 22 papers read twice: about a minute
def test_library_list_names_the_model_that_ranks(trained, capsys):
    library, _, _, _ = trained
    capsys.readouterr()
    assert main(["library", "list", "--library", str(library)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    model = read_library_model(library)
    assert first == f"ranking: {model.describe()}"
    assert ("this library's model ranks" in first) == model.ranks
    assert f"{PAPERS} documents" in first
    assert main(["library", "list", "--library", str(library), "--json"]) == 0
    ranking = json.loads(capsys.readouterr().out)["ranking"]
    assert ranking["ranks"] == ("library" if model.ranks else "heuristic")
    assert ranking["model"] == str(model_path(library)) and ranking["documents"] == PAPERS


@pytest.mark.slow  # a library of 22 papers read twice: about a minute
def test_the_written_weights_load_and_rank_a_document(trained, tmp_path):
    from mmsum.rank.learned import load_ranker

    library, _, _, _ = trained
    ranker = load_ranker(str(model_path(library)))
    assert ranker.sentences.features and len(ranker.sentences.coef) == len(ranker.sentences.features)
    assert np.all(np.isfinite(ranker.sentences.coef))
    pdf = tmp_path / "unseen.pdf"
    two_column_paper(pdf)
    summary = summarizer().summarize(pdf, SummaryOptions(ranker=str(model_path(library)), figures=2))
    assert summary.sentences and all(s.why for s in summary.sentences)  # the model's own reasons
    assert {r.signal for s in summary.sentences for r in s.why} <= set(ranker.sentences.features)


@pytest.mark.slow  # a library of 22 papers read twice: about a minute
def test_a_library_whose_model_ranks_summarizes_with_it(trained, tmp_path):
    """The library's model, made to beat the bundled ones, ranks the next add's summaries (the
    documents are read again: their settings changed); one that does not, does not."""
    library, folder, _, _ = trained
    import shutil

    lib = tmp_path / "copy.sqlite"
    shutil.copy(library, lib)
    body = json.loads(model_path(library).read_text())
    # a library model that reads prose quality alone: its reasons tell it from the bundled model's
    body["sentences"] = {"features": ["quality"], "mean": [0.5], "scale": [0.2], "coef": [1.0], "intercept": 0.0}
    for wins in (True, False):
        body["library"].update(r2=50.0 if wins else 1.0, r2_bundled=10.0, r2_heuristic=9.0)
        model_path(lib).write_text(json.dumps(body))
        report = add_to_library(lib, [folder], models=MODELS, options=SummaryOptions(words=60, figures=1),
                                engine=InProcessEngine(summarizer()))
        assert len(report.stored) == PAPERS and not report.unchanged  # read again with the other ranker
        from mmsum.library import Library

        with Library(lib, readonly=True) as db:
            record, _ = db.summary_json(str((folder / "paper00.pdf").resolve()))
        whys = {r["signal"] for s in record["sentences"] for r in s.get("why") or []}
        assert whys and (whys == {"quality"}) == wins  # the library's model's reasons, else the bundled one's
        assert ("this library's model ranks" in describe_ranking(lib)) == wins


def test_too_few_documents_with_an_abstract_is_one_line_and_writes_nothing(tmp_path, capsys):
    folder = tmp_path / "few"
    folder.mkdir()
    for k in range(3):
        abstract_paper(folder / f"p{k}.pdf", k)
    library = tmp_path / "few.sqlite"
    _add(library, folder)
    assert main(["library", "train", "--library", str(library), "--device", "cpu", "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "at least 20" in err and "nothing written" in err
    assert not model_path(library).exists()
    assert describe_ranking(library).startswith("the bundled learned model ranks (no library model")


def test_the_abstract_is_found_as_built_and_removed(tmp_path):
    pdf = tmp_path / "a.pdf"
    abstract = abstract_paper(pdf, 5)
    found = read_paper(pdf)
    assert found.has_abstract and found.text == " ".join(abstract.split())
    out = redact_abstract(found, tmp_path / "red.pdf")
    again = redact_abstract(found, tmp_path / "red2.pdf")
    assert out.read_bytes() == again.read_bytes()  # the same copy each time: the embedding cache knows it
    import pymupdf

    with pymupdf.open(out) as doc:
        text = " ".join(doc[0].get_text().split())
    assert "Introduction" in text and "reduces the useful life" not in text
    assert not read_paper(out).has_abstract


def test_an_abstract_ends_at_keywords_and_a_document_without_one_has_none(tmp_path):
    b = PaperBuilder(columns=1)
    b.title("Inline abstract")
    words = " ".join(f"word{i}" for i in range(60))
    b.paragraph(f"Abstract— {words}.")
    b.paragraph("Keywords: tests, abstracts")
    b.heading("1 Introduction")
    b.paragraph("Body text follows here in a sentence of its own.")
    b.save(tmp_path / "inline.pdf")
    found = read_paper(tmp_path / "inline.pdf")
    assert found.has_abstract and found.text == f"{words}." and "Keywords" not in found.text
    two_column_paper(tmp_path / "none.pdf")
    assert not read_paper(tmp_path / "none.pdf").has_abstract


@pytest.mark.slow  # reads the library again from an empty training cache
def test_ctrl_c_leaves_the_library_and_its_model_as_they_were(trained):
    """Interrupted while reading its documents, training exits 130 with one line; the library
    file and the model kept before are byte for byte as they were, and the documents read so
    far are in the cache."""
    import hashlib
    import os
    import shutil
    import signal
    import subprocess
    import sys

    from mmsum.paths import cache_home

    library, _, _, _ = trained
    cache = cache_home() / "library-training"
    shutil.rmtree(cache, ignore_errors=True)
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    before = digest(library), digest(model_path(library))
    proc = subprocess.Popen([sys.executable, "-m", "mmsum", "library", "train", "--library", str(library),
                             "--device", "cpu"], cwd=Path(__file__).resolve().parents[1], env=dict(os.environ),
                            stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    lines = []
    for line in proc.stderr:
        lines.append(line)
        if line.startswith("mmsum: [3/"):
            proc.send_signal(signal.SIGINT)
            break
    _, rest = proc.communicate(timeout=120)
    lines += rest.splitlines(keepends=True)
    assert proc.returncode == 130, "".join(lines)
    assert lines[-1].startswith("mmsum: interrupted;") and "as they were" in lines[-1]
    assert "Traceback" not in "".join(lines)
    assert (digest(library), digest(model_path(library))) == before
    assert len(list((cache / "examples").glob("*.pkl"))) >= 2  # a rerun goes on from them


def test_a_model_that_cannot_be_written_is_said_before_any_reading(tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    for k in range(20):
        (folder / f"p{k}.pdf").write_bytes(b"")  # never read: the check comes first
    library = tmp_path / "lib.sqlite"
    from mmsum.library import DocumentRecord, Library

    with Library(library) as lib:
        for k in range(20):
            lib.put(DocumentRecord(str(folder / f"p{k}.pdf"), "h", "{}", "ok"))
    model_path(library).mkdir()  # a folder where the model goes
    assert main(["library", "train", "--library", str(library), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "cannot write to the library's model" in err


@pytest.mark.slow  # prepares the encoders in the tests' own cache when no other test has
def test_documents_without_an_abstract_or_whose_file_is_gone_write_nothing(tmp_path, capsys):
    """Twenty stored papers without an abstract and one whose file is gone: a line for the gone
    one, then one line saying how few have an abstract; no model, none of them run through
    the pipeline."""
    from mmsum.library import DocumentRecord, Library

    folder = tmp_path / "docs"
    folder.mkdir()
    library = tmp_path / "lib.sqlite"
    with Library(library) as lib:
        for k in range(20):
            two_column_paper(folder / f"p{k}.pdf")
            lib.put(DocumentRecord(str(folder / f"p{k}.pdf"), f"h{k}", "{}", "ok"))
        lib.put(DocumentRecord(str(folder / "gone.pdf"), "g", "{}", "ok"))
    assert main(["library", "train", "--library", str(library), "--workers", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert f"mmsum: {folder / 'gone.pdf'}: skipped (the file is gone)" in err
    assert err[-1].startswith(f"mmsum: {library}: 0 of 21 documents have an abstract mmsum can find; training "
                              "needs at least 20 (nothing written)")
    assert not model_path(library).exists()
