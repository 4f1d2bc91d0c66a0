"""The learned speaker choice: which mention in the sentence said it.

The rules give every quote one speaker mention. This layer lists the other noun phrases of the
speaker's sentence that could have said it (nouns, names and pronouns heading a phrase, outside
what was said, whom it was said to and who passed it on, never an apposition of the rules' speaker or a day) and scores each, the rules' own choice included, with a
logistic model over parse features: its part of speech, relation and head, its named-entity
type and lemma, its place in the tree and in the sentence relative to the cue (subject of the
cue, of a verb above it, a child of it, how far, commas and quotation marks between), and which
rule chose the speaker. The quote takes the best other candidate only when its probability
beats the rules' choice by the margin chosen by cross-validation; otherwise the rules' choice
stands.

The weights are ``models/speaker.npz`` beside this file, written by ``python -m
training.speakers`` (see MODELS.md for its card); without that file the layer does nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..nlp.doc import Parsed, Sentence
from ..types import Mention, Quote
from .learned import bucket, feature_matrix, packaged_arrays, packaged_card, rule_group
from .reported import source_mention
from .syntax import is_date_word, is_time_or_place, mention_for, subject_of, with_text

MODEL_FILE = "models/speaker.npz"
CARD_FILE = "models/speaker.json"

# relations under which a noun, name or pronoun heads a phrase that could be a speaker
_PHRASE_RELS = {"nsubj", "nsubj:pass", "nsubj:outer", "csubj", "obj", "iobj", "obl", "obl:agent", "obl:tmod",
                "obl:npmod", "nmod", "nmod:poss", "appos", "conj", "root", "dislocated", "vocative", "parataxis",
                "dep", "list", "xcomp", "ccomp", "advcl", "acl", "acl:relcl", "orphan"}
_QUOTE_MARKS = {'"', "“", "”", "''", "``"}
_PARTY_TAG = re.compile(r"[RDI]-[A-Z][A-Za-z.]*(?![\w-])")


@dataclass
class Candidate:
    """A mention that could be the speaker: its head word (-1 when unknown) and whether the
    rules chose it."""

    head: int
    mention: Mention
    chosen: bool


def candidates(parsed: Parsed, q: Quote) -> tuple[Sentence | None, list[Candidate]]:
    """The rules' speaker first, then every other phrase head of its sentence that could speak."""
    m = q.speaker
    if m is None or not 0 <= m.sentence_index < len(parsed.sentences):
        return None, []
    sent = parsed.sentences[m.sentence_index]
    out = [Candidate(m.head, m, True)]
    for w in sent.words:
        if w.i == m.head or w.upos not in ("PROPN", "NOUN", "PRON") or w.deprel not in _PHRASE_RELS:
            continue
        if m.start <= w.start < m.end or is_date_word(w) or any(a <= w.start < b for a, b in q.spans):
            continue
        if q.cue_start is not None and w.start <= q.cue_start < w.end:
            continue  # the cue itself ("Bloomberg reports that ...", "those savings plans")
        if any(o is not None and o.start <= w.start < o.end for o in (q.addressee, *q.via)):
            continue  # whom it was said to, or who passed it on ("CNN quoted Blinken as saying"), did not say it
        if (w.deprel.split(":")[0] in ("appos", "conj") and w.head >= 0 and m.start <= sent.words[w.head].start < m.end
                or 0 <= m.head < len(sent.words) and sent.words[m.head].head == w.i
                and sent.words[m.head].deprel.split(":")[0] in ("appos", "conj")):
            # the same speaker described ("McConnell (R-Ky.)", "Holtz-Eakin, an economist and tax
            # expert", often parsed as a conjunct), or the description the rules' name stands in
            # apposition to ("a writer, Vann Newkirk"), or one of several: the rules' mention stays
            continue
        if _PARTY_TAG.match(parsed.text, w.start):
            continue  # "R-Ky.", "D-Calif.": a party and a state, nobody's name
        if w.xpos in ("WP", "WDT"):
            # a relative pronoun stands for the noun its clause hangs on ("Wonder, who joked ...");
            # without one it would be resolved like "he" to whoever came last, so it is no rival
            clause = w.head
            if clause < 0 or not sent.words[clause].deprel.startswith("acl") or sent.words[clause].head < 0:
                continue
            rel = source_mention(sent, clause, sent.words[clause].head, parsed.text)
            if rel.antecedent is None or rel.start != w.start:
                continue
            out.append(Candidate(w.i, rel, False))
            continue
        phrase = with_text(mention_for(sent, w.i), parsed.text)
        if q.cue_start is not None and phrase.start <= q.cue_start < phrase.end:
            continue
        out.append(Candidate(w.i, phrase, False))
    return sent, out


def _path_length(sent: Sentence, a: int, b: int) -> int:
    up_a, up_b = [a] + sent.ancestors(a), [b] + sent.ancestors(b)
    for k, x in enumerate(up_a):
        if x in up_b:
            return k + up_b.index(x)
    return 99


