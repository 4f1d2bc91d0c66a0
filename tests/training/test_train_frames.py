"""Training the cue-frame model (training/frames): fitting, labelling and the command line."""

import json

from quotes.extract import extract_quotes
from quotes.nlp import parse
from training.frames import train as F


def test_fit_learns_the_informative_feature_and_is_deterministic():
    samples = [(["good", "x"], True)] * 30 + [(["bad", "x"], False)] * 30 + [(["x"], False)] * 10
    a, b = F.fit(samples), F.fit(samples)
    assert a.weights == b.weights and a.bias == b.bias
    assert a.probability(["good", "x"]) > 0.8 > 0.2 > a.probability(["bad", "x"])


def test_label_marks_what_the_rules_missed():
    text = "Senator Smith voted against the defense bill in the committee. The minister said that the talks would resume."
    parsed = parse(text)
    taken = extract_quotes(parsed, frames=False)
    a = text.index("the defense bill")
    b = a + len("the defense bill")
    c = text.index("voted")
    s = text.index("that the talks")
    gold = [
        {"spans": [[a, b]], "cue_spans": [[c, c + 5]], "speaker_spans": [[0, 13]]},
        {"spans": [[s, len(text) - 1]], "cue_spans": [[text.index("said"), text.index("said") + 4]]},
    ]
    labelled, rule_tp = F.label(parsed, gold, taken)
    assert rule_tp == 1  # the rules found "the minister said that ..."
    hits = {c.key: hit for c, hit in labelled}
    assert hits[("vote", "verb", "obl:against")] is True


def test_training_writes_a_model_the_loader_reads(tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTES_PARSE_CACHE", str(tmp_path / "cache"))
    text = ("Senator Smith voted against the defense bill in the committee. Senator Jones voted against "
            "the farm bill on Friday. The mayor cooked dinner for the whole family on Sunday.")
    spans = [(text.index("the defense bill"), text.index(" in the committee")),
             (text.index("the farm bill"), text.index(" on Friday"))]
    cues = [text.index("voted"), text.index("voted", spans[0][1])]
    doc = {"id": "t1", "text": text, "quotes": [
        {"type": "indirect", "spans": [list(s)], "start": s[0], "end": s[1], "cue_spans": [[c, c + 5]], "speaker": "x"}
        for s, c in zip(spans, cues)]}
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(doc) for _ in range(5)) + "\n", encoding="utf-8")
    out = tmp_path / "frames.tsv"
    F.main([str(gold), "-o", str(out)])
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#") and any(line.startswith("@threshold\t") for line in lines)
    weights = dict(line.rsplit("\t", 1) for line in lines if not line.startswith(("#", "@")))
    assert float(weights["lr=vote|obl:against"]) > 0
