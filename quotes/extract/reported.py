"""Reported speech: a cue (verb, noun or "according to") with its clause and its source.

``X said (that) ...`` · ``..., X said.`` · ``X urged Y to ...`` · ``according to X, ...`` ·
``X's claim that ...`` · ``X was quoted as saying ...`` · ``CNN quoted X as saying ...``.
Negated or hypothetical speech (``did not say``, ``would not comment``) is skipped.
"""
from __future__ import annotations

import re
from typing import Iterable

from ..nlp.doc import Parsed, Sentence
from .cues import WEAK_VERBS, XCOMP_STANCES, XCOMP_VERBS, cue_lemma, noun_stance, verb_stance
from .syntax import (case_of, reports_nothing, in_compound, is_time_or_place, ner_type, child, classify, is_negated, is_passive, is_predicate, mention_for,
                     subject_of, with_text)
from ..types import Mention, Quote

_TRIM = set(" \t\n,;:—–-")
INTENTION_VERBS = {"want", "plan", "intend", "seek", "aim", "hope", "expect", "pledge", "vow", "promise",
                   "threaten", "refuse", "decline", "offer", "agree"}
# weak cues that still report the clause before them ("..., the report found", "..., he added");
# the others ("..., Nike holds", "..., backing the plan") do not
REPORT_AFTER = {"find", "show", "know", "understand", "learn", "feel", "hope", "fear", "consider", "answer",
                "continue", "add", "expect", "write", "post", "publish", "guess", "wonder", "suggest", "indicate",
                "signal", "mention", "recognize", "recognise", "sense", "figure"}
TIME_MARKS = ("after", "before", "when", "while", "until", "since", "once")
OBJECT_STANCES = {"accusation", "request", "denial", "report", "promise", "assertive", "doubt", "admission",
                  "disagreement"}
NO_OBJECT_CONTENT = {"ask", "tell", "press", "order", "charge", "hold", "grant", "document", "commit",
                     "attack", "learn", "find", "show", "indicate", "signal", "publish", "detail", "brief", "notify",
                     "inform", "leak", "calculate", "estimate", "forecast", "predict", "invite", "instruct",
                     "command", "beg", "implore", "encourage", "advise", "question", "doubt"}


# Cues whose object is the attributed content when a person or organisation is the subject
# ("the ad references FBI criticism of ...", "she described the plan as ...", "X talked about
# the economy").  Verbs with a common physical sense (attack, release, raise) are left out: in
# conflict news "the army attacked the village" is no claim.
OBJECT_CONTENT_VERBS = {"say", "describe", "support", "endorse", "question", "mention", "discuss",
                        "praise", "defend", "criticize", "criticise", "cite", "reference", "invoke", "echo",
                        "tout", "promote", "outline", "detail", "dismiss", "reject", "condemn", "denounce",
                        "slam", "decry", "mock", "ridicule", "hail", "applaud", "welcome", "lament",
                        "deplore", "acknowledge", "concede", "note", "highlight", "stress", "emphasize",
                        "emphasise", "underscore", "repeat", "reiterate", "recount", "recall",
                        "explain", "blame", "accuse", "credit", "liken", "compare", "label",
                        "characterize", "characterise", "call", "dub", "brand", "tell", "propose", "suggest",
                        "recommend", "predict", "forecast", "estimate", "demand", "urge", "announce",
                        "publish", "express", "voice", "offer", "pledge", "promise", "vow"}
OBL_CONTENT_VERBS = {"talk", "speak", "complain", "comment", "write", "rail", "brag", "boast", "joke", "warn",
                     "argue", "testify", "tweet", "post", "respond", "reply", "insist",
                     "call", "push", "press", "refer", "ask", "agree",
                     "disagree", "apologize", "apologise", "blame"}
# verbs whose object or most prepositional phrases say where or to whom, not what
VENUE_VERBS = {"speak", "talk", "write"}
# verbs whose only object is whom they told ("told reporters", "briefed the committee"), unless it
# is a thing told
TELLING_VERBS = {"tell", "inform", "assure", "brief", "remind", "notify", "reassure"}
TOLD_CONTENT = {"story", "truth", "lie", "joke", "tale", "anecdote", "version", "secret", "fib", "falsehood"}
SPEECH_ACT_VERBS = {"speak", "talk", "say", "tell", "write", "explain", "complain", "comment", "joke", "tweet",
                    "post", "testify", "argue", "apologize", "apologise", "boast", "brag"}
# "..., where Mrs. Clinton also spoke": a subordinate clause is not "Q, X said"
SUBORDINATORS = {"where", "when", "while", "as", "because", "if", "after", "before", "since", "although",
                 "though", "whereas", "until", "unless", "once"}
IN_VENUE_NOUNS = {"statement", "interview", "letter", "email", "e-mail", "tweet", "post", "speech", "release",
                  "briefing", "conference", "call", "message", "note", "memo", "report", "filing", "op-ed",
                  "column", "video", "broadcast", "podcast", "appearance", "remarks"}
GERUND_VERBS = {"propose", "suggest", "recommend", "mention", "cite", "advocate", "call", "urge", "push",
                "press", "consider", "discuss", "support", "oppose", "endorse", "back", "defend", "favor",
                "favour", "reject", "dismiss", "deny", "admit", "acknowledge", "promise", "pledge", "vow",
                "threaten", "recall", "describe", "praise", "criticize", "criticise", "blame", "accuse"}
LIGHT_VERBS = {"make", "raise", "issue", "voice", "express", "deliver", "give", "offer", "level", "repeat",
               "renew", "launch", "pose", "lodge", "file", "post", "send", "write", "publish", "release"}
NOUN_OF_CUES = {"remark", "remarks", "comment", "comments", "warning", "claim", "claims", "allegation",
                "allegations", "call", "demand", "plea", "pledge", "promise", "vow", "threat", "denial",
                "rejection", "accusation", "accusations", "charge", "charges", "criticism", "attack",
                "attacks", "question", "questions", "praise", "defense", "defence", "description",
                "complaint", "complaints", "concern", "concerns", "doubt", "doubts", "support", "endorsement",
                "condemnation", "rebuke", "assessment", "characterization", "prediction", "admission"}
NOUN_CONTENT_CASES = {"about", "of", "on", "for", "against", "over", "to"}
OBL_CONTENT_CASES = {"about", "of", "on", "for", "against", "over", "to", "with"}
ADDRESSEE_CASES = {"to", "with"}  # "spoke with X", "talked to X": whom, not what
# marks of a clause of time or circumstance, never a report's content ("after hearing screams")
_WHEN_MARKS = {"after", "before", "while", "whilst", "since", "when", "until", "upon", "without", "despite"}


# "she is frustrated that", "they were convinced that": the subject of these passives feels it
PSYCH_VERBS = {"frustrate", "concern", "worry", "please", "convince", "disappoint", "surprise", "shock", "alarm",
               "anger", "upset", "satisfy", "thrill", "excite", "trouble", "bother", "disturb", "encourage",
               "persuade", "confuse", "puzzle", "offend", "outrage", "impress", "scare", "frighten", "terrify",
               "determine", "commit", "prepare", "inclined", "interest"}


def _relative_subject(sent: Sentence, v: int, antecedent: int) -> int | None:
    """The relative pronoun subject (who, which, that) of a relative clause on ``antecedent``
    that holds the cue ``v`` (directly or through xcomp/conj), else None."""
    j = v
    for _ in range(4):
        for c in sent.children(j):
            w = sent.words[c]
            if w.deprel.startswith("nsubj") and w.lemma.lower() in ("who", "which", "that") and c < v:
                return c if sent.words[j].deprel.startswith("acl") and sent.words[j].head == antecedent else None
        w = sent.words[j]
        if w.deprel.split(":")[0] in ("conj", "xcomp") and w.head >= 0:
            j = w.head
            continue
        break
    return None


