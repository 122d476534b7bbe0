"""The command-line arguments that choose models and the device, shared by the subcommands
that load models: declared on a parser, read back as :class:`~mmsum.options.ModelOptions`."""
from __future__ import annotations

import argparse

from ..options import DEVICES, ModelOptions


def add_model_args(p: argparse.ArgumentParser) -> None:
    """Add ``--text-model``, ``--image-model``, ``--model``, ``--generator-backend``,
    ``--encoder-backend``, ``--device``
    and the download switch."""
    g = p.add_argument_group("models and device")
    g.add_argument("--text-model", metavar="SPEC",
                   help="sentence-transformers model: id or folder (default: bundled all-MiniLM-L6-v2)")
    g.add_argument("--image-model", metavar="SPEC",
                   help="image encoder: 'efficientnet-lite0' (bundled default), a CLIP/SigLIP id or "
                        "folder, or 'none' to turn the image encoder off")
    g.add_argument("--model", dest="generator", metavar="SPEC",
                   help="generator for --generate: Hugging Face id, local folder or .gguf file "
                        "(default: bundled SmolLM2-135M-Instruct)")
    g.add_argument("--generator-backend", "--backend", dest="generator_backend", default="auto",
                   choices=["auto", "llama.cpp", "transformers"],
                   help="how the generator runs: llama.cpp (GGUF files, needs the llamacpp extra) or "
                        "transformers (default: auto = llama.cpp for .gguf models when installed)")
    g.add_argument("--encoder-backend", dest="backend", default="auto",
                   choices=["auto", "onnx", "onnx-int8", "torch"],
                   help="how the encoders run: auto = ONNX Runtime with the 8-bit text encoder on the "
                        "CPU, PyTorch on a GPU; onnx = float32 text encoder; torch = PyTorch everywhere")
    g.add_argument("--device", default="auto", choices=list(DEVICES),
                   help="where models run (default: auto = CUDA, then MPS, then CPU)")
    net = g.add_mutually_exclusive_group()
    net.add_argument("--offline", dest="offline", action="store_true", default=True,
                     help="never download a model (default)")
    net.add_argument("--allow-download", dest="offline", action="store_false",
                     help="allow downloading a model that is named but not installed")


def model_options(args: argparse.Namespace) -> ModelOptions:
    """ModelOptions from parsed arguments (checked)."""
    return ModelOptions(text_model=args.text_model, image_model=args.image_model,
                        generator=args.generator, device=args.device, offline=args.offline,
                        generator_backend=getattr(args, "generator_backend", "auto"),
                        backend=getattr(args, "backend", "auto"),
                        figure_ocr=getattr(args, "figure_ocr", "auto")).validate()
