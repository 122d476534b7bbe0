"""Numbers a generated sentence takes from the table or chart its source cites: read from a
built paper whose numbers are only in Table 2 and Figure 1 (tests/resultsbuild.py)."""
from __future__ import annotations

import re

import pytest

from mmsum.document import Table
from mmsum.generate.cited_held import Value, table_held
from mmsum.generate.cited_numbers import CitedData, cited_data
from mmsum.generate.faithfulness import sentence_problems
from mmsum.generate.generative import source_index
from mmsum.generate.rewrite import ALLOWED
from mmsum.ingest import read_document
from tests.resultsbuild import FIGURE_SENTENCE, TABLE_SENTENCE, results_paper


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    path = results_paper(tmp_path_factory.mktemp("results") / "results.pdf").path
    doc = read_document(path, render_figures=False, ocr=False)
    return doc, source_index(doc)


def _check(paper, source_text: str, said: str):
    """(problems with its numbers, judgement) of ``said`` written from the document's sentence
    ``source_text`` (the sentences are written to test numbers: the other checks find words
    they add, which are not looked at here)."""
    doc, index = paper
    source = next(s for s in doc.sentences if s.text == source_text)
    cited = cited_data(doc, source)
    problems = sentence_problems(said, [source.text], index, ALLOWED, cited)
    return [p for p in problems if re.match(r"[-+−]?\d", p)], cited.judge(said, [source.text])


def test_the_built_paper_cites_its_table_and_chart_and_says_none_of_their_numbers(paper):
    doc, index = paper
    table_source = next(s for s in doc.sentences if s.text == TABLE_SENTENCE)
    figure_source = next(s for s in doc.sentences if s.text == FIGURE_SENTENCE)
    assert table_source.table_ids == ["tab-2"] and figure_source.figure_ids == ["fig-1"]
    assert not any(index.has_number(n) and n in " ".join(s.text for s in doc.sentences)
                   for n in ("88.4", "4.1", "3.6"))


@pytest.mark.parametrize("said, number, at", [
    ("Table 2 shows our method reaches 88.4 accuracy.", "88.4", "Ours, Accuracy"),
    ("Our method reaches 88.40 accuracy on the test set (Table 2).", "88.40", "Ours, Accuracy"),
    ("Our method is more accurate, at 88% (Table 2).", "88%", "Ours, Accuracy"),
    ("Our method reaches an F1 score of 86.1 on the test set.", "86.1", "Ours, F1 score"),
    ("The baseline reaches 81.2 accuracy, our method more.", "81.2", "Baseline, Accuracy"),
    ("Our method reaches its accuracy in 14.0 s.", "14.0", "Ours, Time (s)"),  # the unit names the column
])
def test_a_number_the_cited_table_holds_passes_and_names_its_cell(paper, said, number, at):
    problems, judged = _check(paper, TABLE_SENTENCE, said)
    assert not problems
    [c] = judged.supported
    assert (c.number, c.id, c.label, c.at) == (number, "tab-2", "Table 2", at)


@pytest.mark.parametrize("said, reason", [
    ("Table 2 shows our method reaches 91.7 accuracy.", "91.7 (Table 2 gives 88.4 for Ours, Accuracy)"),
    # a value of the table, of another row or column than the sentence says
    ("Table 2 shows our method reaches 81.2 accuracy.",
     "81.2 (Table 2 gives 81.2 for Baseline, Accuracy; 88.4 for Ours, Accuracy)"),
    ("Table 2 shows our method reaches 86.1 accuracy.",
     "86.1 (Table 2 gives 86.1 for Ours, F1 score; 88.4 for Ours, Accuracy)"),
])
def test_a_number_that_contradicts_the_cited_table_is_flagged_with_the_reason(paper, said, reason):
    problems, _ = _check(paper, TABLE_SENTENCE, said)
    assert [p for p in problems if p.startswith(reason)], problems


@pytest.mark.parametrize("said, number, at", [
    ("The adaptive policy ends near 4.1 V over the trial.", "4.1", "adaptive, last point"),
    ("The voltage of the 10-minute policy falls to 3.6 V by the end of the trial.", "3.6", "10-minute, last point"),
    ("The adaptive policy peaks at 4.2 V.", "4.2", "adaptive, peak"),
    ("The 10-minute policy drops to 3.9 V.", "3.9", "10-minute, point x = 15"),
])
def test_a_number_the_cited_chart_shows_passes_within_one_percent_of_its_axis(paper, said, number, at):
    problems, judged = _check(paper, FIGURE_SENTENCE, said)
    assert not problems
    [c] = judged.supported
    assert (c.number, c.id, c.label, c.at) == (number, "fig-1", "Figure 1", at)


