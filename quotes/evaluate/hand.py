"""Scoring against hand labels of stored predictions: how often a stored ``speech`` or ``claim``
attribution is one.

The labels (``tests/evaluate/data/polnear_dev_hand_labels.jsonl``) hold, for a random sample of the
predictions of kind ``speech`` or ``claim`` on the PolNeAR dev articles (200 drawn in one database,
30 more drawn later among the predictions not yet labelled), only ids, offsets and
judgements, no article text: ``article`` (the PolNeAR id), ``start``/``end`` (the content),
``speaker_start``/``speaker_end`` (the source mention, ``null`` for a continuation), ``kind`` (as
predicted when labelled), and the judgements ``attribution`` (true: words said or a proposition
attributed to a source; false: narration, an action, a scare quote), ``true_kind`` (``speech``,
``claim``, ``opinion``, ``act`` or ``none``), ``span`` (``good``, ``partial``, ``bad``) and
``speaker`` (``right``, ``wrong``, ``unclear``: the canonical speaker in a database of the dev
articles).

``polnear_train_hand_labels.jsonl`` beside it holds the train predictions that rule changes
were decided on (``sample``: ``changed``, the speech and claim predictions the noun-phrase and
writer's-voice rules moved; ``weak``, those with no resolved source or a frame with no known
stance), each judged the same way; they are not a random sample of all predictions.

The pipeline is run again on the labelled articles. A label counts when the same content
offsets are still predicted with kind ``speech`` or ``claim``; its speaker judgement counts only
when the source mention is also the same. Labels whose prediction is gone or changed kind are
counted apart, so a later change of the rules shows what it dropped.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from pathlib import Path

from ..run.analyse import analyse
from .runner import cached_parse, json_lines

__all__ = ["read_hand_labels", "evaluate_hand", "wilson", "format_hand"]

KINDS = ("speech", "claim")
_FIELDS = {"article", "start", "end", "speaker_start", "speaker_end", "kind", "attribution", "true_kind",
           "span", "speaker"}
_CHOICES = {
    "true_kind": {"speech", "claim", "opinion", "act", "none"},
    "span": {"good", "partial", "bad"},
    "speaker": {"right", "wrong", "unclear"},
}


def read_hand_labels(path: str | Path) -> dict[str, list[dict]]:
    """Labels by article id. A malformed line is a ``ValueError`` naming it."""
    out: dict[str, list[dict]] = defaultdict(list)
    for n, d in json_lines(path):
        if not isinstance(d, dict) or not _FIELDS <= set(d):
            raise ValueError(f"line {n}: expected {', '.join(sorted(_FIELDS))}")
        if not isinstance(d["attribution"], bool):
            raise ValueError(f"line {n}: attribution must be true or false")
        for key, allowed in _CHOICES.items():
            if d[key] not in allowed:
                raise ValueError(f"line {n}: {key} must be one of {', '.join(sorted(allowed))}")
        out[d["article"]].append(d)
    return dict(out)


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``k/n`` (95% by default)."""
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4))


def _ratio(k: int, n: int) -> float:
    return round(k / n, 4) if n else 0.0


def evaluate_hand(docs: list[dict], labels: dict[str, list[dict]], models: str | None = None,
                  use_cache: bool = True) -> dict:
    """Run the pipeline on the labelled articles (``docs``: PolNeAR records) and score the labels
    that still match a prediction of kind speech or claim."""
    by_id = {d["id"]: d for d in docs if "id" in d}
    missing = sorted(set(labels) - set(by_id))
    if missing:
        raise ValueError(f"{len(missing)} labelled article(s) not in the articles file (first: {missing[0]})")
    counts: Counter = Counter()
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for aid, items in labels.items():
        d = by_id[aid]
        quotes, _ = analyse(cached_parse(d["text"], models, use_cache), d.get("title"))
        now = {(q.start, q.end): q for q in quotes}
        for lab in items:
            q = now.get((lab["start"], lab["end"]))
            if q is None:
                counts["gone"] += 1
                continue
            if q.kind not in KINDS:
                counts["other_kind"] += 1
                continue
            counts["judged"] += 1
            ok = lab["attribution"] and lab["true_kind"] in KINDS
            counts["correct"] += ok
            counts["kind_exact"] += lab["attribution"] and lab["true_kind"] == q.kind
            counts["attribution"] += lab["attribution"]
            by_kind[q.kind]["n"] += 1
            by_kind[q.kind]["correct"] += ok
            if ok:
                counts["span_good"] += lab["span"] == "good"
            mention = (q.speaker.start, q.speaker.end) if q.speaker else (None, None)
            if ok and mention == (lab["speaker_start"], lab["speaker_end"]) and lab["speaker"] != "unclear":
                counts["speaker_judged"] += 1
                counts["speaker_right"] += lab["speaker"] == "right"
    n, k = counts["judged"], counts["correct"]
    return {
        "labels": sum(len(v) for v in labels.values()),
        "judged": n,
        "gone": counts["gone"],
        "other_kind": counts["other_kind"],
        "precision": _ratio(k, n),
        "precision_ci95": wilson(k, n),
        "attribution": _ratio(counts["attribution"], n),
        "kind_exact": _ratio(counts["kind_exact"], n),
        "by_kind": {kind: {"n": c["n"], "precision": _ratio(c["correct"], c["n"])} for kind, c in sorted(by_kind.items())},
        "span_good": _ratio(counts["span_good"], k),
        "speaker_right": _ratio(counts["speaker_right"], counts["speaker_judged"]),
        "speaker_judged": counts["speaker_judged"],
    }


def format_hand(r: dict) -> str:
    lo, hi = r["precision_ci95"]
    lines = [
        f"hand labels {r['labels']}: judged {r['judged']} (prediction gone {r['gone']}, now another kind {r['other_kind']})",
        f"precision of speech + claim {r['precision']:.3f} (95% interval {lo:.3f}-{hi:.3f}); "
        f"an attribution at all {r['attribution']:.3f}; the exact kind {r['kind_exact']:.3f}",
    ]
    for kind, c in r["by_kind"].items():
        lines.append(f"  {kind:<7} {c['n']:>4}  precision {c['precision']:.3f}")
    lines.append(f"of the right ones: span good {r['span_good']:.3f}; speaker right {r['speaker_right']:.3f} "
                 f"(of {r['speaker_judged']} with the labelled mention and a clear answer)")
    return "\n".join(lines)
