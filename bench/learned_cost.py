"""What the learned attribution scorer adds to ingest time, measured side by side in one run.

    python bench/learned_cost.py [--gold ../shared/gold/polnear_dev.jsonl] [--limit 12]

For each article, in one process and one thread: the Stanza parse with the bundled models, the
extraction without the scorer, and the scorer alone (features, the int8 encoder, the two heads).
CPU time (``time.process_time``) rather than wall time, so that other jobs on the machine do
not skew the ratio. Writes bench/results/learned_cost.json and prints a line for bench/README.md.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold" / "polnear_dev.jsonl"))
    ap.add_argument("--limit", type=int, default=12)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "learned_cost.json"))
    args = ap.parse_args()

    import torch

    torch.set_num_threads(1)
    from quotes.extract import extract_quotes
    from quotes.extract.learned import load_weights, score_quotes
    from quotes.nlp import parse

    if load_weights() is None:
        sys.exit("no learned model in the package (quotes/extract/models/attribution.npz)")
    texts = [json.loads(line)["text"] for line in open(args.gold, encoding="utf-8") if line.strip()][: args.limit]
    parse(texts[0][:200])  # load the pipeline and the encoder before timing
    score_quotes(parse(texts[0][:500]), extract_quotes(parse(texts[0][:500]), learned=False))
    t_parse = t_rules = t_learned = 0.0
    words = kept = proposed = 0
    for text in texts:
        c0 = time.process_time()
        parsed = parse(text)
        c1 = time.process_time()
        quotes = extract_quotes(parsed, learned=False)
        c2 = time.process_time()
        scored = score_quotes(parsed, quotes)
        c3 = time.process_time()
        t_parse += c1 - c0
        t_rules += c2 - c1
        t_learned += c3 - c2
        words += len(text.split())
        proposed += len(quotes)
        kept += len(scored)
    base = t_parse + t_rules
    result = {"articles": len(texts), "words": words, "cpu_seconds": {"parse": round(t_parse, 2),
              "rules_and_frames": round(t_rules, 2), "learned_scorer": round(t_learned, 2)},
              "learned_share_of_ingest": round(t_learned / base, 4), "quotes_proposed": proposed, "quotes_kept": kept,
              "words_per_cpu_second": {"without_scorer": round(words / base), "with_scorer": round(words / (base + t_learned))}}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result))
    print(f"learned scorer: +{100 * t_learned / base:.1f}% CPU over parse + rules ({len(texts)} articles, {words} words)")


if __name__ == "__main__":
    main()
