"""``mmsum models``: which models are available, and which one each role will use."""
from __future__ import annotations

import argparse

from ..errors import ModelError
from ..options import ModelOptions


def _size(n: int | None) -> str:
    if not n:
        return ""
    return f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


def available(options: ModelOptions) -> list[dict]:
    """Rows {role, name, source, path, size_bytes, selected} for every model mmsum could use."""
    from ..models import (BUNDLED_IMAGE, BUNDLED_TEXT, bundled_image_weights, bundled_text_path, cached_models,
                          resolve_image_model, resolve_text_model)

    rows = []
    text = bundled_text_path()
    rows.append({"role": "text", "name": BUNDLED_TEXT, "source": "bundled" if text else "not installed",
                 "path": str(text or ""), "size_bytes": sum(p.stat().st_size for p in text.rglob("*") if p.is_file())
                 if text else None})
    image = bundled_image_weights()
    rows.append({"role": "image", "name": BUNDLED_IMAGE, "source": "bundled" if image else "not installed",
                 "path": str(image or ""), "size_bytes": image.stat().st_size if image else None})
    rows.append(_ocr_row())
    rows += [{**m, "source": "cache"} for m in cached_models()]
    for role, resolve, spec in (("text", resolve_text_model, options.text_model),
                                ("image", resolve_image_model, options.image_model)):
        try:
            chosen = resolve(spec, options.offline)
        except ModelError:
            continue
        for r in rows:
            if r["role"] == role and r["name"] == chosen.name:
                r["selected"] = True
    try:
        from ..generate.catalog import describe_generators
    except ImportError:
        describe_generators = None
    if describe_generators is not None:
        for g in describe_generators(options):
            rows.append({"role": "generator", "name": g.get("name"), "source": g.get("backend", ""),
                         "path": str(g.get("path") or ""), "size_bytes": g.get("size_bytes"),
                         "selected": g.get("selected"), "problem": g.get("problem")})
    return rows


def _ocr_row() -> dict:
    """The OCR engine: PP-OCR models bundled in the rapidocr wheel (not loaded here)."""
    from pathlib import Path

    from ..ingest.ocr import engine_available, engine_name

    problem = engine_available()
    path, size = "", None
    if problem is None:
        import importlib.util

        spec = importlib.util.find_spec("rapidocr")
        models = Path(spec.origin).parent / "models" if spec and spec.origin else None
        if models is not None and models.is_dir():
            path = str(models)
            size = sum(p.stat().st_size for p in models.glob("*.onnx"))
    return {"role": "ocr", "name": engine_name(), "source": "bundled" if problem is None else "not installed",
            "path": path, "size_bytes": size, "selected": problem is None, "problem": problem}


def selection(options: ModelOptions) -> dict[str, str]:
    """Role -> what it will use, or why it cannot be used."""
    from ..models import resolve_image_model, resolve_text_model

    out = {}
    for role, resolve, spec in (("text", resolve_text_model, options.text_model),
                                ("image", resolve_image_model, options.image_model)):
        try:
            r = resolve(spec, options.offline)
            out[role] = f"{r.name} ({r.source}{'' if r.source == 'off' else ', ' + r.kind})" + \
                (f" - {r.warning}" if r.warning else "")
        except ModelError as err:
            out[role] = f"unavailable: {err}"
    return out


def run(args: argparse.Namespace) -> int:
    """Print the catalogue and each role's choice; 1 when a configured model is missing."""
    from .model_args import model_options

    options = model_options(args)
    rows = available(options)
    chosen = selection(options)
    gen_rows = [r for r in rows if r["role"] == "generator"]
    sel = next((r for r in gen_rows if r.get("selected")), None)
    if sel is not None and sel.get("problem"):
        chosen["generator"] = f"unavailable: {sel['name']} ({sel['problem']})"
    elif sel is not None:
        chosen["generator"] = f"{sel['name']} (backend: {sel['source']})"
    else:
        chosen["generator"] = ("unavailable: generation is not available in this build"
                               if not gen_rows else "none selected")
    print("Available models:")
    width = max(len(str(r["name"])) for r in rows)
    for r in rows:
        mark = "*" if r.get("selected") else " "
        problem = f"  ({r['problem']})" if r.get("problem") else ""
        print(f" {mark} {r['role']:9} {str(r['name']):{width}}  {r['source']:13} {_size(r['size_bytes']):>8}  "
              f"{r['path']}{problem}")
    ocr = next(r for r in rows if r["role"] == "ocr")
    print("\nEach role will use:")
    for role in ("text", "image", "generator"):
        print(f"  {role:9} {chosen[role]}")
    try:
        from ..generate.catalog import backend_note
    except ImportError:
        backend_note = None
    note = backend_note(options) if backend_note is not None and sel is not None else None
    if note and str(sel.get("source", "")).endswith("gguf"):
        print(f"  {'':9} note: {note}")
    print(f"  {'ocr':9} {ocr['name'] + ' (pages without a usable text layer)' if not ocr['problem'] else 'unavailable: ' + ocr['problem']}")
    print(f"\ndownloads: {'off (--allow-download to permit)' if options.offline else 'allowed'}; "
          f"device: {options.device}")
    # the generator counts only when one was named: extractive summaries need none
    missing = [k for k, v in chosen.items() if v.startswith("unavailable") and (k != "generator" or options.generator)]
    return 1 if missing else 0
