"""Small helpers over the dependency parse: noun-phrase mentions, subjects, negation."""
from __future__ import annotations

import re

from ..nlp.doc import Parsed, Sentence, Word
from ..nlp.segment import TITLE_ABBREVIATIONS as _SHORT_TITLES
from ..types import Mention
from .cues import noun_stance

PRONOUNS = {"he", "she", "they", "it", "i", "we", "him", "her", "them", "you", "who", "which", "that"}
# parts of a mention besides its head
_NP_KEEP = {"compound", "flat", "det", "amod", "nmod", "nummod", "case", "fixed", "nmod:poss",
            "compound:prt", "flat:name", "goeswith", "nmod:npmod", "obl:npmod", "nmod:desc"}
_NP_DROP = {"acl", "acl:relcl", "appos", "punct", "parataxis", "dep", "ccomp", "xcomp", "advcl",
            "nsubj", "obj", "iobj", "mark", "cop", "aux", "list", "discourse", "vocative", "obl"}

_TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
               "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december", "sept.", "oct.", "nov.", "dec.", "jan.", "feb.", "aug."}
DOCUMENT_WORDS = {"statement", "release", "report", "memo", "letter", "document", "communique",
                  "communiqué", "announcement", "study", "survey", "poll", "polls", "filing", "email",
                  "tweet", "post", "readout", "transcript", "complaint", "lawsuit", "ruling", "order",
                  "declaration", "resolution", "text", "notice", "bulletin", "analysis", "paper",
                  "data", "records", "documents", "message", "video", "website", "article", "book",
                  "account", "indictment", "decision", "findings", "investigation", "reports"}
ANONYMOUS_HEADS = {"official", "officials", "source", "sources", "spokesman", "spokeswoman",
                   "spokesperson", "aide", "aides", "diplomat", "diplomats", "person", "people",
                   "politician", "analyst", "analysts", "expert", "experts", "observers", "critics",
                   "residents", "witnesses", "officer", "officers", "insider", "insiders", "member",
                   "members", "someone", "adviser", "advisers", "advisor", "advisors", "staffer",
                   "staffers", "lawmaker", "lawmakers", "supporters", "activist", "activists",
                   "voters", "leader", "leaders", "executive", "executives", "man", "woman", "men",
                   "women", "representative", "representatives", "aide", "strategist", "strategists"}


_NUMBER_WORD = re.compile(
    r"(?i)^(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|million|billion)(?:-\w+)?$")


def mention_for(sent: Sentence, head: int, kind: str | None = None, limit: tuple[int, int] | None = None) -> Mention:
    """The noun phrase headed by word ``head``: compounds, names, determiners and of-phrases, but
    not appositions or relative clauses. ``limit`` bounds it (character range)."""
    keep = {head}
    # a relative pronoun is a mention on its own ("who in 2010 said": not "who in 2010")
    stack = [head] if sent.words[head].xpos not in ("WP", "WDT") else []
    while stack:
        j = stack.pop()
        for c in sent.children(j):
            w = sent.words[c]
            rel = w.deprel
            if rel == "punct" and w.text in ("-", "–") and 0 < c < len(sent.words) - 1 \
                    and sent.words[c - 1].end == w.start and w.end == sent.words[c + 1].start:
                keep.add(c)  # the hyphen inside a word ("oil-producing countries")
                continue
            if rel in _NP_DROP or rel.split(":")[0] in ("acl", "appos", "punct", "parataxis"):
                continue
            if rel.split(":")[0] in ("conj", "cc"):
                continue
            if rel in _NP_KEEP or rel.split(":")[0] in ("compound", "flat", "det", "amod", "nmod", "case", "nummod", "fixed"):
                if limit and not (limit[0] <= w.start and w.end <= limit[1]):
                    continue
                if j == head and c > head and rel.startswith("nmod") and _when(sent, c):
                    continue  # "The Times on Saturday" is The Times, "a group of doctors in 2015" a group
                keep.add(c)
                stack.append(c)
    # contiguous run around the head, no edge punctuation or case marker at the start
    lo = hi = head
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    while lo < head and (sent.words[lo].upos in ("PUNCT", "ADP", "CCONJ") or sent.words[lo].deprel == "case") \
            and not (sent.words[lo].deprel in ("det", "nummod") and _NUMBER_WORD.match(sent.words[lo].text)):
        lo += 1  # but "Twelve percent" keeps its number, even tagged as a preposition
    while hi > head and sent.words[hi].upos in ("PUNCT", "ADP", "CCONJ", "PART"):
        hi -= 1
    n = len(sent.words)
    words = sent.words
    # glued tokens (Al-Monitor, B'Tselem) and a name run after an honorific belong together
    while hi + 1 < n and words[hi + 1].start == words[hi].end and (
        words[hi + 1].text in ("-", "–", "'", "’") or words[hi].text in ("-", "–", "'", "’")
    ) and not (limit and words[hi + 1].end > limit[1]):
        hi += 1
    while lo >= 2 and words[lo - 1].text in ("-", "–") and words[lo - 2].end == words[lo - 1].start and words[lo - 1].end == words[lo].start:
        lo -= 2
    while (hi + 1 < n and hi >= head and words[hi].upos == "PROPN" and words[hi + 1].upos == "PROPN"
           and words[hi + 1].deprel not in ("appos", "conj") and not (limit and words[hi + 1].end > limit[1])
           and words[hi + 1].text.lower() not in _TIME_WORDS and words[hi + 1].text[:1].isupper()):
        hi += 1
    # a name the parser split into sibling subjects ("President" and "Obama" both nsubj): the
    # capitalised proper nouns right before the mention belong to it
    while (lo >= 1 and words[lo - 1].upos == "PROPN"
           and (words[lo - 1].head == words[head].head or lo <= words[lo - 1].head <= hi
                or any(words[k].head == lo - 1 and words[k].deprel in ("flat", "compound") for k in range(lo, hi + 1)))
           and words[lo - 1].text[:1].isupper()
           and words[lo - 1].end + 1 >= words[lo].start and not (limit and words[lo - 1].start < limit[0])
           and not any(words[c].deprel == "case" for c in sent.children(lo - 1))):  # not "of State"
        lo -= 1
    # a middle initial implies a first name before it: "Antony J. Blinken", "John F. Kerry"
    def _glued(k: int) -> bool:  # word k is a capitalised proper noun right before word k + 1
        return (k >= 0 and words[k].upos == "PROPN" and words[k].text[:1].isupper()
                and words[k].end + 1 >= words[k + 1].start and not (limit and words[k].start < limit[0]))

    # "Edwin G. Monroy" with the initial and the surname hung on as appositions
    if (hi + 2 < n and hi >= head and words[hi].upos == "PROPN" and re.fullmatch(r"[A-Z]\.", words[hi + 1].text)
            and words[hi].end + 1 >= words[hi + 1].start and words[hi + 2].upos == "PROPN"
            and words[hi + 2].text[:1].isupper() and words[hi + 1].end + 1 >= words[hi + 2].start
            and not (limit and words[hi + 2].end > limit[1])):
        hi += 2
    if _glued(lo - 1) and re.fullmatch(r"[A-Z]\.", words[lo - 1].text) and _glued(lo - 2):
        lo -= 2  # "Antony J." before "Blinken", whatever the parser attached them to
    elif re.fullmatch(r"[A-Z]\.", words[lo].text) and _glued(lo - 1):
        lo -= 1
    hw = sent.words[head]
    # a name the parser split ("the Supreme Court this month rejected" with "Supreme" hung on
    # "month"): the mention covers the whole named entity its head is in
    lo, hi = _entity_bounds(sent, head, lo, hi, limit)
    w_lo, w_hi = sent.words[lo], sent.words[hi]
    return Mention(
        text="",  # filled by with_text
        start=w_lo.start,
        end=w_hi.end,
        sentence_index=sent.index,
        head=head,
        kind=kind or classify(sent, head),
        ner=ner_type(hw),
    )


