"""Scoring, pure: score extraction against gold attributions (the JSONL format of ``shared/gold/README.md``).

Matching is one-to-one: a prediction matches a gold quote when it covers at least ``t`` of the
gold content characters (t = 0.3 and 0.8; edge punctuation and whitespace ignored). Reported:
precision, recall and F1 at both thresholds, character-overlap P/R/F1, speaker accuracy on
matched quotes (the predicted mention overlaps the gold source span), end-to-end quote+speaker F1
and recall by type.
"""
from __future__ import annotations

import json
import string
from dataclasses import dataclass
from typing import Iterable

from ..types import Quote

__all__ = [
    "THRESHOLDS", "EDGE", "Pred", "content_chars", "predictions", "match", "gold_spans", "speaker_ok",
    "speaker_strict", "prf", "score", "rule_family", "context", "error_rows", "gold_as_preds", "agreement",
    "format_agreement", "format_report",
]

EDGE = set(string.punctuation + string.whitespace + "“”‘’«»—–…")
THRESHOLDS = (0.3, 0.8)


def content_chars(spans: Iterable[tuple[int, int]], text: str) -> set[int]:
    """Content characters of ``spans``, ignoring whitespace and edge punctuation of each span."""
    out: set[int] = set()
    for a, b in spans:
        while a < b and text[a] in EDGE:
            a += 1
        while b > a and text[b - 1] in EDGE:
            b -= 1
        out.update(i for i in range(a, b) if not text[i].isspace())
    return out


@dataclass
class Pred:
    spans: list[tuple[int, int]]
    type: str
    speaker: tuple[int, int] | None
    speaker_text: str | None
    cue: str | None
    rule: str
    confidence: float = 0.5
    kind: str = "speech"


def predictions(quotes: list[Quote]) -> list[Pred]:
    out = []
    for q in quotes:
        sp = q.speaker
        if sp is None and q.speaker_ref is not None:
            # continuation: no mention at this place; use the source mention it continues
            for prev in reversed(quotes[: quotes.index(q)]):
                if prev.speaker is not None and prev.speaker_ref == q.speaker_ref:
                    sp = prev.speaker
                    break
        out.append(Pred(q.spans, q.type, (sp.start, sp.end) if sp else None, sp.text if sp else None, q.cue, q.rule,
                        q.confidence, q.kind))
    return out


def match(gold: list[dict], preds: list[Pred], text: str, threshold: float) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by overlap; returns (gold index, pred index) pairs.

    A pair qualifies when the prediction covers at least ``threshold`` of the gold content. Pairs
    are taken best first: by coverage of the gold content, then by the share of the prediction
    that the gold content makes up, so a long prediction that covers two gold quotes goes to the
    one it mostly consists of, not to a short one nested in it; then in text order.
    """
    gchars = [content_chars([tuple(s) for s in g["spans"]], text) for g in gold]
    pchars = [content_chars(p.spans, text) for p in preds]
    cands = []
    for gi, gc in enumerate(gchars):
        if not gc:
            continue
        for pi, pc in enumerate(pchars):
            inter = len(gc & pc)
            if inter and inter / len(gc) >= threshold:
                cands.append((-inter / len(gc), -inter / len(pc), gi, pi))
    cands.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, _, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def gold_spans(g: dict, part: str) -> list[list[int]]:
    """A gold quote's ``speaker`` or ``cue`` spans: ``<part>_spans``, else ``<part>_start``/``_end``."""
    if g.get(f"{part}_spans"):
        return g[f"{part}_spans"]
    return [[g[f"{part}_start"], g[f"{part}_end"]]] if g.get(f"{part}_start") is not None else []


def speaker_ok(g: dict, p: Pred) -> bool:
    """The predicted speaker mention overlaps the gold source span; for a gold attribution with
    no source in the text (``has_source`` false: "is expected to", "has been accused of"), the
    right answer is no speaker."""
    spans = gold_spans(g, "speaker")
    if p.speaker is None:
        return not spans
    return any(p.speaker[0] < b and a < p.speaker[1] for a, b in spans)


def speaker_strict(g: dict, p: Pred) -> bool:
    """The stricter reading: only a predicted mention that overlaps a gold source counts, so an
    attribution with no source is never right."""
    return p.speaker is not None and speaker_ok(g, p)


