"""The names of the rankers a summary can ask for, read by the options (which check them) and
by :mod:`mmsum.rank.learned` (which loads them).

"learned" (the default): the bundled sentence model, figures by the hand weights (the bundled
figure model was not shown better: ``mmsum/rank/model/MODEL_CARD.md``); "learned+figures":
the bundled sentence and figure models; "heuristic": the hand weights. Any other value is the
path of a weights file made by ``python -m mmsum.train`` (both of its models). The sentence
model is the default because its summaries were shown closer to the authors' abstracts than the
hand weights' on 93 papers it was not trained on (``run.py compare``: better, +1.17 ROUGE-2).
"""
from __future__ import annotations

RANKERS = ("learned", "learned+figures", "heuristic")
DEFAULT_RANKER = "learned"
