"""The offline encoder: verified before loading, never downloads, embeds sensibly."""
import shutil

import numpy as np
import pytest

from quotes.nlp.encoder import EncoderError, embed, encoder_dir, load_encoder, verify


def test_verified_and_loaded_offline():
    enc = load_encoder()
    assert verify(encoder_dir()) == encoder_dir()
    assert enc.dim == 384
    assert load_encoder() is enc  # built once per process


def test_embeddings_are_normalised_and_meaningful():
    texts = [
        "The minister said the budget would be balanced next year.",
        "Next year's budget will be balanced, according to the minister.",
        "The striker scored twice in the second half.",
    ]
    v = embed(texts)
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_order_of_input_is_kept():
    texts = ["a much longer sentence about the central bank raising rates", "short"]
    v = embed(texts)
    w = embed(list(reversed(texts)))
    assert np.allclose(v, w[::-1], atol=1e-5)


def test_missing_weights_are_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTES_ENCODER", str(tmp_path))
    with pytest.raises(EncoderError, match="model.safetensors: encoder weights not found"):
        load_encoder(directory=tmp_path)


def test_altered_weights_are_refused(tmp_path):
    src = encoder_dir()
    for f in src.iterdir():
        if f.is_file():
            shutil.copy(f, tmp_path / f.name)
    with open(tmp_path / "model.safetensors", "r+b") as f:
        f.seek(10_000)
        f.write(b"\x00\x01\x02\x03")
    with pytest.raises(EncoderError, match="does not match"):
        load_encoder(directory=tmp_path)
