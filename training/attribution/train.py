"""Training the learned attribution scorer (``quotes/extract/learned.py``).

    python -m training.attribution ../shared/gold/polnear_train.jsonl -o quotes/extract/models

For every gold article: parse (through the parse cache of ``quotes evaluate``), extract with the
rules and frames (the scorer off), resolve speakers, and label each proposal the way ``quotes
evaluate`` scores it: *match* (its content covers >= 30% of a gold attribution's, one to one) and
*right* (a match whose speaker is right too). Two scikit-learn logistic regressions learn them
from the features of ``learned.py``; everything is chosen by grouped cross-validation over the
articles (folds never split an article): the regularisation of each head, whether the encoder's
vectors earn their cost, the keep threshold (best pooled held-out quote F1), and the calibration
of the confidence (isotonic, fitted on held-out scores; kept only when it lowers the held-out
expected calibration error), and the confidence under which a quote is not stored (half the
held-out end-to-end F1). Writes ``attribution.npz`` (weights, fp32) and ``attribution.json``
(the card: data, choices, cross-validated figures, reliability table) into the output folder.
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from quotes.evaluate.runner import cache_path, cached_parse, read_gold
from quotes.evaluate.score import match, predictions, speaker_ok
from quotes.extract import extract_quotes
from quotes.extract.learned import MAX_WORDPIECES, Weights, encoded, handcrafted
from quotes.identity.local import resolve_speakers

C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
THRESHOLDS = tuple(round(0.02 * k, 2) for k in range(0, 36))
BINS = 10


@dataclass
class Article:
    """One gold article's proposals: features, encoder vectors and labels."""

    id: str
    feats: list[dict[str, float]]
    vectors: np.ndarray
    match: np.ndarray
    right: np.ndarray
    gold: int


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def parsed_gold(docs: list[dict], cached_only: bool):
    """``(number, article, parse, gold attributions with spans)`` of each gold article, parsed
    through the parse cache (only the cached ones with ``cached_only``)."""
    for n, d in enumerate(docs, 1):
        if cached_only and not cache_path(d["text"], None).exists():
            continue
        yield n, d, cached_parse(d["text"]), [g for g in d["quotes"] if g.get("spans")]


def collect(docs: list[dict], cached_only: bool, use_encoder: bool) -> list[Article]:
    out = []
    for n, d, parsed, gold in parsed_gold(docs, cached_only):
        text = d["text"]
        quotes = extract_quotes(parsed, learned=False)
        resolve_speakers(parsed, quotes)
        preds = predictions(quotes)
        pairs = match(gold, preds, text, 0.3)
        y_match = np.zeros(len(quotes), bool)
        y_right = np.zeros(len(quotes), bool)
        for gi, pi in pairs:
            y_match[pi] = True
            y_right[pi] = speaker_ok(gold[gi], preds[pi])
        vectors = encoded(parsed, quotes) if use_encoder else np.zeros((len(quotes), 0), np.float32)
        out.append(Article(str(d.get("id", n)), [handcrafted(parsed, q) for q in quotes], vectors,
                           y_match, y_right, len(gold)))
        if n % 25 == 0:
            log(f"{n}/{len(docs)} articles read, {len(out)} used")
    return out


def common_features(feats, min_count: int = 3) -> list[str]:
    """The feature names seen in at least ``min_count`` of the feature dicts, sorted."""
    counts: dict[str, int] = {}
    for f in feats:
        for k in f:
            counts[k] = counts.get(k, 0) + 1
    return sorted(k for k, n in counts.items() if n >= min_count)


def vocabulary(articles: list[Article], min_count: int = 3) -> list[str]:
    return common_features((f for a in articles for f in a.feats), min_count)


def design(articles: list[Article], names: list[str], use_encoder: bool) -> tuple[np.ndarray, ...]:
    w = Weights(names, np.zeros(0), 0.0, np.zeros(0), 0.0, np.zeros(0), np.zeros(0), 0.5, use_encoder)
    xs, ym, yr, groups = [], [], [], []
    for g, a in enumerate(articles):
        xs.append(w.matrix(a.feats, a.vectors if use_encoder else None))
        ym.append(a.match)
        yr.append(a.right)
        groups.append(np.full(len(a.feats), g))
    return np.vstack(xs), np.concatenate(ym), np.concatenate(yr), np.concatenate(groups)


