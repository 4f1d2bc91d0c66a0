"""The cue lexicon (``data/cues.tsv``): speech, report and belief verbs and nouns, each with a stance."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Iterator


def _rows(name: str) -> Iterator[tuple[str, str, str]]:
    """The (word, pos, value) rows of a three-column data file, comments and blank lines skipped."""
    text = resources.files("quotes.extract").joinpath(f"data/{name}").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, pos, value = (f.strip() for f in line.split("\t")[:3])
            yield word.lower(), pos, value


@lru_cache(maxsize=None)
def lexicon() -> dict[tuple[str, str], str]:
    """``{(lemma, pos): stance}`` with pos ``verb``, ``noun`` or ``phrase``."""
    out: dict[tuple[str, str], str] = {}
    for lemma, pos, stance in _rows("cues.tsv"):
        out.setdefault((lemma, pos), stance)
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


def base_forms(form: str, xpos: str) -> list[str]:
    """Regular English base forms of an inflected verb form (``warning`` -> warn, ``vowed`` -> vow)."""
    out: list[str] = []
    if xpos == "VBG" and form.endswith("ing"):
        stem = form[:-3]
        out += [stem, stem + "e"] + ([stem[:-1]] if len(stem) > 2 and stem[-1] == stem[-2] else [])
    elif xpos in ("VBD", "VBN") and form.endswith("ed"):
        stem = form[:-2]
        out += [stem, form[:-1]] + ([stem[:-1]] if len(stem) > 2 and stem[-1] == stem[-2] else [])
        if stem.endswith("i"):
            out.append(stem[:-1] + "y")
    elif xpos == "VBZ" and form.endswith("s"):
        out += [form[:-3] + "y"] if form.endswith("ies") else []
        out += [form[:-2], form[:-1]] if form.endswith("es") else [form[:-1]]
    return out


def cue_lemma(word) -> str:
    """A verb's lemma for the lexicon: the lemmatizer's, or where it left an inflected form it
    does not know (``warning``, ``vowe``, ``favore``) the regular base form that is a cue or a
    word of ``data/classes.tsv``."""
    lemma = word.lemma.lower()
    if word.upos != "VERB" or verb_stance(lemma) or word_classes(lemma, "verb"):
        return lemma
    for base in base_forms(word.text.lower(), word.xpos):
        if verb_stance(base) or word_classes(base, "verb"):
            return base
    return lemma


def noun_stance(lemma: str) -> str | None:
    return lexicon().get((lemma.lower(), "noun"))


@lru_cache(maxsize=None)
def _classes() -> dict[tuple[str, str], tuple[str, ...]]:
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for word, pos, cls in _rows("classes.tsv"):
        out[(word, pos)] = out.get((word, pos), ()) + (cls,)
    return out


def word_classes(lemma: str, pos: str) -> tuple[str, ...]:
    """The broad lexical classes of a word (``data/classes.tsv``; pos ``verb``, ``noun`` or
    ``adj``): ``chastise`` -> judgment, ``wary`` -> attitude. Empty when it has none."""
    return _classes().get((lemma.lower(), pos), ())


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
