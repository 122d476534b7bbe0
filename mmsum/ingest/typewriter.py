"""Monospaced (typewriter) type: how code, console sessions and program output are set."""
from __future__ import annotations

import re

import pymupdf

# monospaced fonts by name: TeX's cmtt and its slanted cmsltt (Sweave's input); the EC faces
# sftt, sfst (slanted), sfit (italic; "sfti" is the text italic) and their ec names; Latin
# Modern Mono, Courier, Nimbus Mono, DejaVu Sans Mono, TheSansMono, Consolas, Menlo,
# Inconsolata. TeX's fonts do not set MuPDF's monospaced flag.
MONO_FONT_RE = re.compile(r"mono|nimbusmon|courier|cm(?:sl|it)?tt|(?:ec|sf)(?:tt|st|it|vt)\d|lmtt|txtt|typewriter"
                          r"|consol|menlo|inconsolata", re.I)
CODE_SHARE = 0.8  # a block with at least this share of its characters in monospaced type is code


def mono_share(spans: list[dict]) -> float:
    """The share (0..1) of the characters of PyMuPDF ``spans`` set in a monospaced font, by
    MuPDF's flag or the font's name; spaces do not count."""
    chars = [(len(s["text"].strip()),
              bool(s.get("flags", 0) & pymupdf.TEXT_FONT_MONOSPACED) or bool(MONO_FONT_RE.search(s.get("font", ""))))
             for s in spans]
    total = sum(n for n, _ in chars)
    return sum(n for n, m in chars if m) / total if total else 0.0


def is_code(block) -> bool:
    """A text block (:class:`~.layout.Block`) is set (almost) wholly in monospaced type: code."""
    return block.mono >= CODE_SHARE