@pytest.mark.parametrize("said, reason", [
    ("The adaptive policy ends near 3.6 V.",
     "3.6 (Figure 1 gives 3.6 for 10-minute, last point; 4.1 for adaptive, last point)"),
    ("The adaptive policy ends near 3.3 V.", "3.3 (Figure 1 gives 4.1 for adaptive, last point)"),
    ("The adaptive policy peaks at 3.3 V.", "3.3 (Figure 1 gives 4.2 for adaptive, peak)"),
    # a value the curve passes through, said to be where it ends
    ("The adaptive policy ends near 4.15 V.",
     "4.15 (Figure 1 gives 4.16 for adaptive, point x = 10; 4.1 for adaptive, last point)"),
    ("The battery voltage ends near 3.3 V.",
     "3.3 (Figure 1 gives 4.1 for adaptive, last point; 3.6 for 10-minute, last point)"),
])
def test_a_number_that_contradicts_the_cited_chart_is_flagged_with_the_reason(paper, said, reason):
    problems, _ = _check(paper, FIGURE_SENTENCE, said)
    assert reason in problems, problems


def test_a_number_nothing_cited_holds_is_still_caught(paper):
    problems, judged = _check(paper, FIGURE_SENTENCE, "The battery voltage is near 3.3 V.")
    assert "3.3" in problems and not judged.supported
    # a chart's value is near only within 1% of the axis (0.015 V of 1.5 V)
    problems, _ = _check(paper, FIGURE_SENTENCE, "The adaptive policy ends near 4.11 V.")
    assert not problems  # 4.10 at the end
    problems, _ = _check(paper, FIGURE_SENTENCE, "The adaptive policy ends near 4.125 V.")
    assert [p for p in problems if p.startswith("4.125")]


def test_a_cited_table_is_found_from_the_written_sentence_too(paper):
    doc, index = paper
    source = next(s for s in doc.sentences if "Sensor networks spend" in s.text)
    assert not cited_data(doc, source)
    assert cited_data(doc, source, "Table 2 shows our method reaches 88.4 accuracy.").tables[0].id == "tab-2"


@pytest.mark.parametrize("said, cell, header, holds", [
    ("93.4%", "0.934", "Accuracy", True),
    ("0.934", "93.4", "Accuracy (%)", True),
    ("0.934", "93.4%", "Accuracy", True),
    ("93.4", "93.40", "Accuracy", True),
    ("93.4", "93.42", "Accuracy", True),  # rounded to the digits said
    ("93.5", "93.42", "Accuracy", False),
    ("3", "2.6", "Layers", False),  # one digit says too little to be a rounding
    ("0.934", "93.4", "Accuracy", False),  # no percent on either side: another value
    ("1,200", "1200", "Nodes", True),
    ("-0.5", "−0.5", "Change", True),
    ("0.5", "−0.5", "Change", False),
])
def test_the_same_value_written_differently(said, cell, header, holds):
    table = Table("tab-1", 0, (0, 0, 1, 1), label="Table 1", header=[["Method", header]], rows=[["Ours", cell]])
    [held] = table_held(table)
    assert held.matches(Value.parse(said)) is holds


def test_a_cell_of_words_holds_no_number():
    table = Table("tab-1", 0, (0, 0, 1, 1), header=[["Model", "Top-1"]], rows=[["ResNet-50", "76.1"]])
    assert [(h.row, h.value) for h in table_held(table)] == [("ResNet-50", 76.1)]
    assert not CitedData.of([], [])


class Scripted:
    """A generator that answers from a script, by whether the prompt gives it data; it keeps
    the prompts it was given (a unit test's double: the document, checks and JSON are real)."""

    name, warnings = "scripted", []

    def __init__(self, with_data: dict[str, str], without: dict[str, str]):
        self.with_data, self.without, self.prompts = with_data, without, []

    def generate(self, prompt, **kwargs):
        self.prompts.append(prompt.source)
        script = self.with_data if "Data: " in prompt.source else self.without
        return next(answer for start, answer in script.items() if start in prompt.source)


