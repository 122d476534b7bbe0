"""Table salience: which table a reader should see first, and why.

A key table holds the document's results. Its score is the weighted mean of signals, each 0..1,
reusing the figure ranker's public reading of the document (:func:`~.claims.claim_sentences`,
:func:`~.claims.claim_terms`, :func:`~.claims.sentence_places`):

``claims``  its caption, header and mentions name the terms of the main claims (title,
            abstract, contribution sentences, top sentences), relative to the best table;
``salient`` the sentences that cite it lie close to the claim sentences (cosine);
``cited_where`` the introduction or the conclusion cites it; ``cited_often`` how many
            sentences cite it (log, relative);
``results`` it reads as a table of results, not of notation or settings (:func:`table_role`).

How a results table is told from a notation or hyper-parameter table (:func:`table_role`):
a results table's body cells are mostly numbers and its caption or header names a measure
("accuracy", "F1", "error", "BLEU", "results", "performance", "comparison"); a notation table's
cells are words (symbols and their meanings), and its caption or header says "notation",
"symbol", "meaning" or "description"; a settings table names "hyper-parameters", "settings",
"configuration", "statistics" or "implementation details". A notation or settings table keeps
:data:`SETUP_SHARE` of its score, so it ranks below any results table with comparable
support.
"""
from __future__ import annotations

import math
import re

import numpy as np

from ..document import Document, Table
from ..ingest.table_grid import is_number
from ..summary import FigureReason, ScoredTable
from .claims import claim_sentences, claim_terms, sentence_places
from .terms import terms

WEIGHTS: dict[str, float] = {"claims": 0.3, "salient": 0.2, "cited_where": 0.15, "cited_often": 0.1,
                             "results": 0.25}
SETUP_SHARE = 0.3   # share of its score a notation or settings table keeps
NUMERIC_RESULTS = 0.5  # a body whose cells are at least this share numbers is a table of numbers
COSINE_EVIDENCE = 0.2  # as for figures: the least cosine difference that is evidence in full

_RESULT_WORDS = re.compile(
    r"\b(?:accuracy|acc|f1|f-score|precision|recall|error|errors|bleu|rouge|auc|map|mse|rmse|mae|"
    r"perplexity|ppl|score|scores|results?|performance|comparison|compared|evaluation|speed-?up|"
    r"runtime|throughput|latency|improvement|success rate|win rate|top-1|top-5|em|wer|cer|psnr|ssim|"
    r"fid|iou|mIoU|ndcg|hit|loss|benchmark|ablation)\b|准确率|结果|性能|对比|比较|误差", re.I)
_SETUP_WORDS = re.compile(
    r"\b(?:notations?|symbols?|meaning|description|definitions?|abbreviations?|glossary|nomenclature|"
    r"hyper-?\s?parameters?|settings?|configurations?|statistics|implementation details|"
    r"parameters used|dataset details|data sets? used|summary of (?:the )?(?:data|datasets?))\b|"
    r"符号|含义|参数设置|超参数|数据集统计", re.I)


def numeric_share(table: Table) -> float:
    """Share of the body's non-empty cells that are numbers ("81.2", "3.5%", "12 J", "0.91±0.02")."""
    cells = [c.strip() for row in (table.rows or []) for c in row if c.strip()]
    if not cells:
        return 0.0
    return sum(1 for c in cells if is_number(c)) / len(cells)


def table_role(table: Table) -> str:
    """"results", "setup" (notation, symbols, hyper-parameters, settings, statistics) or
    "other" (see the module docstring)."""
    head = " ".join(table.caption.split()[:40] + [c for row in table.header for c in row])
    numeric = numeric_share(table)
    if _SETUP_WORDS.search(head) and not (_RESULT_WORDS.search(table.caption) and numeric >= NUMERIC_RESULTS):
        return "setup"
    if _RESULT_WORDS.search(head) and (table.rows is None or numeric >= NUMERIC_RESULTS / 2):
        return "results"
    if table.rows is not None and numeric >= NUMERIC_RESULTS:
        return "results"
    if table.rows is not None and numeric < 0.2 and len(table.header[0] if table.header else []) <= 3:
        return "setup"  # two or three columns of words: a list of terms and what they mean
    return "other"


def _spread(x: np.ndarray, evidence: float) -> np.ndarray:
    if x.size == 0:
        return x
    lo = float(x.min())
    return np.clip((x - lo) / max(float(x.max()) - lo, evidence), 0.0, 1.0)


