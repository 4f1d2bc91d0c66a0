"""Quote kinds (quotes/extract/kinds.py): speech, claim, opinion, act."""
import pytest

from quotes.extract import extract_quotes
from quotes.extract.kinds import KINDS, cue_kind, quote_kind
from quotes.nlp import parse
from quotes.types import Quote


@pytest.mark.parametrize("lemma, stance, expected", [
    ("say", None, "speech"),
    ("tell", None, "speech"),
    ("tweet", None, "speech"),
    ("ask", None, "speech"),
    ("deny", None, "speech"),
    ("according to", None, "claim"),
    ("show", None, "claim"),
    ("find", None, "claim"),
    ("reveal", None, "claim"),
    ("think", None, "opinion"),
    ("fear", None, "opinion"),
    ("want", None, "opinion"),
    ("plan", None, "opinion"),
    ("vote", "other", "act"),
    ("endorse", None, "act"),
    ("sign", None, "act"),
    ("object", None, "act"),
    ("chastise", "other", "speech"),   # a judgment verb outside the lexicon: its class decides
    ("watch", "other", "opinion"),     # perception
    ("unseal", "other", "act"),        # known to nothing: never counted as speech
])
def test_cue_kinds(lemma, stance, expected):
    assert cue_kind(lemma, stance) == expected


def test_a_quotation_is_speech_whatever_its_cue():
    q = Quote(type="direct", spans=[(0, 5)], sentence_index=0, cue_lemma="think")
    assert quote_kind(q) == "speech"
    assert quote_kind(Quote(type="indirect", spans=[(0, 5)], sentence_index=0, cue_lemma="think")) == "opinion"


@pytest.mark.parametrize("text, cue, expected", [
    ("The minister said that the talks would resume next week.", "said", "speech"),
    ("According to the report, unemployment rose by two percent.", "According to", "claim"),
    ("Senator Smith voted against the defense bill last week.", "voted", "act"),
    ("Most voters believe that the economy is getting worse.", "believe", "opinion"),
    # "CLAUSE, NP said": speech, even where the tagger found no verb in the clause
    ("Sales rose 4 percent in the third quarter, the company said in a statement.", "said", "speech"),
])
def test_kinds_on_real_parses(text, cue, expected):
    quotes = extract_quotes(parse(text))
    assert [(q.cue, q.kind) for q in quotes] == [(cue, expected)]
    assert all(q.kind in KINDS for q in quotes)


@pytest.mark.parametrize("quote, expected", [
    # a frame whose cue has no known stance: too little behind it to show as speech
    (dict(type="indirect", rule="frame-obj", stance="other", speaker_ref=0), True),
    (dict(type="indirect", rule="frame-obj", stance=None, speaker_ref=0), True),
    (dict(type="indirect", rule="frame-obj", stance="neutral", speaker_ref=0), False),
    # no source and a weak stance ("assured of 108 delegates", "an agreement that ...")
    (dict(type="indirect", rule="verb-object", stance="promise", speaker_ref=None), True),
    (dict(type="indirect", rule="noun", stance="agreement", speaker_ref=None), True),
    (dict(type="indirect", rule="verb-object", stance="promise", speaker_ref=2), False),
    (dict(type="indirect", rule="verb-ccomp", stance="neutral", speaker_ref=None), False),  # "it was said that"
    # a quotation is speech whatever its cue; opinions and acts are left as they are
    (dict(type="direct", rule="frame-obj", stance="other", speaker_ref=None), False),
    (dict(type="indirect", rule="frame-obj", stance="other", speaker_ref=0, kind="opinion"), False),
])
def test_unsupported_speech_is_kept_as_an_act(quote, expected):
    from quotes.extract.kinds import unsupported
    q = Quote(spans=[(0, 5)], sentence_index=0, **{"kind": "speech", **quote})
    assert unsupported(q) is expected


@pytest.mark.parametrize("text", [
    # a sports line: what a player added is a statistic, nobody said anything
    "Greg McKegg and Dougie Hamilton each added a goal and an assist for the Hurricanes, who have won four straight.",
    "Kane scored his 30th goal of the season, and Toews added two assists.",
    "Brady threw for 300 yards and three touchdowns, and Gronkowski added 120 yards receiving.",
])
def test_no_attribution_in_a_box_score(text):
    assert extract_quotes(parse(text)) == []
