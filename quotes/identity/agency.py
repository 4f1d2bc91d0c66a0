"""Can a speaker mention speak? "Geopolitical factors", "political correctness", "the euro
crisis" and "the southern border" are things, not sources: a quote the parse gives them is a
misreading (the speaker is somebody else) or no quote at all.

The judgement is lexical: the mention's head noun is in ``data/mute_nouns.txt`` (nouns whose
most frequent WordNet sense is a state, attribute, event, place, time, feeling, object, act,
thought or artifact and the like, with no person, group or communication sense among their first
three, unless it is a finding, an investigation, an estimate, a picture or a business that speaks
for its authors; built by ``training/lexicons/mute_nouns.py``), and is no word the project knows
as a speaker's (an organisation's, a title, a role, a document, a medium: "the campaign", "the
district" stay).
Names, pronouns and nouns not in the list can always speak."""
from __future__ import annotations

from functools import lru_cache

from ..extract.syntax import DOCUMENT_WORDS
from ..nlp.doc import Parsed
from ..types import LocalSpeaker, Mention, Quote
from .names import WHEN_WORDS, wordlist

__all__ = ["mute_mention", "mute_speakers"]


@lru_cache(maxsize=1)
def _speaking_words() -> frozenset[str]:
    """Words the project's own lists give to speakers (they win over WordNet)."""
    words = set(DOCUMENT_WORDS)
    for name in ("org_words", "org_surnames", "generic_role_words", "titles", "media"):
        words.update(w for entry in wordlist(name) for w in entry.split())
    return frozenset(words)


def _mute(word: str) -> bool:
    return word in wordlist("mute_nouns") and word not in _speaking_words()


def mute_mention(parsed: Parsed, m: Mention) -> bool:
    """Whether ``m`` (or, for a relative pronoun, what it stands for) is a common noun phrase
    whose head noun names something that cannot speak."""
    if m.antecedent is not None:
        m = m.antecedent
    if m.kind not in ("nominal", "anonymous") or m.head < 0 or m.sentence_index >= len(parsed.sentences):
        return False
    words = parsed.sentences[m.sentence_index].words
    if m.head >= len(words):
        return False
    head = words[m.head]
    lemma = (head.lemma or head.text).lower()
    if head.upos in ("NOUN", "PROPN") and (lemma in WHEN_WORDS or head.text.lower() in WHEN_WORDS):
        return True  # a day, a month, a time of day: "his doctor Friday afternoon (that says ...)"
    if head.upos != "NOUN":
        return False
    if not _mute(lemma):
        return False
    # a two-word noun that speaks on a mute head: "task force", "police force"
    before = words[m.head - 1] if m.head > 0 else None
    if before is not None and before.head == head.i and before.rel == "compound" \
            and f"+{before.text.lower()} {lemma}" in wordlist("mute_nouns"):
        return False
    return True


def mute_speakers(parsed: Parsed, quotes: list[Quote], speakers: list[LocalSpeaker]) -> set[int]:
    """The local speakers (by index) named only by a description of a thing: a speaker of kind
    unknown or anonymous (no name, medium or document), or an organisation only named inside
    the description ("the Senate's 80-19 vote", "the dissolution of the Soviet Union"), that
    some quote's own mention gives as a mute noun phrase."""
    out: set[int] = set()
    for q in quotes:
        ref = q.speaker_ref
        if ref is None or q.speaker is None or speakers[ref].kind not in ("unknown", "anonymous", "organization"):
            continue
        if mute_mention(parsed, q.speaker):
            out.add(ref)
    return out
