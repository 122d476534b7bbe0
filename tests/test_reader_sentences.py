"""The sentences a reader reads: whole sentences of prose, references cut only where a sentence
is left, summaries that open on their own feet, long documents covered to the end, sections
that hold what their names say."""
from __future__ import annotations

import random

import numpy as np
import pytest

from mmsum.generate.coverage import LONG_PAGES
from mmsum.generate.cleanup import without_dangling_refs
from mmsum.generate.extractive import extractive_summary
from mmsum.generate.prose import can_open, leans_on_before, prose_problem
from mmsum.ingest import read_document
from mmsum.options import SummaryOptions, resolve_options
from tests.encoders import make_document
from tests.pdfbuild import lorem, reader_defects_paper


@pytest.fixture(scope="module")
def defects_doc(tmp_path_factory):
    path = reader_defects_paper(tmp_path_factory.mktemp("defects") / "defects.pdf").path
    return read_document(path, render_figures=False)


def _summary(doc, options, shown=frozenset(), scores=None):
    n = len(doc.sentences)
    scores = np.asarray(scores if scores is not None else np.linspace(1.0, 0.5, n), np.float32)
    return extractive_summary(doc, scores, np.zeros((n, 1), np.float32), resolve_options(options), set(shown))


def test_a_speck_read_as_a_period_is_no_part_of_the_title(defects_doc):
    assert defects_doc.title == "Epidemic Algorithms for Replicated Database Maintenance"


def test_list_items_glued_into_a_paragraph_are_sentences_of_their_own(defects_doc):
    texts = [s.text for s in defects_doc.sentences]
    assert "It has several novel features that make it easier to understand." in texts
    assert "Strong leader: Raft uses a stronger form of leadership than other consensus algorithms." in texts
    assert "Leader election: Raft uses randomized timers to elect leaders quickly and simply." in texts
    assert not any("•" in t for t in texts)


@pytest.mark.parametrize("text, shown, expected", [
    # part of the grammar: kept whole when its figure is shown, else the sentence is not taken
    ("Logs are organized as shown in Figure 6.", set(), None),
    ("Logs are organized as shown in Figure 6.", {6}, "Logs are organized as shown in Figure 6."),
    ("This situation is illustrated in Figure 8(b).", set(), None),
    # an aside set off by a comma, or in parentheses, may go
    ("The log grows without bound, as shown in Figure 3.", set(), "The log grows without bound."),
    ("The log grows, as shown in Fig. 3, without bound.", set(), "The log grows without bound."),
    ("The log grows without bound (see Fig. 3).", set(), "The log grows without bound."),
    # an opening clause goes, and the sentence starts with a capital
    ("As shown in Figure 1, the module receives commands.", set(), "The module receives commands."),
])
def test_a_reference_is_removed_only_where_that_leaves_the_sentence(text, shown, expected):
    assert without_dangling_refs(text, shown) == expected


def test_the_summary_holds_no_cut_reference_formula_ocr_debris_or_table_cells(defects_doc):
    out = _summary(defects_doc, SummaryOptions(words=2000))
    texts = [s.sentence.text for s in out.sentences]
    assert texts and all(prose_problem(t) is None for t in texts)
    assert "Logs are organized." not in texts and "This situation." not in texts
    assert "The log of every server grows without bound over time." in texts
    for debris in ("exp(", "ValueOf", "MeV", "•"):
        assert not any(debris in t for t in texts), debris
    shown = _summary(defects_doc, SummaryOptions(words=2000), shown={"6"})
    assert "Logs are organized as shown in Figure 6." in [s.sentence.text for s in shown.sentences]


@pytest.mark.parametrize("text, problem", [
    ("= exp(−wTx) 1 + exp(−wTx).", "formula debris"),
    ("Vs, Sf E S: s.ValueOf = sf.ValueOf", "fragment"),
    ("Vs, Sf E S: s.ValueOf = sf.ValueOf.", "formula debris"),
    ("Reaction z Refs. B0 σB RB [MeV].", "formula debris"),
    ("Reaction energy Refs Baseline Sigma Range Width Mean.", "table cells"),
    ("The system was then read as Replicated . Database Maintenance by the scanner.", "OCR debris"),
    ("Raft achieves this using the minimal number", "fragment"),
    ("of servers in the cluster agree on each entry.", "fragment"),
    ("If successive symbols are independent then H is simply ∑pi log pi where pi is the probability.", None),
    ("机器学习是对能通过经验自动改进的计算机算法的研究。", None),
])
def test_each_kind_of_text_that_is_not_prose_is_named(text, problem):
    assert prose_problem(text) == problem


