"""A speaker mention keeps the number that makes it: "Twelve percent", even when the tagger took the
number for a preposition; it does not keep when it spoke: "The Times on Saturday" is The Times.
Real pipeline."""
import pytest

from quotes.extract import extract_quotes
from quotes.nlp import parse


@pytest.mark.parametrize("text, speaker", [
    ("The poll was taken last week. Twelve percent indicated that they were not sure.", "Twelve percent"),
    ("The poll was taken last week. 63 percent said that they would not vote.", "63 percent"),
    ("The poll was taken last week. Fifty-two percent of registered voters said that they would not vote.",
     "Fifty-two percent of registered voters"),
    ("The minister said that the talks would resume.", "The minister"),
    # a time phrase on the head is when, not who
    ("The Times on Saturday reported that the senator had resigned.", "The Times"),
    ("A group of doctors in 2015 wrote that the drug was unsafe.", "A group of doctors"),
    ("Federal prosecutors in April said that the company had lied.", "Federal prosecutors"),
    # but "of 2015" names, and a date inside the phrase stays with it
    ("The class of 2015 said that the school had changed.", "The class of 2015"),
    ("The Republican nominee for the Nov. 8 election said that the polls were wrong.",
     "The Republican nominee for the Nov. 8 election"),
    # a hyphen inside a word does not cut the phrase short
    ("Brent crude rose 3.4 percent to $91.20 a barrel after the group of oil-producing countries said it would "
     "extend its production cuts through March.",
     "the group of oil-producing countries"),
    ("The leader of last week's high-profile protest said that the march would go on.",
     "The leader of last week's high-profile protest"),
])
def test_the_speaker_mention(text, speaker):
    quotes = [q for q in extract_quotes(parse(text)) if q.speaker is not None]
    assert quotes and quotes[0].speaker.text == speaker
