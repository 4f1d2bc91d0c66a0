"""The kind of an attribution: ``speech``, ``claim``, ``opinion`` or ``act`` (``data/kinds.tsv``).

Journalists count speech and claims as quotes; opinions ("thinks", "fears", "wants") and acts
("voted against", "endorsed") are attributions too, but they are kept apart so that the default
views show what somebody said or what a source states.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from ..types import Quote
from .cues import lexicon, word_classes

KINDS = ("speech", "claim", "opinion", "act")
DEFAULT_KINDS = ("speech", "claim")  # what the default views and pages show
POS = ("verb", "noun", "phrase")


@lru_cache(maxsize=None)
def _table() -> dict[tuple[str, str], str]:
    text = resources.files("quotes.extract").joinpath("data/kinds.tsv").read_text(encoding="utf-8")
    out: dict[tuple[str, str], str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith(("#", "scope\t")):
            continue
        scope, key, kind = (f.strip() for f in line.split("\t")[:3])
        if kind not in KINDS:
            raise ValueError(f"data/kinds.tsv: unknown kind {kind!r} for {scope} {key}")
        out[(scope, key)] = kind
    return out


def cue_kind(lemma: str | None, stance: str | None = None) -> str:
    """The kind a cue makes: its lemma's row, else its stance's, else its word class's, else act."""
    table = _table()
    lemma = (lemma or "").lower()
    for pos in POS:
        if (lemma, pos) in lexicon() or ("lemma", f"{lemma}/{pos}") in table:
            if ("lemma", f"{lemma}/{pos}") in table:
                return table[("lemma", f"{lemma}/{pos}")]
            stance = stance or lexicon()[(lemma, pos)]
            break
    if stance and ("stance", stance) in table:
        return table[("stance", stance)]
    for pos in ("verb", "noun", "adj"):
        for cls in word_classes(lemma, pos):
            if ("class", cls) in table:
                return table[("class", cls)]
    return "act"


def quote_kind(q: Quote) -> str:
    """Speech for a quotation (direct or mixed) or a quote with no cue word; else the cue's kind."""
    if q.type in ("direct", "mixed") or not q.cue_lemma:
        return "speech"
    return cue_kind(q.cue_lemma, q.stance)


# Stances that, without a source, mark no report of words: "assured of 108 delegates", "an
# agreement that the nations reached", "was charged with" (hand-labelled on PolNeAR train: of 55
# such speech/claim predictions with no resolved source, 14 were speech or claims).
WEAK_STANCES = frozenset({"report", "promise", "agreement", "admission", "belief", "other", None})


def unsupported(q: Quote) -> bool:
    """Whether a speech or claim prediction has too little behind it to be shown as one, once its
    source is resolved: a frame whose cue has no known stance (the long tail of the frames:
    "proved to be", "positioned to", "spotlights"; 24 of 82 speech or claims by hand on train),
    or an indirect attribution with a weak stance and no source. Such predictions are kept as acts."""
    if q.kind not in DEFAULT_KINDS or q.type == "direct":
        return False
    if q.rule.startswith("frame") and q.stance in (None, "other"):
        return True
    return q.speaker_ref is None and q.stance in WEAK_STANCES
