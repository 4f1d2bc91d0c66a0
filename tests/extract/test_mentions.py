"""A speaker mention keeps the number that makes it: "Twelve percent", even when the tagger took the
number for a preposition. Real pipeline."""
import pytest

from quotes.extract import extract_quotes
from quotes.nlp import parse


@pytest.mark.parametrize("text, speaker", [
    ("The poll was taken last week. Twelve percent indicated that they were not sure.", "Twelve percent"),
    ("The poll was taken last week. 63 percent said that they would not vote.", "63 percent"),
    ("The poll was taken last week. Fifty-two percent of registered voters said that they would not vote.",
     "Fifty-two percent of registered voters"),
    ("The minister said that the talks would resume.", "The minister"),
])
def test_the_speaker_mention(text, speaker):
    quotes = [q for q in extract_quotes(parse(text)) if q.speaker is not None]
    assert quotes and quotes[0].speaker.text == speaker
