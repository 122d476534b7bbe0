"""The learned kind model: a multinomial logistic model over a figure's measures
(:data:`.kind_measures.MEASURES`), evaluated with numpy alone.

The weights are JSON (the bundled ``model/kinds.json``, described by ``model/MODEL_CARD.md``
beside it; ``python -m mmsum.train.kinds`` makes them): each measure is standardized by the
training mean and spread, then each kind's score is a weighed sum; the largest wins.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .kind_measures import MEASURES

BUNDLED = Path(__file__).with_name("model") / "kinds.json"
FORMAT = 1


@dataclass(frozen=True)
class KindModel:
    """Weights of the kind model: ``coef`` (kinds x measures) over standardized measures."""

    kinds: tuple[str, ...]
    measures: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Each kind's probability for measure rows ``x`` (n x measures), n x kinds."""
        z = (np.atleast_2d(np.asarray(x, dtype=float)) - self.mean) / self.scale
        s = z @ self.coef.T + self.intercept
        s = np.exp(s - s.max(axis=1, keepdims=True))
        return s / s.sum(axis=1, keepdims=True)

    def predict(self, measures: list[float]) -> tuple[str, float]:
        """The most likely kind for one figure's measures and its probability."""
        p = self.probabilities(np.asarray(measures, dtype=float))[0]
        k = int(p.argmax())
        return self.kinds[k], float(p[k])

    def to_json(self) -> dict:
        return {"format": FORMAT, "kinds": list(self.kinds), "measures": list(self.measures),
                "mean": self.mean.tolist(), "scale": self.scale.tolist(), "coef": self.coef.tolist(),
                "intercept": self.intercept.tolist()}

    @classmethod
    def from_json(cls, data: dict) -> "KindModel":
        if data.get("format") != FORMAT or tuple(data.get("measures", ())) != MEASURES:
            raise ValueError("kind model weights were made for other measures; rebuild them with "
                             "python -m mmsum.train.kinds")
        return cls(tuple(data["kinds"]), tuple(data["measures"]), np.asarray(data["mean"], float),
                   np.asarray(data["scale"], float), np.asarray(data["coef"], float),
                   np.asarray(data["intercept"], float))


@lru_cache(maxsize=1)
def bundled_model() -> KindModel | None:
    """The shipped kind model, or None when its file is missing or stale (the rules decide)."""
    try:
        return KindModel.from_json(json.loads(BUNDLED.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError):
        return None
