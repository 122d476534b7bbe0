"""Putting score components on one 0..1 scale before they are mixed."""
from __future__ import annotations

import numpy as np

# with --query, relevance to it leads (the user asked for it) for sentences and figures alike;
# salience breaks the ties among relevant ones
QUERY_SHARE = 0.7


def unit_scale(x: np.ndarray, robust: bool = True) -> np.ndarray:
    """Map ``x`` to 0..1. ``robust``: by its 2nd and 98th percentiles (clipped), so one outlier
    cannot squash every other value towards 0; else by min and max, which keeps the order of
    the top values (for final scores). Constant input maps to zeros."""
    x = np.asarray(x, dtype=np.float32)
    if x.size == 0:
        return x
    lo, hi = np.percentile(x, [2, 98]) if robust and x.size >= 10 else (x.min(), x.max())
    if hi - lo <= 1e-9:
        return np.zeros_like(x)
    return np.clip((x - lo) / (hi - lo), 0.0, 1.0)
