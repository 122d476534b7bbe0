"""Errors whose message is meant for the user: the CLI prints them, the UI shows them."""
from __future__ import annotations


class MmsumError(Exception):
    """A problem the user can act on; ``str(err)`` is the whole message, no traceback."""


class DocumentError(MmsumError):
    """The document cannot be read: missing, not a document, corrupt, encrypted, empty."""


class ModelError(MmsumError):
    """A model is not installed, cannot be loaded, or does not fit the device."""


class OutputError(MmsumError):
    """An output cannot be written: no permission, disk full, not a folder."""


class OptionsError(MmsumError):
    """An option's value cannot be used (a length of 0 words, an unknown device)."""
