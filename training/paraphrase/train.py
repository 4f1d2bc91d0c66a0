"""Train the paraphrase decision shipped as quotes/data/paraphrase.npz (not imported by the package).

    nice env OMP_NUM_THREADS=1 .venv/bin/python training/paraphrase/train.py \
        --train ../shared/data/mrpc/msr_paraphrase_train.txt \
        --test ../shared/data/mrpc/msr_paraphrase_test.txt [--cache DIR]

Everything is decided on MRPC train by 5-fold cross-validation (the regularisation C and the
probability threshold, which maximises out-of-fold F1); the test split is scored once, to report.
Sentence embeddings are cached in --cache (one .npy per split) so that reruns skip the encoder.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from quotes.nlp.encoder import embed, load_encoder
from quotes.paraphrase import WEIGHTS, Decision, pair_features, read_pairs, scores


def embeddings(pairs, cache: Path | None, name: str):
    texts = [a for _, a, _ in pairs] + [b for _, _, b in pairs]
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:12]
    f = cache / f"{name}-{key}.npy" if cache else None
    if f and f.exists():
        e = np.load(f)
    else:
        t = time.time()
        e = embed(texts, load_encoder())
        print(f"encoded {len(texts)} sentences in {time.time() - t:.0f}s", file=sys.stderr)
        if f:
            f.parent.mkdir(parents=True, exist_ok=True)
            np.save(f, e)
    n = len(pairs)
    return e[:n], e[n:]


def best_threshold(y, p):
    best = (0.0, 0.5)
    for t in np.arange(0.20, 0.80, 0.01):
        f1 = scores(list(y), list(p >= t))["f1"]
        if f1 > best[0]:
            best = (f1, float(t))
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--test")
    ap.add_argument("--cache", type=Path, default=Path("/work/build/claims"))
    ap.add_argument("--out", type=Path, default=WEIGHTS)
    args = ap.parse_args()

    train = read_pairs(args.train)
    ua, ub = embeddings(train, args.cache, "train")
    a, b = [x for _, x, _ in train], [x for _, _, x in train]
    X = pair_features(ua, ub, a, b).astype(np.float64)
    y = np.array([g for g, _, _ in train])
    mean, scale = X.mean(0), X.std(0) + 1e-6
    Z = (X - mean) / scale

    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    results = {}
    for C in (0.01, 0.03, 0.1, 0.3, 1.0, 3.0):
        oof = np.zeros(len(y))
        for tr, te in folds.split(Z, y):
            m = LogisticRegression(C=C, max_iter=3000).fit(Z[tr], y[tr])
            oof[te] = m.predict_proba(Z[te])[:, 1]
        f1, t = best_threshold(y, oof)
        results[C] = (f1, t, scores(list(y), list(oof >= t))["accuracy"])
        print(f"C={C}: CV F1 {f1:.4f} (threshold {t:.2f}, accuracy {results[C][2]:.4f})", file=sys.stderr)
    C = max(results, key=lambda c: results[c][0])
    f1, t, acc = results[C]
    m = LogisticRegression(C=C, max_iter=3000).fit(Z, y)
    d = Decision(mean, scale, m.coef_[0], float(m.intercept_[0]), t)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    d.save(args.out, C=C, cv_f1=f1, cv_accuracy=acc)
    report = {"C": C, "threshold": round(t, 2), "cv_f1": f1, "cv_accuracy": acc}
    if args.test:
        test = read_pairs(args.test)
        va, vb = embeddings(test, args.cache, "test")
        Xt = pair_features(va, vb, [x for _, x, _ in test], [x for _, _, x in test])
        report["test"] = scores([g for g, _, _ in test], list(d.decide(Xt)))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