# one person's title written short ("Rep", "Sen", "Capt"), lower case without its full stop: the
# segmenter's list less the honorifics and the plurals ("Mrs. Clinton and Ms. Warren", "Sens. Cruz and
# Rubio" name two)
_SHORT_TITLE_WORDS = {t.rstrip(".").lower() for t in _SHORT_TITLES
                      if "-" not in t and t not in ("Mr.", "Mrs.", "Ms.", "Messrs.", "Dr.") and t[:-2] + "." not in _SHORT_TITLES}


def named_subject(sent: Sentence, i: int) -> int:
    """Prefer the name in an apposition: ``Dr. Sarah Cohen, a doctor in Gaza, said`` gives Cohen
    whichever of the two the parser made the subject."""
    w = sent.words[i]
    if w.text.rstrip(".").lower() in _SHORT_TITLE_WORDS:
        # "Rep. Gwen Moore" with "Rep" split off as its own word: the name after it
        j = i + 1
        while j < len(sent.words) and sent.words[j].text == ".":
            j += 1
        if j < len(sent.words) and sent.words[j].upos == "PROPN":
            while j + 1 < len(sent.words) and sent.words[j + 1].upos == "PROPN":
                j += 1
            return j
    if w.upos == "PROPN" and i + 1 < len(sent.words) and _glued_name(sent, i + 1) and sent.words[i + 1].head == i \
            and sent.words[i + 1].deprel.startswith("appos") and ner_type(sent.words[i + 1]) == "PER":
        # "Senate Majority Leader Mitch McConnell" with the name hung on the title as an apposition,
        # no comma between: the person is the name
        return i + 1
    if w.upos == "PROPN" or w.upos == "PRON":
        return i
    if w.deprel.startswith("appos") and w.head >= 0 and sent.words[w.head].upos == "PROPN":
        return w.head
    for c in sent.children(i):
        # not "The film ― which weaves ... ― explains": a dash tagged as a proper noun names nobody
        if sent.words[c].deprel.startswith("appos") and sent.words[c].upos == "PROPN" and _has_letter(sent.words[c]) \
                and not is_date_word(sent.words[c]):  # not "The report, released Thursday, found"
            return c
    far = _far_apposed_person(sent, i)
    if far is not None:
        # "A spokeswoman for the state hospital association, Rita Gomez, said": the name the
        # parser hung on the last noun of the description names the one who speaks
        return far
    conj = [c for c in sent.children(i) if sent.words[c].deprel == "conj"]
    if len(conj) == 1 and w.xpos in ("NN", "JJ") and _comma_apposed(sent, conj[0]):
        # "Raman's boss, chief executive Tom Ellery, told": a name set off by commas after a
        # singular noun, that the parser took for a second subject; "Her opponent, businessman
        # Greg Lyons, called": the name inside the description there
        c = conj[0]
        return c if sent.words[c].upos == "PROPN" else _person_in(sent, c)
    # textual apposition the parser missed: "NAME , a doctor in Gaza ,"
    span = [k for k in sent.subtree(i) if sent.words[k].upos != "PUNCT" or k == i]
    lo, hi = min(span), max(span)
    # an apposition is closed by a comma, a dash or a bracket: in "Douglas, Ariz., border officials
    # say" the place before the comma is no name of the officials
    closed = hi + 1 < len(sent.words) and sent.words[hi + 1].text in (",", ")", "—", "–", "--")
    if closed and lo >= 2 and sent.words[lo - 1].text == "," and sent.words[lo - 2].upos == "PROPN":
        j = lo - 2
        while sent.words[j].deprel.split(":")[0] in ("flat", "compound") and sent.words[j].head > j:
            j = sent.words[j].head
        # not "During the rally Monday, the president said": a setting phrase is no apposition
        if (not is_time_or_place(sent, j) and sent.words[j].deprel.split(":")[0] not in ("obl", "nmod", "advmod")
                and not any(sent.words[c].deprel == "case" for c in sent.children(j))):
            return j
    return i


def _far_apposed_person(sent: Sentence, i: int) -> int | None:
    """A person's name in apposition, between commas, to a noun that is not a person inside the
    description headed by singular noun ``i`` ("A spokeswoman for the ... association, Rita Gomez,")."""
    words = sent.words
    if words[i].xpos != "NN":
        return None
    for k in sent.subtree(i):
        h = words[k].head
        if k == i or h == i or h < 0 or not words[k].deprel.startswith("appos") or words[k].upos != "PROPN":
            continue
        if ner_type(words[k]) != "PER" or words[h].upos != "NOUN" or ner_type(words[h]) == "PER":
            continue
        bounds = _set_off(sent, k)
        if bounds is not None and bounds[1] + 1 >= max(x for x in sent.subtree(i) if words[x].upos != "PUNCT"):
            return k
    return None


def _set_off(sent: Sentence, k: int) -> tuple[int, int] | None:
    """The first and last word of ``k``'s phrase (punctuation aside) when a comma stands right
    before it and a comma or dash right after it, else None."""
    words = sent.words
    sub = [x for x in sent.subtree(k) if words[x].upos != "PUNCT"]
    lo, hi = min(sub), max(sub)
    if lo > 0 and words[lo - 1].text == "," and hi + 1 < len(words) and words[hi + 1].text in (",", "—", "–", "--"):
        return lo, hi
    return None


def _person_in(sent: Sentence, c: int) -> int | None:
    """The first word of a person's name hung on noun ``c`` ("businessman Greg Lyons"), if any."""
    for k in sent.children(c):
        if k > c and sent.words[k].upos == "PROPN" and ner_type(sent.words[k]) == "PER" \
                and sent.words[k].deprel.split(":")[0] in ("flat", "compound", "appos"):
            return k
    return None


