"""The faithfulness check, citations and text tidying: deterministic, no model needed."""
from __future__ import annotations

import pytest

from mmsum.generate.claims import turned_claims
from mmsum.generate.constraints import FUNCTION_WORDS
from mmsum.generate.faithfulness import (SourceIndex, dropped_negations, misattributed_numbers, new_words,
                                         normalize_number, sentence_problems, unsupported_terms)
from mmsum.generate.generative import source_index
from mmsum.generate.text import clean, strip_citations
from mmsum.ingest.sentences import split_text
from tests.test_generate import make_document

SOURCE = SourceIndex.build([
    "We propose FastNet, a convolutional net- work for image denoising with self-attention.",
    "On the BSD68 benchmark, FastNet reaches 29.4 dB PSNR, 0.30 dB above DnCNN.",
    "It was trained on 1,000 images; the error fell by 50 % on Transformers.",
])


@pytest.mark.parametrize("token, value", [("0.50", "0.5"), ("1,000", "1000"), ("29.4 dB", "29.4"),
                                           ("50%", "50"), ("3", "3"), ("7.000", "7")])
def test_numbers_are_compared_by_value(token, value):
    assert normalize_number(token) == value


@pytest.mark.parametrize("sentence, missing", [
    ("FastNet reaches 29.4 dB on BSD68 (p. 2).", []),
    ("FastNet reaches 29.5 dB on BSD68.", ["29.5 dB"]),
    ("The network was trained on 1000 images and is 0.3 dB better.", []),  # same values, other spelling
    ("The error fell by 50% with self attention.", []),  # units and lost hyphens are fine
    ("It was built at Berkeley by Elon Musk in 2019.", ["2019", "Berkeley", "Elon", "Musk"]),
    ("Our ResNet-50 beats DnCNNs on transformers.", ["ResNet-50"]),  # plurals and case do not matter
    ("Results: Denoising helps networks (Fig. 7, p. 9).", []),  # clause starts; citations are not checked
    ("The GPT4 model and the UNet are fast.", ["GPT4", "UNet"]),
])
def test_unsupported_numbers_and_terms_are_found(sentence, missing):
    assert unsupported_terms(sentence, SOURCE) == missing


def test_text_is_tidied_into_whole_sentences():
    raw = ("<|im_start|>FastNet: A Network\n\nSummary: FastNet is fast (p. 2). It reaches 29.4 dB, see Fig. 3 "
           "and e.g. Table 2.\n- a list item\n- and another one. And a cut-off frag")
    assert clean(raw) == ("FastNet is fast (p. 2). It reaches 29.4 dB, see Fig. 3 and e.g. Table 2. "
                          "a list item. and another one.")
    assert split_text("A rise of 3.5 dB (Fig. 2). Et al. is kept, i.e. here. Next.") == [
        "A rise of 3.5 dB (Fig. 2).", "Et al. is kept, i.e. here.", "Next."]
    assert strip_citations("It falls by half (Fig. 3, p. 6). See [2], (pp. 3-4) and (page 5).") == \
        "It falls by half. See, and."
    # numbers in parentheses are names, ranges and equations; numbers in brackets are references
    assert strip_citations("the flipped SU(5) [14, 15] and Pati-Salam [16] GUTs, U(1), Eq. (5) [3-5].") == \
        "the flipped SU(5) and Pati-Salam GUTs, U(1), Eq. (5)."
    assert strip_citations("an improvement on Inputs Ratio ∈(70, 140) dB (p. 5).") == \
        "an improvement on Inputs Ratio ∈(70, 140) dB."
    assert clean("no sentence mark at all") == "no sentence mark at all."


def test_the_whole_document_counts_as_source():
    doc = make_document()
    index = source_index(doc)
    assert unsupported_terms("Figure 3 plots PSNR for DnCNN.", index) == []  # from the caption
    assert unsupported_terms("The Conclusion section is short.", index) == []  # a section title


