"""In-article speaker resolution (identity inside one article): every speaker, addressee and intermediary mention becomes one
of the article's :class:`LocalSpeaker` objects.

Pronouns go to the salient antecedent (the previous source if it agrees, else the nearest
person); ``the Secretary of State`` to the person who holds that role in the article; surnames
and ``Mr. X`` to the full name; organisations, media and documents keep their names; anonymous
sources stay as written.
"""
from __future__ import annotations

import re

from ..types import LocalSpeaker, Mention, Quote
from ..nlp.doc import Parsed, Sentence
from ..extract.syntax import mention_for
from .names import first_name_gender, wordlist

__all__ = ["resolve_speakers", "strip_title", "split_name_role"]

MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
PLURAL = {"they", "them", "their", "themselves"}
NEUTER = {"it", "its", "itself"}
_CORE_TITLES = {"president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "senator",
                "sen.", "rep.", "gov.", "governor", "mayor", "chairman", "chairwoman", "director", "ambassador",
                "envoy", "king", "queen", "prince", "judge", "general", "gen.", "chief", "leader", "adviser",
                "advisor", "official", "ceo", "head", "deputy", "commander", "speaker", "representative"}
_NOT_NAMES = {"nor", "but", "and", "or", "so", "yet", "the", "he", "she", "they", "it", "we", "i", "you",
              "mr.", "mrs.", "ms.", "dr."}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame", "mx", "mx."}


def title_words() -> frozenset[str]:
    return wordlist("titles")


def media_names() -> frozenset[str]:
    return wordlist("media")


def org_words() -> frozenset[str]:
    return wordlist("org_words")


_TOKEN = re.compile(r"\S+")


def split_name_role(text: str) -> tuple[str, str]:
    """Split ``U.S. Secretary of State Tony Blinken`` into (``Tony Blinken``, ``U.S. Secretary of State``):
    the name is the trailing run of capitalised words that are not title words."""
    toks = text.split()
    titles = title_words()
    i = len(toks)
    while i > 0:
        t = toks[i - 1]
        low = t.lower().strip(",.")
        if not t[:1].isupper() or low in titles or t.lower() in HONORIFICS or low in ("of", "the"):
            break
        i -= 1
    name = " ".join(toks[i:])
    role = " ".join(toks[:i])
    role = re.sub(r"^(the|a|an)\s+", "", role, flags=re.I).strip(" ,")
    if role.lower().rstrip(".") in {h.rstrip(".") for h in HONORIFICS}:
        role = ""
    return name, role


def strip_title(text: str) -> str:
    return split_name_role(text)[0] or text


def _surname(name: str) -> str:
    toks = [t for t in name.split() if t.lower() not in ("jr.", "jr", "sr.", "sr", "ii", "iii")]
    return toks[-1].lower().strip(".,") if toks else ""