def _generate(paper, generator, **options):
    from mmsum.generate.generative import generative_summary
    from mmsum.generate.selection import Extract
    from mmsum.options import SummaryOptions, resolve_options
    from mmsum.summary import ScoredSentence

    doc, _ = paper
    plan = [ScoredSentence(s, 1.0) for s in doc.sentences if s.text in (TABLE_SENTENCE, FIGURE_SENTENCE)]
    return generative_summary(generator, doc, [], [], resolve_options(SummaryOptions(generate=True, **options)),
                              plan=Extract(" ".join(s.sentence.text for s in plan), plan))


def test_a_summary_sentence_that_cites_a_table_or_chart_gives_its_numbers(paper):
    """The model is shown the cited table's named rows and the chart's description; what it
    writes with them is checked, and a sentence written without them gets them in brackets."""
    from mmsum.export.summary_json import summary_record
    from mmsum.summary import Summary

    gen = Scripted({"Table 2 shows": "Our method reaches 91.7 accuracy on the test set.",  # wrong: not used
                    "Figure 1 shows": "The battery voltage of each policy changes over the trial: adaptive ends highest, "
                                      "near 4.1 V."},
                   {"Table 2 shows": "Our method is more accurate than the baseline on the test set."})
    result = _generate(paper, gen)
    assert any("Data: Table 2: Baseline: Accuracy 81.2; Ours: Accuracy 88.4." in p for p in gen.prompts)
    assert any("Data: Figure 1: adaptive ends highest, near 4.1 V; 10-minute ends lowest, near 3.6 V." in p
               for p in gen.prompts)
    assert not result.flagged
    assert "Our method is more accurate than the baseline on the test set (Table 2: Baseline: Accuracy 81.2; " \
           "Ours: Accuracy 88.4)" in result.text
    assert "adaptive ends highest, near 4.1 V (p. 1)." in result.text
    doc, _ = paper
    record = summary_record(Summary(doc, "generative", result.text, result.sentences, [], {},
                                    cited_numbers=result.cited))
    assert [(c["number"], c["label"], c["at"]) for c in record["cited_numbers"]] == [
        ("81.2", "Table 2", "Baseline, Accuracy"), ("88.4", "Table 2", "Ours, Accuracy"),
        ("4.1", "Figure 1", "adaptive, last point")]
    assert all(c["sentence"] in result.text for c in record["cited_numbers"])


def test_a_summary_sentence_that_contradicts_its_table_is_flagged_with_the_reason(paper):
    wrong = "Our method reaches 91.7 accuracy on the test set."
    gen = Scripted({"Table 2 shows": wrong, "Figure 1 shows": wrong}, {"Table 2 shows": wrong, "Figure 1 shows": wrong})
    result = _generate(paper, gen, show_flagged=True)
    flag = next(f for f in result.flagged if "91.7" in f.sentence and "Table 2" in " ".join(f.terms))
    assert "91.7 (Table 2 gives 88.4 for Ours, Accuracy)" in flag.terms
    assert not result.cited


def test_the_data_of_a_chart_of_one_curve_reads_without_it():
    from mmsum.document import ChartSeries, Figure, FigureContent

    content = FigureContent("line", "Line chart of Gap (eV) against Coupling g (0–1). It falls from 0.2 to 1.1.",
                            series=[ChartSeries(None, [(0.0, 0.2), (1.0, 1.1)])])
    figure = Figure("fig-3", 0, (0, 0, 1, 1), label="Figure 3", content=content)
    assert CitedData.of([], [figure]).data_line("Fig. 3 shows the gap.") == "Figure 3: falls from 0.2 to 1.1."


def test_a_chinese_table_row_is_named_by_its_label():
    table = Table("tab-2", 0, (0, 0, 1, 1), label="表 2", header=[["方法", "准确率"]],
                  rows=[["基线", "81.2"], ["本文方法", "88.4"]])
    cited = CitedData.of([table], [])
    assert cited.data_line("表 2 表明本文方法比基线更准确。") == "表 2: 基线: 准确率 81.2; 本文方法: 准确率 88.4."
    assert cited.judge("本文方法的准确率为 88.4。", []).supported[0].at == "本文方法, 准确率"
    assert cited.judge("本文方法的准确率为 81.2。", []).contradicted == \
        {"81.2": "表 2 gives 81.2 for 基线, 准确率; 88.4 for 本文方法, 准确率"}
