"""A structured extractive summary: what problem, what was done, what was found, limitations.

The same salience and the same MMR selection as the plain summary, filled role by role
(:mod:`mmsum.rank.roles`): each candidate stands in the one section its words (and heading)
fit best, and each section gets a share of the length. What was done is filled first and
leads with the sentence that says what the document is and does; findings prefer sentences
that report numbers. A section with no sentence that plays its role is left out rather than
filled with one that does not (most papers state no limitation in so many words).
"""
from __future__ import annotations

import re

import numpy as np

from ..document import Document
from ..rank.role_model import learned_roles
from ..rank.roles import ROLES, heading_roles, opening_context, role_titles, sentence_roles
from ..summary import SummarySection
from .selection import Extract, Pool, Selection, opening_first
from .prose import leans_on_before

# share of the length per section: the approach and the findings are what a reader came for
SHARES = {"problem": 0.2, "approach": 0.3, "findings": 0.35, "limitations": 0.15}
FILL_ORDER = ("approach", "findings", "problem", "limitations")
ROLE_MIN = 0.5  # strength a sentence needs to stand in a section (a cue in its own words at least)


# a limitation said in so many words: not "we assume" or "an approximation", which every
# derivation says
_CONCEDES = re.compile(
    r"\b(?:limitations?|drawbacks?|shortcomings?|caveats?|weakness(?:es)?|future\s+work|left\s+for\s+future|"
    r"beyond\s+the\s+scope|restricted\s+to|only\s+(?:applies|works|valid|holds)|remains?\s+(?:to\s+be|an\s+open|"
    r"unclear|open)|(?:does|do|did|could)\s+not|cannot|can\s+not|fails?\s+(?:to|when|for)|at\s+the\s+cost\s+of|"
    r"sensitive\s+to|not\s+(?:yet\s+)?(?:been\s+)?(?:addressed|studied|explored|tested))\b", re.I)
_CONCEDES_ZH = re.compile(r"局限|不足|缺点|缺陷|未来工作|有待|尚未|不能|无法|代价|仅适用")
# a step of a proof or derivation: under a proof's heading, or opening as one ("Let", "Suppose",
# "Hence"), or stating a formula
_PROOF_HEADING = re.compile(r"\b(?:proof|theorem|lemma|corollary|proposition|appendix|derivation)\b", re.I)
_PROOF_STEP = re.compile(r"^(?:let|suppose|assume|hence|thus|therefore|then|by\s+(?:induction|definition|"
                         r"construction|symmetry)|it\s+follows|we\s+(?:now\s+)?(?:prove|show|have|obtain))\b"
                         r"|[=≤≥<>∈⊂∑∫]", re.I)
# an exercise of a textbook ("习题3-1 证明…", "Exercise 2.3") states no claim of the document
_EXERCISE = re.compile(r"^(?:习题|练习|思考题|exercises?\s*\d|problem\s+\d+(?:[.-]\d+)*\b)", re.I)
# nor does a sentence under a heading of exercises ("习题", "3.7 Exercises")
_EXERCISE_HEADING = re.compile(r"^[\d.\s]*(?:习题|练习|思考题|exercises?\b)", re.I)
# an example stands for a claim made before it; it is no statement of the problem
_EXAMPLE = re.compile(r"^(?:for\s+(?:example|instance)|e\.\s?g\.|as\s+an\s+example|consider)\b", re.I)


def accepts(role: str, text: str, section: str | None) -> bool:
    """Whether a sentence may stand in ``role``'s section at all, whatever its strength: a
    limitation is conceded in the sentence's own words and is no step of a proof; a problem
    is no example. An exercise (or a sentence under a heading of exercises) stands in no
    section, and a question reports no finding."""
    if _EXERCISE.match(text.strip()) or (section and _EXERCISE_HEADING.match(section.strip())):
        return False
    if role == "findings" and text.rstrip().endswith(("?", "？")):
        return False
    if role == "limitations":
        return bool(_CONCEDES.search(text) or _CONCEDES_ZH.search(text)) and not _PROOF_STEP.search(text) \
            and not (section and _PROOF_HEADING.search(section))
    if role == "problem":
        return not _EXAMPLE.match(text.strip())
    return True


