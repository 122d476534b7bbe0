"""Tidying generated text: chat artifacts, sentence splitting, and the model's own citations."""
from __future__ import annotations

import re

from ..ingest.sentences import split_text

# "(p. 4)", "(pp. 3-4)", "(page 4)", "(Fig. 3, p. 6)", "[1]", "[3, 4]", "(Fig. 3)" as a bare
# citation. Numbers in parentheses are no citation: a name ("SU(5)", "U(1)"), a range
# ("(70, 140) dB"), an equation ("Eq. (5)").
CITATION = re.compile(
    r"\s*[\(\[]\s*(?:(?:fig(?:ure)?s?\.?\s*\d+[a-z]?\s*[,;]?\s*)?(?:pp?\.|pages?)\s*\d+(?:\s*[-–,]\s*\d+)*"
    r"|fig(?:ure)?s?\.?\s*\d+[a-z]?)\s*[\)\]]"
    r"|\s*\[\s*\d+(?:\s*[,–-]\s*\d+)*\s*\]", re.I)
# the mark that closes a sentence, with the quotes and brackets after it
SENTENCE_END = re.compile(r"[.!?。！？][\"')\]”’）」』]*$")  # English and Chinese sentence marks
_ARTIFACTS = re.compile(r"<\|[^|>]*\|>|</?s>|<pad>|<unk>|\[/?INST\]")
_LEAD = re.compile(r"^\s*(?:summary|paragraph|answer|here is (?:a|the) summary[^:]*)\s*:\s*", re.I)


def strip_citations(sentence: str) -> str:
    """The sentence without citation markers, as the faithfulness check reads it."""
    return re.sub(r"\s+([.!?,;])", r"\1", CITATION.sub("", sentence)).strip()


def clean_artifacts(raw: str) -> str:
    """``raw`` without chat tokens ("<|im_end|>", "</s>")."""
    return _ARTIFACTS.sub(" ", raw)


def clean(raw: str) -> str:
    """Prose from a model's raw output: no chat tokens, headings, bullets or trailing fragment.

    A heading line the model adds (a title, "Summary:") is dropped; bullet items become
    sentences. When nothing ends in a sentence mark, the text is kept with a period added,
    so a short budget still yields a summary.
    """
    text = clean_artifacts(raw)
    lines = [re.sub(r"^\s*(?:[-*•]|\d+[.)]|#+)\s+", "", line).replace("**", "").strip()
             for line in text.splitlines()]
    lines = [line for line in lines if line]
    # A title line first (no sentence mark, few words) is not prose.
    if len(lines) > 1 and not re.search(r"[.!?]", lines[0]) and len(lines[0].split()) < 12:
        lines = lines[1:]
    # Inner lines (list items) end where the line does; the last may be a cut-off fragment.
    kept = [line if i == len(lines) - 1 or re.search(r"[.!?:;)\]]$", line) else line + "."
            for i, line in enumerate(lines)]
    text = _LEAD.sub("", " ".join(kept)).strip()
    sentences = split_text(text)
    if len(sentences) > 1 and not SENTENCE_END.search(sentences[-1]):
        sentences = sentences[:-1]  # cut off by the token budget
    text = " ".join(sentences).strip()
    if text and not SENTENCE_END.search(text):
        text += "."
    return text


# Sentences about the summary itself or echoing the instruction, which small models write
# when they lose track of the source ("The text is concise and easy to read.").
_META = re.compile(r"^(?:the|this|my|our) (?:text|summary|paragraph|passage|response|answer)\b"
                   r"|\b(?:in|into) (?:\d+|one|two|three|four|five|six|seven|eight) sentences\b"
                   r"|\bnumbers and names\b|\bcite (?:the )?pages?\b", re.I)


def is_meta(sentence: str) -> bool:
    """True for a sentence that talks about the summary or the task, not the document."""
    return bool(_META.search(sentence.strip()))
