"""Table PDFs built with real LaTeX (Debian's TeX Live), whose cells are known by construction.

Each :class:`LatexTable` holds the LaTeX of one table and the grid it must read back as:
``header`` rows and body ``rows`` of cell strings, a spanning cell repeated in every cell it
covers. :func:`build` sets a short paper around the tables (paragraphs before and after, so
that finding the table's region is tested too) and compiles it with ``pdflatex`` (``xelatex``
for Chinese). :func:`latex_missing` says why a kind cannot be built here, for ``pytest.skip``.

    pdf = build(tmp_path / "booktabs.pdf", [KINDS["booktabs"]])
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

PARAGRAPH = ("Sensor networks spend most of their energy on radio communication rather than on sensing. "
             "We measured the current drawn by each node over several weeks of continuous operation, "
             "and the results show that duty cycling reduces the average power consumption considerably. "
             "Nodes near the gateway relay more packets and therefore deplete their batteries earlier.")
PARAGRAPH_ZH = ("传感器网络的大部分能量消耗在无线通信上，而不是在感知上。我们在连续数周的运行中测量了每个节点的电流，"
                "结果表明占空比调度能够显著降低平均功耗。靠近网关的节点转发更多的数据包，因此电池耗尽得更早。")


@dataclass
class LatexTable:
    """One table: its LaTeX (``body``: the tabular environment and caption, inside the float),
    its label as printed ("Table 1"), and the grid it must read back as."""

    name: str
    label: str
    caption: str
    body: str
    header: list[list[str]]
    rows: list[list[str]]
    packages: list[str] = field(default_factory=list)
    float_env: str = "table"
    engine: str = "pdflatex"
    chinese: bool = False
    columns: int = 1  # 2: the paper is set in two columns
    lead: int = 1     # paragraphs before the table (more push it down its column)
    notes: list[str] = field(default_factory=list)  # the notes set under the table, as read

    @property
    def grid(self) -> list[list[str]]:
        return self.header + self.rows


RESULTS_HEADER = [["Method", "Accuracy", "F1", "Time (s)"]]
RESULTS_ROWS = [["Baseline", "81.2", "79.0", "12.5"], ["Ours", "88.4", "86.1", "14.0"],
                ["Ours + augmentation", "89.0", "87.3", "15.2"], ["Oracle", "95.5", "94.8", "–"]]


def _tabular_rows(rows: list[list[str]]) -> str:
    return "\n".join(" & ".join(_tex(c) for c in r) + r" \\" for r in rows)


def _tex(cell: str) -> str:
    return cell.replace("%", r"\%").replace("&", r"\&").replace("–", "--")


def ruled() -> LatexTable:
    caption = "Accuracy of each method on the test set."
    body = (r"\caption{" + caption + "}\n\\centering\n\\begin{tabular}{|l|c|c|c|}\\hline\n"
            + _tabular_rows(RESULTS_HEADER) + r"\hline" + "\n"
            + "\n".join(" & ".join(_tex(c) for c in r) + r" \\ \hline" for r in RESULTS_ROWS) + "\n\\end{tabular}")
    return LatexTable("ruled", "Table 1", caption, body, RESULTS_HEADER, RESULTS_ROWS)


def column_rules() -> LatexTable:
    """Rules between the columns and around the table but none between the body's rows: the
    line finder sees one tall cell per column."""
    caption = "Accuracy of each method, columns ruled, rows not."
    body = (r"\caption{" + caption + "}\n\\centering\n\\begin{tabular}{|l|c|c|c|}\\hline\n"
            + _tabular_rows(RESULTS_HEADER) + r"\hline" + "\n" + _tabular_rows(RESULTS_ROWS) + "\\hline\n\\end{tabular}")
    return LatexTable("column-rules", "Table 1", caption, body, RESULTS_HEADER, RESULTS_ROWS)


def booktabs() -> LatexTable:
    caption = "Results on the benchmark, averaged over five runs."
    body = (r"\caption{" + caption + "}\n\\centering\n\\begin{tabular}{lccc}\\toprule\n"
            + _tabular_rows(RESULTS_HEADER) + "\n\\midrule\n" + _tabular_rows(RESULTS_ROWS)
            + "\n\\bottomrule\n\\end{tabular}")
    return LatexTable("booktabs", "Table 1", caption, body, RESULTS_HEADER, RESULTS_ROWS, ["booktabs"])


def borderless() -> LatexTable:
    caption = "Energy drawn by each configuration (caption below the table)."
    header = [["Configuration", "Sampling", "Reporting", "Energy"]]
    rows = [["Dense", "1 s", "10 s", "420 J"], ["Sparse", "10 s", "60 s", "95 J"],
            ["Adaptive", "2 s", "30 s", "130 J"], ["Idle", "60 s", "600 s", "12 J"]]
    body = ("\\centering\n\\begin{tabular}{llrr}\n" + _tabular_rows(header) + "\n" + _tabular_rows(rows)
            + "\n\\end{tabular}\n\\caption{" + caption + "}")
    return LatexTable("borderless", "Table 1", caption, body, header, rows)


def spanning() -> LatexTable:
    caption = "Accuracy and speed on two datasets, with grouped columns."
    header = [["Method", "Method", "CIFAR-10", "CIFAR-10", "ImageNet", "ImageNet"],
              ["Method", "Method", "Top-1", "Top-5", "Top-1", "Top-5"]]
    rows = [["Small", "ResNet", "91.2", "99.1", "70.3", "89.5"],
            ["Small", "ViT", "92.0", "99.3", "72.8", "90.9"],
            ["Large", "ResNet", "94.1", "99.6", "77.6", "93.7"],
            ["Large", "ViT", "95.3", "99.8", "81.1", "95.4"]]
    body = ("\\caption{" + caption + "}\n\\centering\n\\begin{tabular}{llcccc}\\toprule\n"
            "\\multicolumn{2}{c}{\\multirow{2}{*}{Method}} & \\multicolumn{2}{c}{CIFAR-10} & "
            "\\multicolumn{2}{c}{ImageNet} \\\\\n\\cmidrule(lr){3-4}\\cmidrule(lr){5-6}\n"
            " & & Top-1 & Top-5 & Top-1 & Top-5 \\\\\n\\midrule\n"
            "\\multirow{2}{*}{Small} & ResNet & 91.2 & 99.1 & 70.3 & 89.5 \\\\\n"
            " & ViT & 92.0 & 99.3 & 72.8 & 90.9 \\\\\n"
            "\\multirow{2}{*}{Large} & ResNet & 94.1 & 99.6 & 77.6 & 93.7 \\\\\n"
            " & ViT & 95.3 & 99.8 & 81.1 & 95.4 \\\\\n\\bottomrule\n\\end{tabular}")
    return LatexTable("spanning", "Table 1", caption, body, header, rows, ["booktabs", "multirow"])


def landscape() -> LatexTable:
    caption = "Per-node measurements over the whole deployment, set in landscape."
    header = [["Node", "Site", "Uptime (h)", "Packets sent", "Packets relayed", "Battery (V)", "Temperature (C)"]]
    rows = [[f"N{i}", site, str(100 + 7 * i), str(1200 + 31 * i), str(300 + 17 * i), f"3.{i}", str(18 + i)]
            for i, site in enumerate(["Roof", "Garden", "Cellar", "Hall", "Garage"], start=1)]
    body = ("\\caption{" + caption + "}\n\\centering\n\\begin{tabular}{llrrrrr}\\toprule\n" + _tabular_rows(header)
            + "\n\\midrule\n" + _tabular_rows(rows) + "\n\\bottomrule\n\\end{tabular}")
    return LatexTable("landscape", "Table 1", caption, body, header, rows, ["booktabs", "pdflscape"],
                      float_env="landscape-table")


def sideways() -> LatexTable:
    """A table turned on an upright page (rotating's sidewaystable): its text runs up the page."""
    t = landscape()
    return LatexTable("sideways", "Table 1", t.caption.replace("set in landscape", "set sideways"),
                      t.body.replace("set in landscape", "set sideways"), t.header, t.rows, ["booktabs", "rotating"],
                      float_env="sidewaystable")


def chinese() -> LatexTable:
    caption = "各方法在测试集上的准确率"
    header = [["方法", "准确率", "召回率", "耗时（秒）"]]
    rows = [["基线", "81.2", "79.0", "12.5"], ["本文方法", "88.4", "86.1", "14.0"], ["数据增强", "89.0", "87.3", "15.2"]]
    body = ("\\caption{" + caption + "}\n\\centering\n\\begin{tabular}{lccc}\\toprule\n" + _tabular_rows(header)
            + "\n\\midrule\n" + _tabular_rows(rows) + "\n\\bottomrule\n\\end{tabular}")
    return LatexTable("chinese", "表 1", caption, body, header, rows, ["booktabs"], engine="xelatex", chinese=True)


def staggered_formulae() -> LatexTable:
    """Two columns of formulae, caption below, the second column's five set between the
    first's six (each column a tabular of its own): MuPDF stacks each column's lines into a
    block of its own, of many parts but no words, which is no paragraph. Its ``rows`` are
    the two columns' formulae (row i: the first's i-th and the second's i-th, "" past its
    end), not the grid, whose rows the staggering leaves to the reader."""
    caption = "Multiplets of the spectrum, by their charges."
    header = [["Bosonic multiplets", "Fermionic multiplets"]]
    left = [f"(n + {k}, n + {k + 1}; n + {k + 2})" for k in range(1, 7)]
    right = [f"{k + 2}(n + {k + 1}, n; n + {k})" for k in range(1, 6)]

    def column(cells: list[str]) -> str:
        return "\\begin{tabular}{@{}l@{}}" + " \\\\ ".join("$" + c + "$" for c in cells) + "\\end{tabular}"

    body = ("\\centering\n\\begin{tabular}{l|l}\n" + " & ".join(header[0]) + " \\\\ \\hline\n"
            + column(left) + " & " + column(right) + "\n\\end{tabular}\n\\caption{" + caption + "}")
    rows = [[a, right[i] if i < len(right) else ""] for i, a in enumerate(left)]
    return LatexTable("formulae", "Table 1", caption, body, header, rows)


def notation() -> LatexTable:
    """A table of symbols: words, no results."""
    caption = "Notation used throughout the paper."
    header = [["Symbol", "Meaning"]]
    rows = [["N", "number of nodes in the network"], ["T", "length of the duty cycle"],
            ["E", "energy stored in the battery"], ["P", "power drawn while transmitting"]]
    body = ("\\caption{" + caption + "}\n\\centering\n\\begin{tabular}{ll}\\toprule\n" + _tabular_rows(header)
            + "\n\\midrule\n" + _tabular_rows(rows) + "\n\\bottomrule\n\\end{tabular}")
    return LatexTable("notation", "Table 1", caption, body, header, rows, ["booktabs"])


def long_split() -> LatexTable:
    """A longtable that runs over a page break, its head repeated on the second page."""
    caption = "Readings of every sensor, over two pages."
    header = [["Sensor", "Reading", "Error"]]
    rows = [[f"S{i:02d}", f"{10 + i * 0.5:.1f}", f"{(i % 7) * 0.1:.1f}"] for i in range(1, 61)]
    body = ("\\begin{longtable}{lrr}\n\\caption{" + caption + "}\\\\\n\\toprule\n" + _tabular_rows(header)
            + "\n\\midrule\n\\endfirsthead\n\\toprule\n" + _tabular_rows(header) + "\n\\midrule\n\\endhead\n"
            + "\\bottomrule\n\\endfoot\n" + _tabular_rows(rows) + "\n\\end{longtable}")
    return LatexTable("split", "Table 1", caption, body, header, rows, ["booktabs", "longtable"], float_env="none")


def long_continued() -> LatexTable:
    """A longtable over a page break whose head on the next page repeats the caption as
    "Table 1: (continued)" (longtable's own idiom) above the repeated header."""
    t = long_split()
    body = t.body.replace("\\endfirsthead\n\\toprule", "\\endfirsthead\n\\caption[]{(continued)}\\\\\n\\toprule")
    return LatexTable("continued", "Table 1", t.caption, body, t.header, t.rows, t.packages, float_env="none")


def long_continued_zh() -> LatexTable:
    """A Chinese longtable over a page break, its rest headed "续表 1" (table 1, continued)."""
    t = long_split()
    header = [["传感器", "读数", "误差"]]
    head = _tabular_rows(header)
    body = ("\\begin{longtable}{lrr}\n\\caption{各传感器的读数}\\\\\n\\toprule\n" + head
            + "\n\\midrule\n\\endfirsthead\n\\multicolumn{3}{l}{续表 1}\\\\\n\\toprule\n" + head
            + "\n\\midrule\n\\endhead\n\\bottomrule\n\\endfoot\n" + _tabular_rows(t.rows) + "\n\\end{longtable}")
    return LatexTable("continued-zh", "表 1", "各传感器的读数", body, header, t.rows, t.packages, float_env="none",
                      engine="xelatex", chinese=True)


def long_caption_last() -> LatexTable:
    """A longtable over a page break whose caption is set under its last part only (in
    ``\\endlastfoot``, a line's space under the last rule): its first part, on the first
    page, has no caption."""
    t = long_split()
    caption = "Readings of every sensor, captioned under the last rows."
    head = "\\toprule\n" + _tabular_rows(t.header) + "\n\\midrule\n"
    body = ("\\begin{longtable}{lrr}\n" + head + "\\endfirsthead\n" + head + "\\endhead\n\\bottomrule\n\\endfoot\n"
            "\\bottomrule\n\\noalign{\\vskip 8pt}\\caption{" + caption + "}\n\\endlastfoot\n" + _tabular_rows(t.rows) + "\n\\end{longtable}")
    return LatexTable("caption-last", "Table 1", caption, body, t.header, t.rows, t.packages, float_env="none")


def long_continued_only() -> LatexTable:
    """A longtable over a page break captioned only on its next page, "Table 1: (continued)"
    over the repeated header: its first part has no caption."""
    t = long_split()
    head = "\\toprule\n" + _tabular_rows(t.header) + "\n\\midrule\n"
    body = ("\\begin{longtable}{lrr}\n" + head + "\\endfirsthead\n\\caption{(continued)}\\\\\n" + head
            + "\\endhead\n\\bottomrule\n\\endfoot\n" + _tabular_rows(t.rows) + "\n\\end{longtable}")
    return LatexTable("continued-only", "Table 1", "(continued)", body, t.header, t.rows, t.packages, float_env="none")


def _sensor_rows(n: int) -> list[list[str]]:
    return [[f"S{i:02d}", f"{20 + i * 0.25:.2f}", f"{(i % 5) * 0.2:.1f}"] for i in range(1, n + 1)]


def column_split() -> LatexTable:
    """A supertabular in a two-column paper: its rows run from the lower half of the left
    column to the top of the right one, the head repeated there."""
    caption = "Readings of every sensor, continued in the next column."
    header = [["Sensor", "Reading", "Error"]]
    rows = _sensor_rows(40)
    head = "\\toprule\n" + _tabular_rows(header) + "\n\\midrule"
    body = ("\\begin{center}\n\\topcaption{" + caption + "}\n\\tablefirsthead{" + head + "}\n\\tablehead{" + head
            + "}\n\\tabletail{\\bottomrule}\n\\begin{supertabular}{lrr}\n" + _tabular_rows(rows)
            + "\n\\end{supertabular}\n\\end{center}")
    return LatexTable("columns", "Table 1", caption, body, header, rows, ["booktabs", "supertabular"],
                      float_env="none", columns=2, lead=3)


def hand_split(head_again: bool = True, other: list[list[str]] | None = None) -> LatexTable:
    """A table a two-column paper's author broke by hand: its first rows end the left column
    (a tabular under its caption, then a column break), the rest open the right column in a
    tabular of their own, under the same header (``head_again``) or not. With ``other``, the
    right column opens instead with those rows in a tabular of other columns, which are no
    part of the table (its grid is then the left part alone)."""
    caption = "Packets relayed by each node, broken over the two columns."
    header = [["Node", "Relayed", "Dropped"]]
    rows = [[f"N{i}", str(300 + 17 * i), str(i % 4)] for i in range(1, 25)]

    def tabular(part: list[list[str]], first: bool, spec: str = "lrr") -> str:
        head = _tabular_rows(header) + "\n\\midrule\n" if first or head_again else ""
        return ("\\noindent\\begin{minipage}{\\columnwidth}\\centering\n"
                + ("\\captionof{table}{" + caption + "}\n" if first else "")
                + "\\begin{tabular}{" + spec + "}\\toprule\n" + head + _tabular_rows(part)
                + "\n\\bottomrule\n\\end{tabular}\n\\end{minipage}")

    second = tabular(other, False, "lll") if other else tabular(rows[12:], False)
    body = tabular(rows[:12], True) + "\n\\newpage\n" + second
    return LatexTable("hand-columns", "Table 1", caption, body, header, rows[:12] if other else rows,
                      ["booktabs", "caption"], float_env="none", columns=2, lead=2)


PARAGRAPH_ROWS = [
    ["Baseline", "A logistic regression over bag of words features, trained on the full training set "
                 "without any augmentation.", "81.2"],
    ["Ours", "The same features fed to a two layer network whose hidden units are pruned after every "
             "epoch of training.", "88.4"],
    ["Ours + augmentation", "Our network trained on the training set and on paraphrases of each of its "
                            "sentences drawn from a small language model.", "89.0"],
    ["Oracle", "Labels read from the annotation.", "95.5"]]


def paragraph_cells() -> LatexTable:
    """A table whose middle column is a p{} paragraph: its cells wrap over several lines
    (justified, hyphenation off so that the words stay whole)."""
    caption = "Each method, described in a sentence, with its accuracy."
    header = [["Method", "Description", "Accuracy"]]
    body = ("\\caption{" + caption + "}\n\\centering\n\\begin{tabular}{l>{\\hyphenpenalty=10000}p{5.5cm}r}\\toprule\n"
            + _tabular_rows(header) + "\n\\midrule\n" + _tabular_rows(PARAGRAPH_ROWS) + "\n\\bottomrule\n\\end{tabular}")
    return LatexTable("paragraph", "Table 1", caption, body, header, PARAGRAPH_ROWS, ["booktabs", "array"])


def paragraph_cells_middle() -> LatexTable:
    """As :func:`paragraph_cells`, with an m{} column: the one-line cells of a row stand level
    with the middle of its paragraph cell, not with its first line."""
    t = paragraph_cells()
    body = t.body.replace("p{5.5cm}", "m{5.5cm}").replace("described in a sentence", "described in a centred sentence")
    return LatexTable("paragraph-middle", "Table 1", t.caption.replace("a sentence", "a centred sentence"), body,
                      t.header, t.rows, t.packages)


def paragraph_cells_below() -> LatexTable:
    """Two columns, a name and a p{} paragraph, framed, caption below (as R's Journal of
    Statistical Software sets a table of functions): MuPDF puts its cells in one block."""
    caption = "Methods for spatio-temporal data, what each does."
    header = [["method", "what it does"]]
    rows = [["construct", "Creates objects from single or multiple tables of values read from files"],
            ["select", "Select or replace data values"],
            ["subset", "Select spatial and temporal subsets of the data and the values of their attributes"],
            ["coerce", "coerce to other objects, to a matrix or to a data frame"],
            ["aggregate", "aggregate data values over particular spatial, temporal, or spatio-temporal domains"]]
    body = ("\\centering\n\\begin{tabular}{|l>{\\hyphenpenalty=10000\\raggedright\\arraybackslash}p{8cm}|}\\hline\n"
            + _tabular_rows(header) + "\\hline\n" + _tabular_rows(rows) + "\\hline\n\\end{tabular}\n\\caption{"
            + caption + "}")
    return LatexTable("paragraph-below", "Table 1", caption, body, header, rows, ["array"])


def tabularx_cells() -> LatexTable:
    """A ruled tabularx whose X columns hold ragged-right paragraphs (two wrapping columns)."""
    caption = "Strengths and weaknesses of each method, in words."
    header = [["Method", "Strengths", "Weaknesses"]]
    rows = [["Baseline", "Fast to train and easy to explain to the people who use it.", "Misses every negation."],
            ["Ours", "Reads negations and long range agreement between the words of a sentence.",
             "Needs a graphics card to train in less than a day."],
            ["Oracle", "Perfect.", "Not available when the system runs."]]
    col = ">{\\raggedright\\arraybackslash}X"
    body = ("\\caption{" + caption + "}\n\\centering\n\\begin{tabularx}{0.85\\textwidth}{|l|" + col + "|" + col
            + "|}\\hline\n" + _tabular_rows(header) + "\\hline\n"
            + "\n".join(" & ".join(_tex(c) for c in r) + " \\\\ \\hline" for r in rows) + "\n\\end{tabularx}")
    return LatexTable("tabularx", "Table 1", caption, body, header, rows, ["array", "tabularx"])


TABLE_NOTES = ["Note: accuracy and F1 are averaged over five runs with different random seeds.",
               "* p < 0.05 against the baseline (paired t-test).", "a: timed on one core of the same machine."]


def _notes_tex() -> str:
    return ("\\begin{tablenotes}\\footnotesize\n\\item[] " + TABLE_NOTES[0] + "\n\\item[*] p $<$ 0.05 against the "
            "baseline (paired t-test).\n\\item[a:] timed on one core of the same machine.\n\\end{tablenotes}")


def notes_below() -> LatexTable:
    """A results table with notes under it (threeparttable's tablenotes, in footnote size):
    "Note: …", "* p < 0.05 …", "a: …"; the caption above."""
    caption = "Results on the benchmark, with notes under the table."
    body = ("\\centering\n\\begin{threeparttable}\n\\caption{" + caption + "}\n\\begin{tabular}{lccc}\\toprule\n"
            + _tabular_rows(RESULTS_HEADER) + "\n\\midrule\n" + _tabular_rows(RESULTS_ROWS)
            + "\n\\bottomrule\n\\end{tabular}\n" + _notes_tex() + "\n\\end{threeparttable}")
    return LatexTable("notes", "Table 1", caption, body, RESULTS_HEADER, RESULTS_ROWS, ["booktabs", "threeparttable"],
                      notes=TABLE_NOTES)


def notes_over_caption() -> LatexTable:
    """A results table whose notes lie between it and its caption, set below."""
    caption = "Results on the benchmark, notes between the table and this caption."
    body = ("\\centering\n\\begin{threeparttable}\n\\begin{tabular}{lccc}\\toprule\n"
            + _tabular_rows(RESULTS_HEADER) + "\n\\midrule\n" + _tabular_rows(RESULTS_ROWS)
            + "\n\\bottomrule\n\\end{tabular}\n" + _notes_tex() + "\n\\caption{" + caption + "}\n\\end{threeparttable}")
    return LatexTable("notes-over-caption", "Table 1", caption, body, RESULTS_HEADER, RESULTS_ROWS,
                      ["booktabs", "threeparttable"], notes=TABLE_NOTES)


KINDS = {"ruled": ruled, "column-rules": column_rules, "booktabs": booktabs, "borderless": borderless, "spanning": spanning,
         "landscape": landscape, "sideways": sideways, "chinese": chinese, "notation": notation, "split": long_split,
         "continued": long_continued, "continued-zh": long_continued_zh, "columns": column_split, "hand-columns": hand_split,
         "paragraph": paragraph_cells, "paragraph-below": paragraph_cells_below, "tabularx": tabularx_cells,
         "paragraph-middle": paragraph_cells_middle, "caption-last": long_caption_last,
         "continued-only": long_continued_only,
         "notes": notes_below, "notes-over-caption": notes_over_caption}
BORN_DIGITAL = ("ruled", "column-rules", "booktabs", "borderless", "spanning", "landscape", "sideways", "chinese", "split",
                "continued", "continued-zh", "columns", "hand-columns", "paragraph", "paragraph-below", "tabularx", "paragraph-middle", "caption-last", "continued-only",
                "notes", "notes-over-caption")


def latex_missing(engine: str = "pdflatex") -> str | None:
    """Why a table of ``engine`` cannot be built here, or None."""
    if shutil.which(engine) is None:
        return (f"{engine} is not installed (apt-get install texlive-latex-extra texlive-lang-chinese "
                "texlive-xetex)")
    return None


def _float(t: LatexTable) -> str:
    if t.float_env == "none":
        return t.body
    if t.float_env == "sidewaystable":
        return "\\begin{sidewaystable}\n" + t.body + "\n\\end{sidewaystable}"
    if t.float_env == "landscape-table":
        return "\\begin{landscape}\n\\begin{table}[h]\n" + t.body + "\n\\end{table}\n\\end{landscape}"
    return "\\begin{table}[h]\n" + t.body + "\n\\end{table}"


def source(tables: list[LatexTable]) -> str:
    """The LaTeX of a short paper holding ``tables``, each between paragraphs."""
    chinese = any(t.chinese for t in tables)
    packages = sorted({p for t in tables for p in t.packages})
    para = PARAGRAPH_ZH if chinese else PARAGRAPH
    options = "11pt,twocolumn" if any(t.columns == 2 for t in tables) else "11pt"
    parts = ["\\documentclass[" + options + "]{" + ("ctexart" if chinese else "article") + "}",
             "\\usepackage[margin=1in]{geometry}", *(f"\\usepackage{{{p}}}" for p in packages),
             "\\begin{document}", "\\section{Introduction}", para, ""]
    for i, t in enumerate(tables):
        parts += [para, ""] * t.lead + [_float(t), "", para, ""]
        if t.float_env == "none":
            parts += [para, ""]
    parts += ["\\section{Conclusion}", para, "\\end{document}"]
    return "\n".join(parts)


def build(path: Path, tables: list[LatexTable]) -> Path:
    """Compile a paper holding ``tables`` to ``path`` (a PDF); RuntimeError with LaTeX's log
    tail when it does not compile."""
    engine = "xelatex" if any(t.engine == "xelatex" for t in tables) else "pdflatex"
    runs = 2 if any(t.float_env == "none" for t in tables) else 1  # longtable settles in two runs
    return compile_tex(path, source(tables), engine=engine, runs=runs)


def compile_tex(path: Path, tex: str, *, engine: str = "pdflatex", runs: int = 1) -> Path:
    """Compile the LaTeX document ``tex`` to ``path`` (a PDF); RuntimeError with LaTeX's log
    tail when it does not compile."""
    path = Path(path)
    work = path.parent / f"{path.stem}_tex"
    work.mkdir(parents=True, exist_ok=True)
    (work / "paper.tex").write_text(tex, encoding="utf-8")
    for _ in range(runs):
        done = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", "paper.tex"], cwd=work,
                              capture_output=True, text=True, timeout=180)
    if done.returncode != 0 or not (work / "paper.pdf").is_file():
        raise RuntimeError(f"{engine} failed: {done.stdout[-1500:]}")
    shutil.copyfile(work / "paper.pdf", path)
    return path
