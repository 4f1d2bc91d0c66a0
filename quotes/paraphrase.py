"""The paraphrase decision: do two sentences state the same thing in other words?

:func:`decide` applies the decision in force: the LoRA cross-encoder of :mod:`quotes.paraphrase_ce`
when its adapters ship (MRPC test F1 0.858), else the logistic model below (F1 0.837).

A logistic model over the cosine of the two sentence embeddings and lexical evidence (numbers and
names that must agree, word, bigram and character overlap, length), trained on MRPC train by
``training/paraphrase/train.py``; its weights ship as ``data/paraphrase.npz`` (under a kilobyte).
The embedding components ``|u - v|`` and ``u * v`` as features were tried and lower the
cross-validated F1 (0.825 against 0.837: 768 dimensions over-fit 4,076 pairs). The encoder is the offline, hash-verified all-MiniLM-L6-v2 of
:mod:`quotes.nlp.encoder`.

:func:`evaluate_pairs` scores the decision on MRPC-format pairs (``quotes evaluate
--paraphrase PAIRS.tsv``). The lexical functions (:func:`numbers`, :func:`names`,
:func:`agree`) are also the hard checks of claim matching (:mod:`quotes.claims`).
"""
from __future__ import annotations

import csv
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

__all__ = [
    "numbers", "names", "content_words", "lexical_features", "pair_features", "Decision",
    "load_decision", "read_pairs", "evaluate_pairs", "PairsError", "agree", "counted",
]

WEIGHTS = Path(__file__).parent / "data" / "paraphrase.npz"
CE_WEIGHTS = Path(__file__).parent / "data" / "paraphrase_lora.npz"  # see quotes/paraphrase_ce.py


class PairsError(ValueError):
    """A pairs file that cannot be read (message names the problem; the caller adds the path)."""


# --------------------------------------------------------------------------- lexical evidence

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12, "half": 0.5,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6,
           "mln": 1e6, "k": 1e3, "percent": 1, "per": 1}
_NUM = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(%|percent\b|per cent\b|thousand\b|million\b|"
    r"billion\b|trillion\b|bn\b|mln\b|m\b|k\b))?",
    re.I,
)
_WORD_NUM = re.compile(
    r"\b(" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")(?:[\s-]+(" +
    "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r"))?(?:\s+(thousand|million|billion|trillion))?\b",
    re.I,
)
_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


def numbers(text: str) -> frozenset[float]:
    """The numeric values a text states: ``735 million`` -> 7.35e8, ``1.5 billion`` -> 1.5e9,
    ``two million`` -> 2e6, ``40%`` -> 40. ``one`` alone is not counted (``one of them``)."""
    out: set[float] = set()
    spans = []
    for m in _NUM.finditer(text):
        raw = m.group(1).replace(",", "")
        try:
            v = float(raw)
        except ValueError:
            continue
        unit = (m.group(2) or "").lower().replace("per cent", "percent")
        if unit in _SCALES:
            v *= _SCALES[unit]
        out.add(round(v, 6))
        spans.append(m.span())
    for m in _WORD_NUM.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        a = _NUMBER_WORDS[m.group(1).lower()]
        b = _NUMBER_WORDS.get((m.group(2) or "").lower())
        scale = m.group(3)
        if b is not None:
            v = a * b if b == 100 else (a + b if a >= 20 and b < 10 else None)
            if v is None:  # "one two" etc.: two separate words
                v = a
        else:
            v = a
        if scale:
            v *= _SCALES[scale.lower()]
        elif m.group(1).lower() in ("one", "half") and b is None:
            continue
        out.add(round(float(v), 6))
    return frozenset(out)


