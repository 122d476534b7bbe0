"""The boundaries the design relies on, checked on every test run: the core imports no Qt and
nothing of the app, and each stage imports only the stages below it (import-linter contracts
in pyproject.toml)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# in a child process: import-linter reconfigures logging (it disables the loggers that exist)
LINT = ("import sys; from importlinter.cli import lint_imports; "
        "sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))")


def test_import_contracts_hold():
    pytest.importorskip("importlinter", reason="import-linter is not installed (pip install -e .[dev])")
    proc = subprocess.run([sys.executable, "-c", LINT, str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout
