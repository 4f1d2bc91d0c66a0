"""Pure extraction over a parse: quotation marks, cues and clauses in; :class:`Quote` objects out."""
from __future__ import annotations

import re
from dataclasses import replace

from ..nlp.doc import Parsed
from .choose import choose_speakers
from .cues import lexicon, noun_stance, verb_stance
from .direct import CONTINUATION_WORDS, attribute
from .frames import frame_quotes
from .kinds import DEFAULT_KINDS, cue_kind, quote_kind
from .learned import score_quotes
from .marks import Quoted, find_quotations
from .syntax import DAY_WORDS, is_date_word, mention_for, subject_for_date, with_text
from .reported import SIDE_LINKS, trim_content, cue_quotes, drop_link, textual_quotes
from .transcript import headline_quotes, title_case_headline_quotes, transcript_quotes
from ..types import LocalSpeaker, Mention, Quote

__all__ = [
    "extract_quotes",
    "find_quotations",
    "cue_quotes",
    "attribute",
    "lexicon",
    "verb_stance",
    "noun_stance",
    "Quote",
    "Mention",
    "LocalSpeaker",
    "Quoted",
]

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")


def _outside_words(text: str, a: int, b: int, regions: list[Quoted]) -> int:
    """How many words of text[a:b] lie outside the quotation marks of ``regions``."""
    chars = list(range(a, b))
    inside = set()
    for q in regions:
        inside.update(range(q.open_char, q.close_char))
    out = "".join(text[c] if c not in inside else " " for c in chars)
    words = [w for w in _WORD.findall(out) if w.lower() not in ("that", "and", "but", "as")]
    return len(words)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def extract_quotes(parsed: Parsed, frames: bool = True, learned: bool = True, choose: bool = True) -> list[Quote]:
    """All attributions in an article, in text order: direct, mixed and indirect. ``frames``
    adds the learned cue frames (``frames.py``) after the rules; ``choose`` lets the learned
    speaker choice (``choose.py``) replace a rule's speaker with a likelier mention of its
    sentence; ``learned`` lets the learned scorer (``learned.py``) drop what is not an
    attribution and set calibrated confidences."""
    text = parsed.text
    quoted = find_quotations(text)
    reported = cue_quotes(parsed)
    used = {q.cue_start for q in reported if q.cue_start is not None}
    covered = [(q.start, q.end) for q in reported]
    for t in textual_quotes(parsed, used):
        if not any(_overlap((t.start, t.end), c) > 0 for c in covered):
            reported.append(t)
    reported = _drop_sourceless_twins(_resolve_nesting(_one_per_cue(reported), parsed))
    consumed: set[int] = set()
    results: list[Quote] = []
    # a cue inside quotation marks is part of what was said, not an attribution of its own
    regions = [(q.open_char, q.close_char) for q in quoted]
    reported = [r for r in reported if not any(o < (r.cue_start or -1) < c for o, c in regions)]
    # "“Full panic mode,” said Leslie Wimes": quoted words are what was said, never the source of a
    # clause outside them (the parser made the quotation the subject and the speaker the content)
    reported = [r for r in reported if not _source_is_quoted(r, regions)]
    for r in reported:
        a, b = r.spans[0]
        inside = [k for k, q in enumerate(quoted) if _overlap((q.open_char, q.close_char), (a, b)) > 0]
        if inside and r.speaker is None:
            continue  # a quotation the cue could not source: the direct rules look at it
        if inside:
            regions = [quoted[k] for k in inside]
            if _outside_words(text, a, b, regions) <= 1:
                r.type = "direct"
                r.spans = [s for q in regions for s in q.spans]
                r.confidence = max(r.confidence, 0.8)
            else:
                r.type = "mixed"
                # a quotation that starts inside the clause but runs past it belongs to it
                last = max(q.close_char for q in regions)
                if last > b:
                    r.spans = [(a, last)]
            consumed.update(inside)
        elif len(r.spans) > 1:
            # "A, Mr. Obama said, are acts ... ''I can't breathe''": a quotation in a later part
            later = [k for k, q in enumerate(quoted) for s in r.spans[1:] if _overlap((q.open_char, q.close_char), s) > 0]
            if later:
                r.type = "mixed"
                consumed.update(later)
        results.append(r)
    headline = headline_quotes(parsed)
    if headline:
        # "Pat Caddell: Democrat Voters Worried About ...": the source and colon lead the headline;
        # what the clause rules made of its words gives way
        line_end = text.find("\n")
        line_end = len(text) if line_end < 0 else line_end
        results = [r for r in results if r.start >= line_end]
    for t in headline + title_case_headline_quotes(parsed):
        if not any(_overlap((t.start, t.end), (r.start, r.end)) > 0 for r in results):
            results.append(t)
            consumed.update(k for k, q in enumerate(quoted) if t.start <= q.open_char < t.end)
    for t in transcript_quotes(parsed):
        # a labelled transcript paragraph replaces whatever the clause rules found inside it
        results = [r for r in results if not (t.start <= r.start < t.end)]
        consumed.update(k for k, q in enumerate(quoted) if t.start <= q.open_char < t.end)
        results.append(t)
    rest = [q for k, q in enumerate(quoted) if k not in consumed]
    direct = attribute(parsed, rest)
    taken = [s for r in results for s in r.spans]
    for d in direct:
        if any(_overlap(s, t) > 0 for s in d.spans for t in taken):
            continue
        results.append(d)
    for q in results:
        _trim_spans(text, q)
    results.sort(key=lambda q: (q.start, q.end))
    results = _merge_continuations(text, _merge_shared_cue(results))
    if frames:
        for f in frame_quotes(parsed, results, quoted=quoted):
            inside = [q for q in quoted if _overlap((q.open_char, q.close_char), (f.start, f.end)) > 0]
            if inside:
                f.type = "direct" if _outside_words(text, f.start, f.end, inside) <= 1 else "mixed"
            _trim_spans(text, f)
            results.append(f)
        results.sort(key=lambda q: (q.start, q.end))
    for q in results:
        _no_date_speaker(parsed, q)
    if choose:
        choose_speakers(parsed, results)
    for q in results:
        q.kind = quote_kind(q)
    if learned:
        results = score_quotes(parsed, results)
    # "Twenty-seven states led by ...", "POLITICO's Battleground States average shows ...": the
    # tagger's verb "states" is the noun; no one states anything there
    results = [q for q in results if not _noun_states(parsed, q) and not _anonymity_request(parsed.text, q)]
    results = _one_per_span(results)
    for q in results:
        if q.kind in DEFAULT_KINDS and q.type == "indirect" and not _states_something(parsed, q):
            # "condemned the Orlando massacre", "added a goal and an assist": a noun phrase is what
            # the act was about, no proposition anybody stated (kept, as an act)
            q.kind = "act"
    return results


# "who asked not to be named", "asked that her name not be used", "who requested anonymity to
# discuss private matters": a source asking for anonymity says nothing about the story
_ANONYMITY = re.compile(r"\b(?:be|being)\s+(?:named|identified|quoted|used|published|disclosed|printed)\b", re.I)
_REQUEST_CUES = {"ask", "request", "insist", "demand", "seek", "grant"}


def _anonymity_request(text: str, q: Quote) -> bool:
    """Whether ``q`` is a source's request not to be named rather than something it said."""
    if (q.cue_lemma or "").lower() not in _REQUEST_CUES:
        return False
    content = " ".join(text[a:b] for a, b in q.spans)
    return bool(re.match(r"(?:for\s+)?anonymity\b", content.strip(), re.I)) or (
        len(content.split()) <= 8 and bool(_ANONYMITY.search(content))) or bool(
        re.match(r"(?:not\s+)?to\s+" + _ANONYMITY.pattern, content.strip(), re.I))  # "to be named because she feared ..."


def _one_per_span(quotes: list[Quote]) -> list[Quote]:
    """One attribution per stretch of text: of two rules that read the same spans ("The Journal
    notes that Coulter tweeted that ..."), the likelier stays."""
    best: dict[tuple, Quote] = {}
    for q in quotes:
        key = tuple(q.spans)
        if key not in best or q.confidence > best[key].confidence:
            best[key] = q
    keep = {id(q) for q in best.values()}
    return [q for q in quotes if id(q) in keep]


