"""Search across a library: sentences, figures and tables of every stored document, by text or
by a figure's look.

A query is encoded with each text encoder the library's documents were embedded with
(English and Chinese documents get different ones) and compared only with the vectors of
that encoder; a query in Chinese, Japanese or Korean is left to the multilingual encoder
when one is in use (the English one cannot read it). A text query's score is the relevance
of :mod:`mmsum.search.relevance` (0: as close as unrelated text, 1: the query's own text),
the same scale under every encoder, so results of English and Chinese documents rank together.

Sentences are found by their vectors and, those stored without one, by their words
(:mod:`.keywords`), all ranked by the same relevance; footnotes (every one stored with its
vector) beside them, each vector compared, as RESULTs of kind "footnote"
(:mod:`mmsum.search.footnote_hits`).

A figure's cosine for a text query is the weighted mean of its text channels' cosines
(:data:`CHANNEL_WEIGHTS`, over the channels it has and the caller allows). ``like_figure``
ranks figures by the cosine of their "pixels" vectors to that figure's (-1..1). A table is
found by its caption and cells (:mod:`mmsum.search.table_hits`, as in a single document).
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np

from ..embed.channels import CHANNELS, TEXT_CHANNELS
from ..errors import MmsumError
from ..options import ModelOptions
from ..search.figure_hits import figure_hit
from ..search.figure_kinds import query_kinds, shows_weights, weigh_by_kind
from ..search.footnote_hits import KIND as FOOTNOTE, footnote_hit
from ..search.relevance import baseline, relevance, shown
from ..search.table_hits import table_hit
from . import ann
from .keywords import unembedded_matches
from .store import Library
from .vectors import figure_matrix, footnote_matrix, sentence_matrix, table_matrix, top_k

# how much each text channel counts in a figure's score (the caption is the author's own
# description; mentions say how the text uses it; the figure's own words are the weakest)
CHANNEL_WEIGHTS = {"caption": 0.5, "mentions": 0.3, "figure-text": 0.2}
KINDS = ("sentence", "figure", "table", "all")
_LOADED: dict[str, object] = {}  # ModelOptions -> a Summarizer with its text encoders loaded
# (encoder, sentence text) -> its vector, for sentences stored without one (see .keywords)
_ENCODED: dict[tuple[str, str], np.ndarray] = {}
_ENCODED_MAX = 200_000


def search_library(library: Path, queries: list[str], *, kind: str = "all", top: int = 10,
                   channels: list[str] | None = None, like_figure: str | None = None,
                   models: ModelOptions) -> list[dict]:
    """``[{"query": str, "results": [RESULT, ...]}, ...]``: one entry per query in order (and
    one more for ``like_figure``, "DOC:FIGURE_ID", whose query is that string), results best
    first. RESULT: kind, document (path), page (0-based), bbox (PDF points, origin top-left),
    score (a text query's relevance 0..1, see :mod:`mmsum.search.relevance`; like_figure's
    cosine); text for sentences and footnotes (kind "footnote", found with ``kind``
    "sentence" or "all"); id, label, caption for figures; id, label, caption and an
    excerpt of the cells as text for tables.

    Raises MmsumError for an unknown kind or channel, a figure that is not in the library, or
    a library that cannot be read.
    """
    if kind not in KINDS:
        raise MmsumError(f"kind must be one of {', '.join(KINDS)} (not {kind!r})")
    unknown = [c for c in channels or [] if c not in CHANNELS]
    if unknown:
        raise MmsumError(f"unknown channel(s) {', '.join(unknown)}; use {', '.join(CHANNELS)}")
    if top < 1:
        raise MmsumError("top must be at least 1")
    allowed = list(channels) if channels else list(CHANNELS)
    with Library(Path(library), readonly=True) as lib:
        out: list[dict] = []
        if queries:
            out += _text_search(lib, queries, kind, top, allowed, models)
        if like_figure is not None:
            out.append({"query": like_figure, "results": _like_figure(lib, like_figure, top)})
        return out


# --- text queries -----------------------------------------------------------------------------

def _encoders_for(names: list[str], models: ModelOptions) -> tuple[dict[str, object], str | None]:
    """Loaded text encoders for the encoder ``names`` in use, by name (those that cannot be
    loaded here are left out, with a warning in the log), and the name of the one that serves
    Chinese, Japanese and Korean text when it differs from the default."""
    import logging

    from ..pipeline import Summarizer

    key = repr(dataclasses.replace(models, image_model="none"))
    s = _LOADED.get(key)
    if s is None:  # loaded once per process: the app searches again and again
        s = _LOADED[key] = Summarizer(dataclasses.replace(models, image_model="none"))
        s.load()
    found = {s.text_encoder.name: s.text_encoder}
    cjk = None
    if any(n not in found for n in names):
        enc, _warning = s.text_encoder_for("zh")  # the multilingual one, when installed
        if enc.name not in found:
            found[enc.name], cjk = enc, enc.name
    for n in names:
        if n not in found:
            logging.getLogger(__name__).warning("documents embedded with %s are not searched: that model is "
                                                "not configured here", n)
    return {n: found[n] for n in names if n in found}, (cjk if cjk in names else None)


def _text_search(lib: Library, queries: list[str], kind: str, top: int, allowed: list[str],
                 models: ModelOptions) -> list[dict]:
    from ..language import CJK_LANGUAGES, detect_language

    names = lib.encoders()
    encoders, cjk = _encoders_for(names, models) if names else ({}, None)
    generation = lib.generation()
    # which encoders each query is compared under (see the module docstring)
    use = [[n for n in encoders if cjk is None or n == cjk or detect_language([q]) not in CJK_LANGUAGES]
           for q in queries]
    # per query: (relevance, row id, "sentence" | "footnote" | "figure" | "table")
    hits: list[list[tuple[float, int, str]]] = [[] for _ in queries]
    for name, enc in encoders.items():
        wanted = [i for i in range(len(queries)) if name in use[i]]
        if not wanted:
            continue
        q = enc.encode([queries[i] for i in wanted]).astype(np.float32)
        base = baseline(enc, q)
        found: list[list[tuple[float, int, str]]] = [[] for _ in wanted]

        def add(k: int, cosines, ids, what: str, b=None) -> None:
            rel = relevance(cosines, base[k] if b is None else b)
            found[k] += [(float(rel[j]), int(ids[j]), what) for j in top_k(rel, top)]

        with lib.snapshot() as db:
            if kind in ("sentence", "all"):
                if _small(db, name):
                    ids, mat = sentence_matrix(db, name)
                    for i in range(len(q)):
                        add(i, mat @ q[i] if len(ids) else np.zeros(0), ids, "sentence")
                else:
                    index = ann.open_index(lib.path, name, generation, db)
                    scores, sids = index.search(q, top)
                    for i in range(len(q)):
                        keep = sids[i] >= 0
                        add(i, scores[i][keep], sids[i][keep], "sentence")
                for i, k in enumerate(wanted):  # sentences stored without a vector, by their words
                    ids, mat = _keyword_sentences(db, enc, name, queries[k])
                    if len(ids):
                        add(i, mat @ q[i], ids, "sentence")
                ids, mat = footnote_matrix(db, name)  # the words only a footnote holds
                if len(ids) and mat.shape[1] == q.shape[1]:
                    for i in range(len(q)):
                        add(i, mat @ q[i], ids, FOOTNOTE)
            if kind in ("figure", "all"):
                for i, (ids, rel) in enumerate(_figure_relevance(db, enc, [queries[k] for k in wanted], q, base,
                                                                 name, allowed)):
                    found[i] += [(float(rel[j]), int(ids[j]), "figure") for j in top_k(rel, top)]
            if kind in ("table", "all"):
                ids, mat = table_matrix(db, name)
                if len(ids) and mat.shape[1] == q.shape[1]:
                    for i in range(len(q)):
                        add(i, mat @ q[i], ids, "table")
        for k, i in enumerate(wanted):
            hits[i] += found[k]
    out = []
    with lib.snapshot() as db:
        for query, found in zip(queries, hits):
            best = sorted(found, key=lambda h: -h[0])[:top]
            out.append({"query": query, "results": [_result(db, k, rid, shown(score), query)
                                                    for score, rid, k in best]})
    return out


def _keyword_sentences(db, enc, encoder: str, query: str) -> tuple[np.ndarray, np.ndarray]:
    """(sentence ids, vectors) of the sentences without a stored vector that share the most
    words with ``query`` (:mod:`.keywords`), encoded here with ``enc`` (once per process)."""
    rows = unembedded_matches(db, encoder, query)
    if not rows:
        return np.zeros(0, np.int64), np.zeros((0, 0), np.float32)
    missing = list(dict.fromkeys(t for _, t in rows if (encoder, t) not in _ENCODED))
    if missing:
        if len(_ENCODED) > _ENCODED_MAX:
            _ENCODED.clear()
        for t, v in zip(missing, np.asarray(enc.encode(missing), np.float32)):
            _ENCODED[(encoder, t)] = v
    return np.array([r[0] for r in rows], np.int64), np.stack([_ENCODED[(encoder, t)] for _, t in rows])


def _small(db, encoder: str) -> bool:
    n = db.execute("SELECT count(*) FROM sentences s JOIN documents d ON d.id = s.doc_id "
                   "WHERE d.text_encoder = ? AND s.vec IS NOT NULL", (encoder,)).fetchone()[0]
    return n <= ann.EXACT_MAX


def _figure_relevance(db, enc, queries: list[str], q: np.ndarray, base: np.ndarray, encoder: str,
                      allowed: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per query: (figure ids, relevance), a figure's cosine being the weighted mean of its text
    channels' cosines (:data:`CHANNEL_WEIGHTS`); a query naming a kind of figure is read as
    :mod:`mmsum.search.figure_kinds` says (its rest matched mostly against what the figure
    shows, figures of other kinds kept at a share of their relevance)."""
    channels = {}
    for ch in TEXT_CHANNELS:
        if ch in allowed:
            ids, mat = figure_matrix(db, ch, encoder)
            if len(ids) and mat.shape[1] == q.shape[1]:
                channels[ch] = (ids, mat)
    if not channels:
        return [(np.zeros(0, np.int64), np.zeros(0)) for _ in queries]
    every = np.unique(np.concatenate([ids for ids, _ in channels.values()]))
    kinds_of: dict[int, str | None] | None = None
    out = []
    for i, text in enumerate(queries):
        kinds, rest = query_kinds(text)
        weights, qv, b = CHANNEL_WEIGHTS, q[i], base[i]
        if kinds:
            weights = shows_weights({c: CHANNEL_WEIGHTS[c] if c in channels else 0.0 for c in TEXT_CHANNELS})
            if rest and rest != text:
                qv = enc.encode([rest]).astype(np.float32)[0]
                b = baseline(enc, qv[None, :])[0]
        total = np.zeros(len(every))
        weight = np.zeros(len(every))
        for ch, (ids, mat) in channels.items():
            at = np.searchsorted(every, ids)
            total[at] += weights[ch] * (mat @ qv)
            weight[at] += weights[ch]
        keep = weight > 0
        rel = relevance(total[keep] / weight[keep], b)
        ids = every[keep]
        if kinds:
            if kinds_of is None:
                kinds_of = dict(db.execute("SELECT id, kind FROM figures").fetchall())
            rel = weigh_by_kind(rel, kinds, [kinds_of.get(int(f)) for f in ids])
        out.append((ids, rel))
    return out