def source_mention(sent: Sentence, v: int, speaker_i: int, text: str) -> Mention:
    """The mention of cue ``v``'s source headed by ``speaker_i``; a relative pronoun source
    (``Abbas, who said ...``) is kept as written, standing for its antecedent."""
    speaker = with_text(mention_for(sent, speaker_i), text)
    rel = _relative_subject(sent, v, speaker_i)
    if rel is None and sent.words[speaker_i].lemma.lower() in ("who", "which"):
        # a relative clause the parser did not see as one: "Hazem Qassem, who said ..."
        ant = _name_before(sent, speaker_i, text)
        if ant is not None:
            rel, speaker = speaker_i, ant
    if rel is not None:
        rw = sent.words[rel]
        if rw.lemma.lower() == "who" and speaker.head >= 0:
            person = _who_antecedent(sent, speaker.head, _plural_verb(sent, rw.head))
            if person != speaker.head:
                speaker = with_text(mention_for(sent, person), text)
        speaker = Mention(text=rw.text, start=rw.start, end=rw.end, sentence_index=sent.index, head=rel,
                          kind="pronoun", antecedent=speaker)
    return speaker


def subject_before(sent: Sentence, v: int) -> int | None:
    """A finite main cue with no subject arc, read from the words: the noun phrase that ends right
    before it ("about half of Democratic primary voters said"), or the one before a
    comma-enclosed apposition, relative clause or participle ("Senator Harry Reid, the minority
    leader, said", "Mr. Cruz, whose ... finish was widely seen as a disappointment, said", "X,
    speaking on the condition of anonymity, said"), or a bracket ("Sen. Mitch McConnell (R-Ky.)
    said"). Parsers trained on little data often leave such subjects hanging elsewhere."""
    w = sent.words[v]
    if w.xpos not in ("VBD", "VBZ", "VBP") or w.rel not in ("root", "conj", "parataxis") \
            or any(sent.words[c].deprel in ("aux:pass", "expl", "mark") for c in sent.children(v)):
        return None
    k = v - 1
    while k >= 0 and sent.words[k].upos in ("ADV", "AUX", "PART"):
        k -= 1
    if k >= 2 and sent.words[k].text == "," and sent.words[k - 1].text == ")":
        k -= 1  # "Gov. John Kasich (R-OH), said"
    if k >= 1 and sent.words[k].text == ")":
        # "Sen. Mitch McConnell (R-Ky.) said"
        while k >= 0 and sent.words[k].text != "(":
            k -= 1
        k -= 1
    elif k >= 1 and sent.words[k].text == ",":
        j = k - 1  # the comma that opens the insert
        while j >= 0 and sent.words[j].text != ",":
            if sent.words[j].text in ('"', "“", "”", "(", ")", ":", ";"):
                return None
            j -= 1
        insert = range(j + 1, k)
        if j < 1 or any(sent.words[i].upos in ("VERB", "AUX") for i in insert) \
                and not any(sent.words[i].xpos in ("WP", "WP$", "WDT") for i in insert) \
                and sent.words[j + 1].xpos != "VBG":
            return None  # "In a statement released Tuesday, said": no apposition, no relative clause
        k = j - 1
    if k < 0:
        return None
    c = sent.words[k]
    if c.upos not in ("PROPN", "NOUN", "PRON", "NUM") or c.xpos in ("WP", "WDT") or is_time_or_place(sent, k):
        return None
    # up to the head of the noun phrase: "half of Democratic primary voters", "six in 10", "people
    # with direct knowledge of Gates' work", "an official familiar with the investigation"
    while sent.words[k].deprel.split(":")[0] in ("nmod", "obl") and 0 <= sent.words[k].head < k:
        h = sent.words[k].head
        if sent.words[h].upos == "ADJ":
            # "an official familiar with ...", the adjective hung on the noun or made its predicate
            subj = [c for c in sent.children(h) if sent.words[c].deprel.startswith("nsubj") and c < h]
            if subj:
                h = subj[0]
            elif sent.words[h].deprel == "amod" and 0 <= sent.words[h].head < h:
                h = sent.words[h].head
        if sent.words[h].upos not in ("NOUN", "NUM", "PRON", "PROPN") \
                or any(sent.words[i].text.endswith((".", "!", "?", ";", ":")) for i in range(h + 1, k)):
            break  # not across a sentence end the splitter missed
        k = h
    if any(sent.words[i].deprel == "case" and sent.words[i].lemma.lower() not in ("about", "'s", "’s", "than")
           for i in sent.children(k)):
        return None  # "In Vermont, ... said": a prepositional phrase is no subject
    while sent.words[k].deprel in ("flat", "compound") and k < sent.words[k].head < v:
        k = sent.words[k].head
    return k


def _plural_verb(sent: Sentence, v: int) -> bool:
    """Whether the verb of the clause at ``v`` agrees with a plural subject ("who have argued")."""
    if v < 0:
        return False
    forms = [sent.words[v]] + [sent.words[c] for c in sent.children(v) if sent.words[c].rel == "aux"]
    return any(w.xpos == "VBP" or (w.lemma == "be" and w.text.lower() in ("are", "were")) for w in forms)


def _who_antecedent(sent: Sentence, i: int, plural_verb: bool = False) -> int:
    """What "who" stands for when the parser tied it to a place, an organisation or a
    parenthesis on a person: "Sen. Tom Udall of New Mexico, who ..." is Udall, "Sen. Chris Murphy
    (D-Conn.), who ..." is Murphy, "a professor at American University who ..." the professor,
    and, by the verb's number, "Democrats on Capitol Hill, who have argued ..." the Democrats.
    Climbs from such a word to the noun or name it completes."""
    for _ in range(3):
        w = sent.words[i]
        up = sent.words[w.head] if w.head >= 0 else None
        if up is None or up.upos not in ("NOUN", "PROPN"):
            break
        place = ner_type(w) == "LOC" and w.rel in ("nmod", "appos", "flat", "compound")
        org = ner_type(w) == "ORG" and w.rel == "nmod"
        bracketed = w.rel == "appos" and i > 0 and sent.words[i - 1].text == "("
        number = plural_verb and w.rel == "nmod" and w.xpos in ("NN", "NNP") and up.xpos in ("NNS", "NNPS")
        if not (place or org or bracketed or number):
            break
        i = w.head
    return i


def _name_before(sent: Sentence, i: int, text: str) -> Mention | None:
    """The run of proper nouns right before word ``i`` (and its comma), as a mention."""
    k = i - 1
    if k >= 0 and sent.words[k].text == ",":
        k -= 1
    if k < 0 or sent.words[k].upos != "PROPN":
        return None
    lo = k
    while lo - 1 >= 0 and sent.words[lo - 1].upos == "PROPN":
        lo -= 1
    w0, w1 = sent.words[lo], sent.words[k]
    return Mention(text=text[w0.start : w1.end], start=w0.start, end=w1.end, sentence_index=sent.index, head=k,
                   kind="name", ner=ner_type(w1))


def _marked(sent: Sentence, c: int, *marks: str) -> bool:
    """Clause ``c`` opens with one of ``marks`` (default: "that") as its marker."""
    marks = marks or ("that",)
    return any(sent.words[k].deprel == "mark" and sent.words[k].lemma.lower() in marks for k in sent.children(c))


# words that link a side clause of its own to the clause before ("..., but he said B")
SIDE_LINKS = {"but", "and", "though", "although", "while", "yet", "whereas"}


def drop_link(text: str, a: int, b: int, links: Iterable[str] = SIDE_LINKS) -> int:
    """End of ``text[a:b]`` without the commas, dashes and link words (", but", " and") that a
    cut at ``b`` leaves behind."""
    end = b
    while True:
        e = end
        while e > a and (text[e - 1].isspace() or text[e - 1] in ",;—–"):
            e -= 1
        s = e
        while s > a and not text[s - 1].isspace():
            s -= 1
        if s > a and text[s:e].lower() in links:
            end = s
            continue
        return e


