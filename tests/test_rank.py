"""Salience of sentences and figures on hand-made documents with real embeddings."""
from __future__ import annotations

import os
import numpy as np

from mmsum.embed.document import DocEmbeddings, embed_document
from mmsum.embed.fusion import fuse_figures
from mmsum.rank import centrality, rank_document
from mmsum.rank.figures import decorative
from mmsum.rank.priors import defining_prior, position_prior, prose_quality, section_prior, section_weight
from tests.encoders import image_encoder, make_document, png, text_encoder

PAPER = [
    "Solar panels lose efficiency when dust accumulates on their surface.",  # 0
    "In this paper we propose a robotic cleaning schedule that keeps solar panels free of dust.",  # 1
    "Dust reduces the power output of solar panels by up to a quarter in desert climates.",  # 2
    "The cafeteria of our institute serves lunch between noon and two.",  # 3 off-topic
    "Figure 1 shows the power output of a dusty panel over one month.",  # 4
    "Figure 2 shows the floor plan of the building that hosts the lab.",  # 5
    "x = 3.2 + 4.1 y [12] [13] 2 3 4 5 6 7",  # 6 equation debris
    "We show that daily cleaning restores nearly all of the lost solar power output.",  # 7
    "Cleaning robots brush the dust off the panels without water.",  # 8
    "In conclusion, scheduled robotic cleaning keeps dusty solar panels productive.",  # 9
]


def _ranked(doc, image=None, query=None):
    emb = embed_document(doc, text_encoder(), image)
    figs = fuse_figures(doc, emb)
    q = text_encoder().encode([query])[0] if query else None
    return rank_document(doc, emb, figs, q), emb


def test_priors_mark_claims_sections_and_debris():
    doc = make_document(PAPER, sections=["Introduction"] * 5 + ["Related work"] + [None] * 4)
    defining = defining_prior(doc)
    assert defining[1] > 1 and defining[0] == 1
    assert defining[3] == 1 and defining[7] == 1  # "our institute" and "we show" do not say what the paper is
    sec = section_prior(doc)
    assert sec[0] == 1 and sec[5] == -1 and sec[9] == 0
    assert section_weight(doc)[5] < 1 and section_weight(doc)[0] == 1
    assert prose_quality(PAPER[6]) < 0.2 < 0.8 < prose_quality(PAPER[1])
    assert prose_quality("See http://example.org for the code.") == 0
    assert prose_quality("results of the") < prose_quality("The results of the trial were clear.")


def test_on_topic_claims_outrank_digressions_and_debris():
    doc = make_document(PAPER)
    ranking, _ = _ranked(doc)
    s = ranking.sentence_scores
    top = [r.sentence.index for r in ranking.sentences(doc)[:3]]
    assert 1 in top
    assert s[3] < np.median(s) and s[6] == min(s)


def test_figure_about_the_main_topic_ranks_first_and_citations_count():
    doc = make_document(PAPER, figures=[
        {"label": "Figure 1", "number": 1, "caption": "Figure 1: Floor plan of the building.", "mentions": [5]},
        {"label": "Figure 2", "number": 2, "caption": "Figure 2: Power output of a dusty solar panel.",
         "mentions": [4, 7]},
    ])
    ranking, _ = _ranked(doc)
    assert [f.figure.label for f in ranking.figures(doc)] == ["Figure 2", "Figure 1"]
    assert ranking.figure_scores.max() == 1.0 and ranking.figure_scores.min() > 0  # both can be shown


def test_query_moves_relevant_sentences_up():
    doc = make_document(PAPER)
    plain, _ = _ranked(doc)
    focused, _ = _ranked(doc, query="lunch at the cafeteria")
    assert focused.sentence_scores[3] > plain.sentence_scores[3]
    assert focused.sentences(doc)[0].sentence.index == 3


