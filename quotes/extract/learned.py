"""The learned attribution scorer: which extracted quotes to keep, and how sure to be of each.

The rules and the cue frames propose quotes; this layer scores every proposal with two logistic
models over the same features and sets two things:

- ``keep``: the probability that the proposal is an attribution at all (its content covers at
  least 30% of a gold attribution's). Proposals under the threshold chosen by cross-validation
  on PolNeAR train are dropped: sports results, market tables, "READ MORE" and the like.
- ``confidence``: the probability that the quote *and its speaker* are right, calibrated by
  isotonic regression on held-out folds of train. This is the number stored in
  ``quotes.confidence``; no rule sets its own constant.

Features: what the rules know (rule, type, kind, stance, cue lemma, the speaker mention's kind
and shape, the content's length and shape, the frame model's probability) and a sentence
embedding of "speaker cue: content" from the pretrained encoder (all-MiniLM-L6-v2, int8, cut to
:data:`MAX_WORDPIECES`), so that a content which reads like a statement counts for more than one
that reads like a score line.

The weights are ``models/attribution.npz`` beside this file, written by ``python -m
training.attribution`` (see MODELS.md for its card); without that file the layer does nothing.
"""
from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from ..nlp.doc import Parsed
from ..types import Quote

MAX_WORDPIECES = 48
MODEL_FILE = "models/attribution.npz"
CARD_FILE = "models/attribution.json"

_TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
               "yesterday", "tomorrow", "january", "february", "march", "april", "may", "june", "july",
               "august", "september", "october", "november", "december", "week", "month", "year", "night",
               "morning", "evening", "afternoon"}
_QUANTIFIERS = {"both", "which", "all", "some", "many", "most", "several", "each", "every", "any", "few", "none"}
_NUMBER = re.compile(r"\d")
_CAPS = re.compile(r"\b[A-Z]{3,}\b")


def rule_group(rule: str) -> str:
    """``frame-obl:about`` -> ``frame``; other rules keep their names."""
    return "frame" if rule.startswith("frame-") else rule or "?"


def bucket(n: float, edges: tuple[float, ...]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e:g}"
    return f">{edges[-1]:g}"


def content_text(text: str, q: Quote) -> str:
    return " … ".join(text[a:b] for a, b in q.spans)