# --- figures like a figure ----------------------------------------------------------------------

def _like_figure(lib: Library, spec: str, top: int) -> list[dict]:
    doc, sep, fig_id = spec.rpartition(":")
    if not sep or not doc or not fig_id:
        raise MmsumError(f"--like-figure takes DOCUMENT:FIGURE_ID (not {spec!r})")
    path = str(Path(doc).expanduser().resolve()) if Path(doc).expanduser().exists() else doc
    with lib.snapshot() as db:
        row = db.execute("SELECT f.id, d.image_encoder FROM figures f JOIN documents d ON d.id = f.doc_id "
                         "WHERE d.path = ? AND f.fig_id = ?", (path, fig_id)).fetchone()
        if row is None:
            raise MmsumError(f"figure {fig_id} of {doc} is not in the library {lib.path}")
        target, encoder = row
        vec = db.execute("SELECT vec FROM figure_vectors WHERE figure = ? AND channel = 'pixels'", (target,)).fetchone()
        if vec is None:
            raise MmsumError(f"figure {fig_id} of {doc} has no image vector (the image encoder was off or its "
                             "crop could not be rendered)")
        q = np.frombuffer(vec[0], dtype="<f4")
        ids, mat = figure_matrix(db, "pixels", encoder)
        if not len(ids) or mat.shape[1] != len(q):
            return []
        keep = ids != target
        ids, sims = ids[keep], mat[keep] @ q
        return [_result(db, "figure", int(ids[j]), float(sims[j])) for j in top_k(sims, top)]