@dataclass
class Cue:
    """What the features read of a quote's cue word, worked out once for all its candidates."""

    word: int | None
    children: list[int]
    ancestors: list[int]
    subject: int | None


def cue_of(sent: Sentence, q: Quote) -> Cue:
    v = sent.word_at(q.cue_start) if q.cue_start is not None else None
    if v is None:
        return Cue(None, [], [], None)
    return Cue(v, sent.children(v), sent.ancestors(v), subject_of(sent, v))


def features(sent: Sentence, q: Quote, c: Candidate, n_candidates: int, rule: str, cue: Cue) -> dict[str, float]:
    """One candidate's features (one-hot strings and a few flags)."""
    f = {"bias": 1.0, "is_rule": float(c.chosen), f"rule={rule}|is_rule={c.chosen}": 1.0}
    if not 0 <= c.head < len(sent.words):
        f["nohead"] = 1.0
        return f
    w = sent.words[c.head]
    h = sent.words[w.head] if w.head >= 0 else None
    rel = w.deprel  # "nsubj:pass" is what was told, "obl:agent" who told it: kept apart
    case = next((sent.words[k].lemma.lower() for k in sent.children(c.head) if sent.words[k].deprel == "case"), "-")
    f.update({
        f"kind={c.mention.kind}": 1.0, f"upos={w.upos}": 1.0, f"xpos={w.xpos}": 1.0, f"rel={w.deprel}": 1.0,
        f"hrel={h.deprel if h else 'ROOT'}": 1.0, f"hupos={h.upos if h else 'ROOT'}": 1.0,
        f"ner={w.ner[2:] if len(w.ner) > 2 else w.ner}": 1.0, f"lemma={w.lemma.lower()}": 1.0,
        "time_or_place": float(is_time_or_place(sent, c.head)), "cap": float(w.text[:1].isupper()),
        f"ncand{bucket(n_candidates, (1, 2, 4, 8, 16))}": 1.0, "before_content": float(w.start < q.start),
        f"rule={rule}|rel={rel}": 1.0, f"case={case}": 1.0, f"case={case}|rel={rel}": 1.0,
    })
    v = cue.word
    if v is None:
        f["no_cue"] = 1.0
        return f
    kids, above = cue.children, cue.ancestors
    lo, hi = min(c.head, v), max(c.head, v)
    between = sent.words[lo + 1: hi]
    f.update({
        "subj_of_cue": float(c.head in kids and w.deprel.startswith("nsubj")),
        "child_of_cue": float(c.head in kids),
        "subj_of_anc": float(w.head in above and w.deprel.startswith("nsubj")),
        "anc_of_cue": float(c.head in above),
        "desc_of_cue": float(v in sent.ancestors(c.head)),
        f"path{bucket(_path_length(sent, c.head, v), (1, 2, 3, 4, 6))}": 1.0,
        "before_cue": float(c.head < v),
        f"dist{bucket(abs(c.head - v), (1, 2, 4, 8, 16))}": 1.0,
        "comma_between": float(any(x.text == "," for x in between)),
        "quote_between": float(any(x.text in _QUOTE_MARKS for x in between)),
        "subject_of_cue": float(cue.subject == c.head),
        f"cue_upos={sent.words[v].upos}": 1.0,
        f"cue={sent.words[v].lemma.lower()}|rel={rel}|before={c.head < v}": 1.0,
    })
    return f


@dataclass
class Weights:
    """The shipped model: feature names, one logistic head and the margin a rival must beat."""

    names: list[str]
    coef: np.ndarray
    bias: float
    margin: float

    index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.index = {n: i for i, n in enumerate(self.names)}  # built once, not per quote

    def probabilities(self, feats: list[dict[str, float]]) -> np.ndarray:
        x = feature_matrix(self.index, feats, len(self.names))
        return 1.0 / (1.0 + np.exp(-(x @ self.coef + self.bias)))


def weights_from(data: dict) -> Weights:
    return Weights(names=[str(n) for n in data["names"]], coef=np.asarray(data["coef"], np.float32),
                   bias=float(data["bias"]), margin=float(data["margin"]))


@lru_cache(maxsize=None)
def load_weights() -> Weights | None:
    """The shipped model, or None when the package has none (then the rules' speakers stand)."""
    data = packaged_arrays(MODEL_FILE)
    return weights_from(data) if data is not None else None


def card() -> dict:
    """The model card written by training (``models/speaker.json``), or {}."""
    return packaged_card(CARD_FILE)


def choose_speakers(parsed: Parsed, quotes: list[Quote], weights: Weights | None = None) -> None:
    """Give each quote the candidate speaker the model prefers to the rules' choice by more than
    its margin (in place)."""
    w = weights or load_weights()
    if w is None:
        return
    for q in quotes:
        sent, cands = candidates(parsed, q)
        if len(cands) < 2:
            continue
        cue, rule = cue_of(sent, q), rule_group(q.rule)
        p = w.probabilities([features(sent, q, c, len(cands), rule, cue) for c in cands])
        best = int(np.argmax(p))
        if best != 0 and p[best] - p[0] > w.margin:
            q.speaker = cands[best].mention