# page furniture a scraped article leaves at the end of a line: "Alberta proposes new rules READ MORE"
_FURNITURE_TAIL = re.compile(r"(?:[\s\-–—:|»>]*\b(?:READ MORE|Read [Mm]ore|ADVERTISEMENT|CLICK HERE|Click [Hh]ere)\b[\s:.»>]*)+$")


# a live blog's entry opening with its time: "9:55 a.m. — ", "14:20 GMT: "
_TIME_STAMP = re.compile(r"\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?\s*[—–:-]\s+", re.I)


def trim_content(text: str, a: int, b: int) -> tuple[int, int]:
    """Edge punctuation, whitespace, a live blog's time stamp ("9:55 a.m. — ") and trailing page
    furniture ("READ MORE") off ``text[a:b]``."""
    while a < b and text[a] in _TRIM:
        a += 1
    stamp = _TIME_STAMP.match(text, a, b)
    if stamp is not None:
        a = stamp.end()
    m = _FURNITURE_TAIL.search(text, a, b)
    if m is not None:
        b = m.start()
    while b > a and text[b - 1] in _TRIM:
        b -= 1
    return a, b


def content_of(sent: Sentence, idx: list[int], text: str) -> tuple[int, int] | None:
    if not idx:
        return None
    a, b = sent.words[min(idx)].start, sent.words[max(idx)].end
    a, b = trim_content(text, a, b)
    # a closing quotation mark right after the content belongs to it
    if b < len(text) and text[b] in "”\"’»" and b > a:
        b += 1
    if len(text[a:b].split()) < 2:
        return None
    return a, b


def _particle(sent: Sentence, i: int) -> str | None:
    for c in sent.children(i):
        w = sent.words[c]
        if w.deprel == "compound:prt":
            return w.lemma
    # "call on X to", "call for"
    for c in sent.children(i):
        w = sent.words[c]
        if w.deprel.startswith("obl") or w.deprel.startswith("obj"):
            for cc in sent.children(c):
                if sent.words[cc].deprel == "case" and sent.words[cc].lemma in ("on", "for"):
                    return sent.words[cc].lemma
    return None


def addressee_of(sent: Sentence, v: int, text: str) -> Mention | None:
    lemma = sent.words[v].lemma.lower()
    told = lemma in ("tell", "inform", "assure", "brief", "warn", "urge", "ask", "remind", "notify")
    cands = child(sent, v, "iobj") + (child(sent, v, "obj") if told else [])
    subs = child(sent, v, "nsubj")
    if told and any(sent.words[c].deprel == "aux:pass" for c in sent.children(v)):
        # "The governor was told by aides that ...": the one told is the passive's subject
        cands += [c for c in subs if sent.words[c].deprel == "nsubj:pass"]
    elif told and any(c < v for c in subs):
        cands += [c for c in subs if c > v]  # "X told Al-Monitor" with the outlet misparsed as a second subject
    for c in child(sent, v, "obl"):
        if any(sent.words[k].lemma.lower() == "to" and sent.words[k].deprel == "case" for k in sent.children(c)) and lemma in ("say", "tell", "write", "speak", "talk", "explain", "complain", "report", "announce", "reveal", "confirm"):
            cands.append(c)
    for c in cands:
        w = sent.words[c]
        if w.upos in ("NOUN", "PROPN", "PRON"):
            return with_text(mention_for(sent, c), text)
    return None


def declined(sent: Sentence, v: int) -> bool:
    """``declined to say``, ``refused to comment``: a refusal to speak makes no claim."""
    return sent.words[v].lemma.lower() in ("refuse", "decline") and any(
        verb_stance(sent.words[c].lemma) for c in child(sent, v, "xcomp"))


def cue_quotes(parsed: Parsed) -> list[Quote]:
    """Every reported-speech attribution found through cue verbs, nouns and "according to"."""
    text = parsed.text
    out: list[Quote] = []
    for sent in parsed.sentences:
        for w in sent.words:
            lemma = w.lemma.lower()
            if in_compound(text, w):
                continue  # "Clinton-Supporting Super PACs": no cue
            if is_predicate(sent, w.i):
                q = _verb_cue(sent, w.i, text)
                if q:
                    out.append(q)
            elif w.upos == "NOUN" and (noun_stance(lemma) or _verb_as_noun(sent, w.i)):
                q = _noun_cue(sent, w.i, text)
                if q:
                    out.append(q)
            if w.text.lower() == "according" and w.i + 1 < len(sent.words) and sent.words[w.i + 1].text.lower() == "to":
                q = _according_to(sent, w.i, text)
                if q:
                    out.append(q)
    return out


def _clause(sent: Sentence, c: int) -> bool:
    """Word ``c`` heads a clause of its own: a verb (or a predicate with a copula or subject),
    not opened by a relative pronoun ("..., who is 70")."""
    kids = [sent.words[k] for k in sent.children(c)]
    first = sent.words[min(k for k in sent.subtree(c) if sent.words[k].upos != "PUNCT" or k == c)]
    if first.lemma.lower() in ("who", "which", "whose", "whom"):
        return False
    return sent.words[c].upos in ("VERB", "AUX") or any(k.rel in ("cop", "nsubj") for k in kids)


def _that_after(sent: Sentence, v: int, addressee: bool = False) -> int | None:
    """The "that" opening cue ``v``'s clause: right after the cue, or after a phrase of place or
    time with no verb and no comma in it ("tweeted in the early morning hours that"), or after an
    aside set off by commas ("cautioned, as did the campaign itself, that")."""
    words = sent.words
    if v + 1 < len(words) and words[v + 1].text == ",":
        close = next((k for k in range(v + 2, min(len(words), v + 11)) if words[k].text == ","), None)
        if close is not None and close + 2 < len(words) and words[close + 1].text.lower() == "that" \
                and not any(words[k].text.lower() == "that" for k in range(v + 2, close)):
            return close + 1
    for k in range(v + 1, min(len(sent.words), v + 8)):
        w = sent.words[k]
        if w.text.lower() == "that":
            h = w.head
            if k > v + 1 and w.upos == "PRON" and w.deprel.split(":")[0] == "nsubj" and 0 <= h < len(words) \
                    and words[h].deprel == "acl:relcl" and v < words[h].head < k \
                    and not any(words[c].deprel.startswith("nsubj") for c in sent.children(h) if c != k):
                return None  # "warned of a heat wave that could last": a relative clause of the phrase
            return k if k + 1 < len(sent.words) else None
        if k == v + 1 and w.upos not in ("ADP", "ADV") and not addressee:
            return None  # "said the plan that ...": an object, not a setting ("told a briefing that" is whom)
        if w.upos not in ("ADP", "DET", "ADJ", "NOUN", "PROPN", "NUM", "ADV") or w.text == ",":
            return None
    return None


