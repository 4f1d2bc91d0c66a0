"""The learned speaker choice (quotes/extract/choose.py): candidates, the margin, shipped weights."""
import numpy as np
import pytest

from quotes.extract import choose as C
from quotes.extract import extract_quotes
from quotes.nlp import parse


def test_shipped_model_loads_with_its_card():
    w = C.load_weights()
    assert w is not None and len(w.coef) == len(w.names) > 50 and 0 <= w.margin < 1
    card = C.card()
    assert card["cross_validation"].startswith("5-fold")
    assert card["held_out"]["right"] >= card["rules_alone"]["right"]


def test_candidates_are_phrases_outside_what_was_said_never_the_addressee_or_a_day():
    parsed = parse("Senator Jones told reporters on Monday that the bill would pass the Senate easily.")
    q = extract_quotes(parsed, choose=False, learned=False)[0]
    sent, cands = C.candidates(parsed, q)
    texts = [c.mention.text for c in cands]
    assert cands[0].chosen and texts[0] == "Senator Jones", texts
    assert not any(c.chosen for c in cands[1:])
    assert "reporters" not in texts and "Monday" not in texts, texts  # whom it was told; a day
    assert not any(t in ("the bill", "the Senate") for t in texts), texts  # inside what was said


def _weights(names, coef, margin):
    return C.Weights(names=names, coef=np.array(coef, np.float32), bias=0.0, margin=margin)


def test_a_rival_takes_the_quote_only_when_it_beats_the_rules_choice_by_the_margin():
    text = "Senator Jones said on the radio show in Ohio that the talks would resume."
    parsed = parse(text)
    base = extract_quotes(parsed, choose=False, learned=False)
    q = next(q for q in base if q.speaker is not None)
    sent, cands = C.candidates(parsed, q)
    assert len(cands) > 1
    rival = cands[1]
    lemma = sent.words[rival.head].lemma.lower()
    # a model that likes the rival's lemma and distrusts the rules' choice
    strong = _weights(["is_rule", f"lemma={lemma}"], [-2.0, 4.0], 0.1)
    C.choose_speakers(parsed, [q], strong)
    assert q.speaker.start == rival.mention.start
    q.speaker = cands[0].mention
    # the same preference under a margin it cannot beat leaves the rules' speaker
    C.choose_speakers(parsed, [q], _weights(["is_rule", f"lemma={lemma}"], [-2.0, 4.0], 0.9999))
    assert q.speaker is cands[0].mention


def test_without_a_model_the_rules_speakers_stand(monkeypatch):
    parsed = parse("The minister said that the talks would resume next week.")
    monkeypatch.setattr(C, "load_weights", lambda: None)
    quotes = extract_quotes(parsed, learned=False)
    assert [q.speaker.text for q in quotes] == ["The minister"]


def test_a_party_tag_or_a_description_of_the_rules_speaker_is_no_rival():
    parsed = parse("“Our assumption is that the veto will be overridden,” Senate Majority Leader Mitch McConnell, "
                   "R-Ky., said Tuesday. Douglas Holtz-Eakin, an economist and tax expert, told me this week that "
                   "candidates should do so.")
    for q in extract_quotes(parsed, choose=False, learned=False):
        if q.speaker is None:
            continue
        texts = [c.mention.text for c in C.candidates(parsed, q)[1]]
        assert not any(t.startswith(("R-Ky", "an economist", "tax expert")) for t in texts), texts


@pytest.mark.parametrize("text, rules, chosen", [
    ("“They stole the election,” the woman shouted, using an insult to describe the city council.",
     "the city council", "the woman"),
    ("Mr. Smith, channeling his polite upbringing, responded by first saying ''some nice things'' about Mr. Jones.",
     "his polite upbringing", "Mr. Smith"),
    ("Perhaps more than anyone, Sen. Walsh has attacked party voters, lawmakers, and thinkers for opposing the trade "
     "policies.", "party voters", "Walsh"),
    ("The governor revisited his own promise to guide the state into a new age of unity as a framework to rally "
     "voters.", "his", "The governor"),
])
def test_the_shipped_model_corrects_a_rule_speaker_on_real_parses(text, rules, chosen):
    parsed = parse(text)
    assert [q.speaker.text for q in extract_quotes(parsed, choose=False, learned=False)] == [rules]
    assert [q.speaker.text for q in extract_quotes(parsed, learned=False)] == [chosen]
