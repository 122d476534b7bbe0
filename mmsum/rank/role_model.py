"""The learned sentence-role model: which of problem, approach, findings and limitations a
sentence plays, from the sentence and its context, never from its heading.

Trained by ``python -m mmsum.train.roles`` on sentences whose heading names one role (the
heading is the label: :func:`mmsum.rank.roles.heading_role`); the bundled weights
(``model/roles.json``) are described by ``model/ROLES_MODEL_CARD.md`` beside them. Two
multinomial logistic models, scored with numpy alone:

- ``vectors``: the sentence's text-encoder vector, the mean vector of the other encoded
  sentences of its section and of its two neighbours on either side, each projected on the
  first principal directions of the training sentences (``basis``), plus the ``cues`` columns;
  used only when the vectors come from the encoder it was trained with (``encoder``) and
  when it cross-validated better than the cue model (``use_vectors``);
- ``cues``: what holds in any language and any encoder: relative position in the document,
  in its section and of its section, the cue-phrase strengths of :func:`.roles.sentence_roles`
  (heading left out) for the sentence and its section, the defining sentence, numbers, the
  opening before the defining sentence.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..document import Document
from .roles import ROLES, is_defining, opening_context, reports_numbers, sentence_roles
from .structure import document_structure

BUNDLED = Path(__file__).with_name("model") / "roles.json"
FORMAT = 1
NEIGHBOURS = 2  # sentences on either side whose mean vector is a feature
CUE_FEATURES = ("position", "section_start", "section_position", "section_first", "paragraph_first",
                *(f"cue_{r}" for r in ROLES), "defining", "numbers", "opening",
                *(f"section_cue_{r}" for r in ROLES))


def vector_features(k: int) -> tuple[str, ...]:
    """Names of the vector columns for a basis of ``k`` directions."""
    return ("encoded", *(f"{part}_{j + 1}" for part in ("own", "section", "near") for j in range(k)))


def cue_columns(doc: Document) -> np.ndarray:
    """(n, len(CUE_FEATURES)): the columns of ``doc``'s sentences that need no vectors."""
    n = len(doc.sentences)
    out = np.zeros((n, len(CUE_FEATURES)), dtype=np.float64)
    if not n:
        return out
    st = document_structure(doc)
    cues = np.array([[sentence_roles(s.text, None)[r] for r in ROLES] for s in doc.sentences])
    index = np.arange(n)
    section_start = index - st.in_section
    out[:, 0] = index / max(n - 1, 1)
    out[:, 1] = section_start / max(n - 1, 1)
    out[:, 2] = st.in_section / np.maximum(st.section_len - 1, 1)
    out[:, 3] = st.in_section == 0
    out[:, 4] = st.in_paragraph == 0
    out[:, 5:9] = cues
    out[:, 9] = [is_defining(s.text) for s in doc.sentences]
    out[:, 10] = [reports_numbers(s.text) for s in doc.sentences]
    out[:, 11] = opening_context(doc)
    sums = np.zeros((int(st.section.max()) + 1, len(ROLES)))
    np.add.at(sums, st.section, cues)
    out[:, 12:16] = sums[st.section] / st.section_len[:, None]
    return out