def _verb_cue(sent: Sentence, v: int, text: str) -> Quote | None:
    w = sent.words[v]
    lemma = cue_lemma(w)
    stance = verb_stance(lemma, _particle(sent, v))
    if stance is None:
        # "as the memo put it": a way of putting it is a way of saying it
        if any(_puts_it(sent, v, c) for c in child(sent, v, "obj")):
            return _as_clause(sent, v, text, "neutral")
        return None
    if is_negated(sent, v):
        return None
    if declined(sent, v) or reports_nothing(sent, v):
        return None  # "declined to comment"; "Miller responded with a three-pointer": a deed, not words
    q = _parenthetical(sent, v, text, stance) or _as_clause(sent, v, text, stance)
    if q is not None:
        return q
    content_idx: list[int] | None = None
    rule = ""
    comps = child(sent, v, "ccomp")
    if not comps:
        # "said in a statement that ...": a that-clause the parser hung on the statement
        comps = [cc for c in child(sent, v, "obl") if c > v and case_of(sent, c) == "in"
                 and sent.words[c].lemma.lower() in IN_VENUE_NOUNS
                 for cc in child(sent, c, "acl") if cc > c and _marked(sent, cc)]
    if not comps:
        # "tweeted in the early hours that ...": a that-clause the parser hung on as advcl
        comps = [c for c in child(sent, v, "advcl") if c > v and _marked(sent, c)]
    comps = [c for c in comps if c > v] + [c for c in comps if c < v]  # a clause after the cue first
    # "she said, her voice breaking": a clause with a subject but no finite verb after the cue's
    # comma says how (not "said, adding that ...": a participle of its own adds a claim)
    comps = [c for c in comps if not (c > v and v + 1 < len(sent.words) and sent.words[v + 1].text == ","
                                      and (sent.words[c].upos == "NOUN" or child(sent, c, "nsubj"))
                                      and not any(sent.words[k].xpos in ("VBD", "VBZ", "VBP", "MD")
                                                  for k in sent.subtree(c)))]
    # "said after the meeting broke up": a clause of time after the cue is no content
    comps = [c for c in comps if not (c > v and (_marked(sent, c, *TIME_MARKS)
                                                 or sent.words[min(sent.subtree(c))].lemma.lower() in TIME_MARKS))]
    # "said at the dinner in Washington, where Mrs. Clinton also spoke": a relative clause the
    # parser took for the cue's complement
    comps = [c for c in comps if not (c > v and lemma in ("say", "tell", "add", "note") and sent.words[min(
        k for k in sent.subtree(c) if sent.words[k].upos != "PUNCT" or k == c)].lemma.lower() in ("where", "when"))]
    if comps:
        c = comps[0]
        sub = sent.subtree(c)
        own = sent.subtree(v)
        if min(sub) > v:
            # "X said (that) ...": everything from the clause to the end of the cue's reach (the
            # parser often hangs part of the clause on the cue itself)
            start = min(sub)
            prev = max((k for k in range(v + 1, start) if sent.words[k].upos != "PUNCT"), default=v)
            if prev != v and sent.words[prev].upos == "VERB" and _marked(sent, c, "that", "whether", "if") \
                    and not child(sent, prev, "ccomp", "obj"):
                # "tells the story of a keeper who begins to suspect that ...": a that-clause right
                # after another verb is that verb's, whatever the parser hung it on
                return None
            skip: set[int] = {v}
            for ch in sent.children(v):
                if (sent.words[ch].deprel == "obj" and sent.words[ch].lemma.lower() in PROPOSITION_NOUNS
                        and max(sent.subtree(ch)) == start - 1):
                    start = min(sent.subtree(ch))  # "dismissed reports that ...": the reports' claim, named
                    break
            for ch in sent.children(v):
                if sent.words[ch].deprel.split(":")[0] in ("obj", "iobj", "obl", "advmod", "punct", "compound", "aux", "nsubj") and ch < start:
                    if sent.words[ch].deprel.split(":")[0] == "nsubj" and ch > v:
                        continue  # a subject after the cue belongs to the clause: "said his mate was ..."
                    skip.update(sent.subtree(ch))
            between = [k for k in range(v + 1, start) if k not in skip and sent.words[k].upos != "PUNCT"]
            if between:
                start = between[0]
            content_idx = [k for k in own if k >= start]
        else:
            # "..., X said": from the start of the cue's reach to the end of the clause, when a
            # comma or quotation mark separates them (else it is a misparse); the parser may hang
            # that comma on the clause itself
            last = max(sub)
            if sent.words[last].text == "," and last - 1 in sub and _clause(sent, c) \
                    and not any(ch in text[sent.words[last].end : w.start] for ch in "\"“”'’‘"):
                last -= 1  # (a quotation's own comma leaves it to the quotation rules)
            between = text[sent.words[last].end : w.start]
            if not any(ch in between for ch in ",”\"’—"):
                return None
            content_idx = [k for k in own if k <= max(sub)]
        rule = "ccomp"
        cw = sent.words[c]
        if lemma in WEAK_VERBS and not _marked(sent, c, "that", "whether", "if"):
            # "find X", "show X" only count with an explicit that-clause, or a finite clause with a
            # subject of its own ("a panel found the United States was in breach")
            finite = bool(child(sent, c, "nsubj", "nsubj:pass")) and (cw.xpos in ("VBD", "VBZ", "VBP") or any(
                sent.words[k].rel in ("aux", "cop") and sent.words[k].xpos in ("VBD", "VBZ", "VBP", "MD") for k in sent.children(c)))
            if cw.upos not in ("VERB", "AUX") and not finite or lemma in ("know", "understand", "learn", "feel", "consider") \
                    or lemma == "find" and not finite:
                return None
    passive = is_passive(sent, v)
    if (content_idx is None and not passive) and (lemma in XCOMP_VERBS or stance in XCOMP_STANCES):
        # not "X is expected to win": the subject of a passive is no source
        xs = [c for c in child(sent, v, "xcomp") if any(sent.words[k].lemma == "to" for k in sent.children(c))]
        if xs:
            content_idx = sent.subtree(xs[0])
            rule = "xcomp"
    if content_idx is None and lemma in GERUND_VERBS:
        # "proposed dropping carried interest", "called for reducing the rate": a gerund clause
        # (not a clause of time or manner: "called police after hearing screams")
        gs = [c for c in sent.children(v) if c > v and sent.words[c].deprel.split(":")[0] in ("xcomp", "advcl", "ccomp", "obj")
              and sent.words[c].xpos == "VBG" and not any(
                  sent.words[k].deprel == "mark" and sent.words[k].lemma.lower() in _WHEN_MARKS for k in sent.children(c))]
        if gs:
            content_idx = [k for k in sent.subtree(gs[0]) if not (sent.words[k].deprel == "mark" and k < gs[0])]
            rule = "gerund"
    subordinate = any(sent.words[c].lemma.lower() in SUBORDINATORS and sent.words[c].deprel.split(":")[0] in ("advmod", "mark")
                      for c in sent.children(v))
    # "...; Nike holds ...", "..., but Chaffetz declined": a clause of its own, not a report of the one before
    linked = any(sent.words[c].deprel == "cc" for c in sent.children(v)) or (
        w.head >= 0 and ";" in text[sent.words[w.head].end : w.start])
    # "..., following a day in which she criticized Trump": a relative clause, not "Q, X said"
    relative = _relative_clause(sent, v)
    if content_idx is None and w.head >= 0 and w.head < v and not subordinate and lemma not in ("speak", "talk") \
            and lemma not in ("decline", "refuse") and not linked and not relative \
            and (lemma not in WEAK_VERBS or lemma in REPORT_AFTER) and (
        w.deprel.split(":")[0] == "parataxis"
        or (w.deprel.split(":")[0] in ("conj", "ccomp", "advcl")
            and any(sent.words[c].deprel == "nsubj" for c in sent.children(v))
            and "," in text[sent.words[w.head].end : w.start] and not child(sent, v, "obj"))
    ):
        # "Q, X said."  -> the head clause before the cue is the content (not "..., in a deal
        # reported to be worth ...": a passive's subject is no source)
        h = w.head
        own = set(sent.subtree(v))
        content_idx = [k for k in sent.subtree(h) if k not in own and k < v]
        rule = "parataxis"
    if content_idx is None:
        paras = [c for c in child(sent, v, "parataxis") if c > v]
        colon = bool(paras) and any(sent.words[k].text == ":" for k in range(v + 1, paras[0]))
        if paras and not _relative_clause(sent, paras[0]) and (
                colon or any(sent.words[k].text == "," for k in range(v + 1, paras[0])) and _clause(sent, paras[0])):
            # "X wrote: A" / "X said it again, A"; not an apposition or a relative clause after a comma
            content_idx = sent.subtree(paras[0])
            rule = "parataxis-after"
    if content_idx is None and (that := _that_after(sent, v, addressee=lemma in TELLING_VERBS)) is not None:
        # "X said that ...", "X tweeted in the early hours that ...", whatever the parser made of
        # the clause: from "that" to the end of the sentence
        end = len(sent.words) - 1
        while end > that and sent.words[end].upos == "PUNCT":
            end -= 1
        content_idx = list(range(that, end + 1))
        rule = "that-clause"
    if content_idx is None and lemma in INTENTION_VERBS and not passive:
        xs = [c for c in child(sent, v, "xcomp") if c > v]  # declined() already left "declined to say"
        if xs:
            content_idx = sent.subtree(xs[0])
            rule = "xcomp"
    set_off = _set_off_agent(sent, v)
    if content_idx is None and (stance in OBJECT_STANCES and lemma not in NO_OBJECT_CONTENT
                                or lemma in OBJECT_CONTENT_VERBS | OBL_CONTENT_VERBS and subject_of(sent, v) is not None):
        # "X criticized the handling of ...", "X called for an end to ...": the object is the claim
        objs = [c for c in child(sent, v, "obj") if c > v and not is_time_or_place(sent, c)]
        if lemma in TELLING_VERBS and not child(sent, v, "iobj"):
            # "told reporters on Tuesday": whom, not what ("told the truth", "told him a story" are what)
            objs = [c for c in objs if sent.words[c].lemma.lower() in TOLD_CONTENT
                    or any(sent.words[k].upos in ("VERB", "AUX") for k in sent.subtree(c))]
        if lemma in VENUE_VERBS:
            objs = []  # "wrote a letter", "spoke his counterpart": only "talked about X" carries content
        if not objs and (_particle(sent, v) in ("for", "to", "on") or lemma in OBL_CONTENT_VERBS):
            objs = [c for c in child(sent, v, "obl") if c > v and case_of(sent, c) in OBL_CONTENT_CASES
                    and not is_time_or_place(sent, c)
                    and not (lemma in SPEECH_ACT_VERBS and case_of(sent, c) in ADDRESSEE_CASES)
                    and not (lemma in VENUE_VERBS and case_of(sent, c) not in ("about", "of", "against"))
                    and not (lemma in TELLING_VERBS and case_of(sent, c) not in ("about", "of"))]  # "told analysts on a call"
        if objs and set_off is not None:
            # "The plan, called a disaster by critics, passed": only the name given is content
            objs = [c for c in objs if c < set_off]
        if objs:
            idx = [k for k in sent.subtree(v) if k >= min(sent.subtree(objs[0]))]
            named = set_off is not None
            if named:
                given = set(sent.subtree(objs[0])) | set(sent.subtree(objs[-1]))
                idx = [k for k in idx if k in given]
            # "talked about X": the preposition is not part of what was said
            idx = [k for k in idx if not (sent.words[k].deprel == "case" and sent.words[k].head == objs[0]
                                          and k == min(idx))]
            if len([k for k in idx if sent.words[k].upos != "PUNCT"]) >= (2 if named else 3):
                content_idx = idx
                rule = "object"
    if content_idx is None:
        return None
    # the content must not contain the cue itself
    content_idx = [k for k in content_idx if k != v]
    span = content_of(sent, content_idx, text)
    if span is None:
        return None
    speaker_i = subject_of(sent, v)
    if speaker_i is None:
        speaker_i = subject_before(sent, v)
    be_passive = any(sent.words[c].deprel == "aux:pass" for c in sent.children(v))
    if set_off is not None and speaker_i is not None and speaker_i < v:
        # "The plan, called a disaster by critics, passed": the plan is what was named; the
        # source is the agent
        speaker_i = set_off
    elif be_passive and lemma != "quote" and lemma not in PSYCH_VERBS and speaker_i is not None \
            and sent.words[speaker_i].deprel == "nsubj:pass":
        # "Mr. Quiros was accused of ...", "Pence was dubbed ...": the subject of a passive is its
        # target; the source is the agent ("was criticized by X"), if any
        speaker_i = next((c for c in child(sent, v, "obl") if case_of(sent, c) == "by"), None)
    speaker: Mention | None = None
    via: list[Mention] = []
    via_cues: list[str] = []
    if lemma == "quote":
        # "CNN quoted Blinken as saying": the speaker is the object; CNN is the intermediary
        objs = child(sent, v, "obj")
        if objs:
            if speaker_i is not None:
                via.append(with_text(mention_for(sent, speaker_i), text))
                via_cues.append("quoted")
            speaker_i = objs[0]
    if speaker_i is not None and sent.words[speaker_i].deprel == "nsubj:pass" and lemma == "quote":
        pass  # "X was quoted as saying": X is the speaker
    if speaker_i is not None:
        sw = sent.words[speaker_i]
        if sw.start >= span[0] and sw.end <= span[1]:
            speaker_i = None  # the subject lies inside the content: not our source
    if speaker_i is not None:
        speaker = source_mention(sent, v, speaker_i, text)
    if lemma == "say" and sent.words[v].deprel.startswith("advcl") and speaker is None:
        return None
    q = Quote(
        type="indirect",
        spans=[span],
        sentence_index=sent.index,
        cue=w.text,
        cue_lemma=lemma,
        cue_start=w.start,
        cue_end=w.end,
        stance=stance,
        speaker=speaker,
        addressee=addressee_of(sent, v, text),
        via=via,
        via_cues=via_cues,
        confidence=0.7 if speaker else 0.4,
        rule=f"verb-{rule}",
    )
    # "X said as saying": saying under quoted -> speaker from "quoted"
    if w.deprel.startswith("advcl") and w.head >= 0 and sent.words[w.head].lemma.lower() == "quote":
        h = w.head
        objs = child(sent, h, "obj")
        subj = subject_of(sent, h)
        if objs:
            q.speaker = with_text(mention_for(sent, objs[0]), text)
            if subj is not None:
                q.via = [with_text(mention_for(sent, subj), text)]
                q.via_cues = ["quoted"]
        elif subj is not None:
            q.speaker = with_text(mention_for(sent, subj), text)
        q.cue, q.cue_lemma, q.cue_start, q.cue_end = sent.words[h].text, "quote", sent.words[h].start, sent.words[h].end
        q.confidence = 0.7
    # reported speech with no source at all ("it was said that") is too vague to keep
    return q if q.speaker is not None else None


