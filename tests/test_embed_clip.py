"""The CLIP/SigLIP path on a tiny local CLIP: loading, both towers, fusion and the pipeline."""
from __future__ import annotations

import numpy as np
import pytest

from mmsum.embed.document import embed_document
from mmsum.embed.image import load_image_encoder
from mmsum.models import resolve_image_model
from mmsum.options import ModelOptions, SummaryOptions
from mmsum.pipeline import Summarizer
from tests.encoders import make_document, png, text_encoder
from tests.pdfbuild import two_column_paper
from tests.tinyclip import tiny_clip


@pytest.fixture(scope="module")
def clip_dir(tmp_path_factory):
    return tiny_clip(tmp_path_factory.mktemp("clip"))


def test_clip_embeds_images_and_text_in_one_space(clip_dir):
    enc = load_image_encoder(resolve_image_model(str(clip_dir)))
    assert enc.shared_space
    images = enc.encode_images([png(1), None, png(2)])
    texts = enc.encode_texts(["a plot of energy use", "a thermal image"])
    assert images.shape[1] == texts.shape[1] == 16
    assert np.allclose(np.linalg.norm(images[[0, 2]], axis=1), 1, atol=1e-5) and not images[1].any()
    assert np.allclose(np.linalg.norm(texts, axis=1), 1, atol=1e-5)


def test_shared_space_embedding_includes_sentences(clip_dir):
    enc = load_image_encoder(resolve_image_model(str(clip_dir)))
    doc = make_document(["One sentence.", "Another one here."],
                        figures=[{"caption": "Figure 1: x", "image_png": png(3)}])
    emb = embed_document(doc, text_encoder(), enc)
    assert emb.sentences_in_image_space.shape == (2, 16) and emb.images.shape == (1, 16)


def test_pipeline_records_the_clip_model(clip_dir, tmp_path):
    pdf = tmp_path / "paper.pdf"
    two_column_paper(pdf)
    s = Summarizer(ModelOptions(image_model=str(clip_dir), device="cpu"), use_cache=False)
    s.load()
    assert s.models_used == {"text": "sentence-transformers/all-MiniLM-L6-v2", "image": str(clip_dir),
                             "generator": None}
    out = s.summarize(pdf, SummaryOptions(words=40, query="thermal image"))
    assert out.models["image"] == str(clip_dir) and out.figures and out.text
