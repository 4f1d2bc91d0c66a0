"""The identity evaluator: B-cubed on tables, the gold file's shape, and a real run on the dev
identity gold (labels by id and offsets only; the texts come from ../shared)."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.evaluate.identity import bcubed, read_identity_gold

GOLD = Path(__file__).resolve().parents[1] / "identity" / "data" / "polnear_dev_identity.jsonl"
DEV = Path(__file__).resolve().parents[2].parent / "shared" / "gold" / "polnear_dev.jsonl"


def shared_dev() -> Path:
    if not DEV.exists():
        pytest.skip(f"{DEV} is not available (../shared is absent)")
    return DEV


@pytest.mark.parametrize("items, p, r", [
    ([("a", 1), ("a", 1), ("b", 2)], 1.0, 1.0),                  # perfect
    ([("a", 1), ("a", 1), ("b", 1)], 5 / 9, 1.0),                # two people merged
    ([("a", 1), ("a", 2)], 1.0, 0.5),                            # one person split
])
def test_bcubed(items, p, r):
    got = bcubed(items)
    assert got["precision"] == pytest.approx(p, abs=1e-4)
    assert got["recall"] == pytest.approx(r, abs=1e-4)


def test_bcubed_mixed_by_hand():
    # a: items 1,2 in s1, item 3 in s2; b: item 4 in s2
    # P: s1 items 1 and 1; s2 items 1/2 and 1/2 -> 0.75; R: a items 2/3, 2/3, 1/3; b 1 -> (5/3 + 1) / 4
    got = bcubed([("a", 1), ("a", 1), ("a", 2), ("b", 2)])
    assert got["precision"] == pytest.approx(0.75, abs=1e-4)
    assert got["recall"] == pytest.approx((5 / 3 + 1) / 4, abs=1e-4)


def test_the_dev_gold_is_big_enough_and_holds_no_text():
    gold = read_identity_gold(GOLD)
    items = [g for gs in gold.values() for g in gs]
    assert len(gold) >= 40 and len(items) >= 300
    for g in items:
        assert set(g) == {"article", "spans", "speaker_start", "speaker_end", "entity"}
        assert g["entity"].split(":", 1)[0] in ("person", "org", "local")


def test_a_malformed_gold_line_is_named(tmp_path):
    bad = tmp_path / "ids.jsonl"
    bad.write_text('{"article": "a"}\n', encoding="utf-8")
    dev = shared_dev()
    res = CliRunner().invoke(cli, ["evaluate", str(dev), "--identity", str(bad)])
    assert res.exit_code != 0 and "ids.jsonl: line 1" in res.output and "Traceback" not in res.output


def test_identity_on_the_dev_gold():
    dev = shared_dev()
    res = CliRunner().invoke(cli, ["evaluate", str(dev), "--identity", str(GOLD), "--json"])
    assert res.exit_code == 0, res.output
    r = json.loads(res.stdout)
    assert r["articles"] >= 40 and r["scored"] >= 200
    assert r["speakers_merging_people"] == 0
    assert r["bcubed"]["f1"] >= 0.85