_WHEN_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today",
               "tonight", "recently", "earlier", "later", "again", "then"}


def _parenthetical(sent: Sentence, v: int, text: str, stance: str) -> Quote | None:
    """``The latest test, North Korea said, was its biggest yet.``: a source and cue set off by
    commas inside the sentence they report (read from the words: parsers make the first part the
    cue's subject)."""
    words = sent.words
    w = words[v]
    if w.text.lower() not in _SPEECH:
        return None
    # the comma after the cue, past a short phrase of time or venue: "said on Tuesday,", "said in a statement,"
    e = next((j for j in range(v + 1, min(len(words), v + 8)) if words[j].text == ","), None)
    tail = words[v + 1 : e] if e is not None else []
    if e is None or e + 1 >= len(words) or tail and not (
            tail[0].upos == "ADP" and all(x.upos in ("ADP", "DET", "NOUN", "PROPN", "NUM", "ADJ") for x in tail)
            or all(x.text.lower() in _WHEN_WORDS for x in tail)):
        return None
    c = max((k for k in range(v) if words[k].text == ","), default=None)
    head = text[sent.start : words[e + 1].end] if c is not None else text[sent.start : sent.end]
    if any(ch in head for ch in "“”\"«»") or "''" in head:
        return None  # "A," she said, "B.": the quotation rules read it (a quotation later on is content)
    if c is None or c < 2 or not (1 <= v - c - 1 <= 6):
        return None
    np = words[c + 1 : v]
    if not all(x.upos in _NP_OK and x.upos != "ADP" for x in np) or not any(x.upos in ("PROPN", "NOUN", "PRON") for x in np):
        return None
    rest = [x for x in words[e + 1 :] if x.upos != "PUNCT"]
    if len(rest) < 2 or len(text[sent.start : words[c].start].split()) < 2:
        return None
    first = trim_content(text, sent.start, words[c].start)
    second = trim_content(text, words[e + 1].start, sent.end)
    speaker = _np_mention(sent, np, text)
    return Quote(type="indirect", spans=[first, second], sentence_index=sent.index, cue=w.text,
                 cue_lemma=w.lemma.lower(), cue_start=w.start, cue_end=w.end, stance=stance,
                 speaker=speaker, confidence=0.6, rule="verb-parenthetical")


