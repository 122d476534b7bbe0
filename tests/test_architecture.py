"""The boundaries the design relies on, checked on every test run: the core imports no Qt and
nothing of the app, and each stage imports only the stages below it (import-linter contracts
in pyproject.toml)."""
from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    cli = pytest.importorskip("importlinter.cli", reason="import-linter is not installed (pip install -e .[dev])")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert code == 0, out.getvalue()
    assert "0 broken" in out.getvalue()
