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
        # two Democrats: no guess
        ("Senators met.\n\nSenator Jane Doe, a Democrat from Ohio, and Senator John Roe, a Democrat from Iowa, "
         "met on Monday. The Ohio Democrat said that the deal was dead.", "the deal was dead",
         ("The Ohio Democrat", "unknown")),
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