def handcrafted(parsed: Parsed, q: Quote) -> dict[str, float]:
    """The rule-side features of one proposal (one-hot strings and a few numbers)."""
    text = parsed.text
    content = content_text(text, q)
    words = content.split()
    nw = len(words)
    f: dict[str, float] = {
        "bias": 1.0,
        f"rule={rule_group(q.rule)}": 1.0,
        f"type={q.type}": 1.0,
        f"kind={q.kind}": 1.0,
        f"stance={q.stance or '-'}": 1.0,
        f"cue={(q.cue_lemma or '-').lower()}": 1.0,
        f"words{bucket(nw, (2, 4, 8, 16, 32, 64))}": 1.0,
        f"spans={min(len(q.spans), 3)}": 1.0,
        "log_words": math.log1p(nw),
        "rule_confidence": float(q.confidence),
        "digits": sum(bool(_NUMBER.search(w)) for w in words) / max(nw, 1),
        "capitalised": sum(w[:1].isupper() for w in words) / max(nw, 1),
        "caps_words": float(bool(_CAPS.search(content))),
        "quote_marks": float(any(c in content for c in "\"“”«»")),
        "opens_that": float(content[:5].lower().startswith("that ")),
        "ends_stop": float(content.rstrip()[-1:] in ".!?\"”'"),
        "via": float(bool(q.via)),
        "addressee": float(q.addressee is not None),
    }
    if q.rule.startswith("frame-"):
        f[f"frame={q.rule[6:].split(':')[0]}"] = 1.0
    sp = q.speaker
    if sp is None:
        f["speaker=none"] = 1.0
    else:
        stext = sp.text.strip()
        low = stext.lower().split()
        f[f"speaker={sp.kind}"] = 1.0
        f[f"speaker_ner={sp.ner or '-'}"] = 1.0
        f[f"speaker_words{bucket(len(low), (1, 2, 3, 5))}"] = 1.0
        f["speaker_time"] = float(any(w.strip(".,") in _TIME_WORDS for w in low))
        f["speaker_quantifier"] = float(bool(low) and low[0] in _QUANTIFIERS)
        f["speaker_digit"] = float(bool(_NUMBER.search(stext)))
        f["speaker_lower"] = float(stext[:1].islower())
        if 0 <= sp.sentence_index < len(parsed.sentences):
            # the parse's view of the mention: "cited derogatory" (a verb), "of those 529 college
            # savings" (a preposition first) name nobody
            swords = parsed.sentences[sp.sentence_index].words
            if 0 <= sp.head < len(swords):
                f[f"speaker_upos={swords[sp.head].upos}"] = 1.0
            first = next((w for w in swords if w.start >= sp.start and w.end <= sp.end), None)
            if first is not None:
                f[f"speaker_first={first.upos}"] = 1.0
        if q.cue_start is not None:
            f["speaker_before_cue"] = float(sp.start < q.cue_start)
            gap = abs(q.cue_start - sp.end) if sp.end <= q.cue_start else abs(sp.start - (q.cue_end or q.cue_start))
            f[f"speaker_gap{bucket(gap, (1, 5, 20, 60))}"] = 1.0
    if q.cue_start is None:
        f["cue=none"] = 1.0
    else:
        f["cue_before"] = float(q.cue_start < q.start)
        f["cue_inside"] = float(q.start <= q.cue_start < q.end)
    sent = parsed.sentences[q.sentence_index] if 0 <= q.sentence_index < len(parsed.sentences) else None
    if sent is not None:
        f[f"sentence_words{bucket(len(sent.words), (5, 10, 20, 40, 80))}"] = 1.0
        f["sentence_share"] = min(1.0, nw / max(len(sent.words), 1))
        # a headline-like or table-like line: a short line with no verb, or a line of capitals
        line_start = text.rfind("\n", 0, q.start) + 1
        line_end = text.find("\n", q.end)
        line = text[line_start: line_end if line_end >= 0 else len(text)]
        f["line_caps_lead"] = float(bool(re.match(r"\s*[A-Z][A-Z &/-]{2,}:", line)))
    return f


def encoder_input(parsed: Parsed, q: Quote) -> str:
    """What the encoder reads of a proposal: "speaker cue: content"."""
    sp = q.speaker.text if q.speaker is not None else "someone"
    return f"{sp} {q.cue or ''}: {content_text(parsed.text, q)}"


def encoded(parsed: Parsed, quotes: list[Quote]) -> np.ndarray:
    """The encoder's vectors of the proposals (rows in order), int8, length-sorted batches."""
    from ..nlp.encoder import embed, load_encoder

    if not quotes:
        return np.zeros((0, 384), dtype=np.float32)
    return embed([encoder_input(parsed, q) for q in quotes], load_encoder(int8=True), max_length=MAX_WORDPIECES)


def feature_matrix(index: dict[str, int], feats: list[dict[str, float]], width: int) -> np.ndarray:
    """Rows of named features as a dense float32 matrix; names outside ``index`` are ignored."""
    x = np.zeros((len(feats), width), np.float32)
    for r, f in enumerate(feats):
        for k, v in f.items():
            i = index.get(k)
            if i is not None:
                x[r, i] = v
    return x