def test_repeated_uncaptioned_picture_is_decorative():
    logo, plot = png(5, 60, 60), png(9, 200, 120)
    doc = make_document(PAPER, figures=[
        {"id": "logo-1", "page": 0, "image_png": logo, "caption": ""},
        {"id": "logo-2", "page": 1, "image_png": logo, "caption": ""},
        {"id": "plot", "page": 1, "image_png": plot, "caption": "Figure 1: Power of a dusty panel.",
         "label": "Figure 1", "number": 1},
    ])
    emb = embed_document(doc, text_encoder(), image_encoder())
    assert decorative(doc, emb).tolist() == [True, True, False]
    ranking = rank_document(doc, emb, fuse_figures(doc, emb))
    assert ranking.figures(doc)[0].figure.id == "plot"
    assert ranking.figure_scores[0] == 0 and ranking.figure_scores[1] == 0
    # without images the same logos cannot be recognised as repeats
    no_img = DocEmbeddings(emb.sentences, emb.captions)
    assert not decorative(doc, no_img).any()


def test_blocked_centrality_equals_the_whole_matrix(monkeypatch):
    rng = np.random.default_rng(0)
    v = rng.normal(size=(50, 8)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    whole = centrality.directed_centrality(v)
    monkeypatch.setattr(centrality, "BLOCK", 7)
    assert np.allclose(centrality.directed_centrality(v), whole, atol=1e-6)
    assert whole.shape == (50,) and whole.max() > 0


def test_forward_similarity_counts_more_than_backward(monkeypatch):
    monkeypatch.setattr(centrality, "similarity_threshold", lambda v: 0.0)  # direction only
    # sentence 0 previews what follows; sentence 3 repeats what came before: same similarities
    v = np.array([[1, 0], [0.9, 0.436], [0.9, 0.436], [1, 0], [0, 1], [0, 1]], dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    c = centrality.directed_centrality(v)
    assert c[0] > c[3]


def test_empty_document_ranks_nothing():
    doc = make_document([])
    emb = DocEmbeddings(np.zeros((0, 384), np.float32), np.zeros((0, 384), np.float32))
    r = rank_document(doc, emb, fuse_figures(doc, emb))
    assert r.sentence_scores.size == 0 and r.figure_scores.size == 0


def test_key_figures_skip_look_alikes_and_decoration():
    from mmsum.rank.figures import pick_figures
    from mmsum.summary import ScoredFigure

    doc = make_document(PAPER, figures=[{"id": k} for k in ("a", "b", "c", "d")])
    ranked = [ScoredFigure(doc.figures[i], s) for i, s in ((0, 1.0), (1, 0.95), (2, 0.7), (3, 0.0))]
    sim = np.eye(4, dtype=np.float32)
    sim[0, 1] = sim[1, 0] = 0.85  # b looks much like a
    assert [f.figure.id for f in pick_figures(ranked, sim, doc, 2)] == ["a", "c"]
    assert [f.figure.id for f in pick_figures(ranked, np.eye(4), doc, 2)] == ["a", "b"]
    sim[0, 1] = sim[1, 0] = 0.95  # a near-duplicate never joins, even with slots to spare
    assert [f.figure.id for f in pick_figures(ranked, sim, doc, 4)] == ["a", "c"]  # d is decorative


def test_openings_of_the_document_and_of_each_part_introduce():
    doc = make_document([f"Sentence number {i} of the book." for i in range(100)])
    whole = position_prior(doc)
    assert whole[0] == max(whole) and whole[-1] < 1.01
    parts = np.repeat(np.arange(4), 25)
    by_part = position_prior(doc, parts)
    assert by_part[25] > whole[25] and by_part[50] > by_part[49]  # each chapter's start


CHAPTERS = {
    "Solar power": ["Solar panels turn sunlight into electricity with photovoltaic cells.",
                    "Panel efficiency falls as the cells heat up in summer.",
                    "Inverters convert the direct current of the panels to alternating current.",
                    "Dust on the glass lowers the output of a solar panel.",
                    "Tracking mounts turn the panels to follow the sun across the sky."],
    "Bread": ["Bread dough rises because yeast ferments the sugars in the flour.",
              "Kneading the dough develops the gluten that holds the gas.",
              "A hot oven gives the loaf its crust and its oven spring.",
              "Sourdough uses wild yeast and lactic bacteria instead of baker's yeast.",
              "Whole grain flour makes a denser loaf than white flour."],
    "Volcanoes": ["Volcanoes erupt when magma rises through cracks in the crust.",
                  "Lava flows cool into basalt when the magma is poor in silica.",
                  "Explosive eruptions throw ash high into the atmosphere.",
                  "Volcanic ash can ground aircraft across a whole continent.",
                  "Hot springs and geysers are heated by magma below the surface."],
    "Chess": ["A chess game opens with the development of knights and bishops.",
              "Castling moves the king to safety behind a wall of pawns.",
              "The endgame often turns on the activity of the king.",
              "A pawn that reaches the last rank is promoted to a queen.",
              "Openings such as the Sicilian Defence have been studied for centuries."],
}


def test_a_long_document_is_read_chapter_by_chapter(monkeypatch):
    import mmsum.rank as rank
    from mmsum.document import Section
    from mmsum.generate.extractive import extractive_summary
    from mmsum.options import SummaryOptions, resolve_options
    from mmsum.rank import structure

    # a "book": four chapters of unequal length on unrelated subjects; the first is the longest
    texts, sections = [], []
    for k, (title, sents) in enumerate(CHAPTERS.items()):
        for _ in range(8 if k == 0 else 2):
            texts += sents
            sections += [title] * len(sents)
    doc = make_document(texts, sections=sections)
    doc.sections = [Section(title, 0, 1) for title in CHAPTERS]
    monkeypatch.setattr(structure, "MIN_PART_SENTENCES", 5)
    emb = embed_document(doc, text_encoder(), None)
    whole = rank.sentence_scores(doc, emb)
    monkeypatch.setattr(rank.sentences, "LONG", 20)  # as if it ran to hundreds of pages
    by_part = rank.sentence_scores(doc, emb)
    assert document_parts(doc) == 4

    def chapters(scores, n):
        out = extractive_summary(doc, scores, emb.sentences, resolve_options(SummaryOptions(sentences=n)))
        return {s.sentence.section for s in out.sentences}

    # the whole graph is drawn to the longest chapter; part by part, the chapters each speak
    assert len(chapters(whole, 4)) <= 2 and len(chapters(by_part, 4)) >= 3
    assert len(chapters(by_part, 6)) == 4


def document_parts(doc) -> int:
    from mmsum.rank.structure import document_structure

    return document_structure(doc).n_parts


def test_cover_bands_banners_and_margin_logos_are_decorative():
    doc = make_document(PAPER, figures=[
        {"id": "band", "page": 0, "bbox": (0.0, 0.0, 612.0, 255.0), "image_png": png(1, 200, 80), "caption": ""},
        {"id": "logo", "page": 1, "bbox": (480.0, 20.0, 560.0, 60.0), "image_png": png(2, 60, 30), "caption": ""},
        {"id": "drawing", "page": 1, "bbox": (150.0, 300.0, 450.0, 500.0), "image_png": png(3, 200, 120),
         "caption": ""},
        {"id": "plot", "page": 1, "bbox": (0.0, 300.0, 612.0, 500.0), "image_png": png(9, 200, 120),
         "caption": "Figure 1: Power of a dusty panel.", "label": "Figure 1", "number": 1},
    ])
    emb = embed_document(doc, text_encoder(), None)  # told by place alone: no picture is compared
    assert decorative(doc, emb).tolist() == [True, True, False, False]


def test_a_figure_note_does_not_depend_on_the_hash_seed():
    """Tied claim terms are listed in one order whatever Python's hash seed (the JSON of two
    runs on one document is the same)."""
    import subprocess
    import sys

    code = ("from mmsum.rank.claims import claim_overlap\n"
            "w = {t: 1.0 for t in ('alpha', 'bravo', 'delta', 'gamma', 'omega', 'sigma')}\n"
            "print(claim_overlap('sigma omega gamma delta bravo alpha', w))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(1, 6)}
    assert outs == {"(6.0, ['alpha', 'bravo', 'delta'])\n"}
