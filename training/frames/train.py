"""Training the cue-frame model of ``quotes/extract/frames.py`` from gold attributions.

    python -m training.frames ../shared/gold/polnear_train.jsonl -o quotes/extract/data/frames.tsv

Parses the gold texts with the bundled models (through the parse cache of ``quotes evaluate``),
labels every frame candidate the rules leave (:func:`label`), fits a logistic regression over the
candidates' features with a torch optimiser (:func:`fit`) and chooses the threshold by 5-fold
cross-validation over the articles (:func:`cross_validated_threshold`). Rebuild it after a change
to the rules: it learns what the rules still miss.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from quotes.evaluate import Pred, cached_parse, content_chars, gold_spans, match, read_gold
from quotes.extract import extract_quotes
from quotes.extract.frames import DEFAULT_THRESHOLD, Candidate, Model, candidates, select
from quotes.nlp.doc import Parsed
from quotes.types import Quote


def label(parsed: Parsed, gold: list[dict], taken: list[Quote]) -> tuple[list[tuple[Candidate, bool]], int]:
    """One article's candidates, each labelled: True when its cue word lies in a gold cue and its
    content covers at least 30% of that gold content, for a gold attribution no quote of
    ``taken`` matches (what the rules missed). Also returns how many gold quotes ``taken`` matches."""
    text = parsed.text
    preds = [Pred(q.spans, q.type, None, None, q.cue, q.rule) for q in taken]
    matched = {gi for gi, _ in match(gold, preds, text, 0.3)}
    gchars = [content_chars([tuple(s) for s in g["spans"]], text) for g in gold]
    out = []
    for c in candidates(parsed, taken):
        q = c.quote
        pc = content_chars(q.spans, text)
        taken_gold = matched
        if c.host is not None:
            # the host quote ends at the cut: which gold quotes do the rules match then?
            cut = [Pred([(t.start, c.cut)] if t is c.host else t.spans, t.type, None, None, t.cue, t.rule) for t in taken]
            taken_gold = {gi for gi, _ in match(gold, cut, text, 0.3)}
        hit = any(gi not in taken_gold and gc and any(a < q.cue_end and q.cue_start < b for a, b in gold_spans(g, "cue"))
                  and len(gc & pc) / len(gc) >= 0.3 for gi, (g, gc) in enumerate(zip(gold, gchars)))
        out.append((c, hit))
    return out, len(matched)


def fit(samples: list[tuple[list[str], bool]], min_count: int = 2, l2: float = 1e-4, epochs: int = 60,
        threshold: float = DEFAULT_THRESHOLD) -> Model:
    """Logistic regression over binary features (features seen fewer than ``min_count`` times
    are dropped), full-batch Adam with an L2 penalty. Deterministic."""
    import torch

    counts: dict[str, int] = {}
    for feats, _ in samples:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(vocab)}
    rows, cols = [], []
    for r, (feats, _) in enumerate(samples):
        for f in set(feats):
            if f in index:
                rows.append(r)
                cols.append(index[f])
    x = torch.sparse_coo_tensor([rows, cols], torch.ones(len(rows)), (len(samples), len(vocab)),
                                check_invariants=False).coalesce()
    y = torch.tensor([float(lab) for _, lab in samples])
    torch.manual_seed(0)
    w = torch.zeros(len(vocab), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    opt = torch.optim.Adam([w, b], lr=0.1)
    for _ in range(epochs):
        opt.zero_grad()
        z = torch.sparse.mm(x, w.unsqueeze(1)).squeeze(1) + b
        loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y) + l2 * (w * w).sum()
        loss.backward()
        opt.step()
    weights = {f: round(float(v), 4) for f, v in zip(vocab, w.detach()) if abs(float(v)) >= 1e-3}
    return Model(weights, round(float(b.detach()), 4), threshold)


def write_model(model: Model, path, source: str = "") -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Learned cue frames (quotes/extract/frames.py, trained by training/frames): logistic weights over parse features.\n")
        f.write(f"# Trained on {source}.\n# Weights only, no text. Rebuild: python -m training.frames GOLD.jsonl -o quotes/extract/data/frames.tsv\n")
        f.write(f"@bias\t{model.bias}\n@threshold\t{model.threshold}\n")
        for name, v in sorted(model.weights.items(), key=lambda kv: (-abs(kv[1]), kv[0])):
            f.write(f"{name}\t{v}\n")


@dataclass
class Article:
    """What training needs of one gold article: labelled candidates and the rules' counts."""

    labelled: list[tuple[Candidate, bool]]
    rule_tp: int
    rule_pred: int
    gold: int


