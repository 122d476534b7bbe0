"""Shared fixtures. Tests never touch the network: the Hugging Face hub is forced offline."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "docbank-dev"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The development corpus of real papers; tests that need it skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/docbank-dev is not present")
    return CORPUS
