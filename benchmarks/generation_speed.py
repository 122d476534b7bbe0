"""Generation speed: time to first token and tokens per second, same model and prompt, each backend.

    python benchmarks/generation_speed.py                 # bundled SmolLM2 GGUF, CPU
    python benchmarks/generation_speed.py --new-tokens 128 --repeats 3
    python benchmarks/generation_speed.py --model path/to/model.gguf --device auto

Backends measured: transformers (de-quantizing the GGUF), and llama.cpp when llama-cpp-python
is installed and the model is a GGUF file; both through mmsum's own generators, greedy, with
mmsum's constraints, on a fixed prompt of 403 tokens (template included). Each repeat starts
from a cold prompt (nothing cached). Time to first token is from the call to the first piece
of text; tokens per second counts the tokens after the first over the time after it. CPU
seconds of the whole process (all its threads) are reported beside wall time, for the whole
call and to the first token (``ttft_cpu_s``), since a shared machine makes wall time noisy.

What a user waits for after the click is measured too (``click_*``): a generated summary is
written one sentence at a time from one source sentence (:mod:`mmsum.generate.rewrite`), a
prompt of about 80 tokens whose beginning (system message, template) is the same for every
sentence and stays cached; ``click_ttft_s`` is the median time to the first token of such a
call and ``click_sentence_s`` the median time to its whole sentence, over the source's
sentences, the model loaded.

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
]
CAPTION = "Fig. 3 (p. 4): PSNR as a function of noise level for FastNet and DnCNN."
INSTRUCTION = "Summarize the text above in 5 sentences. Keep the numbers and names exactly as written."


def prompt():
    from mmsum.generate.generator import Prompt

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
    ttfts, rates, cpus, ttft_cpus = [], [], [], []
    n = 0
    for _ in range(repeats):
        if hasattr(gen, "llm"):
            gen.llm.n_tokens = 0  # forget the cached prompt: every repeat reads it whole
        pieces: list[float] = []
        first_cpu: list[float] = []

        def seen(_: str) -> None:
            pieces.append(time.perf_counter())
            if not first_cpu:
                first_cpu.append(_cpu())

        start, c = time.perf_counter(), _cpu()
        out = gen.generate(p, max_new_tokens=new_tokens, on_token=seen)
        end = time.perf_counter()
        cpus.append(_cpu() - c)
        ttft_cpus.append(first_cpu[0] - c)
        n = _count(gen, out)
        ttfts.append(pieces[0] - start)
        rates.append((n - 1) / max(end - pieces[0], 1e-9))
    click_ttft, click_sentence = click(gen)
    return {"backend": gen.backend, "model": gen.name, "device": gen.device, "load_s": load_s, "load_cpu_s": load_cpu,
            "prompt_tokens": gen.count_tokens(p), "new_tokens": n, "ttft_s": statistics.median(ttfts),
            "ttft_cpu_s": statistics.median(ttft_cpus),
            "tok_s": statistics.median(rates), "cpu_s": statistics.median(cpus), "click_ttft_s": click_ttft,
            "click_sentence_s": click_sentence}


def click(gen) -> tuple[float, float]:
    """Median seconds to the first token and to the whole sentence of one summary sentence's
    call, as :func:`mmsum.generate.rewrite.rewrite` makes it, over the source sentences."""
    from mmsum.generate.generator import Prompt
    from mmsum.generate.rewrite import INSTRUCTIONS, budget_tokens, sentence_done

    firsts, wholes = [], []
    for text, _ in SOURCE:
        pieces: list[float] = []
        start = time.perf_counter()
        gen.generate(Prompt(INSTRUCTIONS[0], text), max_new_tokens=budget_tokens(text), vocabulary=text,
                     stop=sentence_done, on_token=lambda s: pieces.append(time.perf_counter()))
        if pieces:
            firsts.append(pieces[0] - start)
            wholes.append(time.perf_counter() - start)
    return statistics.median(firsts), statistics.median(wholes)


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
    ap.add_argument("--backend", choices=("both", "transformers", "llama.cpp"), default="both",
                    help="measure one backend only (transformers alone takes minutes on a busy CPU)")
    ap.add_argument("--threads", type=int, help="CPU threads for torch and llama.cpp (default: the CPUs it may run on)")
    args = ap.parse_args()
    if args.threads:
        import torch

        os.environ["OMP_NUM_THREADS"] = str(args.threads)  # llama.cpp's thread count follows it
        torch.set_num_threads(args.threads)
    from mmsum.generate.catalog import llama_cpp_available
    from mmsum.generate.resolve import resolve_generator
    from mmsum.options import ModelOptions

    rows = []
    if args.backend in ("both", "transformers"):
        rows.append(bench("transformers", args.model, args.device, args.new_tokens, args.repeats))
    resolved = resolve_generator(ModelOptions(generator=args.model))
    if args.backend == "transformers":
        pass
    elif resolved.gguf_file and llama_cpp_available():
        rows.append(bench("llama.cpp", args.model, args.device, args.new_tokens, args.repeats))
    elif resolved.gguf_file:
        print("llama.cpp: not measured (llama-cpp-python is not installed; pip install -e '.[llamacpp]')")
    print(f"{'backend':18} {'device':32} {'load s':>7} {'prompt':>7} {'new':>5} {'TTFT s':>7} {'tok/s':>7} "
          f"{'CPU s':>6} {'TTFT CPU s':>10} {'click TTFT':>10} {'click sent.':>11}  model")
    for r in rows:
        print(f"{r['backend']:18} {r['device']:32} {r['load_s']:7.1f} {r['prompt_tokens']:7d} {r['new_tokens']:5d} "
              f"{r['ttft_s']:7.2f} {r['tok_s']:7.1f} {r['cpu_s']:6.1f} {r['ttft_cpu_s']:10.2f} {r['click_ttft_s']:10.2f} "
              f"{r['click_sentence_s']:11.2f}  {r['model']}")
    key = {"transformers-gguf": "transformers", "llama.cpp": "llamacpp"}
    print("RESULT " + " ".join(f"{key.get(r['backend'], r['backend'])}_{k}={r[k]:.2f}"
                               for r in rows for k in ("load_s", "ttft_s", "ttft_cpu_s", "tok_s", "click_ttft_s", "click_sentence_s")))


if __name__ == "__main__":
    main()
