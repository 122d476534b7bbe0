"""Small papers with an "Abstract" whose text is known by construction, all different: a
library that ``mmsum library train`` can learn from.

Each paper (``abstract_paper(path, seed)``) has a title, an "Abstract" heading and paragraph
(about 70 words, returned as the truth), an introduction, a method with one figure, results
and a conclusion. Some body sentences restate the abstract's claims in other words, others
are filler about the same subject, so a sentence's overlap with the abstract varies as in a
real paper.
"""
from __future__ import annotations

from pathlib import Path

from tests.pdfbuild import PaperBuilder

SUBJECTS = [("solar panels", "dust", "cleaning robots"), ("wind turbines", "ice", "blade heaters"),
            ("river dams", "silt", "flushing gates"), ("city buses", "traffic", "signal priority"),
            ("hospital wards", "infections", "hand hygiene audits"), ("wheat fields", "drought", "drip irrigation"),
            ("data centres", "heat", "liquid cooling"), ("school classes", "absence", "text reminders"),
            ("bridges", "corrosion", "cathodic protection"), ("fisheries", "bycatch", "escape panels"),
            ("railway lines", "delays", "predictive maintenance"), ("coffee farms", "rust fungus",
                                                                     "shade trees")]
FILLER = [
    "The study site was visited by the team during the dry and the wet season.",
    "Earlier surveys had used different instruments, which makes a direct comparison difficult.",
    "All measurements were logged automatically and checked by hand once a week.",
    "The budget of the project covered two field technicians and one analyst.",
    "Several practitioners were interviewed about how they plan their work today.",
    "The local authority provided maps and historical records for the region.",
    "Weather data came from the nearest station of the national meteorological service.",
    "We thank nobody in particular for this synthetic document.",
]


def abstract_text(seed: int) -> str:
    thing, problem, fix = SUBJECTS[seed % len(SUBJECTS)]
    share = 20 + (seed * 7) % 50
    return (f"{problem.capitalize()} reduces the useful life of {thing} in many regions. "
            f"We study whether {fix} can limit the damage caused by {problem} over a full year. "
            f"In a trial with {12 + seed} sites, {fix} cut the losses due to {problem} by {share} percent. "
            f"The savings outweigh the cost of {fix} within two years of operation. "
            f"We conclude that {fix} should become standard practice for {thing} exposed to {problem}.")


def abstract_paper(path: Path, seed: int) -> str:
    """Build paper number ``seed`` at ``path``; its abstract's text."""
    thing, problem, fix = SUBJECTS[seed % len(SUBJECTS)]
    abstract = abstract_text(seed)
    filler = lambda k, n: " ".join(FILLER[(seed + k + i) % len(FILLER)] for i in range(n))  # noqa: E731
    b = PaperBuilder(columns=1, page_numbers=True)
    b.title(f"{fix.capitalize()} against {problem} in {thing} ({seed})")
    b.heading("Abstract")
    b.paragraph(abstract)
    b.heading("1 Introduction")
    b.paragraph(f"Operators of {thing} report that {problem} shortens their service life every year. "
                + filler(0, 3) + f" This paper asks whether {fix} limits the damage of {problem}.")
    b.heading("2 Method")
    b.paragraph(f"We installed {fix} at half of the {12 + seed} sites and compared them with the others. "
                + filler(3, 3) + " Figure 1 shows where the sites lie.")
    b.figure("vector" if seed % 2 else "raster", f"Figure 1: Losses due to {problem} at the {thing} sites, "
             f"with and without {fix}.")
    b.heading("3 Results")
    b.paragraph(f"Over the year, the sites with {fix} lost far less to {problem} than the others. "
                + filler(6, 2) + f" The cost of {fix} was recovered within two years.")
    b.heading("4 Conclusion")
    b.paragraph(f"{fix.capitalize()} should be standard practice wherever {thing} face {problem}. " + filler(1, 2))
    b.save(path)
    return abstract