def test_a_summary_does_not_open_on_a_sentence_that_leans_on_one_before_it():
    texts = ["For example, log entries only flow from the leader to other servers in the cluster.",
             "However, elections rarely happen when the network between servers stays stable.",
             "Raft is a consensus algorithm for managing a replicated log across machines.",
             "Each server stores a log containing commands that its state machine executes."]
    out = _summary(make_document(texts), SummaryOptions(words=200), scores=[1.0, 0.9, 0.8, 0.7])
    first = out.sentences[0].sentence.text
    assert not leans_on_before(first) and first.startswith("Raft is")
    assert leans_on_before(texts[0]) and leans_on_before(texts[1])
    assert not leans_on_before("This paper presents a consensus algorithm.")


def test_a_chinese_summary_does_not_open_on_a_sentence_that_leans_on_one_before_it():
    # "Secondly, …" had opened the summary of a textbook chapter
    texts = ["其次，深度学习采用的模型一般比较复杂，数据流经过多个线性或非线性的组件。",
             "然而，这些组件的贡献度很难分配。",
             "深度学习是近年来发展十分迅速的研究领域，并且在人工智能的很多子领域都取得了巨大的成功。",
             "人工神经网络是目前可以比较好解决贡献度分配问题的模型。"]
    out = _summary(make_document(texts), SummaryOptions(words=200), scores=[1.0, 0.9, 0.8, 0.7])
    first = out.sentences[0].sentence.text
    assert not leans_on_before(first) and first.startswith("深度学习")
    assert leans_on_before(texts[0]) and leans_on_before(texts[1]) and leans_on_before("这些方法都需要大量数据。")
    assert not leans_on_before("本章介绍神经网络的基本概念。") and not leans_on_before("这本书介绍深度学习。")


def test_a_summary_does_not_open_on_a_sentence_that_speaks_of_a_section():
    # "In this section we consider the action of discrete symmetry groups …" had opened the
    # summary of a physics paper: it says the paper does it, but where, not what the paper is
    texts = ["In this section we consider the action of discrete symmetry groups on the refined spectrum.",
             "In Section 3, we present the decomposition of the spectrum into characters of the algebra.",
             "We study the refined spectrum of symmetric product orbifolds and their deformations.",
             "Each character of the algebra is counted with its multiplicity at large N."]
    out = _summary(make_document(texts), SummaryOptions(words=200), scores=[1.0, 0.9, 0.8, 0.7])
    assert out.sentences[0].sentence.text.startswith("We study the refined spectrum")
    assert {s.sentence.text for s in out.sentences} >= set(texts[:2])  # still in the summary, not first
    assert not can_open(texts[0]) and not can_open(texts[1]) and can_open(texts[2])
    assert not can_open("本节介绍卷积神经网络的结构。") and can_open("本章介绍神经网络的基本概念。")


@pytest.mark.parametrize("text", [
    # the openings of two R papers' summaries (pscl's countreg, gsubfn) and of quantreg's
    "The remainder of this paper is organized as follows: Section 2 discusses both the classical and "
    "zero-augmented count data models and their R implementations.",
    "The rest of the article is structured as follows.",
    "This paper is organized as follows.",
    "In this final section we report on a small simulation experiment.",
    "本文的其余部分安排如下。",
])
def test_a_summary_does_not_open_on_the_documents_plan(text):
    texts = [text, "We fit hurdle and zero-inflated count regression models in R.",
             "Both models are implemented in the package pscl."]
    out = _summary(make_document(texts), SummaryOptions(words=200), scores=[1.0, 0.9, 0.8])
    assert out.sentences[0].sentence.text.startswith("We fit hurdle")
    assert not can_open(text)


@pytest.mark.parametrize("text", ["The rest of the world uses Python.", "This paper presents a new test.",
                                  "The paper is short.", "In this paper we fit count models."])
def test_sentences_that_name_the_document_still_open(text):
    assert can_open(text)


_VOCAB = [f"{a}{b}" for a in ("tor", "mel", "quan", "vist", "brel", "sarn", "pold", "gim", "fesk", "lut")
          for b in ("ation", "ing", "ous", "ity", "ment", "ness", "ism", "ure", "ance", "ship")]


