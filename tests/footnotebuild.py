"""A paper with footnotes, built with real LaTeX, whose sentences are known by construction.

:func:`footnoted_paper` sets paragraphs of distinct sentences (:func:`tests.pdfbuild.lorem`)
with ``\\footnote`` marks after a sentence's full stop, after a word, after a cited year in
brackets and in the middle of a sentence, enough of them that paragraphs run past the foot of
pages holding footnotes; and, on the first page, exponents that are no marks ("40 m$^2$",
"$(x + y)^2$", "$10^2$", numbered like a footnote beside them). :class:`FootnotedPaper`
says which sentences the body holds (as a reader must read them: no marks) and the footnotes'
texts (in no sentence).
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.pdfbuild import lorem

NOTES = [
    "Eric Brewer measured this on the Berkeley motes in a separate study of duty cycles.",
    "The gateway was placed at the north end of the vineyard near the pump house.",
    "Smith used a different radio with a shorter range than the one considered here.",
    "Each enclosure held a thermometer logging every minute through the whole season.",
    "The firmware image and the scripts are available from the authors on request.",
    "A second team repeated the survey a year later with the same instruments.",
]
TITLE = "Radio Energy in a Vineyard Sensor Network"
EXPONENTS = "The area of each plot was 40 m$^2$ and the soil moisture varied as $(x + y)^2$ across $10^2$ rows."
EXPONENTS_READ = "The area of each plot was 40 m2 and the soil moisture varied as (x + y)2 across 102 rows."


@dataclass
class FootnotedPaper:
    """A built paper: the sentences its body holds, as read, and its footnotes' texts."""

    path: Path
    sentences: list[str]
    notes: list[str]


def _marked(k: int, n: int, note: str) -> tuple[str, list[str]]:
    """A paragraph of ``n`` sentences from the ``k``-th on, with the footnote ``note`` placed
    by where ``k`` points (after a full stop, after a word, after a bracketed year); its LaTeX
    and its sentences as read."""
    sentences = lorem(n, start=k).split(". ")
    sentences = [s if s.endswith(".") else s + "." for s in sentences]
    i = len(sentences) // 2
    tex = list(sentences)
    style = k % 3
    if style == 0:  # after the full stop
        tex[i] = tex[i] + "\\footnote{" + note + "}"
    elif style == 1:  # after a word, before a comma
        words = tex[i][:-1].split(" ")
        words[2] = words[2] + "\\footnote{" + note + "}"
        tex[i] = " ".join(words) + "."
    else:  # after a bracketed year
        tex[i] = tex[i][:-1] + " (Smith 2000)\\footnote{" + note + "}."
        sentences[i] = sentences[i][:-1] + " (Smith 2000)."
    return " ".join(tex), sentences


def footnoted_paper(path: Path, columns: int = 1) -> FootnotedPaper:
    """Compile the paper to ``path`` (``columns``: 1 or 2); RuntimeError with LaTeX's log tail
    when it does not compile."""
    path = Path(path)
    parts = ["\\documentclass[11pt" + (",twocolumn" if columns == 2 else "") + "]{article}",
             "\\usepackage[margin=1in]{geometry}", "\\title{" + TITLE + "}", "\\author{Ada Lovelace}", "\\date{}",
             "\\begin{document}", "\\maketitle", "\\section{Introduction}"]
    read: list[str] = []
    k = 0
    for j, note in enumerate(NOTES):
        tex, sentences = _marked(k, 9, note)
        parts += [tex, ""]
        read += sentences
        k += 9
        if j == 1:
            parts += [EXPONENTS, ""]
            read.append(EXPONENTS_READ)
        if j == 2:
            parts += ["\\section{Measurements}"]
    parts += ["\\end{document}"]
    work = path.parent / f"{path.stem}_tex"
    work.mkdir(parents=True, exist_ok=True)
    (work / "paper.tex").write_text("\n".join(parts), encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "paper.tex"], cwd=work,
                          capture_output=True, text=True, timeout=180)
    if done.returncode != 0 or not (work / "paper.pdf").is_file():
        raise RuntimeError(f"pdflatex failed: {done.stdout[-1500:]}")
    shutil.copyfile(work / "paper.pdf", path)
    return FootnotedPaper(path, read, list(NOTES))