def oof(x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float, folds: int) -> np.ndarray:
    """Held-out probabilities: each article scored by a model that never saw it."""
    p = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=folds).split(x, y, groups):
        m = LogisticRegression(C=c, max_iter=3000).fit(x[tr], y[tr])
        p[te] = m.predict_proba(x[te])[:, 1]
    return p


def logloss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def f1_at(p: np.ndarray, y_match: np.ndarray, y_right: np.ndarray, n_gold: int, t: float) -> dict:
    kept = p >= t
    tp, npred = int(y_match[kept].sum()), int(kept.sum())
    ok = int(y_right[kept].sum())
    prec, rec = tp / max(npred, 1), tp / max(n_gold, 1)
    e2e_p, e2e_r = ok / max(npred, 1), ok / max(n_gold, 1)
    return {"threshold": t, "precision": round(prec, 4), "recall": round(rec, 4),
            "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0,
            "speaker_accuracy": round(ok / max(tp, 1), 4),
            "end_to_end_f1": round(2 * e2e_p * e2e_r / (e2e_p + e2e_r), 4) if e2e_p + e2e_r else 0.0,
            "predicted": npred}


def reliability(p: np.ndarray, y: np.ndarray, bins: int = BINS) -> tuple[float, list[dict]]:
    """Expected calibration error and the table behind it (equal-width bins)."""
    rows, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = (p >= lo) & ((p < hi) if b < bins - 1 else (p <= hi))
        if not sel.any():
            continue
        conf, acc = float(p[sel].mean()), float(y[sel].mean())
        ece += sel.sum() / len(p) * abs(conf - acc)
        rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(sel.sum()), "confidence": round(conf, 3),
                     "accuracy": round(acc, 3)})
    return round(ece, 4), rows


def nested_isotonic_ece(p: np.ndarray, y: np.ndarray, groups: np.ndarray, folds: int) -> tuple[float, np.ndarray]:
    """Held-out ECE of isotonic calibration fitted on the other folds' held-out scores."""
    q = np.zeros(len(p))
    for tr, te in GroupKFold(n_splits=folds).split(p, y, groups):
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(p[tr], y[tr])
        q[te] = iso.predict(p[te])
    return reliability(q, y)[0], q