def _comma_apposed(sent: Sentence, c: int) -> bool:
    """Whether conjunct ``c`` is a name (not a place) between commas with no "and" or "or": an
    apposition, not a second member."""
    words = sent.words
    if words[c].upos == "NOUN" and _person_in(sent, c) is None:
        return False
    if words[c].upos not in ("PROPN", "NOUN") or ner_type(words[c]) == "LOC" or any(
            words[k].deprel in ("cc", "conj") for k in sent.children(c)):  # nor a list: "Clinton, Sanders and ..."
        return False
    return _set_off(sent, c) is not None


def _entity_bounds(sent: Sentence, head: int, lo: int, hi: int, limit: tuple[int, int] | None) -> tuple[int, int]:
    """``lo``..``hi`` widened to the named entity (BIOES tags) that word ``head`` is in, when it is
    one run of words with no gap wider than a space."""
    words = sent.words
    tag, typ = words[head].ner[:2], ner_type(words[head])
    if not typ:
        return lo, hi
    a = head
    if tag in ("I-", "E-"):
        while a > 0 and words[a - 1].ner in (f"B-{typ}", f"I-{typ}") and words[a - 1].end + 1 >= words[a].start:
            a -= 1
            if words[a].ner.startswith("B-"):
                break
        if not words[a].ner.startswith("B-"):
            a = head  # no beginning found: leave it
    b = head
    if tag in ("B-", "I-"):
        while b + 1 < len(words) and words[b + 1].ner in (f"I-{typ}", f"E-{typ}") and words[b].end + 1 >= words[b + 1].start:
            b += 1
            if words[b].ner.startswith("E-"):
                break
        if not words[b].ner.startswith("E-"):
            b = head
    if a < lo and words[lo].upos == "DET":
        a = lo  # "Amendment the Founding Fathers": an entity does not run over a determiner
    added = [k for k in range(a, b + 1) if not lo <= k <= hi]
    if not added:
        return lo, hi
    alpha = [w for w in words if w.text[:1].isalpha()]
    if words[head].text.isupper() and len(words[head].text) > 2 or sum(w.text[:1].isupper() for w in alpha) >= 0.6 * len(alpha):
        return lo, hi  # a headline in title case or capitals: the tagger's entities run over verbs
    if len(added) > (1 if typ == "PER" else 3) or any(not (words[k].upos == "PROPN" or words[k].upos in ("ADJ", "NOUN") and words[k].text[:1].isupper())
                             for k in added):
        # only a few words of a name, one of a person's ("Hope" before "Hicks", not "Washington Post"
        # before "Trump" in "the Washington Post Trump said"): not a headline read as one entity
        return lo, hi
    if any(words[c].deprel == "case" for k in added for c in sent.children(k)):
        return lo, hi  # "the board of the Washington Post Trump said": a phrase of its own
    if limit and not (limit[0] <= words[a].start and words[b].end <= limit[1]):
        return lo, hi
    return min(lo, a), max(hi, b)


def _has_letter(w: Word) -> bool:
    return any(ch.isalpha() for ch in w.text)


def _glued_name(sent: Sentence, k: int) -> bool:
    """Word k is a capitalised proper noun right after word k - 1, with no punctuation between."""
    w = sent.words[k]
    return (w.upos == "PROPN" and w.text[:1].isupper() and _has_letter(w)
            and sent.words[k - 1].end + 1 >= w.start and sent.words[k - 1].upos == "PROPN")


def with_text(m: Mention, text: str) -> Mention:
    m.text = text[m.start : m.end]
    return m


def in_compound(text: str, w: Word) -> bool:
    """Whether the word is the second part of a hyphenated compound led by a name
    (``Clinton-Supporting``, ``Trump-backed``, ``Kremlin-funded``): an adjective made of a verb,
    no cue of speech (``live-tweeted``, ``second-guess`` are verbs still)."""
    if w.start < 2 or text[w.start - 1] not in "-\u2010\u2011" or not text[w.start - 2].isalnum():
        return False
    first = re.search(r"[\w.'’]+$", text[: w.start - 1])
    return first is not None and first.group()[:1].isupper()


def ner_type(w: Word) -> str:
    return w.ner.split("-", 1)[1] if "-" in w.ner else ""


def classify(sent: Sentence, head: int) -> str:
    """A first guess at what a mention is: pronoun, name, document, anonymous, nominal."""
    w = sent.words[head]
    low = w.text.lower()
    if w.upos == "PRON" or low in PRONOUNS:
        return "pronoun"
    ner = ner_type(w)
    if ner in ("ORG",):
        return "organization"
    if w.upos == "PROPN" or ner in ("PER", "LOC", "MISC"):
        return "name"
    if w.lemma.lower() in DOCUMENT_WORDS or low in DOCUMENT_WORDS:
        return "document"
    dets = [sent.words[c] for c in sent.children(head) if sent.words[c].deprel in ("det", "nmod:poss")]
    if any(d.lemma.lower() in ("a", "an", "one", "some", "several", "two", "three", "many", "other") for d in dets):
        return "anonymous"
    if not dets and (w.xpos in ("NNS",) or low.endswith("s")) and low in ANONYMOUS_HEADS:
        return "anonymous"
    return "nominal"


def is_negated(sent: Sentence, i: int) -> bool:
    """True for negated or hypothetical speech: did not say, would not comment, might say."""
    for c in sent.children(i):
        w = sent.words[c]
        if not (0 < i - c <= 3):
            continue  # only a negator or modal right before the cue counts (not one inside a quote)
        if w.lemma.lower() in ("not", "never", "n't", "no") and w.deprel in ("advmod", "neg", "det"):
            if c + 1 < len(sent.words) and sent.words[c + 1].lemma.lower() in ("only", "just", "merely"):
                continue  # "not only documented ... but also": no negation
            return True
        if w.deprel.startswith("aux") and w.lemma.lower() in ("would", "could", "might", "may", "should", "can"):
            return True
    # "refused to say", "declined to comment", "did not want to say"
    w = sent.words[i]
    if w.deprel.startswith("xcomp") and w.head >= 0:
        h = sent.words[w.head]
        if h.lemma.lower() in ("refuse", "decline", "want", "hesitate", "fail") or is_negated(sent, w.head):
            return True
    if w.deprel.startswith("advcl") or w.deprel.startswith("csubj"):
        for c in sent.children(i):
            if sent.words[c].deprel == "mark" and sent.words[c].lemma.lower() in ("if", "whether", "unless"):
                return True
    return False


