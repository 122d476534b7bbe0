"""The learned ranker: a logistic model over the named features of :mod:`.features`.

The weights are a JSON file (the bundled one is ``model/ranker.json``, described by
``model/MODEL_CARD.md`` beside it; ``python -m mmsum.train`` makes them), scored with
numpy alone: each column is standardized by the training mean and spread, then weighed.
A sentence's or figure's reasons (``why``) are its features with the largest contribution
(coefficient times standardized value) to its score.

With a query, the learned salience takes the place of the hand-weighted one and is mixed
with the relevance to the query as before: the model was not trained on queries.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import OptionsError
from ..rankers import RANKERS

BUNDLED = Path(__file__).with_name("model") / "ranker.json"
FORMAT = 1


def learns_figures(spec: str) -> bool:
    """Whether the ranker ``spec`` ranks figures by a learned model (else by the hand weights):
    "learned+figures" does, and a weights file unless it says ``"rank_figures": false`` (a
    library's model whose figure model did not beat the hand weights)."""
    if spec in ("learned", "heuristic"):
        return False
    return spec in RANKERS or load_ranker(spec).rank_figures

# what each feature says, for the reasons shown to people
NOTES = {
    "heuristic": "the hand-weighted ranking puts it high",
    "heuristic_rank": "the hand-weighted ranking puts it high",
    "centrality": "much of what follows develops it",
    "centroid": "close to what the whole document is about",
    "quality": "reads as whole prose",
    "position": "where it stands in the document",
    "early": "near the start of the document",
    "section_first": "opens its section",
    "section_position": "where it stands in its section",
    "defining": "says what the document is and does",
    "section_good": "under a heading that states claims",
    "section_bad": "under a heading of other work or details",
    "intro": "in the introduction",
    "conclusion": "in the conclusion",
    "role_problem": "states the problem",
    "role_approach": "says what was done",
    "role_findings": "reports a finding",
    "role_limitations": "admits a limitation",
    "title_terms": "says the title's terms",
    "opening_sim": "close to the sections' openings",
    "log_length": "its length",
    "numbers": "its numbers",
    "keyness": "says the words the document says most",
    "key_pairs": "says phrases the document repeats",
    "citations": "its citations",
    "cites_figure": "cites a figure",
    "signpost": "says where things are",
    "caption_words": "the length of its caption",
    "caption_title": "its caption says the title's terms",
    "caption_centroid": "its caption is close to what the document is about",
    "mention_centroid": "the sentences citing it are close to what the document is about",
    "text_words": "the words inside it",
    "text_title": "the words inside it say the title's terms",
    "page": "the page it is on",
    "order": "its place among the figures",
    "pixel_salient": "its picture is close to the top-ranked sentences",
    **{f"pixel_{k}": "what its picture looks like" for k in range(1, 9)},
}


@dataclass
class LinearModel:
    """A logistic model over named columns: ``sigmoid(((x - mean) / scale) @ coef + intercept)``."""

    features: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def from_dict(cls, d: dict) -> LinearModel:
        return cls(list(d["features"]), np.asarray(d["mean"], np.float32), np.asarray(d["scale"], np.float32),
                   np.asarray(d["coef"], np.float32), float(d["intercept"]))

    def to_dict(self) -> dict:
        return {"features": self.features, "mean": [round(float(v), 6) for v in self.mean],
                "scale": [round(float(v), 6) for v in self.scale], "coef": [round(float(v), 6) for v in self.coef],
                "intercept": round(float(self.intercept), 6)}

    def columns(self, x: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
        """The model's columns of ``x`` (whose columns are ``names``), standardized."""
        idx = [names.index(f) for f in self.features]
        return (x[:, idx] - self.mean) / self.scale

    def score(self, x: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
        """Probability (0..1) per row of ``x``."""
        z = self.columns(x, names) @ self.coef + self.intercept
        return (1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))).astype(np.float32)

    def strongest(self, x: np.ndarray, names: tuple[str, ...], row: int,
                  top: int = 3) -> list[tuple[str, float, float]]:
        """(feature, standardized value, contribution) of the ``top`` features that raise row
        ``row``'s score most, largest first."""
        z = self.columns(x[row:row + 1], names)[0]
        contrib = z * self.coef
        order = np.argsort(-contrib, kind="stable")[:top]
        return [(self.features[i], float(z[i]), float(contrib[i])) for i in order if contrib[i] > 0]


@dataclass
class Ranker:
    """Weights for sentences and for figures, and the image space's fixed projection."""

    sentences: LinearModel
    figures: LinearModel
    pixel_basis: np.ndarray | None  # (PIXEL_DIMS + 1, d): mean, then directions
    name: str = "learned"
    rank_figures: bool = True  # as a weights file: whether its figure model ranks figures

    @classmethod
    def from_dict(cls, d: dict, name: str = "learned") -> Ranker:
        if d.get("format") != FORMAT:
            raise OptionsError(f"{name}: not a ranker weights file of format {FORMAT}")
        basis = d.get("pixel_basis")
        return cls(LinearModel.from_dict(d["sentences"]), LinearModel.from_dict(d["figures"]),
                   np.asarray(basis, np.float32) if basis else None, name, bool(d.get("rank_figures", True)))

    def to_dict(self) -> dict:
        return {"format": FORMAT, "sentences": self.sentences.to_dict(), "figures": self.figures.to_dict(),
                "rank_figures": self.rank_figures,
                "pixel_basis": [[round(float(v), 6) for v in row] for row in self.pixel_basis]
                if self.pixel_basis is not None else None}


@lru_cache(maxsize=8)
def _load(path: str, stamp: tuple[int, int] = (0, 0)) -> Ranker:  # noqa: ARG001 - the cache's key
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise OptionsError(f"ranker {path}: cannot be read as ranker weights ({e.__class__.__name__})") from None
    try:
        return Ranker.from_dict(data, p.name)
    except (KeyError, TypeError, ValueError) as e:
        raise OptionsError(f"ranker {path}: not a ranker weights file (missing {e})") from None


def load_ranker(spec: str) -> Ranker | None:
    """None for "heuristic"; the bundled model for "learned" and "learned+figures"; else the
    weights file at ``spec``. OptionsError with one line when the file is missing or not ranker
    weights."""
    if spec == "heuristic":
        return None
    bundled = spec in RANKERS
    path = BUNDLED if bundled else Path(spec).expanduser()
    if not bundled and not path.is_file():
        raise OptionsError(f"ranker must be {', '.join(RANKERS)} or a weights file (no file {spec!r})")
    path = path.resolve()
    try:  # a file written again (a library's model retrained) is read again
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = (0, 0)
    return _load(str(path), stamp)


def check_ranker(spec: str) -> str:
    """``spec`` if it names a ranker (see :func:`load_ranker`), else OptionsError."""
    load_ranker(spec)
    return spec


def _reasons(model: LinearModel, x: np.ndarray, names: tuple[str, ...], rows: np.ndarray,
             details: dict[str, list[str]] | None = None) -> list[list]:
    """Per row of ``x`` (empty where ``rows`` is False): the reasons
    (:class:`~mmsum.summary.FigureReason`), its strongest features, each with its share of
    the positive contributions; ``value`` (0..1) is where the row stands on that feature among
    the training rows (the normal curve at its standardized value: 0.5 is the training mean)."""
    from ..summary import FigureReason

    if not len(x):
        return []
    z = model.columns(x, names)
    contrib = z * model.coef
    top = np.argsort(-contrib, axis=1, kind="stable")[:, :3]
    out: list[list] = []
    for row in range(len(x)):
        parts = [int(i) for i in top[row] if contrib[row, i] > 0] if rows[row] else []
        total = float(sum(contrib[row, i] for i in parts)) or 1.0
        why = []
        for i in parts:
            name = model.features[i]
            signal = name.removeprefix("sig_")
            note = details[signal][row] if details and signal in details else ""
            standing = 0.5 * (1 + math.erf(float(z[row, i]) / math.sqrt(2)))
            why.append(FigureReason(signal=name, value=round(standing, 3), share=round(float(contrib[row, i]) / total, 3),
                                    note=note or NOTES.get(name, name.replace("_", " "))))
        out.append(why)
    return out


def learned_sentence_scores(doc, emb, ranker: Ranker, heuristic: np.ndarray, query: np.ndarray | None = None):
    """(sentence scores, sentence reasons) of ``doc`` by ``ranker``; ``heuristic``: the hand
    ranking's sentence scores (features of the model)."""
    from .features import SENTENCE_FEATURES, sentence_features
    from .scale import QUERY_SHARE, unit_scale

    xs = sentence_features(doc, emb, heuristic)
    s = ranker.sentences.score(xs, SENTENCE_FEATURES) if len(xs) else np.zeros(0, np.float32)
    usable = (xs[:, SENTENCE_FEATURES.index("quality")] > 0) & np.any(emb.sentences, axis=1) if len(xs) else s > 0
    s = np.where(usable, s, 0.0)
    if query is not None and len(s):
        s = (1 - QUERY_SHARE) * unit_scale(s) + QUERY_SHARE * xs[:, SENTENCE_FEATURES.index("quality")] \
            * unit_scale(emb.sentences @ query)
    s = unit_scale(s, robust=False).astype(np.float32)
    if len(s) and not s.any():
        s = usable.astype(np.float32)
    return s, _reasons(ranker.sentences, xs, SENTENCE_FEATURES, usable)


def learned_figure_scores(doc, emb, figs, ranker: Ranker, heuristic: np.ndarray, query: np.ndarray | None = None,
                          query_in_image_space: np.ndarray | None = None):
    """(figure scores, figure reasons) of ``doc`` by ``ranker``; ``heuristic``: the hand
    ranking's sentence scores (features of the model)."""
    from .figures import QUERY_SHARE as FIGURE_QUERY_SHARE
    from .features import FIGURE_FEATURES, figure_features

    xf, signals = figure_features(doc, emb, figs, heuristic, ranker.pixel_basis)
    m = len(doc.figures)
    if m == 0:
        return np.zeros(0, np.float32), []
    from ..summary import FigureReason
    from .figures import blend_query

    f = ranker.figures.score(xf, FIGURE_FEATURES)
    f, relevance = blend_query(f, emb, figs, query, query_in_image_space, FIGURE_QUERY_SHARE)
    f = np.maximum(f, 1e-3) / max(float(f.max()), 1e-3)
    f = np.where(signals.excluded, 0.0, f).astype(np.float32)
    f_why = _reasons(ranker.figures, xf, FIGURE_FEATURES, ~signals.excluded, signals.details)
    for k in range(m):
        if signals.excluded[k]:
            f_why[k] = [FigureReason("excluded", 0.0, 1.0, signals.reasons_excluded[k])]
        elif relevance is not None:
            f_why[k].insert(0, FigureReason("query", round(float(relevance[k]), 3), FIGURE_QUERY_SHARE,
                                            "matches the query"))
    return f, f_why