# --- results -----------------------------------------------------------------------------------------

def _result(db, kind: str, rid: int, score: float, query: str = "") -> dict:
    if kind == "table":
        path, tid, label, caption, page, x0, y0, x1, y1, header, body = db.execute(
            "SELECT d.path, t.table_id, t.label, t.caption, t.page, t.x0, t.y0, t.x1, t.y1, t.header, t.body "
            "FROM tables t JOIN documents d ON d.id = t.doc_id WHERE t.id = ?", (rid,)).fetchone()
        return table_hit(path, tid, label, page, (x0, y0, x1, y1), caption, json.loads(header),
                         json.loads(body) if body is not None else None, score, query)
    if kind == FOOTNOTE:
        path, text, page, *bbox = db.execute(
            "SELECT d.path, n.text, n.page, n.x0, n.y0, n.x1, n.y1 FROM footnotes n "
            "JOIN documents d ON d.id = n.doc_id WHERE n.id = ?", (rid,)).fetchone()
        return footnote_hit(path, page, bbox, text, score)
    if kind == "sentence":
        path, text, page, *bbox = db.execute(
            "SELECT d.path, s.text, s.page, s.x0, s.y0, s.x1, s.y1 FROM sentences s "
            "JOIN documents d ON d.id = s.doc_id WHERE s.id = ?", (rid,)).fetchone()
        return {"kind": "sentence", "document": path, "page": int(page), "bbox": [round(v, 2) for v in bbox],
                "score": round(score, 6), "text": text}
    path, fid, label, caption, page, shows, description, *bbox = db.execute(
        "SELECT d.path, f.fig_id, f.label, f.caption, f.page, f.kind, f.description, f.x0, f.y0, f.x1, f.y1 "
        "FROM figures f JOIN documents d ON d.id = f.doc_id WHERE f.id = ?", (rid,)).fetchone()
    return figure_hit(path, fid, label, page, bbox, caption, score, shows, description)
