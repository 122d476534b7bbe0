"""Relevance: what a search score means, the same for every document, language and encoder.

An encoder's cosines have a scale of their own (multilingual-e5's sit far higher than
all-MiniLM-L6-v2's: two unrelated sentences score about 0.75 under one and 0.05 under the
other), so a raw cosine cannot be compared across the encoders that English and Chinese
documents are embedded with. A result's relevance is its cosine to the query rescaled per
query and encoder so that **0 is as close as an unrelated sentence** (the mean cosine of the
query to :data:`REFERENCE`, fixed sentences on unrelated topics) **and 1 is the query's own
text** (cosine 1): ``(cos - baseline) / (1 - baseline)``, shown clipped to 0..1.
"""
from __future__ import annotations

import numpy as np

# unrelated sentences on many topics, in English and Chinese: what a query's cosine to "any
# sentence" looks like under an encoder. Fixed, so a score does not depend on the library.
REFERENCE = [
    "The committee will meet again next Tuesday to discuss the budget.",
    "Add the flour slowly and stir until the dough is smooth.",
    "The river flooded the valley after three days of heavy rain.",
    "Our results suggest that the proposed method converges faster.",
    "He bought a used bicycle from a shop near the station.",
    "The table lists the parameters used in all experiments.",
    "Patients were randomly assigned to one of two treatment groups.",
    "The software update fixes several security vulnerabilities.",
    "Figure 4 shows the distribution of errors across the test set.",
    "The museum is closed on public holidays.",
    "Prices of raw materials rose sharply during the last quarter.",
    "The proof follows from the second lemma by induction on n.",
    "Birds migrate south when the days grow shorter.",
    "The bridge was designed to withstand strong earthquakes.",
    "我们在实验中比较了三种不同的方法。",
    "今天下午图书馆将提前关闭。",
    "这座城市的人口在过去十年中增长了一倍。",
    "表中列出了所有样本的平均值和标准差。",
    "他每天早上骑自行车去上班。",
    "该算法的时间复杂度为线性。",
]
_REFERENCE_VECTORS: dict[int, tuple[object, np.ndarray]] = {}  # id(encoder) -> (encoder, vectors)


def baseline(encoder, queries: np.ndarray) -> np.ndarray:
    """Per query vector (rows of ``queries``, unit length, from ``encoder``): its mean cosine
    to the :data:`REFERENCE` sentences under ``encoder``."""
    held = _REFERENCE_VECTORS.get(id(encoder))
    if held is None or held[0] is not encoder:
        held = _REFERENCE_VECTORS[id(encoder)] = (encoder, np.asarray(encoder.encode(REFERENCE), np.float32))
    return np.atleast_2d(queries).astype(np.float32) @ held[1].mean(axis=0)


def relevance(cosines, base):
    """``cosines`` of results to a query whose :func:`baseline` is ``base``, as relevance
    (0: unrelated, 1: the query's own text; below 0 when less related than unrelated text)."""
    return (np.asarray(cosines, np.float64) - base) / max(1.0 - float(base), 1e-6)


def shown(score: float) -> float:
    """A relevance as the user sees it: clipped to 0..1, six decimals."""
    return round(min(max(float(score), 0.0), 1.0), 6)