def _long_document(pages: int):
    """``pages`` pages of four distinct sentences each, in sections of five pages."""
    rng = random.Random(3)
    texts = [f"The {' '.join(rng.sample(_VOCAB, 6))} was measured in trial {i}." for i in range(4 * pages)]
    sections = [f"Part {i // 20 + 1}" for i in range(4 * pages)]
    return make_document(texts, sections)


def test_a_long_document_is_summarized_to_its_end():
    doc = _long_document(LONG_PAGES)
    n = len(doc.sentences)
    out = _summary(doc, SummaryOptions(words=350), scores=np.linspace(1.0, 0.1, n))  # the opening scores best
    pages = [s.sentence.page for s in out.sentences]
    assert max(pages) >= 30 and min(pages) == 0  # from the opening to the last part
    quarter = [sum(1 for p in pages if 10 * q <= p < 10 * (q + 1)) for q in range(4)]
    assert min(quarter) >= 2, quarter  # each quarter has its share
    idx = [s.sentence.index for s in out.sentences]
    assert idx == sorted(idx)
    article = _long_document(LONG_PAGES - 1)  # a long journal article: its opening states the argument
    out = _summary(article, SummaryOptions(words=350), scores=np.linspace(1.0, 0.1, len(article.sentences)))
    assert max(s.sentence.page for s in out.sentences) < 10
    short = _long_document(10)
    out = _summary(short, SummaryOptions(words=350), scores=np.linspace(1.0, 0.1, len(short.sentences)))
    assert [s.sentence.index for s in out.sentences][0] == 0  # a short document: salience alone


def test_asking_for_more_words_than_the_document_holds_says_so(defects_doc):
    out = _summary(defects_doc, SummaryOptions(words=1_000_000))
    assert len(out.remarks) == 1 and out.remarks[0].startswith("1000000 words asked for, more than the document")
    assert _summary(defects_doc, SummaryOptions(words=30)).remarks == []


def test_structured_sections_hold_what_their_names_say():
    texts = ["For example, log entries only flow from the leader to other servers.",
             "Consensus algorithms are hard to understand, which is a problem for students and builders.",
             "We present Raft, a consensus algorithm designed to be easy to understand.",
             "Raft separates leader election, log replication and safety into parts.",
             "Let us assume that the approximation holds for every term, then the bound follows.",
             "In a user study, 33 of 43 students answered Raft questions better than Paxos questions.",
             "Our implementation does not yet support snapshots of very large logs."]
    sections = ["Introduction", "Introduction", "Introduction", "Design", "Proof of Theorem 1", "Evaluation",
                "Discussion"]
    doc = make_document(texts, sections)
    out = _summary(doc, SummaryOptions(words=300, structure=True), scores=[1.0, 0.9, 0.8, 0.7, 0.95, 0.6, 0.5])
    by_name = {s.name: [x.sentence.index for x in s.sentences] for s in out.sections}
    assert 0 not in by_name.get("Problem", [])  # an example is no statement of the problem
    assert 1 in by_name["Problem"]
    assert by_name.get("Limitations") == [6]  # a step of a proof is no limitation
    for section in out.sections:
        assert not leans_on_before(section.sentences[0].sentence.text)
    # a section whose only sentence leans on one before it is left out
    texts[6] = "This does not yet support snapshots of very large logs in our implementation."
    out = _summary(make_document(texts, sections), SummaryOptions(words=300, structure=True),
                   scores=[1.0, 0.9, 0.8, 0.7, 0.95, 0.6, 0.5])
    assert "Limitations" not in [s.name for s in out.sections]


@pytest.mark.parametrize("label", ["Abstract— ", "Abstract: ", "ABSTRACT ", "Abstract. "])
def test_a_run_in_abstract_label_is_no_word_of_the_first_sentence(tmp_path, label):
    from tests.pdfbuild import PaperBuilder, lorem

    b = PaperBuilder(columns=1)
    b.title("Radio Energy in a Vineyard Sensor Network")
    first = "We propose a duty-cycling schedule that halves the radio energy of the nodes."
    b.paragraph(label + first + " " + lorem(3))
    b.heading("1 Introduction")
    b.paragraph("Abstract interpretation is not what this paper is about, although it is named here. " + lorem(4, 3))
    doc = read_document(b.save(tmp_path / "abstract.pdf").path, render_figures=False)
    read = [s.text for s in doc.sentences]
    assert first in read
    assert not [s for s in read if s.startswith(label.strip().rstrip("—:."))
                and not s.startswith("Abstract interpretation")]
    assert "Abstract interpretation is not what this paper is about, although it is named here." in read