# verbs by which a source puts out a document: "X issued a statement saying ..." is X's word
ISSUING_VERBS = {"issue", "release", "file", "send", "publish", "post", "sign", "write", "circulate", "put", "deliver"}
# verbs whose object is a remark its subject made ("to make a controversial comment that ...")
_REMARK_MAKERS = frozenset(ISSUING_VERBS | {"make", "give"})
# nouns of the calendar and the clock: "last week", "Friday afternoon"
_WHEN_NOUNS = {"month", "week", "day", "year", "morning", "evening", "night", "afternoon", "weekend",
               "today", "yesterday", "tonight"}
_TIME_NOUNS = _WHEN_NOUNS | {"time", "rally", "interview", "meeting", "event", "speech", "debate", "hearing",
                             "conference", "briefing", "statement"}


_WHEN_CASES = {"in", "on", "at", "during", "since", "until", "last", "this", "earlier", "later"}


def _is_year(w: Word) -> bool:
    """A year written as a number: "2015", "1989"."""
    return w.upos == "NUM" and len(w.text) == 4 and w.text[:2] in ("19", "20") and w.text.isdigit()


def _when(sent: Sentence, c: int) -> bool:
    """Word ``c`` heads a time phrase that modifies a noun: "on Saturday", "in 2015", "in April",
    "Friday afternoon", "last week" (not "of 2015": "the class of 2015")."""
    w = sent.words[c]
    low = w.text.lower()
    timeish = low in _TIME_WORDS and w.text[:1].isupper() or w.lemma.lower() in _WHEN_NOUNS or _is_year(w)
    if not timeish:
        return False
    cases = [sent.words[k].text.lower() for k in sent.children(c) if sent.words[k].deprel == "case"]
    return all(x in _WHEN_CASES for x in cases)


# verbs of answering that may answer with a deed: "answered with a touchdown", "responded with a
# three-pointer"
_ANSWER_VERBS = {"respond", "answer", "reply", "counter", "retaliate", "react", "hit"}


# verbs whose participle says what people think of something ("a man believed to be the gunman")
_THOUGHT_SO = {"think", "believe", "know", "say", "report", "consider", "expect", "fear", "rumor", "rumour",
               "understand", "estimate", "suspect", "presume", "assume", "allege", "deem", "hold"}


def thought_to_be(sent: Sentence, v: int) -> bool:
    """Whether cue ``v`` is a passive participle after its noun, which the parser made the main
    verb: "A frog species thought to be extinct ... has been rediscovered", "A man believed to be
    the gunman was arrested". Nobody named thinks so; the noun is what is thought about. (Not "He
    expected to be elected": no finite verb follows without a subject of its own.)"""
    words = sent.words
    if words[v].lemma.lower() not in _THOUGHT_SO or words[v].text.lower() == words[v].lemma.lower() or \
            words[v].text.lower().endswith("s"):
        return False  # a participle of a verb of belief or report ("thought", "believed"), not "seems to be"
    if v + 2 >= len(words) or words[v + 1].lemma.lower() != "to" or words[v + 2].lemma.lower() not in ("be", "have"):
        return False
    if any(words[c].deprel.startswith("aux") for c in sent.children(v)):
        return False
    for k in range(v + 3, len(words)):
        if words[k].text in (";", ":", ",") or words[k].upos in ("CCONJ", "SCONJ") or (
                words[k].deprel.startswith("nsubj") and words[k].upos == "PRON"):
            return False  # another clause begins: "expected to be re-elected, but she lost"
        if words[k].xpos in ("VBZ", "VBD", "VBP", "MD") and words[k].upos in ("AUX", "VERB"):
            return True
    return False


def reports_nothing(sent: Sentence, v: int) -> bool:
    """Whether cue ``v`` reports no words of anybody's, whichever rule reads it: a deed
    (:func:`deed_not_words`) or a belief of nobody named (:func:`thought_to_be`)."""
    return deed_not_words(sent, v) or thought_to_be(sent, v)


def case_of(sent: Sentence, i: int) -> str | None:
    """The preposition (lower case) that marks word ``i``: "into" for "into the coast"."""
    for c in sent.children(i):
        if sent.words[c].deprel == "case":
            return sent.words[c].lemma.lower()
    return None


def deed_not_words(sent: Sentence, v: int) -> bool:
    """Cue ``v`` names a deed, no words:
    - it answers "with" a deed of play or of force ("The Bears answered with a touchdown", "the army
      responded with airstrikes"; not "responded with a statement", "with chants of ...");
    - it claims a prize, not a proposition ("The Rangers claimed the final playoff spot");
    - it recalls a product, an envoy or a count of things ("is recalling 200,000 bottles",
      "recalled its ambassador"; not "recalled that ...");
    - it pronounces someone dead, shows a bearing ("showed no emotion") or discovers a thing, not
      that something is so ("Hikers discovered the body");
    - it gives a name ("a group called Citizens for Parks", "a man named Tom Hardy") or says goodbye;
    - it summons or phones ("Officers were called to the motel", "was called to testify", "called
      police", "called my friend's mother");
    - it is a share price the tagger read as a verb ("Lumen shares rose 2 percent");
    - it takes up an office ("She assumed a newly created role") or posts a result ("posted a
      quarterly loss");
    - it slams into something ("Hurricane Milo slammed into the coast")."""
    lemma = sent.words[v].lemma.lower()
    if lemma in ("call", "name", "dub") and _a_name_given(sent, v):
        return True
    check = _DEED_CHECKS.get(lemma)
    if check is not None:
        return check(sent, v)
    things = _DEED_OBJECTS.get(lemma)
    if things is not None:
        # "posted a quarterly loss", "assumed a newly created role", "said goodbye", "showed no emotion"
        return any(things(sent.words[c].lemma.lower()) for c in child(sent, v, "obj"))
    return lemma in _ANSWER_VERBS and _answered_with_deed(sent, v)


def _a_name_given(sent: Sentence, v: int) -> bool:
    """"a group called Citizens for Parks", "a man named Tom Hardy": a name, no words (not a verb
    the tagger took for a participle: "a newspaper called the governor to ...")."""
    w = sent.words[v]
    if not (w.xpos == "VBN" and w.deprel.split(":")[0] == "acl" and w.head == v - 1 and any(
            sent.words[c].deprel == "det" and sent.words[c].lemma.lower() == "a" for c in sent.children(v - 1))):
        return False
    to_clause = any(sent.words[k].lemma.lower() == "to" for c in child(sent, v, "xcomp") for k in sent.children(c))
    by_agent = any(sent.words[k].lemma.lower() == "by" for c in sent.children(v) for k in sent.children(c))
    return not to_clause and not by_agent