# --- claims built from words the source has ---------------------------------------------------

SOURCES = ["On the BSD68 benchmark, DnCNN reaches 29.4 dB PSNR and FastNet reaches 29.7 dB.",
           "FastNet does not converge when trained on fewer than 100 images."]
ALLOWED = {w.lower() for w in FUNCTION_WORDS}


@pytest.mark.parametrize("sentence, wrong", [
    ("FastNet reaches 29.7 dB on BSD68.", []),
    ("DnCNN reaches 29.4 dB PSNR.", []),
    ("FastNet reaches 29.4 dB on BSD68.", ["29.4 dB (said of FastNet)"]),  # DnCNN's number
])
def test_a_number_must_be_said_of_what_the_source_says_it_of(sentence, wrong):
    # every word and number is in the source; only the pairing is wrong
    assert unsupported_terms(sentence, SourceIndex.build(SOURCES)) == []
    assert misattributed_numbers(sentence, SOURCES[:1]) == wrong


def test_a_negation_must_not_be_dropped():
    assert dropped_negations("FastNet converges when trained on fewer than 100 images.", SOURCES) == ["not converge"]
    assert dropped_negations("FastNet does not converge on 100 images.", SOURCES) == []
    assert dropped_negations("FastNet reaches 29.7 dB.", SOURCES) == []  # the negated clause left out


def test_every_content_word_comes_from_the_source():
    src = ["The scheduler removes nondeterminism from replicated state machines."]
    assert new_words("The scheduler removes nondisclosure from state machines.", src, ALLOWED) == ["nondisclosure"]
    assert new_words("The schedulers remove nondeterminism; the paper shows this.", src, ALLOWED) == []
    # a possessive says no more than its word; a new word with a possessive is still new
    assert new_words("The scheduler’s machines are replicated.", src, ALLOWED) == []
    assert new_words("The compiler's machines are replicated.", src, ALLOWED) == ["compiler's"]


def test_sentence_problems_gathers_every_check():
    index = SourceIndex.build(SOURCES)
    assert sentence_problems("FastNet does not converge when trained on fewer than 100 images.", SOURCES, index,
                             ALLOWED) == []
    problems = sentence_problems("FastNet converges fast with 29.4 dB and 31.0 dB on Urban100.",
                                 SOURCES, index, ALLOWED)
    assert "31.0 dB" in problems and "Urban100" in problems  # not in the document at all
    assert "dropped negation: not converge" in problems and "fast" in problems
    assert "29.4 dB (said of FastNet)" in problems
    # a number the document has, but not the sentence it was written from
    assert sentence_problems("On the BSD68 benchmark, FastNet reaches 100 dB.", SOURCES[:1], index, ALLOWED)[0] \
        == "100 dB (not in its source)"


def test_a_relation_must_hold_between_the_terms_the_source_relates():
    from mmsum.generate.faithfulness import changed_relations

    source = ["We assume N1 < N2 for practical reason, and p ≤ 0.05 throughout."]
    assert changed_relations("We assume N1 < (A) for practical reason.", source) == [
        "relation not in its source: N1 < (A)"]
    assert changed_relations("We assume N2 < N1.", source) and changed_relations("We assume N1 > N2.", source)
    assert changed_relations("We assume N1 < N2, with p ≤ 0.05.", source) == []
    assert changed_relations("We assume nothing of the kind.", source) == []


