"""Generators and generated summaries, on tiny models built here from a config (random
weights, a word-level tokenizer trained on a few strings): the real transformers path,
no download."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from mmsum.document import Document, Figure, PageInfo, Section, Sentence
from mmsum.errors import ModelError
from mmsum.options import ModelOptions, SummaryOptions, resolve_options
from mmsum.progress import Cancelled
from mmsum.summary import ScoredFigure, ScoredSentence

TEXTS = [
    (0, "Introduction", "We propose FastNet, a convolutional network for image denoising."),
    (0, "Introduction", "Noise in photographs taken at night hides detail and colour."),
    (1, "Method", "FastNet uses residual blocks with 12 layers and is trained on 50,000 images."),
    (1, "Method", "Each block predicts the noise and subtracts it from its input."),
    (2, "Method", "The loss is the mean squared error between the output and the clean image."),
    (3, "Results", "On the BSD68 benchmark, FastNet reaches 29.4 dB PSNR, 0.3 dB above DnCNN."),
    (4, "Results", "Inference takes 8 ms per image on a GPU, three times faster than prior work."),
    (5, "Results", "The error falls by half when the noise level is known, as Fig. 3 shows."),
    (6, "Conclusion", "FastNet removes noise quickly and keeps fine detail in the images."),
]
CAPTION = "PSNR as a function of noise level for FastNet and DnCNN."
SPECIALS = ["<unk>", "<pad>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"]
CHAT_TEMPLATE = ("{% for m in messages %}<|im_start|>{{ m['role'] }} {{ m['content'] }} <|im_end|> "
                 "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant {% endif %}")
CITE = re.compile(r"\((?:Fig\. (\d+), )?p\. (\d+)\)")


def make_document() -> Document:
    sentences = [Sentence(i, text, page, (50, 100 + 20 * i, 500, 115 + 20 * i), section=section,
                          figure_ids=["f3"] if "Fig. 3" in text else [])
                 for i, (page, section, text) in enumerate(TEXTS)]
    figure = Figure("f3", 5, (50, 300, 500, 600), label="Figure 3", number=3, caption=CAPTION,
                    mentions=[])
    sections = [Section(t, p) for p, t in [(0, "Introduction"), (1, "Method"), (3, "Results"), (6, "Conclusion")]]
    return Document(Path("fastnet.pdf"), "FastNet", [PageInfo(i, 612, 792) for i in range(7)],
                    sentences, [figure], sections)


def ranked(doc: Document) -> tuple[list[ScoredSentence], list[ScoredFigure]]:
    # Salience: a fixed, non-reading order so that the prompt has to restore reading order.
    order = [5, 0, 7, 2, 6, 8, 3, 1, 4]
    return ([ScoredSentence(doc.sentences[i], 1.0 - 0.1 * r) for r, i in enumerate(order)],
            [ScoredFigure(doc.figures[0], 0.9)])


def _tokenizer():
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.WordLevel(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    corpus = [t for _, _, t in TEXTS] + [CAPTION, "summarize: Summarize the text above in 3 sentences . Text",
                                         "Keep the numbers and names exactly as written and cite pages like (p. 4)",
                                         "system user assistant part of a document Figure Fig - : ( ) ."]
    tok.train_from_iterator(corpus, trainers.WordLevelTrainer(special_tokens=SPECIALS))
    return PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", pad_token="<pad>",
                                   bos_token="<s>", eos_token="</s>")


def _save(folder: Path, model, tokenizer) -> Path:
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory) -> dict[str, Path]:
    """Folders holding tiny random models of each generator family, saved as users would have them."""
    import torch
    from transformers import (BartConfig, BartForConditionalGeneration, BertConfig, BertModel, GPT2Config,
                              GPT2LMHeadModel, LlamaConfig, LlamaForCausalLM, T5Config,
                              T5ForConditionalGeneration)

    torch.manual_seed(0)
    root = tmp_path_factory.mktemp("tiny-generators")
    tok = _tokenizer()
    ids = dict(pad_token_id=tok.pad_token_id, bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id)
    vocab = len(tok)
    chat = _tokenizer()
    chat.chat_template = CHAT_TEMPLATE
    llama = LlamaForCausalLM(LlamaConfig(vocab_size=vocab, hidden_size=32, intermediate_size=64,
                                         num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=2,
                                         max_position_embeddings=512, **ids))
    small = LlamaForCausalLM(LlamaConfig(vocab_size=vocab, hidden_size=32, intermediate_size=64,
                                         num_hidden_layers=1, num_attention_heads=2, num_key_value_heads=2,
                                         max_position_embeddings=160, **ids))
    gpt2 = GPT2LMHeadModel(GPT2Config(vocab_size=vocab, n_embd=32, n_layer=1, n_head=2, n_positions=256, **ids))
    bart = BartForConditionalGeneration(BartConfig(
        vocab_size=vocab, d_model=32, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=256,
        decoder_start_token_id=tok.eos_token_id, forced_bos_token_id=None, forced_eos_token_id=None, **ids))
    t5 = T5ForConditionalGeneration(T5Config(vocab_size=vocab, d_model=32, d_kv=16, d_ff=64, num_layers=1,
                                             num_heads=2, decoder_start_token_id=tok.pad_token_id,
                                             pad_token_id=tok.pad_token_id, eos_token_id=tok.eos_token_id))
    for model in (bart, t5):  # as released summarizers do (bart-large-cnn: 56), so random weights
        model.generation_config.min_length = 8  # do not end at the first token
    bert = BertModel(BertConfig(vocab_size=vocab, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                                intermediate_size=64))
    return {"llama": _save(root / "tiny-llama", llama, chat), "small": _save(root / "tiny-llama-160", small, chat),
            "gpt2": _save(root / "tiny-gpt2", gpt2, tok), "bart": _save(root / "tiny-bart", bart, tok),
            "t5": _save(root / "tiny-t5", t5, tok), "bert": _save(root / "tiny-bert", bert, tok)}


@pytest.fixture(scope="session")
def generators(tiny_models):
    from mmsum.generate import load_generator

    return {k: load_generator(ModelOptions(generator=str(p), device="cpu"))
            for k, p in tiny_models.items() if k != "bert"}


# --- loading -------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, context", [("llama", 512), ("small", 160), ("gpt2", 256), ("bart", 256),
                                           ("t5", 512)])
def test_loads_each_family_from_a_folder(generators, tiny_models, kind, context):
    gen = generators[kind]
    assert gen.name == tiny_models[kind].name
    assert gen.device == "cpu (float32)"
    assert gen.backend == "transformers"
    assert gen.context_tokens == context
    assert gen.seq2seq == (kind in {"bart", "t5"})


def test_chat_models_use_their_template_and_others_plain_text(generators):
    from mmsum.generate.generator import Prompt

    prompt = Prompt("Summarize the text above in 3 sentences .", "FastNet uses residual blocks .")
    llama, gpt2, t5 = generators["llama"], generators["gpt2"], generators["t5"]
    assert llama.tokenizer.decode(llama.encode(prompt)).startswith("<|im_start|> system")
    assert "<|im_start|>" not in gpt2.tokenizer.decode(gpt2.encode(prompt))
    # Seq2seq summarizers read the source alone; T5 with its task prefix.
    t5_text = t5.tokenizer.decode(t5.encode(prompt), skip_special_tokens=True)
    assert t5_text.split()[:2] == ["summarize", ":"] and "Summarize" not in t5_text


@pytest.mark.parametrize("kind", ["llama", "gpt2", "bart", "t5"])
def test_generation_streams_what_it_returns_within_the_budget(generators, kind):
    gen = generators[kind]
    pieces: list[str] = []
    out = gen.generate("FastNet uses residual blocks with 12 layers .", max_new_tokens=12,
                       on_token=pieces.append)
    assert len(pieces) >= 2
    assert "".join(pieces).split() == out.split()
    assert 0 < len(gen.tokenizer(out, add_special_tokens=False)["input_ids"]) <= 12


@pytest.mark.parametrize("kind", ["llama", "bart"])
def test_generation_stops_at_the_token_after_cancel(generators, kind):
    gen = generators[kind]
    pieces: list[str] = []
    with pytest.raises(Cancelled):
        gen.generate("FastNet uses residual blocks .", max_new_tokens=40, on_token=pieces.append,
                     cancel=lambda: len(pieces) >= 3)
    assert 3 <= len(pieces) <= 4  # the token in flight when cancel turned True may still arrive


def _cuda() -> bool:
    import torch

    return torch.cuda.is_available()


@pytest.mark.skipif(not _cuda(), reason="no CUDA GPU")
def test_auto_device_runs_on_the_gpu_in_half_precision(tiny_models):
    import torch

    from mmsum.generate import load_generator

    gen = load_generator(ModelOptions(generator=str(tiny_models["llama"]), device="auto"))
    assert gen.device == "cuda (float16)"
    assert next(gen.model.parameters()).dtype == torch.float16 and gen.model.device.type == "cuda"
    pieces: list[str] = []
    assert gen.generate("FastNet uses residual blocks .", max_new_tokens=8, on_token=pieces.append) and pieces


def test_out_of_memory_during_generation_moves_to_the_cpu(tiny_models, monkeypatch):
    import torch

    from mmsum.device import DeviceInfo
    from mmsum.generate import load_generator

    gen = load_generator(ModelOptions(generator=str(tiny_models["gpt2"]), device="cpu"))
    gen.info, gen.device = DeviceInfo("cuda", "float16"), "cuda (float16)"  # as if loaded on a GPU
    real, calls = gen.model.generate, []

    def generate_once_out_of_memory(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return real(**kwargs)

    monkeypatch.setattr(gen.model, "generate", generate_once_out_of_memory)
    out = gen.generate("FastNet uses residual blocks .", max_new_tokens=5)
    assert out and len(calls) == 2
    assert gen.device == "cpu (float32)"
    assert any("out of memory" in w and "CPU" in w for w in gen.warnings)


def test_missing_models_give_one_clear_message(tiny_models, tmp_path):
    from mmsum.generate import load_generator

    with pytest.raises(ModelError, match=r"not found.*installed generators"):
        load_generator(ModelOptions(generator=str(tmp_path / "nowhere" / "model.gguf")))
    with pytest.raises(ModelError, match=r"'nobody/no-such-model' is not installed.*--allow-download"):
        load_generator(ModelOptions(generator="nobody/no-such-model", offline=True))
    # Downloads allowed, but the hub is unreachable here (HF_HUB_OFFLINE): one line, no traceback.
    with pytest.raises(ModelError, match=r"cannot download generator 'nobody/no-such-model'"):
        load_generator(ModelOptions(generator="nobody/no-such-model", offline=False))
    with pytest.raises(ModelError, match="cannot generate text"):
        load_generator(ModelOptions(generator=str(tiny_models["bert"]), device="cpu"))
    (tmp_path / "notes.txt").write_text("not a model")
    with pytest.raises(ModelError, match="not a .gguf model"):
        load_generator(ModelOptions(generator=str(tmp_path / "notes.txt")))
    with pytest.raises(ModelError, match="no config.json and no .gguf"):
        load_generator(ModelOptions(generator=str(tmp_path)))


def test_catalog_lists_the_configured_generator_as_selected(tiny_models):
    from mmsum.generate.catalog import bundled_gguf, describe_generators

    rows = describe_generators(ModelOptions(generator=str(tiny_models["bart"])))
    chosen = [r for r in rows if r["selected"]]
    assert len(chosen) == 1 and chosen[0]["name"] == "tiny-bart"
    assert chosen[0]["backend"] == "transformers" and chosen[0]["size_bytes"] > 10_000
    default = describe_generators(ModelOptions())
    if bundled_gguf() is not None:
        assert [r["name"] for r in default if r["selected"]] == ["SmolLM2-135M-Instruct.Q4_1.gguf (bundled)"]
    missing = describe_generators(ModelOptions(generator="nobody/no-such-model"))
    assert [r for r in missing if r["selected"]] == [{
        "name": "nobody/no-such-model", "backend": "transformers", "path": None, "size_bytes": None,
        "selected": True, "problem": "not installed (downloaded on first use with --allow-download)"}]


# --- generated summaries ----------------------------------------------------------------------

def _check_citations(text: str, doc: Document) -> None:
    pages = {s.page + 1 for s in doc.sentences} | {f.page + 1 for f in doc.figures}
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", text) if s]
    for fig, page in CITE.findall(text):
        assert int(page) in pages
        assert not fig or int(fig) in {f.number for f in doc.figures}
    assert CITE.findall(text), text
    assert len(CITE.findall(text)) <= len(sentences) + 1


@pytest.mark.parametrize("kind", ["llama", "bart"])
def test_generative_summary_is_grounded_and_cited(generators, kind):
    from mmsum.generate import generative_summary

    doc = make_document()
    sentences, figures = ranked(doc)
    pieces: list[str] = []
    result = generative_summary(generators[kind], doc, sentences, figures,
                                resolve_options(SummaryOptions(generate=True, words=40, max_new_tokens=40, show_flagged=True)),
                                on_token=pieces.append)
    assert result.text and pieces
    _check_citations(result.text, doc)
    indices = [s.sentence.index for s in result.sentences]
    assert indices == sorted(indices) and set(indices) <= {s.sentence.index for s in sentences}
    for flag in result.flagged:
        assert flag.sentence in result.text and flag.terms and flag.replaced_by is None


@pytest.mark.parametrize("options", [{}, {"strict": True}, {"show_flagged": True}])
def test_flagged_sentences_are_replaced_by_their_sources_unless_asked_to_show(generators, options):
    from mmsum.generate import generative_summary

    doc = make_document()
    sentences, figures = ranked(doc)
    real = generators["llama"]

    class WrongNumbers:  # the random model, whose whole sentences always bring a number the source lacks
        def __getattr__(self, name):
            return getattr(real, name)

        def generate(self, prompt, **kwargs):
            real.generate(prompt, **kwargs)  # the real call, constraints and all
            return "FastNet reaches 97 dB on every image in this study."

    result = generative_summary(WrongNumbers(), doc, sentences, figures,
                                resolve_options(SummaryOptions(generate=True, words=60, **options)))
    sources = {s.text for s in doc.sentences}
    assert result.flagged
    if options.get("show_flagged"):  # shown, marked as flagged
        assert all(flag.sentence in result.text and flag.replaced_by is None for flag in result.flagged)
        return
    for flag in result.flagged:
        assert flag.sentence not in result.text
        assert flag.replaced_by in result.text
        assert CITE.sub("", flag.replaced_by).replace(" .", ".").strip() in sources


def test_each_sentence_is_written_from_its_source_within_the_window(generators):
    from mmsum.generate import generative_summary

    gen = generators["small"]  # a 160-token window
    seen: list[tuple[int, str]] = []
    real = gen.generate

    def recording(prompt, **kwargs):
        seen.append((gen.count_tokens(prompt) + kwargs["max_new_tokens"], kwargs.get("vocabulary")))
        return real(prompt, **kwargs)

    gen.generate = recording
    try:
        doc = make_document()
        sentences, figures = ranked(doc)
        result = generative_summary(gen, doc, sentences, figures,
                                    resolve_options(SummaryOptions(generate=True, words=40, max_new_tokens=32)))
    finally:
        del gen.generate
    assert result.passes == len(seen) and len(result.sentences) <= result.passes <= 2 * len(result.sentences)
    assert max(n for n, _ in seen) <= gen.context_tokens
    # every call is limited to the words of the sentence it rewrites (and the one before it)
    sources = {s.sentence.text for s in result.sentences}
    assert all(any(src in vocab for src in sources) for _, vocab in seen)
    _check_citations(result.text, doc)
    # the defining sentence ("We propose FastNet") leads and is also the first in reading order
    pages = [int(p) - 1 for _, p in CITE.findall(result.text)]
    assert pages == [s.sentence.page for s in result.sentences]


def test_vocabulary_limits_what_the_model_may_write(generators):
    from mmsum.generate.constraints import vocabulary_ids

    gen = generators["llama"]
    source = "FastNet uses residual blocks with 12 layers ."
    out = gen.generate("Each block predicts the noise .", max_new_tokens=20, vocabulary=source)
    allowed = vocabulary_ids(source, gen._text_ids, [gen.tokenizer.eos_token_id])
    assert out.strip() and set(gen._text_ids(out)) <= allowed


def test_no_phrase_is_written_twice():
    from mmsum.generate.constraints import banned_by_repetition

    assert banned_by_repetition([5, 6, 7, 8, 1, 5, 6, 7], 4) == {8}  # "5 6 7" was followed by 8
    assert banned_by_repetition([5, 6, 7, 8], 4) == set()
    assert banned_by_repetition([1, 2], 4) == set()


def test_no_phrase_of_an_earlier_sentence_is_written_again_unless_the_source_has_it():
    from mmsum.generate.constraints import banned_by_history, said_before

    # "2 3 4 5" is said once and the sources hold it twice: it may be said once more
    said = said_before([[1, 2, 3, 4, 5]], source=[[9, 2, 3, 4, 5, 8, 2, 3, 4, 5]], n=4)
    assert said == {(1, 2, 3): {4}}
    assert said_before([[1, 2, 3, 4, 5]], source=[[9, 2, 3, 4, 5]], n=4) == {(1, 2, 3): {4}, (2, 3, 4): {5}}
    assert banned_by_history([7, 1, 2, 3], said, 4) == {4}
    assert banned_by_history([2, 3, 4], said, 4) == set()
    assert banned_by_history([1, 2], said, 4) == set()


def test_a_phrase_said_again_in_another_case_or_with_quotes_is_a_repeat():
    from mmsum.generate.constraints import SourceConstraints, TokenWords, said_before

    pieces = {1: " Family", 2: " of", 3: " the", 4: " Head", 5: " family", 6: ' "', 7: "Head", 8: " head", 9: " tool"}
    words = TokenWords(pieces)
    rules = SourceConstraints(None, words=words)
    # "Family of the Head of the family of the \"" -> "Head", "head" and " Head" are all banned
    assert rules.banned([1, 2, 3, 4, 2, 3, 5, 2, 3, 6], str) == {4, 7, 8}
    assert rules.banned([1, 2, 3, 9, 2, 3, 6], str) == set()
    # across sentences: "the Head of the" was said before; this source does not have it
    said = said_before([words.keys([3, 4, 2, 3])], [words.keys([9, 2, 3])])
    rules = SourceConstraints(None, said=said, words=words)
    assert rules.banned([9, 3, 8, 2], str) == {3}


def test_a_phrase_said_before_is_caught_as_words_whatever_pieces_spell_it():
    from mmsum.generate.constraints import WordGuard, words_said_before

    source = "To compute the amplitude of the process we choose a hypersurface"
    said = words_said_before("We use gravity to compute the amplitude for tunnelling.", source)
    assert said[("to", "compute", "the")] == {"amplitude"}  # once said, once in the sources
    assert ("we", "use", "gravity") in said  # and "we use gravity to" is no source phrase
    assert not words_said_before("and it is the", "")  # function words alone are no phrase
    pieces = {1: " amplitude", 2: " Am", 3: "plitude", 4: " process", 5: " a", 6: "amp", 7: "."}
    guard = WordGuard(source, pieces, ends=[99], said=said)
    # "Amplitude" is two pieces where " amplitude" is one: neither may start it
    assert {1, 2} <= guard.banned("To compute the") and 4 not in guard.banned("To compute the")
    assert 3 in guard.banned("To compute the Am")
    assert guard.banned("So we compute the") & {1, 2} == set()  # another phrase: free


def test_no_phrase_twice_as_words_inside_an_answer_or_across_a_sentence_end():
    from mmsum.generate.constraints import WordGuard, words_said_before

    source = 'The Same model in the same setting'
    # " Same" is one piece, "Same" after a quote two ("S", "ame"): as tokens the phrase differs
    pieces = {1: " Same", 2: "S", 3: "ame", 4: " same", 5: " setting", 6: " in", 7: "."}
    guard = WordGuard(source, pieces, ends=[99])
    assert {1, 4} <= guard.banned('"Same" in the same and "Same" in the')
    assert 2 in guard.banned('"Same" in the same and "Same" in the "')
    assert 3 in guard.banned('"Same" in the same and "Same" in the "S')
    assert not guard.banned('"Same" in the') & {1, 2, 4}  # not said before: free
    # no word twice in a row, unless the source has it so
    guard = WordGuard("it is not a per se rule, as it had had before", {1: " per", 2: " se", 3: " had", 4: " pe"}, ends=[99])
    assert {1, 4} <= guard.banned("it is not a per") and 2 not in guard.banned("it is not a per")
    assert 3 not in guard.banned("as it had")
    # the summary so far ends "... reduce the cost." and the sources hold "the cost. The model" once
    said = words_said_before("We reduce the cost. The model is small.", "We reduce the cost. The model")
    guard = WordGuard("The model is new", {1: " model", 2: " new"}, ends=[99], said=said,
                      before="We reduce the cost. The model is small. It reduces the cost.")
    assert 1 in guard.banned("The")  # "the cost the model" again, across the sentence end
    assert 1 not in WordGuard("The model is new", {1: " model"}, ends=[99], said=said).banned("The")
    # reference markers are left out of what the summary shows, so they do not part a phrase
    source = "the flipped SU(5) [14, 15] and Pati-Salam [16] GUTs"
    said = words_said_before("We use flipped SU(5) and Pati-Salam.", source)
    assert said[("flipped", "su", "5")] == {"and"}
    guard = WordGuard(source, {1: " and", 2: " GUT"}, ends=[99], said=said)
    assert 1 in guard.banned("Then flipped SU(5) [14, 15]") and 2 not in guard.banned("Then flipped SU(5) [14, 15]")


def test_every_try_at_a_sentence_knows_the_summary_so_far():
    from mmsum.generate.faithfulness import SourceIndex
    from mmsum.generate.rewrite import rewrite

    source = "FastNet uses residual blocks with 12 layers and is trained on 50,000 images."
    seen = []

    class Copying:  # gives the source back: a copy, so that the second instruction is tried
        name, warnings = "copying", []

        def generate(self, prompt, **kwargs):
            seen.append((kwargs.get("avoid"), kwargs.get("avoid_sources")))
            return source

    written = "We propose FastNet for denoising."
    r = rewrite(Copying(), source, None, SourceIndex.build([source]), written=written, written_from="We propose FastNet.")
    assert r.calls == 2 and r.copied
    # the second try also avoids what the first gave back
    assert seen == [(written, f"We propose FastNet. {source}"), (f"{source} {written}", f"We propose FastNet. {source}")]


def test_an_answer_cut_off_by_the_token_budget_is_not_a_sentence():
    from mmsum.generate.faithfulness import SourceIndex
    from mmsum.generate.rewrite import cut_off, rewrite

    assert cut_off("We extend our study of supers") and cut_off("The results of the strong-")
    assert not cut_off("We extend our study of supersymmetric inflation.")
    assert not cut_off("We extend the study to Fig. 3 models. And then")  # the first sentence is whole
    assert cut_off("Here is the summary: we extend our study of supers<|im_end|>")
    source = "We extend our previous study of supersymmetric Higgs inflation to two more models."

    class Answers:  # gives its answers in turn
        name, warnings = "answers", []

        def __init__(self, *answers):
            self.answers = list(answers)

        def generate(self, prompt, **kwargs):
            return self.answers.pop(0)

    index = SourceIndex.build([source])
    whole = "We extend our study of supersymmetric Higgs inflation."
    r = rewrite(Answers("We extend our previous study of supers", whole), source, None, index)
    assert r.text == whole and r.calls == 2
    # nothing whole: no sentence is written, and the source sentence stands
    r = rewrite(Answers("We extend our previous study of supers", "Our previous study of supersymmetric Higgs"),
                source, None, index)
    assert r.text == "" and r.calls == 2


def test_the_summary_so_far_is_not_repeated_by_a_real_model(generators):
    from mmsum.generate.constraints import NO_REPEAT_NGRAM

    gen = generators["llama"]
    source = "FastNet uses residual blocks with 12 layers ."
    free = gen.generate("Each block predicts the noise .", max_new_tokens=16, vocabulary=source)
    ids = gen._text_ids(" " + free.strip())
    assert len(ids) >= NO_REPEAT_NGRAM
    # the same call after a summary that already says what it wrote, in other sentences' words
    written = "Earlier work " + free.strip() + " ."
    again = gen.generate("Each block predicts the noise .", max_new_tokens=16, vocabulary=source + " Earlier",
                         avoid=written)
    source_grams = {tuple(q[i:i + NO_REPEAT_NGRAM]) for q in (gen._text_ids(source), gen._text_ids(" " + source))
                    for i in range(len(q) - NO_REPEAT_NGRAM + 1)}
    said = {tuple(ids[i:i + NO_REPEAT_NGRAM]) for i in range(len(ids) - NO_REPEAT_NGRAM + 1)} - source_grams
    new = gen._text_ids(" " + again.strip())
    assert not said & {tuple(new[i:i + NO_REPEAT_NGRAM]) for i in range(len(new) - NO_REPEAT_NGRAM + 1)}


def test_no_content_word_is_written_more_often_than_its_source_has_it():
    from mmsum.generate.constraints import banned_by_limits, token_limits

    words = {}

    def encode(text: str) -> list[int]:  # one id per lower-cased word, as a toy tokenizer
        return [words.setdefault(w.lower(), len(words)) for w in text.split()]

    limits = token_limits("Paxos and Raft order the log of Paxos replicas", encode)
    paxos, raft, the = words["paxos"], words["raft"], words["the"]
    assert limits[paxos] == 2 and limits[raft] == 1 and the not in limits  # function words are free
    assert banned_by_limits([raft, the, the], limits) == {raft}
    assert banned_by_limits([paxos, raft, paxos], limits) == {paxos, raft}


def test_pieces_never_join_into_a_word_the_source_lacks():
    from mmsum.generate.constraints import WordGuard

    source = "We compute Hausdorff dimensions; decision rules converge at 29.4 dB."
    pieces = {1: " Haus", 2: "dorff", 3: "do", 4: ",", 5: " decision", 6: "-", 7: "conver", 8: "ges", 9: " 29",
              10: ".", 11: "4", 12: " the"}
    guard = WordGuard(source, pieces, ends=[99])
    assert {2, 8} <= guard.banned("") and 1 not in guard.banned("")  # a word starts as a source word does
    assert guard.banned("We compute Haus") == set(pieces) - {2, 3} | {99}  # "Haus" goes on to "Hausdorff" only
    assert 99 in guard.banned("We compute Hausdo")  # no answer ends inside a word
    assert {6, 11} <= guard.banned("the decision") and 9 not in guard.banned("the decision")  # no "decision-..."
    assert 11 in guard.banned("at 29") and 11 not in guard.banned("at 29.")  # "29.4", never "294"


def test_a_rewrite_stops_once_its_sentence_is_written():
    from mmsum.generate.rewrite import sentence_done

    assert not sentence_done("FastNet reaches 29.4 dB on BSD68")
    assert not sentence_done("FastNet reaches 29.4 dB on BSD68.")  # the period may be a decimal point
    assert sentence_done("FastNet reaches 29.4 dB on BSD68. It")
    assert not sentence_done("The text is short. It")  # a sentence about the task is not the answer


def test_cancel_reaches_generation_inside_a_summary(generators):
    from mmsum.generate import generative_summary

    doc = make_document()
    sentences, figures = ranked(doc)
    pieces: list[str] = []
    with pytest.raises(Cancelled):
        generative_summary(generators["llama"], doc, sentences, figures, resolve_options(SummaryOptions(generate=True)),
                           on_token=pieces.append, cancel=lambda: len(pieces) >= 2)
    assert 2 <= len(pieces) <= 3


def test_length_follows_the_word_budget(generators):
    from mmsum.generate import generative_summary
    from mmsum.generate.text import strip_citations

    doc = make_document()
    sentences, figures = ranked(doc)
    short = generative_summary(generators["llama"], doc, sentences, figures,
                               resolve_options(SummaryOptions(generate=True, words=12, max_new_tokens=200)))
    # 12 words -> a budget of 32 tokens, one word-level token per word or mark.
    assert 0 < len(strip_citations(short.text).split()) <= 32


# --- through the command line ------------------------------------------------------------------

def _write_pdf(path: Path) -> Path:
    import pymupdf

    doc = pymupdf.open()
    for page_no in range(3):
        page = doc.new_page()
        body = " ".join(text for p, _, text in TEXTS if p // 3 == page_no) or TEXTS[0][2]
        page.insert_textbox(pymupdf.Rect(72, 72, 540, 400), body * 2, fontsize=11)
    doc.save(path)
    return path


def test_summarize_generate_writes_a_generative_summary(tiny_models, tmp_path):
    import json

    from mmsum.cli import main

    pdf = _write_pdf(tmp_path / "fastnet.pdf")
    status = main(["summarize", str(pdf), "--out-dir", str(tmp_path / "out"), "--format", "json,md",
                   "--generate", "--model", str(tiny_models["llama"]), "--image-model", "none",
                   "--device", "cpu", "--words", "40", "--quiet"])
    assert status == 0
    out = json.loads((tmp_path / "out" / "fastnet.json").read_text())
    assert out["summary"]["mode"] == "generative" and out["summary"]["text"]
    assert out["models"]["generator"] == "tiny-llama"
    assert CITE.search(out["summary"]["text"])
    assert "## Summary" in (tmp_path / "out" / "fastnet.md").read_text()


def test_max_new_tokens_caps_what_the_model_writes_for_each_sentence(generators):
    from mmsum.generate import generative_summary

    gen = generators["llama"]
    asked: list[int] = []
    real = gen.generate

    class Recording:
        def __getattr__(self, name):
            return getattr(gen, name)

        def generate(self, prompt, **kwargs):
            asked.append(kwargs["max_new_tokens"])
            return real(prompt, **kwargs)

    doc = make_document()
    sentences, figures = ranked(doc)
    generative_summary(Recording(), doc, sentences, figures,
                       resolve_options(SummaryOptions(generate=True, words=60, max_new_tokens=7)))
    assert asked and max(asked) <= 7
    asked.clear()
    generative_summary(Recording(), doc, sentences, figures, resolve_options(SummaryOptions(generate=True, words=60)))
    assert max(asked) > 7  # the default leaves each sentence the room its source needs