class _Article:
    def __init__(self, parsed: Parsed):
        self.parsed = parsed
        self.text = parsed.text
        self.speakers: list[LocalSpeaker] = []
        self.keys: dict[tuple[str, str], int] = {}
        self.persons_by_pos: list[tuple[int, int]] = []  # (char, speaker index) of every person entity
        self._scan_entities()

    def add(self, name: str, kind: str, role: str = "", alias: str = "", gender: str | None = None) -> int:
        name = " ".join(name.split())
        key = (kind if kind != "media" else "organization", name.lower())
        if kind == "person":
            # merge with a person sharing the surname: keep the fullest name
            sur = _surname(name)
            for (k, n), idx in list(self.keys.items()):
                if k == "person" and _surname(n) == sur and sur:
                    sp = self.speakers[idx]
                    if len(name) > len(sp.name) and (name.split()[0] != sp.name.split()[0] or True):
                        if sp.name not in sp.aliases:
                            sp.aliases.append(sp.name)
                        sp.name = name
                        self.keys[("person", name.lower())] = idx
                    key = (k, n)
                    break
        idx = self.keys.get(key)
        if idx is None:
            idx = len(self.speakers)
            self.speakers.append(LocalSpeaker(name=name, kind=kind))
            self.keys[key] = idx
        sp = self.speakers[idx]
        if role and role not in sp.roles:
            sp.roles.append(role)
        if alias and alias != sp.name and alias not in sp.aliases:
            sp.aliases.append(alias)
        if gender and not sp.gender:
            sp.gender = gender
        return idx

    def _scan_entities(self) -> None:
        per_surnames = {_surname(e.text) for s in self.parsed.sentences for e in s.entities if e.type == "PER"}
        for sent in self.parsed.sentences:
            for ent in sent.entities:
                if ent.type != "PER":
                    # "U.S. Secretary of State Antony Blinken" tagged as one ORG: a title and a
                    # known person's name inside it make it that person
                    name, _ = split_name_role(ent.text)
                    if ent.type == "ORG" and len(name.split()) >= 2 and _surname(name) in per_surnames and not (
                            set(name.lower().split()) & org_words()):
                        off = ent.text.rfind(name)
                        start = ent.start + off
                        role = self._prefix_role(sent, start)
                        idx = self.add(name, "person", role=role, gender=first_name_gender(name))
                        self.persons_by_pos.append((start, idx))
                    continue
                head = sent.word_at(ent.end - 1)
                if set(ent.text.lower().split()) & org_words():
                    continue  # "Islamic Jihad" tagged as a person
                if not ent.text[:1].isupper() or ent.text.lower() in _NOT_NAMES:
                    continue
                if head is not None and sent.words[head].deprel.split(":")[0] in ("compound", "nmod", "amod") and sent.words[head].head > head:
                    hw = sent.words[sent.words[head].head]
                    if hw.lemma.lower() in title_words() or hw.text.lower() in title_words():
                        continue  # a modifier of a title: "Jihad spokesman"
                role = ""
                gender = None
                if head is not None:
                    np = mention_for(sent, head)
                    full = self.text[np.start : np.end]
                    name, role = split_name_role(full)
                    if not name:
                        name = ent.text
                    prev = self.text[max(0, ent.start - 5) : ent.start].lower()
                    if re.search(r"\bmr\.?\s*$", prev):
                        gender = "m"
                    elif re.search(r"\bm(r)?s\.?\s*$", prev):
                        gender = "f"
                    role = role or self._prefix_role(sent, ent.start) or self._appos_role(sent, head)
                else:
                    name = ent.text
                name = strip_title(ent.text) if len(strip_title(ent.text)) >= len(name) or not name else name
                gender = gender or first_name_gender(name)
                idx = self.add(name, "person", role=role, alias=ent.text if ent.text != name else "", gender=gender)
                self.persons_by_pos.append((ent.start, idx))

    def _prefix_role(self, sent: Sentence, start: int) -> str:
        """``U.S. Secretary of State Tony Blinken``: the capitalised run before a name, when it holds
        a title word."""
        words = [w for w in sent.words if w.end <= start]
        run: list = []
        for w in reversed(words):
            low = w.text.lower()
            if w.text[:1].isupper() or low in title_words() or low in ("of", "for", "the", "-") and run:
                run.append(w)
                continue
            break
        while run and run[-1].text.lower() in ("of", "for", "the", "-"):
            run.pop()
        run.reverse()
        if not run or not any(w.text.lower() in title_words() and w.upos != "PROPN" or w.text.lower() in _CORE_TITLES for w in run):
            return ""
        role = self.text[run[0].start : run[-1].end]
        return role if len(role.split()) <= 10 else ""

    def _appos_role(self, sent: Sentence, head: int) -> str:
        w = sent.words[head]
        cands = [c for c in sent.children(head) if sent.words[c].deprel == "appos"]
        if w.deprel == "appos" and w.head >= 0:
            cands.append(w.head)
        for c in cands:
            cw = sent.words[c]
            if cw.upos == "NOUN" or (cw.upos == "PROPN" and cw.lemma.lower() in title_words()):
                m = mention_for(sent, c)
                role = re.sub(r"^(the|a|an)\s+", "", self.text[m.start : m.end], flags=re.I)
                if len(role.split()) <= 8:
                    return role
        return ""

    def has_person(self, name: str, m: Mention) -> bool:
        """A PER entity inside the mention, or a person of this article with the same surname."""
        if any(m.start <= p < m.end for p, _ in self.persons_by_pos):
            return True
        sur = _surname(name)
        return any(sp.kind == "person" and _surname(sp.name) == sur for sp in self.speakers)

    def nearest_person_before(self, pos: int, gender: str | None) -> int | None:
        best = None
        for p, idx in self.persons_by_pos:
            if p >= pos:
                break
            g = self.speakers[idx].gender
            if gender and g and g != gender:
                continue
            best = idx
        return best

    def by_role(self, nominal: str) -> int | None:
        """``the Secretary of State`` -> the person whose role ends with those words."""
        words = [w for w in re.sub(r"^(the|a|an|this|that)\s+", "", nominal.lower()).split() if w not in ("the",)]
        if not words:
            return None
        head = words[-1]
        best, best_score = None, 0
        for idx, sp in enumerate(self.speakers):
            if sp.kind != "person":
                continue
            for role in sp.roles:
                r = role.lower()
                rw = set(re.findall(r"[\w.]+", r))
                if head not in rw and not (head == "leader" and rw & {"president", "chairman", "chief", "head", "leader"}):
                    continue
                score = len(set(words) & rw) + (2 if r.endswith(" ".join(words)) else 0)
                if score > best_score:
                    best, best_score = idx, score
        return best


def _kind_of_name(m: Mention, text: str) -> str:
    low = text.lower().strip(" ,.")
    low = re.sub(r"^the\s+", "", low)
    media = media_names()
    if low in media or any(low.endswith(" " + x) or low == x for x in media):
        return "media"
    toks = set(re.findall(r"[\w'-]+", low))
    if toks & {"blog", "newspaper", "channel", "network", "magazine", "website", "outlet", "broadcaster", "tv", "radio", "daily", "news"}:
        return "media"
    if m.ner == "ORG" or toks & org_words():
        return "organization"
    if m.ner in ("LOC", "MISC"):
        return "group" if m.ner == "MISC" else "organization"
    return "person"


