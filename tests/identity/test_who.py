"""Who "who" is: the person or people, not the place, organisation or parenthesis the parser tied
it to; and "Democrats on Capitol Hill" are the Democrats."""
import pytest

from quotes.nlp import parse
from quotes.run.analyse import analyse


def _speaker(text, fragment):
    quotes, speakers = analyse(parse(text))
    for q in quotes:
        if fragment in text[q.start:q.end]:
            return speakers[q.speaker_ref].name if q.speaker_ref is not None else None
    raise AssertionError(f"no quote with {fragment!r}: {[text[q.start:q.end] for q in quotes]}")


@pytest.mark.parametrize(
    "text, fragment, speaker",
    [
        ("Sen. Tom Udall of New Mexico, who supports eliminating half the superdelegates, said the rules were unfair.",
         "eliminating half the superdelegates", "Tom Udall"),
        ("Democrats on Capitol Hill, who have argued that it helps down-ballot races, said they were pleased.",
         "it helps down-ballot races", "Democrats"),
        ("Republicans in Congress said the bill would fail.", "the bill would fail", "Republicans"),
        ("It is likely to placate nervous Democrats on Capitol Hill, who have argued that it helps down-ballot races.",
         "it helps down-ballot races", "Democrats"),
        # a person before "at" keeps the person
        ("Dan McLaughlin at the National Review said it was over.", "it was over", "Dan McLaughlin"),
        # "who" on a person stays there
        ("Critics of Mr. Hastert, who said he should resign, met on Monday.", "he should resign", "Critics of Mr. Hastert"),
    ],
)
def test_who_and_people_at_places(text, fragment, speaker):
    assert _speaker(text, fragment) == speaker


@pytest.mark.parametrize(
    "text, name",
    [
        ("Hillary Clinton plans", "Hillary Clinton"),
        ("Judge rejects New York Times", "Judge"),
        ("Obama wants", "Obama"),
        # plural nouns after a name stay
        ("Gulf states", "Gulf states"),
        ("Police reports", "Police reports"),
        ("Many experts", "Many experts"),
        ("The appeals court", "The appeals court"),
        ("Trump plans rally", "Trump plans rally"),
        ("Donald Trump", "Donald Trump"),
    ],
)
def test_a_name_ends_before_its_verb(text, name):
    from quotes.identity.local import _before_verb

    assert _before_verb(text) == name


def test_a_name_run_into_its_verb_is_the_person():
    text = "7:45 a.m.\n\nHillary Clinton plans to call on young people to participate in national service."
    assert _speaker(text, "young people to participate") == "Hillary Clinton"


def test_what_begins_no_speaker():
    text = "About 1 percent of the bank's sales force had been involved with what multiple lawmakers called \"fraud\" in a hearing."
    assert _speaker(text, "fraud") == "multiple lawmakers"
