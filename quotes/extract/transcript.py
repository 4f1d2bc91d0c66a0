"""Transcripts: ``PENCE: Well, look, ...`` — a paragraph led by a speaker label in capitals."""
from __future__ import annotations

import re

from ..nlp.doc import Parsed
from .cues import base_forms, verb_stance
from .syntax import classify, ner_type
from ..types import Mention, Quote

_LABEL = re.compile(r"^[ \t]*[\"“]?(?P<name>[A-Z][A-Z.'’\- ]{1,40}?)(?: \([^)]{1,40}\))?:[ \t]+(?P<body>\S.*)$", re.M)
_NOT_NAMES = {"UPDATE", "NOTE", "EDITOR'S NOTE", "CORRECTION", "WATCH", "READ MORE", "RELATED", "PHOTO",
              "VIDEO", "SOURCE", "SOURCES", "Q", "A", "AP", "WASHINGTON", "NEW YORK", "LONDON", "PARIS"}


def transcript_quotes(parsed: Parsed) -> list[Quote]:
    """One direct quote per labelled paragraph; the label is the speaker."""
    text = parsed.text
    out: list[Quote] = []
    labels = [m.group("name").strip() for m in _LABEL.finditer(text)]
    for m in _LABEL.finditer(text):
        name = m.group("name").strip()
        if name in _NOT_NAMES or len(name.replace(".", "")) < 2 or not any(c.isalpha() for c in name):
            continue
        a, b = m.start("body"), m.end("body")
        body = text[a:b].rstrip()
        b = a + len(body)
        if body.endswith(("\"", "”")) and body.count("\"") + body.count("“") + body.count("”") % 2 == 1:
            b -= 1
        if len(text[a:b].split()) < 2 or (
                labels.count(name) < 2 and not _introduced(parsed, name, m.start("name"))):
            continue
        s = parsed.sentence_at(a)
        sidx = s.index if s else 0
        ns = m.start("name")
        speaker = Mention(text=name, start=ns, end=ns + len(name), sentence_index=sidx, kind="name", ner="PER")
        out.append(Quote(type="direct", spans=[(a, b)], sentence_index=sidx, cue=":", cue_lemma=":",
                         cue_start=m.end("name"), cue_end=m.end("name") + 1, stance="neutral",
                         speaker=speaker, confidence=0.7, rule="transcript"))
    return out


def _introduced(parsed: Parsed, label: str, at: int) -> bool:
    """A label used once names somebody only when the article knows them: the parser reads it as a
    person or an organisation, or one of its words appears elsewhere in the text in ordinary case
    ("PENCE:" after "Mike Pence"). A label that leads several paragraphs is a speaker of a dialogue.
    "CURRENCIES:" or "STOCKS:", once each in a market table, name nobody."""
    for sent in parsed.sentences:
        for e in sent.entities:
            if e.start <= at < e.end and e.type in ("PER", "PERSON", "ORG"):
                return True
    text = parsed.text
    for word in re.findall(r"[A-Z][A-Z'’\-]+", label):
        if len(word) >= 3 and re.search(r"\b" + re.escape(word[0] + word[1:].lower()) + r"\b", text):
            return True
    return False


_HEADLINE = re.compile(r"\A[ \t]*(?P<name>[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3}):[ \t]+(?P<body>[^\n]{12,300})$", re.M)


def headline_quotes(parsed: Parsed) -> list[Quote]:
    """``Pence: Gennifer Flowers Won't Be at Debate``: a headline led by its source and a colon.
    Only the first line of the text (the headline) is read this way; the claim is a paraphrase,
    mixed when it holds quotation marks."""
    text = parsed.text
    m = _HEADLINE.match(text)
    if not m:
        return []
    name = m.group("name").strip()
    if name.upper() in _NOT_NAMES or name.isupper() or len(name) < 3:
        return []  # "WATCH:", "UPDATE:" and capitalised transcript labels are not headline sources
    a, b = m.start("body"), m.end("body")
    body = text[a:b].rstrip(" .")
    b = a + len(body)
    if len(body.split()) < 3:
        return []
    s = parsed.sentence_at(a)
    sidx = s.index if s else 0
    ns = m.start("name")
    head = parsed.sentence_at(ns)
    kind, ner = "name", "PER"
    if head is not None:
        k = head.word_at(ns + len(name) - 1)
        if k is not None:
            kind = classify(head, k)
            ner = ner_type(head.words[k])
    speaker = Mention(text=name, start=ns, end=ns + len(name), sentence_index=sidx, kind=kind, ner=ner)
    typ = "mixed" if any(c in body for c in "\"“”‘’'") and re.search(r"[\"“‘'][^\"”’']{2,}[\"”’']", body) else "indirect"
    return [Quote(type=typ, spans=[(a, b)], sentence_index=sidx, cue=":", cue_lemma=":",
                  cue_start=m.end("name"), cue_end=m.end("name") + 1, stance="neutral",
                  speaker=speaker, confidence=0.5, rule="headline")]


_SMALL = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "at", "by", "as", "with", "from", "over",
          "if", "is", "be", "vs", "vs."}
_AUX = {"is", "has", "was", "does", "gets", "goes", "seems", "looks", "becomes", "remains", "makes", "takes", "gives"}


def title_case_headline_quotes(parsed: Parsed) -> list[Quote]:
    """``Chris Christie Calls Hillary Clinton 'A Disgrace' Over ...``, ``New Poll Shows Minor Bump
    For Clinton``: a headline in title case, where the tagger calls every word a name, read from
    its words: the source, a cue verb in its -s form, the claim. Only the first line is read."""
    text = parsed.text
    end = text.find("\n")
    line = text[: end if end >= 0 else len(text)]
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\s]+", line)]
    alpha = [w for _, _, w in words if w[:1].isalpha()]
    if len(alpha) < 5 or sum(1 for w in alpha if w[:1].isupper() or w.lower() in _SMALL) < 0.9 * len(alpha):
        return []
    for k, (a, b, w) in enumerate(words[1:5], start=1):
        low = w.lower().strip(",:;")
        if not w[:1].isupper() or low in _AUX:
            continue
        forms = tuple(base_forms(low, "VBZ"))
        if not forms and words[k - 1][2].lower().endswith("s") and words[k - 1][2][:1].isupper():
            forms = (low,)  # "Black Lawmakers Rip ...", "Obama, Others Vow ...": a plural source
        lemma = next((c for c in forms if c and verb_stance(c)), None)
        if lemma is None or len(words) - k - 1 < 2:
            continue
        ca = words[k + 1][0]
        cb = len(line.rstrip(" ."))
        s = parsed.sentence_at(ca)
        sidx = s.index if s else 0
        speaker = Mention(text=line[: words[k - 1][1]], start=0, end=words[k - 1][1], sentence_index=sidx,
                          kind="name", ner="PER")
        typ = "mixed" if re.search(r"[\"“‘'][^\"”’']{2,}[\"”’']", line[ca:cb]) else "indirect"
        return [Quote(type=typ, spans=[(ca, cb)], sentence_index=sidx, cue=w, cue_lemma=lemma, cue_start=a, cue_end=b,
                      stance=verb_stance(lemma) or "neutral", speaker=speaker, confidence=0.5, rule="headline-title")]
    return []
