"""A download service's cover page (ResearchGate's, JSTOR's) is no part of the document: the
paper built under it reads as it does without it, one page later."""
from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from mmsum.ingest.reader import read_document
from tests.pdfbuild import gradient_pixmap, two_column_paper

RESEARCHGATE = [
    "See discussions, stats, and author profiles for this publication at: "
    "https://www.researchgate.net/publication/256104772",
    "Energy Use of Battery Powered Sensor Networks",
    "Conference Paper · November 2013",
    "CITATIONS 58    READS 875",
    "10 authors, including:",
    "Some of the authors of this publication are also working on these related projects:",
    "Wireless Sensing View project",
    "Dmitry Sample",
    "University of Nowhere",
    "22 PUBLICATIONS   280 CITATIONS",
    "SEE PROFILE",
    "All content following this page was uploaded by Dmitry Sample on 04 June 2014.",
    "The user has requested enhancement of the downloaded file.",
]
JSTOR = [
    "Energy Use of Battery Powered Sensor Networks",
    "Author(s): Dmitry Sample",
    "Source: Journal of Sensing, Vol. 3, No. 2 (Jun., 1987), pp. 1-3",
    "Published by: Sensing Society",
    "Stable URL: http://www.jstor.org/stable/2345678",
    "Accessed: 04/06/2014 10:12",
    "Your use of the JSTOR archive indicates your acceptance of the Terms and Conditions of Use, available at "
    "http://www.jstor.org/page/info/about/policies/terms.jsp.",
    "JSTOR is a not-for-profit service that helps scholars, researchers, and students discover, use, and build "
    "upon a wide range of content in a trusted digital archive.",
]


def _with_cover(tmp_path: Path, lines: list[str], stamp: bool) -> tuple[Path, object]:
    truth = two_column_paper(tmp_path / "paper.pdf")
    doc = pymupdf.open(truth.path)
    page = doc.new_page(0, width=doc[0].rect.width, height=doc[0].rect.height)
    y = 60.0
    for k, line in enumerate(lines):
        size = 16 if k == 1 else 9
        page.insert_textbox(pymupdf.Rect(50, y, page.rect.width - 50, y + 60), line, fontsize=size)
        y += 34 if len(line) < 90 else 48
    page.insert_image(pymupdf.Rect(50, y, 110, y + 60), pixmap=gradient_pixmap(60, 60, seed=3))  # a profile photo
    if stamp:
        last = doc[-1]
        last.insert_text((50, last.rect.height - 20), "View publication stats", fontsize=8)
    out = tmp_path / "covered.pdf"
    doc.save(out)
    doc.close()
    return out, truth


@pytest.mark.parametrize("service", ["researchgate", "jstor"])
def test_a_services_cover_page_is_no_part_of_the_document(tmp_path, service):
    lines = RESEARCHGATE if service == "researchgate" else JSTOR
    covered, truth = _with_cover(tmp_path, lines, stamp=service == "researchgate")
    plain = read_document(truth.path)
    doc = read_document(covered)
    assert len(doc.pages) == truth.pages + 1  # the page stays: page numbers are the file's
    assert not [s.text for s in doc.sentences if s.page == 0]
    assert not [s.title for s in doc.sections if s.page == 0]
    assert not [f for f in doc.figures if f.page == 0]  # the profile photo is no figure
    assert doc.title == plain.title == truth.title
    assert [s.text for s in doc.sentences] == [s.text for s in plain.sentences]
    assert [s.page for s in doc.sentences] == [s.page + 1 for s in plain.sentences]
    assert [(f.label, f.page) for f in doc.figures] == [(f.label, f.page + 1) for f in plain.figures]
    assert not [s for s in doc.sentences if "publication stats" in s.text]


def test_a_first_page_that_only_quotes_a_service_is_read(tmp_path):
    # a paper's own first page that mentions a download notice is a page of the paper
    truth = two_column_paper(tmp_path / "paper.pdf")
    doc = pymupdf.open(truth.path)
    doc[0].insert_text((50, 40), "All content following this page was uploaded by the authors.", fontsize=7)
    out = tmp_path / "quoted.pdf"
    doc.save(out)
    doc.close()
    read = read_document(out)
    assert read.title == truth.title
    assert any(s.page == 0 for s in read.sentences)


AUTHOR_LINES = [r"Dmitry Sample$^1$, Nicolas Wack$^2$, Emilia Gomez$^1$, Sankalp Gulati$^1$, Perfecto Herrera$^1$",
                r"Oscar Mayor$^1$, Gerard Roma$^1$, Justin Salamon$^1$ and Xavier Serra$^1$"]


def _marked_authors_paper(path: Path) -> Path:
    from tests import latexbuild
    from tests.pdfbuild import lorem

    if latexbuild.latex_missing():
        pytest.skip(latexbuild.latex_missing())
    head = ("\\begin{center}{\\Large\\bfseries ESSENTIA: AN AUDIO ANALYSIS LIBRARY}\\par\\vspace{2em}\n"
            + "".join("{\\large\\bfseries " + a + "}\\par\\vspace{0.6em}\n" for a in AUTHOR_LINES)
            + "{\\large Music Technology Group, Universitat Pompeu Fabra, Barcelona, Spain}\\par\\end{center}\n")
    tex = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n" + head
           + "\\section*{Abstract}\nWe present a library for audio analysis written in a compiled language. " + lorem(3)
           + "\n\\section{Introduction}\n" + lorem(8, 3) + "\n\\end{document}\n")
    return latexbuild.compile_tex(path, tex)


