"""Extractive summaries: length, reading order, no repeats, clean sentences."""
from __future__ import annotations

import numpy as np

from mmsum.generate.extractive import extractive_summary, repair, without_dangling_refs
from mmsum.options import SummaryOptions
from tests.encoders import make_document, text_encoder

TEXTS = [
    "Wind turbines convert the kinetic energy of moving air into electricity.",
    "Wind turbines turn the kinetic energy of the moving air into electric power.",  # near-repeat of 0
    "Blade icing lowers the output of turbines in cold climates during winter.",
    "We propose a heating film that keeps the blades free of ice.",
    "The film draws little power compared with the energy it saves.",
    "Fig. 3 shows the film mounted on a blade.",
    "Field tests over two winters confirm the savings at three sites.",
]


def _summary(options, scores=None, shown=frozenset()):
    doc = make_document(TEXTS)
    vecs = text_encoder().encode(TEXTS)
    scores = np.array(scores if scores is not None else [1.0, 0.95, 0.6, 0.9, 0.5, 0.85, 0.7], np.float32)
    return extractive_summary(doc, scores, vecs, options, set(shown))


def test_word_budget_reading_order_and_no_repeats():
    out = _summary(SummaryOptions(words=40))
    idx = [s.sentence.index for s in out.sentences]
    assert idx == sorted(idx)
    assert len(out.text.split()) <= 40
    assert 0 in idx and 1 not in idx  # the near-repeat lost to novelty
    assert out.text == " ".join(s.sentence.text for s in out.sentences)


def test_sentence_budget_and_default_length():
    assert len(_summary(SummaryOptions(sentences=2)).sentences) == 2
    default = _summary(SummaryOptions())
    assert 0 < len(default.text.split()) <= 150


def test_sentence_about_a_figure_needs_the_figure():
    without = [s.sentence.index for s in _summary(SummaryOptions(sentences=4)).sentences]
    with_fig = [s.sentence.index for s in _summary(SummaryOptions(sentences=4), shown={3}).sentences]
    assert 5 not in without and 5 in with_fig


def test_a_budget_smaller_than_any_sentence_still_gives_a_cut_sentence():
    out = _summary(SummaryOptions(words=3))
    assert len(out.sentences) == 1 and len(out.text.split()) == 3 and out.text.endswith("…")


def test_repair_joins_broken_words_and_keeps_real_hyphens():
    assert repair("the infor- mation is ﬁne") == "the information is fine"
    assert repair("pre- and post-processing") == "pre- and post-processing"
    assert repair("a  state-of-the-art\nmodel") == "a state-of-the-art model"


def test_dangling_figure_references():
    assert without_dangling_refs("The error falls (see Fig. 4) as data grow.", set()) == \
        "The error falls as data grow."
    assert without_dangling_refs("The error, as shown in Figure 2, falls quickly.", set()) == \
        "The error falls quickly."
    assert without_dangling_refs("Figure 2 shows the error.", set()) is None
    assert without_dangling_refs("Figure 2 shows the error.", {2}) == "Figure 2 shows the error."
    assert without_dangling_refs("The error falls (Fig. 2b).", {2}) == "The error falls (Fig. 2b)."
