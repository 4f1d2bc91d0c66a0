"""The evaluator: matching by coverage, speaker accuracy, the report, the CLI, and a real run on gold."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.evaluate import Pred, content_chars, evaluate_docs, match, rule_family, speaker_ok, speaker_strict

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "gold" / "polnear_dev.jsonl"
TEXT = "Abbas said that the talks had failed. “We will not go back,” he added. Nothing else."


def _gold(text, content, speaker=None, kind="indirect"):
    a = text.index(content)
    g = {"type": kind, "spans": [[a, a + len(content)]], "start": a, "end": a + len(content)}
    if speaker:
        s = text.index(f" {speaker} ") + 1 if f" {speaker} " in text else text.index(speaker)
        g.update(speaker=speaker, speaker_spans=[[s, s + len(speaker)]])
    return g


def _pred(text, content, speaker=None, rule="r"):
    a = text.index(content)
    s = (text.index(f" {speaker} ") + 1 if f" {speaker} " in text else text.index(speaker)) if speaker else 0
    sp = (s, s + len(speaker)) if speaker else None
    return Pred([(a, a + len(content))], "indirect", sp, speaker, None, rule)


def test_chars_ignore_edge_punctuation_and_spaces():
    text = "“ Hello, world. ”"
    assert content_chars([(0, len(text))], text) == {2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13}  # inner comma kept


@pytest.mark.parametrize("pred, at03, at08", [
    ("the talks had failed", True, True),     # all of the gold content
    ("that the talks", True, False),          # about half of it
    ("failed", False, False),                 # under 30%
    ("Nothing else", False, False),           # elsewhere
])
def test_match_by_coverage_of_the_gold_content(pred, at03, at08):
    gold = [_gold(TEXT, "that the talks had failed")]
    p = [_pred(TEXT, pred)]
    assert bool(match(gold, p, TEXT, 0.3)) is at03
    assert bool(match(gold, p, TEXT, 0.8)) is at08


def test_match_is_one_to_one():
    gold = [_gold(TEXT, "that the talks had failed"), _gold(TEXT, "the talks had failed")]
    assert len(match(gold, [_pred(TEXT, "that the talks had failed")], TEXT, 0.3)) == 1


def test_match_prefers_the_gold_quote_the_prediction_mostly_is():
    # both gold quotes are fully covered; the prediction is mostly the first one, whatever the order
    text = "Abbas said the talks had failed because of what Israel called provocations. End."
    outer = _gold(text, "the talks had failed because of", speaker="Abbas")
    inner = _gold(text, "provocations", speaker="Israel")
    p = [_pred(text, "the talks had failed because of what Israel called provocations", speaker="Abbas")]
    for gold in ([outer, inner], [inner, outer]):
        (gi, _), = match(gold, p, text, 0.3)
        assert gold[gi] is outer


def test_speaker_ok_needs_an_overlapping_mention():
    g = _gold(TEXT, "that the talks had failed", speaker="Abbas")
    assert speaker_ok(g, _pred(TEXT, "the talks", speaker="Abbas"))
    assert not speaker_ok(g, _pred(TEXT, "the talks", speaker="he"))
    assert not speaker_ok(g, _pred(TEXT, "the talks"))
    assert not speaker_ok({"spans": g["spans"]}, _pred(TEXT, "the talks", speaker="Abbas"))  # no gold source


def test_no_speaker_is_right_for_an_attribution_with_no_source():
    g = _gold(TEXT, "the talks had failed")  # no speaker: no source in the text
    assert speaker_ok(g, _pred(TEXT, "the talks"))
    assert not speaker_strict(g, _pred(TEXT, "the talks"))
    doc = {"id": "t", "text": TEXT, "quotes": [g, _gold(TEXT, "We will not go back", speaker="he", kind="direct")]}
    r = evaluate_docs([doc], use_cache=False)
    c = r["coverage@0.3"]
    assert c["matched_without_source"] == 1
    # Abbas is predicted for the sourceless gold: wrong in both readings; "he" is right
    assert (c["speaker_accuracy"], c["speaker_accuracy_strict"]) == (0.5, 0.5)


def test_rule_family_groups_the_learned_frames():
    assert rule_family("frame-obl:about") == "frame" and rule_family("verb-ccomp") == "verb-ccomp"


def test_evaluate_docs_on_the_real_pipeline():
    doc = {"id": "t", "text": TEXT, "quotes": [
        _gold(TEXT, "the talks had failed", speaker="Abbas"),
        _gold(TEXT, "We will not go back", speaker="he", kind="direct"),
    ]}
    r = evaluate_docs([doc], keep_errors=True, use_cache=False)
    c = r["coverage@0.3"]
    assert (r["gold"], r["predicted"]) == (2, 2)
    assert c["precision"] == c["recall"] == c["speaker_accuracy"] == 1.0
    assert r["recall_by_type"] == {"direct": 1.0, "indirect": 1.0}
    assert sum(v["predicted"] for v in r["precision_by_rule"].values()) == 2
    assert r["errors"] == []


def test_cli_evaluate_json_and_a_bad_gold_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "t", "text": TEXT, "quotes": [_gold(TEXT, "the talks had failed", "Abbas")]}) + "\n")
    res = CliRunner().invoke(cli, ["evaluate", str(gold), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["coverage@0.3"]["recall"] == 1.0
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    res = CliRunner().invoke(cli, ["evaluate", str(bad)])
    assert res.exit_code == 1 and "line 1 is not JSON" in res.output and "Traceback" not in res.output


@pytest.mark.slow
def test_evaluate_a_few_polnear_dev_articles():
    if not DEV.exists():
        pytest.skip(f"{DEV} is not available (../shared is absent)")
    res = CliRunner().invoke(cli, ["evaluate", str(DEV), "--limit", "2", "--json", "--errors"])
    assert res.exit_code == 0, res.output
    r = json.loads(res.output)
    assert r["articles"] == 2 and r["gold"] > 0 and r["predicted"] > 0
    assert 0 < r["coverage@0.3"]["f1"] <= 1 and r["coverage@0.8"]["f1"] <= r["coverage@0.3"]["f1"]
    assert {e["kind"] for e in r["errors"]} <= {"miss", "false_positive", "wrong_speaker"}


def test_agreement_scores_annotators_against_each_other(tmp_path):
    from quotes.evaluate import agreement

    a = {"id": "a1", "text": TEXT, "quotes": [_gold(TEXT, "the talks had failed", "Abbas"),
                                              _gold(TEXT, "We will not go back", "he", "direct")]}
    b = {"id": "a2", "text": TEXT, "quotes": [_gold(TEXT, "the talks had failed", "Abbas")]}
    r = agreement([a, b])
    c = r["coverage@0.3"]
    assert (r["texts"], r["annotation_pairs"]) == (1, 2)
    # a as gold: b finds 1 of 2; b as gold: a's 2 predictions hold its 1
    assert (c["precision"], c["recall"], c["speaker_accuracy"]) == (round(2 / 3, 4), round(2 / 3, 4), 1.0)
    gold = tmp_path / "multi.jsonl"
    gold.write_text("\n".join(json.dumps(d) for d in (a, b)) + "\n")
    res = CliRunner().invoke(cli, ["evaluate", str(gold), "--agreement"])
    assert res.exit_code == 0 and "2 ordered annotator pairs" in res.output and "F1 0.667" in res.output
