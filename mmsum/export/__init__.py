"""Markdown and JSON writers (atomic)."""