def prf(tp: float, npred: int, ngold: int) -> dict:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score(scored: Iterable[tuple[dict, list[Pred]]], keep_errors: bool = False) -> dict:
    """Score the predictions made for each gold article: ``(gold article, predictions)`` pairs
    in, the figures (and with ``keep_errors`` every miss, false positive and wrong speaker) out."""
    totals = {t: {"tp": 0, "speaker_ok": 0, "speaker_strict": 0, "sourceless": 0} for t in THRESHOLDS}
    n_gold = n_pred = 0
    char_tp = char_pred = char_gold = 0
    by_type: dict[str, list[int]] = {}
    by_rule: dict[str, list[int]] = {}
    errors: list[dict] = []
    confidences: list[tuple[float, bool]] = []
    by_kind: dict[str, list[int]] = {}
    n_docs = 0
    for d, preds in scored:
        n_docs += 1
        text = d["text"]
        gold = [g for g in d["quotes"] if g.get("spans")]
        n_gold += len(gold)
        n_pred += len(preds)
        gall = set().union(*[content_chars([tuple(s) for s in g["spans"]], text) for g in gold]) if gold else set()
        pall = set().union(*[content_chars(p.spans, text) for p in preds]) if preds else set()
        char_tp += len(gall & pall)
        char_pred += len(pall)
        char_gold += len(gall)
        for t in THRESHOLDS:
            pairs = match(gold, preds, text, t)
            totals[t]["tp"] += len(pairs)
            totals[t]["speaker_ok"] += sum(1 for gi, pi in pairs if speaker_ok(gold[gi], preds[pi]))
            totals[t]["speaker_strict"] += sum(1 for gi, pi in pairs if speaker_strict(gold[gi], preds[pi]))
            totals[t]["sourceless"] += sum(1 for gi, _ in pairs if not gold_spans(gold[gi], "speaker"))
            if t == THRESHOLDS[0]:
                matched_g = {gi for gi, _ in pairs}
                matched_p = {pi for _, pi in pairs}
                right = {pi for gi, pi in pairs if speaker_ok(gold[gi], preds[pi])}
                for pi, p in enumerate(preds):
                    row = by_rule.setdefault(rule_family(p.rule), [0, 0])
                    row[0] += 1
                    row[1] += pi in matched_p
                    row = by_kind.setdefault(p.kind, [0, 0])
                    row[0] += 1
                    row[1] += pi in matched_p
                    confidences.append((p.confidence, pi in right))
                for gi, g in enumerate(gold):
                    by_type.setdefault(g["type"], [0, 0])
                    by_type[g["type"]][1] += 1
                    if gi in matched_g:
                        by_type[g["type"]][0] += 1
                if keep_errors:
                    errors.extend(error_rows(d, gold, preds, pairs, text))
    out = {"articles": n_docs, "gold": n_gold, "predicted": n_pred}
    for t in THRESHOLDS:
        tp = totals[t]["tp"]
        key = f"coverage@{t}"
        out[key] = prf(tp, n_pred, n_gold)
        out[key]["speaker_accuracy"] = round(totals[t]["speaker_ok"] / tp, 4) if tp else 0.0
        out[key]["speaker_accuracy_strict"] = round(totals[t]["speaker_strict"] / tp, 4) if tp else 0.0
        out[key]["matched_without_source"] = totals[t]["sourceless"]
        out[key]["end_to_end"] = prf(totals[t]["speaker_ok"], n_pred, n_gold)
    out["characters"] = prf(char_tp, char_pred, char_gold)
    out["recall_by_type"] = {k: round(v[0] / v[1], 4) if v[1] else 0.0 for k, v in sorted(by_type.items())}
    out["precision_by_rule"] = {k: {"predicted": n, "precision": round(m / n, 4)}
                                for k, (n, m) in sorted(by_rule.items(), key=lambda kv: -kv[1][0])}
    out["precision_by_kind"] = {k: {"predicted": n, "precision": round(m / n, 4)}
                                for k, (n, m) in sorted(by_kind.items(), key=lambda kv: -kv[1][0])}
    out["calibration"] = calibration(confidences)
    if keep_errors:
        out["errors"] = errors
    return out


def calibration(pairs: list[tuple[float, bool]], bins: int = 10) -> dict:
    """How well ``confidence`` predicts that a quote and its speaker are right (matched at 30%
    coverage with the right speaker): expected calibration error over equal-width bins, and the
    reliability table behind it."""
    table, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = [ok for c, ok in pairs if lo <= c < hi or (b == bins - 1 and c == hi)]
        if not sel:
            continue
        conf = sum(c for c, _ in pairs if lo <= c < hi or (b == bins - 1 and c == hi)) / len(sel)
        acc = sum(sel) / len(sel)
        ece += len(sel) / len(pairs) * abs(conf - acc)
        table.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(sel), "confidence": round(conf, 3), "right": round(acc, 3)})
    return {"ece": round(ece, 4), "reliability": table}


def rule_family(rule: str) -> str:
    """``frame-obl:about`` -> ``frame``; the rules of ``extract`` keep their names."""
    return "frame" if rule.startswith("frame-") else rule or "?"


def context(text: str, a: int, b: int, pad: int = 60) -> str:
    return (text[max(0, a - pad) : a] + "[[" + text[a:b] + "]]" + text[b : b + pad]).replace("\n", " ")