RUN_IN_HEADINGS = ["Weighted loss function.", "Prevent tiny weights.", "AdaLoss vs. CONST on the same models.",
                   "Analytical derivation of the marginal likelihood."]
RUN_IN_FIRSTS = ["We weigh each loss by the inverse of its running mean so that no predictor dominates the sum.",
                 "In practice the early losses could shrink their weights to almost nothing within an epoch.",
                 "Both networks were trained for the same number of epochs on the same eight graphics cards.",
                 "As we will see in this section, the marginal likelihood has a closed form for this model."]


def _article(path, title: str, body: list[str]):
    """``body`` (LaTeX paragraphs) compiled as a one-column article titled ``title``; skips
    where LaTeX is missing."""
    from tests import latexbuild

    if latexbuild.latex_missing():
        pytest.skip(latexbuild.latex_missing())
    tex = ("\\documentclass{article}\n\\begin{document}\n\\title{" + title + "}\n"
           "\\author{A. Sample}\n\\maketitle\n" + "\n\n".join(body) + "\n\\end{document}\n")
    return latexbuild.compile_tex(path, tex)


def _run_in_paper(path):
    body = [r"\section{Method}", "The anytime predictor is trained end to end. " * 3
            + "The weights are the Peirce decomposition associated with c.",
            r"\paragraph{" + RUN_IN_HEADINGS[0] + "} " + RUN_IN_FIRSTS[0] + " " + lorem(3),
            r"\noindent\textbf{" + RUN_IN_HEADINGS[1] + "} " + RUN_IN_FIRSTS[1] + " " + lorem(3, 3),
            r"\paragraph{" + RUN_IN_HEADINGS[2].replace("vs.", r"vs.\@") + "} " + RUN_IN_FIRSTS[2] + " " + lorem(3, 6),
            r"\noindent\textbf{" + RUN_IN_HEADINGS[3] + r"}\hspace{2em}" + RUN_IN_FIRSTS[3] + " " + lorem(3, 9),
            r"\textbf{We never store the raw audio of the sensor nodes.} It is reduced to features on the node. "
            + lorem(3, 12),
            r"\noindent\textbf{Theorem 1.} Let the duty cycle be fixed for every node of the network. " + lorem(2, 15)]
    return _article(path, "Anytime Prediction with Adaptive Weights", body)


def test_a_bold_run_in_heading_is_no_sentence_and_the_paragraph_reads_whole(tmp_path):
    """A paragraph's bold run-in title ("Weighted loss function." before its first words; in
    LaTeX's \\paragraph or set by hand, beside its text or apart from it on the row) is no
    sentence of the paragraph, and starts one; a bold sentence for emphasis stays."""
    doc = read_document(_run_in_paper(tmp_path / "run-in.pdf"), render_figures=False)
    read = [s.text for s in doc.sentences]
    assert not [s for s in read if any(h in s for h in RUN_IN_HEADINGS)], read
    for first in RUN_IN_FIRSTS:
        assert first in read
    assert "The weights are the Peirce decomposition associated with c." in read
    assert "We never store the raw audio of the sensor nodes." in read
    assert "Let the duty cycle be fixed for every node of the network." in read


def _authors_beside_paper(path):
    from tests import latexbuild

    if latexbuild.latex_missing():
        pytest.skip(latexbuild.latex_missing())
    author = (r"{NAME}\\Dept. of Computer Science\\University of Oldenburg\\{MAIL}@uni-oldenburg.example")
    authors = (author.replace("{NAME}", "Jonas Sample").replace("{MAIL}", "jonas.sample") + r" \and "
               + author.replace("{NAME}", "Oliver Sample").replace("{MAIL}", "oliver.sample"))
    paragraphs = [lorem(6, 8 * k) for k in range(8)]
    tex = ("\\documentclass[twocolumn]{article}\n\\usepackage{fancyhdr}\n"
           "\\fancypagestyle{first}{\\fancyhf{}\\renewcommand{\\headrulewidth}{0pt}\\fancyfoot[L]{\\copyright\\ 2018 IEEE}}\n"
           "\\begin{document}\n\\title{Multi-label Classification of Surgical Tools}\n\\author{" + authors + "}\n"
           "\\date{}\n\\maketitle\n\\thispagestyle{first}\n\\section{Introduction}\n" + "\n\n".join(paragraphs)
           + "\n\\end{document}\n")
    return latexbuild.compile_tex(path, tex), paragraphs


