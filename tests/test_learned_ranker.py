"""The learned ranker: its features, labels, training, the shipped weights on built documents."""
from __future__ import annotations

import json

import numpy as np
import pytest

from mmsum.errors import OptionsError
from mmsum.options import SummaryOptions
from mmsum.rank.features import FIGURE_FEATURES, SENTENCE_FEATURES, word_count
from mmsum.rank.learned import BUNDLED, LinearModel, check_ranker, load_ranker
from mmsum.train.fit import Table, assign_folds, fit, sentence_targets
from mmsum.train.oracle import greedy_oracle
from mmsum.train.data import figure_labels, sentence_labels
from tests.encoders import make_document, summarizer
from tests.pdfbuild import chinese_paper, two_column_paper

ABSTRACT = ("We propose a robotic cleaning schedule that keeps solar panels free of dust. "
            "Daily cleaning restores nearly all of the lost power output.")


def test_the_shipped_weights_load_and_name_every_feature():
    ranker = load_ranker("learned")
    assert load_ranker("heuristic") is None
    assert set(ranker.sentences.features) <= set(SENTENCE_FEATURES)
    assert set(ranker.figures.features) <= set(FIGURE_FEATURES)
    assert len(ranker.sentences.coef) == len(ranker.sentences.features)
    assert (BUNDLED.parent / "MODEL_CARD.md").is_file()


@pytest.mark.parametrize("builder", [two_column_paper, chinese_paper])
def test_the_learned_ranker_scores_a_built_document_and_says_why(tmp_path, builder):
    from mmsum.export import write_summary

    path = tmp_path / "paper.pdf"
    truth = builder(path)
    summary = summarizer().summarize(path, SummaryOptions(ranker="learned+figures", figures=3))
    assert summary.text.strip() and summary.sentences
    assert len(summary.figures) == min(3, len(truth.figures))
    assert summary.figures[0].score == 1.0 and all(0 < f.score <= 1 for f in summary.figures)
    names = set(SENTENCE_FEATURES) | set(FIGURE_FEATURES)
    for item in [*summary.sentences, *summary.figures]:
        assert item.why and {r.signal for r in item.why} <= names
        assert all(r.note and 0 < r.share <= 1 for r in item.why)
        assert [r.share for r in item.why] == sorted((r.share for r in item.why), reverse=True)
    (js,) = write_summary(summary, tmp_path, ("json",))
    record = json.loads(js.read_text())
    assert record["sentences"][0]["why"] and record["figures"][0]["why"]


def test_the_learned_sentence_ranker_keeps_the_hand_weighted_figures(tmp_path):
    path = tmp_path / "paper.pdf"
    two_column_paper(path)
    learned = summarizer().summarize(path, SummaryOptions(ranker="learned", figures=3))
    heuristic = summarizer().summarize(path, SummaryOptions(ranker="heuristic", figures=3))
    assert learned.sentences and all(s.why for s in learned.sentences)  # the model's reasons
    assert [(f.figure.id, f.score, [r.signal for r in f.why]) for f in learned.figures] == \
        [(f.figure.id, f.score, [r.signal for r in f.why]) for f in heuristic.figures]


def test_the_heuristic_ranker_stays_and_gives_no_sentence_reasons(tmp_path):
    path = tmp_path / "paper.pdf"
    two_column_paper(path)
    summary = summarizer().summarize(path, SummaryOptions(ranker="heuristic"))
    assert summary.sentences and not any(s.why for s in summary.sentences)


def test_a_ranker_that_is_not_weights_is_one_clear_line(tmp_path):
    with pytest.raises(OptionsError, match="ranker must be learned, learned.figures, heuristic or a weights file"):
        SummaryOptions(ranker="/no/such/weights.json").validate()
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": 1}')
    SummaryOptions(ranker=str(bad)).validate()  # a file: its content is read at the edge (the CLI)
    with pytest.raises(OptionsError, match="not a ranker weights file") as e:
        check_ranker(str(bad))
    assert "\n" not in str(e.value)


def test_the_reasons_are_the_largest_contributions():
    model = LinearModel(["a", "b", "c"], np.zeros(3, np.float32), np.ones(3, np.float32),
                        np.array([1.0, -2.0, 0.5], np.float32), 0.0)
    x = np.array([[1.0, 1.0, 4.0]], np.float32)
    assert [name for name, _, _ in model.strongest(x, ("a", "b", "c"), 0)] == ["c", "a"]  # b lowers it
    assert model.score(x, ("a", "b", "c"))[0] == pytest.approx(1 / (1 + np.exp(-1.0)))


def test_features_hold_across_languages():
    assert word_count("Solar panels lose power.") == 4
    assert word_count("传感器网络的大部分能") == 5  # characters two a word
    from mmsum.embed.document import embed_document
    from mmsum.rank.features import sentence_features
    from tests.encoders import text_encoder

    doc = make_document(["传感器网络的大部分能量用于无线通信。", "我们测量了每个节点的电流。",
                         "网关附近的节点转发更多的数据包。"])
    x = sentence_features(doc, embed_document(doc, text_encoder(), None))
    assert x.shape == (3, len(SENTENCE_FEATURES)) and np.isfinite(x).all()
    assert (x[:, SENTENCE_FEATURES.index("log_length")] > 1).all()


def test_keyness_ranks_the_sentences_that_say_what_the_document_repeats():
    from mmsum.rank.features import term_keyness
    texts = ["Sensor networks lose battery power when the radio listens.",
             "The sensor networks relay packets to the gateway.",
             "The cafeteria serves lunch between noon and two.",
             "Battery power of sensor networks halves by summer."]
    key, pairs = term_keyness(texts)
    assert key.shape == pairs.shape == (4,) and 0 <= key.min() and key.max() <= 1
    assert int(np.argmin(key)) == 2 and int(np.argmin(pairs)) == 2  # lunch repeats nothing
    assert pairs[0] > pairs[2] and pairs[3] > pairs[2]  # "sensor network", "battery power" said again
    zh, zh_pairs = term_keyness(["传感器网络的能量用于无线通信。", "传感器网络的节点转发数据。", "午饭在中午供应。"])
    assert int(np.argmin(zh)) == 2 and np.isfinite(zh_pairs).all()


def test_the_sentence_model_reads_neither_length_nor_position():
    from mmsum.train.fit import SENTENCE_UNUSED
    rng = np.random.default_rng(1)
    ranker = fit([_table(f"set{k % 3}-doc{k}", rng) for k in range(12)])
    assert not set(SENTENCE_UNUSED) & set(ranker.sentences.features)
    assert not set(SENTENCE_UNUSED) & set(load_ranker("learned").sentences.features)  # the shipped weights
    assert "log_length" in fit([_table("set0-doc0", rng)] * 3, sentence_unused=()).sentences.features


def test_labels_come_from_the_abstract():
    texts = ["We propose a robotic cleaning schedule that keeps solar panels free of dust.",
             "The cafeteria serves lunch between noon and two."]
    labels = sentence_labels(texts, ABSTRACT)
    assert labels[0] > 0.8 and labels[1] < 0.1
    doc = make_document(texts, figures=[
        {"label": "Figure 1", "number": 1, "caption": "Figure 1: The cafeteria menu.", "mentions": [1]},
        {"label": "Figure 2", "number": 2, "caption": "Figure 2: Daily cleaning restores the lost power output.",
         "mentions": [0]}])
    label, caption = figure_labels(doc, ABSTRACT)
    assert label[1] > label[0] and caption[1] > 0 and label[1] > caption[1]  # the mentions add


def _table(name: str, rng: np.random.Generator) -> Table:
    """A document whose abstract-worthy sentences are exactly its defining ones, and whose best
    figure is the one the introduction cites."""
    n, m = 40, 4
    xs = rng.random((n, len(SENTENCE_FEATURES))).astype(np.float32)
    defining = np.zeros(n, np.float32)
    defining[rng.choice(n, 4, replace=False)] = 1
    xs[:, SENTENCE_FEATURES.index("defining")] = defining
    xf = rng.random((m, len(FIGURE_FEATURES))).astype(np.float32)
    best = int(rng.integers(m))
    xf[:, FIGURE_FEATURES.index("sig_cited_where")] = np.arange(m) == best
    yf = (np.arange(m) == best).astype(np.float32)
    texts = [_CLAIM if d else _OTHER for d in defining]
    return Table(name, xs, np.ones(n, bool), defining + 0.01 * rng.random(n).astype(np.float32),
                 texts, ABSTRACT, xf, None, yf, yf, np.zeros(m, bool))


_CLAIM = "We propose a robotic cleaning schedule that keeps solar panels free of dust."
_OTHER = "The cafeteria serves lunch between noon and two."


def test_the_oracle_summary_covers_the_abstract_together():
    texts = [_CLAIM, _OTHER, "Daily cleaning restores the lost power output of the panels.", _CLAIM]
    picked = greedy_oracle(texts, np.ones(4, bool), ABSTRACT)
    assert sorted(picked) in ([0, 2], [2, 3])  # the claim once (a repeat adds nothing), the result; not lunch
    assert greedy_oracle(texts, np.array([False, True, True, False]), ABSTRACT) == [2]


def test_training_learns_what_decides_the_labels():
    rng = np.random.default_rng(0)
    tables = [_table(f"set{k % 3}-doc{k}", rng) for k in range(30)]
    targets = sentence_targets(tables[0])
    assert targets.sum() == 4 and set(np.flatnonzero(targets)) == set(np.flatnonzero(tables[0].xs[:, SENTENCE_FEATURES.index("defining")]))  # the best tenth: the 4
    ranker = fit(tables)
    s, f = ranker.sentences, ranker.figures
    assert s.features[int(np.argmax(s.coef))] == "defining"
    assert f.features[int(np.argmax(f.coef))] == "sig_cited_where"
    without = fit(tables, ("pixels", "figure-text"))
    assert not {"pixel_1", "pixel_salient", "sig_own_text", "text_words"} & set(without.figures.features)


def test_folds_hold_whole_documents_and_mix_the_sets():
    names = [f"{s}-paper{k}.pdf" for s in ("dbd", "pwl", "rjss") for k in range(10)]
    folds = assign_folds(names, 5)
    assert set(folds) == set(names) and set(folds.values()) == set(range(5))
    for k in range(5):
        held = [n for n in names if folds[n] == k]
        assert len(held) == 6 and {n.split("-")[0] for n in held} == {"dbd", "pwl", "rjss"}
