"""Faithfulness of generated summaries, read from the JSON that ``mmsum summarize --generate
--format json`` wrote: the share of generated sentences flagged, copied and extracted, and
repeated phrases.

    mmsum summarize DIR --generate --format json --out-dir OUT --words 350
    python benchmarks/generation_faithfulness.py OUT

A sentence is *flagged* when the faithfulness checks reject it, *copied* when the model gave
back its source sentence's words in order, *extracted* when the model wrote nothing usable
and the source sentence stands. A *repeated phrase* is a run of four words (not all function
words) that occurs twice in one summary; ``model_repeats`` counts those the model made, that
occur more often in the summary than in the source sentences it was written from (a paper
that names "the muon anomalous magnetic moment" in three summary sentences' sources repeats
it itself), and ``repeats_in_sentence`` those repeated inside one sentence ("in detail in
detail"). ``cut_words`` counts the sentences that end inside a word (:func:`cut_words`).
``number_only_flagged`` counts the flagged sentences whose every problem is a number,
``flags_citing_a_table_or_chart`` those flagged with a cited table's or chart's reason ("91.7
(Table 2 gives 88.4 for Ours, Accuracy)"), ``cited_numbers`` the numbers the summaries took
from a table or chart their sentences cite (the JSON's ``cited_numbers``).
Prints one row per document and a ``RESULT`` line.

    python benchmarks/generation_faithfulness.py OUT [OUT2 ...]   # several folders: one count
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

_FUNCTION = set("""a an the of to in on for with by from as at and or is are was were be been this that these those
it its we our they their which than then also not no""".split())
_CITE = re.compile(r"\s*\((?:Fig\. \d+, )?pp?\. [\d, ]+\)")


def repeated_phrases(text: str, n: int = 4) -> list[str]:
    """Runs of ``n`` words that occur more than once in ``text`` (citations left out)."""
    words = re.findall(r"[\w.%-]+", _CITE.sub("", text).lower())
    grams = Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))
    return [" ".join(g) for g, c in grams.items() if c > 1 and not all(w in _FUNCTION for w in g)]


def _grams(text: str, n: int = 4) -> Counter:
    words = re.findall(r"[\w.%-]+", _CITE.sub("", text).lower())
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def model_repeats(text: str, sources: list[str]) -> list[str]:
    """Repeated phrases of ``text`` that its ``sources`` do not repeat as often, the sources
    read as a summary shows them: without reference markers ("SU(5) [14, 15] and Pati-Salam"
    says "SU(5) and Pati-Salam")."""
    from mmsum.generate.text import strip_citations

    have = _grams(" ".join(strip_citations(s) for s in sources))
    return [p for p in repeated_phrases(text) if _grams(text)[tuple(p.split())] > max(1, have[tuple(p.split())])]


def repeats_in_sentence(text: str) -> list[str]:
    """Phrases repeated inside one sentence of ``text``."""
    from mmsum.ingest.sentences import split_text as split_sentences

    return [p for s in split_sentences(_CITE.sub("", text)) for p in repeated_phrases(s)]


def cut_words(text: str, sources: list[str]) -> list[str]:
    """Sentences of ``text`` that end inside a word, as an answer cut off by its token budget
    does ("We extend our study of supers."): the last word ends in a hyphen, or is no word of
    the ``sources`` but the beginning of one. A heuristic: a short whole word that begins a
    longer source word ("no" of "not") counts too."""
    from mmsum.ingest.sentences import split_text as split_sentences

    words = {w.lower() for s in sources for w in _WORD_RE.findall(s)}
    out = []
    for sentence in split_sentences(_CITE.sub("", text)):
        found = _WORD_RE.findall(sentence)
        last = found[-1].lower() if found else ""
        if last.endswith("-") or (last and last not in words and any(w.startswith(last) for w in words)):
            out.append(sentence)
    return out


_WORD_RE = re.compile(r"[\w'’-]+")
_NUMBER_PROBLEM = re.compile(r"[-+−]?\d")  # a flag's term that is a number ("29.5 dB (not in its source)")
_CITED_REASON = re.compile(r"\((?:Table|Figure|Fig\.|表|图)\s*\S+ gives ")  # "91.7 (Table 2 gives 88.4 for Ours)"


def main() -> None:
    folders = [Path(a) for a in sys.argv[1:]]
    totals = Counter()
    paths = {p.name: p for folder in folders for p in sorted(folder.glob("*.json"))}  # a later folder wins
    for path in sorted(paths.values(), key=lambda p: p.name):
        data = json.loads(path.read_text())
        gen = data.get("generation") or {}
        if not gen and data.get("summary", {}).get("mode") == "generative":
            # written before the "generation" record: count the sentences by their citations
            n = len(_CITE.findall(data["summary"]["text"]))
            gen = {"sentences": n, "generated": n, "flagged": len(data.get("flagged", [])), "backend": "?"}
        if not gen:
            continue
        text = data["summary"]["text"]
        repeats = repeated_phrases(text)
        row = {k: int(gen.get(k, 0)) for k in ("sentences", "generated", "copied", "extracted", "flagged")}
        row["repeats"] = len(repeats)
        row["model_repeats"] = len(model_repeats(text, [s["text"] for s in data.get("sentences", [])]))
        row["in_sentence"] = len(repeats_in_sentence(text))
        row["cut"] = len(cut_words(text, [s["text"] for s in data.get("sentences", [])]))
        flags = data.get("flagged", [])
        row["number_flags"] = sum(1 for f in flags
                                  if f["terms"] and all(_NUMBER_PROBLEM.match(t) for t in f["terms"]))
        row["cited_reasons"] = sum(1 for f in flags if any(_CITED_REASON.search(t) for t in f["terms"]))
        row["cited_numbers"] = len(data.get("cited_numbers", []))
        totals.update(row)
        totals["docs"] += 1
        print(f"{path.stem[:40]:40} " + " ".join(f"{k}={v}" for k, v in row.items())
              + (f"  e.g. {repeats[0]!r}" if repeats else ""))
    g = max(totals["generated"], 1)
    print(f"RESULT docs={totals['docs']} sentences={totals['sentences']} generated={totals['generated']} "
          f"flagged_share={totals['flagged'] / g:.3f} copied_share={totals['copied'] / g:.3f} "
          f"extracted={totals['extracted']} repeated_phrases={totals['repeats']} "
          f"model_repeats={totals['model_repeats']} repeats_in_sentence={totals['in_sentence']} "
          f"cut_words={totals['cut']} number_only_flagged={totals['number_flags']} "
          f"flags_citing_a_table_or_chart={totals['cited_reasons']} cited_numbers={totals['cited_numbers']} "
          f"backend={','.join(sorted({json.loads(p.read_text()).get('generation', {}).get('backend', '?') for p in paths.values()}))}")


if __name__ == "__main__":
    main()
