"""The embed stage: vectors for a document's sentences, captions and figure crops (cached)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from ..cache import EmbeddingCache, digest
from ..document import Document
from ..ingest.figure_content import figure_words
from ..progress import CancelFn, ProgressFn, check, sub_progress
from .image import ImageEncoder
from .text import TextEncoder


@dataclass
class DocEmbeddings:
    """Unit row vectors, row order as in the document.

    ``sentences`` (n, d) and ``captions`` (m, d) are in the text encoder's space (a figure
    without a caption, or a sentence not worth encoding, has a zero row). ``images`` (m, D) is in the image encoder's space, None
    when it is off. ``sentences_in_image_space`` (n, D) is set for shared-space encoders only.
    """

    sentences: np.ndarray
    captions: np.ndarray
    images: np.ndarray | None = None
    sentences_in_image_space: np.ndarray | None = None
    figure_texts: np.ndarray | None = None  # (m, d): each figure's own text (Figure.text), text space


def _text_arrays(doc: Document, enc: TextEncoder, cache: EmbeddingCache, wanted: np.ndarray,
                 progress: ProgressFn, cancel: CancelFn | None,
                 known: DocEmbeddings | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Sentence and caption vectors; rows not ``wanted`` are zero.

    The cache entry of a document holds every row encoded so far, by any run (a short summary
    encodes a few candidates, a longer one more, a search all): a run encodes only the rows
    it wants that no run has encoded yet, and adds them to the entry. ``known``: rows this
    run has encoded already, taken as the entry when the cache has none (it is off)."""
    sents = [s.text for s in doc.sentences]
    caps = [f.caption for f in doc.figures]
    key = digest(["s", *sents, "c", *caps])
    need = [i for i, (t, keep) in enumerate(zip(sents, wanted)) if keep and t.strip()]
    hit = cache.load(doc.content_hash, enc.cache_key, key, rows={"sentences": len(sents), "captions": len(caps)},
                     dim=getattr(enc, "dim", None))
    if hit is None and known is not None:
        hit = {"sentences": known.sentences, "captions": known.captions}
    if hit is not None:
        out, cap_vecs = hit["sentences"].copy(), hit["captions"]
        todo = [i for i in need if not out[i].any()]
        if todo:
            out[todo] = enc.encode([sents[i] for i in todo], progress=progress, cancel=cancel)
            cache.store(doc.content_hash, enc.cache_key, key, {"sentences": out, "captions": cap_vecs})
    else:
        cap_rows = [k for k, c in enumerate(caps) if c.strip()]
        vecs = enc.encode([sents[i] for i in need] + [caps[k] for k in cap_rows], progress=progress, cancel=cancel)
        dim = vecs.shape[1] if len(vecs) else enc.dim
        out = np.zeros((len(sents), dim), dtype=np.float32)
        cap_vecs = np.zeros((len(caps), dim), dtype=np.float32)
        out[need] = vecs[: len(need)]
        cap_vecs[cap_rows] = vecs[len(need):]
        cache.store(doc.content_hash, enc.cache_key, key, {"sentences": out, "captions": cap_vecs})
    # the same rows whatever the cache holds: a summary must not depend on what ran before it
    return out * np.asarray(wanted, dtype=bool)[:, None], cap_vecs


def _figure_text_array(doc: Document, enc: TextEncoder, cache: EmbeddingCache, dim: int,
                       cancel: CancelFn | None) -> np.ndarray:
    """(m, d) vectors of the figures' own text (zero rows for figures without any); cached
    apart from the sentences so that a figure read anew (OCR on or off) keeps those."""
    texts = [figure_words(f) for f in doc.figures]
    rows = [k for k, t in enumerate(texts) if t.strip()]
    out = np.zeros((len(texts), dim), dtype=np.float32)
    if not rows:
        return out
    key = digest(["ft", *texts])
    model = f"{enc.cache_key}-figure-text"  # its own file: one entry per (document, model name)
    hit = cache.load(doc.content_hash, model, key, rows={"figure_texts": len(texts)},
                     dim=getattr(enc, "dim", None))
    if hit is not None:
        return hit["figure_texts"]
    check(cancel)
    vecs = enc.encode([texts[k] for k in rows], cancel=cancel)
    out[rows] = vecs
    cache.store(doc.content_hash, model, key, {"figure_texts": out})
    return out