FOLDS = 5


def cross_validated_threshold(articles: list[Article], folds: int = FOLDS) -> tuple[float, float]:
    """Fit on all but one fold of the articles, score that fold, for each fold in turn; the
    threshold that maximises quote F1 over the pooled held-out scores, and that F1."""
    scored = []
    for k in range(folds):
        model = fit([(c.features, hit) for n, a in enumerate(articles) if n % folds != k for c, hit in a.labelled])
        scored += [(a, _scored(model, a)) for n, a in enumerate(articles) if n % folds == k]
    return _best_threshold(scored)


def _scored(model: Model, a: Article) -> list[tuple[float, Candidate, bool]]:
    hits = {id(c): hit for c, hit in a.labelled}
    return [(p, c, hits[id(c)]) for p, c in model.score(c for c, _ in a.labelled)]


def _best_threshold(scored_articles: list[tuple[Article, list[tuple[float, Candidate, bool]]]],
                    grid: Iterable[float] | None = None) -> tuple[float, float]:
    grid = list(grid) if grid is not None else [round(0.1 + 0.05 * k, 2) for k in range(17)]
    articles = [a for a, _ in scored_articles]
    scored = [sc for _, sc in scored_articles]
    best = (DEFAULT_THRESHOLD, -1.0)
    for t in grid:
        tp = npred = ngold = 0
        for a, sc in zip(articles, scored):
            hits = {id(c): hit for _, c, hit in sc}
            chosen = select([(p, c) for p, c, _ in sc], t)
            tp += a.rule_tp + sum(hits[id(c)] for _, c in chosen)
            npred += a.rule_pred + len(chosen)
            ngold += a.gold
        f1 = 2 * tp / (npred + ngold) if npred + ngold else 0.0
        if f1 > best[1]:
            best = (t, f1)
    return best


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Train the cue-frame model on gold attributions; write data/frames.tsv")
    ap.add_argument("gold", help="gold JSONL (shared/gold/README.md format)")
    ap.add_argument("-o", "--output", required=True, help="where to write the model (the package reads quotes/extract/data/frames.tsv)")
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    docs = read_gold(args.gold, args.limit)
    articles: list[Article] = []
    for n, d in enumerate(docs, 1):
        parsed = cached_parse(d["text"])
        taken = extract_quotes(parsed, frames=False)
        gold = [g for g in d["quotes"] if g.get("spans")]
        labelled, rule_tp = label(parsed, gold, taken)
        articles.append(Article(labelled, rule_tp, len(taken), len(gold)))
        if n % 100 == 0:
            print(f"{n}/{len(docs)} articles", file=sys.stderr)
    samples = [(c.features, hit) for a in articles for c, hit in a.labelled]
    pos = sum(1 for _, h in samples if h)
    print(f"{len(samples)} candidates, {pos} positive", file=sys.stderr)
    threshold, f1 = cross_validated_threshold(articles)
    rules_f1 = 2 * sum(a.rule_tp for a in articles) / sum(a.rule_pred + a.gold for a in articles)
    print(f"cross-validated F1: rules {rules_f1:.4f}, with frames {f1:.4f} at threshold {threshold}", file=sys.stderr)
    model = fit(samples, threshold=threshold)
    write_model(model, args.output, f"{len(docs)} articles of {Path(args.gold).name} ({len(samples)} candidates, "
                f"{pos} positive); threshold {threshold} chosen by {FOLDS}-fold cross-validation "
                f"(F1 {rules_f1:.3f} -> {f1:.3f} on held-out articles)")
    print(f"{len(model.weights)} weights written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