def _no_date_speaker(parsed: Parsed, q: Quote) -> None:
    """A day or a month the parser made the speaker gives way to the subject it was said of
    (``syntax.subject_for_date``), or to no speaker at all."""
    m = q.speaker
    if m is None or m.head < 0 or m.sentence_index >= len(parsed.sentences):
        return
    sent = parsed.sentences[m.sentence_index]
    if m.head >= len(sent.words) or not all(w in _DATE_MODIFIERS or w in DAY_WORDS for w in m.text.lower().split()):
        return  # only a mention that is nothing but a date: "Monday", "late Thursday"
    if not is_date_word(sent.words[m.head]):
        return
    s = subject_for_date(sent, m.head)
    if s is not None and any(a <= sent.words[s].start < b for a, b in q.spans):
        s = None  # never a speaker inside what was said
    q.speaker = with_text(mention_for(sent, s), parsed.text) if s is not None else None


_DATE_MODIFIERS = {"on", "late", "early", "last", "this", "next"}


def _noun_states(parsed: Parsed, q: Quote) -> bool:
    """Whether a quote's cue "states" is the plural noun: written "States" or "STATES" inside a
    sentence (a name: "United States", "Battleground States"), or after a word that cannot end its
    subject (a number, an adjective, a determiner, a verb, a preposition, a hyphen:
    "Twenty-seven states", "Most states", "key states", "nation-states"), or before a verb ("the
    interests of member states trump everything")."""
    if q.cue_start is None or q.type != "indirect":
        return False  # a quotation is one whatever its cue
    for sent in parsed.sentences:
        for k, w in enumerate(sent.words):
            if w.start != q.cue_start:
                continue
            if w.text.lower() != "states":
                return False
            if w.text != "states":
                return k > 0
            before = sent.words[k - 1] if k > 0 else None
            after = sent.words[k + 1] if k + 1 < len(sent.words) else None
            return before is not None and (before.upos in ("NUM", "ADJ", "DET", "VERB", "ADP") or before.text == "-") \
                or after is not None and after.upos in ("VERB", "AUX")  # "member states trump everything"
    return False


def _source_is_quoted(q: Quote, regions: list[tuple[int, int]]) -> bool:
    """Whether a clause's source lies inside quotation marks that do not also hold its content."""
    if q.speaker is None:
        return False
    for o, c in regions:
        if o <= q.speaker.start and q.speaker.end <= c:
            return not all(o <= a and b <= c for a, b in q.spans)
    return False


def _states_something(parsed: Parsed, q: Quote) -> bool:
    """Whether an attribution's content is a clause: one of its top words (those whose head lies
    outside it) is a verb, a predicate with its own subject or copula ("that she is a liar"), or
    a noun with a clause of its own ("the notion that Democrats could pull away"). A noun phrase
    names a topic, even with a verb inside a relative or participle clause ("his tweets attempting
    to shame", "drones that could supplement"). After a plain verb of saying ("said", "told") a
    noun-phrase reading is more often a misparse than a topic: there any verb inside will do."""
    plain = (q.cue_lemma or "").lower() in _PLAIN_SAYING
    if plain and q.rule == "textual" and q.cue_start is not None and q.end <= q.cue_start:
        return True  # "Sales rose 4 percent ..., the company said": the pattern, whatever the tags
    for sent in parsed.sentences:
        if not sent.words or not any(a < sent.words[-1].end and sent.words[0].start < b for a, b in q.spans):
            continue  # only the sentences the content lies in
        inside = {w.i for w in sent.words if any(a <= w.start < b for a, b in q.spans)}
        kids: dict[int, list] = {}
        for w in sent.words:
            kids.setdefault(w.head, []).append(w)
        # "defended his plan to cut taxes": the parser hangs the infinitive on the verb, not on
        # the noun it belongs to; after an object noun in the content it is the noun's (but a
        # request's infinitive is what was asked: "urged the industry to do more")
        has_object = q.stance != "request" and any(w.i in inside and w.head not in inside and w.rel == "obj" and w.upos in ("NOUN", "PROPN")
                         for w in sent.words)
        for w in sent.words:
            if w.i not in inside:
                continue
            if plain and w.upos in ("VERB", "AUX"):
                return True
            if w.head in inside:
                continue
            if w.upos in ("VERB", "AUX") and not (has_object and w.rel == "advcl" and any(
                    m.rel == "mark" and m.lemma.lower() == "to" for m in kids.get(w.i, []))):
                return True
            mine = [k for k in kids.get(w.i, []) if k.i in inside]
            if any(k.rel in _PREDICATE_DEPS for k in mine):
                return True
            if any(k.rel == "acl" and any(m.rel == "mark" and m.lemma.lower() in _CLAUSE_MARKS for m in kids.get(k.i, []))
                   for k in mine):
                return True
    return False