def resolve_speakers(parsed: Parsed, quotes: list[Quote]) -> list[LocalSpeaker]:
    """Resolve every mention in ``quotes`` to a local speaker (sets ``speaker_ref``,
    ``addressee_ref``, ``via_refs``); returns the article's speakers."""
    art = _Article(parsed)
    prev_ref: int | None = None
    prev_end = -1
    for q in quotes:
        if q.speaker is not None:
            q.speaker_ref = _resolve(art, q.speaker, prev_ref)
        elif q.rule == "continuation" or q.type == "direct":
            # no source at this place: the current speaker goes on, within a few paragraphs
            if prev_ref is not None and parsed.text.count("\n\n", prev_end, q.start) <= 2:
                q.speaker_ref = prev_ref
                q.confidence = min(q.confidence, 0.5)
        if q.addressee is not None:
            q.addressee_ref = _resolve(art, q.addressee, None)
        q.via_refs = [_resolve(art, m, None) for m in q.via]
        # an outlet the source spoke to is how the quote reached us
        if not q.via and q.addressee_ref is not None and art.speakers[q.addressee_ref].kind == "media":
            q.via = [q.addressee]
            q.via_cues = [q.cue or "told"]
            q.via_refs = [q.addressee_ref]
        if q.speaker_ref is not None:
            prev_ref = q.speaker_ref
            prev_end = q.end
    for sp in art.speakers:
        for m_alias in list(sp.aliases):
            if m_alias.lower() == sp.name.lower():
                sp.aliases.remove(m_alias)
    return art.speakers


def _resolve(art: _Article, m: Mention, prev_ref: int | None) -> int | None:
    if m.antecedent is not None:
        return _resolve(art, m.antecedent, prev_ref)
    text = m.text.strip()
    low = text.lower()
    if not text:
        return None
    if m.kind == "pronoun":
        if low in MALE or low in FEMALE:
            g = "m" if low in MALE else "f"
            if prev_ref is not None:
                sp = art.speakers[prev_ref]
                if sp.kind == "person" and (sp.gender in (None, g)):
                    sp.gender = sp.gender or g
                    return prev_ref
            idx = art.nearest_person_before(m.start, g)
            if idx is not None:
                art.speakers[idx].gender = art.speakers[idx].gender or g
            return idx
        if low in PLURAL or low in NEUTER or low in ("we", "i", "you", "who", "which", "that"):
            if prev_ref is not None and (low not in NEUTER or art.speakers[prev_ref].kind != "person"):
                if low not in ("we", "i") or art.speakers[prev_ref].kind in ("organization", "group", "person"):
                    return prev_ref
            return None
        return None
    if m.kind == "document":
        return art.add(re.sub(r"^(the|a|an|this|that|its|his|her|their)\s+", "", text, flags=re.I), "document", alias=text)
    if m.kind == "anonymous":
        return art.add(text, "anonymous")
    if m.kind == "nominal":
        idx = art.by_role(text)
        if idx is not None:
            art.speakers[idx].aliases.append(text) if text not in art.speakers[idx].aliases else None
            return idx
        k = _kind_of_name(m, text)
        if k in ("media", "organization"):
            return art.add(re.sub(r"^the\s+", "", text, flags=re.I) if k == "organization" else text, k, alias=text)
        if re.match(r"^(a|an|some|one|two|three|several|many)\b", low):
            return art.add(text, "anonymous")
        return art.add(text, "unknown")
    # a name (or an organisation); an introductory "Meanwhile," is not part of it
    if "," in text:
        text = text.rsplit(",", 1)[1].strip() or text
        low = text.lower()
    kind = _kind_of_name(m, text)
    name, role = split_name_role(text)
    name = re.sub(r"('s|’s)$", "", name).strip()
    name_is_org = bool(set(re.findall(r"[\w'-]+", name.lower())) & org_words())
    if kind != "media" and not name_is_org:
        if not name:
            # all title: "the U.S. Secretary of State" -> whoever holds the role here
            idx = art.by_role(text)
            if idx is not None:
                return idx
        elif role or art.has_person(name, m):
            kind = "person"
    if kind != "person":
        name = re.sub(r"^the\s+", "", text, flags=re.I) if kind == "organization" else text
        name = re.sub(r"('s?|’s?)$", "", name).strip()
        return art.add(name, kind, alias=text)
    if not name:
        return art.add(text, "unknown")
    g = None
    if re.match(r"(?i)^mr\.?\s", text):
        g = "m"
    elif re.match(r"(?i)^m(r)?s\.?\s", text):
        g = "f"
    return art.add(name, "person", role=role, alias=text if text != name else "", gender=g)