# what may stand between an "as" clause's subject and its cue: "as X has long pointed out"
_AS_FILLERS = {"AUX", "ADV", "PART"}
# nouns that name a proposition, whose that-clause the parser may hang on the cue: "dismissed
# reports that ...", "rejected the notion that ..."
PROPOSITION_NOUNS = {"report", "claim", "accusation", "allegation", "notion", "idea", "rumor", "rumour", "suggestion",
                     "speculation", "charge", "assertion", "contention", "theory", "argument", "impression",
                     "perception", "assumption", "premise", "narrative", "story", "view", "belief"}
# a cue's own complement: an "as" clause that has one is no comment on its sentence ("as Clinton
# talked about bringing communities together", "as Democrats attacked Republicans")
_AS_COMPLEMENTS = {"obj", "ccomp", "xcomp", "csubj", "iobj"}
_AS_OPENERS = {",", "—", "–", "(", ";", "-", "--"}
# verbs an "as" clause comments with; "as he spoke", "as the day went on", "as Clinton talked"
# tell when, not who said so
AS_VERBS = {"say", "note", "point", "report", "write", "put", "observe", "explain", "suggest", "predict", "argue",
            "acknowledge", "admit", "claim", "state", "recall", "tell", "warn", "tweet", "reveal", "show",
            "indicate", "hope", "fear", "believe", "suspect", "expect", "concede", "insist", "contend", "assert",
            "allege", "confirm", "announce", "mention", "remark", "emphasize", "stress", "caution", "estimate",
            "conclude", "find", "recount", "testify", "maintain", "complain", "joke", "quip", "boast", "brag"}


def _puts_it(sent: Sentence, v: int, c: int) -> bool:
    """Word ``c`` is the "it" of "put it" ("as the memo put it")."""
    return sent.words[v].lemma.lower() == "put" and sent.words[c].text.lower() == "it"


def _told_whom(sent: Sentence, v: int, c: int) -> bool:
    """Word ``c`` is whom "tell" was told to ("as Smith told reporters"), not what was told."""
    return (sent.words[v].lemma.lower() == "tell" and sent.words[c].deprel.split(":")[0] in ("obj", "iobj")
            and sent.words[c].upos in ("NOUN", "PROPN", "PRON"))


def _as_clause(sent: Sentence, v: int, text: str, stance: str) -> Quote | None:
    """``As the minister noted, the economy is growing.`` / ``X, as columnist Y pointed out, is
    ...`` / ``..., as first reported by The Times.``: a cue clause opened by "as" that lacks a
    complement of its own comments on the rest of its sentence, which is the content. Read from the
    words: parsers often take "as" for a preposition on the subject."""
    words = sent.words
    w = words[v]
    lemma = cue_lemma(w)
    if lemma not in AS_VERBS:
        return None
    for c in sent.children(v):
        rel = words[c].deprel.split(":")[0]
        if rel in _AS_COMPLEMENTS and not _puts_it(sent, v, c) and not _told_whom(sent, v, c):
            return None
        if rel == "obl" and c > v and case_of(sent, c) in ("about", "of", "against", "over"):
            return None
    k = next((k for k in range(v - 1, max(-1, v - 16), -1) if words[k].text.lower() == "as"), None)
    if k is None or (k > 0 and words[k - 1].text not in _AS_OPENERS):
        return None
    between = words[k + 1 : v]
    if any(x.text.lower() in ("as", "that", "if", "when", "while") or x.xpos in ("VBD", "VBZ", "VBP", "MD")
           and x.upos == "VERB" for x in between):
        return None
    # the end of the clause: the next comma, dash or bracket, or the end of the sentence
    e = next((j for j in range(v + 1, len(words)) if words[j].text in (",", "—", "–", ")", ";", "--")), len(words))
    no_subject = all(x.upos in _AS_FILLERS for x in between)
    if w.xpos == "VBN" and any(x.lemma == "be" for x in between) and not no_subject:
        return None  # "as he was known": a passive that names no source
    if no_subject:
        # "as (first) reported by The New York Times"
        by = next((j for j in range(v + 1, e) if words[j].text.lower() == "by"), None)
        np = words[by + 1 : e] if by is not None else []
        while np and np[-1].upos == "PUNCT":
            np.pop()
    else:
        np = list(between)
        while np and np[-1].upos in _AS_FILLERS:
            np.pop()
        if any(x.upos == "ADP" and x.lemma.lower() != "of" for x in np[:1]):
            return None
    # a name the tagger took for an adjective still names ("as The Atlantic noted")
    if not np or not any(x.upos in ("PROPN", "NOUN", "PRON") or x.ner != "O" and x.text[:1].isupper() for x in np) or not all(
            x.upos in _NP_OK or x.lemma.lower() == "include" for x in np):
        return None
    spans = []
    if k > 0:
        spans.append(trim_content(text, sent.start, words[k].start))
    if e < len(words) - 1:
        spans.append(trim_content(text, words[e].end, sent.end))
    spans = [(a, b) for a, b in spans if b > a]
    if sum(len(text[a:b].split()) for a, b in spans) < 3:
        return None
    return Quote(type="indirect", spans=spans, sentence_index=sent.index, cue=w.text, cue_lemma=lemma,
                 cue_start=w.start, cue_end=w.end, stance=stance, speaker=_np_mention(sent, np, text),
                 confidence=0.6, rule="verb-as")


def _verb_as_noun(sent: Sentence, n: int) -> bool:
    """``estimates``, ``reports`` tagged as a plural noun right before "that": a cue verb in its
    third-person form that the tagger read as a noun."""
    w = sent.words[n]
    return (w.xpos == "NNS" and w.text.lower().endswith("s") and verb_stance(w.lemma) is not None
            and n + 1 < len(sent.words) and sent.words[n + 1].text.lower() == "that")


def _modifiers_as_source(sent: Sentence, n: int, text: str) -> Mention | None:
    """The words the parser hung before word ``n`` as its modifiers, as one mention."""
    left = [c for c in sent.children(n) if c < n and sent.words[c].deprel.split(":")[0] in ("det", "compound", "amod", "nmod")]
    nouns = [c for c in left if sent.words[c].upos in ("PROPN", "NOUN")]
    if not nouns:
        return None
    lo, head = min(k for c in left for k in sent.subtree(c)), max(nouns)
    return Mention(text=text[sent.words[lo].start : sent.words[n - 1].end], start=sent.words[lo].start,
                   end=sent.words[n - 1].end, sentence_index=sent.index, head=head,
                   kind=classify(sent, head), ner=ner_type(sent.words[head]))


