"""Generation speed: time to first token and tokens per second, same prompt, each backend.

    python benchmarks/generation_speed.py                 # bundled SmolLM2 GGUF, device auto
    python benchmarks/generation_speed.py --device cpu --new-tokens 128 --repeats 3
    python benchmarks/generation_speed.py --model path/to/model.gguf

Backends measured: transformers (the one mmsum uses) on the chosen device, and llama.cpp
when llama-cpp-python is installed and the model is a GGUF file. Greedy decoding with
mmsum's settings; the prompt is a fixed grounded-summary prompt of a few hundred tokens.
Prints one row per backend and a final ``RESULT`` line.
"""
from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SOURCE = [
    ("We propose FastNet, a convolutional network for image denoising that runs in real time.", 1),
    ("Noise in photographs taken at night hides detail and colour, and removing it is slow.", 1),
    ("FastNet uses residual blocks with 12 layers and is trained on 50,000 images from ImageNet.", 2),
    ("Each block predicts the noise and subtracts it from its input, so the network learns residuals.", 2),
    ("The loss is the mean squared error between the output and the clean image.", 3),
    ("On the BSD68 benchmark, FastNet reaches 29.4 dB PSNR, 0.3 dB above DnCNN.", 4),
    ("On the Kodak set the gain is 0.5 dB at noise level 50 and smaller at low noise.", 4),
    ("Inference takes 8 ms per image on a GPU, three times faster than prior work.", 5),
    ("The error falls by half when the noise level is known, as Fig. 3 shows.", 6),
    ("Ablations show that removing batch normalization costs 0.2 dB and slows training.", 6),
    ("FastNet removes noise quickly and keeps fine detail; code and weights are released.", 7),
]
CAPTION = "Fig. 3 (p. 6): PSNR as a function of noise level for FastNet and DnCNN."


def prompt():
    from mmsum.generate.backends import Prompt
    from mmsum.generate.prompt import instruction

    lines = [f"- {text} (p. {page})" for text, page in SOURCE] + [f"- {CAPTION}"]
    return Prompt(instruction(5), "\n".join(lines))


def bench_transformers(spec: str | None, device: str, new_tokens: int, repeats: int) -> dict:
    from mmsum.generate import load_generator
    from mmsum.options import ModelOptions

    t = time.perf_counter()
    gen = load_generator(ModelOptions(generator=spec, device=device))
    load_s = time.perf_counter() - t
    p = prompt()
    gen.generate(p, max_new_tokens=8)  # warm-up: first-call allocations and kernel selection
    ttfts, rates = [], []
    n = 0
    for _ in range(repeats):
        first: list[float] = []
        start = time.perf_counter()
        out = gen.generate(p, max_new_tokens=new_tokens,
                           on_token=lambda s: first.append(time.perf_counter()) if not first else None)
        end = time.perf_counter()
        n = len(gen.tokenizer(out, add_special_tokens=False)["input_ids"])
        ttfts.append(first[0] - start)
        rates.append((n - 1) / (end - first[0]))
    return {"backend": gen.backend, "model": gen.name, "device": gen.device, "load_s": load_s,
            "prompt_tokens": gen.count_tokens(p), "new_tokens": n,
            "ttft_s": statistics.median(ttfts), "tok_s": statistics.median(rates)}


def bench_llama_cpp(path: str, new_tokens: int, repeats: int, threads: int | None) -> dict:
    from llama_cpp import Llama

    from mmsum.generate.backends import SYSTEM

    t = time.perf_counter()
    llm = Llama(model_path=path, n_ctx=4096, n_threads=threads, verbose=False)
    load_s = time.perf_counter() - t
    p = prompt()
    messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": p.user_message()}]
    llm.create_chat_completion(messages, max_tokens=8, temperature=0.0)
    ttfts, rates = [], []
    n = 0
    for _ in range(repeats):
        llm.reset()  # no prompt cache between repeats: measure the full prompt each time
        start = time.perf_counter()
        first = None
        n = 0
        for chunk in llm.create_chat_completion(messages, max_tokens=new_tokens, temperature=0.0, stream=True):
            if chunk["choices"][0]["delta"].get("content"):
                n += 1
                first = first or time.perf_counter()
        end = time.perf_counter()
        ttfts.append(first - start)
        rates.append((n - 1) / (end - first))
    prompt_tokens = len(llm.tokenize(p.user_message().encode()))
    return {"backend": "llama.cpp", "model": os.path.basename(path), "device": f"cpu ({threads or 'auto'} threads)",
            "load_s": load_s, "prompt_tokens": prompt_tokens, "new_tokens": n,
            "ttft_s": statistics.median(ttfts), "tok_s": statistics.median(rates)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", help="generator spec (default: the bundled SmolLM2 GGUF)")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--new-tokens", type=int, default=96)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--threads", type=int, help="CPU threads (torch and llama.cpp); default: theirs")
    args = ap.parse_args()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    rows = [bench_transformers(args.model, args.device, args.new_tokens, args.repeats)]
    from mmsum.generate.resolve import resolve_generator
    from mmsum.options import ModelOptions
    from mmsum.generate.catalog import llama_cpp_available

    resolved = resolve_generator(ModelOptions(generator=args.model))
    if resolved.gguf_file and llama_cpp_available():
        rows.append(bench_llama_cpp(str(resolved.path), args.new_tokens, args.repeats, args.threads))
    elif resolved.gguf_file:
        print("llama.cpp: not measured (llama-cpp-python is not installed; pip install mmsum[llamacpp])")
    print(f"{'backend':18} {'device':18} {'load s':>7} {'prompt':>7} {'new':>5} {'TTFT s':>7} {'tok/s':>7}  model")
    for r in rows:
        print(f"{r['backend']:18} {r['device']:18} {r['load_s']:7.1f} {r['prompt_tokens']:7d} {r['new_tokens']:5d} "
              f"{r['ttft_s']:7.2f} {r['tok_s']:7.1f}  {r['model']}")
    print("RESULT " + " ".join(f"{r['backend']}_{k}={r[k]:.2f}" for r in rows for k in ("ttft_s", "tok_s")))


if __name__ == "__main__":
    main()
