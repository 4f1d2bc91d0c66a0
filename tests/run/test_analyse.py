"""analyse(): what the article's writer says in the first person is no quote; an interviewee's
"I" in an answer is."""
import pytest

from quotes.nlp import parse
from quotes.run.analyse import analyse

OPED = ("I know all about the tax code, and I believe the plan will fail.\n\n"
        "The senator said the plan would cut taxes for the middle class.")
INTERVIEW = ("Q: What do you make of the polls?\n\n"
             "A: I think the race will tighten in October.")


@pytest.mark.parametrize("text, fragment, kept", [
    (OPED, "the plan will fail", False),                      # the writer's own voice
    (OPED, "the plan would cut taxes", True),                 # a source the writer quotes
    (INTERVIEW, "the race will tighten", True),               # the interviewee answering
])
def test_the_writers_own_voice_is_no_quote(text, fragment, kept):
    quotes, speakers = analyse(parse(text))
    at = text.index(fragment)
    assert any(q.start <= at < q.end for q in quotes) is kept
