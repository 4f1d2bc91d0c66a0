"""Direct quotes: text in quotation marks and the speaker that the words around it name.

Patterns: ``"Q," X said`` · ``"Q," said X`` · ``X said: "Q"`` · ``X said "Q"`` · ``X told Y "Q"`` ·
``"Q," X told Y`` · ``"A," she said, "B."`` (one quote, two spans) · ``"Q" — X`` · a lead-in ending
in a colon (``And from Chairwoman X:``) · continuation (``He added:`` or no cue at all: the current
speaker). Scare quotes and titles in quotation marks are not quotes.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ..nlp.doc import Parsed, Sentence, Word
from .cues import cue_lemma, verb_stance
from .marks import Quoted
from .reported import TELLING_VERBS, addressee_of, subject_before
from .syntax import is_time_or_place, is_negated, mention_for, named_subject, subject_of, with_text
from ..types import Mention, Quote

_END = {".", "!", "?"}
# how far (in words, within one paragraph) a cue-less quotation still continues the previous one
CONTINUATION_WORDS = 60
# inflected speech verbs that are cues whatever the tagger says (it sometimes calls "asks" a noun)
SPEECH_FORMS = {"said", "says", "asked", "asks", "added", "adds", "told", "tells", "wrote", "writes",
                "continued", "continues", "explained", "explains", "noted", "notes", "argued", "argues",
                "insisted", "insists", "claimed", "claims", "stated", "states", "recalled", "recalls",
                "declared", "declares", "replied", "replies", "responded", "responds", "tweeted", "tweets",
                "warned", "warns", "quipped", "concluded", "remarked", "acknowledged", "admitted"}
MAX_FRAME_WORDS = 14
# a source with a long apposition between the quotation and its cue
LONG_FRAME_WORDS = 45


class WordIndex:
    """All words of a parse in text order, for looking up the words around a quotation."""

    def __init__(self, parsed: Parsed):
        self.items: list[tuple[Sentence, Word]] = [(s, w) for s in parsed.sentences for w in s.words]
        self.starts = [w.start for _, w in self.items]
        self.text = parsed.text

    def between(self, a: int, b: int) -> list[tuple[Sentence, Word]]:
        return self.items[bisect_left(self.starts, a) : bisect_left(self.starts, b)]

    def after(self, a: int, limit: int, max_words: int = MAX_FRAME_WORDS) -> list[tuple[Sentence, Word]]:
        """Words after ``a`` up to the end of the clause: a sentence end, a new quotation or a
        paragraph break (at most ``max_words``)."""
        out = []
        nl = self.text.find("\n", a)
        stop = nl if nl >= 0 else len(self.text)
        for s, w in self.items[bisect_left(self.starts, a) :]:
            if w.start >= stop or w.start >= limit:
                break
            out.append((s, w))
            if (w.text in _END and _ends_sentence(s, w)) or len(out) >= max_words:
                break
        return out

    def before(self, b: int, limit: int) -> list[tuple[Sentence, Word]]:
        """Words before ``b`` back to a sentence end, a previous quotation or a paragraph break."""
        out = []
        nl = self.text.rfind("\n", 0, b)
        stop = max(nl, limit)
        for s, w in reversed(self.items[: bisect_right(self.starts, b - 1)]):
            if w.end > b:
                continue
            if w.start <= stop:
                break
            if w.text in _END and w.end <= b and _ends_sentence(s, w):
                break
            out.append((s, w))
            if len(out) >= 3 * MAX_FRAME_WORDS:
                break
        return list(reversed(out))


def _ends_sentence(s: Sentence, w: Word) -> bool:
    """A full stop that ends its sentence, not the one of "(D-Wis.)" or "Rep." inside it."""
    return w.i >= len(s.words) - 1 or all(x.upos == "PUNCT" for x in s.words[w.i + 1 :])


def _cue_in(frame: list[tuple[Sentence, Word]], prefer_last: bool) -> tuple[Sentence, Word] | None:
    cands = [(s, w) for s, w in frame
             if ((w.upos == "VERB" and verb_stance(cue_lemma(w))) or (w.text.lower() in SPEECH_FORMS and w.upos != "PROPN"))
             and not is_negated(s, w.i)]  # not the "States" of "United States"
    if not cands:
        return None
    return cands[-1] if prefer_last else cands[0]


def _speaker_near_cue(s: Sentence, w: Word, frame: list[tuple[Sentence, Word]], text: str, q: Quoted) -> Mention | None:
    subj = subject_of(s, w.i)
    if subj is None and w.start < q.open_char:
        subj = subject_before(s, w.i)  # 'Gov. John Kasich (R-OH), said, "..."': the parser lost the subject
    if subj is not None and not any(c.isalnum() for c in s.words[subj].text):
        subj = None  # a quotation mark the tagger took for a noun
    if subj is not None and s.words[subj].end <= q.open_char < w.start and w.i + 1 < len(s.words) \
            and s.words[w.i + 1].upos == "PROPN":
        subj = None  # '... are "Q," says Paul Rieckhoff': the name after the cue, not the clause's subject
    if subj is not None and q.start <= s.words[subj].start < q.end and w.head >= 0 \
            and w.deprel.split(":")[0] in ("advcl", "conj", "xcomp"):
        # the parser gave the cue a subject inside the quotation ("..., telling reporters, "Neither
        # Speaker Ryan nor ..."): the clause it hangs on has the speaker
        subj = subject_of(s, w.head)
    if subj is not None:
        sw = s.words[subj]
        if not (q.start <= sw.start < q.end):
            return with_text(mention_for(s, subj, limit=(0, q.open_char) if sw.end <= q.open_char else (q.close_char, len(text))), text)
    # no subject arc (often a sentence split inside "Rep. X (D-Wis.) said"): a name between the
    # quotation and the cue, else the nominal right after the cue ("said X"), never a date
    names = [(s2, w2) for s2, w2 in frame
             if q.close_char <= w2.start < w.start and w2.upos == "PROPN" and not is_time_or_place(s2, w2.i)
             and not _in_parens(text, q.close_char, w2.start)]
    if names:
        # the last word of the first run of names: "Rep. Gwen Moore (D-Wis.)" -> Moore
        k = 0
        while k + 1 < len(names) and not text[names[k][1].end : names[k + 1][1].start].strip(" ."):
            k += 1
        s2, w2 = names[k]
        return with_text(mention_for(s2, named_subject(s2, _name_head(s2, w2.i))), text)
    if cue_lemma(w) in TELLING_VERBS:
        return None  # "..., telling Reuters: "Q"": the one told, never the teller
    for s2, w2 in frame:
        if (w2.start > w.start and w2.upos in ("PROPN", "NOUN", "PRON") and s2 is s and any(c.isalnum() for c in w2.text)
                and not is_time_or_place(s, w2.i)):
            return with_text(mention_for(s, _name_head(s, w2.i)), text)
    return None


def _in_parens(text: str, a: int, b: int) -> bool:
    seg = text[a:b]
    return seg.count("(") > seg.count(")")


def _name_head(s: Sentence, i: int, into_propn_only: bool = False) -> int:
    """Climb from a word of a name (compound/flat) to the head of the whole name."""
    while s.words[i].deprel.split(":")[0] in ("compound", "flat") and s.words[i].head >= 0:
        if into_propn_only and s.words[s.words[i].head].upos != "PROPN":
            break
        i = s.words[i].head
    return i


def _looks_like_speech(text: str, a: int, b: int) -> bool:
    """A quotation that could stand as a sentence (vs. a scare quote or a title)."""
    content = text[a:b].strip()
    words = content.split()
    if len(words) >= 8:
        return True
    if len(words) >= 4 and (content[-1:] in ".,!?…" or content[:1].isupper()):
        return True
    return False


DASHES = ("—", "–", "-", "--", "―")


def _name_after_dash(frame: list[tuple[Sentence, Word]], text: str, close: int) -> Mention | None:
    """``"Q" — X``: a name signed after a dash (the dash may be glued to the closing mark)."""
    if not frame:
        return None
    gap = text[close : frame[0][1].start]
    if frame[0][1].text in DASHES:
        dash_end, names = frame[0][1].end, frame[1:4]
    elif gap.strip() and all(c in "".join(DASHES) or c.isspace() for c in gap):
        dash_end, names = frame[0][1].start, frame[:3]  # "”―" read as one token
    else:
        return None
    for s, w in names:
        if w.upos in ("PROPN", "NOUN"):
            m = mention_for(s, _name_head(s, w.i), limit=(dash_end, len(text)))
            m.start = max(m.start, dash_end)
            while m.start < m.end and not text[m.start].isalnum():
                m.start += 1
            return with_text(m, text)
    return None


def _lead_in(idx: WordIndex, q: Quoted, text: str) -> Mention | None:
    """``And from Chairwoman X:`` on the line (or sentence) just before the quotation."""
    before = text[: q.open_char].rstrip()
    if not before.endswith(":"):
        return None
    frame = idx.before(len(before), -1)
    cue = _cue_in(frame, prefer_last=True)
    if cue is not None:
        m = _speaker_near_cue(cue[0], cue[1], frame, text, q)
        if m is not None:
            return m
    names = [(s, w) for s, w in frame if w.upos == "PROPN" or w.ner.endswith("PER")]
    if not names:
        # "The piece used one of the woman's quotes as its headline: ...": the clause's subject
        if frame:
            s = frame[-1][0]
            ids = {w.i for t, w in frame if t is s}
            root = next((w.i for w in s.words if w.head < 0), None)
            subj = subject_of(s, root) if root is not None and root in ids else None
            if subj is not None and subj in ids and s.words[subj].upos in ("NOUN", "PRON") \
                    and s.words[subj].lemma.lower() not in ("it", "this", "that", "there", "which", "what"):
                return with_text(mention_for(s, subj), text)
        return None
    s, w = names[-1]
    return with_text(mention_for(s, _name_head(s, w.i, into_propn_only=True)), text)


def attribute(parsed: Parsed, quoted: list[Quoted]) -> list[Quote]:
    """Attribute quotations that no reported-speech cue already covers. Returns quotes in order,
    merging interrupted ones and marking continuations (speaker ``None``, rule ``continuation``)."""
    text = parsed.text
    idx = WordIndex(parsed)
    out: list[Quote] = []
    i = 0
    while i < len(quoted):
        q = quoted[i]
        nxt = quoted[i + 1] if i + 1 < len(quoted) else None
        prev_close = quoted[i - 1].close_char if i > 0 else -1
        after = idx.after(q.close_char, nxt.open_char if nxt else len(text))
        before = idx.before(q.open_char, prev_close)
        s_at = parsed.sentence_at(q.start)
        sent_index = s_at.index if s_at else 0
        quote: Quote | None = None
        # interrupted quotation: "A," she said, "B."
        if nxt and after and text[q.close_char : nxt.open_char].strip().endswith(",") and "\n" not in text[q.close_char : nxt.open_char]:
            cue = _cue_in(after, prefer_last=False)
            if cue and len(after) <= 10:
                s, w = cue
                quote = _make(q, s, w, _speaker_near_cue(s, w, after, text, q), sent_index, text, "interrupted")
                quote.spans = q.spans + nxt.spans
                i += 1
        if quote is None and after:
            cue = _cue_in(after, prefer_last=False)
            if cue and (cue[1].start - q.close_char) < 80 and _fits_after(text, q, cue[1]) and not _in_phrase(text, q) \
                    and not _title(idx, text, q):
                s, w = cue
                quote = _make(q, s, w, _speaker_near_cue(s, w, after, text, q), sent_index, text, "cue-after")
        if quote is None and after and not _cue_in(after, prefer_last=False):
            # "Q," Leonard E. Burman, director of the ... Center and a professor at ..., said
            longer = idx.after(q.close_char, nxt.open_char if nxt else len(text), max_words=LONG_FRAME_WORDS)
            cue = _cue_in(longer, prefer_last=False)
            if cue and _apposition_between(text, q, *cue) and not _title(idx, text, q):
                s, w = cue
                quote = _make(q, s, w, _speaker_near_cue(s, w, longer, text, q), sent_index, text, "cue-after")
        if quote is None and before:
            cue = _cue_in(before, prefer_last=True)
            if cue and (q.open_char - cue[1].end) < 120 and _fits_before(text, q, cue[1]) and not _title(idx, text, q):
                s, w = cue
                quote = _make(q, s, w, _speaker_near_cue(s, w, before, text, q), sent_index, text, "cue-before")
        if quote is None:
            m = _name_after_dash(after, text, q.close_char)
            if m:
                quote = Quote(type="direct", spans=list(q.spans), sentence_index=sent_index, speaker=m, confidence=0.6, rule="dash")
        if quote is None and _looks_like_speech(text, q.start, q.end):
            m = _lead_in(idx, q, text)
            if m:
                quote = Quote(type="direct", spans=list(q.spans), sentence_index=sent_index, speaker=m, confidence=0.55, rule="lead-in")
            elif not _inside_sentence(text, q) and not _subhead(text, q):
                quote = Quote(type="direct", spans=list(q.spans), sentence_index=sent_index, confidence=0.4, rule="continuation")
        if quote is not None and quote.rule == "cue-after" and s_at is not None:
            _lead_in_clause(text, s_at, q, quote)
        if quote is not None:
            prev = out[-1] if out else None
            if (quote.rule == "continuation" and prev is not None and prev.rule in ("cue-after", "interrupted")
                    and "\n" not in text[prev.end : quote.start]
                    and len(text[prev.end : quote.start].split()) <= CONTINUATION_WORDS):
                # "A," said X. "B."  -> one quote, two spans
                prev.spans = prev.spans + quote.spans
                prev.rule = "interrupted"
            else:
                out.append(quote)
        i += 1
    return _join_forward(out, text)


def _lead_in_clause(text: str, sent: Sentence, q: Quoted, quote: Quote) -> None:
    """``However laudable the goal, using the tax ''is a misguided approach,'' said Mr. Burman``:
    the writer's words that open the sentence belong to the quote, which is then mixed."""
    a = sent.start
    lead = text[a : q.open_char]
    if len(lead.split()) < 3 or "\n" in lead or lead.rstrip().endswith(":") or any(c in lead for c in "\"“”«»") \
            or "''" in lead or "``" in lead:
        return
    quote.spans = [(a, q.close_char)]
    quote.type = "mixed"


def _join_forward(quotes: list[Quote], text: str) -> list[Quote]:
    """``"A." "B," X said.``: a quotation with no cue, right before one whose cue follows it,
    is the start of the same utterance."""
    out: list[Quote] = []
    for k, q in enumerate(quotes):
        nxt = quotes[k + 1] if k + 1 < len(quotes) else None
        if (q.rule == "continuation" and nxt is not None and nxt.rule in ("cue-after", "interrupted")
                and not text[q.end : nxt.start].strip(" \t\"“”'‘’.,!?")):
            nxt.spans = q.spans + nxt.spans
            continue
        out.append(q)
    return out


def _fits_after(text: str, q: Quoted, cue: Word) -> bool:
    """``"Q," X said``: the quotation ends its clause and only the source stands between."""
    gap = text[q.close_char : cue.start]
    content = text[q.start : q.end].rstrip()
    if len(gap.split()) > 12 or (len(gap.split()) > 7 and content[-1:] != ","):
        return False  # "Q," Scott Pruitt, the attorney general of Oklahoma, said: an apposition may sit between
    return content[-1:] in ",!?…" or gap.strip().startswith(",") or _looks_like_speech(text, q.start, q.end)


def _apposition_between(text: str, q: Quoted, s: Sentence, w: Word) -> bool:
    """``"Q," Name, a long apposition, said``: the quotation ends with a comma (or ! ?), a name
    opens the gap, a comma or bracket closes it, and the cue's subject lies in it."""
    gap = text[q.close_char : w.start]
    content = text[q.start : q.end].rstrip()
    if content[-1:] not in ",!?…" or "\n" in gap:
        return False
    words = gap.strip(" ,").split()
    if not words or not words[0][:1].isupper() or not gap.rstrip().endswith((",", ")")):
        return False
    subj = subject_of(s, w.i)
    if subj is None:  # the parser lost the subject: the gap opens with a name
        first = next((x for x in s.words if x.start >= q.close_char and x.text.strip(",")), None)
        return first is not None and first.upos == "PROPN"
    return q.close_char <= s.words[subj].start < w.start


