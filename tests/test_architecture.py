"""The boundaries the design relies on, checked on every test run: the core imports no Qt and
nothing of the app, each layer imports only the layers below it (import-linter contracts in
pyproject.toml), and no two packages of the core import each other. import-linter (and grimp,
which it uses) come with the development install: without them these tests fail, not skip."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# in a child process: import-linter reconfigures logging (it disables the loggers that exist)
LINT = ("import sys; from importlinter.cli import lint_imports; "
        "sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))")


def _need(module: str) -> None:
    try:
        __import__(module)
    except ImportError:
        pytest.fail(f"{module} is not installed: the architecture is unchecked (pip install -e '.[dev]')")


def test_import_contracts_hold():
    _need("importlinter")
    proc = subprocess.run([sys.executable, "-c", LINT, str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_the_layers_name_every_package_of_the_core():
    text = (ROOT / "pyproject.toml").read_text()
    layers = text[text.index("layers = ["):].split("]", 1)[0]
    named = set(re.findall(r"mmsum\.[a-z_]+", layers))
    packages = {f"mmsum.{p.name}" for p in (ROOT / "mmsum").iterdir() if (p / "__init__.py").is_file()}
    assert packages - named == set()
    assert {"mmsum.options", "mmsum.pages", "mmsum.models", "mmsum.pipeline", "mmsum.prepare"} <= named


def test_no_two_packages_or_modules_of_the_core_import_each_other():
    _need("grimp")
    import grimp

    graph = grimp.build_graph("mmsum", cache_dir=None)
    packages = sorted(m for m in graph.modules if m.count(".") == 1)  # packages and top-level modules
    circles = [(a, b) for i, a in enumerate(packages) for b in packages[i + 1:]
               if graph.chain_exists(importer=a, imported=b, as_packages=True)
               and graph.chain_exists(importer=b, imported=a, as_packages=True)]
    assert circles == []
