"""Generators: local language models behind one small streaming interface.

``load_generator`` resolves the model (bundled GGUF, local file or folder, cached or
downloaded hub model), picks the backend and the device once (``mmsum.device``) and returns a
:class:`Generator`. A GGUF file runs on llama.cpp when ``llama-cpp-python`` is installed
(:mod:`.llamacpp`), else through transformers, which de-quantizes it; every other model runs
through transformers. Causal models are prompted through their chat template when they have
one; seq2seq summarizers (BART, T5, PEGASUS) read the source text alone.
"""
from __future__ import annotations

import logging

from ..device import DeviceInfo, resolve_device
from ..errors import ModelError
from ..options import ModelOptions
from ..progress import Cancelled, CancelFn, ProgressFn, check, no_progress
from .catalog import is_generator_config, llama_cpp_available
from .constraints import SourceConstraints
from .generator import CONTEXT_CAP, SYSTEM, Generator, Prompt, first_line
from .resolve import ResolvedGenerator, resolve_generator
from .streaming import StopFn, TokenFn, callback_streamer, cancel_criteria, constraint_processor, stop_criteria

log = logging.getLogger(__name__)

# Small models loop without a guard. A repetition penalty (and transformers' own n-gram block)
# also counts the prompt's words as "already said" and pushes the model away from the source
# (SmolLM2-135M then invents numbers and names), so only n-grams repeated within the answer
# are blocked (:mod:`.constraints`).
REPETITION_PENALTY = 1.0
BACKENDS = ("auto", "llama.cpp", "transformers")


def _is_oom(err: BaseException) -> bool:
    import torch

    return isinstance(err, torch.OutOfMemoryError) or "out of memory" in str(err).lower()


