"""The offline encoder: verified before loading, never downloads, embeds sensibly."""
import shutil

import numpy as np
import pytest

from quotes.nlp.encoder import EncoderError, embed, encoder_dir, length_batches, load_encoder, shared_copy, verify


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


@pytest.mark.parametrize("lengths, batch_size, budget, expected", [
    ([5, 3, 4], 32, 100, [[1, 2, 0]]),  # in order of length, one batch
    ([5, 3, 4], 2, 100, [[1, 2], [0]]),  # at most batch_size items
    ([10, 10, 10, 40, 40], 32, 60, [[0, 1, 2], [3], [4]]),  # padded to 40, two would be 80 > 60
    ([500], 32, 60, [[0]]),  # one item over the budget still makes a batch
    ([], 32, 60, []),
])
def test_length_batches(lengths, batch_size, budget, expected):
    assert length_batches(lengths, batch_size, budget) == expected


def test_budget_does_not_change_float_embeddings():
    texts = ["short one", "a sentence of middling length about rates", "long " * 120, "tiny"]
    assert np.allclose(embed(texts, budget=100_000), embed(texts, budget=64), atol=1e-5)


def test_int8_and_float_encoders_share_weights():
    fp = load_encoder()
    q = load_encoder(int8=True)
    assert q.int8 and q is load_encoder(int8=True)
    assert q.model.embeddings.word_embeddings.weight.data_ptr() == fp.model.embeddings.word_embeddings.weight.data_ptr()
    assert q.tokenizer is fp.tokenizer
    # the float model is untouched by quantising its copy
    assert type(fp.model.encoder.layer[0].attention.self.query).__name__ == "Linear"
    assert fp.model.encoder.layer[0].attention.self.query.weight.dtype.is_floating_point
    texts = ["The minister said the budget would be balanced.", "The striker scored twice."]
    cos = (embed(texts, fp) * embed(texts, q)).sum(1)
    assert cos.min() > 0.8  # int8 is close to float, not equal


def test_shared_copy_shares_tensors_not_modules():
    fp = load_encoder()
    c = shared_copy(fp.model)
    assert c is not fp.model and c.encoder.layer[0] is not fp.model.encoder.layer[0]
    assert all(a is b for a, b in zip(c.parameters(), fp.model.parameters()))
