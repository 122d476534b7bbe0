"""Per-token hooks for transformers' ``generate``: stream text out, stop when cancelled."""
from __future__ import annotations

from typing import Callable

from ..progress import CancelFn

TokenFn = Callable[[str], None]
StopFn = Callable[[str], bool]  # the answer so far -> whether it is complete


def cancel_criteria(cancel: CancelFn | None):
    """A StoppingCriteria that ends generation at the next token once ``cancel()`` is True."""
    import torch
    from transformers import StoppingCriteria

    class _Cancel(StoppingCriteria):
        def __call__(self, input_ids, scores, **kwargs):  # noqa: ARG002 - transformers' signature
            stop = bool(cancel and cancel())
            return torch.full((input_ids.shape[0],), stop, dtype=torch.bool, device=input_ids.device)

    return _Cancel()


def stop_criteria(tokenizer, start: int, stop: StopFn):
    """A StoppingCriteria that ends generation once ``stop(answer so far)`` is True; the
    answer starts at position ``start`` of ``input_ids``."""
    import torch
    from transformers import StoppingCriteria

    class _Stop(StoppingCriteria):
        def __call__(self, input_ids, scores, **kwargs):  # noqa: ARG002 - transformers' signature
            done = [bool(stop(tokenizer.decode(row[start:], skip_special_tokens=True))) for row in input_ids]
            return torch.tensor(done, dtype=torch.bool, device=input_ids.device)

    return _Stop()


def callback_streamer(tokenizer, on_token: TokenFn, cancel: CancelFn | None = None):
    """A streamer that hands each piece of decoded text to ``on_token`` as soon as it is final.

    It runs in the generating thread, so no queue or extra thread is needed; pieces are whole
    words where possible (transformers holds back a partial word until it is complete). After
    a cancel, the held-back remainder is dropped rather than flushed.
    """
    from transformers import TextStreamer

    class _Callback(TextStreamer):
        def end(self) -> None:
            if cancel is not None and cancel():
                self.token_cache, self.print_len, self.next_tokens_are_prompt = [], 0, True
                return
            super().end()

        def on_finalized_text(self, text: str, stream_end: bool = False) -> None:  # noqa: ARG002
            if text:
                on_token(text)

    return _Callback(tokenizer, skip_prompt=True, skip_special_tokens=True)


def constraint_processor(prompt_tokens: int, rules, vocab_size: int, tokenizer=None):
    """A LogitsProcessor applying :mod:`.constraints`: only ``rules.allowed`` ids (None: any),
    and no id ``rules.banned`` names after the answer so far (read with ``tokenizer`` where
    the whole-word guard needs its text). ``prompt_tokens`` is where the answer starts in
    ``input_ids``."""
    import torch
    from transformers import LogitsProcessor

    mask = None
    if rules.allowed:
        mask = torch.full((vocab_size,), float("-inf"))
        mask[[i for i in rules.allowed if 0 <= i < vocab_size]] = 0.0

    class _Constrain(LogitsProcessor):
        def __call__(self, input_ids, scores):
            nonlocal mask
            if mask is not None:
                if mask.device != scores.device or mask.shape[0] != scores.shape[-1]:
                    mask = _fit(mask, scores)
                scores = scores + mask
            for row in range(input_ids.shape[0]):
                answer = input_ids[row, prompt_tokens:].tolist()
                banned = rules.banned(answer, lambda: tokenizer.decode(answer, skip_special_tokens=True)
                                      if tokenizer is not None else "")
                banned = {t for t in banned if 0 <= t < scores.shape[-1]}
                if banned:
                    scores[row, list(banned)] = float("-inf")
            return scores

    return _Constrain()


def _fit(mask, scores):
    """The mask on the scores' device, padded with -inf (or cut) to their vocabulary size."""
    import torch

    n = scores.shape[-1]
    out = torch.full((n,), float("-inf"), device=scores.device, dtype=scores.dtype)
    k = min(n, mask.shape[0])
    out[:k] = mask[:k].to(device=scores.device, dtype=scores.dtype)
    return out
