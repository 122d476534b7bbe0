"""Defects a reader notices in summary sentences, counted over the JSON summaries that
``mmsum summarize --format json`` wrote, class by class.

    mmsum summarize DIR --format json --out-dir OUT --words 350 [--structure | --generate]
    python benchmarks/reader_defects.py OUT [OUT2 ...]

The rules here are written apart from mmsum's own (they measure it): each is a plain test a
reader could apply by eye.

- ``ref_cut``: the sentence ends where its source goes on with a figure or table reference
  ("Logs are organized." where the page says "Logs are organized as shown in Figure 6."):
  the source page is read with PyMuPDF at the sentence's page;
- ``bullet``: a list item's mark inside the sentence ("… understand. • Leader election: …");
- ``dangling_start``: the summary, or a section of it, opens on a sentence that leans on one
  before it ("For example, …", "However, …", "This …");
- ``section_start``: the summary, or a section of it, opens on a sentence that speaks of a
  section of the document ("In this section we …", "In Section 3, we …");
- ``label``: a sentence opens with a run-in heading's label ("Abstract— We propose …");
- ``heading``: the sentence is a heading, not prose: on its page it is set wholly in bold, as
  one run of bold type ("Weighted loss function." before its paragraph's first words);
- ``formula``: fewer than half of its tokens are words, or it opens with an operator;
- ``table_cells``: six tokens or more and not one English function word (not Chinese text);
- ``spaced_period``: a period standing alone between words ("Replicated . Database"), in a
  sentence or the title;
- ``fragment``: it does not open as a sentence (lower case) or close with a sentence mark, or
  closes a bracket it never opened;
- ``coverage_gap``: a document of 20 pages or more whose summary ends before its middle page.

Prints one line per document with a defect and a ``RESULT`` line of counts.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

_FUNCTION = set("""a an the of to in on for with by from as at and or is are was were be been this that these those
it its we our they their which than then also not no can will has have if when where into each all""".split())
_LEANS = re.compile(r"^(?:for (?:example|instance)|however|(?:this|these)(?! (?:paper|work|article|report|study|"
                    r"chapter|thesis|book|note|survey|review|section|document)\b)|those|it|they|thus|hence|"
                    r"therefore|moreover|"
                    r"furthermore|in addition|also|such|but|and|so|then|similarly|consequently)\b", re.I)
_SECTION = re.compile(r"^(?:in (?:this|the (?:next|following|previous|present|final|last)) (?:\w+ )?(?:sub)?section|"
                      r"in (?:sub)?sections? \d|(?:this|the (?:next|following)) (?:sub)?section\b|"
                      r"the (?:rest|remainder) of (?:this|the) (?:paper|article|report|document|vignette)\b|"
                      r"(?:this|the) (?:paper|article|report|document|vignette) is (?:organi[sz]ed|structured)\b)", re.I)
_LABEL = re.compile(r"^(?:[Aa]bstract|[Ss]ummary)\s*[—–:.-]|^(?:ABSTRACT|SUMMARY) [A-Z]|^Abstract (?:We|This|In|The|A|An|Our)\b")
_BULLET = re.compile(r"[•●▪◦■‣∙]")
_CITE = re.compile(r"\s*\((?:Fig\. \d+, )?pp?\. [\d, ]+\)")
_REF_AFTER = re.compile(r"^\s*,?\s*(?:as\s+|which\s+(?:is|are)\s+)?(?:is\s+|are\s+)?(?:shown|illustrated|depicted|"
                        r"plotted|displayed|presented|given|listed|summari[sz]ed|seen)?\s*(?:in\s+)?\(?"
                        r"(?:Fig(?:ure)?s?\.?|Table|Tab\.)\s*\d", re.I)
LONG_PAGES = 20


def _tokens(text: str) -> list[str]:
    return text.split()


def _has_cjk(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


def formula(text: str) -> bool:
    if _has_cjk(text):
        cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
        return cjk < len(text.replace(" ", "")) / 3
    toks = _tokens(text)
    words = [t for t in toks if re.fullmatch(r"[\"“(\[]*[A-Za-z]{2,}(?:['’-][A-Za-z]+)*[\"”)\],.;:!?]*", t)]
    return bool(re.match(r"^\s*[=+−\-×·<>≤≥∑∫/]", text)) or len(words) < 0.5 * max(len(toks), 1)


def table_cells(text: str) -> bool:
    toks = _tokens(text)
    return not _has_cjk(text) and len(toks) >= 6 and not any(t.strip(".,;:()[]\"").lower() in _FUNCTION for t in toks)


def fragment(text: str) -> bool:
    t = text.strip()
    if not t or t[0].islower() or not re.search(r"[.!?。！？…][\"'”’)\]）」』]*$", t):
        return True
    depth = 0
    for ch in t:
        depth += ch in "(（[" and 1 or 0
        depth -= ch in ")）]" and 1 or 0
        if depth < 0:
            return True
    return False


_PAGES: dict[tuple[str, int], str] = {}


def _page_text(path: str, page: int) -> str:
    key = (path, page)
    if key not in _PAGES:
        try:
            import pymupdf

            with pymupdf.open(path) as doc:
                text = doc[page].get_text()
        except Exception:  # noqa: BLE001 - a source that cannot be read counts no ref_cut
            text = ""
        text = re.sub(r"-\n(?=[a-z])", "", text)
        _PAGES[key] = " ".join(text.split())
    return _PAGES[key]


_BOLD: dict[tuple[str, int], set[str]] = {}


def _bold_runs(path: str, page: int) -> set[str]:
    """The runs of bold spans on the page, each as one line of text without spaces."""
    key = (path, page)
    if key not in _BOLD:
        runs: set[str] = set()
        try:
            import pymupdf

            with pymupdf.open(path) as doc:
                for b in doc[page].get_text("dict")["blocks"]:
                    for ln in b.get("lines", []):
                        cur = ""
                        for sp in ln["spans"] + [None]:
                            bold = sp is not None and (sp["flags"] & 16 or re.search(r"bold|black|heavy|demi|bx\d",
                                                                                     sp["font"], re.I))
                            if bold or (sp is not None and cur and not sp["text"].strip()):
                                cur += sp["text"]
                            else:
                                if cur.strip():
                                    runs.add(re.sub(r"\s+", "", cur))
                                cur = ""
        except Exception:  # noqa: BLE001 - a source that cannot be read counts no heading
            pass
        _BOLD[key] = runs
    return _BOLD[key]


def heading(text: str, path: str, page: int) -> bool:
    return bool(text) and re.sub(r"\s+", "", text) in _bold_runs(path, page)


def ref_cut(text: str, path: str, page: int) -> bool:
    body = _CITE.sub("", text).strip()
    if not body.endswith("."):
        return False
    words = body[:-1].split()[-5:]
    if len(words) < 2:
        return False
    source = _page_text(path, page)
    at = source.find(" ".join(words))
    while at >= 0:
        after = source[at + len(" ".join(words)):]
        if _REF_AFTER.match(after):
            return True
        at = source.find(" ".join(words), at + 1)
    return False


def defects(summary: dict) -> Counter:
    """Counts of each defect class in one summary JSON."""
    out: Counter = Counter()
    path = summary.get("source", {}).get("path", "")
    sentences = summary.get("sentences", [])
    sections = summary.get("summary", {}).get("sections") or []
    groups = [sec["sentences"] for sec in sections] or [sentences]
    for group in groups:
        if group and _LEANS.match(_CITE.sub("", group[0]["text"]).strip()):
            out["dangling_start"] += 1
        if group and _SECTION.match(group[0]["text"].strip()):
            out["section_start"] += 1
    for s in sentences:
        text = _CITE.sub("", s["text"]).strip()
        out["sentences"] += 1
        out["label"] += bool(_LABEL.match(text))
        out["bullet"] += bool(_BULLET.search(text))
        out["formula"] += formula(text)
        out["table_cells"] += table_cells(text)
        out["spaced_period"] += bool(re.search(r"\w \. \w", text))
        out["fragment"] += fragment(text)
        out["ref_cut"] += ref_cut(text, path, s.get("page", 0))
        out["heading"] += heading(text, path, s.get("page", 0))
    out["spaced_period"] += bool(re.search(r"\w \. \w", summary.get("source", {}).get("title") or ""))
    pages = summary.get("source", {}).get("pages", 0)
    if pages >= LONG_PAGES and sentences:
        out["long_docs"] += 1
        out["coverage_gap"] += max(s.get("page", 0) for s in sentences) < pages / 2
    return out


def main(folders: list[str]) -> None:
    total: Counter = Counter()
    docs = 0
    for folder in folders:
        for js in sorted(Path(folder).glob("*.json")):
            data = json.loads(js.read_text())
            if "sentences" not in data:
                continue
            docs += 1
            c = defects(data)
            total.update(c)
            bad = {k: v for k, v in c.items() if v and k not in ("sentences", "long_docs")}
            if bad:
                print(f"{js.stem[:50]:50} " + " ".join(f"{k}={v}" for k, v in sorted(bad.items())))
    keys = ["ref_cut", "bullet", "dangling_start", "section_start", "label", "heading", "formula", "table_cells", "spaced_period", "fragment",
            "coverage_gap"]
    print(f"RESULT docs={docs} sentences={total['sentences']} long_docs={total['long_docs']} "
          + " ".join(f"{k}={total[k]}" for k in keys))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
