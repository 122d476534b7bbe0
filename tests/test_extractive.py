"""Extractive summaries: length, reading order, no repeats, clean sentences."""
from __future__ import annotations

import numpy as np

from mmsum.generate.cleanup import repair, without_dangling_refs
from mmsum.generate.extractive import extractive_summary
from mmsum.options import SummaryOptions, resolve_options
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
    return extractive_summary(doc, scores, vecs, resolve_options(options), set(shown))


def test_word_budget_reading_order_and_no_repeats():
    out = _summary(SummaryOptions(words=40))
    idx = [s.sentence.index for s in out.sentences]
    assert idx[0] == 3 and idx[1:] == sorted(idx[1:])  # "We propose ..." leads, the rest in reading order
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


# --- no repeats at any length, the defining sentence first, sections ---------------------------

GFS = [
    "Data volumes at web companies grow faster than single machines can store them.",  # 0 problem
    "Component failures are the norm rather than the exception in large clusters.",  # 1 problem
    "We have designed and implemented the Google File System, a scalable distributed file system "
    "for large distributed data-intensive applications.",  # 2 defining
    "GFS is a scalable distributed file system for large data-intensive applications.",  # 3 repeats 2
    "The master maintains all file system metadata and chunkservers store chunks on local disks.",  # 4 approach
    "Our largest cluster stores 300 TB across 1000 machines and serves hundreds of clients.",  # 5 finding
    "Reads reach 94 MB/s for one client, 80% of the network limit.",  # 6 finding with numbers
    "The design does not suit workloads of many small random writes.",  # 7 limitation
]


def _gfs(options, scores=None):
    doc = make_document(GFS, sections=["Introduction"] * 4 + ["Design", "Measurements", "Measurements", "Discussion"])
    vecs = text_encoder().encode(GFS)
    scores = np.array(scores or [0.6, 0.5, 0.95, 1.0, 0.7, 0.8, 0.75, 0.4], np.float32)
    return extractive_summary(doc, scores, vecs, resolve_options(options)), vecs


def test_two_sentences_that_say_the_same_thing_are_never_both_taken():
    for words in (25, 60, 150, 400):
        out, _ = _gfs(SummaryOptions(words=words))
        idx = {s.sentence.index for s in out.sentences}
        assert not {2, 3} <= idx, (words, out.text)


def test_paraphrases_are_told_from_distinct_claims():
    from mmsum.generate.redundancy import PARAPHRASE

    enc = text_encoder()
    paraphrases = [  # the same claim in other words
        ("We present a file system that stores data across many cheap commodity servers.",
         "The paper describes a distributed file system built on inexpensive commodity machines."),
        ("Our method reduces the error rate by 30% compared with the baseline.",
         "Compared to the baseline, the proposed approach lowers the error by thirty percent."),
    ]
    distinct = [  # two claims about one subject
        ("Paxos is a protocol for reaching consensus in a network of unreliable processors.",
         "We show that the Paxos protocol tolerates the failure of a minority of processors."),
        ("FastNet uses residual blocks with 12 layers and is trained on 50,000 images.",
         "On the BSD68 benchmark, FastNet reaches 29.4 dB PSNR, 0.3 dB above DnCNN."),
    ]
    for a, b in paraphrases:
        v = enc.encode([a, b])
        assert float(v[0] @ v[1]) >= PARAPHRASE, (a, b)
    for a, b in distinct:
        v = enc.encode([a, b])
        assert float(v[0] @ v[1]) < PARAPHRASE, (a, b)


def test_a_short_sentence_repeating_part_of_a_long_one_is_a_repeat():
    from mmsum.generate.redundancy import repeats
    from mmsum.generate.words import content_words

    long = GFS[2]
    short = "Google File System: scalable distributed file system for data-intensive applications."
    v = np.zeros(2, np.float32)
    assert repeats(v, v, content_words(long), content_words(short))
    assert not repeats(v, v, content_words(long), content_words(GFS[5]))


def test_the_sentence_that_says_what_the_document_does_leads():
    out, _ = _gfs(SummaryOptions(words=80))
    assert out.sentences[0].sentence.index == 2  # defining, though not the most salient
    rest = [s.sentence.index for s in out.sentences[1:]]
    assert rest == sorted(rest)  # the others in reading order


