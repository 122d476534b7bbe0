"""What a sentence does in its document: states the problem, says what was done, reports a
finding, or admits a limitation; and whether it is the sentence that says what the document
is and does.

Read from the words authors use for each move and from the heading the sentence stands
under, as writing guides describe the parts of a paper or report (problem, approach,
results, limitations). These are the cues a reader skims for; nothing here is fitted to a
corpus. A sentence may play several roles; :func:`role_scores` gives each a 0..1 strength.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from ..document import Document

ROLES = ("problem", "approach", "findings", "limitations")
TITLES = {"problem": "Problem", "approach": "Approach", "findings": "Findings", "limitations": "Limitations"}
# a Chinese document's sections are titled in Chinese
TITLES_ZH = {"problem": "问题", "approach": "方法", "findings": "发现", "limitations": "局限"}


def role_titles(language: str) -> dict[str, str]:
    """The sections' titles for a document in ``language`` (a BCP 47 code)."""
    return TITLES_ZH if language.split("-")[0] == "zh" else TITLES

_SELF = r"(?:this|the\s+present|our)\s+(?:paper|work|article|letter|study|thesis|report|book|chapter|note|manuscript|survey|review)"
# "In this paper we ...", "This thesis presents ...", "We propose ...": the document saying what it is and does
DEFINING = re.compile(
    rf"\b(?:in\s+{_SELF}\b|{_SELF}\s+(?:\w+\s+){{0,2}}?(?:propose|present|introduce|describe|develop|stud(?:y|ies)|"
    rf"investigate|report|show|demonstrate|design|implement|examine|explore|address|consider|analy[sz]e|give|provide|"
    rf"derive|discuss|review|summari[sz]e|aim|focus|extend|is\s+(?:about|devoted|concerned|organized)|deals?)s?\b"
    rf"|\bwe\s+(?:\w+\s+){{0,1}}?(?:propose|present|introduce|design(?:ed)?|implement(?:ed)?|develop(?:ed)?|describe|"
    rf"report|stud(?:y|ied)|investigate|consider|address|derive|construct|build|built)\b(?!\s+(?:in|by)\s+\[))",
    re.I)

# Chinese: the same moves in the words Chinese papers and textbooks use ("本文提出", "本章介绍",
# "实验结果表明", "不足"); Chinese text has no word boundaries for \b to find
_SELF_ZH = r"(?:本文|本章|本书|本节|本论文|本研究|本报告|这篇论文)"
DEFINING_ZH = re.compile(rf"{_SELF_ZH}[^。；]{{0,10}}?(?:提出|介绍|描述|研究|讨论|探讨|分析|给出|总结|设计|实现|关注|阐述)"
                         r"|我们[^。；]{0,6}?(?:提出|设计|实现|开发|构建|介绍)")
_PROBLEM_ZH = re.compile(r"问题|挑战|困难|难以|瓶颈|缺乏|动机|然而|但是|至关重要|关键在于|无法|尚不清楚")
_APPROACH_ZH = re.compile(r"我们(?:提出|使用|采用|设计|构建|定义|推导|训练|结合|扩展)|方法|模型|算法|框架|基于|通过|利用|采用")
_FINDING_ZH = re.compile(r"结果(?:表明|显示|说明)|实验(?:表明|显示|证明)|表明|证明了|我们发现|优于|显著|综上|总之")
_COMPARISON_ZH = re.compile(r"提高|降低|减少|增加|达到|准确率|更快|更好|更高|更低")
_LIMIT_ZH = re.compile(r"局限|不足之处|缺点|缺陷|未来工作|有待|尚未|不能|假设|近似|代价|权衡")

_PROBLEM = re.compile(
    r"\b(?:problem|challeng\w*|difficult\w*|open\s+question|remains?\s+(?:unclear|unknown|open|challenging|difficult)|"
    r"lack\w*|limited\s+(?:by|to)|bottleneck|costly|expensive|unsolved|little\s+is\s+known|not\s+well\s+understood|"
    r"however|need\s+(?:for|to)|motivat\w*|question\s+of|important\s+(?:to|for|in)|crucial|essential|hard\s+to|"
    r"suffer\w*|fail\s+to|cannot\s+be|is\s+unknown|goal\s+is|aim\s+(?:is|of))\b", re.I)
_APPROACH = re.compile(
    r"\b(?:we\s+(?:\w+\s+)?(?:propos|present|introduc|us|employ|appl|design|develop|implement|construct|buil|"
    r"model|formulat|defin|deriv|train|combin|extend|adopt|follow|comput|simulat|measur|collect|solv|"
    r"describ|consider)\w*|(?:our|the\s+proposed|this)\s+(?:method|approach|model|framework|algorithm|system|"
    r"design|technique|scheme|procedure|architecture|protocol|estimator|analysis)|based\s+on|consists?\s+of|"
    r"is\s+built|relies\s+on|by\s+(?:using|combining|means\s+of)|uses?|method|approach|algorithm|framework)\b",
    re.I)
_FINDING = re.compile(
    r"\b(?:we\s+(?:\w+\s+)?(?:show|find|found|observe|demonstrate|prove|obtain|achieve|confirm|report|establish)|"
    r"results?\s+(?:show|indicate|suggest|demonstrate|confirm|reveal)|(?:show|shows|showed|shown)\s+that|"
    r"outperform\w*|significant(?:ly)?\s+\w+|consistent\s+with|agree\w*\s+(?:well\s+)?with|we\s+conclude|"
    r"in\s+conclusion|our\s+(?:results|findings|experiments|analysis)\s+\w+)\b", re.I)
# comparison words: a finding when the sentence also reports a number, else often a motivation
_COMPARISON = re.compile(r"\b(?:improv\w*|reduc\w*|increas\w*|achiev\w*|reach\w*|accura\w*|faster|better|"
                         r"higher|lower|fewer|more\s+than|less\s+than|speed-?up|gain\w*)\b", re.I)
_LIMIT = re.compile(
    r"\b(?:limitations?|limited|restricted\s+to|only\s+(?:applies|works|valid|holds|considers?)|does\s+not|do\s+not|"
    r"did\s+not|cannot|could\s+not|fails?\s+(?:to|when|for)|drawbacks?|shortcomings?|caveats?|future\s+work|"
    r"remains?\s+(?:to\s+be|an\s+open|unclear|open)|left\s+for\s+future|beyond\s+the\s+scope|not\s+(?:yet|address)\w*|"
    r"assum\w+|approximat\w+|sensitive\s+to|at\s+the\s+cost\s+of|trade-?off)\b", re.I)
# numbers that report a result: percentages, values with units or comparison, not section or equation numbers
_RESULT_NUMBER = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|percent|×|x\b|times|fold|dB|ms|s\b|seconds|hours|GB|MB|K|M|[kKmMgG]?(?:Hz|W|m|g))"
    r"|\b(?:by|to|of|from|at|reaches?|achieves?)\s+(?:about\s+|approximately\s+|nearly\s+|over\s+|up\s+to\s+)?"
    r"\d+(?:\.\d+)?\b|\b\d+\.\d+\b", re.I)