@pytest.mark.parametrize("cover", [False, True])
def test_author_lines_with_affiliation_marks_are_front_matter_also_under_a_cover_page(tmp_path, cover):
    """Authors set in bold, line after line, each name with its affiliation's mark ("Dmitry
    Sample1, Nicolas Wack2, …"), are no section heading and no sentence; nor is the affiliation
    under them; also where a download service's cover page comes first (the front matter is
    that of the first page with text)."""
    pdf = _marked_authors_paper(tmp_path / "paper.pdf")
    if cover:
        doc = pymupdf.open(pdf)
        page = doc.new_page(0, width=doc[0].rect.width, height=doc[0].rect.height)
        for k, line in enumerate(RESEARCHGATE):
            page.insert_textbox(pymupdf.Rect(50, 60 + 34 * k, page.rect.width - 50, 120 + 34 * k), line, fontsize=9)
        pdf = tmp_path / "covered.pdf"
        doc.save(pdf)
        doc.close()
    read = read_document(pdf, render_figures=False)
    names = ("Sample", "Mayor", "Universitat")
    assert not [s.title for s in read.sections if any(n in s.title for n in names)]
    assert not [s.text for s in read.sentences if any(n in s.text for n in names)]
    assert read.sentences[0].text == "We present a library for audio analysis written in a compiled language."


JOURNAL_AUTHORS = [("Achim Sample", "Universität Innsbruck"), ("Robin K. S. Hankin", "Auckland University of Technology"),
                   ("C. A. R. HOARE", "The Queen's University of Belfast")]


def _one_name_a_line_paper(path: Path) -> Path:
    from tests import latexbuild
    from tests.pdfbuild import lorem

    if latexbuild.latex_missing():
        pytest.skip(latexbuild.latex_missing())
    head = ("{\\Large\\bfseries HCL-Based Color Palettes in R}\\par\\vspace{2em}\n"
            + "".join("\\noindent{\\large\\bfseries " + name + "}\\par\\noindent " + place + "\\par\\vspace{1em}\n"
                      for name, place in JOURNAL_AUTHORS))
    tex = ("\\documentclass{article}\n\\pagestyle{empty}\n\\begin{document}\n" + head
           + "\\section*{Abstract}\nThe package provides palettes chosen in a perceptual color space. " + lorem(3)
           + "\n\\section{Introduction}\n" + lorem(8, 3) + "\n\\end{document}\n")
    return latexbuild.compile_tex(path, tex)


def test_authors_set_one_name_a_line_in_bold_are_front_matter(tmp_path):
    """A journal's author block, each name in bold on its own line (with initials, or in
    capitals) and the affiliation under it in regular type, is front matter: the names are no
    section headings and the affiliations no sentences."""
    read = read_document(_one_name_a_line_paper(tmp_path / "paper.pdf"), render_figures=False)
    words = [w for name, place in JOURNAL_AUTHORS for w in (name.split()[-1], place.split()[-1])]
    assert not [s.title for s in read.sections if any(w in s.title for w in words)], read.sections
    assert not [s.text for s in read.sentences if any(w in s.text for w in words)]
    assert read.sentences[0].text == "The package provides palettes chosen in a perceptual color space."
    assert [s.title for s in read.sections][:2] == ["Abstract", "1 Introduction"]


ABSTRACT_PARTS = [
    "In this paper an attempt is made to explore the logical foundations of computer programming by use of "
    "techniques which were first applied in the study of geometry and have later been extended to other branches "
    "of mathematics, and this involves the elucidation of sets of axioms and of rules of inference which can be "
    "used in proofs of the properties of computer programs, and",
    "a formal proof of a simple theorem is displayed. Finally, it is argued that important advantages, both "
    "theoretical and",
    "practical, may follow from a pursuance of these topics.",
]


def test_an_abstract_cut_over_blocks_under_an_author_set_like_a_heading_reads_whole(tmp_path):
    """Under an author's name set in bold like a heading and the affiliation, before the first
    section: the name and the affiliation are front matter, and an abstract that comes in
    blocks cut inside its sentences is read whole (its short blocks carry on the paragraph's
    sentence, no front matter)."""
    from tests.pdfbuild import lorem

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_textbox(pymupdf.Rect(72, 60, 523, 110), "An Axiomatic Basis for Computer Programming",
                        fontsize=18, fontname="hebo", align=1)
    page.insert_textbox(pymupdf.Rect(72, 120, 523, 140), "C. A. R. HOARE", fontsize=10, fontname="hebo", align=1)
    page.insert_textbox(pymupdf.Rect(72, 140, 523, 160), "The Queen's University of Belfast, Northern Ireland",
                        fontsize=9, align=1)
    y = 190
    for part, height in zip(ABSTRACT_PARTS, (70, 30, 16)):
        page.insert_textbox(pymupdf.Rect(72, y, 523, y + height), part, fontsize=9)
        y += height + 2
    page.insert_textbox(pymupdf.Rect(72, y + 20, 523, y + 40), "1. Introduction", fontsize=11, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, y + 44, 523, 800), lorem(12), fontsize=9)
    pdf = tmp_path / "hoare.pdf"
    doc.save(pdf)
    read = read_document(pdf, render_figures=False)
    text = " ".join(s.text for s in read.sentences)
    assert not [s.title for s in read.sections if "HOARE" in s.title], read.sections
    assert "Belfast" not in text
    assert "and a formal proof of a simple theorem is displayed." in text, text[:600]
    assert "both theoretical and practical, may follow from a pursuance of these topics." in text, text[:600]
