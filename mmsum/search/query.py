"""Queries against indexed documents: text queries over sentences (and footnotes), figures and
tables (their captions and cells), and "more like this figure" by the pixels channel."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

import numpy as np

from ..embed.channels import effective_weights, parse_channels
from ..embed.fusion import figure_query_similarity
from ..errors import OptionsError
from ..progress import CancelFn, ProgressFn, check
from .index import IndexedDocument, index_document
from .figure_kinds import query_kinds, shows_weights, weigh_by_kind
from .relevance import baseline, relevance, shown
from .figure_hits import figure_hit
from .footnote_hits import footnote_hit
from .table_hits import table_hit

KINDS = ("sentence", "figure", "table", "all")


def _bbox(box) -> list[float]:
    return [round(float(v), 2) for v in box]


def sentence_result(ix: IndexedDocument, i: int, score: float) -> dict:
    """The RESULT record of sentence ``i`` of ``ix``."""
    s = ix.document.sentences[i]
    return {"kind": "sentence", "document": str(ix.path), "page": int(s.page), "bbox": _bbox(s.bbox),
            "score": round(float(score), 6), "text": s.text}


def footnote_result(ix: IndexedDocument, k: int, score: float) -> dict:
    """The RESULT record of footnote ``k`` of ``ix`` (kind "footnote")."""
    f = ix.document.footnotes[k]
    return footnote_hit(str(ix.path), f.page, f.bbox, f.text, score)


def figure_result(ix: IndexedDocument, k: int, score: float) -> dict:
    """The RESULT record of figure ``k`` of ``ix``."""
    f = ix.document.figures[k]
    shows = f.content
    return figure_hit(str(ix.path), f.id, f.label, f.page, f.bbox, f.caption, score,
                      shows.kind if shows else None, shows.description if shows else None)


def table_result(ix: IndexedDocument, k: int, score: float, query: str) -> dict:
    """The RESULT record of table ``k`` of ``ix`` (see :func:`.table_hits.table_hit`: its label,
    caption and, as ``text``, an excerpt of its cells for ``query``)."""
    t = ix.document.tables[k]
    return table_hit(str(ix.path), t.id, t.label, t.page, t.bbox, t.caption, t.header, t.rows, score, query)


def parse_like_figure(value: str) -> tuple[Path, str]:
    """``"paper.pdf:p3-f1"`` -> (Path("paper.pdf"), "p3-f1"); OptionsError when there is no id."""
    doc, sep, fid = value.rpartition(":")
    if not sep or not doc or not fid.strip():
        raise OptionsError(f"--like-figure {value!r} is not DOC:FIGURE_ID (ids as `mmsum figures DOC` lists them)")
    return Path(doc), fid.strip()


class DocumentSearch:
    """Search in documents read on the fly, with one loaded :class:`~mmsum.pipeline.Summarizer`
    (its encoders and embedding cache) for all of them and for every query."""

    def __init__(self, summarizer, *, figure_ocr: bool | None = None) -> None:
        self.summarizer = summarizer
        self.figure_ocr = figure_ocr
        self.documents: list[IndexedDocument] = []
        self._queries: dict[tuple[int, str], np.ndarray] = {}  # (id(encoder), text) -> vector

    def add(self, path: Path, *, password: str | None = None, progress: ProgressFn | None = None,
            cancel: CancelFn | None = None) -> IndexedDocument:
        """Read and embed one more document (see :func:`~mmsum.search.index.index_document`)."""
        ix = index_document(self.summarizer, Path(path), password=password, figure_ocr=self.figure_ocr,
                            progress=progress, cancel=cancel)
        self.documents.append(ix)
        return ix

    def add_indexed(self, ix: IndexedDocument) -> None:
        """Search ``ix`` too (an index made elsewhere, e.g. kept by the app)."""
        self.documents.append(ix)

    # --- queries ---------------------------------------------------------------------------
    def _text_vector(self, encoder, query: str) -> np.ndarray:
        key = (id(encoder), query)
        if key not in self._queries:
            self._queries[key] = encoder.encode([query])[0]
        return self._queries[key]

    def _image_text_vector(self, query: str) -> np.ndarray | None:
        image = self.summarizer.image_encoder
        if image is None or not image.shared_space:
            return None
        key = (id(image), query)
        if key not in self._queries:
            self._queries[key] = image.encode_texts([query])[0]
        return self._queries[key]

    def search(self, queries: Iterable[str], *, kind: str = "all", top: int = 10,
               channels: Iterable[str] | str | None = None, weights: Mapping[str, float] | None = None,
               cancel: CancelFn | None = None) -> list[dict]:
        """``[{"query": q, "results": [RESULT, ...]}, ...]``, one entry per query in order,
        results best first (at most ``top``). ``kind``: "sentence" (footnotes too, each a RESULT
        of kind "footnote"), "figure", "table" or "all";
        ``channels``: the figure channels that score a figure (None: all), with ``weights``
        (None: the defaults). A score is the result's relevance (see :mod:`.relevance`: 0 as
        close as unrelated text, 1 the query's own text), one scale for both kinds and every
        document's encoder, so sentences and figures of all documents rank together."""
        if kind not in KINDS:
            raise OptionsError(f"--kind must be one of {', '.join(KINDS)} (not {kind!r})")
        if isinstance(top, bool) or not isinstance(top, int) or top < 1:
            raise OptionsError(f"--top must be a whole number of at least 1 (not {top!r})")
        w = effective_weights(weights, parse_channels(channels) if channels is not None else None)
        out = []
        for q in queries:
            check(cancel)
            if not q or not q.strip():
                raise OptionsError("a query is empty")
            results: list[tuple[float, dict]] = []  # (relevance, RESULT)
            for ix in self.documents:
                qv = self._text_vector(ix.text_encoder, q)
                base = float(baseline(ix.text_encoder, qv)[0])
                if kind in ("sentence", "all"):
                    rows = ix.searchable_sentences()
                    scores = relevance(ix.embeddings.sentences[rows] @ qv, base)
                    results += [(s, sentence_result(ix, int(i), shown(s))) for i, s in zip(rows, scores)]
                    if ix.footnotes is not None:  # the words only a footnote holds are found too
                        scores = relevance(ix.footnotes @ qv, base)
                        results += [(s, footnote_result(ix, k, shown(s))) for k, s in enumerate(scores)]
                if kind in ("figure", "all") and ix.document.figures:
                    scores = self._figure_relevance(ix, q, w)
                    results += [(s, figure_result(ix, k, shown(s))) for k, s in enumerate(scores)]
                if kind in ("table", "all") and ix.tables is not None:
                    # a table is found by its caption and its cells' words, on the same relevance scale
                    scores = relevance(ix.tables @ qv, base)
                    results += [(s, table_result(ix, k, shown(s), q)) for k, s in enumerate(scores)]
            results.sort(key=lambda r: -r[0])
            out.append({"query": q, "results": [r for _, r in results[:top]]})
        return out

    def _figure_relevance(self, ix: IndexedDocument, q: str, w: dict[str, float]) -> np.ndarray:
        """Each figure's relevance to ``q``: the fused vector's dot product with the query, the
        weighted mean of the cosines of the channels each figure has (per-channel
        standardisation and word overlap with the figure text measured no better on arXiv
        papers); a query naming a kind of figure is read as :mod:`.figure_kinds` says."""
        kinds, rest = query_kinds(q)
        if kinds:
            w, q = shows_weights(w), rest or q
        qv = self._text_vector(ix.text_encoder, q)
        base = float(baseline(ix.text_encoder, qv)[0])
        fv = ix.figures_for(w)
        scores = relevance(figure_query_similarity(fv, ix.embeddings, qv, self._image_text_vector(q)
                                                   if ix.shared_space else None), base)
        if not kinds:
            return scores
        return weigh_by_kind(scores, kinds, [f.content.kind if f.content else None for f in ix.document.figures])

    def like_figure(self, source: IndexedDocument, figure_id: str, *, top: int = 10) -> dict:
        """``{"query": "like DOC:ID", "results": [...]}``: the figures of the searched documents
        whose crops look most like figure ``figure_id`` of ``source`` (pixels channel; the
        figure itself left out). OptionsError when the figure is unknown or no image encoder ran."""
        ids = [f.id for f in source.document.figures]
        if figure_id not in ids:
            known = ", ".join(ids[:8]) + (" ..." if len(ids) > 8 else "") if ids else "none"
            raise OptionsError(f"{source.path.name} has no figure {figure_id!r} (its figures: {known})")
        if source.embeddings.images is None:
            raise OptionsError("--like-figure needs the image encoder, which is off (--image-model none)")
        k0 = ids.index(figure_id)
        target = source.embeddings.images[k0]
        if not np.any(target):
            raise OptionsError(f"figure {figure_id} of {source.path.name} has no crop to compare")
        results = []
        for ix in self.documents:
            if ix.embeddings.images is None or ix.embeddings.images.shape[1] != target.shape[0]:
                continue
            scores = ix.embeddings.images @ target
            for k, s in enumerate(scores):
                if ix is source and k == k0 or not np.any(ix.embeddings.images[k]):
                    continue
                results.append(figure_result(ix, k, s))
        results.sort(key=lambda r: -r["score"])
        return {"query": f"like {source.path}:{figure_id}", "results": results[:top]}

    def find(self, path: Path) -> IndexedDocument | None:
        """The indexed document read from ``path``, if any."""
        want = Path(path).resolve()
        return next((ix for ix in self.documents if ix.path.resolve() == want), None)
