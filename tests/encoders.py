"""The bundled encoders, loaded once per test process and shared by every test that needs them.

A plain cached function rather than a fixture in conftest.py: several test modules import it,
and a session-scoped fixture defined outside conftest.py would load the models once per module.
"""
from __future__ import annotations

import functools
from pathlib import Path

from mmsum.document import Document, Figure, Mention, PageInfo, Sentence


@functools.lru_cache(maxsize=None)
def summarizer():
    """A loaded Summarizer with the bundled models on the CPU and no embedding cache."""
    from mmsum.options import ModelOptions
    from mmsum.pipeline import Summarizer

    s = Summarizer(ModelOptions(device="cpu"), use_cache=False)
    s.load()
    return s


def text_encoder():
    """The bundled all-MiniLM-L6-v2 (the shared Summarizer's)."""
    return summarizer().text_encoder


def image_encoder():
    """The bundled EfficientNet-Lite0 (the shared Summarizer's)."""
    return summarizer().image_encoder


def png(seed: int = 0, width: int = 160, height: int = 120) -> bytes:
    """A non-trivial RGB test image as PNG bytes."""
    from tests.pdfbuild import gradient_pixmap

    return gradient_pixmap(width, height, seed).tobytes("png")


def make_document(texts: list[str], sections: list[str | None] | None = None,
                  figures: list[dict] | None = None, content_hash: str = "") -> Document:
    """A Document built by hand: one sentence per text (4 a page) and figures given as
    dicts of Figure fields; ``mentions`` may list sentence indexes."""
    sentences = [Sentence(i, t, page=i // 4, bbox=(72.0, 100.0 + 20 * (i % 4), 520.0, 114.0 + 20 * (i % 4)),
                          section=(sections[i] if sections else None)) for i, t in enumerate(texts)]
    figs = []
    for k, spec in enumerate(figures or []):
        spec = dict(spec)
        mentions = [Mention(sentences[i].page, sentences[i].text, i) for i in spec.pop("mentions", [])]
        spec.setdefault("id", f"fig-{k + 1}")
        spec.setdefault("page", 0)
        spec.setdefault("bbox", (72.0, 300.0, 300.0, 450.0))
        figs.append(Figure(mentions=mentions, **spec))
    pages = max([s.page for s in sentences] + [f.page for f in figs] + [0]) + 1
    return Document(Path("/tmp/handmade.pdf"), "A hand-made paper", [PageInfo(i, 612.0, 792.0) for i in range(pages)],
                    sentences, figs, content_hash=content_hash)