def vector_columns(section: np.ndarray, vectors: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """(n, 1 + 3k): encoded or not; the sentence's vector, its section's others' mean and its
    neighbours' mean (encoded rows only), each centred and projected on ``basis`` ((k + 1, d):
    the mean, then k directions). ``section``: each sentence's section id
    (:func:`.structure.document_structure`)."""
    n = len(section)
    k = basis.shape[0] - 1
    out = np.zeros((n, 1 + 3 * k), dtype=np.float64)
    if not n:
        return out
    v = np.asarray(vectors, dtype=np.float64)
    enc = np.any(v != 0, axis=1)
    # section ids run 0, 0, 1, 1, 1, 2...: sums over each run
    starts = np.flatnonzero(np.r_[True, section[1:] != section[:-1]])
    run = np.cumsum(np.r_[True, section[1:] != section[:-1]]) - 1
    own_sum = np.add.reduceat(v, starts, axis=0)[run] - v
    own_cnt = np.add.reduceat(enc.astype(np.float64), starts)[run] - enc
    section = np.where(own_cnt[:, None] > 0, own_sum / np.maximum(own_cnt, 1)[:, None], 0.0)
    csum = np.vstack([np.zeros((1, v.shape[1])), np.cumsum(v, axis=0)])
    ccnt = np.concatenate([[0], np.cumsum(enc)])
    lo = np.maximum(np.arange(n) - NEIGHBOURS, 0)
    hi = np.minimum(np.arange(n) + NEIGHBOURS + 1, n)
    near_cnt = ccnt[hi] - ccnt[lo] - enc
    near = np.where(near_cnt[:, None] > 0, (csum[hi] - csum[lo] - v) / np.maximum(near_cnt, 1)[:, None], 0.0)
    mean, dirs = basis[0], basis[1:]
    out[:, 0] = enc
    for j, (rows, has) in enumerate(((v, enc), (section, own_cnt > 0), (near, near_cnt > 0))):
        out[:, 1 + j * k:1 + (j + 1) * k] = np.where(has[:, None], (rows - mean) @ dirs.T, 0.0)
    return out


@dataclass(frozen=True)
class SoftmaxModel:
    """A multinomial logistic model over standardized named columns (rows of ``coef`` follow ROLES)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (roles, features)
    intercept: np.ndarray  # (roles,)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """(n, len(ROLES)) probabilities for feature rows ``x`` (n, features)."""
        s = ((np.atleast_2d(x) - self.mean) / self.scale) @ self.coef.T + self.intercept
        s = np.exp(s - s.max(axis=1, keepdims=True))
        return s / s.sum(axis=1, keepdims=True)

    def to_json(self) -> dict:
        r = lambda a: np.round(np.asarray(a, dtype=float), 5).tolist()  # noqa: E731
        return {"features": list(self.features), "mean": r(self.mean), "scale": r(self.scale),
                "coef": r(self.coef), "intercept": r(self.intercept)}

    @classmethod
    def from_json(cls, d: dict) -> "SoftmaxModel":
        return cls(tuple(d["features"]), *(np.asarray(d[k], dtype=float) for k in ("mean", "scale", "coef",
                                                                                      "intercept")))


@dataclass(frozen=True)
class RoleModel:
    """The bundled (or a trained) role model: ``vectors`` for documents embedded by ``encoder``
    (projected on ``basis``), ``cues`` for any other."""

    encoder: str
    basis: np.ndarray
    vectors: SoftmaxModel
    cues: SoftmaxModel
    use_vectors: bool = True  # False where the vector model cross-validated no better than the cue model

    def probabilities(self, doc: Document, vectors: np.ndarray | None, encoder: str | None) -> np.ndarray:
        """(n, len(ROLES)): each sentence's role probabilities; the vector model where
        ``vectors`` come from :attr:`encoder`, else the cue model."""
        return self.from_columns(document_structure(doc).section, cue_columns(doc), vectors, encoder)

    def uses_vectors(self, vectors: np.ndarray | None, encoder: str | None) -> bool:
        """Whether ``vectors`` (made by ``encoder``) are in the space the vector model learned."""
        return self.use_vectors and encoder == self.encoder and vectors is not None \
            and np.shape(vectors)[1:] == self.basis.shape[1:]

    def from_columns(self, section: np.ndarray, cues: np.ndarray, vectors: np.ndarray | None,
                     encoder: str | None, rows: np.ndarray | None = None) -> np.ndarray:
        """:meth:`probabilities` of the sentences ``rows`` (None: all) from the document's
        section ids and :func:`cue_columns` already made."""
        sel = slice(None) if rows is None else rows
        if self.uses_vectors(vectors, encoder):
            return self.vectors.probabilities(np.hstack([vector_columns(section, vectors, self.basis)[sel], cues[sel]]))
        return self.cues.probabilities(cues[sel])

    def to_json(self) -> dict:
        return {"format": FORMAT, "roles": list(ROLES), "encoder": self.encoder,
                "basis": np.round(self.basis.astype(float), 5).tolist(),
                "vectors": self.vectors.to_json(), "cues": self.cues.to_json(), "use_vectors": self.use_vectors}

    @classmethod
    def from_json(cls, d: dict) -> "RoleModel":
        k = len(d["basis"]) - 1
        if d.get("format") != FORMAT or tuple(d.get("roles", ())) != ROLES \
                or tuple(d["cues"]["features"]) != CUE_FEATURES \
                or tuple(d["vectors"]["features"]) != (*vector_features(k), *CUE_FEATURES):
            raise ValueError("role model weights were made for other features; rebuild them with "
                             "python -m mmsum.train.roles")
        return cls(d["encoder"], np.asarray(d["basis"], dtype=float), SoftmaxModel.from_json(d["vectors"]),
                   SoftmaxModel.from_json(d["cues"]), bool(d.get("use_vectors", True)))


@lru_cache(maxsize=1)
def bundled_role_model() -> RoleModel | None:
    """The shipped role model, or None when its weights are missing (roles then come from the
    cue phrases alone)."""
    try:
        return RoleModel.from_json(json.loads(BUNDLED.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError):
        return None


def learned_roles(doc: Document, vectors: np.ndarray | None, encoder: str | None) -> np.ndarray | None:
    """(n, len(ROLES)) role probabilities of ``doc``'s sentences by the bundled model (its
    vector model where ``vectors`` come from its encoder, else its cue model), or None
    without the model."""
    model = bundled_role_model()
    return None if model is None or not doc.sentences else model.probabilities(doc, vectors, encoder)