def test_structured_summary_has_sections_that_fit_their_sentences():
    out, _ = _gfs(SummaryOptions(words=150, structure=True))
    names = [s.name for s in out.sections]
    assert names == [n for n in ("Problem", "Approach", "Findings", "Limitations") if n in names]
    by_name = {s.name: [x.sentence.index for x in s.sentences] for s in out.sections}
    assert by_name["Approach"][0] == 2  # what was done leads with the defining sentence
    assert 6 in by_name["Findings"]  # the result with its numbers
    assert by_name.get("Problem") and set(by_name["Problem"]) <= {0, 1}
    assert by_name.get("Limitations") == [7]
    flat = [x.sentence.index for s in out.sections for x in s.sentences]
    assert flat == [s.sentence.index for s in out.sentences] and len(set(flat)) == len(flat)
    assert len(out.text.split()) <= 150 and not {2, 3} <= set(flat)


def test_structured_summary_leaves_out_a_section_nothing_fits():
    texts = GFS[:7]  # no sentence admits a limitation
    doc = make_document(texts, sections=["Introduction"] * 4 + ["Design", "Measurements", "Measurements"])
    vecs = text_encoder().encode(texts)
    out = extractive_summary(doc, np.array([0.6, 0.5, 0.95, 1.0, 0.7, 0.8, 0.75], np.float32), vecs,
                             resolve_options(SummaryOptions(words=200, structure=True)))
    assert "Limitations" not in [s.name for s in out.sections]


def test_paraphrase_cosine_follows_the_encoders_scale():
    from mmsum.generate.redundancy import PARAPHRASE, Novelty, paraphrase_cosine

    rng = np.random.default_rng(0)
    spread = rng.normal(size=(40, 32)).astype(np.float32)
    spread /= np.linalg.norm(spread, axis=1, keepdims=True)
    assert paraphrase_cosine(spread) == PARAPHRASE  # distinct sentences far apart: the fixed cosine
    # an encoder whose vectors share a large common part (every pair at about 0.85-0.9)
    common = rng.normal(size=32).astype(np.float32)
    squeezed = 2.5 * common / np.linalg.norm(common) + spread
    squeezed /= np.linalg.norm(squeezed, axis=1, keepdims=True)
    sims = squeezed @ squeezed.T
    assert np.median(sims[np.triu_indices(40, 1)]) > PARAPHRASE
    novelty = Novelty(squeezed, [f"claim {i}" for i in range(40)])
    novelty.add(0)
    assert novelty.alive.sum() >= 35  # the others are still new claims
    twin = squeezed.copy()
    twin[1] = twin[0]  # an exact restatement is still a repeat
    novelty = Novelty(twin, [f"claim {i}" for i in range(40)])
    novelty.add(0)
    assert not novelty.alive[1]


_ZH = ["深度学习模型的训练需要大量标注数据，这是一个困难的问题。",  # 0 problem
       "本文提出一种基于对比学习的预训练方法，用于减少标注数据的需求。",  # 1 defining: approach
       "该方法通过数据增强构造正负样本对。",  # 2 approach
       "实验结果表明，该方法在三个数据集上的准确率提高了5%。",  # 3 finding with a number
       "本方法的局限在于需要较大的批量大小。",  # 4 limitation
       "习题3-1 证明该损失函数是凸函数。",  # 5 an exercise: no section's
       "图书馆在每天上午九点开门。"]  # 6 nothing


def test_a_chinese_document_gets_sections_in_chinese():
    doc = make_document(_ZH, sections=["引言"] * 2 + ["方法"] + ["实验"] + ["讨论"] + ["习题"] * 2)
    doc.language = "zh"
    vecs = np.eye(len(_ZH), dtype=np.float32)  # every sentence says something else
    scores = np.array([0.7, 1.0, 0.6, 0.8, 0.5, 0.9, 0.4], np.float32)
    out = extractive_summary(doc, scores, vecs, resolve_options(SummaryOptions(words=400, structure=True)))
    by_name = {s.name: [x.sentence.index for x in s.sentences] for s in out.sections}
    assert list(by_name) == ["问题", "方法", "发现", "局限"]
    assert by_name["方法"][0] == 1 and by_name["发现"] == [3] and by_name["局限"] == [4]
    assert 5 not in [x.sentence.index for x in out.sentences]  # an exercise is no finding


def test_a_structured_summary_with_no_section_to_fill_is_the_plain_summary(monkeypatch):
    from mmsum.rank import role_model

    # the role model gives every sentence its likeliest role; without it, these fit no section
    monkeypatch.setattr(role_model, "bundled_role_model", lambda: None)
    texts = ["The library opens at nine every morning.", "Its reading room has forty seats.",
             "The garden behind it is closed in winter.", "Coffee is served on the ground floor."]
    doc = make_document(texts)
    out = extractive_summary(doc, np.array([1.0, 0.8, 0.6, 0.4], np.float32), np.eye(4, dtype=np.float32),
                             resolve_options(SummaryOptions(words=100, structure=True)))
    assert not out.sections and len(out.sentences) == 4  # not an empty summary: a failure before
    assert any("not in sections" in r for r in out.remarks)