_STOP = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being it its
    this that these those he she they we you i his her their our your my me him them us who whom which
    what when where why how not no nor so than too very can could will would shall should may might must
    do does did has have had having there here about into over under after before up down out off again
    also just only said says say told tell according mr mrs ms dr s t""".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d[\d,.]*")
_TITLE_WORDS = frozenset(
    "the a an mr mrs ms dr he she it they we i but and in on at for if as this that there when while after "
    "before according however his her their its our".split()
)


def _stem(w: str) -> str:
    w = w.lower().replace("’", "'")
    for suf in ("'s", "ing", "edly", "ed", "es", "s", "ly"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            break
    return w[:6]


def content_words(text: str) -> list[str]:
    """Lower-cased, crudely stemmed content words (stop words dropped)."""
    return [_stem(w) for w in _WORD.findall(text) if w.lower() not in _STOP and not w[0].isdigit()]


def names(text: str) -> frozenset[str]:
    """Proper names (a proxy without a parser): capitalised words that do not open the text or a
    sentence, months and a few function words left out; lower-cased."""
    out = set()
    prev_end = None
    for m in re.finditer(r"\S+", text):
        raw = m.group(0)
        w = raw.strip("\"'“”‘’()[],.;:!?-—")
        opens = prev_end is None or re.search(r"[.!?:\"“]\s*$", text[max(0, prev_end - 2):m.start()] or "")
        prev_end = m.end()
        if not w or not w[0].isupper() or opens:
            continue
        lw = w.lower().replace("’", "'")
        if lw.endswith("'s"):
            lw = lw[:-2]
        if lw in _TITLE_WORDS or lw in _MONTHS or lw in _STOP:
            continue
        if w.isupper() and len(w) <= 1:
            continue
        out.add(lw)
    return frozenset(out)


def _jaccard(a, b) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a or b else 1.0


def _bigrams(ws: list[str]) -> set[tuple[str, str]]:
    return set(zip(ws, ws[1:]))


LEXICAL = (
    "words_jaccard", "words_containment", "bigram_jaccard", "names_jaccard", "names_only_one",
    "numbers_both", "numbers_differ", "numbers_jaccard", "len_ratio", "len_diff_log",
    "char_ratio", "token_set_ratio",
)


def lexical_features(a: str, b: str) -> list[float]:
    """The lexical evidence of a pair, in the order of :data:`LEXICAL`."""
    from rapidfuzz import fuzz

    wa, wb = content_words(a), content_words(b)
    sa, sb = set(wa), set(wb)
    na, nb = names(a), names(b)
    ua, ub = numbers(a), numbers(b)
    la, lb = len(a.split()), len(b.split())
    both = bool(ua) and bool(ub)
    return [
        _jaccard(sa, sb),
        len(sa & sb) / max(1, min(len(sa), len(sb))),
        _jaccard(_bigrams(wa), _bigrams(wb)),
        _jaccard(na, nb),
        len(na ^ nb) / max(1, len(na | nb)),
        float(both),
        float(both and ua != ub) + float(bool(ua) != bool(ub)) * 0.5,
        _jaccard(ua, ub),
        min(la, lb) / max(1, la, lb),
        abs(math.log((la + 1) / (lb + 1))),
        fuzz.ratio(a.lower(), b.lower()) / 100.0,
        fuzz.token_set_ratio(a.lower(), b.lower()) / 100.0,
    ]


_SCALE_WORDS = frozenset("thousand million billion trillion percent per cent bn mln m k hundred dozen more than over "
                         "about nearly almost some around least".split())


def counted(text: str) -> dict[float, frozenset[str]]:
    """For each number a text states, what it counts: the stem of the next content word
    (``two million children`` -> {2e6: {'childr'}}); empty when nothing follows."""
    out: dict[float, set[str]] = {}
    for rx in (_NUM, _WORD_NUM):
        for m in rx.finditer(text):
            vals = numbers(m.group(0))
            if not vals:
                continue
            after = _WORD.findall(text[m.end():m.end() + 60])
            nxt = [w for w in after if w.lower() not in _SCALE_WORDS and w.lower() not in _STOP][:1]
            for v in vals:
                out.setdefault(v, set()).update(_stem(w) for w in nxt if not w[0].isdigit())
    return {k: frozenset(v) for k, v in out.items()}


def agree(a: str, b: str) -> bool:
    """The hard check of claim matching: the numbers two texts state must be the same, and each
    side's proper names must appear on the other side (as a name or a word) where both name any."""
    ua, ub = numbers(a), numbers(b)
    if (ua or ub) and ua != ub:
        # a year on one side only (a date added in passing) is not a contradiction
        years = {v for v in ua ^ ub if v.is_integer() and _YEAR.match(str(int(v)))}
        if (ua - years) != (ub - years):
            return False
    ca, cb = counted(a), counted(b)
    for v in set(ca) & set(cb):
        if ca[v] and cb[v] and not (ca[v] & cb[v]):  # "two million trees" is not "two million children"
            return False
    na, nb = names(a), names(b)
    if na and nb:
        la, lb = {w.lower().replace("’", "'") for w in _WORD.findall(a)}, {w.lower().replace("’", "'") for w in _WORD.findall(b)}
        if not (na <= lb or nb <= la) and not (na & nb):
            return False
    return True


def pair_features(u, v, a: Sequence[str], b: Sequence[str]):
    """Feature matrix of pairs: the cosine of the (normalised) embeddings and the lexical features."""
    import numpy as np

    u = np.asarray(u, dtype=np.float32)
    v = np.asarray(v, dtype=np.float32)
    cos = (u * v).sum(1, keepdims=True)
    lex = np.array([lexical_features(x, y) for x, y in zip(a, b)], dtype=np.float32).reshape(len(a), len(LEXICAL))
    return np.hstack([cos, lex])


# --------------------------------------------------------------------------- the decision


@dataclass
class Decision:
    """Standardise, then a logistic model; ``threshold`` on its probability (chosen by CV)."""

    mean: object
    scale: object
    coef: object
    intercept: float
    threshold: float

    def probability(self, features):
        import numpy as np

        z = (np.asarray(features, dtype=np.float64) - self.mean) / self.scale
        return 1.0 / (1.0 + np.exp(-(z @ self.coef + self.intercept)))

    def decide(self, features):
        return self.probability(features) >= self.threshold

    def save(self, path: str | Path, **meta) -> None:
        import numpy as np

        np.savez_compressed(path, mean=self.mean.astype(np.float32), scale=self.scale.astype(np.float32),
                            coef=self.coef.astype(np.float32), intercept=np.float32(self.intercept),
                            threshold=np.float32(self.threshold),
                            **{k: np.asarray(v) for k, v in meta.items()})