def _claimed_prize(sent: Sentence, v: int) -> bool:
    """"claimed the final playoff spot", "claiming 41 percent of the vote": won, not said (not
    "claimed 400 delegates took part")."""
    return any(sent.words[c].lemma.lower() in _PRIZES and not any(
        sent.words[k].upos in ("VERB", "AUX") for k in sent.subtree(c))
        for c in sent.children(v) if sent.words[c].deprel == "obj" and c > v)


def _found_thing(sent: Sentence, v: int) -> bool:
    """"Hikers discovered the body of a missing woman": a find, not a finding."""
    return not any(sent.words[c].deprel.split(":")[0] in ("ccomp", "csubj") for c in sent.children(v))


def _summoned_or_phoned(sent: Sentence, v: int) -> bool:
    """"Officers were called to the motel", "She was called to testify": summoned, not named (not
    "He was called a liar", "the plan was called 'a disaster'", "was called into question"; nor
    "who's called for ...", whose "'s" the parser may read as "is"); "called police after hearing
    screams", "called Sanders": a call made, nothing said."""
    if is_passive(sent, v) and not any(sent.words[c].text in ("'s", "’s") for c in sent.children(v)):
        named = any((rel in ("obj", "xcomp") and sent.words[c].upos not in ("VERB", "AUX")) or rel in ("ccomp", "parataxis")
                    or rel == "obl" and sent.words[c].lemma.lower() == "question"
                    for c in sent.children(v) for rel in [sent.words[c].deprel.split(":")[0]])
        return not named
    return not child(sent, v, "xcomp", "iobj", "ccomp") \
        and len(objs := [c for c in child(sent, v, "obj") if c > v]) == 1 and _phoned(sent, objs[0])


def _slammed_into(sent: Sentence, v: int) -> bool:
    """"Hurricane Milo slammed into the coast": a blow, not criticism."""
    return any(case_of(sent, c) in ("into", "onto") for c in child(sent, v, "obl"))


def _share_price(sent: Sentence, v: int) -> bool:
    """"Lumen shares rose 2 percent": a stock's price, the noun taken for a verb."""
    return sent.words[v].text.lower() == "shares" and v + 1 < len(sent.words) \
        and sent.words[v + 1].text.lower() in _MARKET_MOVES


def _pronounced_dead(sent: Sentence, v: int) -> bool:
    """"was pronounced dead at a hospital": a finding, not words reported."""
    return any(sent.words[c].lemma.lower() == "dead" for c in sent.children(v))


def _recalled(sent: Sentence, v: int) -> bool:
    """"is recalling 200,000 bottles", "recalled its ambassador": took back, not remembered."""
    def taken_back(c: int) -> bool:
        x = sent.words[c]
        name = [c] + [k for k in sent.children(c) if sent.words[k].deprel in ("flat", "compound")]
        if any(recalled_thing(sent.words[k].lemma) or recalled_thing(sent.words[k].text)
               for k in name):  # "Recalls Blood Pressure Pills" parsed as a name too
            return True
        return x.upos == "NOUN" and x.lemma.lower() not in _SPANS_OF_TIME and any(
            sent.words[k].deprel == "nummod" and any(ch.isdigit() for ch in sent.words[k].text)
            for k in sent.children(c))
    return any(sent.words[c].deprel in ("obj", "obl") and c > v and taken_back(c) for c in sent.children(v))


def _answered_with_deed(sent: Sentence, v: int) -> bool:
    """"The Bears answered with a touchdown", "the army responded with airstrikes" (not "responded
    with a statement")."""
    for c in sent.children(v):
        w = sent.words[c]
        if w.deprel.split(":")[0] != "obl" or c < v:
            continue
        if any(sent.words[k].deprel == "case" and sent.words[k].lemma.lower() == "with" for k in sent.children(c)):
            return w.lemma.lower() in _DEEDS or w.text.lower() in _DEEDS
    return False


# what one claims by winning or taking it
_PRIZES = {"victory", "victories", "win", "wins", "spot", "place", "seat", "seats", "title", "titles", "prize",
           "territory", "percent", "nomination", "crown", "lead", "medal", "championship", "trophy", "berth", "life",
           "lives", "residency", "share", "stake", "majority", "delegate", "delegates", "state", "states", "county",
           "counties", "point", "points", "record", "pole", "top"}
# what a maker or a government recalls: a product, an envoy
_RECALLED = {"vehicle", "car", "truck", "suv", "bottle", "unit", "product", "pound", "package", "device", "phone",
             "toy", "battery", "pill", "tablet", "lot", "model", "airbag", "crib", "stroller", "medication", "drug",
             "ambassador", "envoy", "diplomat", "consul", "parliament", "legislature", "jar", "can", "bag",
             "box", "laptop", "charger", "heater", "dryer", "washer", "helmet", "food", "meat", "beef",
             "chicken", "formula", "vaccine", "insulin", "inhaler", "bike", "motorcycle", "boat", "plane", "jet"}


def recalled_thing(word: str) -> bool:
    """``bottles``, ``Pills``, ``ambassador``: a thing a maker or a government recalls."""
    word = word.lower()
    return word in _RECALLED or word.endswith("s") and word[:-1] in _RECALLED


# whom one calls up when "call" has no second object: "called police", "called my friend's mother"
_SUMMONED = {"police", "911", "ambulance", "paramedics", "firefighters", "doctor", "lawyer", "mother", "father",
             "wife", "husband", "son", "daughter", "friend", "friends", "family", "parents", "home", "office"}


def _phoned(sent: Sentence, o: int) -> bool:
    """The one object of "call" is whom one phoned ("called police", "called my friend's mother"),
    unless a quotation follows it ("called the police 'cowards'")."""
    if any(ch in sent.words[k].text for k in range(o, len(sent.words)) for ch in "\"“”'’"):
        return False
    return sent.words[o].lemma.lower() in _SUMMONED


# a result a company or a player posts ("posted a loss", "posted a career high")
_POSTED = {"loss", "profit", "gain", "record", "win", "victory", "time", "score", "deficit", "surplus", "growth",
           "decline", "drop", "rise", "increase", "revenue", "earnings", "sales", "bail", "bond", "result", "lead",
           "high", "low", "return", "margin", "shortfall", "best", "average"}


def posted_result(word: str) -> bool:
    """``loss``, ``Profits``: what is posted as a result, not as words."""
    word = word.lower()
    return word in _POSTED or word.endswith("s") and word[:-1] in _POSTED


# what one assumes by taking it up, not by believing it
_OFFICES = {"role", "post", "office", "position", "command", "control", "power", "powers", "responsibility",
            "duty", "duties", "presidency", "leadership", "chairmanship", "title", "name", "identity", "debt",
            "risk", "mantle", "helm", "job", "seat", "throne"}
