"""Turning a document file into a :class:`~mmsum.document.Document`."""
