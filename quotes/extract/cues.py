"""The cue lexicon (``data/cues.tsv``): speech, report and belief verbs and nouns, each with a stance."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def lexicon() -> dict[tuple[str, str], str]:
    """``{(lemma, pos): stance}`` with pos ``verb``, ``noun`` or ``phrase``."""
    out: dict[tuple[str, str], str] = {}
    text = resources.files("quotes.extract").joinpath("data/cues.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, pos, stance = line.split("\t")[:3]
        out.setdefault((lemma.strip().lower(), pos.strip()), stance.strip())
    return out


def verb_stance(lemma: str, particle: str | None = None) -> str | None:
    """The stance of a cue verb (``particle`` for phrasal verbs: point out, call on), else None."""
    lex = lexicon()
    lemma = lemma.lower()
    if particle:
        s = lex.get((f"{lemma} {particle.lower()}", "verb"))
        if s:
            return s
    return lex.get((lemma, "verb"))


def noun_stance(lemma: str) -> str | None:
    return lexicon().get((lemma.lower(), "noun"))


# Verbs whose clause is reported only when it is a that-/wh-clause or speech-like ccomp;
# they are too common in other senses to take an xcomp or a bare object as content.
WEAK_VERBS = {"find", "show", "know", "understand", "learn", "feel", "hope", "fear", "consider",
              "support", "back", "welcome", "thank", "attack", "charge", "hold", "put", "go",
              "begin", "grant", "figure", "sense", "press", "order", "answer", "continue", "add",
              "accept", "recognize", "recognise", "expect", "write", "post", "publish", "detail",
              "guess", "question", "wonder", "object", "oppose", "praise", "hail", "applaud",
              "endorse", "commit", "document", "indicate", "signal", "suggest", "mention"}
# Cues that take an infinitive (xcomp) as their content: urge X to, pledge to.
XCOMP_STANCES = {"request", "promise"}
XCOMP_VERBS = {"refuse", "decline", "agree", "threaten", "offer", "vow", "pledge", "promise", "urge",
               "ask", "call", "demand", "tell", "encourage", "advise", "invite", "instruct", "order",
               "appeal", "plead", "press", "beg", "implore", "request", "recommend"}
