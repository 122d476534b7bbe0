"""The faithfulness check, citations and text tidying: deterministic, no model needed."""
from __future__ import annotations

import pytest

from mmsum.generate.faithfulness import SourceIndex, normalize_number, unsupported_terms
from mmsum.generate.generative import ground, source_index
from mmsum.generate.prompt import pool
from mmsum.generate.text import clean, split_sentences, strip_citations
from tests.test_generate import make_document, ranked

SOURCE = SourceIndex.build([
    "We propose FastNet, a convolutional net- work for image denoising with self-attention.",
    "On the BSD68 benchmark, FastNet reaches 29.4 dB PSNR, 0.30 dB above DnCNN.",
    "It was trained on 1,000 images; the error fell by 50 % on Transformers.",
])


@pytest.mark.parametrize("token, value", [("0.50", "0.5"), ("1,000", "1000"), ("29.4 dB", "29.4"),
                                           ("50%", "50"), ("3", "3"), ("7.000", "7")])
def test_numbers_are_compared_by_value(token, value):
    assert normalize_number(token) == value


@pytest.mark.parametrize("sentence, missing", [
    ("FastNet reaches 29.4 dB on BSD68 (p. 2).", []),
    ("FastNet reaches 29.5 dB on BSD68.", ["29.5 dB"]),
    ("The network was trained on 1000 images and is 0.3 dB better.", []),  # same values, other spelling
    ("The error fell by 50% with self attention.", []),  # units and lost hyphens are fine
    ("It was built at Berkeley by Elon Musk in 2019.", ["2019", "Berkeley", "Elon", "Musk"]),
    ("Our ResNet-50 beats DnCNNs on transformers.", ["ResNet-50"]),  # plurals and case do not matter
    ("Results: Denoising helps networks (Fig. 7, p. 9).", []),  # clause starts; citations are not checked
    ("The GPT4 model and the UNet are fast.", ["GPT4", "UNet"]),
])
def test_unsupported_numbers_and_terms_are_found(sentence, missing):
    assert unsupported_terms(sentence, SOURCE) == missing


def test_text_is_tidied_into_whole_sentences():
    raw = ("<|im_start|>FastNet: A Network\n\nSummary: FastNet is fast (p. 2). It reaches 29.4 dB, see Fig. 3 "
           "and e.g. Table 2.\n- a list item\n- and another one. And a cut-off frag")
    assert clean(raw) == ("FastNet is fast (p. 2). It reaches 29.4 dB, see Fig. 3 and e.g. Table 2. "
                          "a list item. and another one.")
    assert split_sentences("A rise of 3.5 dB (Fig. 2). Et al. is kept, i.e. here. Next.") == [
        "A rise of 3.5 dB (Fig. 2).", "Et al. is kept, i.e. here.", "Next."]
    assert strip_citations("It falls by half (Fig. 3, p. 6). See [2], (pp. 3-4) and (page 5).") == \
        "It falls by half. See, and."
    assert clean("no sentence mark at all") == "no sentence mark at all."


def _lines():
    doc = make_document()
    sentences, figures = ranked(doc)
    return doc, pool(sentences, figures, 500, 1)


def test_grounding_cites_the_closest_source_and_its_figure():
    doc, lines = _lines()
    result = ground(["FastNet reaches 29.4 dB PSNR on BSD68 (p. 9).",
                     "The error falls by half when the noise level is known.",
                     "A plot shows PSNR against noise level (Fig. 3)."], lines, doc, strict=False)
    # Model citations are replaced by the page of the closest source sentence or caption.
    assert result.text == ("FastNet reaches 29.4 dB PSNR on BSD68 (p. 4). "
                           "The error falls by half when the noise level is known (Fig. 3, p. 6). "
                           "A plot shows PSNR against noise level (Fig. 3, p. 6).")
    assert [s.sentence.index for s in result.sentences] == [5, 7]
    assert result.flagged == []


def test_strict_mode_replaces_unfaithful_sentences_by_their_closest_source():
    doc, lines = _lines()
    generated = ["FastNet reaches 31.2 dB PSNR on the BSD68 benchmark.", "FastNet keeps fine detail."]
    loose = ground(generated, lines, doc, strict=False)
    assert [(f.sentence, f.terms, f.replaced_by) for f in loose.flagged] == [
        ("FastNet reaches 31.2 dB PSNR on the BSD68 benchmark (p. 4).", ["31.2 dB"], None)]
    assert loose.flagged[0].sentence in loose.text
    strict = ground(generated, lines, doc, strict=True)
    replacement = "On the BSD68 benchmark, FastNet reaches 29.4 dB PSNR, 0.3 dB above DnCNN (p. 4)."
    assert strict.flagged[0].replaced_by == replacement
    assert strict.text == replacement + " FastNet keeps fine detail (p. 7)."


def test_the_whole_document_counts_as_source():
    doc = make_document()
    index = source_index(doc)
    assert unsupported_terms("Figure 3 plots PSNR for DnCNN.", index) == []  # from the caption
    assert unsupported_terms("The Conclusion section is short.", index) == []  # a section title


def test_sentences_that_repeat_an_earlier_one_are_dropped():
    from mmsum.generate.generative import _dedupe

    generated = ["The protocol decodes PU packets by opportunistic retransmission (p. 11).",
                 "The protocol is described in detail (p. 2).",
                 "The protocols are described in more detail (p. 2).",  # a rewording of the previous
                 "Decoding PU packets takes two slots on average."]
    assert _dedupe(generated) == [generated[0], generated[1], generated[3]]
