"""Options are checked once, on the option types: the CLI, the app and the pipeline share it."""
from __future__ import annotations

import dataclasses

import pytest

from mmsum.cli import main
from mmsum.errors import OptionsError
from mmsum.options import DEFAULT_WORDS, ModelOptions, SummaryOptions, resolve_options
from mmsum.pipeline import Summarizer


@pytest.mark.parametrize("bad", [dict(words=0), dict(sentences=-1), dict(figures=-1), dict(max_new_tokens=0),
                                 dict(words=2.5), dict(words=True), dict(query="  ")])
def test_summary_options_name_the_bad_value(bad):
    with pytest.raises(OptionsError) as err:
        SummaryOptions(**bad).validate()
    assert next(iter(bad)).replace("_", "-") in str(err.value)


def test_good_options_pass_and_defaults_are_shared():
    o = SummaryOptions(words=None, sentences=None, figures=0)
    assert o.validate() is o
    assert ModelOptions(device="cpu").validate().device == "cpu"
    with pytest.raises(OptionsError, match="device"):
        ModelOptions(device="tpu").validate()
    resolved = resolve_options(SummaryOptions())
    assert (resolved.max_words, resolved.max_sentences) == (DEFAULT_WORDS, None)
    assert resolved.channel_weights == {"caption": 0.4, "mentions": 0.3, "figure-text": 0.0, "pixels": 0.3}
    assert resolve_options(resolved) is resolved
    with pytest.raises(dataclasses.FrozenInstanceError):
        resolved.max_words = 10  # type: ignore[misc]


def test_the_pipeline_checks_before_loading_anything(tmp_path):
    s = Summarizer(ModelOptions(text_model=str(tmp_path / "no-such-model")))
    with pytest.raises(OptionsError, match="words"):  # not the missing model: options come first
        s.summarize(tmp_path / "a.pdf", SummaryOptions(words=0))


def test_the_cli_reports_a_bad_option_in_one_line(tmp_path, capsys):
    assert main(["summarize", str(tmp_path / "a.pdf"), "--figures", "-2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mmsum: figures must be") and err.count("\n") == 1
