"""Figure kinds named in a query ("bar charts of energy per node"): one rule for a document
searched on the fly (:mod:`.query`) and for a library (:mod:`mmsum.library.search`).

A query that names a kind asks what figures *show*: the rest of it ("energy per node") is
matched mostly against the figure's own words (the ``figure-text`` channel: axis titles,
legend names, labels and the description read from the chart), less against its caption and
mentions (:data:`SHOWS_WEIGHTS`), and a figure known to be of another kind keeps
:data:`OFF_KIND` of its relevance. So a bar chart whose axis says "Energy per node" ranks above
a line chart whose caption alone mentions energy. "map" is not read as a kind: "feature map",
"attention map" name no geographic map.
"""
from __future__ import annotations

import re
from typing import Mapping, Sequence

import numpy as np

# kind -> the words that name it (regular expressions, matched case-insensitively as whole words)
KIND_PATTERNS: dict[str, str] = {
    "bar": r"bar ?(?:charts?|plots?|graphs?)|barplots?|bar ?diagrams?",
    "line": r"line ?(?:charts?|plots?|graphs?)",
    "scatter": r"scatter ?(?:plots?|charts?|graphs?|diagrams?)|scatterplots?|scatters",
    "histogram": r"histograms?",
    "pie": r"pie ?(?:charts?|plots?|graphs?)|pies",
    "heatmap": r"heat ?maps?",
    "box": r"box ?(?:plots?|and ?whisker ?plots?)|boxplots?",
    "diagram": r"(?:block |flow |architecture |schematic )?diagrams?|flow ?charts?|schematics?",
    "photo": r"photo(?:graph)?s?|micrographs?",
}
# "charts of ...", "plots showing ...": any kind of chart
CHART_KINDS = ("line", "scatter", "bar", "histogram", "pie", "heatmap", "box")
_ANY_CHART = r"charts?|plots?"
_LINK = r"(?:of|showing|that show|with|about|for|on|comparing)"
_KINDS_RE = [(k, re.compile(rf"\b(?:{p})\b", re.I)) for k, p in KIND_PATTERNS.items()]
_ANY_RE = re.compile(rf"\b(?:{_ANY_CHART})\b", re.I)

# a figure's text channels when a query names a kind: what it shows is in its own words
SHOWS_WEIGHTS: dict[str, float] = {"caption": 0.2, "mentions": 0.1, "figure-text": 0.7}
OFF_KIND = 0.5  # the share of its relevance a figure of another (known) kind keeps


def query_kinds(query: str) -> tuple[frozenset[str], str]:
    """(the figure kinds ``query`` names, the query without them); no kinds and the query
    unchanged when it names none. "bar charts of energy per node" -> ({"bar"}, "energy per
    node"); "plots of latency" -> (every chart kind, "latency")."""
    kinds: set[str] = set()
    rest = query
    for kind, rx in _KINDS_RE:
        if rx.search(rest):
            kinds.add(kind)
            rest = rx.sub(" ", rest)
    if not kinds and _ANY_RE.search(rest):
        kinds.update(CHART_KINDS)
        rest = _ANY_RE.sub(" ", rest)
    if not kinds:
        return frozenset(), query
    rest = re.sub(rf"^\W*(?:(?:and|or|the|a|an)\W+)*(?:{_LINK}\b)?", " ", rest.strip(), flags=re.I)
    rest = re.sub(r"\s+(?:and|or)\s*$", "", " ".join(rest.split()), flags=re.I)
    return frozenset(kinds), rest.strip(" ,;:")


def shows_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """The channel weights for a query that names a kind: :data:`SHOWS_WEIGHTS` on the text
    channels that ``weights`` has on (the rest as in ``weights``); ``weights`` itself when it
    has none of them on."""
    out = dict(weights)
    on = [c for c in SHOWS_WEIGHTS if weights.get(c, 0) > 0]
    if not on:
        return out
    for c, w in SHOWS_WEIGHTS.items():
        out[c] = w if c in on else 0.0
    return out


def kind_factor(kinds: frozenset[str], figure_kind: str | None) -> float:
    """1 when ``kinds`` is empty, the figure is of one of them, or its kind is unknown (None);
    else :data:`OFF_KIND`."""
    if not kinds or figure_kind is None or figure_kind in kinds:
        return 1.0
    return OFF_KIND


def weigh_by_kind(relevances, kinds: frozenset[str], figure_kinds: Sequence[str | None]) -> np.ndarray:
    """Each figure's relevance with its :func:`kind_factor` applied (a negative relevance, less
    related than unrelated text, is moved away from 0 by the same factor)."""
    rel = np.asarray(relevances, dtype=np.float64)
    f = np.array([kind_factor(kinds, k) for k in figure_kinds], dtype=np.float64).reshape(rel.shape)
    return np.where(rel > 0, rel * f, rel / f)