def error_rows(d: dict, gold: list[dict], preds: list[Pred], pairs: list[tuple[int, int]], text: str) -> list[dict]:
    mg = {gi for gi, _ in pairs}
    mp = {pi for _, pi in pairs}
    out = []
    for gi, g in enumerate(gold):
        if gi not in mg:
            out.append({"article": d.get("id"), "kind": "miss", "type": g["type"], "speaker": g.get("speaker"),
                        "cue": g.get("cue"), "context": context(text, g["start"], g["end"])})
    for pi, p in enumerate(preds):
        if pi not in mp:
            out.append({"article": d.get("id"), "kind": "false_positive", "type": p.type, "speaker": p.speaker_text,
                        "cue": p.cue, "rule": p.rule, "context": context(text, p.spans[0][0], p.spans[-1][1])})
    for gi, pi in pairs:
        if not speaker_ok(gold[gi], preds[pi]):
            out.append({"article": d.get("id"), "kind": "wrong_speaker", "gold_speaker": gold[gi].get("speaker"),
                        "predicted_speaker": preds[pi].speaker_text, "rule": preds[pi].rule,
                        "context": context(text, gold[gi]["start"], gold[gi]["end"])})
    return out


def gold_as_preds(quotes: list[dict]) -> list[Pred]:
    out = []
    for q in quotes:
        if not q.get("spans"):
            continue
        spans = gold_spans(q, "speaker")
        out.append(Pred([tuple(s) for s in q["spans"]], q.get("type", ""), tuple(spans[0]) if spans else None,
                        q.get("speaker"), q.get("cue"), "annotator"))
    return out


def agreement(docs: list[dict]) -> dict:
    """How much annotators agree: the same texts annotated by several people (PolNeAR's
    multi-annotator file), each annotation scored against every other one as if it were the
    prediction, with the same matching as :func:`evaluate_docs` (30% coverage)."""
    by_text: dict[str, list[dict]] = {}
    for d in docs:
        by_text.setdefault(d["text"], []).append(d)
    tp = n_pred = n_gold = n_speaker_ok = pairs_scored = 0
    for text, anns in by_text.items():
        for gi, g in enumerate(anns):
            gold = [q for q in g["quotes"] if q.get("spans")]
            for pi, p in enumerate(anns):
                if gi == pi:
                    continue
                preds = gold_as_preds(p["quotes"])
                pairs = match(gold, preds, text, THRESHOLDS[0])
                tp += len(pairs)
                n_pred += len(preds)
                n_gold += len(gold)
                n_speaker_ok += sum(1 for a, b in pairs if speaker_ok(gold[a], preds[b]))
                pairs_scored += 1
    out = {"texts": len(by_text), "annotation_pairs": pairs_scored, f"coverage@{THRESHOLDS[0]}": prf(tp, n_pred, n_gold)}
    out[f"coverage@{THRESHOLDS[0]}"]["speaker_accuracy"] = round(n_speaker_ok / tp, 4) if tp else 0.0
    return out


def format_agreement(r: dict) -> str:
    c = r[f"coverage@{THRESHOLDS[0]}"]
    return (f"{r['texts']} texts, {r['annotation_pairs']} ordered annotator pairs: P {c['precision']:.3f} "
            f"R {c['recall']:.3f} F1 {c['f1']:.3f} speaker {c['speaker_accuracy']:.3f}")


def format_report(r: dict, errors: bool = False) -> str:
    lines = [f"articles {r['articles']}  gold quotes {r['gold']}  predicted {r['predicted']}", ""]
    lines.append(f"{'':<16}{'P':>8}{'R':>8}{'F1':>8}{'speaker':>10}{'e2e F1':>9}")
    for t in THRESHOLDS:
        c = r[f"coverage@{t}"]
        lines.append(f"{'coverage@' + str(t):<16}{c['precision']:>8.3f}{c['recall']:>8.3f}{c['f1']:>8.3f}"
                     f"{c['speaker_accuracy']:>10.3f}{c['end_to_end']['f1']:>9.3f}")
    c = r[f"coverage@{THRESHOLDS[0]}"]
    if "speaker_accuracy_strict" in c:
        lines.append(f"speaker accuracy {c['speaker_accuracy']:.3f}; strict {c['speaker_accuracy_strict']:.3f} "
                     f"(counting the {c['matched_without_source']} matched quotes with no source in the gold as wrong)")
    c = r["characters"]
    lines.append(f"{'characters':<16}{c['precision']:>8.3f}{c['recall']:>8.3f}{c['f1']:>8.3f}")
    lines.append("")
    lines.append("recall by type: " + ", ".join(f"{k} {v:.3f}" for k, v in r["recall_by_type"].items()))
    if r.get("precision_by_rule"):
        lines.append("precision by rule (predicted): " + ", ".join(
            f"{k} {v['precision']:.2f} ({v['predicted']})" for k, v in r["precision_by_rule"].items()))
    if r.get("precision_by_kind"):
        lines.append("precision by kind (predicted): " + ", ".join(
            f"{k} {v['precision']:.2f} ({v['predicted']})" for k, v in r["precision_by_kind"].items()))
    if r.get("calibration"):
        cal = r["calibration"]
        lines.append(f"confidence: expected calibration error {cal['ece']:.3f}; " + ", ".join(
            f"{t['bin']} {t['right']:.2f} of {t['n']}" for t in cal["reliability"]))
    if errors and r.get("errors"):
        lines.append("")
        for e in r["errors"]:
            lines.append(json.dumps(e, ensure_ascii=False))
    return "\n".join(lines)