class TransformersGenerator(Generator):
    """A transformers model (safetensors folder, hub snapshot or GGUF) on one device."""

    def __init__(self, resolved: ResolvedGenerator, model, tokenizer, info: DeviceInfo, backend: str):
        super().__init__(resolved.name, info.describe(), _context_tokens(model, tokenizer), backend)
        self.model, self.tokenizer, self.info = model, tokenizer, info
        self.seq2seq = bool(getattr(model.config, "is_encoder_decoder", False))
        self.chat = not self.seq2seq and bool(getattr(tokenizer, "chat_template", None))

    # -- prompts ------------------------------------------------------------------------------
    def _prefix(self) -> str:
        """T5-style models expect a task prefix; BART and PEGASUS summarizers need none."""
        params = getattr(self.model.config, "task_specific_params", None) or {}
        prefix = (params.get("summarization") or {}).get("prefix")
        if prefix is None and getattr(self.model.config, "model_type", "") in {"t5", "mt5", "umt5", "longt5"}:
            prefix = "summarize: "
        return prefix or ""

    def encode(self, prompt: Prompt | str) -> list[int]:
        """Token ids of the model input for ``prompt``."""
        if isinstance(prompt, str):
            prompt = Prompt("", prompt)
        if self.seq2seq:
            return self.tokenizer(self._prefix() + prompt.source)["input_ids"]
        user = prompt.user_message()
        if self.chat:
            messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]
            ids = self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=True)
            if isinstance(ids, dict) or hasattr(ids, "keys"):  # some versions return a BatchEncoding
                ids = ids["input_ids"]
            return list(ids)
        return self.tokenizer(f"{user}\n\nSummary:")["input_ids"]

    def count_tokens(self, prompt: Prompt | str) -> int:
        return len(self.encode(prompt))

    # -- generation ---------------------------------------------------------------------------
    def _text_ids(self, text: str) -> list[int]:
        return self.tokenizer(text, add_special_tokens=False)["input_ids"]

    def _pieces(self, ids) -> dict[int, str]:
        """Each token's text as it reads after a word, leading space included (decoded after
        an anchor token: SentencePiece drops a leading space when a token is decoded alone)."""
        anchor = self._text_ids("a")[:1]
        base = self.tokenizer.decode(anchor)
        return {t: self.tokenizer.decode(anchor + [t])[len(base):] for t in ids}

    def generate(self, prompt: Prompt | str, *, max_new_tokens: int = 256, on_token: TokenFn | None = None,
                 cancel: CancelFn | None = None, vocabulary: str | None = None,
                 stop: StopFn | None = None, avoid: str | None = None, avoid_sources: str = "") -> str:
        check(cancel)
        ids = self.encode(prompt)
        ends = [t for t in (self.tokenizer.eos_token_id, _im_end(self.tokenizer)) if t is not None]
        rules = self._source_constraints(vocabulary, ends, avoid, avoid_sources)
        # Keep the input inside the window; the caller sizes prompts, this is the last guard.
        # A causal prompt keeps its end, where the template opens the answer.
        if self.seq2seq:
            ids = ids[:self.context_tokens]
        else:
            room = max(self.context_tokens - max_new_tokens, self.context_tokens // 2)
            if len(ids) > room:
                ids = ids[:room - 32] + ids[-32:]
            max_new_tokens = min(max_new_tokens, self.context_tokens - len(ids))
        try:
            return self._run(ids, max_new_tokens, on_token, cancel, rules, stop)
        except Cancelled:
            raise
        except Exception as err:  # noqa: BLE001 - out of memory is handled; the rest is reported
            if not (self.info.name != "cpu" and _is_oom(err)):
                raise ModelError(f"generator {self.name} failed on {self.device}: {first_line(err)}") from err
            # Text already streamed is streamed again from the start on the CPU.
            self._fall_back_to_cpu(err)
            return self._run(ids, max_new_tokens, on_token, cancel, rules, stop)

    def _run(self, ids: list[int], max_new_tokens: int, on_token: TokenFn | None, cancel: CancelFn | None,
             rules: SourceConstraints | None = None, stop: StopFn | None = None) -> str:
        import torch

        input_ids = torch.tensor([ids], device=self.model.device)
        pad = self.tokenizer.pad_token_id
        if pad is None:
            pad = self.tokenizer.eos_token_id
        # the answer starts after the prompt (causal) or after the decoder's start token
        start = 1 if self.seq2seq else len(ids)
        rules = rules or SourceConstraints(None)
        constrain = constraint_processor(start, rules, self.model.config.vocab_size, self.tokenizer)
        kwargs = dict(input_ids=input_ids, attention_mask=torch.ones_like(input_ids),
                      max_new_tokens=max_new_tokens, do_sample=False, num_beams=1,
                      repetition_penalty=REPETITION_PENALTY, logits_processor=[constrain],
                      stopping_criteria=[cancel_criteria(cancel)], pad_token_id=pad)
        if stop is not None:
            kwargs["stopping_criteria"].append(stop_criteria(self.tokenizer, start, stop))
        if on_token is not None:
            kwargs["streamer"] = callback_streamer(self.tokenizer, on_token, cancel)
        with torch.inference_mode():
            out = self.model.generate(**kwargs)
        check(cancel)  # the stopping criterion ended generation early: report it as such
        new = out[0] if self.seq2seq else out[0][len(ids):]
        return self.tokenizer.decode(new, skip_special_tokens=True)

    def _fall_back_to_cpu(self, err: BaseException) -> None:
        import torch

        message = (f"generator {self.name} ran out of memory on {self.device}; "
                   f"continuing on the CPU (float32), which is slower")
        log.warning("%s (%s)", message, first_line(err))
        self.model = self.model.to(device="cpu", dtype=torch.float32)
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
        self.info = DeviceInfo("cpu", "float32")
        self.device = self.info.describe()
        self.warnings.append(message)


def _im_end(tokenizer) -> int | None:
    """The id of a chat template's end-of-turn token, when the vocabulary has one."""
    for name in ("<|im_end|>", "<|eot_id|>", "<end_of_turn>"):
        tid = tokenizer.convert_tokens_to_ids(name)
        if isinstance(tid, int) and tid != tokenizer.unk_token_id:
            return tid
    return None


def _context_tokens(model, tokenizer) -> int:
    """The model's window, capped; T5-style relative positions fall back to the tokenizer's."""
    config = model.config
    for key in ("max_position_embeddings", "n_positions", "max_sequence_length", "seq_length"):
        value = getattr(config, key, None)
        if isinstance(value, int) and value > 0:
            return min(value, CONTEXT_CAP)
    value = getattr(tokenizer, "model_max_length", None)
    return min(value, CONTEXT_CAP) if isinstance(value, int) and 0 < value < 10**6 else 512


def _torch_dtype(name: str):
    import torch

    return {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}[name]


def choose_backend(resolved: ResolvedGenerator, requested: str, info: DeviceInfo) -> str:
    """"llama.cpp" or "transformers" for ``resolved``; ModelError when the request cannot be met.

    ``auto``: llama.cpp for a GGUF file when it is installed and can use the device (any CPU;
    a GPU only when the build offloads to GPUs, since transformers on the GPU beats llama.cpp
    on the CPU for models worth a GPU); transformers otherwise.
    """
    requested = (requested or "auto").lower()
    if requested not in BACKENDS:
        raise ModelError(f"unknown generator backend {requested!r}; choose one of {', '.join(BACKENDS)}")
    if requested == "transformers":
        return "transformers"
    if requested == "llama.cpp":
        if not resolved.gguf_file:
            raise ModelError(f"the llama.cpp backend runs .gguf models; {resolved.name} is not one")
        if not llama_cpp_available():
            raise ModelError("the llama.cpp backend is not installed: pip install 'mmsum[llamacpp]' "
                             "(or pip install llama-cpp-python)")
        return "llama.cpp"
    if resolved.gguf_file and llama_cpp_available():
        if info.name == "cpu":
            return "llama.cpp"
        from .llamacpp import gpu_offload_supported

        if gpu_offload_supported():
            return "llama.cpp"
    return "transformers"


def load_generator(model_options: ModelOptions, progress: ProgressFn | None = None) -> Generator:
    """Load the generator that ``model_options`` names, on the device it asks for.

    ``None`` means the bundled SmolLM2-135M-Instruct GGUF; the backend follows
    :func:`choose_backend`. Raises :class:`ModelError` naming
    the model asked for and those installed when it cannot be found or loaded. Out of memory
    on a GPU falls back to the CPU, recorded in ``Generator.warnings``.
    """
    progress = progress or no_progress
    resolved = resolve_generator(model_options, progress)
    info = resolve_device(model_options.device)
    backend = choose_backend(resolved, getattr(model_options, "generator_backend", "auto"), info)
    progress(0.1, f"loading generator {resolved.name} ({backend})")
    if backend == "llama.cpp":
        from .llamacpp import load_llama_cpp

        gen = load_llama_cpp(resolved, info)
        progress(1.0, f"generator {gen.name} on {gen.device}")
        return gen
    try:
        model, tokenizer = _load_transformers(resolved, info)
    except ModelError:
        raise
    except Exception as err:  # noqa: BLE001 - transformers raises many kinds; the user needs one line
        raise ModelError(f"cannot load generator {resolved.name} from {resolved.path}: {first_line(err)}") from None
    backend = "transformers-gguf" if resolved.gguf_file else "transformers"
    warnings: list[str] = []
    if info.name != "cpu":
        try:
            model = model.to(info.name)
        except Exception as err:  # noqa: BLE001
            if not _is_oom(err):
                raise ModelError(f"cannot move generator {resolved.name} to {info.name}: {err}") from None
            model = model.to(device="cpu", dtype=_torch_dtype("float32"))
            warnings.append(f"generator {resolved.name} does not fit in {info.name} memory; "
                            f"running it on the CPU (float32), which is slower")
            log.warning(warnings[-1])
            info = DeviceInfo("cpu", "float32")
    model.eval()
    gen = TransformersGenerator(resolved, model, tokenizer, info, backend)
    gen.warnings.extend(warnings)
    progress(1.0, f"generator {gen.name} on {gen.device}")
    return gen


def _load_transformers(resolved: ResolvedGenerator, info: DeviceInfo):
    """Model and tokenizer from local files only (downloads happened in ``resolve``)."""
    from transformers.utils import logging as hf_logging

    kwargs = {"local_files_only": True}
    if resolved.gguf_file:
        kwargs["gguf_file"] = resolved.gguf_file
    # transformers' own progress bars would interleave with mmsum's on stderr.
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    quiet = _quiet_gguf_bar() if resolved.gguf_file else None
    try:
        return _from_pretrained(resolved, info, kwargs)
    finally:
        if bars:
            hf_logging.enable_progress_bar()
        if quiet is not None:
            quiet()


def _quiet_gguf_bar():
    """Silence the GGUF de-quantizing bar; returns a function that restores it, or None.

    transformers draws that bar with plain tqdm, which ignores its own progress-bar switch.
    """
    try:
        import functools

        import transformers.modeling_gguf_pytorch_utils as gguf_utils
    except ImportError:
        return None
    original = getattr(gguf_utils, "tqdm", None)
    if original is None:
        return None
    gguf_utils.tqdm = functools.partial(original, disable=True)

    def restore() -> None:
        gguf_utils.tqdm = original

    return restore


def _from_pretrained(resolved: ResolvedGenerator, info: DeviceInfo, kwargs: dict):
    from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(resolved.folder, **kwargs)
    config = AutoConfig.from_pretrained(resolved.folder, **kwargs)
    # Checked up front: transformers would load an encoder such as BERT as a causal LM head.
    if not resolved.gguf_file and not is_generator_config(config.to_dict()):
        raise ModelError(f"{resolved.name} is a {config.model_type} model, which cannot generate text; "
                         f"give a causal or seq2seq language model")
    auto = AutoModelForSeq2SeqLM if getattr(config, "is_encoder_decoder", False) else AutoModelForCausalLM
    try:
        model = auto.from_pretrained(resolved.folder, dtype=_torch_dtype(info.dtype), **kwargs)
    except ValueError as err:
        if "Unrecognized configuration class" in str(err):
            raise ModelError(f"{resolved.name} is a {config.model_type} model, which cannot generate text; "
                             f"give a causal or seq2seq language model") from None
        raise
    if tokenizer.pad_token_id is None and tokenizer.eos_token_id is not None:
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer
