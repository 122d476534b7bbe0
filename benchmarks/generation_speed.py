"""Generation speed: time to first token and tokens per second, same model and prompt, each backend.

    python benchmarks/generation_speed.py                 # bundled SmolLM2 GGUF, CPU
    python benchmarks/generation_speed.py --new-tokens 128 --repeats 3
    python benchmarks/generation_speed.py --model path/to/model.gguf --device auto

Backends measured: transformers (de-quantizing the GGUF), and llama.cpp when llama-cpp-python
is installed and the model is a GGUF file; both through mmsum's own generators, greedy, with
mmsum's constraints, on a fixed prompt of about 400 tokens. Each repeat starts from a cold
prompt (nothing cached). Time to first token is from the call to the first piece of text;
tokens per second counts the tokens after the first over the time after it. CPU seconds of
the whole process are reported beside wall time, since a shared machine makes wall time noisy.
Prints one row per backend and a final ``RESULT`` line.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SOURCE = [
    ("We propose FastNet, a convolutional network for image denoising that runs in real time.", 1),
    ("Noise in photographs taken at night hides detail and colour, and removing it is slow.", 1),
    ("Existing denoisers either blur fine texture or need seconds per image on a large GPU.", 1),
    ("FastNet uses residual blocks with 12 layers and is trained on 50,000 images from ImageNet.", 2),
    ("Each block predicts the noise and subtracts it from its input, so the network learns residuals.", 2),
    ("The loss is the mean squared error between the output and the clean image.", 3),
    ("Training takes 20 hours on one GPU with the Adam optimizer and a learning rate of 0.001.", 3),
    ("Noise levels between 5 and 50 are drawn at random for every batch, so one model serves all levels.", 3),
    ("On the BSD68 benchmark, FastNet reaches 29.4 dB PSNR, 0.3 dB above DnCNN.", 4),
    ("On the Kodak set the gain is 0.5 dB at noise level 50 and smaller at low noise.", 4),
    ("Structural similarity rises from 0.81 to 0.84 on the same images.", 4),
    ("Inference takes 8 ms per image on a GPU, three times faster than prior work.", 5),
    ("On a laptop CPU one megapixel image takes 0.4 seconds.", 5),
    ("The error falls by half when the noise level is known, as Fig. 3 shows.", 6),
    ("Ablations show that removing batch normalization costs 0.2 dB and slows training.", 6),
    ("Replacing the residual blocks by plain convolutions costs 0.6 dB.", 6),
    ("FastNet fails on structured noise such as JPEG blocking, which it was not trained on.", 7),
    ("Real camera noise, which depends on the signal, is left for future work.", 7),
    ("FastNet removes noise quickly and keeps fine detail; code and weights are released.", 7),
]
CAPTION = "Fig. 3 (p. 6): PSNR as a function of noise level for FastNet and DnCNN."
INSTRUCTION = "Summarize the text above in 5 sentences. Keep the numbers and names exactly as written."


def prompt():
    from mmsum.generate.backends import Prompt

    lines = [f"- {text} (p. {page})" for text, page in SOURCE] + [f"- {CAPTION}"]
    return Prompt(INSTRUCTION, "\n".join(lines))


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def bench(backend: str, spec: str | None, device: str, new_tokens: int, repeats: int) -> dict:
    from mmsum.generate import load_generator
    from mmsum.options import ModelOptions

    t, c = time.perf_counter(), _cpu()
    gen = load_generator(ModelOptions(generator=spec, device=device, generator_backend=backend))
    load_s, load_cpu = time.perf_counter() - t, _cpu() - c
    p = prompt()
    gen.generate(p, max_new_tokens=8)  # warm-up: first-call allocations and kernel selection
    ttfts, rates, cpus = [], [], []
    n = 0
    for _ in range(repeats):
        if hasattr(gen, "llm"):
            gen.llm.n_tokens = 0  # forget the cached prompt: every repeat reads it whole
        pieces: list[float] = []
        start, c = time.perf_counter(), _cpu()
        out = gen.generate(p, max_new_tokens=new_tokens, on_token=lambda s: pieces.append(time.perf_counter()))
        end = time.perf_counter()
        cpus.append(_cpu() - c)
        n = _count(gen, out)
        ttfts.append(pieces[0] - start)
        rates.append((n - 1) / max(end - pieces[0], 1e-9))
    return {"backend": gen.backend, "model": gen.name, "device": gen.device, "load_s": load_s, "load_cpu_s": load_cpu,
            "prompt_tokens": gen.count_tokens(p), "new_tokens": n, "ttft_s": statistics.median(ttfts),
            "tok_s": statistics.median(rates), "cpu_s": statistics.median(cpus)}


def _count(gen, text: str) -> int:
    if hasattr(gen, "tokenizer"):
        return len(gen.tokenizer(text, add_special_tokens=False)["input_ids"])
    return len(gen.llm.tokenize(text.encode(), add_bos=False))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", help="generator spec (default: the bundled SmolLM2 GGUF)")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--new-tokens", type=int, default=96)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, help="torch CPU threads (llama.cpp uses the CPUs it may run on)")
    args = ap.parse_args()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    from mmsum.generate.catalog import llama_cpp_available
    from mmsum.generate.resolve import resolve_generator
    from mmsum.options import ModelOptions

    rows = [bench("transformers", args.model, args.device, args.new_tokens, args.repeats)]
    resolved = resolve_generator(ModelOptions(generator=args.model))
    if resolved.gguf_file and llama_cpp_available():
        rows.append(bench("llama.cpp", args.model, args.device, args.new_tokens, args.repeats))
    elif resolved.gguf_file:
        print("llama.cpp: not measured (llama-cpp-python is not installed; pip install -e '.[llamacpp]')")
    print(f"{'backend':18} {'device':32} {'load s':>7} {'prompt':>7} {'new':>5} {'TTFT s':>7} {'tok/s':>7} "
          f"{'CPU s':>6}  model")
    for r in rows:
        print(f"{r['backend']:18} {r['device']:32} {r['load_s']:7.1f} {r['prompt_tokens']:7d} {r['new_tokens']:5d} "
              f"{r['ttft_s']:7.2f} {r['tok_s']:7.1f} {r['cpu_s']:6.1f}  {r['model']}")
    key = {"transformers-gguf": "transformers", "llama.cpp": "llamacpp"}
    print("RESULT " + " ".join(f"{key.get(r['backend'], r['backend'])}_{k}={r[k]:.2f}"
                               for r in rows for k in ("load_s", "ttft_s", "tok_s")))


if __name__ == "__main__":
    main()
