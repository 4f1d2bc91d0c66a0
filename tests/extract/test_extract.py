"""Extraction and attribution on real parses: (text, expected quotes) tables, negatives included.

Each expected quote is (type, content, speaker mention as written). Content is matched
exactly for direct quotes and as a prefix-insensitive containment for reported clauses.
"""
import pytest

from quotes.extract import extract_quotes
from quotes.nlp import parse

CASES = [
    # direct quotes, every speaker position
    ("“We want political relations, not just security relations,” Amro said.",
     [("direct", "We want political relations, not just security relations", "Amro")]),
    ('"The talks were useful," said Paul Chipok, a lawyer in Orlando.',
     [("direct", "The talks were useful", "Paul Chipok")]),
    ("''Some courses are adapting,'' said Paul H. Chipok.",
     [("direct", "Some courses are adapting", "Paul H. Chipok")]),
    ("The minister said: “We will not accept this plan under any circumstances.”",
     [("direct", "We will not accept this plan under any circumstances.", "The minister")]),
    ('"We heard no new ideas or proposals," a Palestinian politician told The Jerusalem Post.',
     [("direct", "We heard no new ideas or proposals", "a Palestinian politician")]),
    ("“The situation is dire and getting worse by the hour,” Dr. Sarah Cohen, a doctor in Gaza, said.",
     [("direct", "The situation is dire and getting worse by the hour", "Dr. Sarah Cohen")]),
    # interrupted: one quote, two spans
    ('"We came here to listen," she said, "and we will keep listening to everyone."',
     [("direct", "We came here to listen … and we will keep listening to everyone.", "she")]),
    # reported speech
    ("The State Department said that Blinken would travel to Cairo next week.",
     [("indirect", "that Blinken would travel to Cairo next week", "The State Department")]),
    ("Abbas claimed that Israel had violated the ceasefire agreement.",
     [("indirect", "that Israel had violated the ceasefire agreement", "Abbas")]),
    ("According to the statement, the two leaders discussed the reconstruction of Gaza.",
     [("indirect", "the two leaders discussed the reconstruction of Gaza", "the statement")]),
    # mixed: reported speech with a quoted fragment
    ("Amro said that Israel had “carried out an attack in the Gaza Strip.”",
     [("mixed", "that Israel had “carried out an attack in the Gaza Strip.”", "Amro")]),
    # negatives: scare quotes, titles, negated and hypothetical speech
    ("He urged him to stop the sales, and critics used the word “apartheid” often.", None),
    ("The activists watched the film “The Gatekeepers” on Tuesday evening.", []),
    ("The spokesman did not say who Mr. Amr would meet in Ramallah.", []),
    ("The embassy would not comment on the report.", []),
    ("Officials declined to say whether the meeting took place.", []),
]


@pytest.fixture(scope="module")
def extracted():
    texts = [t for t, _ in CASES]
    out = {}
    for t in texts:
        parsed = parse(t)
        out[t] = (parsed, extract_quotes(parsed))
    return out


def _content(text, q):
    return " … ".join(text[a:b] for a, b in q.spans)


@pytest.mark.parametrize("text, expected", CASES, ids=[t[:40] for t, _ in CASES])
def test_extract(extracted, text, expected):
    parsed, quotes = extracted[text]
    if expected is None:  # only the negative part matters: no quote of the scare-quoted word
        assert not any(_content(text, q).strip("“”\" ") == "apartheid" for q in quotes)
        return
    got = [(q.type, _content(text, q), q.speaker.text if q.speaker else None) for q in quotes]
    assert len(got) == len(expected), got
    for (gt, gc, gs), (et, ec, es) in zip(got, expected):
        assert gt == et, got
        assert ec.strip(" ,.") in gc or gc.strip(" ,.") == ec.strip(" ,."), got
        assert gs == es, got


@pytest.mark.parametrize(
    "text, speaker, via",
    [
        ("According to the State Department, Mr. Blinken told Mr. Netanyahu that the United States "
         "would keep working for calm in the region.", "Mr. Blinken", "the State Department"),
        ("CNN quoted Blinken as saying that the talks in Cairo had been useful and frank.", "Blinken", "CNN"),
    ],
)
def test_nested_attribution_goes_to_the_inner_source(text, speaker, via):
    quotes = extract_quotes(parse(text))
    assert len(quotes) == 1, [(text[q.start:q.end], q.speaker) for q in quotes]
    q = quotes[0]
    assert q.speaker is not None and q.speaker.text == speaker
    assert [m.text for m in q.via] == [via]