_PREDICATE_DEPS = ("nsubj", "csubj", "cop", "expl")
_CLAUSE_MARKS = {"that", "whether", "if"}  # "the notion that ...", not "a proposal to ban ..."
_PLAIN_SAYING = {"say", "tell", "add", "state", "write", "tweet", "explain", "note", "declare", "insist", "argue",
                 "claim", "according to"}


def _merge_continuations(text: str, quotes: list[Quote]) -> list[Quote]:
    """``"A," X said. "B."``: a cue-less quotation right after a direct quote whose cue follows
    it, in the same paragraph, continues the same utterance (one quote, two spans), whichever
    rule read the first one."""
    out: list[Quote] = []
    for q in quotes:
        prev = out[-1] if out else None
        if (prev is not None and q.rule == "continuation" and q.speaker is None and prev.type == "direct"
                and prev.cue_start is not None and prev.end <= prev.cue_start < q.start
                and "\n" not in text[prev.end : q.start] and len(text[prev.end : q.start].split()) <= CONTINUATION_WORDS):
            prev.spans = prev.spans + q.spans
            continue
        out.append(q)
    return out


def _merge_shared_cue(quotes: list[Quote]) -> list[Quote]:
    """``"A," she said, "B."``: two direct quotations hanging on one cue are one quote."""
    out: list[Quote] = []
    for q in quotes:
        prev = out[-1] if out else None
        if (prev is not None and q.type == prev.type == "direct" and q.cue_start is not None
                and q.cue_start == prev.cue_start and prev.end <= q.start):
            prev.spans = prev.spans + q.spans
            prev.rule = "interrupted"
            continue
        out.append(q)
    return out


def _drop_sourceless_twins(quotes: list[Quote]) -> list[Quote]:
    """``X said in a statement that ...``: the verb and the noun both read the clause; keep the
    reading that has a source."""
    out = []
    for q in quotes:
        if q.speaker is None and any(
                o is not q and o.speaker is not None and _overlap((q.start, q.end), (o.start, o.end)) >= 0.8 * (q.end - q.start)
                for o in quotes):
            continue
        out.append(q)
    return out


def _one_per_cue(quotes: list[Quote]) -> list[Quote]:
    """Two rules reading the same cue give one quote: the one that knows its intermediary."""
    best: dict[int | None, Quote] = {}
    out: list[Quote] = []
    for q in quotes:
        if q.cue_start is None:
            out.append(q)
            continue
        other = best.get(q.cue_start)
        if other is None or (q.via and not other.via):
            best[q.cue_start] = q
    return out + list(best.values())