def test_an_author_block_beside_another_and_a_copyright_stamp_are_no_text_of_the_paper(tmp_path):
    """Two author blocks side by side over a two-column paper: the right one stands at the top
    of the right column, and in reading order comes after the left column's text; it is front
    matter all the same, and a "© 2018 IEEE" stamp under the first page is no text either, so
    a sentence that runs from the left column into the right is read whole."""
    pdf, paragraphs = _authors_beside_paper(tmp_path / "authors.pdf")
    doc = read_document(pdf, render_figures=False)
    read = [s.text for s in doc.sentences]
    known = {s + "." for p in paragraphs for s in p.rstrip(".").split(". ")}
    assert read and not [s for s in read if s not in known], read
    assert not [s for s in read if "Oldenburg" in s or "IEEE" in s or "Dept." in s]


# headings the reader had taken for sentences: a bold title set alone and closed by a full stop,
# a numbered title in lower case (a package's name), a title that ends with a number, a title
# in quotation marks, a bold title of eleven words
HEADINGS_APART = ["Creating, accessing, and modifying messages.", "ordinal package overview", "PROOF OF THEOREM 2",
                  "“Object-oriented” Style", "Method 1: The Naive Monte Carlo Estimator of the Marginal Likelihood"]
HEADINGS_FIRSTS = ["New messages are created with a function that takes the descriptor of the message and its fields.",
                   "The package implements cumulative link models together with methods to fit and compare them.",
                   "The proof goes by a union bound over the coordinates of the sparse embedding matrix.",
                   "Objects kept their state private and answered the messages sent to them by others.",
                   "The simplest method to approximate the marginal likelihood averages it over the prior."]


def _headings_apart_paper(path):
    tex_titles = [t.replace("“", "``").replace("”", "''") for t in HEADINGS_APART]
    body = [r"\section{Introduction}", lorem(4),
            r"\subsection*{" + tex_titles[0] + "}", HEADINGS_FIRSTS[0] + " " + lorem(3, 2),
            r"\section{" + tex_titles[1] + "}", HEADINGS_FIRSTS[1] + " " + lorem(3, 4),
            r"\section{" + tex_titles[2] + "}", HEADINGS_FIRSTS[2] + " " + lorem(3, 6),
            r"\noindent\textbf{" + tex_titles[3] + r"}\par\smallskip", HEADINGS_FIRSTS[3] + " " + lorem(3, 8),
            r"\noindent\textbf{" + tex_titles[4] + r"}\par\smallskip", HEADINGS_FIRSTS[4] + " " + lorem(3, 10),
            r"\noindent 8.4. \textbf{Finite collection of subspaces.} Let the subspaces be given in advance. "
            + lorem(2, 12),
            r"\noindent\textbf{We never store the raw audio of the sensor nodes.}\par\smallskip " + lorem(2, 14)]
    return _article(path, "Reading Headings Set Apart", body)


def test_a_heading_set_apart_is_no_sentence_whatever_its_last_mark_or_first_letter(tmp_path):
    """A heading alone on its line is a section's title and no sentence, also where it ends with
    a full stop (bold, short, no verb), opens in lower case under its number, ends with a
    number, opens with a quotation mark, or runs to eleven words in bold; a section number in
    regular type before a bold run-in title goes with the title. A bold sentence set apart,
    with a subject and a verb, stays a sentence."""
    doc = read_document(_headings_apart_paper(tmp_path / "headings.pdf"), render_figures=False)
    read = [s.text for s in doc.sentences]
    assert not [s for s in read if any(h.rstrip(".") in s for h in HEADINGS_APART)], read
    assert not [s for s in read if "Finite collection" in s or s.startswith("8.4")], read
    for first in HEADINGS_FIRSTS:
        assert first in read
    assert "Let the subspaces be given in advance." in read
    assert "We never store the raw audio of the sensor nodes." in read
    titles = " | ".join(s.title for s in doc.sections)
    for h in HEADINGS_APART:
        assert h.rstrip(".") in titles, titles