# how a share price moves ("shares rose"), after "shares" that the tagger took for the verb
_MARKET_MOVES = {"rose", "fell", "jumped", "dropped", "climbed", "slid", "gained", "lost", "tumbled", "surged",
                 "plunged", "plummeted", "edged", "sank", "soared", "slipped", "dipped", "rallied", "closed",
                 "ended", "traded", "opened", "spiked", "slumped", "declined", "advanced", "were", "have", "had"}
_GREETINGS = {"goodbye", "good-bye", "hello", "farewell", "grace", "prayer", "prayers", "amen", "cheese", "hi"}
# what a person shows by bearing, not a finding
_BEARINGS = {"emotion", "remorse", "restraint", "composure", "poise", "fatigue", "stamina", "grit"}
_SPANS_OF_TIME = {"year", "month", "week", "day", "decade", "hour", "minute", "century", "time"}
# what a team or an army answers with: a score, a play, a strike
_DEEDS = {"touchdown", "goal", "basket", "three-pointer", "pointer", "homer", "home", "run", "runs", "hit", "single",
          "double", "triple", "shot", "shots", "flurry", "score", "layup", "dunk", "jumper", "ace", "try", "penalty",
          "field", "burst", "spurt", "streak", "rally", "save", "saves", "tackle", "sack", "interception", "birdie",
          "eagle", "kick", "header", "volley", "win", "victory", "counterattack", "counteroffensive", "offensive",
          "raid", "raids", "bombing", "shelling", "artillery", "airstrike", "airstrikes", "missile", "missiles",
          "rocket", "rockets", "strike", "strikes", "fire", "gunfire", "force", "punch", "punches", "drive",
          "inning", "series", "point", "points", "bucket", "free", "throw", "throws", "fastball", "homers"}


_CLOCK_WORDS = {"p.m.", "a.m.", "p.m", "a.m", "pm", "am", "noon", "midnight", "o'clock", "hours", "minutes", "hour",
                "minute"}
_FUNCTION_UPOS = {"ADV", "ADP", "NUM", "DET", "CCONJ", "SCONJ", "PART", "PUNCT"}


def only_when(sent: Sentence, idx: list[int]) -> bool:
    """Words ``idx`` say only when: "shortly after 10 p.m.", "on Tuesday", "later that week"."""
    words = [sent.words[k] for k in idx if sent.words[k].upos != "PUNCT"]
    return bool(words) and all(
        w.upos in _FUNCTION_UPOS or w.text.lower() in _TIME_WORDS or w.lemma.lower() in _WHEN_NOUNS
        or w.text.lower() in _CLOCK_WORDS or _is_year(w) for w in words)


def is_time_or_place(sent: Sentence, c: int) -> bool:
    """A misparsed temporal or setting phrase in subject position: "Last month", "the rally Monday"."""
    w = sent.words[c]
    low = w.text.lower()
    if low in _TIME_WORDS or w.lemma.lower() in _TIME_NOUNS - {"statement"}:
        return True
    if _is_year(w):
        return True  # a year: "who in 2010 said"
    if w.upos == "PROPN" and w.text.isupper() and len(w.text) > 3 and w.ner.endswith("LOC"):
        return True  # a dateline: "FLINT, Mich."
    return False


DAY_WORDS = _TIME_WORDS | {"today", "yesterday", "tomorrow", "tonight"}


def is_date_word(w: Word) -> bool:
    """A day, a month or a relative day on its own: "Monday", "December", "yesterday"."""
    return w.text.lower() in DAY_WORDS


def subject_for_date(sent: Sentence, c: int) -> int | None:
    """A date is never a speaker ("a spokesman said Thursday, speaking of ...", "Lynch took the
    last step Wednesday of announcing ...", "Democrats trying to win the Senate in November
    say ..."): the subject of the nearest verb above word ``c``, or the named person the date
    modifies ("Here's Clinton in December 1992:"), past verbs whose subject is a time or an event;
    None when there is none."""
    prev = c
    for j in sent.ancestors(c):
        w = sent.words[j]
        if w.upos in ("VERB", "AUX") or w.head < 0:
            s = subject_of(sent, j)
            if (s is not None and s != c and sent.words[s].upos in ("NOUN", "PROPN", "PRON")
                    and not is_time_or_place(sent, s) and not is_date_word(sent.words[s])):
                return s  # an event is no speaker either: "an interview aired on Monday" climbs on
        elif (w.upos == "PROPN" and w.ner.endswith("PER") and sent.words[prev].deprel.startswith("nmod")):
            return j
        prev = j
    return None


def w_is_relcl(sent: Sentence, j: int) -> bool:
    return sent.words[j].deprel.startswith("acl") and sent.words[j].head >= 0


# verbs whose object does what their clause says: "urged Congress to act", "had Republicans
# wondering", "criticized Clinton for saying"
_OBJECT_CONTROL = {"urge", "ask", "tell", "allow", "force", "persuade", "encourage", "want", "expect", "prompt", "lead",
                   "invite", "order", "press", "push", "pressure", "require", "compel", "challenge", "call", "dare",
                   "warn", "advise", "instruct", "direct", "inspire", "remind", "beg", "implore", "cause", "enable",
                   "convince", "get", "help", "need", "recruit", "authorize", "empower", "permit"}
_CAUSATIVES = {"have", "get", "keep", "leave", "set", "find", "catch", "send"}
_JUDGING = {"accuse", "criticize", "praise", "blame", "thank", "attack", "slam", "fault", "chide", "rebuke", "condemn",
            "credit", "commend", "applaud", "hold", "scold", "mock", "ridicule", "sue", "fire", "punish", "suspend",
            "congratulate", "lambaste", "blast", "knock", "censure", "chastise", "berate", "excoriate", "denounce",
            "castigate", "admonish", "reprimand", "honor", "reward", "forgive", "investigate", "charge", "arrest"}


def _conjunct_of(sent: Sentence, i: int, j: int) -> bool:
    """Whether verb ``i`` is a conjunct of verb ``j`` (directly or down a chain of conjuncts)."""
    while sent.words[i].deprel == "conj" and sent.words[i].head >= 0:
        i = sent.words[i].head
        if i == j:
            return True
    return False