def choose(x, ym, yr, groups, n_gold, folds):
    """Cross-validate both heads over C; the keep threshold by pooled held-out F1."""
    best_keep = min(((logloss(p := oof(x, ym, groups, c, folds), ym), c, p) for c in C_GRID), key=lambda t: t[0])
    best_conf = min(((logloss(p := oof(x, yr, groups, c, folds), yr), c, p) for c in C_GRID), key=lambda t: t[0])
    curve = [f1_at(best_keep[2], ym, yr, n_gold, t) for t in THRESHOLDS]
    best = max(curve, key=lambda r: (r["f1"], -r["threshold"]))
    return {"keep_c": best_keep[1], "keep_logloss": round(best_keep[0], 4), "conf_c": best_conf[1],
            "conf_logloss": round(best_conf[0], 4), "curve": curve, "best": best,
            "p_keep": best_keep[2], "p_conf": best_conf[2]}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Train the learned attribution scorer on gold attributions.")
    ap.add_argument("gold", help="gold JSONL (PolNeAR format)")
    ap.add_argument("-o", "--output", required=True, help="folder for attribution.npz and attribution.json")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--cached-only", action="store_true", help="use only the articles already in the parse cache")
    ap.add_argument("--features", help="pickle of collected features: read when present, else written")
    ap.add_argument("--no-encoder", action="store_true", help="never use the encoder's vectors")
    args = ap.parse_args(argv)
    t0 = time.time()
    docs = read_gold(args.gold, args.limit)
    if args.features and Path(args.features).exists():
        articles = pickle.loads(Path(args.features).read_bytes())
        log(f"{len(articles)} articles from {args.features}")
    else:
        articles = collect(docs, args.cached_only, use_encoder=not args.no_encoder)
        if args.features:
            Path(args.features).write_bytes(pickle.dumps(articles))
    n_gold = sum(a.gold for a in articles)
    names = vocabulary(articles)
    log(f"{len(articles)} articles, {sum(len(a.feats) for a in articles)} proposals, {n_gold} gold, "
        f"{len(names)} features")
    base = None
    results = {}
    options = [False] if args.no_encoder or articles[0].vectors.shape[1] == 0 else [False, True]
    for use_enc in options:
        x, ym, yr, groups = design(articles, names, use_enc)
        if base is None:
            base = f1_at(np.ones(len(ym)), ym, yr, n_gold, 0.0)
            log(f"rules and frames alone: {base}")
        results[use_enc] = choose(x, ym, yr, groups, n_gold, args.folds)
        log(f"encoder={use_enc}: keep C {results[use_enc]['keep_c']} conf C {results[use_enc]['conf_c']} "
            f"best {results[use_enc]['best']} conf logloss {results[use_enc]['conf_logloss']}")
    # the encoder must earn its cost: a better held-out F1 by at least 0.002, or a better confidence
    use_enc = True in results and (results[True]["best"]["f1"] >= results[False]["best"]["f1"] + 0.002
                                   or results[True]["conf_logloss"] < results[False]["conf_logloss"] - 0.005)
    r = results[use_enc]
    x, ym, yr, groups = design(articles, names, use_enc)
    kept = r["p_keep"] >= r["best"]["threshold"]
    raw_ece, raw_table = reliability(r["p_conf"][kept], yr[kept])
    iso_ece, iso_p = nested_isotonic_ece(r["p_conf"][kept], yr[kept], groups[kept], args.folds)
    use_iso = iso_ece < raw_ece
    log(f"held-out ECE of kept quotes: raw {raw_ece}, isotonic {iso_ece}")
    keep_model = LogisticRegression(C=r["keep_c"], max_iter=3000).fit(x, ym)
    conf_model = LogisticRegression(C=r["conf_c"], max_iter=3000).fit(x, yr)
    if use_iso:
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(r["p_conf"], yr)
        iso_x, iso_y = iso.X_thresholds_.astype(np.float32), iso.y_thresholds_.astype(np.float32)
        table = reliability(iso_p, yr[kept])[1]
    else:
        iso_x = iso_y = np.zeros(0, np.float32)
        table = raw_table
    # the storage floor: a quote adds to the expected end-to-end F1 only when the probability that
    # it and its speaker are right is at least half that F1 (Lipton et al. 2014, "Optimal
    # thresholding of classifiers to maximize F1"); under it a stored quote is more likely a false claim
    min_confidence = round(r["best"]["end_to_end_f1"] / 2, 3)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "attribution.npz", names=np.array(names), keep_coef=keep_model.coef_[0].astype(np.float32),
                        keep_bias=np.float32(keep_model.intercept_[0]), conf_coef=conf_model.coef_[0].astype(np.float32),
                        conf_bias=np.float32(conf_model.intercept_[0]), iso_x=iso_x, iso_y=iso_y,
                        threshold=np.float32(r["best"]["threshold"]), use_encoder=np.bool_(use_enc),
                        min_confidence=np.float32(min_confidence))
    card = {
        "model": "learned attribution scorer (quotes/extract/learned.py)",
        "trained_on": f"{len(articles)} articles of {Path(args.gold).name} ({sum(len(a.feats) for a in articles)} "
                      f"proposals of the rules and frames, {int(sum(a.match.sum() for a in articles))} matching a gold "
                      f"attribution; {n_gold} gold attributions)",
        "recipe": "python -m training.attribution " + " ".join(argv if argv is not None else sys.argv[1:]),
        "features": len(names), "encoder": "all-MiniLM-L6-v2 int8, 'speaker cue: content', "
                                           f"{MAX_WORDPIECES} wordpieces" if use_enc else "not used",
        "cross_validation": f"{args.folds}-fold, grouped by article",
        "rules_and_frames_alone": base,
        "chosen": {"keep_C": r["keep_c"], "confidence_C": r["conf_c"], "threshold": r["best"]["threshold"],
                   "calibration": "isotonic" if use_iso else "none (raw logistic)",
                   "min_confidence": min_confidence},
        "held_out": r["best"],
        "held_out_without_encoder": results[False]["best"],
        "held_out_with_encoder": results[True]["best"] if True in results else None,
        "confidence_logloss": {"without_encoder": results[False]["conf_logloss"],
                               "with_encoder": results[True]["conf_logloss"] if True in results else None},
        "held_out_ece": {"raw": raw_ece, "isotonic": iso_ece},
        "reliability": table,
        "threshold_curve": [{k: c[k] for k in ("threshold", "precision", "recall", "f1")} for c in r["curve"]],
        "seconds": round(time.time() - t0),
    }
    (out / "attribution.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {out / 'attribution.npz'} and attribution.json: held-out {r['best']}")


if __name__ == "__main__":
    main()