@lru_cache(maxsize=2)
def load_decision(path: str | Path = WEIGHTS) -> Decision:
    import numpy as np

    with np.load(path) as z:
        return Decision(z["mean"].astype(np.float64), z["scale"].astype(np.float64), z["coef"].astype(np.float64),
                        float(z["intercept"]), float(z["threshold"]))


def probability(a: Sequence[str], b: Sequence[str], ua=None, ub=None):
    """Paraphrase probability of each pair ``(a[i], b[i])`` by the logistic decision;
    embeddings computed when not given."""
    from .nlp.encoder import embed

    if ua is None:
        ua = embed(list(a))
    if ub is None:
        ub = embed(list(b))
    return load_decision().probability(pair_features(ua, ub, a, b))


def decision_name() -> str:
    """The decision in force: ``cross-encoder`` when its adapters ship (``data/paraphrase_lora.npz``),
    else ``logistic``; ``QUOTES_PARAPHRASE`` picks one."""
    want = os.environ.get("QUOTES_PARAPHRASE", "").strip().lower()
    if want in ("logistic", "cross-encoder"):
        return want
    return "cross-encoder" if CE_WEIGHTS.is_file() else "logistic"


def decision_threshold() -> tuple[str, float]:
    """(name, F1 threshold) of the decision in force, without deciding anything."""
    name = decision_name()
    if name == "cross-encoder":
        from . import paraphrase_ce

        return name, paraphrase_ce.load()[1]
    return name, load_decision().threshold


def decide(a: Sequence[str], b: Sequence[str], ua=None, ub=None, floor: float | None = None):
    """(probabilities, threshold, name) of the decision in force for the pairs ``(a[i], b[i])``.

    ``floor``: the caller only asks which pairs reach it; a value under it may then be a lower
    bound (the cross-encoder skips the second reading of a pair that cannot reach it)."""
    name = decision_name()
    if name == "cross-encoder":
        from . import paraphrase_ce

        ce, threshold = paraphrase_ce.load()
        return ce.probability(list(a), list(b), floor=floor), threshold, name
    return probability(a, b, ua, ub), load_decision().threshold, name


# --------------------------------------------------------------------------- MRPC pairs


def read_pairs(path: str | Path) -> list[tuple[int, str, str]]:
    """MRPC-format pairs: tab-separated ``Quality, #1 ID, #2 ID, #1 String, #2 String`` with a
    header line (a byte-order mark is allowed). Raises :class:`PairsError` on anything else."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PairsError("no such file") from None
    except UnicodeDecodeError:
        raise PairsError("not UTF-8 text") from None
    except OSError as e:
        raise PairsError(e.strerror or str(e)) from None
    out = []
    rows = list(csv.reader(raw.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    for n, row in enumerate(rows, 1):
        if not row or (n == 1 and row[0].strip().lower() in ("quality", "label", "﻿quality")):
            continue
        if len(row) != 5 or row[0].strip() not in ("0", "1"):
            raise PairsError(f"line {n}: expected 5 tab-separated fields (Quality 0/1, #1 ID, #2 ID, #1 String, #2 String)")
        out.append((int(row[0]), row[3], row[4]))
    if not out:
        raise PairsError("no pairs")
    return out


def scores(gold: Sequence[int], pred: Sequence[bool]) -> dict:
    tp = sum(1 for g, p in zip(gold, pred) if g and p)
    fp = sum(1 for g, p in zip(gold, pred) if not g and p)
    fn = sum(1 for g, p in zip(gold, pred) if g and not p)
    n = len(gold)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "pairs": n,
        "accuracy": round(sum(1 for g, p in zip(gold, pred) if bool(g) == bool(p)) / n, 4) if n else 0.0,
        "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0,
        "precision": round(prec, 4),
        "recall": round(rec, 4),
    }


def evaluate_pairs(path: str | Path) -> dict:
    """Accuracy, F1, precision and recall of the decision on an MRPC-format file."""
    pairs = read_pairs(path)
    gold = [g for g, _, _ in pairs]
    prob, threshold, name = decide([a for _, a, _ in pairs], [b for _, _, b in pairs])
    return {**scores(gold, list(prob >= threshold)), "threshold": round(threshold, 4), "decision": name}


def format_scores(r: dict) -> str:
    return (f"decision   {r.get('decision', 'logistic')}\npairs      {r['pairs']}\naccuracy   {r['accuracy']:.4f}\nf1         {r['f1']:.4f}\n"
            f"precision  {r['precision']:.4f}\nrecall     {r['recall']:.4f}\n")
