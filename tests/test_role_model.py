"""Sentence roles learned from section headings: the labels, the shipped model, and structured
summaries of a paper whose headings say nothing."""
from __future__ import annotations

import numpy as np
import pytest

from mmsum.document import Document, Section
from mmsum.rank import role_model
from mmsum.rank.role_model import CUE_FEATURES, bundled_role_model, cue_columns, vector_columns
from mmsum.rank.roles import ROLES, heading_role, heading_roles
from mmsum.train.roles import sentence_labels
from tests.encoders import make_document, summarizer
from tests.pdfbuild import UNTOLD_ROLES, untold_headings_paper


def _doc(rows: list[tuple[str, str | None]], sections: list[tuple[str, int]]) -> Document:
    doc = make_document([text for text, _ in rows], [sec for _, sec in rows])
    for s in doc.sentences:
        s.block = s.index
    doc.sections = [Section(title, 0, level) for title, level in sections]
    return doc


@pytest.mark.parametrize("heading, role", [
    ("1 Introduction", "problem"), ("II. THE MODEL", "approach"), ("5 Empirical results", "findings"),
    ("8 Conclusion", "findings"), ("6 Limitations", "limitations"), ("Threats to validity", "limitations"),
    ("3 Raft basics", None), ("Results and discussion", None),  # none named, or two
    ("1 引言", "problem"), ("3 实验", "findings"), ("5 局限", "limitations"), ("2 基础", None),
])
def test_a_heading_labels_its_sentences_only_when_it_names_one_role(heading, role):
    assert heading_role(heading) == role
    assert heading_roles(heading) == ((role,) if role else heading_roles(heading))


def test_a_heading_that_says_nothing_takes_the_label_of_the_heading_above_it():
    doc = _doc([("We study consensus.", "1 Introduction"), ("Servers vote.", "2 Method"),
                ("Terms are numbered.", "2.1 Terms"), ("It ran fast.", "3 Raft basics"),
                ("Thanks.", None)],
               [("1 Introduction", 1), ("2 Method", 1), ("2.1 Terms", 2), ("3 Raft basics", 1)])
    labels = sentence_labels(doc)
    assert [ROLES[k] if k >= 0 else None for k in labels] == ["problem", "approach", "approach", None, None]


def test_the_features_never_see_the_heading():
    rows = [("We propose a new scheduler for clusters.", "2 Method"), ("It halves the waiting time.", "2 Method")]
    told = _doc(rows, [("2 Method", 1)])
    untold = _doc([(t, "2 Basics") for t, _ in rows], [("2 Basics", 1)])
    assert np.array_equal(cue_columns(told), cue_columns(untold))
    vectors = np.random.default_rng(0).normal(size=(2, 8))
    basis = np.random.default_rng(1).normal(size=(4, 8))
    section = np.zeros(2, dtype=int)
    assert np.allclose(vector_columns(section, vectors, basis)[1, 4:7], (vectors[0] - basis[0]) @ basis[1:].T)


def test_the_shipped_weights_load_and_give_probabilities():
    model = bundled_role_model()
    assert model is not None and model.encoder.endswith("all-MiniLM-L6-v2")
    assert model.cues.features == CUE_FEATURES and model.basis.shape[1] == 384
    doc = _doc([("Distributed logs lose writes when the leader fails.", "1 Basics"),
                ("We measured a 40% lower latency than Paxos.", "3 More")], [("1 Basics", 1), ("3 More", 1)])
    vectors = np.random.default_rng(0).normal(size=(2, 384)).astype(np.float32)
    for p in (model.probabilities(doc, vectors, model.encoder), model.probabilities(doc, vectors, "other-encoder"),
              model.probabilities(doc, None, None)):
        assert p.shape == (2, len(ROLES)) and np.allclose(p.sum(1), 1.0)


def _sections(out) -> dict[str, list[str]]:
    return {s.name: [x.sentence.text for x in s.sentences] for s in out.sections}


def _placed(sections: dict[str, list[str]]) -> dict[str, str | None]:
    """For each marked sentence of the built paper: the section it stands in (None: left out)."""
    where = {}
    for role, text in UNTOLD_ROLES.items():
        where[role] = next((name for name, texts in sections.items() if any(text in t for t in texts)), None)
    return where


@pytest.fixture(scope="module")
def untold_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("untold") / "untold.pdf"
    untold_headings_paper(path)
    return path


def test_a_paper_whose_headings_say_nothing_gets_each_sentence_in_its_section(untold_pdf):
    from mmsum.options import SummaryOptions

    out = summarizer().summarize(untold_pdf, SummaryOptions(words=400, structure=True))
    assert _placed(_sections(out)) == {"problem": "Problem", "approach": "Approach", "findings": "Findings",
                                       "limitations": "Limitations"}


def test_without_the_model_the_cue_phrases_misplace_them(untold_pdf, monkeypatch):
    from mmsum.options import SummaryOptions

    monkeypatch.setattr(role_model, "bundled_role_model", lambda: None)
    out = summarizer().summarize(untold_pdf, SummaryOptions(words=400, structure=True))
    placed = _placed(_sections(out))
    assert placed["problem"] != "Problem" and placed["approach"] != "Approach" and placed["findings"] != "Findings"


def test_the_training_command_fits_weights_from_headed_documents_and_caches_them(tmp_path, capsys):
    import json

    from mmsum.rank.role_model import RoleModel
    from mmsum.train.roles import main

    pytest.importorskip("sklearn")
    folder = tmp_path / "corpus"
    folder.mkdir()
    told = ("1 Introduction", "2 Method", "3 Results", "4 Limitations")
    for k in range(4):
        untold_headings_paper(folder / f"set{k % 2}-paper{k}.pdf", told)
    untold_headings_paper(folder / "set0-untold.pdf")  # read, but no sentence is labelled
    out = tmp_path / "roles.json"
    main([str(folder), "--out", str(out), "--cache", str(tmp_path / "cache"), "--folds", "2"])
    printed = capsys.readouterr().out
    assert "labelled sentences in 4 of 5 documents" in printed
    assert all(f"{role}: recall=" in printed for role in ROLES)
    model = RoleModel.from_json(json.loads(out.read_text()))
    assert model.encoder.endswith("all-MiniLM-L6-v2")
    assert len(list((tmp_path / "cache" / "tables").glob("*.pkl"))) == 5
