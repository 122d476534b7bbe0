"""Whether a page's text layer is used or the page is read by OCR, on layers built to a known code."""
from __future__ import annotations

from mmsum.ingest.text_quality import reads_as_prose, text_layer_problem
from tests.pdfbuild import SENTENCES


def _coded(text: str) -> str:
    """``text`` as a font without a Unicode map gives it: each character the next code in order
    of first use (control codes, then shifted Latin-1 letters), words kept apart; the one-letter
    words of prose land, by chance, on letters that are one-letter function words elsewhere."""
    codes = [chr(c) for c in range(1, 9)] + [chr(c) for c in range(14, 27)] + [chr(c) for c in range(0xC0, 0xFF)]
    order: dict[str, str] = {}
    chance = iter("yeoa" * 100)
    words = []
    for w in text.split():
        words.append(next(chance) if len(w) <= 2 else "".join(order.setdefault(c, codes[len(order) % len(codes)])
                                                             for c in w))
    return " ".join(words)


def test_codes_that_spell_one_letter_words_are_no_prose():
    prose = " ".join(SENTENCES * 3)
    layer = _coded(prose)
    assert reads_as_prose(prose) and text_layer_problem(prose) is None
    assert not reads_as_prose(layer)
    assert text_layer_problem(layer) == "a text layer without Unicode (unmapped glyphs)"
