"""The hand-label evaluator: the labels file's shape, the Wilson interval, scoring a hand-made
article through the real pipeline, and the dev labels (ids and offsets only; the texts come
from ../shared)."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.evaluate.hand import evaluate_hand, read_hand_labels, wilson

LABELS = Path(__file__).resolve().parent / "data" / "polnear_dev_hand_labels.jsonl"
TRAIN_LABELS = Path(__file__).resolve().parent / "data" / "polnear_train_hand_labels.jsonl"
DEV = Path(__file__).resolve().parents[2].parent / "shared" / "gold" / "polnear_dev.jsonl"

TEXT = ('"We will win the vote," Senator Jane Smith said on Monday. Critics said the plan would fail. '
        'The mayor signed the bill.')


def label(start, end, mention=(None, None), **judged):
    d = {"article": "a", "start": start, "end": end, "speaker_start": mention[0], "speaker_end": mention[1],
         "kind": "speech", "attribution": True, "true_kind": "speech", "span": "good", "speaker": "right"}
    d.update(judged)
    return d


@pytest.mark.parametrize("k, n, lo, hi", [
    (180, 200, 0.8506, 0.9343),
    (0, 10, 0.0, 0.2775),
    (10, 10, 0.7225, 1.0),
])
def test_wilson(k, n, lo, hi):
    assert wilson(k, n) == pytest.approx((lo, hi), abs=1e-4)


def test_scores_a_hand_made_article():
    labels = {"a": [
        label(1, 21, (24, 42)),                                              # right
        label(72, 92, (59, 66), attribution=False, true_kind="none",         # judged wrong
              speaker="unclear"),
        label(72, 92, (0, 3), true_kind="opinion"),                          # a belief, not speech
        label(110, 118, (93, 102), kind="act"),                              # predicted as an act now
        label(0, 5),                                                         # no such prediction
    ]}
    r = evaluate_hand([{"id": "a", "text": TEXT}], labels, use_cache=False)
    assert (r["labels"], r["judged"], r["gone"], r["other_kind"]) == (5, 3, 1, 1)
    assert r["precision"] == pytest.approx(1 / 3, abs=1e-4)
    assert r["attribution"] == pytest.approx(2 / 3, abs=1e-4)
    # only the right one with the labelled mention and a clear answer counts for the speaker
    assert (r["speaker_judged"], r["speaker_right"]) == (1, 1.0)


@pytest.mark.parametrize("line, message", [
    ("not json", "line 1 is not JSON"),
    ('{"article": "a"}', "line 1: expected"),
    (json.dumps(label(1, 2, attribution="yes")), "attribution must be true or false"),
    (json.dumps(label(1, 2, span="fine")), "span must be one of"),
])
def test_a_malformed_label_is_named(tmp_path, line, message):
    bad = tmp_path / "hand.jsonl"
    bad.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_hand_labels(bad)


@pytest.mark.parametrize("path, n", [(LABELS, 230), (TRAIN_LABELS, 447)])
def test_the_labels_hold_no_text(path, n):
    labels = read_hand_labels(path)
    items = [d for ds in labels.values() for d in ds]
    assert len(items) == n
    for d in items:
        assert set(d) <= {"article", "start", "end", "speaker_start", "speaker_end", "kind", "attribution",
                          "true_kind", "span", "speaker", "sample"}
        assert d["kind"] in ("speech", "claim") and 0 <= d["start"] < d["end"]


def test_hand_labels_on_the_dev_articles():
    if not DEV.exists():
        pytest.skip(f"{DEV} is not available (../shared is absent)")
    res = CliRunner().invoke(cli, ["evaluate", str(DEV), "--hand", str(LABELS), "--json"])
    assert res.exit_code == 0, res.output
    r = json.loads(res.stdout)
    # most labelled predictions are still made; a rule change that drops many shows here (197 of the 230
    # with the confidence floor, which leaves out quotes more likely wrong than right)
    assert r["judged"] >= 190
    assert r["precision"] >= 0.85  # 0.919 on the 197 still judged (December 2026); the goal of issue 17 is 0.90
