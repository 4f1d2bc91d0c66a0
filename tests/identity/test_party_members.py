"""A party member described by place and party ("the Montana Democrat", "a Nevada Democrat") is a
description, not a name: it is the article's one person whose apposition names that party, else
a speaker of its own that stays in its article (never a person called "Nevada Democrat").
Real pipeline, bundled models."""
import pytest


@pytest.mark.parametrize(
    "text, fragment, speaker",
    [
        # the one Democrat of the article
        ("The vote is close.\n\nJon Tester, a red-state Democrat, said he would vote no. "
         "The Montana Democrat added that the bill was rushed.", "the bill was rushed", ("Jon Tester", "person")),
        # two Democrats: the one from the place named
        ("Senators met.\n\nSenator Jane Doe, a Democrat from Ohio, and Senator John Roe, a Democrat from Iowa, "
         "met on Monday. The Ohio Democrat said that the deal was dead.", "the deal was dead",
         ("Jane Doe", "person")),
        # two Democrats and no place that tells them apart: no guess
        ("Senators met.\n\nSenator Jane Doe, a Democrat from Ohio, and Senator John Roe, a Democrat from Ohio, "
         "met on Monday. The Ohio Democrat said that the deal was dead.", "the deal was dead",
         ("The Ohio Democrat", "unknown")),
        # a party label in brackets gives the party and the state
        ("Sen. Rand Paul (R-Ky.) and Speaker Paul Ryan (R-Wis.) argued. The Wisconsin Republican said the vote "
         "was a mistake.", "the vote was a mistake", ("Paul Ryan", "person")),
        ("Sen. Ron Johnson, R-Wis., opposed the bill. The Wisconsin Republican said the vote was a mistake.",
         "the vote was a mistake", ("Ron Johnson", "person")),
        ("Rep. Kevin Brady (R-TX) and Sen. Ted Cruz (R-Tex.) argued. The Texas Republican said the vote was a "
         "mistake.", "the vote was a mistake", ("The Texas Republican", "unknown")),
        # a newspaper's name is no party member
        ("Britain voted.\n\nThe Independent reported that the minister had resigned.", "the minister had resigned",
         ("The Independent", "media")),
        # no Democrat named: an anonymous source, not a person
        ("Insiders weigh in on the race.\n\nA Nevada Democrat said that Clinton would win the caucuses easily.",
         "Clinton would win", ("A Nevada Democrat", "anonymous")),
    ],
)
def test_party_member_descriptions(text, fragment, speaker, speaker_of):
    assert speaker_of(text, fragment) == speaker


@pytest.mark.parametrize("abbr, state", [
    ("Ky.", "Kentucky"), ("N.Y.", "New York"), ("TX", "Texas"), ("Tex.", "Texas"), ("W.Va.", "West Virginia"),
    ("Ohio", "Ohio"), ("Mr.", None), ("Gen.", None), ("", None),
])
def test_us_state(abbr, state):
    from quotes.identity.names import us_state
    assert us_state(abbr) == state
