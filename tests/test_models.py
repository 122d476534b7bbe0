"""Model resolution: bundled defaults, the image encoder switched off, and clear errors."""
from __future__ import annotations

import json

import pytest

from mmsum.errors import ModelError
from mmsum.models import resolve_image_model, resolve_text_model


def test_defaults_are_the_bundled_models():
    text, image = resolve_text_model(None), resolve_image_model(None)
    assert (text.source, text.kind) == ("bundled", "sentence-transformers")
    assert text.name == "sentence-transformers/all-MiniLM-L6-v2"
    assert (image.source, image.kind, image.name) == ("bundled", "efficientnet", "efficientnet-lite0")
    assert text.warning is None and image.warning is None


def test_image_encoder_can_be_switched_off():
    off = resolve_image_model("none")
    assert (off.kind, off.name, off.location) == ("none", "none", None)


def test_a_missing_named_model_is_an_error_that_names_the_default():
    with pytest.raises(ModelError, match="not installed.*bundled all-MiniLM-L6-v2"):
        resolve_text_model("someone/not-a-cached-model", offline=True)
    with pytest.raises(ModelError, match="not installed.*EfficientNet-Lite0"):
        resolve_image_model("openai/clip-vit-not-cached", offline=True)


def test_hub_id_resolves_to_a_download_only_when_allowed():
    r = resolve_text_model("someone/not-a-cached-model", offline=False)
    assert (r.source, r.location) == ("hub", "someone/not-a-cached-model")


def test_local_folders_are_checked(tmp_path):
    with pytest.raises(ModelError, match="holds no sentence-transformers model"):
        resolve_text_model(str(tmp_path))
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "bert"}))
    with pytest.raises(ModelError, match="not a CLIP or SigLIP model"):
        resolve_image_model(str(tmp_path))
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "siglip"}))
    r = resolve_image_model(str(tmp_path))
    assert (r.kind, r.source) == ("siglip", "local")


def test_models_command_says_a_named_generator_is_missing(tmp_path, capsys):
    from mmsum.cli import main

    assert main(["models", "--model", str(tmp_path / "absent.gguf")]) == 1
    out = capsys.readouterr().out
    assert "generator unavailable:" in out and "absent.gguf" in out