def _side_clause(parsed: Parsed, outer: Quote, inner: Quote) -> bool:
    """True when ``inner``'s cue hangs on ``outer``'s cue as a side clause of its own
    (``X said A, though she acknowledged B``, ``X said A and warned B``), not inside the reported
    clause (``X said she thinks B``)."""
    if outer.cue_start is None or inner.cue_start is None:
        return False
    if outer.sentence_index != inner.sentence_index:
        return False
    sent = parsed.sentences[outer.sentence_index]
    o, k = sent.word_at(outer.cue_start), sent.word_at(inner.cue_start)
    if o is None or k is None or k <= o:
        return False
    own_subject = any(sent.words[c].deprel.startswith("nsubj") for c in sent.children(k))
    kw = sent.words[k]
    if kw.xpos == "VBG" and kw.rel == "advcl" and not own_subject and k >= 1 and sent.words[k - 1].text == ",":
        return True  # "X said A, arguing that B": a participle set off by a comma adds a claim of its own
    if own_subject and sent.words[k].deprel.split(":")[0] in ("conj", "advcl") and any(
            sent.words[c].deprel in ("cc", "mark") and sent.words[c].lemma.lower() in SIDE_LINKS for c in sent.children(k)):
        return True  # "..., but he said B", "..., though she noted B", wherever the parser hung it
    prev = k
    for j in sent.ancestors(k):
        if j == o:
            rel = sent.words[prev].deprel.split(":")[0]
            return rel == "advcl" or (rel == "conj" and own_subject)
        prev = j
    return False


def _participle(parsed: Parsed, q: Quote) -> bool:
    """Whether ``q``'s cue word is a participle with no subject of its own ("..., saying B")."""
    sent = parsed.sentences[q.sentence_index]
    k = sent.word_at(q.cue_start) if q.cue_start is not None else None
    return k is not None and sent.words[k].xpos == "VBG" and not any(
        sent.words[c].deprel.startswith("nsubj") for c in sent.children(k))


def _resolve_nesting(quotes: list[Quote], parsed: Parsed) -> list[Quote]:
    """One attribution per stretch of text. ``According to the State Department, Mr. Blinken told
    ...`` gives the quote to the inner source (the outer one becomes its intermediary); a report
    inside another source's words (``X said she thinks ...``) stays part of the outer quote; and
    ``X said A, adding that B`` splits the content at the second cue."""
    quotes = sorted(quotes, key=lambda q: (q.start, -(q.end - q.start)))
    drop: set[int] = set()
    for i, outer in enumerate(quotes):
        if i in drop:
            continue
        for j, inner in enumerate(quotes):
            if i == j or j in drop:
                continue
            a, b = outer.spans[0]
            if inner.cue_start is None or not (a <= inner.cue_start < b):
                continue
            sp = inner.speaker
            inside = sp is not None and a <= sp.start < b
            # "According to X, ...", "..., as reported by X": X is an intermediary of the inner source
            if inside and sp.kind != "pronoun" and (
                    outer.cue_lemma in ("according to", "quote") and not inner.rule.endswith(("object", "xcomp"))
                    or outer.rule == "verb-as"):
                inner.via = [m for m in [outer.speaker, *outer.via, *inner.via] if m is not None]
                inner.via_cues = [outer.cue or "", *outer.via_cues, *inner.via_cues]
                if outer.rule == "verb-as":
                    # the inner content ends where the outer content does, before ", as reported by X"
                    inner.spans = [(x, min(y, b)) for x, y in inner.spans if x < b] or inner.spans
                drop.add(i)
                break
            if sp is None or (inside and not _side_clause(parsed, outer, inner)):
                drop.add(j)  # nested inside the outer source's words
                continue
            # the same or another source outside the outer content: the outer clause ends here
            cut = inner.cue_start
            participle = inside and _participle(parsed, inner)
            if participle and outer.speaker is not None and cue_kind(inner.cue_lemma, inner.stance) == "speech":
                # "X denied A, saying B": the participle's speaker is X, whatever word of A the
                # parser hung it on; A ends at the participle
                inner.speaker = replace(outer.speaker)
            elif sp.start > a and not participle:
                cut = min(cut, sp.start)  # "X said A, but he said B"
            if cut - a > 10:
                outer.spans = [(a, drop_link(parsed.text, a, cut))]
            else:
                drop.add(j)
    return [q for k, q in enumerate(quotes) if k not in drop]


def _trim_spans(text: str, q: Quote) -> None:
    """Edge punctuation and whitespace off every span (the same trimming as reported clauses)."""
    spans = [t for t in (trim_content(text, a, b) for a, b in q.spans) if t[1] > t[0]]
    q.spans = spans or q.spans
