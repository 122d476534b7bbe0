"""Code set apart in typewriter type (listings, console sessions and their output) is no
sentence of the document; prose with code words in it, code inside a sentence, and a body set
wholly in typewriter type stay text."""
from __future__ import annotations

import pytest

from mmsum.ingest import read_document
from tests.pdfbuild import lorem

INPUT = [r'R> library("fitdistrplus")', r'R> data("groundbeef")', r'R> fit <- fitdist(groundbeef$serving, "gamma")',
         r'R> summary(fit)']
OUTPUT = ["Fitting of the distribution ' gamma ' by maximum likelihood", "Parameters :",
          "      estimate Std. Error", "shape 4.00 0.341", "rate  0.05 0.004"]
LEAD_IN = "The data are loaded and a gamma distribution is fitted to them as follows:"
AFTER = "The fitted shape parameter is close to four for these serving sizes."
INLINE = r"The function \texttt{fitdist()} estimates the parameters of a distribution by maximum likelihood."
OPEN = "Since one list can be appended to another by consing its elements onto the front, we find"
DISPLAY = "append a b = reduce cons b a"
INSIDE = ("The three chains are combined into one list with the following command, "
          "where the first argument is the chain that was run first.")


def _article(path, title: str, body: list[str]):
    from tests import latexbuild

    if latexbuild.latex_missing():
        pytest.skip(latexbuild.latex_missing())
    tex = ("\\documentclass{article}\n\\begin{document}\n\\title{" + title + "}\n"
           "\\author{A. Sample}\n\\maketitle\n" + "\n\n".join(body) + "\n\\end{document}\n")
    return latexbuild.compile_tex(path, tex)


def _slanted(lines: list[str]) -> str:
    """Console input as Sweave sets it: slanted typewriter (cmsltt), a line each."""
    escaped = [ln.replace("$", r"\$").replace("_", r"\_").replace("#", r"\#") for ln in lines]
    return r"\begin{flushleft}\ttfamily\slshape " + r"\\ ".join(escaped) + r"\end{flushleft}"


def _verbatim(lines: list[str]) -> str:
    return "\\begin{verbatim}\n" + "\n".join(lines) + "\n\\end{verbatim}"


def _software_paper(path):
    body = [r"\section{Introduction}", INLINE + " " + lorem(3),
            r"\section{Fitting a distribution}", lorem(2, 3) + " " + LEAD_IN,
            _slanted(INPUT), _verbatim(OUTPUT), AFTER + " " + lorem(2, 5),
            INSIDE.split(", where")[0] + ",", _verbatim(["R> res <- combine(chain1, chain2)"]),
            "where" + INSIDE.split(", where")[1] + " " + lorem(2, 7),
            OPEN, _verbatim([DISPLAY]), "As an example, " + lorem(1, 9)]
    return _article(path, "Fitting Distributions in R", body)


def test_a_console_session_set_apart_is_no_sentence(tmp_path):
    """Input (slanted typewriter) and output (upright typewriter) set apart are no sentences;
    the lead-in before them and the prose after them are whole sentences of their own."""
    read = [s.text for s in read_document(_software_paper(tmp_path / "session.pdf"), render_figures=False).sentences]
    assert not [s for s in read if "groundbeef" in s or "Std. Error" in s or "Parameters :" in s], read
    assert LEAD_IN in read, read
    assert AFTER in read, read


def test_code_words_in_prose_and_code_inside_a_sentence_stay(tmp_path):
    """A sentence with a function's name in typewriter type is a sentence; a command set apart
    inside a sentence (the prose after it goes on in lower case), without its console prompt,
    or one line that ends a sentence left open, stays in it."""
    read = [s.text for s in read_document(_software_paper(tmp_path / "inline.pdf"), render_figures=False).sentences]
    assert INLINE.replace(r"\texttt{fitdist()}", "fitdist()") in read, read
    inside = [s for s in read if s.startswith("The three chains are combined")]
    assert len(inside) == 1 and "res <- combine(chain1, chain2)" in inside[0], read
    assert "R>" not in inside[0], inside  # the console's prompt is no word of the sentence
    assert inside[0].endswith("the chain that was run first."), inside
    # a display of one line that ends the sentence left open before it, as a formula would
    assert f"{OPEN} {DISPLAY}" in read, read


def test_a_body_set_in_typewriter_type_is_read_as_text(tmp_path):
    """Where the whole body is set in typewriter type (a typescript), its paragraphs are text."""
    body = [r"\ttfamily", r"\section{Introduction}", lorem(4), lorem(3, 4), r"\section{Results}", lorem(3, 7)]
    doc = read_document(_article(tmp_path / "typescript.pdf", "A Typescript Report", body), render_figures=False)
    read = [s.text for s in doc.sentences]
    assert len(read) >= 8, read
