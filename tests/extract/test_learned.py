"""The learned attribution scorer (quotes/extract/learned.py): shipped weights, calibrated confidence."""
import numpy as np
import pytest

from quotes.extract import extract_quotes
from quotes.extract import learned as L
from quotes.nlp import parse


def test_shipped_model_loads_with_its_card():
    w = L.load_weights()
    assert w is not None and 0 <= w.threshold < 1 and len(w.names) > 50
    card = L.card()
    assert card["cross_validation"].startswith("5-fold") and card["held_out_ece"]
    assert len(w.keep_coef) == len(w.names) + (384 if w.use_encoder else 0)


def test_confidence_is_a_probability_and_ranks_a_clear_quote_above_a_doubtful_one():
    text = ("The minister said that the talks would resume next week. "
            "A passerby discovered the wallet near the river on Sunday.")
    quotes = extract_quotes(parse(text))
    assert quotes and all(0.0 <= q.confidence <= 1.0 for q in quotes)
    said = [q for q in quotes if q.cue == "said"]
    assert said and said[0].confidence >= 0.7
    others = [q for q in quotes if q.cue != "said"]
    assert all(q.confidence < said[0].confidence for q in others)


def test_keep_threshold_drops_and_zero_keeps_everything(monkeypatch):
    parsed = parse("The minister said that the talks would resume next week.")
    proposals = extract_quotes(parsed, learned=False)
    w = L.load_weights()
    strict = L.Weights(w.names, w.keep_coef, w.keep_bias, w.conf_coef, w.conf_bias, w.iso_x, w.iso_y, 1.01,
                       w.use_encoder)
    assert L.score_quotes(parsed, list(proposals), strict) == []
    monkeypatch.setenv("QUOTES_KEEP_THRESHOLD", "0")
    monkeypatch.setenv("QUOTES_MIN_CONFIDENCE", "0")
    assert len(L.score_quotes(parsed, extract_quotes(parsed, learned=False))) == len(proposals)


def test_a_quote_under_the_confidence_floor_is_not_stored(monkeypatch):
    w = L.load_weights()
    card = L.card()
    # the floor is half the held-out end-to-end F1: under it a stored quote lowers the expected F1
    assert w.min_confidence == pytest.approx(card["held_out"]["end_to_end_f1"] / 2, abs=1e-3)
    assert card["chosen"]["min_confidence"] == pytest.approx(w.min_confidence, abs=1e-6)
    text = ("The minister said that the talks would resume next week. "
            "A passerby discovered the wallet near the river on Sunday.")
    parsed = parse(text)
    monkeypatch.setenv("QUOTES_KEEP_THRESHOLD", "0")
    monkeypatch.setenv("QUOTES_MIN_CONFIDENCE", "0")
    everything = L.score_quotes(parsed, extract_quotes(parsed, learned=False))
    monkeypatch.delenv("QUOTES_MIN_CONFIDENCE")
    stored = L.score_quotes(parsed, extract_quotes(parsed, learned=False))
    assert all(q.confidence >= w.min_confidence for q in stored)
    assert [text[q.start:q.end] for q in stored] == [text[q.start:q.end] for q in everything
                                                     if q.confidence >= w.min_confidence]


@pytest.mark.parametrize("speaker, expected", [("The Wednesday memo", 1.0), ("the minister", 0.0)])
def test_a_time_word_as_speaker_is_a_feature(speaker, expected):
    text = f"{speaker} said that the talks would resume."
    q = extract_quotes(parse(text), learned=False)[0]
    assert L.handcrafted(parse(text), q).get("speaker_time", 0.0) == expected


def test_weights_without_calibration_use_the_raw_probability():
    w = L.Weights(["bias"], np.array([0.0], np.float32), 0.0, np.array([1.0], np.float32), 0.0,
                  np.zeros(0, np.float32), np.zeros(0, np.float32), 0.5, False)
    keep, conf = w.probabilities(w.matrix([{"bias": 1.0}], None))
    assert keep[0] == pytest.approx(0.5) and conf[0] == pytest.approx(1 / (1 + np.exp(-1)))


@pytest.mark.parametrize("text, upos, first", [
    ("The minister said that the talks would resume.", "NOUN", "DET"),
    ("Angela Merkel said that the talks would resume.", "PROPN", "PROPN"),
    ("She said that the talks would resume.", "PRON", "PRON"),
])
def test_the_speakers_parts_of_speech_are_features(text, upos, first):
    parsed = parse(text)
    q = extract_quotes(parsed, learned=False)[0]
    f = L.handcrafted(parsed, q)
    assert f.get(f"speaker_upos={upos}") == 1.0 and f.get(f"speaker_first={first}") == 1.0
    assert sum(k.startswith("speaker_upos=") for k in f) == 1
