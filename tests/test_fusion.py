"""Fusion weights: what each part of a figure's vector contributes."""
from __future__ import annotations

import numpy as np

from mmsum.embed.document import DocEmbeddings
from mmsum.embed.fusion import (CAPTION_WEIGHT, IMAGE_WEIGHT_VISUAL, figure_figure_similarity,
                                figure_sentence_similarity, figure_text_vectors, fuse_figures)
from mmsum.embed.channels import unit_rows
from tests.encoders import make_document


def _unit(v):
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


def _emb(images=None, sentences_img=None):
    sentences = np.stack([_unit([1, 0, 0]), _unit([0, 1, 0]), _unit([0, 0, 1])])
    captions = np.stack([_unit([1, 0, 0]), np.zeros(3, np.float32), np.zeros(3, np.float32)])
    return DocEmbeddings(sentences, captions, images, sentences_img)


def _doc():
    return make_document(["a.", "b.", "c."], figures=[
        {"caption": "Figure 1: a", "mentions": [1]},  # caption and a mention
        {"caption": "", "mentions": [2]},  # a mention only
        {"caption": ""},  # nothing to read
    ])


def test_text_part_weights_caption_over_mentions():
    t = figure_text_vectors(_doc(), _emb())
    # the weighted mean of the channels: its cosine with a sentence is the weighted mean of theirs
    expected = np.array([CAPTION_WEIGHT, 1 - CAPTION_WEIGHT, 0], dtype=np.float32)
    assert np.allclose(t[0], expected, atol=1e-6)
    assert np.allclose(t[1], [0, 0, 1]) and not t[2].any()


def test_fused_similarity_is_the_weighted_sum_of_text_and_image_cosines():
    images = np.stack([_unit([1, 0]), _unit([1, 1]), _unit([0, 1])])
    fv = fuse_figures(_doc(), _emb(images))
    sim = figure_figure_similarity(fv)
    t = unit_rows(fv.text)
    w = IMAGE_WEIGHT_VISUAL
    assert np.isclose(sim[0, 1], (1 - w) * (t[0] @ t[1]) + w * (images[0] @ images[1]), atol=1e-6)
    # the third figure has no text at all: only its picture relates it to the others
    assert np.isclose(sim[2, 1], w * (images[2] @ images[1]), atol=1e-6)
    # a visual-only encoder does not speak to sentences: figure-sentence is the text part alone
    assert np.allclose(figure_sentence_similarity(fv, _emb(images)), fv.text @ _emb().sentences.T)


def test_shared_space_lets_the_image_speak_to_sentences():
    images = np.stack([_unit([1, 0]), _unit([0, 1]), _unit([0, 1])])
    sents_img = np.stack([_unit([1, 0]), _unit([0.2, 1]), _unit([0, 1])])
    emb = _emb(images, sents_img)
    fv = fuse_figures(_doc(), emb, shared_space=True)
    sim = figure_sentence_similarity(fv, emb)
    text_only = fv.text @ emb.sentences.T
    assert not np.allclose(sim[:2], text_only[:2])
    # the figure without text is placed by its image alone: closest to the sentences it depicts
    assert sim[2, 2] > sim[2, 0]
