"""Training the learned speaker choice (``quotes/extract/choose.py``).

    python -m training.speakers ../shared/gold/polnear_train.jsonl -o quotes/extract/models

For every gold article: parse (through the parse cache of ``quotes evaluate``), extract with the
rules and frames (the speaker choice and the scorer off), match the proposals to gold the way
``quotes evaluate`` does, and for each matched proposal whose gold attribution has a source, list
the candidate mentions (``choose.candidates``) and label each: does it overlap the gold source,
as ``quotes evaluate`` counts a speaker right? A scikit-learn logistic regression learns the
labels from ``choose.features``. Grouped
cross-validation over the articles (folds never split an article) chooses the regularisation and
the margin by which a rival candidate must beat the rules' choice: the pair with the most
held-out quotes whose speaker is right, taking the largest margin within 0.1% of the quotes of
the best count. Writes ``speaker.npz``
(weights, fp32) and ``speaker.json`` (the card) into the output folder.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from quotes.evaluate.runner import read_gold
from quotes.evaluate.score import gold_spans, match, predictions
from quotes.extract import extract_quotes
from quotes.extract.choose import candidates, cue_of, features
from quotes.extract.learned import feature_matrix, rule_group
from training.attribution.train import common_features, log, parsed_gold

C_GRID = (0.1, 0.3, 1.0, 3.0)
MARGINS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5)
TOLERANCE = 0.001


def collect(docs: list[dict], cached_only: bool) -> list[dict]:
    """One row per candidate: article, quote number, features, label, and whether the rules chose it."""
    rows = []
    for n, d, parsed, gold in parsed_gold(docs, cached_only):
        text = d["text"]
        quotes = extract_quotes(parsed, learned=False, choose=False)
        pairs = dict((pi, gi) for gi, pi in match(gold, predictions(quotes), text, 0.3))
        for pi, q in enumerate(quotes):
            gi = pairs.get(pi)
            sources = gold_spans(gold[gi], "speaker") if gi is not None else []
            if not sources:
                continue  # unmatched, or no source in the gold: no candidate is right
            sent, cands = candidates(parsed, q)
            if not cands:
                continue
            cue, rule = cue_of(sent, q), rule_group(q.rule)
            for c in cands:
                rows.append({"doc": n, "quote": pi, "chosen": c.chosen,
                             "y": any(c.mention.start < b and a < c.mention.end for a, b in sources),
                             "f": features(sent, q, c, len(cands), rule, cue)})
        if n % 100 == 0:
            log(f"{n}/{len(docs)} articles read")
    return rows


def vocabulary(rows: list[dict], min_count: int = 3) -> list[str]:
    return common_features((r["f"] for r in rows), min_count)


def design(rows: list[dict], names: list[str]) -> np.ndarray:
    return feature_matrix({n: i for i, n in enumerate(names)}, [r["f"] for r in rows], len(names))


def decide(p: np.ndarray, rows: list[dict], margin: float) -> dict:
    """Quotes whose speaker is right when a rival must beat the rules' choice by ``margin``."""
    by_quote: dict[tuple[int, int], list[int]] = {}
    for i, r in enumerate(rows):
        by_quote.setdefault((r["doc"], r["quote"]), []).append(i)
    right = switched = fixed = broken = 0
    for idx in by_quote.values():
        rule = next(i for i in idx if rows[i]["chosen"])
        best = max(idx, key=lambda i: p[i])
        pick = best if p[best] - p[rule] > margin else rule
        if pick != rule:
            switched += 1
            fixed += rows[pick]["y"] and not rows[rule]["y"]
            broken += rows[rule]["y"] and not rows[pick]["y"]
        right += rows[pick]["y"]
    return {"margin": margin, "quotes": len(by_quote), "right": right, "accuracy": round(right / len(by_quote), 4),
            "switched": switched, "fixed": fixed, "broken": broken}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Train the learned speaker choice on gold attributions.")
    ap.add_argument("gold", help="gold JSONL (PolNeAR format)")
    ap.add_argument("-o", "--output", required=True, help="folder for speaker.npz and speaker.json")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--cached-only", action="store_true", help="use only the articles already in the parse cache")
    args = ap.parse_args(argv)
    t0 = time.time()
    rows = collect(read_gold(args.gold, args.limit), args.cached_only)
    names = vocabulary(rows)
    x = design(rows, names)
    y = np.array([r["y"] for r in rows], int)
    groups = np.array([r["doc"] for r in rows])
    base = decide(np.array([float(r["chosen"]) for r in rows]), rows, 0.0)
    log(f"{len(rows)} candidates of {base['quotes']} quotes, {len(names)} features; the rules alone: {base}")
    grid = []
    for c in C_GRID:
        p = np.zeros(len(rows))
        for tr, te in GroupKFold(n_splits=args.folds).split(x, y, groups):
            p[te] = LogisticRegression(C=c, max_iter=3000).fit(x[tr], y[tr]).predict_proba(x[te])[:, 1]
        for margin in MARGINS:
            grid.append({"C": c, **decide(p, rows, margin)})
        log(f"C {c}: " + ", ".join(f"{g['margin']}: {g['right']}" for g in grid[-len(MARGINS):]))
    # the largest margin within 0.1% of the quotes of the best count: switching a speaker is a
    # claim too, so a switch must earn its keep beyond the noise of the folds
    top = max(g["right"] for g in grid)
    best = max((g for g in grid if g["right"] >= top - TOLERANCE * base["quotes"]),
               key=lambda g: (g["margin"], g["right"], -g["C"]))
    model = LogisticRegression(C=best["C"], max_iter=3000).fit(x, y)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "speaker.npz", names=np.array(names), coef=model.coef_[0].astype(np.float32),
                        bias=np.float32(model.intercept_[0]), margin=np.float32(best["margin"]))
    card = {
        "model": "learned speaker choice (quotes/extract/choose.py)",
        "trained_on": f"{len(set(groups))} articles of {Path(args.gold).name}: {len(rows)} candidate mentions of "
                      f"{base['quotes']} proposals that match a gold attribution with a source",
        "recipe": "python -m training.speakers " + " ".join(argv if argv is not None else sys.argv[1:]),
        "features": len(names),
        "cross_validation": f"{args.folds}-fold, grouped by article",
        "rules_alone": base,
        "chosen": {"C": best["C"], "margin": best["margin"]},
        "held_out": best,
        "grid": grid,
        "seconds": round(time.time() - t0),
    }
    (out / "speaker.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {out / 'speaker.npz'} and speaker.json: held-out {best}")


if __name__ == "__main__":
    main()