@dataclass
class Weights:
    """The shipped model: feature names, two logistic heads, the calibration and the threshold."""

    names: list[str]
    keep_coef: np.ndarray
    keep_bias: float
    conf_coef: np.ndarray
    conf_bias: float
    iso_x: np.ndarray
    iso_y: np.ndarray
    threshold: float
    use_encoder: bool
    min_confidence: float = 0.0

    def matrix(self, feats: list[dict[str, float]], vectors: np.ndarray | None) -> np.ndarray:
        x = feature_matrix({n: i for i, n in enumerate(self.names)}, feats,
                           len(self.names) + (vectors.shape[1] if vectors is not None else 0))
        if vectors is not None and len(feats):
            x[:, len(self.names):] = vectors
        return x

    def probabilities(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(keep probability, calibrated confidence) per row."""
        keep = 1.0 / (1.0 + np.exp(-(x @ self.keep_coef + self.keep_bias)))
        raw = 1.0 / (1.0 + np.exp(-(x @ self.conf_coef + self.conf_bias)))
        conf = np.interp(raw, self.iso_x, self.iso_y) if len(self.iso_x) else raw
        return keep, conf


def weights_from(data: dict) -> Weights:
    return Weights(
        names=[str(n) for n in data["names"]],
        keep_coef=np.asarray(data["keep_coef"], np.float32), keep_bias=float(data["keep_bias"]),
        conf_coef=np.asarray(data["conf_coef"], np.float32), conf_bias=float(data["conf_bias"]),
        iso_x=np.asarray(data["iso_x"], np.float32), iso_y=np.asarray(data["iso_y"], np.float32),
        threshold=float(data["threshold"]), use_encoder=bool(data["use_encoder"]),
        min_confidence=float(data["min_confidence"]) if "min_confidence" in data else 0.0)


def packaged_arrays(name: str) -> dict | None:
    """The arrays of a model file shipped in ``quotes/extract`` (``models/....npz``), or None."""
    try:
        with resources.files("quotes.extract").joinpath(name).open("rb") as fh:
            return dict(np.load(fh, allow_pickle=False))
    except (FileNotFoundError, OSError):
        return None


def packaged_card(name: str) -> dict:
    """A model card shipped in ``quotes/extract`` (``models/....json``), or {}."""
    try:
        return json.loads(resources.files("quotes.extract").joinpath(name).read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError):
        return {}


@lru_cache(maxsize=None)
def load_weights() -> Weights | None:
    """The shipped model, or None when the package has none (then nothing is scored)."""
    data = packaged_arrays(MODEL_FILE)
    return weights_from(data) if data is not None else None


def card() -> dict:
    """The model card written by training (``models/attribution.json``), or {}."""
    return packaged_card(CARD_FILE)


def features(parsed: Parsed, quotes: list[Quote], use_encoder: bool) -> tuple[list[dict[str, float]], np.ndarray | None]:
    return [handcrafted(parsed, q) for q in quotes], (encoded(parsed, quotes) if use_encoder else None)


def score_quotes(parsed: Parsed, quotes: list[Quote], weights: Weights | None = None) -> list[Quote]:
    """Set each quote's calibrated ``confidence`` and drop those the model does not keep.
    A quote whose confidence is under the model's ``min_confidence`` is not stored either: it is
    more likely wrong than worth storing (half the held-out end-to-end F1, the threshold at which
    a calibrated probability adds to the expected F1). ``QUOTES_KEEP_THRESHOLD`` and
    ``QUOTES_MIN_CONFIDENCE`` override them (0 keeps everything)."""
    w = weights or load_weights()
    if w is None or not quotes:
        return quotes
    feats, vectors = features(parsed, quotes, w.use_encoder)
    keep, conf = w.probabilities(w.matrix(feats, vectors))
    env = os.environ.get("QUOTES_KEEP_THRESHOLD")
    threshold = float(env) if env else w.threshold
    env = os.environ.get("QUOTES_MIN_CONFIDENCE")
    floor = float(env) if env else w.min_confidence
    out = []
    for q, k, c in zip(quotes, keep, conf):
        if k < threshold or c < floor:
            continue
        q.confidence = round(float(c), 3)
        out.append(q)
    return out
