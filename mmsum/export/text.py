"""Text as the exports write it: Markdown's syntax characters escaped, image links, and file
names made writable as UTF-8. One definition for the summary's Markdown, the tables' files
and the library's export.
"""
from __future__ import annotations

import re
from urllib.parse import quote

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def escape(text: str) -> str:
    """``text`` with Markdown syntax characters escaped, on one line."""
    text = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return re.sub(r"^([#+-]|\d+\.)(\s)", r"\\\1\2", text)


def image_link(alt: str, path: str) -> str:
    """A Markdown image, ``![alt](path)``: the alt text on one line with Markdown's syntax
    characters escaped (a "]" or "*" in a description cannot end or restyle it), the path
    (relative, "/" between folders) percent-encoded."""
    return f"![{escape(alt)}]({quote(path)})"


def valid_utf8(text: str) -> str:
    """``text`` with the undecodable bytes of a file name (surrogate escapes, from a name
    written on another system) shown as "?", so that it can be written as UTF-8."""
    return text.encode("utf-8", "replace").decode("utf-8")
