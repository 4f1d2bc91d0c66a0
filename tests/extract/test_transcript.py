"""Transcripts (quotes/extract/transcript.py): a paragraph led by a speaker label in capitals."""
import pytest

from quotes.extract.transcript import transcript_quotes
from quotes.nlp import parse


@pytest.mark.parametrize("text, expected", [
    ("Mike Pence spoke to the host on Sunday.\n\nPENCE: Well, look, we are going to win this election.",
     [("PENCE", "Well, look, we are going to win this election.")]),
    ("Senator Tim Kaine answered the question.\n\nKAINE: We have a plan for the middle class.",
     [("KAINE", "We have a plan for the middle class.")]),
    # a market table's heading names nobody
    ("Markets were quiet on Tuesday.\n\nCURRENCIES: The dollar strengthened to 109.75 yen from 109.40 yen.", []),
    ("Markets were quiet on Tuesday.\n\nENERGY: Benchmark crude rose 12 cents to $61.80 a barrel.", []),
    # a one-off label in capitals that the text never writes in ordinary case, whatever the tagger calls it
    ("Josh Allen ran for a score.\n\nINJURIES: Bills: WR Stefon Diggs left in the second quarter with a hamstring "
     "injury and did not return. Chiefs: LB Nick Bolton (ankle) was inactive.", []),
    ("UPDATE: The story has been corrected to fix a name.", []),
    ("Fowler spoke on Monday.\n\nCLARIFICATION: The first sentence has been clarified to reflect what Fowler asked.", []),
    # an interviewer named only by the label, in a dialogue
    ("The senator spoke on Sunday.\n\nWALLACE: Will you run again?\n\nSMITH: I will decide in May.\n\nWALLACE: Why wait so long?",
     [("WALLACE", "Will you run again?"), ("WALLACE", "Why wait so long?")]),
])
def test_transcript_labels(text, expected):
    quotes = transcript_quotes(parse(text))
    assert [(q.speaker.text, text[q.start:q.end]) for q in quotes] == expected
