"""Page furniture a scraped article leaves at a line's end ("READ MORE") is no part of a quote."""
import pytest

from quotes.extract.reported import trim_content


@pytest.mark.parametrize(
    "text, content",
    [
        ("new rules for oil sands READ MORE", "new rules for oil sands"),
        ("new rules READ MORE: ", "new rules"),
        ("the plan, Read more »", "the plan"),
        ("the deal ADVERTISEMENT", "the deal"),
        # words, not furniture
        ("that they would read more books", "that they would read more books"),
        ("he was right.", "he was right."),
        (", the talks failed -", "the talks failed"),
    ],
)
def test_trim_content(text, content):
    a, b = trim_content(text, 0, len(text))
    assert text[a:b] == content


def test_a_headline_with_read_more_is_no_speech():
    from quotes.nlp import parse
    from quotes.run.analyse import analyse

    text = "Alberta proposes new rules for oil sands READ MORE"
    quotes, _ = analyse(parse(text))
    assert all("READ MORE" not in text[q.start:q.end] for q in quotes)
    assert all(q.kind not in ("speech", "claim") for q in quotes)