@pytest.mark.parametrize("sentence, source, caught", [
    ("Logs are not organized.", "Logs are organized as shown in Figure 6.", True),
    ("The error can only be estimated.", "The error can not be well estimated from few samples.", True),
    ("The method converges for small steps.", "The method does not converge for small steps.", True),
    ("Log entries flow from other servers to the leader.", "Log entries only flow from the leader to other servers.",
     True),
    ("DnCNN outperforms FastNet on BSD68.", "FastNet outperforms DnCNN on BSD68.", True),
    ("Optical diffraction tomography is a wave equation.",
     "Optical diffraction tomography reconstructs the refractive index by solving the wave equation.", True),
    ("The leader to other servers is a one to one.", "Log entries only flow from the leader to other servers.", True),
    ("Each server stores a state machine, which executes commands in order.",
     "Each server stores a log containing a series of commands, which its state machine executes in order.", True),
    ("The follower refuses new entries.", "If the follower does not find an entry in its log with the same index "
     "and term, then it refuses the new entries.", True),
    ("The consensus module on a server adds commands to its log.", "As shown in Figure 1, the consensus module on "
     "a server receives commands from clients and adds them to its log.", False),
    ("A single proposal with a chosen value is accepted.", "A value is chosen when a single proposal with that "
     "value has been accepted by a majority of the acceptors.", True),
    ("A value is chosen when a single proposal with it is accepted by a majority.", "A value is chosen when a "
     "single proposal with that value has been accepted by a majority of the acceptors.", False),
    ("An acceptor can accept an n iff it has not responded to a n.", "An acceptor can accept a proposal numbered n "
     "iff it has not responded to a prepare request having a number greater than n.", True),
    ("An acceptor accepts a proposal numbered n iff it has not responded to a request greater than n.",
     "An acceptor can accept a proposal "
     "numbered n iff it has not responded to a prepare request having a number greater than n.", False),
    ("The inverse problem is to recover information from the knowledge of the electric surface of the object.",
     "The inverse problem is to recover information about the object from the knowledge of the electric field at "
     "the surface of the fish's skin.", True),
    ("The nonlinear acceleration of accelerated particles modifies the spectra.", "If acceleration is efficient, "
     "the nonlinear backreaction of accelerated particles modifies the spectra.", True),
    ("The creation of Bitcoin has been a 2008: no, not 2002.", "Since the creation of Bitcoin [Nakamoto 2008], "
     "hashcash [Back 2002] type of proof-of-work has been the only type of proof-of-work design.", True),
    ("The latter theory often plays this role.", "I strongly suspect the latter: theory often plays this role.",
     True),
    ("Choosing the boundaries between functions is a primary activity of the designer.", "Choosing the boundaries "
     "between functions is perhaps the primary activity of the designer.", True),
    # what the sources do say passes
    ("Causal ordering can fail to capture external ordering relationships.", "Causal ordering may fail to capture "
     "ordering relationships external to the system.", False),
    ("The heat pulses are difficult to constrain.", "The heat pulses are difficult to constrain, because coronal "
     "loops are likely structured into thin strands.", False),
    ("In IEEE-754 encoding, complex addition is implemented as two real additions.", "In IEEE-754 encoding "
     "format, complex block addition is implemented as two real additions.", False),
    ("The problem is characterised by one-dimensional equations.", "The problem is characterised by a "
     "one-dimensional system of equations.", False),
    ("Log entries flow from the leader to other servers.", "Log entries only flow from the leader to other servers.",
     False),
    ("FastNet outperforms DnCNN.", "FastNet outperforms DnCNN on BSD68.", False),
    ("Raft is a consensus algorithm.", "Raft is a consensus algorithm for managing a replicated log.", False),
    ("The method does not converge.", "The method does not converge for small steps.", False),
    ("GFS is used by Google.", "Google uses GFS for its storage.", False),
])
def test_claims_turned_round_with_the_sources_words_are_caught(sentence, source, caught):
    assert bool(turned_claims(sentence, [source])) is caught


def test_a_letter_after_a_number_is_its_unit_not_a_name():
    from mmsum.generate.claims import misplaced_variables

    assert misplaced_variables("The adaptive policy ends near 4.1 V.", ["Figure 1 shows the battery voltage."]) == []
    assert misplaced_variables("It takes 3 s per round.", ["Each round is short."]) == []
    assert misplaced_variables("An acceptor can accept an n.", ["An acceptor accepts a proposal numbered n."])


