"""The paraphrase decision of claim matching: lexical evidence, the decision, the CLI."""
import json

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.paraphrase import agree, names, numbers, read_pairs, PairsError


@pytest.mark.parametrize("text,values", [
    ("735 million people", {7.35e8}),
    ("about 1.5 billion dollars", {1.5e9}),
    ("two million children by June", {2e6}),
    ("twenty-five percent", {25.0}),
    ("up 40% in 2003", {40.0, 2003.0}),
    ("one of them said 1,200 were hurt", {1200.0}),
    ("no numbers here", set()),
])
def test_numbers(text, values):
    assert numbers(text) == values


def test_names_skip_sentence_openings_and_months():
    assert names("The minister met Ana Ruiz in June.") == {"ana", "ruiz"}


@pytest.mark.parametrize("a,b,same", [
    ("the program would reach two million children by June",
     "two million children are going to be vaccinated by the start of June", True),
    ("exports fell by 735 million dollars", "exports fell by 1.5 billion dollars", False),
    ("Ruiz will visit Madrid", "Ruiz will visit Paris", False),
    ("Ruiz will visit Madrid", "The minister will visit Madrid", True),
    ("sales rose 5 percent in 2003", "sales rose 5 percent", True),  # a year in passing
])
def test_agree(a, b, same):
    assert agree(a, b) is same


def _tsv(tmp_path, rows):
    p = tmp_path / "pairs.tsv"
    p.write_text("\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n" + "".join(
        f"{q}\t{i}\t{i + 1}\t{a}\t{b}\n" for i, (q, a, b) in enumerate(rows)), encoding="utf-8")
    return p


def test_read_pairs_errors(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("1\tonly three\tfields\n")
    with pytest.raises(PairsError, match="line 1"):
        read_pairs(bad)
    with pytest.raises(PairsError, match="no such file"):
        read_pairs(tmp_path / "missing.tsv")


@pytest.mark.parametrize("decision", ["cross-encoder", "logistic"])
def test_cli_paraphrase_scores_pairs(tmp_path, monkeypatch, decision):
    monkeypatch.setenv("QUOTES_PARAPHRASE", decision)
    p = _tsv(tmp_path, [
        (1, "The health minister said two million children would be vaccinated by June.",
         "Two million children will be vaccinated by June, the health minister said."),
        (1, "The company said its profit rose 12 percent in the third quarter.",
         "Third-quarter profit was up 12 percent, the company said."),
        (0, "The company said its profit rose 12 percent in the third quarter.",
         "The mayor opened a new bridge over the river on Sunday."),
        (0, "Exports fell by 735 million dollars last year.",
         "Imports of cars rose to 1.5 billion dollars in the spring, officials said."),
    ])
    r = CliRunner().invoke(cli, ["evaluate", "--paraphrase", str(p), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["pairs"] == 4 and out["accuracy"] == 1.0 and out["f1"] == 1.0
    assert out["decision"] == decision


def test_cli_paraphrase_bad_file(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("nonsense\n")
    r = CliRunner().invoke(cli, ["evaluate", "--paraphrase", str(bad)])
    assert r.exit_code == 1
    assert str(bad) in r.output and "Traceback" not in r.output


def test_cross_encoder_floor_changes_no_decision():
    # with a floor, a pair that cannot reach it is read one way only; every pair at or above the
    # floor keeps its exact two-way average, and none crosses the floor either way
    import numpy as np

    from quotes import paraphrase_ce

    ce, _ = paraphrase_ce.load()
    a = ["The health minister said two million children would be vaccinated by June.",
         "The company said its profit rose 12 percent in the third quarter.",
         "Exports fell by 735 million dollars last year.",
         "The mayor said the bridge would open in May."]
    b = ["Two million children will be vaccinated by June, the health minister said.",
         "Third-quarter profit was up 12 percent, the company said.",
         "The mayor opened a new bridge over the river on Sunday.",
         "The bridge will open in May, the mayor said."]
    full = ce.probability(a, b)
    for floor in (0.3, 0.84):
        cut = ce.probability(a, b, floor=floor)
        assert list(cut >= floor) == list(full >= floor)
        assert np.allclose(cut[full >= floor], full[full >= floor], atol=1e-6)
    assert (full >= 0.84).any() and (full < 0.3).any()  # both sides of the floor are exercised