# what a heading alone says of the sentences under it: a method or results section holds what
# was done or found; an introduction holds more than the problem, a discussion more than limits
HEADING = {"problem": 0.4, "approach": 0.5, "findings": 0.5, "limitations": 0.4}
_SECTION_ROLE = [
    ("problem", re.compile(r"\b(?:introduction|motivation|background|problem|overview|preface)\b", re.I)),
    ("approach", re.compile(r"\b(?:method\w*|approach|model\w*|design|implementation|architecture|algorithm\w*|"
                            r"framework|setup|set-up|data|materials?|procedure|system|formulation|theory|"
                            r"estimation|proposed)\b", re.I)),
    ("findings", re.compile(r"\b(?:results?|findings|evaluation|experiments?|performance|analysis|applications?|"
                            r"conclusions?|concluding|summary|discussion|case\s+stud\w+|examples?|simulations?|measurements?|"
                            r"benchmarks?|validation|comparison)\b",
                            re.I)),
    ("limitations", re.compile(r"\b(?:limitations?|threats\s+to\s+validity|future\s+work|outlook|open\s+problems|"
                               r"discussion)\b", re.I)),
    ("problem", re.compile(r"引言|绪论|背景|动机|概述|问题")),
    ("approach", re.compile(r"方法|模型|设计|实现|架构|算法|框架|数据|理论|系统")),
    ("findings", re.compile(r"结果|实验|评估|性能|分析|应用|结论|总结|讨论|案例|仿真")),
    ("limitations", re.compile(r"局限|未来|展望|讨论")),
]


def is_defining(text: str) -> bool:
    """Whether ``text`` says what the document is or does ("In this paper we ...", "We present ...")."""
    return bool(DEFINING.search(text) or DEFINING_ZH.search(text))


def reports_numbers(text: str) -> bool:
    """Whether ``text`` reports a quantitative result (a percentage, a value with a unit...)."""
    return bool(_RESULT_NUMBER.search(text))


def sentence_roles(text: str, section: str | None) -> dict[str, float]:
    """Role -> strength (0..1) for one sentence: its own words count most, its heading some."""
    out = dict.fromkeys(ROLES, 0.0)
    for role, en, zh in (("problem", _PROBLEM, _PROBLEM_ZH), ("approach", _APPROACH, _APPROACH_ZH),
                         ("findings", _FINDING, _FINDING_ZH), ("limitations", _LIMIT, _LIMIT_ZH)):
        if en.search(text) or zh.search(text):
            out[role] += 0.6
    if is_defining(text):
        out["approach"] += 0.3
    if reports_numbers(text):
        out["findings"] += 0.3 + (0.3 if _COMPARISON.search(text) or _COMPARISON_ZH.search(text) else 0.0)
    for role in heading_roles(section):
        out[role] += HEADING[role]
    return {k: min(1.0, v) for k, v in out.items()}


@lru_cache(maxsize=4096)
def heading_roles(section: str | None) -> tuple[str, ...]:
    """The roles a heading names, in ROLES order ("Results and discussion": findings and
    limitations; "3 Raft basics": none). Cached: every sentence under a heading asks."""
    named = {role for role, pattern in _SECTION_ROLE if section and pattern.search(section)}
    return tuple(r for r in ROLES if r in named)


def heading_role(section: str | None) -> str | None:
    """The one role a heading names, or None when it names none or several: the label the
    role model is trained on (a conclusion's heading names findings)."""
    named = heading_roles(section)
    return named[0] if len(named) == 1 else None


OPENING = 0.2  # share of the document in which the defining sentence ends its opening


def opening_context(doc: Document) -> np.ndarray:
    """True for the sentences before the first one that says what the document does, when that
    one comes early (in the first section or fifth of the document): an introduction sets out
    the problem before it says "in this paper we"."""
    out = np.zeros(len(doc.sentences), dtype=bool)
    n = len(doc.sentences)
    first_section = doc.sentences[0].section if doc.sentences else None
    for s in doc.sentences:
        if s.index > OPENING * n and s.section != first_section:
            break
        if is_defining(s.text):
            out[:s.index] = True
            break
    return out


def role_scores(doc: Document) -> dict[str, np.ndarray]:
    """Role -> strength of every sentence of ``doc``; the opening context counts as problem."""
    rows = [sentence_roles(s.text, s.section) for s in doc.sentences]
    scores = {role: np.array([r[role] for r in rows], dtype=np.float32) for role in ROLES}
    scores["problem"] = np.minimum(1.0, scores["problem"] + 0.4 * opening_context(doc))
    return scores