@pytest.mark.parametrize("sentence, source, caught", [
    # loops of a small model left to itself, as shown unflagged in generated summaries before
    ("The average loss is a more present and present.", "First, we present the average loss of the portfolio.",
     "repeats itself: present"),
    ("The solution for X > 1 is a more in a more in.", "The solution for X > 1 is given in closed form.",
     "repeats itself: a more in"),
    ("We write the dimensions in a more one to one and one to one.",
     "We write the Hausdorff, box and packing dimensions of the set.", "repeats itself: one to one"),
    ("The only, and the only, and only.", "The only free parameter is the coupling.", "repeats itself: only"),
    # a name a preposition governed, dropped with its citation
    ("In we introduced the random matrix average.", "In [22] we introduced the random matrix average of a "
     "correlated multivariate normal distribution.", "a word missing after 'In'"),
    ("Our method applies the encoding proposed by to retain high resolution.", "Our method applies the encoding "
     "proposed by [8] and adds a box encoding to retain high resolution.", "a word missing after 'by'"),
    ("For details we refer the reader to reviews such as.", "For details on the symmetry energy, we refer the "
     "reader to reviews such as [41].", "a word missing after 'as'"),
    ("We, a simple algorithm for the Level Ancestor Problem.", "We present a simple algorithm for the Level "
     "Ancestor Problem.", "a verb missing after 'We'"),
    # a noun phrase left of a sentence whose verb was dropped
    ("A vector of independent Rademachers.", "Let (rj) be a vector of independent Rademachers.",
     "no verb: not a sentence"),
    ("C: A portable, garbage collection language.", "C is a portable language with garbage collection.",
     "no verb: not a sentence"),
    ("A program in FRP generally corresponds to a mathematical model.", "A program in an FRP language generally "
     "corresponds quite closely to a mathematical model of the system.", None),
    ("We develop a type checker for Clojure.", "We develop a prototype type checker for Clojure.", None),
    # Chinese: characters the source does not have, broken bytes, English glued on
    ("The most in ，其次，深度学习采用的模型比较复杂性或非线性组织过原始输目跏\ufffd。", "其次，和传统的机器学习不同，"
     "深度学习采用的模型一般比较复杂，指样本的原始输入到输出目标之间的数据流经过多个线性或非线性的组件。",
     "words not in its source: The most in"),
    ("深度学习的模型比较复杂性组织跏。", "深度学习采用的模型一般比较复杂。", "characters not in its source: 性组织跏"),
    ("深度学习采用的模型比较复杂。", "其次，深度学习采用的模型一般比较复杂。", None),
    # a formula given back for a sentence
    ("D+ →ηe+νe → ηe+νe → η+νe.", "The charm semileptonic decays D+ →ηe+νe and D+ →η′e+νe are studied with a "
     "sample of collision data.", "not prose: a formula"),
    # what the source says as often, a function word's grammar, a name that looks like a verb: no fault
    ("Arithmetic operations can be performed on blocks, which can reduce complexity.",
     "Arithmetic operations can be performed on blocks, which can reduce the implementation complexity.", None),
    ("The texture of a hedgehog changes the flux of a given orbit.", "The texture of a hedgehog changes the flux "
     "through orbits of a given angular momentum.", None),
    ("In this section, we report the experiments with iS.", "In this section we report the experiments with iS "
     "on three domains.", None),
    ("The model is trained again and again until it converges.", "The model is trained again and again until "
     "it converges.", None),
])
def test_generated_text_that_is_no_sentence_is_caught(sentence, source, caught):
    from mmsum.generate.garbled import garbled

    found = garbled(sentence, [source])
    assert (caught in found) if caught else found == []
    index = SourceIndex.build([source])
    assert (caught in sentence_problems(sentence, [source], index, ALLOWED)) if caught else True