def _fits_before(text: str, q: Quoted, cue: Word) -> bool:
    """``X said: "Q"`` / ``X told Y "Q"``: nothing but a colon, comma, "that" or the addressee
    between the cue and the quotation; a fragment deeper in the clause is a scare quote."""
    gap = text[cue.end : q.open_char].strip()
    if not gap or gap.endswith((":", ",")) or gap.lower() == "that":
        return _looks_like_speech(text, q.start, q.end) or gap.endswith(":") or not gap
    if len(gap.split()) <= 3 and _looks_like_speech(text, q.start, q.end):
        return True
    return False


def _in_phrase(text: str, q: Quoted) -> bool:
    """A short quotation after a possessive (``on ABC's "This Week," Carson admitted``,
    ``Iowa's "silver standard," she says``): the name of a show or somebody's epithet inside
    the clause, not what the cue after it reports."""
    before = text[: q.open_char].rstrip(" \t")
    return before.endswith(("'s", "’s", "s'", "s’")) and not _looks_like_speech(text, q.start, q.end)


_MINOR = frozenset("a an the and or of to in on at by for with from as vs nor but".split())


def _title(idx: "WordIndex", text: str, q: Quoted) -> bool:
    """A quotation inside running prose in title case with no verb (``on ABC's "This Week,"``,
    ``his book "A Time for Truth,"``, ``the film "Guardians of the Galaxy"``): the name of a work,
    a show or a slogan, not speech. An exclamation or a question stays speech ("What a Super
    Tuesday!", "Grizzly Adams?")."""
    content = text[q.start : q.end].strip().rstrip(",.;:")
    if not content or content[-1:] in "!?" or content.isupper() or not _inside_sentence(text, q):
        return False
    words = re.findall(r"[A-Za-z][\w'’-]*", content)
    if not 2 <= len(words) <= 8 or any(not w[0].isupper() for w in words if w.lower() not in _MINOR):
        return False
    return not any(w.upos in ("VERB", "AUX") for _, w in idx.between(q.start, q.end))


