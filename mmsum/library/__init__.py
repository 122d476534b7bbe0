"""The library: documents summarized once and stored in one SQLite file (WAL) with their
sentences, figures and vectors, searchable across by text and by figure.

>>> report = add_to_library(Path("papers.sqlite"), [Path("~/papers").expanduser()])
>>> search_library(Path("papers.sqlite"), ["graph neural networks"], models=ModelOptions())

Importing this package loads no model.
"""
from .add import AddReport, add_to_library
from .location import default_library
from .store import DocumentRecord, Library, LibraryError

__all__ = ["AddReport", "DocumentRecord", "Library", "LibraryError", "add_to_library", "default_library"]