@pytest.mark.parametrize("sentence, shown", [
    ("Logs are organized as shown in Figure 6 [3].", "Logs are organized as shown in Figure 6 (p. 6)."),
    # a Chinese sentence keeps its own full stop after the citation, and gets no second one
    ("公式(3.5) 定义了一个两类分类问题的决策函数。", "公式(3.5) 定义了一个两类分类问题的决策函数 (p. 6)。"),
    ("这是为什么？", "这是为什么 (p. 6)？"),
])
def test_the_page_citation_goes_before_the_sentence_mark_in_any_language(sentence, shown):
    from mmsum.generate.generative import _with_citation

    assert _with_citation(sentence, "(p. 6)") == shown


# what a 135M model wrote and the word-level checks let through (read by hand), and shortenings
# that keep every claim of their source
@pytest.mark.parametrize("sentence, source", [
    ("We can understand the action of discrete symmetry groups.",
     "We would like to understand the action of discrete symmetry groups."),
    ("We challenge conventional wisdom about high-level specifications.",
     "Based on this experience, we challenge some conventional wisdom about high-level specifications."),
    ("Quantile regression for censored survival data offers a more flexible alternative to the Cox model.",
     "Quantile regression for censored survival (duration) data offers a more flexible alternative to the Cox "
     "model for some applications."),
    ("We present data sets and their generalizations (sets) available for R.",
     "We present data structures and algorithms for sets and some generalizations thereof (fuzzy sets, multisets, "
     "and fuzzy multisets) available for R through the sets package."),
    ("The majority of Typed Clojure is based on Typed Racket.",
     "The majority of the design and implementation of Typed Clojure is based on Typed Racket."),
    ("The self-similarity in systems of equations has no universal solution.",
     "Some self-similarity systems have no universal solution."),
    ("The new state may also depend on the privilege selected.",
     "If for such a machine more than one privilege is present, the new state may also depend on the privilege "
     "selected."),
    ("The fluctuations of particle positions are governed by the randomness around the two lines.",
     "The fluctuations of particle positions are asymptotically governed by the randomness around the two lines."),
])
def test_a_sentence_that_does_more_than_shorten_its_source_is_flagged(sentence, source):
    from mmsum.generate.grounding import ungrounded
    assert ungrounded(sentence, [source])


@pytest.mark.parametrize("sentence, source", [
    ("The bridgesampling package provides an estimate of the log marginal likelihood.",
     "Given these inputs, the bridgesampling package provides an estimate of the log marginal likelihood."),
    ("This procedure rests on the assumption that many OOV words are close to DE words.",
     "This procedure, summarized below, rests on the assumption that many OOV words are close to DE words "
     "(see examples in the third column of Table 2)."),
    ("In this paper, we present analyses, simulation results, and practical experience.",
     "In this paper we present analyses, simulation results and practical experience."),
    ("We compared the estimates of our bridge sampler to those of importance sampling.",
     "We compared the estimates of our bridge sampler to those of importance sampling (Steingroever et al., 2016)."),
    ("The voltage of each policy changes over the trial.",
     "Figure 1 shows how the voltage of each policy changes over the trial."),
    ("The class of logconcave densities may be a useful surrogate.",
     "Thus the class of logconcave densities may be a useful surrogate, as argued in Section 2."),
])
def test_a_sentence_that_only_shortens_its_source_passes(sentence, source):
    from mmsum.generate.grounding import ungrounded
    assert ungrounded(sentence, [source]) == []


def test_a_sentence_that_only_shortens_the_context_is_not_its_sources():
    from mmsum.generate.grounding import ungrounded
    context = "The first, endemic component consists of a Cox formulation with covariates modeling external infection."
    source = "Furthermore, an additive epidemic component captures transmission from the infectious individuals."
    assert ungrounded("The endemic component consists of a Cox formulation with covariates modeling external "
                      "infection.", [context, source])
    assert ungrounded("An additive epidemic component captures transmission from the infectious individuals.",
                      [context, source]) == []
