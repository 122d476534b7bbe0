"""The main language of a document, from the scripts its text is written in.

Only what choosing a text encoder needs: is the document mostly Chinese, Japanese or
Korean (one character there carries about what a word does in English), or English, or
something else. Codes are BCP 47: "en", "zh", "ja", "ko", and "und" when undetermined
(no text, or a Latin-script language other than English).
"""
from __future__ import annotations

import re
from typing import Iterable

UNDETERMINED = "und"
CJK_LANGUAGES = ("zh", "ja", "ko")
SAMPLE_CHARS = 60_000  # spread over the document: enough for a stable share, cheap on books

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")
# the commonest English words: in English prose they are about a third of all words, in
# formulas, code, names and other languages far fewer
_ENGLISH = frozenset("the of and to in a is that for it as with are be this by on was which "
                     "we an from at or not can these have has our their they its".split())


def _sample(texts: list[str]) -> str:
    """Every k-th text, so that a long document is represented whole in about SAMPLE_CHARS."""
    total = sum(len(t) for t in texts)
    step = max(1, -(-total // SAMPLE_CHARS))
    return " ".join(texts[::step])


def detect_language(texts: Iterable[str]) -> str:
    """"zh", "ja", "ko", "en" or "und" for text read from one document.

    CJK wins when its characters outnumber the Latin-script words (a Chinese thesis full of
    English terms and formulas is still Chinese); kana make it Japanese, Hangul Korean.
    """
    text = _sample([t for t in texts if t])
    han, kana, hangul = len(_HAN.findall(text)), len(_KANA.findall(text)), len(_HANGUL.findall(text))
    words = _LATIN_WORD.findall(text)
    cjk = han + kana + hangul
    if cjk == 0 and not words:
        return UNDETERMINED
    if cjk > len(words):
        if hangul > (han + kana):
            return "ko"
        # Japanese writes its particles and endings in kana; Chinese text holds almost none
        return "ja" if kana >= 0.1 * cjk else "zh"
    common = sum(1 for w in words if w.lower() in _ENGLISH)
    return "en" if common >= 0.12 * len(words) else UNDETERMINED


def document_language(doc) -> str:
    """The language of a read :class:`~mmsum.document.Document` (its sentences, title and captions)."""
    texts = [doc.title or ""] + [s.text for s in doc.sentences] + [f.caption for f in doc.figures]
    return detect_language(texts)
