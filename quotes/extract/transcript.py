"""Transcripts: ``PENCE: Well, look, ...`` — a paragraph led by a speaker label in capitals."""
from __future__ import annotations

import re

from ..nlp.doc import Parsed
from .cues import base_forms, verb_stance
from .syntax import classify, ner_type, posted_result, recalled_thing
from ..types import Mention, Quote

_LABEL = re.compile(r"^[ \t]*[\"“]?(?P<name>[A-Z][A-Z.'’\- ]{1,40}?)(?: \([^)]{1,40}\))?:[ \t]+(?P<body>\S.*)$", re.M)
_NOT_NAMES = {"UPDATE", "UPDATED", "NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "CORRECTION", "CLARIFICATION", "DISCLOSURE",
              "WATCH", "READ MORE", "RELATED", "PHOTO", "VIDEO", "SOURCE", "SOURCES", "Q", "A", "AP", "WASHINGTON",
              "NEW YORK", "LONDON", "PARIS", "BREAKING", "EXCLUSIVE", "ANALYSIS", "OPINION", "LIVE", "MORE", "ALSO",
              "REVIEW", "OBITUARY", "COMMENTARY", "EDITORIAL", "ESSAY", "PREVIEW", "RECAP"}
# a headline's kicker: a label that introduces the story, nobody who said it ("The Latest:", "Wow:")
_KICKERS = {"the latest", "latest", "breaking", "breaking news", "just in", "watch", "look", "listen", "wow", "whoa",
            "boom", "revealed", "exclusive", "update", "live", "must see", "must-see", "shock", "video", "photos",
            "analysis", "opinion", "explainer", "fact check", "fact-check", "correction", "editorial",
            # the genre of the piece: "Review: 'The Long Quiet' Is a Haunting Thriller"
            "review", "film review", "movie review", "book review", "theater review", "concert review",
            "obituary", "commentary", "column", "essay", "op-ed", "our view", "my view", "viewpoint",
            "perspective", "preview", "recap", "profile", "first look", "letters", "photo", "gallery",
            "podcast", "quiz", "interview", "factbox", "fact box", "timeline", "chart", "charts", "graphic",
            "map", "in pictures", "in photos", "q&a", "faq", "by the numbers", "key facts", "what to know",
            "what we know", "at a glance", "snapshot", "tracker", "scoreboard", "box score", "results"}
_KICKER_ENDS = {"update", "updates", "roundup", "digest", "recap", "briefing"}
_LABEL_LINKS = {"over", "for", "against", "on", "in", "of", "at", "with", "to", "from", "after", "before", "and", "the",
                "a", "an", "as", "by"}


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
                labels.count(name) < 2 and not _introduced(parsed, name, m.start("name"))
                and not any(x != name and x.endswith(" " + name) for x in labels)):  # "BOLDUAN:" after "KATE BOLDUAN:"
            continue
        s = parsed.sentence_at(a)
        sidx = s.index if s else 0
        ns = m.start("name")
        speaker = Mention(text=name, start=ns, end=ns + len(name), sentence_index=sidx, kind="name", ner="PER")
        out.append(Quote(type="direct", spans=[(a, b)], sentence_index=sidx, cue=":", cue_lemma=":",
                         cue_start=m.end("name"), cue_end=m.end("name") + 1, stance="neutral",
                         speaker=speaker, confidence=0.7, rule="transcript"))
    return out


# An interview printed as questions and answers: "Q: Why write a cookbook now?" / "A: My grandmother ..."
_QA = re.compile(r"^[ \t]*(?P<label>Q|A|Question|Answer)[:.][ \t]+(?P<body>\S[^\n]*)$", re.M)


def interview(parsed: Parsed) -> tuple[Mention | None, list[tuple[int, int]], list[tuple[int, int]]]:
    """An interview printed as questions and answers (two "Q:" paragraphs and two "A:" ones at
    least): the person asked, named more than once before the first question ("Q&A: Chef Rosa
    Delgado on Her New Cookbook ... Rosa Delgado's restaurant"), else ``None``; the spans of the
    questions; the spans of the answers. Nothing when the text is no such interview."""
    text = parsed.text
    paras = list(_QA.finditer(text))
    asks = [(m.start(), m.end()) for m in paras if m.group("label") in ("Q", "Question")]
    answers = [(m.start(), m.end()) for m in paras if m.group("label") in ("A", "Answer")]
    if len(asks) < 2 or len(answers) < 2:
        return None, [], []
    first = min(m.start() for m in paras)
    people = [(e.start, re.sub(r"['’]s$", "", e.text)) for sent in parsed.sentences for e in sent.entities
              if e.type in ("PER", "PERSON") and e.end <= first]
    # the person asked is named more than once before the questions, once in full at least
    # (the tagger's stray "persons", "Smoke" or "New Cookbook", are named once)
    times: dict[str, int] = {}
    for _, t in people:
        times[t.split()[-1]] = times.get(t.split()[-1], 0) + 1
    top = [w for w, n in times.items() if n >= 2 and n == max(times.values())]
    full = [(a, t) for a, t in people if len(top) == 1 and t.split()[-1] == top[0] and len(t.split()) >= 2]
    if not full:
        return None, asks, answers
    line_end = text.find("\n")
    at, name = next(((a, t) for a, t in full if a > line_end), full[0])  # the body's name, not the headline's
    head = parsed.sentence_at(at)
    asked = Mention(text=name, start=at, end=at + len(name), sentence_index=head.index if head else 0,
                    kind="name", ner="PER")
    return asked, asks, answers