def subject_of(sent: Sentence, i: int) -> int | None:
    """The subject of verb ``i``, following conjunctions, xcomp and acl up to a subject."""
    seen = set()
    j = i
    lifted = False  # climbed out of a clause inside an object: whom the verb there controls is no speaker
    while j >= 0 and j not in seen:
        seen.add(j)
        subs = [c for c in sent.children(j)
                if (sent.words[c].deprel in ("nsubj", "nsubj:pass", "nsubj:outer")
                    # a clausal subject is a clause, not a speaker ("It is impossible to know, said
                    # the Tax Policy Center, whether ..."), unless the parser made a noun one
                    or sent.words[c].deprel == "csubj" and sent.words[c].upos not in ("VERB", "AUX", "ADJ"))
                and not is_time_or_place(sent, c) and any(ch.isalnum() for ch in sent.words[c].text)]
        left = [c for c in subs if c < j]
        # the subject nearest the verb on its left, else the first on its right ("said X")
        subs = ([max(left)] if left else []) + [c for c in subs if c > j]
        issuer = None
        noun = sent.words[j].head  # what a relative clause at j is about
        for c in subs:
            h = sent.words[j].head
            if j != i and 0 <= h < c and sent.words[h].upos in ("PROPN", "NOUN") and _conjunct_of(sent, i, j) \
                    and any(sent.words[k].lemma.lower() == "whose" for k in sent.children(c)):
                # "Pierina Sanchez, whose district includes the building, called ...": the verb
                # after the relative clause is the name's, however the parser joined the two
                return named_subject(sent, h)
            if sent.words[c].upos == "NOUN" and _infinitive_predicate(sent, j):
                # "his best response was to say ...": a response says nothing; its owner speaks
                return _owner(sent, c)
            if (sent.words[c].lemma.lower() in ("which", "that") and w_is_relcl(sent, j) and noun >= 0
                    and sent.words[noun].rel == "obj" and sent.words[noun].head >= 0 and noun_stance(sent.words[noun].lemma)
                    and sent.words[noun].lemma.lower() not in DOCUMENT_WORDS
                    and sent.words[sent.words[noun].head].lemma.lower() in _REMARK_MAKERS):
                # "to make a controversial comment that described ...": whoever made the remark
                # speaks (a document made or issued speaks for itself: "released a report that said")
                issuer = sent.words[noun].head
                break
            if sent.words[c].lemma.lower() in ("who", "which", "that") and w_is_relcl(sent, j):
                # "Maria Lopez is a senator who said ...": Maria Lopez, the one the senator is
                cs = _copula_subject(sent, sent.words[j].head) if sent.words[c].lemma.lower() == "who" else None
                return sent.words[j].head if cs is None else cs
            return named_subject(sent, c)
        if issuer is not None:
            j = issuer
            continue
        w = sent.words[j]
        marks = {sent.words[c].lemma.lower() for c in sent.children(j) if sent.words[c].deprel == "mark"}
        hl = sent.words[w.head].lemma.lower() if w.head >= 0 else ""
        if w.head >= 0 and not lifted and (w.rel == "xcomp" and ("to" in marks and hl in _OBJECT_CONTROL or w.xpos == "VBG" and hl in _CAUSATIVES)
                            or w.rel == "advcl" and w.xpos == "VBG" and marks & {"for", "of"} and hl in _JUDGING):
            # object control: "urged Y to say", "had Republicans wondering", "criticized Y for saying"
            objs = [c for c in sent.children(w.head) if sent.words[c].deprel in ("obj", "iobj") and c < j
                    and sent.words[c].upos in ("PROPN", "NOUN", "PRON")]
            if objs:
                return named_subject(sent, objs[0])
        if w.rel == "conj" and w.head >= 0 and j >= 1:
            # "..., and human rights groups warned that": a noun right before the conjunct that the
            # parser hung elsewhere is its subject, not the first conjunct's
            k = j - 1
            while k > 0 and sent.words[k].upos in ("ADV", "AUX", "PART"):
                k -= 1
            kw = sent.words[k]
            if kw.upos in ("NOUN", "PROPN") and kw.deprel not in ("obj", "iobj", "compound", "flat") and kw.head != j \
                    and not is_time_or_place(sent, k) and k > w.head:
                return named_subject(sent, k)
        if w.deprel.split(":")[0] in ("conj", "xcomp") and w.head >= 0:
            j = w.head
            continue
        if w.head >= 0 and (w.xpos == "VBG" or w.text.lower().endswith("ing")) and (
                w.deprel.startswith("advcl") or w.rel == "ccomp" and j >= 1 and sent.words[j - 1].text == ","):
            # "Clinton mocked the complaint, saying ..." -> Clinton (also when parsed as a second ccomp)
            # the comma may sit inside the closing quotation mark: '... "founded ISIS," saying ...'
            comma = j >= 1 and (sent.words[j - 1].text == "," or j >= 2 and sent.words[j - 2].text == ","
                                and sent.words[j - 1].text in ("”", '"', "’", "'", "''"))
            j = w.head
            # ... also when hung on a clause inside the object ("rejected the claim that two million
            # children would be vaccinated, saying ..."): the clause's verb says nothing
            while comma and sent.words[j].deprel.split(":")[0] == "acl" and sent.words[j].head >= 0:
                n = sent.words[j].head
                # a noun that names what was said ("an issue out of Trump's claim that Obama "founded
                # ISIS," saying ..."): up through the nouns that hold it to their verb
                while (noun_stance(sent.words[n].lemma) and sent.words[n].head >= 0
                       and sent.words[n].deprel.split(":")[0] in ("nmod", "obl")
                       and sent.words[sent.words[n].head].upos == "NOUN"):
                    n = sent.words[n].head
                if sent.words[n].head < 0 or sent.words[sent.words[n].head].upos not in ("VERB", "AUX"):
                    break
                j, lifted = sent.words[n].head, True
            continue
        if w.deprel.startswith("acl") and w.head >= 0 and not w.deprel.startswith("acl:relcl"):
            h = sent.words[w.head]
            if (w.xpos == "VBG" and h.lemma.lower() not in DOCUMENT_WORDS and h.upos == "NOUN"
                    and (is_time_or_place(sent, w.head) or classify(sent, w.head) not in ("document", "organization"))
                    and h.head >= 0 and sent.words[h.head].upos == "VERB"):
                # "she said at a news conference announcing ...", "the judge unsealed the file on
                # the divorce, saying ...": the clause hangs on a noun that says nothing itself
                j = h.head
                continue
            if (h.deprel == "obj" and h.head >= 0 and sent.words[h.head].lemma.lower() in ISSUING_VERBS
                    and any(sent.words[c].deprel == "nsubj" for c in sent.children(h.head))):
                # "the Security Council issued a statement calling ...": the issuer said it
                j = h.head
                continue
            if (h.upos == "NOUN" and h.lemma.lower() not in ANONYMOUS_HEADS and h.lemma.lower() not in DOCUMENT_WORDS
                    and _to_infinitive(sent, j)):
                # "found a way to argue that ...", "Obama's way to say ...": a way says nothing;
                # its owner does, else whoever found it
                owner = _owner(sent, w.head)
                if owner is not None:
                    return owner
                if h.deprel == "obj" and h.head >= 0 and sent.words[h.head].upos == "VERB":
                    j = h.head
                    continue
            if (j >= 1 and sent.words[j - 1].text == "," and h.head >= 0 and h.rel in ("obj", "obl", "nmod")
                    and sent.words[h.head].deprel.startswith("acl:relcl")):
                # "Douglas Brinkley, a historian who attended the session, recalled, ...": no participle
                # on the relative clause's object but the main verb; the clause's antecedent speaks
                j = h.head
                continue
            # "a statement saying ..." -> the statement
            return w.head
        if w.deprel.startswith("acl:relcl") and w.head >= 0:
            # "an explosion that Mayor Bill de Blasio described as ...": a name right before the
            # verb that the parser hung elsewhere is its subject
            k = j - 1
            while k > w.head and sent.words[k].upos in ("AUX", "ADV", "PART"):
                k -= 1
            if k > w.head and sent.words[k].upos in ("PROPN", "PRON") and sent.words[k].lemma.lower() not in (
                    "who", "which", "that", "what"):
                while sent.words[k].deprel in ("flat", "compound") and w.head < sent.words[k].head < j:
                    k = sent.words[k].head
                return k
            # "Abbas, who said ..." -> Abbas (when the relative pronoun is the subject)
            return w.head
        break
    return inverted_subject(sent, i)


