"""The cue lexicon and the regular base forms used where the lemmatizer left an inflected form."""
import pytest

from quotes.extract.cues import base_forms, lexicon, verb_stance


@pytest.mark.parametrize("form, xpos, base", [
    ("warning", "VBG", "warn"),
    ("vowing", "VBG", "vow"),
    ("urging", "VBG", "urge"),
    ("vowed", "VBD", "vow"),
    ("urged", "VBN", "urge"),
    ("denied", "VBD", "deny"),
    ("says", "VBZ", "say"),
    ("accuses", "VBZ", "accuse"),
    ("pushes", "VBZ", "push"),
    ("denies", "VBZ", "deny"),
    ("carries", "VBZ", "carry"),
])
def test_base_forms_include_the_base(form, xpos, base):
    assert base in base_forms(form, xpos)


@pytest.mark.parametrize("form, xpos", [("carries", "VBZ"), ("denies", "VBZ")])
def test_no_half_stripped_ies_form(form, xpos):
    # "-ies" drops three letters before the "y" ("carriy" is no English verb)
    assert not any(b.endswith("iy") for b in base_forms(form, xpos))


@pytest.mark.parametrize("form, xpos", [("said", "VB"), ("sing", "NN"), ("red", "JJ")])
def test_no_base_forms_for_other_tags(form, xpos):
    assert base_forms(form, xpos) == []


def test_lexicon_size_and_stances():
    lex = lexicon()
    assert len(lex) >= 200
    assert verb_stance("deny") == "denial" and verb_stance("say") == "neutral"
    assert verb_stance("call", "on") == "request"
    assert verb_stance("table") is None