def _introduced(parsed: Parsed, label: str, at: int) -> bool:
    """A label used once names somebody only when the article knows them: the tagger reads it as a
    person (or, written in mixed case, an organisation), or one of its words appears elsewhere in
    the text in ordinary case ("PENCE:" after "Mike Pence"). A label that leads several paragraphs
    is a speaker of a dialogue. "CURRENCIES:" or "STOCKS:", once each in a market table, and
    "INJURIES:" after a game name nobody."""
    for sent in parsed.sentences:
        for e in sent.entities:
            # (the tagger calls many a word in capitals an organisation: "INJURIES:", "BYLINE:")
            if e.start <= at < e.end and (e.type in ("PER", "PERSON") or e.type == "ORG" and not label.isupper()):
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
    if name.lower() in _KICKERS or _kicker(name) and not _named_below(text, name, m.end()):
        return []  # "The Latest:", "Wow:", "Stealth Over Health:": a kicker, not a source
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


def _kicker(name: str) -> bool:
    """A label that may be a kicker unless the article names it: one ending like one (``Delegate
    Update``), or a phrase with a preposition between its words (``Stealth Over Health``, ``Big Win
    For Bernie``). Known kickers (``_KICKERS``) are never sources."""
    words = name.lower().split()
    return (words[-1] in _KICKER_ENDS
            or any(w in _LABEL_LINKS for w in words[1:-1]) and words[0] not in _LABEL_LINKS)


def _named_below(text: str, name: str, after: int) -> bool:
    """Whether the article below the headline names its label again (its last word, in the same
    case: "Pence:" over "Gov. Mike Pence said")."""
    last = re.sub(r"['’]s?$", "", name.split()[-1])
    return len(last) >= 2 and re.search(r"(?<![\w-])" + re.escape(last) + r"(?![\w-])", text[after:]) is not None


_SMALL = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "at", "by", "as", "with", "from", "over",
          "if", "is", "be", "vs", "vs."}


def _plural(word: str) -> bool:
    """``Lawmakers``, ``Others``, ``PACs``, ``Clinton’s``: a capitalised plural noun or a possessive
    (not ``Curious``, ``Congress``)."""
    return word[:1].isupper() and word.endswith("s") and not word.lower().endswith(("ss", "us", "is"))


_AUX = {"is", "has", "was", "does", "gets", "goes", "seems", "looks", "becomes", "remains", "makes", "takes", "gives"}


# words that open a phrase set before a headline's source: "In Iowa, Clinton Says ..."
_FRONTING = {"in", "at", "on", "after", "before", "amid", "despite", "beneath", "behind", "under", "over", "with",
             "without", "for", "from", "during", "since", "as", "while", "inside", "outside", "against", "among",
             "near", "through", "ahead", "again", "now", "still", "once", "beyond", "facing", "like", "unlike"}


# words that open a phrase of time or circumstance, never what a headline's source said: "Singer
# Apologizes After Concert Cancellation", "Retailer Cuts Forecast as Shoppers Pull Back"
_NO_CLAIM_START = {"after", "as", "before", "amid", "following", "when", "while", "despite", "since", "until",
                   "during", "ahead", "at", "in", "again", "today", "tonight"}


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
        if not forms and _plural(words[k - 1][2]):
            forms = (low,)  # "Black Lawmakers Rip ...", "Obama, Others Vow ...": a plural source
        lemma = next((c for c in forms if c and verb_stance(c)), None)
        if lemma is None or len(words) - k - 1 < 2:
            continue
        if words[k + 1][2].lower() in _NO_CLAIM_START:
            return []  # "Singer Apologizes After Concert Cancellation": when, not what
        if lemma == "recall" and any(recalled_thing(x.strip(",:;")) for _, _, x in words[k + 1:]):
            return []  # "Drugmaker Recalls Blood Pressure Pills": took back, not remembered
        if lemma == "post" and any(posted_result(x.strip(",:;")) for _, _, x in words[k + 1:]):
            return []  # "Retailer Posts Surprise Loss": a result, no words
        ca = words[k + 1][0]
        cb = len(line.rstrip(" ."))
        s = parsed.sentence_at(ca)
        sidx = s.index if s else 0
        start = 0
        if k >= 2 and (re.search(r"(?:ing|ed)$", words[0][2]) or words[0][2].lower() in _FRONTING) \
                and "," in line[: words[k - 1][1]]:
            # "Railing Against Trump, Sanders Vows ...", "Beneath The Surface, Senator Warns ...": the
            # participle's or the preposition's phrase is not the source
            start = line.rfind(",", 0, words[k - 1][1]) + 1
            start += len(line[start:]) - len(line[start:].lstrip())
        speaker = Mention(text=line[start: words[k - 1][1]], start=start, end=words[k - 1][1], sentence_index=sidx,
                          kind="name", ner="PER")
        typ = "mixed" if re.search(r"[\"“‘'][^\"”’']{2,}[\"”’']", line[ca:cb]) else "indirect"
        return [Quote(type=typ, spans=[(ca, cb)], sentence_index=sidx, cue=w, cue_lemma=lemma, cue_start=a, cue_end=b,
                      stance=verb_stance(lemma) or "neutral", speaker=speaker, confidence=0.5, rule="headline-title")]
    return []