def _subhead(text: str, q: Quoted) -> bool:
    """A short title-case quotation standing alone on its line (``'All Bets Are Off.'``): a
    section heading in quotation marks, not speech."""
    line_start = text.rfind("\n", 0, q.open_char) + 1
    line_end = text.find("\n", q.close_char)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start : q.open_char].strip() or text[q.close_char : line_end].strip(" .\t"):
        return False
    words = re.findall(r"[A-Za-z][\w'’-]*", text[q.start : q.end])
    long = [w for w in words if len(w) >= 4]
    return 0 < len(words) <= 8 and bool(long) and all(w[0].isupper() for w in long)


def _inside_sentence(text: str, q: Quoted) -> bool:
    """True when the quotation sits inside running prose (a word just before it that is not a
    sentence end or a colon): then it is a scare quote or a title, not speech."""
    before = text[max(0, q.open_char - 3) : q.open_char].rstrip()
    if not before or before[-1] in ".:!?\n—–-(" or q.open_char == 0:
        return False
    line_start = text.rfind("\n", 0, q.open_char) + 1
    if not text[line_start : q.open_char].strip():
        return False
    return True


def _make(q: Quoted, s: Sentence, w: Word, speaker: Mention | None, sent_index: int, text: str, rule: str) -> Quote:
    lemma = cue_lemma(w)
    return Quote(
        type="direct",
        spans=list(q.spans),
        sentence_index=sent_index,
        cue=w.text,
        cue_lemma=lemma,
        cue_start=w.start,
        cue_end=w.end,
        stance=verb_stance(lemma),
        speaker=speaker,
        addressee=addressee_of(s, w.i, text),
        confidence=0.85 if speaker else 0.5,
        rule=rule,
    )


_WS = re.compile(r"\s+")