def _noun_cue(sent: Sentence, n: int, text: str) -> Quote | None:
    """``X's claim that ...``, ``the statement that ...``."""
    w = sent.words[n]
    clauses = [c for c in child(sent, n, "acl", "ccomp") if _marked(sent, c)]
    poss = child(sent, n, "nmod:poss")
    light = None
    if not poss and w.deprel.split(":")[0] == "obj" and sent.words[w.head].lemma.lower() in LIGHT_VERBS:
        light = subject_of(sent, w.head)  # "X raised questions about ...", "X made comments on ..."
    if clauses:
        idx = sent.subtree(clauses[0])
        rule = "noun"
    else:
        # "X's criticism of ...", "his comments about ...": the prepositional object is the content
        nm = [c for c in child(sent, n, "nmod") if c > n and case_of(sent, c) in NOUN_CONTENT_CASES]
        if not nm or not (poss or light is not None) or w.lemma.lower() not in NOUN_OF_CUES:
            return None
        idx = [k for k in sent.subtree(nm[0]) if not (sent.words[k].deprel == "case" and sent.words[k].head == nm[0])]
        rule = "noun-of"
    span = content_of(sent, idx, text)
    if span is None:
        return None
    speaker = with_text(mention_for(sent, poss[0]), text) if poss else None
    if speaker is None and light is not None:
        speaker = with_text(mention_for(sent, light), text)
    if speaker is None:
        for c in child(sent, n, "nmod"):
            if any(sent.words[k].lemma.lower() == "by" for k in sent.children(c)):
                speaker = with_text(mention_for(sent, c), text)
    if speaker is None and clauses and _verb_as_noun(sent, n):
        # "The Tax Policy Center estimates that ...", "Trump claims that ...": a verb the tagger
        # read as a plural noun; its subject is what the parser made its modifiers, or the name before
        speaker = _modifiers_as_source(sent, n, text) or _name_before(sent, n, text)
    if noun_stance(w.lemma) is None and speaker is None:
        return None  # a verb read as a noun that still has no source
    return Quote(
        type="indirect", spans=[span], sentence_index=sent.index, cue=w.text, cue_lemma=w.lemma.lower(),
        cue_start=w.start, cue_end=w.end, stance=noun_stance(w.lemma) or verb_stance(w.lemma), speaker=speaker,
        confidence=0.6 if speaker else 0.35, rule=rule,
    )


def _according_to(sent: Sentence, i: int, text: str) -> Quote | None:
    """``According to X, ...`` / ``..., according to X.``: the source is X, the content the rest of
    the sentence. Read from the text around the phrase (the parse of it is often poor)."""
    words = sent.words
    w = words[i]
    to = i + 1
    # the source runs from after "to" to the next comma or the sentence end
    j = to + 1
    while j < len(words) and words[j].text not in (",", ";", ":", ".", "!", "?", "—", "–"):
        j += 1
    src = list(range(to + 1, j))
    if not src:
        return None
    before_text = text[sent.start : w.start].strip()
    if before_text.endswith(",") and len(before_text.split()) >= 3:
        span = (sent.start, w.start)  # "..., according to X."
    elif not before_text or before_text.lower() in ("but", "and", "yet", "so", "however,", "but,"):
        if j >= len(words) - 1:
            return None
        span = (words[j].end, sent.end)  # "According to X, ..."
    else:
        return None
    span = trim_content(text, *span)
    if len(text[span[0]:span[1]].split()) < 3:
        return None
    # the head of the source: the noun whose head lies outside the phrase
    nouns = [k for k in src if words[k].upos in ("NOUN", "PROPN", "PRON")]
    if not nouns:
        return None
    head = next((k for k in nouns if words[k].head not in src), nouns[-1])
    kind = mention_for(sent, head).kind
    speaker = Mention(text=text[words[src[0]].start : words[src[-1]].end], start=words[src[0]].start,
                      end=words[src[-1]].end, sentence_index=sent.index, head=head, kind=kind,
                      ner=ner_type(words[head]))
    if speaker.text.lower().startswith("the ") and kind == "name":
        speaker.kind = "name"
    inner = _inner_source(sent, span, text)
    if inner is not None:
        # "According to the State Department, Mr. Blinken told X that ...": Blinken said it,
        # the State Department is how it reached us
        inner.via = [speaker]
        inner.via_cues = ["according to"]
        return inner
    return Quote(
        type="indirect", spans=[span], sentence_index=sent.index, cue=text[w.start:words[to].end],
        cue_lemma="according to", cue_start=w.start, cue_end=words[to].end,
        stance="report", speaker=speaker, confidence=0.65, rule="according-to",
    )


_SPEECH = {"said", "says", "added", "adds", "told", "tells", "stated", "states", "claimed", "claims",
           "argued", "argues", "insisted", "insists", "noted", "notes", "warned", "warns", "explained",
           "explains", "wrote", "writes", "reported", "reports", "announced", "announces", "acknowledged",
           "admitted", "believes", "thinks", "alleged", "alleges", "contends", "contended", "asserted"}
# base forms after a plural subject ("officials say"), taken when tagged as verbs
_SPEECH_BASE = {"say", "tell", "add", "argue", "insist", "warn", "explain", "write", "announce", "acknowledge",
                "admit", "believe", "think", "allege", "contend", "assert"}
_NP_OK = {"DET", "PROPN", "NOUN", "ADJ", "NUM", "PRON", "PUNCT", "CCONJ", "ADP", "PART"}


def _noun_tagged_verb(sent: Sentence, i: int) -> bool:
    """``Lynch notes they ...``, ``Trump charges that ...``, ``Some Democrats question the ...``: a
    cue verb that the tagger called a noun, in its -s form right after a name or a singular noun,
    or in its base form right after a plural one, and before its clause or object."""
    words = sent.words
    w = words[i]
    if i == 0 or i + 2 >= len(words) or verb_stance(cue_lemma(w)) is None:
        return False
    prev, nxt = words[i - 1], words[i + 1]
    if w.xpos == "NNS" and w.text.lower().endswith("s"):
        if not (prev.upos in ("PROPN", "PRON") or prev.xpos == "NN"):
            return False
    elif w.xpos == "NN" and w.text.lower() == cue_lemma(w):
        if not (prev.xpos in ("NNS", "NNPS") or prev.text.lower() in ("they", "we")):
            return False
    else:
        return False
    if nxt.text.lower() == "that":
        return words[i + 2].upos not in ("VERB", "AUX")  # not "the police reports that were filed"
    return (nxt.upos in ("DET", "PRON", "PROPN", "PART", "NUM") and nxt.text.lower() not in ("of", "'s", "’s")
            or nxt.xpos == "VBG" or nxt.upos == "ADV" and nxt.text.lower() in ("just", "how", "also", "now"))


def textual_quotes(parsed: Parsed, used_cues: set[int]) -> list[Quote]:
    """A fallback for misparsed sentences: ``NP said (that) CLAUSE.`` and ``CLAUSE, NP said.``
    read from the word sequence when no rule over the tree produced an attribution for the cue."""
    text = parsed.text
    out: list[Quote] = []
    for sent in parsed.sentences:
        words = sent.words
        for w in words:
            if not (w.text.lower() in _SPEECH or w.text.lower() in _SPEECH_BASE and w.upos == "VERB"
                    or _noun_tagged_verb(sent, w.i)) or w.start in used_cues or is_negated(sent, w.i):
                continue
            i = w.i
            before, after = words[:i], words[i + 1 :]
            tail = [x for x in after if x.upos != "PUNCT"]
            # "CLAUSE, NP said [time]." (not "CLAUSE, and NP added two assists": an object is what was added)
            if len(tail) <= 3 and before and not _has_object(tail, i):
                comma = max((k for k in range(i) if words[k].text in (",", "”", "\"")), default=None)
                if comma is not None and 0 <= i - comma - 1 <= 8:
                    np, depth = [], 0
                    for x in words[comma + 1 : i]:
                        depth += (x.text == "(") - (x.text == ")")
                        if depth == 0 and x.text != ")" and any(c.isalnum() for c in x.text):
                            np.append(x)  # "Rep. Gwen Moore (D-Wis.) said": not the parenthesis
                    if (not np and tail and all(x.upos in _NP_OK for x in tail) and tail[0].upos != "ADP"
                            and not any(is_time_or_place(sent, x.i) for x in tail)):  # not "..., said Tuesday"
                        np = tail  # "CLAUSE," said the minister.
                    if np and all(x.upos in _NP_OK for x in np) and len(text[sent.start:words[comma].start].split()) >= 4:
                        span = trim_content(text, sent.start, words[comma].start)
                        out.append(_textual(sent, w, np, span, text))
                continue
            # "NP said (that) CLAUSE.", also after an opening phrase: "As odd as it seems, NP said ..."
            np = before
            commas = [k for k, x in enumerate(before) if x.text == ","]
            if commas and len(before) > 8 or commas and not all(x.upos in _NP_OK for x in before):
                np = before[commas[-1] + 1 :]
            while len(np) > 1 and np[0].upos in ("SCONJ", "CCONJ", "ADV") and np[0].text.lower() != "both":
                np = np[1:]  # "- though Lynch notes ...", "But officials say ..."
            shortened = len(np) < len(before)  # cut after a comma or a leading "but"/"though"
            if 1 <= len(np) <= 8 and all(x.upos in _NP_OK and x.upos != "ADP" or x.text.lower() in ("of", "from")
                                         or x.upos == "VERB" and x.deprel == "amod" for x in np) \
                    and np[0].upos != "ADP" and (np[0].text[:1].isupper() or shortened and np[-1].upos == "NOUN"):
                k = 0
                if w.text.lower() in ("told", "tells"):
                    k = next((n for n, x in enumerate(after) if x.text.lower() == "that"), -1)
                    if k < 0 or k > 6:
                        continue
                rest = after[k:]
                if rest and rest[0].text.lower() == "that" and len(rest) > 1 and rest[1].upos in ("VERB", "AUX"):
                    continue  # "the police reports that were filed": a relative clause
                if not _has_predicate(rest):
                    continue  # no predicate, no clause: "each added a goal and an assist (for X, who won)"
                if len(rest) >= 4 and rest[0].lemma.lower() not in TIME_MARKS:  # not "said after the meeting"
                    span = trim_content(text, rest[0].start, rest[-1].end)
                    out.append(_textual(sent, w, np, span, text))
    return [q for q in out if q is not None]


