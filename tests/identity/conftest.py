"""Helpers shared by the identity tests."""
import pytest

from quotes.nlp import parse
from quotes.run.analyse import analyse


def _speaker_of(text, fragment):
    """The (name, kind) of the local speaker of the quote whose content holds ``fragment``, run
    through the real pipeline; None when that quote has no speaker."""
    quotes, speakers = analyse(parse(text))
    for q in quotes:
        if fragment in text[q.start:q.end]:
            sp = speakers[q.speaker_ref] if q.speaker_ref is not None else None
            return (sp.name, sp.kind) if sp is not None else None
    raise AssertionError(f"no quote with {fragment!r}: {[text[q.start:q.end] for q in quotes]}")


@pytest.fixture
def speaker_of():
    return _speaker_of