_INVERTING = {"say", "add", "write", "note", "explain", "argue", "insist", "continue", "conclude", "warn"}


def inverted_subject(sent: Sentence, i: int) -> int | None:
    """The speaker the parser made the object of an inverted cue: ``..., said the Tax Policy
    Center, ...`` (a comma before the verb, a name or a speaker noun right after it)."""
    w = sent.words[i]
    if w.lemma.lower() not in _INVERTING or i < 1 or sent.words[i - 1].text != ",":
        return None
    for c in sent.children(i):
        cw = sent.words[c]
        if cw.deprel != "obj" or c <= i:
            continue
        if any(sent.words[k].upos not in ("DET", "PROPN", "NOUN", "ADJ") for k in range(i + 1, c)):
            return None  # not right after the verb
        if cw.upos == "PROPN" and _has_letter(cw) or ner_type(cw) in ("PER", "ORG", "NORP") \
                or cw.lemma.lower() in ANONYMOUS_HEADS:
            return named_subject(sent, c)
    return None


def _to_infinitive(sent: Sentence, j: int) -> bool:
    """Whether verb ``j`` has the infinitive "to" of its own."""
    return any(sent.words[c].deprel == "mark" and sent.words[c].lemma.lower() == "to" for c in sent.children(j))


def _infinitive_predicate(sent: Sentence, j: int) -> bool:
    """"(his response) was to say": a verb with a copula and the infinitive "to" of its own."""
    return any(sent.words[c].deprel == "cop" for c in sent.children(j)) and _to_infinitive(sent, j)


def _owner(sent: Sentence, n: int) -> int | None:
    """The pronoun or name that owns noun ``n`` ("his response", "Obama's way"), if any."""
    return next((k for k in sent.children(n) if sent.words[k].deprel == "nmod:poss"
                 and sent.words[k].upos in ("PRON", "PROPN")), None)


_PERSONAL = {"he", "she", "they", "i", "we", "you"}


def _copula_subject(sent: Sentence, n: int) -> int | None:
    """The named subject a common noun is predicated of: "Maria Lopez is a veteran senator",
    "Trump ... is a serial liar, rampant xenophobe and birther" (the noun or a conjunct of it after
    a copula, the subject its own or that of the verb it is conjoined to). None for any other
    noun, or a subject that names nobody ("This is a man who said ...")."""
    if sent.words[n].upos != "NOUN":
        return None
    for _ in range(8):  # up the conjuncts to the one with the copula
        kids = sent.children(n)
        if any(sent.words[c].deprel == "cop" for c in kids):
            break
        if sent.words[n].deprel != "conj" or sent.words[n].head < 0 or sent.words[sent.words[n].head].upos != "NOUN":
            return None
        n = sent.words[n].head
    else:
        return None
    subj = [c for c in sent.children(n) if sent.words[c].deprel.startswith("nsubj")]
    if not subj and sent.words[n].deprel == "conj" and sent.words[n].head >= 0:
        # "incites violence and is a serial liar": the subject the two predicates share
        subj = [c for c in sent.children(sent.words[n].head) if sent.words[c].deprel.startswith("nsubj")]
    if not subj:
        return None
    k = named_subject(sent, subj[0])  # "The mayor, John Smith, is a lawyer who ..." -> Smith
    s = sent.words[k]
    if s.upos == "PROPN" or (s.upos == "PRON" and s.text.lower() in _PERSONAL):
        return k
    return None


def is_passive(sent: Sentence, v: int) -> bool:
    """A passive verb: a passive auxiliary, or a passive subject on a participle."""
    kids = [sent.words[c].deprel for c in sent.children(v)]
    if "aux:pass" in kids:
        return True
    # a passive subject with no auxiliary is often a misparse of an active past ("the company
    # agreed to ..."); only an agent confirms it
    return "nsubj:pass" in kids and sent.words[v].xpos == "VBN" and any(
        sent.words[c].deprel == "case" and sent.words[c].lemma.lower() == "by"
        for o in sent.children(v) if sent.words[o].deprel.startswith("obl") for c in sent.children(o))


def is_predicate(sent: Sentence, i: int) -> bool:
    """A verb, or a word the tagger called a noun that the parser still made a predicate (a
    subject of its own and no copula: "The ad references FBI criticism of ...")."""
    w = sent.words[i]
    if w.upos == "VERB":
        return True
    if w.upos not in ("NOUN", "PROPN"):
        return False
    kids = [sent.words[c].deprel for c in sent.children(i)]
    return any(k.startswith("nsubj") for k in kids) and "cop" not in kids and any(
        k.split(":")[0] in ("obj", "ccomp", "xcomp") for k in kids)


def child(sent: Sentence, i: int, *rels: str) -> list[int]:
    return [c for c in sent.children(i) if sent.words[c].deprel in rels or sent.words[c].deprel.split(":")[0] in rels]


def span_of(sent: Sentence, idx: list[int]) -> tuple[int, int]:
    return sent.words[min(idx)].start, sent.words[max(idx)].end


def flat_words(parsed: Parsed) -> list[tuple[Sentence, Word]]:
    return [(s, w) for s in parsed.sentences for w in s.words]


# a cue lemma and what makes it a deed (see deed_not_words)
_DEED_CHECKS = {"claim": _claimed_prize, "discover": _found_thing, "call": _summoned_or_phoned, "slam": _slammed_into,
                "share": _share_price, "pronounce": _pronounced_dead, "recall": _recalled}
# a cue lemma and the objects that make it a deed
_DEED_OBJECTS = {"post": posted_result, "assume": _OFFICES.__contains__, "say": _GREETINGS.__contains__,
                 "show": _BEARINGS.__contains__, "display": _BEARINGS.__contains__}
