"""Learned cue frames: the long tail of attribution cues, scored by a model trained on gold data.

A *frame* is a cue word with the relation that leads from it to its content: ``support VERB
obj`` (``X supports the plan``), ``show VERB ccomp`` (``polls show that ...``), ``decision NOUN
acl`` (``her decision to meet ...``), ``learn VERB ^parataxis`` (``..., The Post has learned``:
the content is the clause the cue hangs on). The hand-written rules in ``reported.py`` cover the
common cues; PolNeAR-style attribution also counts beliefs, perceptions, intentions and a long
tail of verbs (``voted against``, ``took offense at``).

After the rules, :func:`candidates` lists every frame that could still fire (its word not a cue
already, its content not taken, not negated unless it is a view, ``he doesn't think so``, with a
source, or with none where the text names
none: ``is expected to``, ``asked whether``, ``it appears that``, ``allegations of``), and a logistic model over
parse features (the lemma and relation, the cue's stance in the lexicon, its broad word class in
``data/classes.tsv`` so that an unseen cue shares its class's weights, what kind of source it
has, how the content opens, ...) scores each one. ``data/frames.tsv`` holds the model's weights, one
feature a line; :func:`frame_quotes` keeps the candidates whose probability reaches the
threshold stored with them. The model is rebuilt with::

    python -m training.frames ../shared/gold/polnear_train.jsonl -o quotes/extract/data/frames.tsv

(it parses the gold texts with the bundled models, through the parse cache of ``quotes
evaluate``). Rebuild it after a change to the rules: it learns what the rules still miss.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator

from ..nlp.doc import Parsed, Sentence
from .cues import cue_lemma, noun_stance, verb_stance, word_classes
from .marks import Quoted, find_quotations
from .reported import (PSYCH_VERBS, SIDE_LINKS, TELLING_VERBS, TIME_MARKS, TOLD_CONTENT, VENUE_VERBS, content_of, declined,
                       drop_link, source_mention)
from .syntax import reports_nothing, child, in_compound, is_negated, is_passive, is_predicate, only_when, subject_of
from ..types import Mention, Quote

# relations from a cue to its content (obl, nmod, advcl and acl are keyed by their marker)
CONTENT_RELS = {"ccomp", "xcomp", "obj", "advcl", "obl", "nmod", "acl", "iobj"}
# relations by which a cue hangs on the clause it reports ("..., The Post has learned")
HEAD_RELS = {"parataxis", "ccomp", "conj", "advcl"}
CUE_POS = {"VERB": "verb", "NOUN": "noun", "ADJ": "adj"}
MAIN_RELS = {"root", "conj", "parataxis"}  # a main-clause predicate, not one inside another's clause
# verbs with a physical sense ("the army attacked the village", "Israel released prisoners"): no
# frame reads their object or prepositional phrase as a claim
PHYSICAL_VERBS = {"attack", "release", "raise", "strike", "hit", "fire", "launch", "kill", "shoot", "bomb",
                  "target", "block", "hold", "push", "press", "carry", "send", "deliver", "drop", "throw"}
OPENERS = {"that", "to", "whether", "if", "how", "what", "why", "when", "who", "as", "the", "a", "his", "her",
           "their", "its"}
DEFAULT_THRESHOLD = 0.5
# cues a frame takes only with a that-clause ("found that ...", not "found him guilty")
THAT_ONLY = {"find"}
# what an agentless passive's complement opens with ("accused of", "seen as", "is expected to")
PASSIVE_MARKERS = {"of", "for", "as", "to", "with", "that", "about"}
# the prepositions by which a verb carries its object noun's content ("raised questions about")
SIB_MARKERS = {"about", "on", "over", "against", "for", "of"}
# verbs whose subject is what the view is of, not who holds it
RAISING_VERBS = {"seem", "appear"}
# word classes of views: negated or hypothetical, a view is still reported ("he doesn't think so",
# "most people would consider"); saying or doing something negated is not ("did not identify a
# location", "would not comment", "did not vote against")
VIEW_CLASSES = {"cognition", "emotion", "perception", "appearance", "attitude"}


def _reporting_word(lemma: str, pos: str) -> bool:
    """A cue of the lexicon or a word of a class of ``data/classes.tsv``: a word known to report."""
    stance = verb_stance(lemma) if pos == "verb" else noun_stance(lemma) if pos == "noun" else None
    return bool(stance or word_classes(lemma, pos))


@dataclass
class Candidate:
    """A frame that could fire: its key (lemma, pos, relation), features and the quote it makes."""

    key: tuple[str, str, str]
    features: list[str]
    quote: Quote
    # a cue in a side clause inside a rule's content: that quote (``host``) then ends at ``cut``
    host: Quote | None = None
    cut: int | None = None


@dataclass
class Model:
    weights: dict[str, float]
    bias: float
    threshold: float

    def attested(self, c: "Candidate") -> bool:
        """The cue word is known to report: a cue of the lexicon, a word of a class, or a lemma
        training saw as an attribution; context alone never makes a cue of a verb ("the judge
        unsealed the file")."""
        lemma, pos, rel = c.key
        if _reporting_word(lemma, pos):
            return True  # a cue of the lexicon, or a word of a class the model has weights for
        if any(self.weights.get(f, 0.0) > 0 for f in (f"lr={lemma}|{rel}", f"lb={lemma}|{rel.split(':')[0]}")):
            return True
        return self.weights.get(f"lemma={lemma}", 0.0) > 0  # a lemma seen as a cue at all

    def score(self, cands: Iterable["Candidate"]) -> list[tuple[float, "Candidate"]]:
        """(probability, candidate) for the attested candidates."""
        return [(self.probability(c.features), c) for c in cands if self.attested(c)]

    def probability(self, features: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=None)
def frame_model() -> Model | None:
    """The model in ``data/frames.tsv`` (None when the file is missing: no frame fires)."""
    try:
        text = resources.files("quotes.extract").joinpath("data/frames.tsv").read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    weights: dict[str, float] = {}
    bias, threshold = 0.0, DEFAULT_THRESHOLD
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, value = line.rsplit("\t", 1)
        if name == "@bias":
            bias = float(value)
        elif name == "@threshold":
            threshold = float(value)
        else:
            weights[name] = float(value)
    return Model(weights, bias, threshold)


def _marker(sent: Sentence, i: int) -> str | None:
    """The preposition or subordinator that opens phrase ``i`` (``about`` X, ``to`` go, ``if`` ...)."""
    for c in sent.children(i):
        if sent.words[c].deprel in ("case", "mark") and c < i:
            return sent.words[c].lemma.lower()
    return None


def _agent(sent: Sentence, v: int) -> int | None:
    """The ``by`` phrase of cue ``v`` ("was criticized by X"), if it has one."""
    return next((c for c in child(sent, v, "obl") if _marker(sent, c) == "by"), None)


def _frames(sent: Sentence, v: int) -> Iterator[tuple[str, int | None, list[int]]]:
    """Every (relation, content head, content word indices) that could be cue ``v``'s content."""
    words = sent.words
    lemma = cue_lemma(words[v])
    if reports_nothing(sent, v):
        return  # "answered with a touchdown on the next drive": a deed, no words; "a man believed to be ..."
    # "raised questions about", "launched attacks on": a physical verb made a light one by its cue noun
    physical = lemma in PHYSICAL_VERBS and not any(noun_stance(words[c].lemma) for c in child(sent, v, "obj"))
    for c in sent.children(v):
        rel = words[c].rel
        if rel not in CONTENT_RELS or c < v:
            continue
        if rel in ("obj", "obl", "iobj") and physical:
            continue
        if lemma in VENUE_VERBS and (rel in ("obj", "iobj") or rel == "obl" and _marker(sent, c) not in ("about", "of", "against")):
            continue  # "wrote a letter", "spoke for five minutes": a venue or a manner, not a content
        idx = sent.subtree(c)
        if rel in ("obl", "nmod", "advcl", "acl"):
            marker = _marker(sent, c)
            if marker is None and rel in ("obl", "nmod"):
                continue  # "spoke Monday": no preposition, no content
            if marker is not None:
                rel = f"{rel}:{marker}"
                # "talked about X": the preposition is not part of what was said
                idx = [k for k in idx if not (words[k].deprel == "case" and words[k].head == c and k < c)]
        yield rel, c, idx
    h = words[v].head
    if words[v].upos == "NOUN" and h >= 0 and words[v].rel in ("obj", "obl"):
        # "raised questions about X", "filed a motion to unseal", "left little doubt that ...": the
        # parser hung the noun cue's content on the verb it is the object of
        for c in sent.children(h):
            rel = words[c].rel
            if c <= v or rel not in ("obl", "advcl", "ccomp"):
                continue
            marker = _marker(sent, c)
            if rel == "obl" and marker not in SIB_MARKERS:
                continue  # "wrote a letter to X": an addressee, a time or a place, not a content
            idx = [k for k in sent.subtree(c) if not (words[k].deprel == "case" and words[k].head == c and k < c)]
            yield f"sib-{rel}" + (f":{marker}" if marker else ""), c, idx
    if is_passive(sent, v) and _agent(sent, v) is not None:
        # "The nominee has been endorsed by dozens of papers": the passive subject is what they said
        for c in sent.children(v):
            if words[c].deprel == "nsubj:pass" and c < v:
                yield "nsubj:pass", c, sent.subtree(c)
    w = words[v]
    if _agentless(sent, v):
        # "Obama's veto is expected to come ...", "peacekeepers have been accused of ...": nobody is
        # named; what is reported is the whole clause, its subject included
        subj = [c for c in sent.children(v) if words[c].deprel == "nsubj:pass" and c < v]
        if subj and _complement(sent, v):
            lo = min(sent.subtree(subj[0]))
            yield "^passive", None, [k for k in sent.subtree(v) if k >= lo and not (words[k].head == v and words[k].rel in ("cc", "punct", "mark"))]
    if w.head >= 0 and w.head < v and w.rel in HEAD_RELS:
        own = set(sent.subtree(v))
        yield f"^{w.rel}", w.head, [k for k in sent.subtree(w.head) if k not in own and k < v]
    # whatever the parse: the rest of the sentence after the cue, or the clause before ", X <cue>"
    end = len(words) - 1
    while end > v and words[end].upos == "PUNCT":
        end -= 1
    own_subject = any(words[c].rel == "nsubj" for c in sent.children(v))
    # a participle too ("..., arguing the move was needed", "began by saying he would ..."), whose
    # clause the parser often hangs elsewhere
    participle = w.xpos == "VBG" and w.rel == "advcl"
    if (end > v + 1 and words[v + 1].upos != "PUNCT" and (w.rel in MAIN_RELS or own_subject and w.rel != "acl" or participle)
            and not physical and lemma not in VENUE_VERBS
            and not (words[v + 1].deprel == "compound:prt" and words[v + 1].head == v)  # not "showed up at"
            and not only_when(sent, list(range(v + 1, end + 1)))):  # not "conceded shortly after 10 p.m."
        yield "^rest", None, list(range(v + 1, end + 1))
    subj = [c for c in sent.children(v) if words[c].rel == "nsubj" and c < v]
    if subj:
        lo = min(sent.subtree(subj[0]))
        if (lo >= 3 and words[lo - 1].text == "," and not physical and lemma not in VENUE_VERBS
                and any(words[k].upos in ("VERB", "AUX") for k in range(0, lo - 1))):
            # a clause, not "In September, he wrote ..."
            yield "^before", None, list(range(0, lo - 1))


def _source(sent: Sentence, v: int, span: tuple[int, int], text: str) -> Mention | None:
    """The cue's source, outside the content: its subject (verbs, adjectives), the agent of a
    passive (``was criticized by X``), the controller of a purpose clause (``took to Twitter to
    accuse``), the possessor (nouns), or a name right before a verb whose subject the parser lost;
    never an expletive ``it``."""
    w = sent.words[v]
    src: int | None = None
    if w.upos == "NOUN" and not is_predicate(sent, v):
        poss = child(sent, v, "nmod:poss")
        if poss:
            src = poss[0]
        elif w.head >= 0 and w.rel == "obj":
            src = subject_of(sent, w.head)
    elif is_passive(sent, v) and cue_lemma(w) not in PSYCH_VERBS:
        src = _agent(sent, v)
    else:
        src = subject_of(sent, v) if w.rel != "advcl" or not _purpose(sent, v) else _controller(sent, w.head)
    if src is None and w.upos == "VERB":
        src = _word_before(sent, v)
    if src is None:
        return None
    sw = sent.words[src]
    if sw.lemma.lower() == "it" and (sw.head == v and any(sent.words[c].rel in ("ccomp", "xcomp", "csubj") for c in sent.children(v))
                                     or any(sent.words[c].rel == "cop" for c in sent.children(v))):
        return None  # "it appears that", "it is clear that": nobody is the source
    m = source_mention(sent, v, src, text)
    if m.start < span[1] and span[0] < m.end:
        return None  # the subject lies inside the content: not its source
    if m.antecedent is None and sw.lemma.lower() in ("which", "that", "what") and src != v:
        return None  # a relative pronoun that stands for nothing we can name
    return m


def _passive_aux(sent: Sentence, v: int) -> bool:
    """A passive with a passive auxiliary whose subject is not who holds the view: "is expected
    to", "was accused of"; not "we are convinced" (a psych verb; the lemmatizer may leave the
    participle), nor "he's sought" (has, not is)."""
    lemma = cue_lemma(sent.words[v])
    if lemma in PSYCH_VERBS or lemma[:-1] in PSYCH_VERBS or lemma[:-2] in PSYCH_VERBS:
        return False
    return any(sent.words[c].deprel == "aux:pass" and sent.words[c].text.lower() not in ("'s", "’s")
               for c in sent.children(v))


def _view(lemma: str, pos: str, stance: str | None) -> bool:
    """A word of belief or of a view class, and of no class of saying or doing."""
    classes = set(word_classes(lemma, pos))
    return (stance == "belief" or stance is None and bool(classes & VIEW_CLASSES)) and classes <= VIEW_CLASSES


def _agentless(sent: Sentence, v: int) -> bool:
    """Such a passive with no ``by`` agent: nobody is named as the source."""
    return _passive_aux(sent, v) and _agent(sent, v) is None


def _reduced_passive(sent: Sentence, v: int) -> bool:
    """"Asked whether ...", "when asked about ...": a bare participle with no subject, auxiliary
    or agent, whose clause says nobody is the one who asked."""
    w = sent.words[v]
    return (w.xpos in ("VBN", "VBD") and w.rel in ("root", "advcl", "ccomp", "parataxis")
            and not any(sent.words[c].rel.split(":")[0] in ("nsubj", "aux", "csubj", "expl", "cop") for c in sent.children(v))
            and _agent(sent, v) is None)


def _expletive(sent: Sentence, v: int) -> bool:
    """"It appears that ...", "it is clear that ...": an expletive "it" with a clause."""
    words = sent.words
    return (any(words[c].lemma.lower() == "it" and words[c].rel in ("expl", "nsubj") for c in sent.children(v))
            and any(words[c].rel in ("ccomp", "xcomp", "csubj") for c in sent.children(v)))


def _complement(sent: Sentence, v: int) -> bool:
    """A passive verb with a complement after it: "is expected *to* ...", "was accused *of* ...",
    "is seen *as* ..." (not "was signed on Tuesday")."""
    words = sent.words
    return any(words[c].rel in ("xcomp", "ccomp") or words[c].rel in ("obl", "advcl") and _marker(sent, c) in PASSIVE_MARKERS
               for c in sent.children(v) if c > v)


def _nobody_named(sent: Sentence, v: int, pos: str) -> str | None:
    """What kind of attribution cue ``v`` makes when the text names no source: an agentless
    passive with a complement, an expletive "it", a noun cue (no possessor); None otherwise."""
    if (_agentless(sent, v) or _reduced_passive(sent, v)) and _complement(sent, v):
        return "passive"
    if _expletive(sent, v):
        return "expletive"
    return "noun" if pos == "noun" else None


def _passive_target(sent: Sentence, v: int, m: Mention) -> bool:
    """``Mr. Quiros was accused of ...``: the mention read as the source of a passive cue is
    its subject, the target of what was said, not who said it (which the text does not say)."""
    return _passive_aux(sent, v) and not any(_marker(sent, c) == "by" and c == m.head for c in child(sent, v, "obl"))


def _word_before(sent: Sentence, v: int) -> int | None:
    """A name or pronoun right before the cue (past its auxiliaries and adverbs) that the parser
    hung elsewhere: "... the editorial board of the Washington Post Trump said"."""
    k = v - 1
    while k >= 0 and sent.words[k].upos in ("AUX", "ADV", "PART"):
        k -= 1
    if k >= 0 and sent.words[k].upos in ("PROPN", "PRON") and sent.words[k].lemma.lower() not in ("it", "that", "which", "what"):
        return k
    return None


def _purpose(sent: Sentence, v: int) -> bool:
    """An infinitive of purpose: "took to Twitter *to accuse* ..."."""
    return any(sent.words[c].deprel == "mark" and sent.words[c].lemma.lower() == "to" for c in sent.children(v))


def _controller(sent: Sentence, h: int) -> int | None:
    """Who does what a purpose clause on verb ``h`` says: its object ("prompted NATO to order"),
    else its subject ("Trump took to Twitter to accuse")."""
    objs = [c for c in sent.children(h) if sent.words[c].deprel in ("obj", "iobj")]
    return objs[-1] if objs else subject_of(sent, h)


# the rules' links and causal ones: "..., as the report shows", "because they felt ..."
FRAME_LINKS = SIDE_LINKS | {"as", "because", "since"}


def _side_start(sent: Sentence, o: int, k: int, end: int) -> tuple[int, str] | None:
    """Where the clause of word ``k`` starts, and what kind of side clause it is, when it is a
    clause of its own after cue ``o`` (``X promised A, but he has also intensified B``, ``X said A
    and called it B``, ``X denounced A, which RT pointed to as ...``, ``X accused A of B, though
    records indicate C``) that runs to ``end`` (a character offset: the end of the content it
    would cut), else None."""
    words = sent.words
    if k <= o or words[max(sent.subtree(k))].end < end or not any(j == o for j in sent.ancestors(k)):
        return None
    w = words[k]
    kids = sent.children(k)
    own_subject = any(words[c].rel == "nsubj" for c in kids)
    linked = any(words[c].deprel in ("cc", "mark") and words[c].lemma.lower() in FRAME_LINKS for c in kids)
    start = min(j for j in sent.subtree(k) if words[j].upos != "PUNCT" or j == k)
    comma = start >= 1 and words[start - 1].text in (",", ";", "—", "–")
    if w.rel == "conj" and w.head == o:
        kind = "conj-cue"
    elif w.rel == "conj" and own_subject and linked:
        kind = "conj-subject"
    elif (w.rel == "conj" and (w.xpos in ("VBD", "VBZ") and w.xpos == words[o].xpos
                               or w.xpos == "VBN" and words[o].xpos == "VBD" and not child(sent, k, "aux", "aux:pass"))
          and words[w.head].xpos != w.xpos):
        kind = "conj-tense"  # "said he would order A and warned B": the parser hung it on the clause
    elif w.rel == "advcl" and own_subject and linked:
        kind = "advcl"
    elif w.rel == "advcl" and w.xpos == "VBG" and comma:
        kind = "participle"
    elif w.deprel == "acl:relcl" and comma:
        kind = "relative"
    elif w.rel == "parataxis" and own_subject:
        kind = "parataxis"
    else:
        return None
    return start, kind


def _split(sent: Sentence, v: int, idx: list[int], end: int) -> int | None:
    """Where the content ``idx`` of cue ``v`` gives way to a side clause of another cue word (of
    the lexicon or a class) that runs to ``end``: "X indicated A, but he refuses B", "X said A and
    warned B"; None when it holds none."""
    lo = min(idx)
    for k in sorted(idx):
        if k <= v or not is_predicate(sent, k):
            continue
        if not _reporting_word(cue_lemma(sent.words[k]), "verb"):
            continue
        side = _side_start(sent, v, k, end)
        if side is not None and sent.words[side[0]].start - sent.words[lo].start > 10:
            return side[0]
    return None


def _span(sent: Sentence, idx: list[int], text: str) -> tuple[int, int] | None:
    """The characters of content ``idx``: two words at least (``content_of``; "agree to the terms"
    is too little to be a claim), or one word that names an entity, whom a view is of ("endorsed
    Sanders", "the endorsement of Cruz"; not "on Tuesday")."""
    span = content_of(sent, idx, text)
    if span is not None:
        return span
    ws = [sent.words[k] for k in idx if sent.words[k].upos != "PUNCT"]
    if len(ws) == 1 and ws[0].upos == "PROPN" and "-" in ws[0].ner:
        return ws[0].start, ws[0].end
    return None


def _bucket(n: int) -> str:
    return "1-3" if n <= 3 else "4-7" if n <= 7 else "8-15" if n <= 15 else "16+"


def _features(sent: Sentence, v: int, rel: str, head: int | None, idx: list[int], speaker: Mention | None,
              stance: str | None, quoted: bool, known: set[str], sourceless: str | None = None) -> list[str]:
    w = sent.words[v]
    lemma, pos = cue_lemma(w), "verb" if is_predicate(sent, v) else CUE_POS[w.upos]
    base = rel.split(":")[0]
    first = next((sent.words[k] for k in idx if sent.words[k].upos != "PUNCT"), None)
    opener = first.lemma.lower() if first is not None and first.lemma.lower() in OPENERS else "other"
    auxes = [sent.words[c].lemma.lower() for c in sent.children(v) if sent.words[c].rel == "aux"]
    passive = is_passive(sent, v)
    if speaker is None:
        speaker = Mention("", -1, -1, sent.index, kind=f"none-{sourceless}")
    sw = sent.words[speaker.head] if 0 <= speaker.head < len(sent.words) else None
    ner = (sw.ner.split("-", 1)[1] if sw is not None and "-" in sw.ner else "none")
    f = [
        f"rel={rel}", f"base={base}", f"lemma={lemma}", f"lr={lemma}|{rel}", f"lb={lemma}|{base}",
        f"pr={pos}|{rel}", f"stance={stance or 'none'}|{base}", f"stance={stance or 'none'}",
        f"src={speaker.kind}", f"src={speaker.kind}|{base}", f"srcner={ner}", f"dep={w.rel}", f"dep={w.rel}|{base}",
        f"xpos={w.xpos}", f"open={opener}|{base}", f"len={_bucket(len(idx))}|{base}",
        f"openpos={first.upos if first is not None else 'none'}|{base}",
        f"passive={passive}", f"quoted={quoted}",
        f"clause={any(sent.words[k].upos in ('VERB', 'AUX') for k in idx)}|{base}",
        f"srcword={'none' if sw is None else 'PROPN' if sw.upos == 'PROPN' else sw.lemma.lower()}",
        f"known={_key(speaker.text) in known}", f"known={_key(speaker.text) in known}|{base}",
        f"lemma={lemma}|src={speaker.kind}",
    ]
    f += [f"aux={a}" for a in auxes]
    for cls in word_classes(lemma, pos):
        f += [f"cls={cls}", f"cls={cls}|{base}", f"cls={cls}|src={speaker.kind}"]
    if head is not None:
        h = sent.words[head]
        f += [f"clemma={h.lemma.lower()}", f"cupos={h.upos}|{base}", f"lrc={lemma}|{base}|{h.upos}"]
    return f


def _key(name: str) -> str:
    """A mention's last word, lower-cased: enough to tell whether a source already spoke."""
    words = name.lower().replace("’s", "").replace("'s", "").split()
    return words[-1] if words else ""


def candidates(parsed: Parsed, taken: Iterable[Quote], quoted: list[Quoted] | None = None) -> list[Candidate]:
    """Every frame that could fire after the rules: its cue word not a cue of ``taken``, its
    content not overlapping theirs, not declined, not negated or hypothetical unless it is a view
    (belief, cognition, emotion, perception: "he doesn't think so", "most people would
    consider"), with a source (or, for a word of the lexicon or of a class, none where the text
    names none: an agentless passive with a complement, a bare participle ("Asked whether"), an
    expletive "it", a noun cue with no possessor). A content ends where the side clause of another
    cue begins. Pure; unscored.
    ``quoted``: the text's quotations when the caller has found them already."""
    text = parsed.text
    taken = list(taken)
    cues = {q.cue_start for q in taken if q.cue_start is not None}
    spans = [s for q in taken for s in q.spans]
    regions = [(q.open_char, q.close_char) for q in (find_quotations(text) if quoted is None else quoted)]
    known = {_key(q.speaker.text) for q in taken if q.speaker is not None}
    sources = {q.cue_start: q.speaker for q in taken if q.cue_start is not None and q.speaker is not None}
    hosts = [q for q in taken if q.type != "direct" and len(q.spans) == 1 and q.cue_start is not None]
    out: list[Candidate] = []
    for sent in parsed.sentences:
        for w in sent.words:
            pos = "verb" if is_predicate(sent, w.i) else CUE_POS.get(w.upos)
            if pos is None or w.start in cues or any(a <= w.start < b for a, b in regions) or in_compound(text, w):
                continue  # a cue inside a quotation is part of what was said
            host, cut, side, free = None, None, None, spans
            if any(a <= w.start < b for a, b in spans):
                # inside a rule's content: only a side clause of its own, which ends that content
                host = next((h for h in hosts if h.start <= w.start < h.end and h.sentence_index == sent.index), None)
                o = sent.word_at(host.cue_start) if host is not None else None
                side = _side_start(sent, o, w.i, len(text[: host.end].rstrip(" .,;:!?”’\"'»)"))) if o is not None else None
                if side is None or sent.words[side[0]].start - host.start <= 10:
                    continue
                cut = sent.words[side[0]].start
                free = [s for s in spans if s != host.spans[0]] + [(host.start, cut)]
            lemma = cue_lemma(w)
            stance = verb_stance(lemma) if pos == "verb" else noun_stance(lemma) if pos == "noun" else None
            negated = is_negated(sent, w.i)
            if declined(sent, w.i) or negated and not _view(lemma, pos, stance):
                continue  # negated or hypothetical speech is no quote; a negated view still reports one
            # where the text names nobody, a word known to report or judge is kept without a source
            nobody = _nobody_named(sent, w.i, pos) if _reporting_word(lemma, pos) else None
            for rel, head, idx in _frames(sent, w.i):
                idx = [k for k in idx if k != w.i]
                span = _span(sent, idx, text)
                split = _split(sent, w.i, idx, span[1]) if span is not None and host is None else None
                if split is not None:
                    # "X indicated A, but he refuses B": the clause of a second cue is its own
                    idx = [k for k in idx if k < split]
                    span = _span(sent, idx, text)
                if span is None or any(a < span[1] and span[0] < b for a, b in free):
                    continue
                if host is not None and span[0] < cut:
                    continue
                if rel in ("ccomp", "^rest") and sent.words[min(idx)].lemma.lower() in TIME_MARKS:
                    continue  # "said after the meeting broke up": a time, not a content
                if lemma in TELLING_VERBS and _only_whom(sent, w.i, idx):
                    continue  # "told reporters on Tuesday": whom, not what
                if lemma in THAT_ONLY and sent.words[min(idx)].lemma.lower() != "that":
                    continue  # "found him guilty": only "found that ..." reports
                speaker = _source(sent, w.i, span, text)
                if side is not None and side[1] == "conj-tense":
                    speaker = host.speaker  # a second predicate of the host's cue: the same source
                if speaker is None and w.head >= 0 and (w.xpos == "VBG" and w.rel == "advcl" or w.rel == "conj"
                                                        and not child(sent, w.i, "nsubj", "nsubj:pass")):
                    # '"Q," X said in a statement, adding that ...' when the parser lost X: the source
                    # of the cue it hangs on
                    speaker = sources.get(sent.words[w.head].start)
                    if speaker is not None and speaker.sentence_index != sent.index:
                        speaker = None
                sourceless = None
                if speaker is None:
                    sourceless = nobody if nobody != "noun" or not rel.startswith(("^", "sib")) else None
                    if sourceless is None:
                        continue
                elif rel == "^passive":
                    continue  # the clause frame is for passives whose subject is not the source
                # "he seems to have ...", "Melania appears to have vanished": who seems so is what the
                # view is of; whose view it is the text does not say
                target = speaker is None or _passive_target(sent, w.i, speaker) or lemma in RAISING_VERBS
                quoted = any(a < span[1] and span[0] < b for a, b in regions)
                if quoted and stance is None:
                    continue  # "watched the film “The Gatekeepers”": a title, unless a speech cue reports it
                q = Quote(type="indirect", spans=[span], sentence_index=sent.index, cue=w.text, cue_lemma=lemma,
                          cue_start=w.start, cue_end=w.end, stance=stance or "other", speaker=None if target else speaker,
                          confidence=0.4, rule=f"frame-{rel}")
                feats = _features(sent, w.i, rel, head, idx, speaker, stance, quoted, known, sourceless)
                if split is not None:
                    feats += ["split", f"split|{rel.split(':')[0]}"]
                if negated:
                    feats += ["negated", f"negated|{rel.lstrip('^').split(':')[0]}"]
                if host is not None:
                    feats += ["side", f"side={side[1]}", f"side|{rel.split(':')[0]}", f"side={side[1]}|{rel.split(':')[0]}"]
                out.append(Candidate((lemma, pos, rel), feats, q, host, cut))
    return out


def _only_whom(sent: Sentence, v: int, idx: list[int]) -> bool:
    """Whether the words ``idx`` after a telling verb are only whom it told (its object, with
    no clause of their own): "told reporters on Tuesday", not "told reporters he would run" or
    "told the truth"."""
    objs = [c for c in child(sent, v, "obj", "iobj") if sent.words[c].lemma.lower() not in TOLD_CONTENT]
    words = [k for k in idx if sent.words[k].upos != "PUNCT"]
    if not objs or not words or any(sent.words[k].upos in ("VERB", "AUX") for k in words):
        return False
    return any(min(words) in sent.subtree(c) for c in objs)


def frame_quotes(parsed: Parsed, taken: Iterable[Quote], model: Model | None = None,
                 threshold: float | None = None, quoted: list[Quoted] | None = None) -> list[Quote]:
    """The candidates the model accepts: one per cue word (its most probable frame), none
    overlapping another (the outermost is kept)."""
    model = frame_model() if model is None else model
    if model is None:
        return []
    env = os.environ.get("QUOTES_FRAME_THRESHOLD")
    threshold = threshold if threshold is not None else float(env) if env else model.threshold
    scored = model.score(candidates(parsed, taken, quoted))
    chosen = []
    for p, c in select(scored, threshold):
        c.quote.confidence = round(min(0.7, p), 2)
        chosen.append(c.quote)
        if c.host is not None and c.cut is not None and c.cut < c.host.end:
            a = c.host.start
            c.host.spans = [(a, drop_link(parsed.text, a, c.cut, FRAME_LINKS))]
    return chosen


def select(scored: list[tuple[float, Candidate]], threshold: float) -> list[tuple[float, Candidate]]:
    """Of the (probability, candidate) pairs at or above ``threshold``: the most probable frame of
    each cue word, then in text order the outermost of overlapping ones."""
    best: dict[int | None, tuple[float, Candidate]] = {}
    for p, c in scored:
        k = c.quote.cue_start
        if p >= threshold and (k not in best or p > best[k][0]):
            best[k] = (p, c)
    chosen: list[tuple[float, Candidate]] = []
    for p, c in sorted(best.values(), key=lambda pc: (pc[1].quote.start, -(pc[1].quote.end - pc[1].quote.start))):
        q = c.quote
        if any(q.start < o.quote.end and o.quote.start < q.end for _, o in chosen):
            continue
        chosen.append((p, c))
    return chosen
