"""Check mmsum's encoders on an accelerator against the CPU: device choice, agreement, speed.

    python benchmarks/device_check.py [--text-model DIR] [--image-weights FILE.pth] [--n 512]

Prints the device that ``--device auto`` picks, then encodes the same sentences (and random
images) on that device and on the CPU, and reports the cosine agreement of the vectors and the
time each took. Generation on the accelerator is checked by ``tests/test_generate.py`` (its
CUDA test runs where a GPU is present) and timed by ``benchmarks/generation_speed.py``.
"""
from __future__ import annotations

import argparse
import os
import random
import time

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _sentences(n: int) -> list[str]:
    rng = random.Random(0)
    words = ("energy battery node radio sleep current transmission figure network adaptive "
             "policy interval moisture sensor relay cycle voltage budget season lattice crack "
             "rigidity simulation model error").split()
    return [" ".join(rng.choice(words) for _ in range(rng.randint(8, 40))).capitalize() + "."
            for _ in range(n)]


def _pngs(n: int) -> list[bytes] | None:
    """Random RGB images as PNG bytes; None where PyMuPDF (the image decoder) is missing."""
    try:
        import pymupdf
    except ImportError:
        return None
    rng = np.random.default_rng(0)
    return [pymupdf.Pixmap(pymupdf.csRGB, 240, 180, rng.integers(0, 255, 240 * 180 * 3, dtype=np.uint8).tobytes(),
                           False).tobytes("png") for _ in range(n)]


def _agreement(a: np.ndarray, b: np.ndarray) -> float:
    """Smallest cosine between matching rows (rows are unit vectors)."""
    return float(np.min(np.sum(a * b, axis=1)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--text-model", help="sentence-transformers folder (default: bundled)")
    ap.add_argument("--image-weights", help="EfficientNet-Lite0 .pth (default: bundled)")
    ap.add_argument("--n", type=int, default=512, help="sentences to encode")
    a = ap.parse_args()

    import torch

    from mmsum.device import resolve_device
    from mmsum.embed.image import load_image_encoder
    from mmsum.embed.text import load_text_encoder
    from mmsum.models import ResolvedModel, resolve_image_model, resolve_text_model

    dev = resolve_device("auto")
    print(f"torch {torch.__version__}; auto device: {dev.describe()}"
          + (f" ({torch.cuda.get_device_name(0)})" if dev.name.startswith("cuda") else ""))
    text_spec = (ResolvedModel("text", "all-MiniLM-L6-v2 (local copy)", "sentence-transformers", a.text_model, "local")
                 if a.text_model else resolve_text_model(None))
    image_spec = (ResolvedModel("image", "efficientnet-lite0 (local copy)", "efficientnet", a.image_weights, "local")
                  if a.image_weights else resolve_image_model(None))
    texts, pngs = _sentences(a.n), _pngs(32)
    results = {}
    for name in dict.fromkeys([dev.name, "cpu"]):
        t0 = time.perf_counter()
        text = load_text_encoder(text_spec, name)
        image = load_image_encoder(image_spec, name) if pngs else None
        t_load = time.perf_counter() - t0
        t0 = time.perf_counter()
        text.encode(texts)  # first pass: kernels chosen per batch shape, allocator grows
        t_first = time.perf_counter() - t0
        t0 = time.perf_counter()
        tv = text.encode(texts)
        t_text = time.perf_counter() - t0
        t0 = time.perf_counter()
        iv = image.encode_images(pngs) if image else None
        t_img = time.perf_counter() - t0
        results[name] = (tv, iv)
        print(f"{name:6} load {t_load:5.2f}s  text {len(texts)} sentences {t_text:6.3f}s "
              f"({len(texts) / t_text:7.1f}/s; first pass {t_first:.3f}s)  " + (f"images {len(pngs)} {t_img:6.3f}s" if image
                                                    else "images skipped (no PyMuPDF to decode them)"))
    if dev.name != "cpu":
        (tg, ig), (tc, ic) = results[dev.name], results["cpu"]
        print(f"agreement {dev.name} vs cpu: text min cosine {_agreement(tg, tc):.5f}"
              + (f", image min cosine {_agreement(ig, ic):.5f}" if ig is not None else ""))
    try:  # the CPU's default path: ONNX Runtime (exported into mmsum's cache folder if needed)
        from mmsum.embed.onnx_text import load_onnx_text_encoder

        onnx = load_onnx_text_encoder(text_spec)
        t0 = time.perf_counter()
        to = onnx.encode(texts)
        t_onnx = time.perf_counter() - t0
        print(f"onnx   text {len(texts)} sentences {t_onnx:6.3f}s ({len(texts) / t_onnx:7.1f}/s); "
              + ", ".join(f"min cosine to torch {name} {_agreement(to, results[name][0]):.5f}" for name in results))
    except Exception as err:  # noqa: BLE001 - a benchmark reports and goes on
        print(f"onnx   unavailable: {err}")


if __name__ == "__main__":
    main()