def _has_object(words: list, verb: int) -> bool:
    """Whether one of ``words`` is an object or complement of word ``verb`` (a noun or number
    hung on it other than as its subject, an oblique or a modifier): "added two assists"."""
    return any(x.head == verb and (x.deprel in ("obj", "iobj", "xcomp", "ccomp") or x.upos in ("NOUN", "NUM")
                                   and not x.deprel.startswith(("obl", "nmod", "advmod", "nsubj"))) for x in words)


_RELATIVE = {"who", "whom", "whose", "which"}


def _set_off_agent(sent: Sentence, v: int) -> int | None:
    """When cue ``v`` is a past participle set off by commas after its subject with an agent, which
    the parser made the main verb ("The plan, called a disaster by critics, passed"): the agent
    (critics); else ``None``."""
    w = sent.words[v]
    agent = next((c for c in child(sent, v, "obl") if case_of(sent, c) == "by" and c > v), None)
    if w.xpos not in ("VBN", "VBD") or agent is None:
        return None
    subj = [c for c in sent.children(v) if sent.words[c].deprel.startswith("nsubj") and c < v]
    set_off = bool(subj) and v >= 1 and sent.words[v - 1].text == "," and not any(
        sent.words[c].deprel.startswith("aux") for c in sent.children(v))
    return agent if set_off else None


def _relative_clause(sent: Sentence, v: int) -> bool:
    """Whether verb ``v`` heads a relative clause the parser hung elsewhere: a relative word before
    it is its dependent or its dependent's ("a day in which she criticized Trump", "Ana Ruiz, who
    writes about credit")."""
    return any(sent.words[k].text.lower() in _RELATIVE and sent.words[k].head >= 0
               and v in (sent.words[k].head, sent.words[sent.words[k].head].head) for k in range(v))


def _has_predicate(words: list) -> bool:
    """Whether ``words`` hold a verb outside a relative clause set off by commas: "the agency,
    which was set up in 2002, had failed" has one ("had failed"); "a goal and an assist for the
    Hurricanes, who have won four straight" has none, nor has "a goal, and Hellebuyck made 30 saves"
    (the verb is another clause's)."""
    inside = False
    for k, x in enumerate(words):
        if not inside and x.upos == "CCONJ" and k > 0 and words[k - 1].text in (",", ";"):
            return False  # "added a power-play goal, and Hellebuyck finished with 30 saves": another clause
        if x.text.lower() in _RELATIVE and k > 0 and words[k - 1].text == ",":
            inside = True
        elif inside and x.text == ",":
            inside = False
        elif not inside and x.upos in ("VERB", "AUX"):
            return True
    return False


def _np_mention(sent: Sentence, np: list, text: str) -> Mention:
    """A source read from a run of words (no tree): from its first word to its last, headed by its
    last noun or pronoun, else its last capitalised word in a named entity ("The Atlantic" tagged as
    an adjective). ``np`` holds at least one of them."""
    heads = [x for x in np if x.upos in ("PROPN", "NOUN", "PRON")] or [x for x in np if x.ner != "O" and x.text[:1].isupper()]
    head = heads[-1].i
    lo = next(x for x in np if x.upos not in ("PUNCT", "CCONJ"))
    return Mention(text=text[lo.start : np[-1].end], start=lo.start, end=np[-1].end, sentence_index=sent.index,
                   head=head, kind=classify(sent, head), ner=ner_type(sent.words[head]))


def _textual(sent: Sentence, cue, np, span, text) -> Quote | None:
    # "Rep. Gwen Moore (D-Wis.) said": the name without its parenthesis or trailing punctuation
    if any(x.text == "(" for x in np):
        np = np[: next(k for k, x in enumerate(np) if x.text == "(")]
    while np and np[-1].upos == "PUNCT":
        np = np[:-1]
    if not any(x.upos in ("PROPN", "NOUN", "PRON") for x in np) or len(text[span[0]:span[1]].split()) < 3:
        return None
    speaker = _np_mention(sent, np, text)
    addressee = None
    if cue.text.lower() in ("told", "tells"):
        tail = []
        for x in sent.words[cue.i + 1 :]:
            if x.text.lower() == "that" or x.upos in ("PUNCT", "VERB", "AUX") or x.start >= span[0] > cue.start:
                break
            tail.append(x)
        nouns = [x for x in tail if x.upos in ("PROPN", "NOUN", "PRON")]
        if tail and nouns:
            addressee = with_text(mention_for(sent, nouns[0].i), text)
            addressee.start = min(addressee.start, tail[0].start)
            addressee.end = max(addressee.end, nouns[-1].end if nouns[-1].end > addressee.end and
                                "," not in text[addressee.end:nouns[-1].end] else addressee.end)
            addressee.text = text[addressee.start:addressee.end]
    return Quote(type="indirect", spans=[span], sentence_index=sent.index, cue=cue.text,
                 cue_lemma=cue_lemma(cue), cue_start=cue.start, cue_end=cue.end,
                 stance=verb_stance(cue_lemma(cue)) or "neutral", speaker=speaker, addressee=addressee,
                 confidence=0.45, rule="textual")


def _inner_source(sent: Sentence, span: tuple[int, int], text: str) -> Quote | None:
    """A source and speech verb opening ``span``: ``Mr. Blinken told Mr. Netanyahu that ...``."""
    words = [w for w in sent.words if span[0] <= w.start < span[1]]
    for k, w in enumerate(words[:9]):
        if w.text.lower() in _SPEECH and k >= 1:
            np = words[:k]
            if not all(x.upos in _NP_OK and x.upos != "ADP" for x in np) or not np[0].text[:1].isupper():
                return None
            rest = words[k + 1 :]
            if w.text.lower() in ("told", "tells"):
                j = next((n for n, x in enumerate(rest) if x.text.lower() == "that"), -1)
                if j < 0 or j > 6:
                    return None
                rest = rest[j:]
            if len(rest) < 3:
                return None
            q = _textual(sent, w, np, trim_content(text, rest[0].start, span[1]), text)
            if q is not None:
                q.rule = "according-to-inner"
                q.confidence = 0.6
            return q
    return None
