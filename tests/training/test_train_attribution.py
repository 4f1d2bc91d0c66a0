"""Training the learned attribution scorer (training/attribution) on a tiny gold file."""
import json

import numpy as np

from quotes.extract.learned import weights_from
from training.attribution import train as T


def test_training_writes_weights_and_a_card_the_loader_reads(tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTES_PARSE_CACHE", str(tmp_path / "cache"))
    texts = ["The minister said that the talks would resume next week. The mayor cooked dinner on Sunday.",
             "Senator Jones said that the bill would pass easily. Officials told reporters the plan was dead."]
    docs = []
    for n in range(10):
        t = texts[n % 2]
        a = t.index("that the") + 5 if n % 2 == 0 else t.index("that the") + 5
        b = t.index(".", a)
        docs.append({"id": f"d{n}", "text": t, "quotes": [
            {"type": "indirect", "spans": [[a, b]], "start": a, "end": b,
             "cue_spans": [[t.index("said"), t.index("said") + 4]], "speaker_spans": [[0, t.index(" said")]]}]})
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    T.main([str(gold), "-o", str(out), "--folds", "2", "--no-encoder"])
    card = json.loads((out / "attribution.json").read_text(encoding="utf-8"))
    assert card["chosen"]["threshold"] >= 0 and card["encoder"] == "not used"
    w = weights_from(dict(np.load(out / "attribution.npz")))
    assert not w.use_encoder and len(w.keep_coef) == len(w.names)


def test_reliability_table_and_ece():
    p = np.array([0.1, 0.1, 0.9, 0.9])
    y = np.array([0, 0, 1, 1])
    ece, table = T.reliability(p, y)
    assert ece == 0.1 and [r["n"] for r in table] == [2, 2]
