"""Datelines are parsed apart from the sentence they open."""
import pytest

from quotes.nlp import _chunks
from quotes.nlp.segment import split_datelines


@pytest.mark.parametrize(
    "text, pieces",
    [
        ("Headline.\n\nCLEVELAND - Donald Trump spoke.", ["Headline.\n\nCLEVELAND -", " Donald Trump spoke."]),
        ("LA CROSSE, Wisc. — Gov. Mike Pence spoke.", ["LA CROSSE, Wisc. —", " Gov. Mike Pence spoke."]),
        ("NEW YORK (AP) — Candidates met.", ["NEW YORK (AP) —", " Candidates met."]),
        ("LOS ANGELES, Sept. 28 (UPI) — She sang.", ["LOS ANGELES, Sept. 28 (UPI) —", " She sang."]),
        ("MYRTLE BEACH, S.C. - Sen. Ted Cruz went on.", ["MYRTLE BEACH, S.C. -", " Sen. Ted Cruz went on."]),
        ("WASHINGTON -- The Senate voted.", ["WASHINGTON --", " The Senate voted."]),
        # a place in title case before a news agency in brackets
        ("Washington (AFP) – Democrat Hillary Clinton has taken a swipe.",
         ["Washington (AFP) –", " Democrat Hillary Clinton has taken a swipe."]),
        ("New York (AFP) – Vice President Joe Biden spoke.", ["New York (AFP) –", " Vice President Joe Biden spoke."]),
        # not datelines: a dash inside a sentence, a one-letter word, a place in lower case, a transcript
        ("Trump said - and he meant it - that it was over.", ["Trump said - and he meant it - that it was over."]),
        ("I - for one - agree.", ["I - for one - agree."]),
        ("Cleveland - a city in Ohio - voted.", ["Cleveland - a city in Ohio - voted."]),
        ("WALLACE: Let's start.", ["WALLACE: Let's start."]),
        ("He said: NEW YORK — is great.", ["He said: NEW YORK — is great."]),
        ("Cleveland (the city) - voted.", ["Cleveland (the city) - voted."]),
    ],
)
def test_split_datelines(text, pieces):
    got = list(split_datelines(100, text))
    assert [p for _, p in got] == pieces
    assert all(text[o - 100:o - 100 + len(p)] == p for o, p in got)  # offsets index the text


def test_chunks_keep_offsets_across_a_dateline():
    text = "Title\n\nCLEVELAND - Donald Trump spoke on Thursday."
    assert all(text[o:o + len(p)] == p for o, p in _chunks(text))


def test_the_sentence_after_a_dateline_has_its_own_subject():
    """Real parse: the place no longer takes the subject's place."""
    from quotes.nlp import parse
    from quotes.run.analyse import analyse

    text = ("Pence blames media.\n\nLA CROSSE, Wisc. — Gov. Mike Pence on Thursday blamed the media for the "
            "uproar, saying that reporters had twisted the words.")
    quotes, speakers = analyse(parse(text))
    said = [q for q in quotes if "twisted the words" in text[q.start:q.end]]
    assert said and speakers[said[0].speaker_ref].name == "Mike Pence"
    assert all(speakers[q.speaker_ref].name != "LA CROSSE" for q in quotes if q.speaker_ref is not None)
