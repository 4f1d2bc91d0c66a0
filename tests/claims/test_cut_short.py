"""A quote one outlet cuts short joins the claim of the whole quote in another (real Stanza,
encoder and SQLite on two hand-written articles), and the word-for-word test it rests on."""
from pathlib import Path

import pytest

from quotes.claims import contained, linkable

CORPUS = Path(__file__).parent / "cut_short"


@pytest.mark.parametrize("a, b, same", [
    ("the new container terminal will pay for itself within six years",
     "the new container terminal will pay for itself within six years and create four hundred jobs", True),
    # too short to tell a quote from a phrase many people use
    ("pay for itself within six years", "the terminal will pay for itself within six years", False),
    # the same words, not in that order
    ("within six years the new container terminal will pay for itself",
     "the new container terminal will pay for itself within six years and more", False),
    # where the cut falls, the last word may be bent
    ("the terminal is something I have backed for years despite being a beneficiary of the law",
     "the terminal is something I have backed for years despite being a beneficiary of the laws and more", True),
    ("the new container terminal will not pay for itself within six years",
     "the new container terminal will pay for itself within six years", False),
])
def test_contained(a, b, same):
    assert contained(a, b) is same


def test_a_quote_cut_short_joins_the_whole(tmp_path):
    from quotes.run.ingest import ingest
    from quotes.store import open_db

    db = open_db(tmp_path / "quotes.db")
    assert ingest(db, [CORPUS]).failed == 0
    rows = list(db.query(
        "select a.outlet, q.claim_id from quotes q join articles a on a.id = q.article_id "
        "where q.text like '%container terminal%'"))
    assert {r["outlet"] for r in rows} == {"Harbor Times", "Valley Herald"}
    assert len({r["claim_id"] for r in rows}) == 1 and rows[0]["claim_id"] is not None
    db.close()


@pytest.mark.parametrize("a, b, ok", [
    # fragments share a phrase, not a proposition
    ("his support to the Trump campaign", "he pledged his support to the Trump campaign on Monday", False),
    ("on MSNBC's Morning Joe", "Wednesday morning on MSNBC's Morning Joe show", False),
    ("his candidacy in June 2015", "a fundamental question about his candidacy", False),
    # a negation on one side only, opposite words
    ("the attack was an act of terrorism against the people of Orlando",
     "the attack was not an act of terrorism against the people of Orlando", False),
    ("30 percent of voters said they have a positive view of him",
     "30 percent of women said they have a negative view of him", False),
    ("most voters said they support the plan to expand the national park",
     "most voters said they oppose the plan to expand the national park", False),
    # a copy cut short, and the same proposition in other words
    ("the new container terminal will pay for itself within six years",
     "the new container terminal will pay for itself within six years and create jobs", True),
    ("the national vaccination program would reach two million children by June",
     "two million children are going to be vaccinated by the start of June", True),
])
def test_linkable(a, b, ok):
    assert linkable(a, b) is ok