def learned_strengths(cues: dict[str, float], learned: np.ndarray) -> dict[str, float]:
    """Role strengths of a sentence under a heading that names no role: the model's
    probabilities (``learned``, in ROLES order) for the problem, the approach and the findings.
    Too few headings name limitations to learn them: a sentence that concedes in its own words
    (the cue phrases' limitation strength ``cues``) is a limitation unless the model reads it
    as the problem ("... and operators cannot tell which copy is correct"): its limitation
    strength is the model's probability that it is not the problem."""
    p = dict(zip(ROLES, map(float, learned)))
    out = {"problem": p["problem"], "approach": p["approach"], "findings": p["findings"], "limitations": 0.0}
    if cues["limitations"] >= ROLE_MIN:
        out["limitations"] = 1.0 - p["problem"]
    return out


def candidate_roles(doc: Document, pool: Pool, learned: np.ndarray | None = None
                    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Role strengths of the pool's candidates and the role each fits best (an index into ROLES).

    Under a heading that names a role, the cue phrases and the heading decide. Under one that
    names none, the ``learned`` probabilities (:func:`mmsum.rank.role_model.learned_roles`, one
    row per sentence of ``doc``) replace them (:func:`learned_strengths`): cross-validated, the
    model placed far more sentences where their heading would, and more of them rightly, than
    the cue phrases or the mean of both (mmsum/rank/model/ROLES_MODEL_CARD.md). A limitation
    must be stated in the sentence's own words: under a "Discussion" heading most sentences
    discuss, they do not concede (:func:`accepts`)."""
    opening = opening_context(doc)
    rows = []
    for i in pool.ids:
        section = doc.sentences[i].section
        roles = sentence_roles(pool.text[i], section)
        if opening[i]:
            roles["problem"] = min(1.0, roles["problem"] + 0.4)
        if learned is not None and not heading_roles(section):
            roles = learned_strengths(roles, learned[i])
        if sentence_roles(pool.text[i], None)["limitations"] < ROLE_MIN:
            roles["limitations"] = 0.0
        for role in ROLES:
            if not accepts(role, pool.text[i], section):
                roles[role] = 0.0
        rows.append(roles)
    strength = {r: np.array([row[r] for row in rows], dtype=np.float32) for r in ROLES}
    stacked = np.stack([strength[r] for r in ROLES]) if rows else np.zeros((len(ROLES), 0), np.float32)
    return strength, stacked.argmax(0) if rows else np.zeros(0, dtype=int)


def structured_summary(doc: Document, pool: Pool, sel: Selection, max_words: int | None,
                       max_sents: int | None, vectors: np.ndarray | None = None,
                       encoder: str | None = None) -> Extract:
    """Fill the sections from ``pool`` with ``sel`` within ``max_words`` / ``max_sents`` in all;
    ``vectors`` (one row per sentence of ``doc``, made by the text encoder named ``encoder``)
    let the role model read the sentences' meaning, else it reads their cues alone."""
    strength, best = candidate_roles(doc, pool, learned_roles(doc, vectors, encoder))
    taken: dict[str, list[int]] = {r: [] for r in ROLES}
    lead = sel.lead()
    if lead is not None and (max_words is None or pool.words(lead) <= max_words):
        sel.take(lead)
        taken["approach"].append(lead)
    spare_words = 0
    for role in FILL_ORDER:
        words = None if max_words is None else int(SHARES[role] * max_words) + spare_words
        sents = None if max_sents is None else max(1, round(SHARES[role] * max_sents))
        if words is not None:
            words -= sum(pool.words(k) for k in taken[role])
        if sents is not None:
            sents -= len(taken[role])
        eligible = (best == ROLES.index(role)) & (strength[role] >= ROLE_MIN)
        got = sel.fill(words, sents, weight=0.5 + 0.5 * strength[role], eligible=eligible) \
            if (words is None or words > 0) and (sents is None or sents > 0) else []
        taken[role] += got
        if words is not None:
            spare_words = max(0, words - sum(pool.words(k) for k in got))
    sections = []
    titles = role_titles(doc.language)
    for role in ROLES:
        if not taken[role]:
            continue
        first = [lead] if role == "approach" and lead in taken[role] else []
        rest = sorted((k for k in taken[role] if k not in first), key=lambda k: pool.ids[k])
        if not first:
            rest = opening_first(rest, [pool.text[pool.ids[k]] for k in rest])
            if rest and leans_on_before(pool.text[pool.ids[rest[0]]]):
                continue  # every sentence leans on one before it: no section opens on such
        sections.append(SummarySection(titles[role], sel.scored(doc, first + rest)))
    sentences = [s for section in sections for s in section.sentences]
    return Extract(" ".join(s.sentence.text for s in sentences), sentences, sections)
