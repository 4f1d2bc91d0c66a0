"""Two names joined by "and" speak together (a group); a name with its place or its roles after a
comma is one person. Real pipeline, bundled models."""
import pytest

from quotes.nlp import parse
from quotes.run.analyse import analyse


def _speaker(text, fragment):
    quotes, speakers = analyse(parse(text))
    for q in quotes:
        if fragment in text[q.start:q.end]:
            sp = speakers[q.speaker_ref] if q.speaker_ref is not None else None
            return (sp.name, sp.kind) if sp is not None else None
    raise AssertionError(f"no quote with {fragment!r}: {[text[q.start:q.end] for q in quotes]}")


@pytest.mark.parametrize(
    "text, fragment, speaker",
    [
        # one person: a place, or roles, after the name
        ("Johnnie Wilson, of Springfield, Va., said he had fought in Vietnam for the nation's rights.",
         "fought in Vietnam", ("Johnnie Wilson", "person")),
        ('"The answers are not meeting the demand," says Paul Rieckhoff, founder and CEO of Iraq and '
         "Afghanistan Veterans of America.", "not meeting the demand", ("Paul Rieckhoff", "person")),
        # two people: a group
        ("Mr. Grassley and Mr. Leahy said the committee would hold hearings in March.",
         "the committee would hold hearings", ("Mr. Grassley and Mr. Leahy", "group")),
        ("Mr. Obama and Hillary Clinton never seem to tire of telling us that the economy is improving.",
         "the economy is improving", ("Mr. Obama and Hillary Clinton", "group")),
    ],
)
def test_coordinated_names(text, fragment, speaker):
    assert _speaker(text, fragment) == speaker