def table_signals(doc: Document, sentence_scores: np.ndarray, sentence_vectors: np.ndarray | None = None,
                  table_vectors: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Every signal (0..1) of every table of ``doc``. ``sentence_vectors`` (n, d) and
    ``table_vectors`` (m, d), unit rows of one text encoder (zero rows: not encoded), give
    ``salient``; without them it is 0."""
    m = len(doc.tables)
    claims = claim_sentences(doc, sentence_scores)
    weights = claim_terms(doc, claims)
    places = sentence_places(doc)
    overlap = np.array([sum(weights.get(w, 0.0) for w in sorted(terms(_table_words(t)))) for t in doc.tables],
                       dtype=np.float32)
    top = float(overlap.max()) if m else 0.0
    values = {"claims": overlap / top if top > 0 else np.zeros(m, dtype=np.float32)}
    salient = np.zeros(m, dtype=np.float32)
    if sentence_vectors is not None and table_vectors is not None and claims:
        rows = sentence_vectors[claims]
        rows = rows[np.linalg.norm(rows, axis=1) > 0]
        if len(rows):
            salient = _spread((table_vectors @ rows.T).mean(axis=1), COSINE_EVIDENCE)
            salient[np.linalg.norm(table_vectors, axis=1) == 0] = 0.0
    values["salient"] = salient
    values["cited_where"] = np.array([float(any(places[mn.sentence] for mn in t.mentions
                                                 if 0 <= mn.sentence < len(places))) for t in doc.tables],
                                     dtype=np.float32)
    often = np.array([math.log1p(len(t.mentions)) for t in doc.tables], dtype=np.float32)
    values["cited_often"] = often / often.max() if m and often.max() > 0 else np.zeros(m, dtype=np.float32)
    values["results"] = np.array([1.0 if table_role(t) == "results" else 0.3 if table_role(t) == "other" else 0.0
                                  for t in doc.tables], dtype=np.float32)
    return values


def _table_words(t: Table) -> str:
    return " ".join([t.caption, *(c for row in t.header for c in row), *(mn.text for mn in t.mentions)])


def mention_vectors(doc: Document, sentence_vectors: np.ndarray) -> np.ndarray:
    """(m, d) unit rows: each table's citing sentences, their vectors averaged (a zero row for
    a table no embedded sentence cites)."""
    out = np.zeros((len(doc.tables), sentence_vectors.shape[1]), dtype=np.float32)
    for i, t in enumerate(doc.tables):
        rows = [sentence_vectors[mn.sentence] for mn in t.mentions if 0 <= mn.sentence < len(sentence_vectors)]
        v = np.sum(rows, axis=0) if rows else None
        if v is not None and np.linalg.norm(v) > 0:
            out[i] = v / np.linalg.norm(v)
    return out


def table_search_text(t: Table, max_words: int = 200) -> str:
    """What a table is found by in a search: its caption, then its cells row by row (the first
    ``max_words`` words; an encoder reads a few hundred tokens at most)."""
    cells = " ".join(" ".join(c for c in row if c) for row in t.header + (t.rows or []))
    return " ".join(f"{t.caption} {cells}".split()[:max_words])


def table_search_vectors(encoder, tables: list[Table]) -> np.ndarray:
    """(t, d) float32: each table's :func:`table_search_text` in ``encoder``'s space, unit rows
    (the vectors a search finds tables by, in a document and in a library alike)."""
    if not tables:
        return np.zeros((0, getattr(encoder, "dim", 0)), dtype=np.float32)
    return np.asarray(encoder.encode([table_search_text(t) for t in tables]), dtype=np.float32)


_NOTES = {"claims": "names the main claims", "salient": "close to the most salient sentences",
          "cited_where": "cited in the introduction or conclusion", "cited_often": "cited often",
          "results": "a table of results"}


def rank_tables(doc: Document, sentence_scores: np.ndarray, sentence_vectors: np.ndarray | None = None,
                table_vectors: np.ndarray | None = None) -> list[ScoredTable]:
    """All tables of ``doc``, most salient first, each with the two or three signals behind
    its score. A notation or settings table keeps :data:`SETUP_SHARE` of its score."""
    if not doc.tables:
        return []
    values = table_signals(doc, sentence_scores, sentence_vectors, table_vectors)
    total = sum(WEIGHTS.values())
    score = sum(WEIGHTS[k] * values[k] for k in WEIGHTS) / total
    roles = [table_role(t) for t in doc.tables]
    score = np.where(np.array(roles) == "setup", SETUP_SHARE * score, score)
    score = np.maximum(score, 1e-3)
    out = []
    for i, t in enumerate(doc.tables):
        parts = sorted(((WEIGHTS[k] * float(values[k][i]) / total, k) for k in WEIGHTS), reverse=True)
        why = [FigureReason(k, round(float(values[k][i]), 3), round(share / max(float(score[i]), 1e-6), 3), _NOTES[k])
               for share, k in parts[:3] if share > 0]
        if roles[i] == "setup":
            why.insert(0, FigureReason("setup", 1.0, 0.0, "a table of notation or settings, not of results"))
        out.append(ScoredTable(t, float(score[i]), why))
    out.sort(key=lambda s: -s.score)
    return out


def cited_first(ranked: list[ScoredTable], cited: list[str]) -> list[ScoredTable]:
    """``ranked`` with the tables of ``cited`` (ids of the tables the summary's sentences cite,
    in their order) moved to the front, each with the reason, so that a summary that says
    "Table 2 shows …" shows Table 2 beside it; a table of notation or settings keeps its place
    (it says what symbols mean, not what the sentence claims)."""
    order = list(dict.fromkeys(cited))
    first = sorted((s for s in ranked if s.table.id in order and table_role(s.table) != "setup"),
                   key=lambda s: order.index(s.table.id))
    for s in first:
        s.why = [FigureReason("cited_by_summary", 1.0, 0.0, "a sentence of the summary cites it"), *s.why]
    moved = {s.table.id for s in first}
    return first + [s for s in ranked if s.table.id not in moved]