def _image_arrays(doc: Document, enc: ImageEncoder, cache: EmbeddingCache, wanted: np.ndarray,
                  cancel: CancelFn | None) -> tuple[np.ndarray, np.ndarray | None]:
    # the crop is what is encoded; its id, page and box identify it across runs
    parts = ["i", *(f"{f.id}|{f.page}|{[round(v, 1) for v in f.bbox]}|{bool(f.image_png)}"
                    for f in doc.figures)]
    texts = [s.text if keep else "" for s, keep in zip(doc.sentences, wanted)]
    if enc.shared_space:
        parts += ["s", *texts]
    key = digest(parts)
    rows = {"images": len(doc.figures), **({"sentences": len(texts)} if enc.shared_space else {})}
    hit = cache.load(doc.content_hash, enc.cache_key, key, rows=rows, dim=getattr(enc, "dim", None))
    if hit is not None:
        return hit["images"], hit.get("sentences")
    images = enc.encode_images([f.image_png for f in doc.figures], cancel=cancel)
    arrays = {"images": images}
    sents = None
    if enc.shared_space:
        rows = [i for i, t in enumerate(texts) if t.strip()]
        vecs = enc.encode_texts([texts[i] for i in rows], cancel=cancel)
        sents = np.zeros((len(texts), images.shape[1]), dtype=np.float32)
        sents[rows] = vecs
        arrays["sentences"] = sents
    cache.store(doc.content_hash, enc.cache_key, key, arrays)
    return images, sents


def embed_document(doc: Document, text_encoder: TextEncoder, image_encoder: ImageEncoder | None,
                   cache: EmbeddingCache | None = None, *, wanted: np.ndarray | None = None,
                   figure_text: bool = True, progress: ProgressFn | None = None,
                   cancel: CancelFn | None = None) -> DocEmbeddings:
    """Embed ``doc``'s sentences and captions, and its figure crops when an image encoder is on.

    ``wanted`` (one bool per sentence) limits the text encoder to the sentences that can
    matter; the others get zero rows. Encoding is most of a summary's time, and a document
    holds many lines (affiliations, reference entries, table debris) that can.
    ``figure_text``: also embed each figure's own text (``figure_texts``; None when False).
    """
    cache = cache or EmbeddingCache(enabled=False)
    text_share = 0.8 if image_encoder is not None else 1.0
    if wanted is None:
        wanted = np.ones(len(doc.sentences), dtype=bool)
    sents, caps = _text_arrays(doc, text_encoder, cache, wanted, sub_progress(progress, 0.0, text_share), cancel)
    check(cancel)
    figure_texts = None
    if figure_text:
        figure_texts = _figure_text_array(doc, text_encoder, cache,
                                          sents.shape[1] if sents.ndim == 2 else caps.shape[1], cancel)
    check(cancel)
    images = sents_img = None
    if image_encoder is not None:
        if progress:
            progress(text_share, "embedding figures")
        images, sents_img = _image_arrays(doc, image_encoder, cache, wanted, cancel)
    if progress:
        progress(1.0, "embedded")
    return DocEmbeddings(sents, caps, images, sents_img, figure_texts)


def embed_more_sentences(doc: Document, text_encoder: TextEncoder, cache: EmbeddingCache | None,
                         emb: DocEmbeddings, wanted: np.ndarray, *, progress: ProgressFn | None = None,
                         cancel: CancelFn | None = None) -> DocEmbeddings:
    """``emb`` with the sentences ``wanted`` (one bool per sentence) that it lacks encoded too.

    The rows ``emb`` holds are kept as they are: the text encoder's vectors depend a little on
    which sentences share its batches, so a summary made from ``emb`` stays the summary that
    the same options give without the extra rows.
    """
    cache = cache or EmbeddingCache(enabled=False)
    sents, caps = _text_arrays(doc, text_encoder, cache, wanted, progress or (lambda f, m: None), cancel,
                               known=emb)
    return dataclasses.replace(emb, sentences=sents, captions=caps)
