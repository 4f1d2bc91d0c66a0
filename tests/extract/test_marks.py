"""Quotation-mark pairing on raw text: (text, expected contents) tables with negative cases."""
import pytest

from quotes.extract.marks import find_quotations


def contents(text):
    return [[text[a:b] for a, b in q.spans] for q in find_quotations(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“We want relations,” Amro said.", [["We want relations,"]]),
        ('"A," she said, "B."', [["A,"], ["B."]]),
        ("''Some courses are adapting,'' said Paul H. Chipok.", [["Some courses are adapting,"]]),
        ("‘We will win,’ says the PM.", [["We will win,"]]),
        ("« Nous resterons » dit-il.", [[" Nous resterons "]]),
        ("„Wir bleiben“, sagte er.", [["Wir bleiben"]]),
        ("``Yes,'' he said.", [["Yes,"]]),
        # a quotation running over paragraphs is one quotation with a span per paragraph
        ("He said: “First part.\n\n“Second part.”\n\nAfter.", [["First part.", "Second part."]]),
        # quotes inside quotes stay inside the outer one
        ('He said "it is \'great\' now" ok', [["it is 'great' now"]]),
        ("He said “it is ‘great’ now” ok", [["it is ‘great’ now"]]),
    ],
)
def test_pairs(text, expected):
    assert contents(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Israel’s leaders’ meeting didn’t happen.",  # apostrophes
        "The 1990s' rock and the '80s.",
        "He was 6' tall.",
        "No quotes at all here.",
        "",
    ],
)
def test_no_quotations(text):
    assert contents(text) == []


def test_unbalanced_mark_does_not_swallow_the_article():
    text = "Unbalanced “ mark here.\n\nNext “para” fine.\n\n" + "More text. " * 50
    qs = find_quotations(text)
    assert [text[a:b] for q in qs for a, b in q.spans] == ["para"]


def test_unclosed_at_end_of_paragraph_not_reopened_is_dropped():
    text = "He said “this never closes.\n\nA new paragraph without marks."
    assert find_quotations(text) == []


@pytest.mark.parametrize("text", ['"', '""', "“”", "“ ”", '" " "', "''''", "„", "«»«"])
def test_odd_marks_never_crash(text):
    for q in find_quotations(text):
        for a, b in q.spans:
            assert 0 <= a <= b <= len(text)


@pytest.mark.parametrize("text", ["’the'", "’the’ x", "‘a’’b’", "'’‘'"])
def test_mixed_single_marks_never_crash(text):
    find_quotations(text)