def test_a_numbered_item_broken_by_an_equation_is_no_heading(tmp_path):
    """A numbered list's item in body type that stops where a displayed equation follows, on a
    word that leads on ("We have") or on a symbol ("… of the probabilities $p_1$"), is no
    section heading; a numbered title in body type ("3 Results") stays one."""
    items = [r"We have \[ H = -\sum_{i=1}^{n} p_i \log p_i \]",
             r"Any change toward equalization of the probabilities $p_1$ \[ p_2 + p_3 = 1 \] increases the entropy.",
             r"A finite set of functions $f_k$ \[ k = 1, \ldots, n \] with probabilities given in advance."]
    body = [r"\section{Choice and uncertainty}", lorem(3),
            r"\begin{enumerate}" + "".join(r"\item " + it + "\n" for it in items) + r"\end{enumerate}",
            lorem(3, 3), r"\bigskip\noindent 3 Results\par\medskip", lorem(3, 6)]
    doc = read_document(_article(tmp_path / "items.pdf", "A Theory of Choice", body), render_figures=False)
    titles = [s.title for s in doc.sections]
    assert not [t for t in titles if "have" in t or "probabilities" in t or "functions" in t], titles
    assert "3 Results" in titles, titles


def test_a_line_that_gives_an_e_mail_address_is_no_sentence(tmp_path):
    """An author's contact line in the text ("E-mail: a.sample@uni.example.org", "Pittsburgh,
    PA 15213 hebert@cs.example.edu") is no sentence of the document; a sentence that gives an
    address in its words ("Please write to us at …") stays."""
    body = [r"\section{Introduction}", lorem(3),
            r"\noindent E-mail: a.sample@uni.example.org\par\medskip",
            r"\noindent Pittsburgh, PA 15213 hebert@cs.example.edu\par\medskip",
            "Please write to us at help@example.org if you have questions about the data. " + lorem(2, 3)]
    doc = read_document(_article(tmp_path / "contact.pdf", "Reading Contact Lines", body), render_figures=False)
    read = [s.text for s in doc.sentences]
    assert not [s for s in read if "a.sample@" in s or "hebert@" in s], read
    assert "Please write to us at help@example.org if you have questions about the data." in read, read


DOUBLE_SPACED_CUT = ("We then apply bridge sampling to estimate the marginal likelihood of the Expectancy "
                     "Valence (EV) model of decision making.")
DOUBLE_SPACED_LEAD = "The nodes were placed in three rows along the hedge"


def test_a_double_spaced_page_that_sets_each_line_apart_reads_whole_sentences(tmp_path):
    """Double-spaced pages, where each line is a block of its own, read as paragraphs: a
    sentence broken where the next line opens with neither a small letter nor after a word that
    leads on ("… of the Expectancy Valence" / "(EV) model …") is whole; a paragraph's short last
    line does not run into the paragraph below."""
    from tests import latexbuild

    if latexbuild.latex_missing():
        pytest.skip(latexbuild.latex_missing())
    tex = ("\\documentclass[12pt]{article}\n\\usepackage{setspace}\\doublespacing\n\\begin{document}\n"
           "\\section{Introduction}\n" + lorem(6) + " " + DOUBLE_SPACED_CUT.replace(" (EV)", "\\linebreak (EV)")
           + " For instance, consider a "
           "four-parameter model. " + lorem(5, 6) + "\n\n" + DOUBLE_SPACED_LEAD + "\n\n\\noindent Battery "
           "voltage was read every minute. " + lorem(4, 11) + "\n\\end{document}\n")
    doc = read_document(latexbuild.compile_tex(tmp_path / "double.pdf", tex), render_figures=False)
    read = [s.text for s in doc.sentences]
    assert DOUBLE_SPACED_CUT in read, read
    assert DOUBLE_SPACED_LEAD in read, read
    assert "Battery voltage was read every minute." in read, read


def test_a_line_that_fills_its_column_does_not_run_into_a_block_set_apart_below(tmp_path):
    """On a single-spaced page, a paragraph whose last line fills the column does not run on
    into a block set more than half a line's space below it (a note in body type), whatever
    its first letter."""
    from tests import latexbuild

    if latexbuild.latex_missing():
        pytest.skip(latexbuild.latex_missing())
    note = "5 I am deliberately conflating strict serializability and the weaker locking modes."
    # the paragraph's last line filled (no fill at its end), the note 0.6 lines below it
    tex = ("\\documentclass{article}\n\\begin{document}\n\\section{Messages}\n" + lorem(5)
           + " Each message may be delivered more than once by the messaging plumbing that the data centres share"
           + "{\\parfillskip=0pt\\par}\n\\vspace{0.6\\baselineskip}\\noindent " + note + "\\par\n"
           + "\\vspace{0.6\\baselineskip}\n" + lorem(3, 5) + "\n\\end{document}\n")
    doc = read_document(latexbuild.compile_tex(tmp_path / "apart.pdf", tex), render_figures=False)
    read = [s.text for s in doc.sentences]
    assert note in read, read
