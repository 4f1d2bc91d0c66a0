"""Training the learned speaker choice (training/speakers) on a tiny gold file."""
import json

import numpy as np

from quotes.extract.choose import weights_from
from training.speakers import train as T


def test_training_writes_weights_and_a_card_the_loader_reads(tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTES_PARSE_CACHE", str(tmp_path / "cache"))
    texts = ["The minister told the mayor that the talks would resume next week.",
             "Senator Jones, a Democrat from Ohio, said that the bill would pass easily."]
    docs = []
    for n in range(8):
        t = texts[n % 2]
        a = t.index("that the") + 5
        b = t.index(".", a)
        cue = "told" if n % 2 == 0 else "said"
        src = t.index("minister") + 8 if n % 2 == 0 else t.index(",")
        docs.append({"id": f"d{n}", "text": t, "quotes": [
            {"type": "indirect", "spans": [[a, b]], "start": a, "end": b,
             "cue_spans": [[t.index(cue), t.index(cue) + 4]], "speaker_spans": [[0, src]]}]})
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    T.main([str(gold), "-o", str(out), "--folds", "2"])
    card = json.loads((out / "speaker.json").read_text(encoding="utf-8"))
    assert card["rules_alone"]["quotes"] == 8 and card["chosen"]["margin"] in T.MARGINS
    w = weights_from(dict(np.load(out / "speaker.npz")))
    assert len(w.coef) == len(w.names) and w.margin == card["chosen"]["margin"]


def test_decide_counts_switches_fixes_and_breaks():
    rows = [{"doc": 1, "quote": 0, "chosen": True, "y": False}, {"doc": 1, "quote": 0, "chosen": False, "y": True},
            {"doc": 1, "quote": 1, "chosen": True, "y": True}, {"doc": 1, "quote": 1, "chosen": False, "y": False}]
    p = np.array([0.2, 0.9, 0.4, 0.45])
    r = T.decide(p, rows, 0.1)
    assert (r["right"], r["switched"], r["fixed"], r["broken"]) == (2, 1, 1, 0)
    r = T.decide(p, rows, 0.0)
    assert (r["right"], r["switched"], r["fixed"], r["broken"]) == (1, 2, 1, 1)
