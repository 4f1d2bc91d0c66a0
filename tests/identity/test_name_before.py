"""A description set off by commas right after a person's name is an apposition: when the parser
makes it the source ("Mitt Romney, the 2012 Republican presidential nominee, tweeted ..."), the
person named is the speaker. Real parses; the description is given as the source mention."""
import pytest

from quotes.identity.local import _Article, _name_before
from quotes.nlp import parse
from quotes.types import Mention


@pytest.mark.parametrize(
    "text, description, name",
    [
        ("Mitt Romney, the 2012 Republican presidential nominee, tweeted that the plan was a disgrace.",
         "the 2012 Republican presidential nominee", "Mitt Romney"),
        ("It is John Kerry, said Cornell Belcher, a Democratic pollster who worked on the campaign.",
         "a Democratic pollster", "Cornell Belcher"),
        # a surname alone, after the full name earlier in the article
        ("Jamal Simmons worked in the Clinton White House. Simmons, an Obama supporter, said the party had changed.",
         "an Obama supporter", "Simmons"),
        # no person's name right before the comma: no apposition of a person
        ("In an interview with reporters Thursday, the Wisconsin Republican criticized the plan.",
         "the Wisconsin Republican", None),
        ("In nearby Decatur, the big steel plant is hanging on, but it is under pressure.",
         "the big steel plant", None),
        # a plural description: people, not the one person before them
        ("In addition to Mr. Regalado, two Republican members of Congress from Florida, Ileana Ros-Lehtinen and "
         "Carlos Curbelo, have said they will not back him.", "two Republican members of Congress from Florida", None),
        # after a preposition the apposition still holds: "clash with Megyn Kelly, a star anchor ..., who"
        ("Voters watched Donald Trump clash with Megyn Kelly, a star anchor at Fox News, who questioned him.",
         "a star anchor at Fox News", "Megyn Kelly"),
        # not set off: the description opens the clause that follows the name
        ("They met Howard Dean, the governor said on Monday.", "the governor", None),
    ],
)
def test_name_before(text, description, name):
    parsed = parse(text)
    start = text.index(description)
    words = next(s for s in parsed.sentences if s.start <= start < s.end).words
    inside = {w.i for w in words if start <= w.start < start + len(description)}
    head = next(i for i in sorted(inside) if words[i].head not in inside)  # the phrase's own head
    k = next(s.index for s in parsed.sentences if s.start <= start < s.end)
    m = Mention(description, start, start + len(description), sentence_index=k, head=head, kind="nominal")
    got = _name_before(_Article(parsed, None), m)
    assert (got.text if got is not None else None) == name


@pytest.mark.parametrize(
    "text, fragment, name",
    [
        # a party label in brackets after a legislator's name is not the source: the legislator is
        ("“It’s a dog whistle to all Americans, especially African-Americans,” Rep. Gwen Moore (D-Wis.) said Friday.",
         "dog whistle", "Gwen Moore"),
        ("“We will not back down,” Sen. Marco Rubio (R-Fla.) said on Tuesday.", "not back down", "Marco Rubio"),
    ],
)
def test_party_label_in_brackets(text, fragment, name, speaker_of):
    assert speaker_of(text, fragment)[0] == name
