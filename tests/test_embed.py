"""Text and image encoders on real bundled models, and the embedding cache."""
from __future__ import annotations

import numpy as np
import pytest

from mmsum.cache import EmbeddingCache
from mmsum.embed.document import embed_document
from mmsum.progress import Cancelled
from tests.encoders import image_encoder, make_document, png, text_encoder


def test_text_vectors_are_unit_rows_and_follow_meaning():
    enc = text_encoder()
    v = enc.encode(["The cat sat on the mat.", "A kitten was sitting on the rug.",
                    "Quarterly revenue rose by four percent."])
    assert v.shape == (3, enc.dim) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_text_order_does_not_change_vectors():
    enc = text_encoder()
    texts = ["short one.", "a much longer sentence about figures and their captions in papers."]
    a, b = enc.encode(texts), enc.encode(texts[::-1])
    assert np.allclose(a, b[::-1], atol=1e-5)


def test_image_vectors_tell_pictures_apart_and_skip_missing_crops():
    enc = image_encoder()
    v = enc.encode_images([png(1), png(1), png(7, 200, 90), None, b"not an image"])
    assert v.shape == (5, 1280)
    assert np.allclose(np.linalg.norm(v[:3], axis=1), 1.0, atol=1e-5)
    assert not v[3].any() and not v[4].any()  # nothing to see: no visual similarity at all
    assert v[0] @ v[1] == pytest.approx(1.0, abs=1e-5)
    assert v[0] @ v[2] < 0.99


def test_text_encoding_checks_cancel():
    with pytest.raises(Cancelled):
        text_encoder().encode(["a sentence."] * 3, cancel=lambda: True)


class CountingText:
    """The real text encoder, counting how many texts it was asked to encode."""

    def __init__(self, enc):
        self.enc, self.name, self.cache_key, self.calls = enc, enc.name, enc.cache_key, 0

    def encode(self, texts, **kw):
        self.calls += len(texts)
        return self.enc.encode(texts, **kw)


def _doc(caption="Figure 1: Power draw per node.", content_hash="feedbeef"):
    return make_document(["Sensors use energy for radio.", "We propose duty cycling to save it.",
                          "Figure 1 shows the power draw."],
                         figures=[{"caption": caption, "label": "Figure 1", "number": 1,
                                   "image_png": png(3), "mentions": [2]},
                                  {"caption": "", "image_png": None}],
                         content_hash=content_hash)


def test_embed_document_and_cache_round_trip(tmp_path):
    cache = EmbeddingCache(tmp_path)
    enc = CountingText(text_encoder())
    doc = _doc()
    first = embed_document(doc, enc, image_encoder(), cache)
    assert enc.calls == 4  # three sentences and the one caption there is
    assert first.sentences.shape == (3, 384) and first.captions.shape == (2, 384)
    assert not first.captions[1].any() and first.captions[0].any()
    assert first.images.shape == (2, 1280) and not first.images[1].any()
    again = embed_document(doc, enc, image_encoder(), cache)
    assert enc.calls == 4  # served from the cache
    assert np.array_equal(first.sentences, again.sentences) and np.array_equal(first.images, again.images)


def test_cache_entry_is_not_reused_for_other_text_or_when_corrupt(tmp_path):
    cache = EmbeddingCache(tmp_path)
    enc = CountingText(text_encoder())
    embed_document(_doc(), enc, None, cache)
    embed_document(_doc(), enc, None, cache)
    assert enc.calls == 4
    cache.path("feedbeef", enc.cache_key).write_bytes(b"garbage")
    embed_document(_doc(), enc, None, cache)  # unreadable entry: recomputed, no error
    assert enc.calls == 8
    embed_document(_doc(caption="Figure 1: Something else."), enc, None, cache)
    assert enc.calls == 12  # same file hash, different reading: recomputed
    embed_document(_doc(), enc, None, EmbeddingCache(tmp_path, enabled=False))
    assert enc.calls == 16
