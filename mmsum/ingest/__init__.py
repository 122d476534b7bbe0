"""Turning a document file into a :class:`~mmsum.document.Document`: text with provenance,
sections, figures (raster and vector) with captions and the sentences that cite them."""
from .reader import read_document

__all__ = ["read_document"]
