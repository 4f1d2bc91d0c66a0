"""Cross-article speakers: one ``speakers`` row per real-world entity.

An article's :class:`LocalSpeaker` objects are mapped onto global rows by :func:`assign_speaker`
(called by ``write_article``); :func:`rematch_speakers` re-does the matching over the whole
database after an ingest (``Tony Blinken`` in one article and ``Antony J. Blinken`` in a later
one), and :func:`refresh_speakers` recomputes each row's display name, aliases and roles.

Matching is conservative:

* people match on the surname (exact; one edit apart only for surnames of six letters or more,
  and only with a compatible given name or a shared role: ``Secretary Blinkin``) and on given
  names that agree (equal, a nickname ``Tony``/``Antony``, one letter apart, or an initial);
  a bare surname joins a full name only when exactly one person fits (so ``Amr`` and ``Amro``
  never meet, and ``Biden`` stays apart when both ``Joe`` and ``Hunter Biden`` are known);
* organisations and media match on their normalised name (``the``, punctuation, ``U.S.`` and
  known variants from ``data/organizations.txt`` folded);
* anonymous, unknown, group and document speakers stay scoped to their article: two
  anonymous ``officials`` in two articles are two rows;
* users' corrections (``speakers.yml``, see :mod:`quotes.speakers`) come first.

Titles and honorifics are stripped from names (``U.S. Secretary of State Tony Blinken`` ->
``Tony Blinken``) and kept as roles with the article they were seen in (``speaker_roles``);
every variant is kept with its article in ``speaker_aliases``.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import product
from typing import Iterable

import sqlite_utils
from rapidfuzz.distance import Levenshtein

from ..extract.types import LocalSpeaker
from ..speakers import Corrections, load_corrections

__all__ = [
    "normalise", "split_person", "parse_person", "PersonName", "Identity", "effective_kind",
    "canonicalise", "assign_speaker", "rematch_speakers", "refresh_speakers", "merge_speaker_rows",
    "drop_orphan_speakers", "speaker_ref_columns", "SCOPED_KINDS", "org_display", "org_key", "is_media",
]

SCOPED_KINDS = frozenset({"anonymous", "unknown", "group", "document"})
ORG_KINDS = frozenset({"organization", "media"})
KINDS = frozenset({"person", "organization", "media", "document", "group", "anonymous", "unknown"})
PARTICLES = frozenset({
    "al", "el", "al-", "abu", "abou", "bin", "ben", "ibn", "bint", "de", "del", "della", "der", "den",
    "van", "von", "da", "di", "du", "dos", "das", "la", "le", "st", "ter", "ten", "mac", "y",
})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v", "phd", "md"})
PRONOUNS = frozenset({
    "he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "me", "who", "which",
    "that", "this", "his", "its", "their", "our", "my", "himself", "herself", "themselves", "itself",
})
CONNECTORS = frozenset({"of", "for", "to", "at", "in", "on"})
ARTICLES = re.compile(r"^(?:the|a|an)\s+", re.I)
POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


# --------------------------------------------------------------------------- data files


def _lines(name: str) -> list[str]:
    text = resources.files("quotes.resolve").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [l.strip() for l in text.splitlines() if l.strip() and not l.lstrip().startswith("#")]


@lru_cache(maxsize=None)
def _titles() -> frozenset[str]:
    return frozenset(fold(w).rstrip(".") for w in _lines("titles.txt"))


@lru_cache(maxsize=None)
def _honorifics() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for line in _lines("honorifics.txt"):
        word, _, g = line.partition(" ")
        out[fold(word).rstrip(".")] = g.strip() if g.strip() in ("m", "f") else None
    return out


@lru_cache(maxsize=None)
def _org_words() -> frozenset[str]:
    """Words that make a name an organisation's, except those that are also surnames."""
    return frozenset(fold(w) for w in _lines("org_words.txt")) - frozenset(fold(w) for w in _lines("org_surnames.txt"))


@lru_cache(maxsize=None)
def _generic_roles() -> frozenset[str]:
    return frozenset(fold(w).rstrip(".") for w in _lines("generic_role_words.txt"))


@lru_cache(maxsize=None)
def _nicknames() -> dict[str, frozenset[int]]:
    groups: dict[str, set[int]] = defaultdict(set)
    for i, line in enumerate(_lines("nicknames.txt")):
        for name in line.split():
            groups[fold(name)].add(i)
    return {k: frozenset(v) for k, v in groups.items()}


@lru_cache(maxsize=None)
def _media() -> frozenset[str]:
    return frozenset(normalise(w) for w in _lines("media.txt"))


@lru_cache(maxsize=None)
def _org_variants() -> dict[str, str]:
    """Normalised variant -> canonical display name (``data/organizations.txt``)."""
    out: dict[str, str] = {}
    for line in _lines("organizations.txt"):
        names = [n.strip() for n in line.split("|") if n.strip()]
        for n in names:
            out[_org_norm(n)] = names[0]
    return out


# --------------------------------------------------------------------------- normalising


def fold(s: str) -> str:
    """Lower case without accents; typographic apostrophes made plain."""
    s = unicodedata.normalize("NFKD", s.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def normalise(name: str) -> str:
    """The matching form of a name: folded, dots and apostrophes dropped (``U.S.`` -> ``us``,
    ``O'Neill`` -> ``oneill``), other punctuation a space, spaces collapsed."""
    s = re.sub(r"[.']", "", fold(name))
    s = re.sub(r"[^\w\s]|_", " ", s)
    return " ".join(s.split())


def _tok(t: str) -> str:
    """One token's folded form without surrounding punctuation or a possessive."""
    return POSSESSIVE.sub("", fold(t).strip("\"“”()[],;:")).rstrip(".").strip("'")


def _org_norm(name: str) -> str:
    n = normalise(ARTICLES.sub("", name.strip()))
    return re.sub(r"^the\s+", "", n)


def _clean(text: str) -> str:
    text = " ".join(text.replace("\u00a0", " ").split()).strip(" \"“”'‘’,;:")
    return POSSESSIVE.sub("", text).strip(" ,")


# --------------------------------------------------------------------------- person names


def _name_like(t: str, f: str) -> bool:
    if not f or f in _titles() or f in _honorifics() or f in _org_words():
        return False
    if t.endswith(("'s", "’s")):
        return False
    if f in PARTICLES or f in SUFFIXES:
        return True
    pieces = t.split("-")
    if len(pieces) > 1 and _tok(pieces[0]) in PARTICLES and pieces[-1][:1].isupper():  # al-Sisi
        return True
    if re.fullmatch(r"[A-Z]\.?", t):  # an initial
        return True
    if not t[:1].isupper():
        return False
    letters = re.sub(r"[^A-Za-z]", "", t)
    if len(letters) >= 2 and letters.isupper():  # an acronym: CIA, PNA, USAID
        return False
    return True


def _split_part(part: str) -> tuple[str, str, str | None]:
    """(name, role, gender) for one comma-free part: the name is the trailing run of name-like
    words; honorifics in front of it give a gender and are dropped."""
    toks = part.split()
    alpha = [t for t in toks if t[:1].isalpha()]
    if len(alpha) > 1 and all(t.isupper() for t in alpha):  # a name in capitals: ANTONY BLINKEN
        toks = [t.title() for t in toks]
    i = len(toks)
    while i > 0 and _name_like(toks[i - 1], _tok(toks[i - 1])):
        i -= 1
    # leading particles belong to the role unless followed by a real name ("of" is no particle)
    while i < len(toks) and _tok(toks[i]) in PARTICLES and toks[i][:1].islower() and i + 1 == len(toks):
        i += 1
    # "President of Egypt Abdel Fattah al-Sisi": the word after "of" belongs to the title
    if 0 < i and len(toks) - i >= 3 and _tok(toks[i - 1]) in CONNECTORS:
        i += 1
    name_toks = toks[i:]
    while name_toks and _tok(name_toks[0]) in SUFFIXES:
        name_toks = name_toks[1:]
    gender = None
    role_toks = []
    for t in toks[:i]:
        f = _tok(t)
        if f in _honorifics():
            gender = _honorifics()[f] or gender
            continue
        role_toks.append(t)
    role = ARTICLES.sub("", " ".join(role_toks)).strip(" ,")
    role = POSSESSIVE.sub("", role).strip(" ,")
    if role and not re.search(r"[A-Za-z]", role):
        role = ""
    return " ".join(name_toks), role, gender


def split_person(text: str) -> tuple[str, list[str], str | None]:
    """Strip titles and honorifics from a person's name: ``U.S. Secretary of State Tony Blinken``
    -> (``Tony Blinken``, [``U.S. Secretary of State``], None); ``Mr. Blinken`` -> (``Blinken``,
    [], ``m``); ``Hady Amr, the deputy secretary of state`` -> (``Hady Amr``, [``deputy secretary
    of state``], None). The name is ``""`` when there is none (``the Secretary of State``)."""
    text = _clean(text)
    parts = [p.strip() for p in re.split(r"\s*[,;()]\s*|\s+[-–—]\s+", text) if p.strip()]
    name, roles, gender = "", [], None
    for p in parts:
        n, r, g = _split_part(p)
        gender = gender or g
        if n and not name and not (r and not _has_title(r) and not _name_like(p.split()[0], _tok(p.split()[0]))):
            name = n
            if r:
                roles.append(r)
        elif r or (not n and p):
            role = r if n else ARTICLES.sub("", p)
            if _has_title(role):
                roles.append(role)
        elif n and name and _has_title(p):
            roles.append(p)
    roles = [r for r in dict.fromkeys(roles) if r and normalise(r) not in _honorifics()]
    return name, roles, gender


def _has_title(text: str) -> bool:
    return any(_tok(t) in _titles() for t in text.split()) or bool(re.search(r"(?:'s|’s)\b", text))


@dataclass(frozen=True)
class PersonName:
    """The parts of a person's name used for matching (folded, no dots)."""

    given: str  # "" when only a surname is known; a single letter for an initial
    surname: str
    middle: tuple[str, ...] = ()

    @property
    def bare(self) -> bool:
        return not self.given


def parse_person(name: str) -> PersonName | None:
    """``Antony J. Blinken`` -> given ``antony``, surname ``blinken``; ``al-Sisi`` -> surname
    ``sisi``; None when there is no name at all."""
    toks = [_tok(t) for t in name.split()]
    toks = [t for t in toks if t and t not in SUFFIXES]
    if not toks:
        return None
    last = toks[-1]
    pieces = last.split("-")
    if len(pieces) > 1 and pieces[0] in PARTICLES:
        last = "-".join(pieces[1:])
    surname = re.sub(r"[^\w-]", "", last)
    rest = [t for t in toks[:-1] if t not in PARTICLES]
    given = re.sub(r"[^\w-]", "", rest[0]) if rest else ""
    middle = tuple(re.sub(r"[^\w-]", "", t) for t in rest[1:])
    if not surname:
        return None
    return PersonName(given=given, surname=surname, middle=middle)


def given_score(a: str, b: str) -> int:
    """How well two given names agree: 4 equal, 3 nickname, 2 one letter apart, 1 an initial,
    0 incompatible."""
    if a == b:
        return 4
    if len(a) == 1 or len(b) == 1:
        return 1 if a[0] == b[0] else 0
    nick = _nicknames()
    if nick.get(a, frozenset()) & nick.get(b, frozenset()):
        return 3
    if min(len(a), len(b)) >= 5 and a[0] == b[0] and Levenshtein.distance(a, b) <= 1:
        return 2
    return 0


def surname_score(a: str, b: str) -> int:
    """2 equal, 1 one edit apart (both at least six letters, same first letter), 0 otherwise."""
    if a == b:
        return 2
    if min(len(a), len(b)) >= 6 and a[0] == b[0] and Levenshtein.distance(a, b) <= 1:
        return 1
    return 0


def role_words(roles: Iterable[str]) -> set[str]:
    """The title words of ``roles`` that can tell people apart (``secretary``, ``spokesman``)."""
    out = set()
    for r in roles:
        for t in r.split():
            f = _tok(t)
            if f in _titles() and f not in _generic_roles():
                out.add(f)
    return out


@dataclass
class Identity:
    """What is known about one speaker (or a group being merged) for person matching."""

    id: int | None
    givens: set[str] = field(default_factory=set)  # full given names
    initials: set[str] = field(default_factory=set)
    surnames: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)  # role words
    genders: set[str] = field(default_factory=set)  # from honorifics only
    names: set[str] = field(default_factory=set)  # normalised names, for never-merge rules
    articles: set[str] = field(default_factory=set)  # where it was seen

    @property
    def bare(self) -> bool:
        return not self.givens and not self.initials

    def add(self, p: PersonName | None, norm: str | None = None, gender: str | None = None) -> None:
        if p is not None:
            self.surnames.add(p.surname)
            if len(p.given) > 1:
                self.givens.add(p.given)
            elif p.given:
                self.initials.add(p.given)
        if norm:
            self.names.add(norm)
        if gender in ("m", "f"):
            self.genders.add(gender)

    def absorb(self, other: Identity) -> None:
        for f in ("givens", "initials", "surnames", "roles", "genders", "names", "articles"):
            getattr(self, f).update(getattr(other, f))
        if other.id is not None and (self.id is None or other.id < self.id):
            self.id = other.id


def compatible(a: Identity, b: Identity, corrections: Corrections | None = None) -> int:
    """0 when ``a`` and ``b`` cannot be the same person, else a score (higher = better)."""
    if corrections is not None and corrections.blocks(a.names, b.names):
        return 0
    s = max((surname_score(x, y) for x, y in product(a.surnames, b.surnames)), default=0)
    if s == 0:
        return 0
    if a.genders and b.genders and not a.genders & b.genders:
        return 0
    g = 0
    if a.givens and b.givens:
        g = min(given_score(x, y) for x, y in product(a.givens, b.givens))
        if g == 0:
            return 0
    firsts_a = {x[0] for x in a.givens} | a.initials
    firsts_b = {x[0] for x in b.givens} | b.initials
    if firsts_a and firsts_b:
        if len(firsts_a) > 1 and len(firsts_b) > 1:
            pass  # nicknames with other initials (Bill / William): judged by the givens above
        elif not firsts_a & firsts_b and not (a.givens and b.givens):
            return 0
        g = g or 1
    shared_role = bool(a.roles & b.roles)
    # a surname one letter off (Blinkin) needs more: a matching given name, a shared role or
    # the same article (a typo next to the right spelling)
    if s == 1 and not (g >= 3 or shared_role or a.articles & b.articles):
        return 0
    return s * 10 + g * 2 + int(shared_role)


def choose(x: Identity, scored: list[tuple[int, Identity]], corrections: Corrections | None = None) -> Identity | None:
    """The candidate ``x`` should join, or None (new speaker). A full name takes the best fit;
    a bare surname or an initial only joins when the choice is unambiguous."""
    scored = [(s, c) for s, c in scored if s > 0]
    if not scored:
        return None
    best = max(s for s, _ in scored)
    if x.givens:
        top = [c for s, c in scored if s == best]
        return min(top, key=lambda c: c.id if c.id is not None else 1 << 62)
    cands = [c for _, c in scored]
    if len(cands) == 1:
        return cands[0]
    if all(compatible(p, q, corrections) for i, p in enumerate(cands) for q in cands[i + 1 :]):
        return min(cands, key=lambda c: c.id if c.id is not None else 1 << 62)  # all one person
    by_role = [c for c in cands if x.roles & c.roles]
    if len(by_role) == 1:
        return by_role[0]
    bare = [c for c in cands if c.bare and x.surnames & c.surnames]
    if len(bare) == 1:
        return bare[0]
    return None


# --------------------------------------------------------------------------- kinds and keys


def effective_kind(name: str, kind: str, corrections: Corrections | None = None) -> str:
    """The kind to store: a user's correction first, then known outlets become ``media``."""
    if corrections is not None:
        k = corrections.kind_for({normalise(name), _org_norm(name)})
        if k:
            return k
    kind = kind if kind in KINDS else "unknown"
    if kind in ("organization", "unknown", "person") and is_media(name):
        return "media"
    return kind


def is_media(name: str) -> bool:
    """A known outlet (``data/media.txt``), also behind a possessive (``Israel's Channel 12``)."""
    n = _org_norm(name)
    if not n:
        return False
    media = _media()
    if n in media:
        return True
    m = re.match(r"^.+?'s\s+(.+)$", fold(name))
    return bool(m and _org_norm(m.group(1)) in media and len(_org_norm(m.group(1))) > 4)


def org_display(name: str) -> str:
    """An organisation's name without a leading article, or its canonical variant."""
    return _org_variants().get(_org_norm(name)) or ARTICLES.sub("", _clean(name)) or name


def org_key(name: str) -> str:
    return "org:" + _org_norm(org_display(name))


def person_key(p: PersonName) -> str:
    return f"person:{p.surname}:{p.given}"


@dataclass
class AliasRow:
    alias: str  # as written
    name: str  # stripped
    norm: str
    surname: str | None = None
    given: str | None = None
    gender: str | None = None  # from an honorific


@dataclass
class Canon:
    """A local speaker made ready for the database."""

    name: str
    kind: str
    key: str
    scoped: bool
    roles: list[str]
    aliases: list[AliasRow]
    gender: str | None
    identity: Identity | None = None  # people only


def canonicalise(sp: LocalSpeaker, article_id: str, corrections: Corrections | None = None) -> Canon:
    """Strip titles, correct the kind, build the matching key and alias rows of a local speaker."""
    raw = _clean(sp.name) or sp.name.strip()
    kind = effective_kind(raw, sp.kind, corrections)
    surfaces = list(dict.fromkeys(a for a in [sp.name, *sp.aliases] if a and a.strip()))
    roles = list(sp.roles)
    if kind == "person" and not (corrections and corrections.kind_for({normalise(raw)})):
        org = _org_behind(raw, [*surfaces, *roles, *(m.text for m in sp.mentions)])
        if org is not None:
            kind, raw = ("media" if is_media(org) else "organization"), org
            roles = []
    if kind in ORG_KINDS and _only_titles(raw):
        kind = "unknown"  # "the US Secretary of State": a person we cannot name here
    if kind == "person":
        return _canon_person(sp, raw, surfaces, roles, article_id)
    if kind in ORG_KINDS:
        name = org_display(raw)
        aliases: list[AliasRow] = []
        for s in [name, *surfaces]:
            d = org_display(s)
            if _org_norm(d) and not any(a.alias == _clean(s) for a in aliases):
                aliases.append(AliasRow(_clean(s) or s, d, _org_norm(d)))
        return Canon(name, kind, org_key(name), False, [], aliases, None)
    name = raw
    key = f"{kind}@{article_id}:{normalise(name)}"
    rows = [AliasRow(_clean(s) or s, _clean(s) or s, normalise(s)) for s in surfaces]
    return Canon(name, kind, key, True, _clean_roles(roles, name), rows, sp.gender)


def _canon_person(sp: LocalSpeaker, raw: str, surfaces: list[str], roles: list[str], article_id: str) -> Canon:
    name, more_roles, hon = split_person(raw)
    roles = roles + more_roles
    p = parse_person(name) if name and normalise(name) not in PRONOUNS else None
    if p is None:  # nothing that looks like a name: keep it as written, scoped to the article
        return Canon(raw, "person", f"person@{article_id}:{normalise(raw)}", True,
                     _clean_roles(roles, raw), [], sp.gender or hon)
    ident = Identity(None, articles={article_id})
    aliases = [AliasRow(name, name, normalise(name), p.surname, p.given, hon)]
    ident.add(p, normalise(name), hon)
    for s in surfaces:
        n, r, g = split_person(s)
        roles += r
        ps = parse_person(n) if n and normalise(n) not in PRONOUNS else None
        if ps is None:
            continue
        row = AliasRow(_clean(s) or s, n, normalise(n), ps.surname, ps.given, g)
        if surname_score(ps.surname, p.surname) and (not ps.given or not p.given or given_score(ps.given, p.given)):
            ident.add(ps, row.norm, g)
        else:  # another name for the same person (as the article says): kept, not matched on
            row.surname = row.given = None
        if row.alias == name and row.norm == aliases[0].norm:
            aliases[0].gender = aliases[0].gender or g
        else:
            aliases.append(row)
    roles = _clean_roles(roles, name)
    ident.roles = role_words(roles)
    gender = sp.gender or hon or next((a.gender for a in aliases if a.gender), None)
    return Canon(name, "person", person_key(p), False, roles, aliases, gender, ident)


def _clean_roles(roles: Iterable[str], name: str) -> list[str]:
    """Roles as seen, without the name itself, articles or words that are no title."""
    out = []
    toks = {_tok(t) for t in name.split()} - PARTICLES
    for r in roles:
        words_ = _clean(r).split()
        for k, w in enumerate(words_):  # "Foreign Minister Gabi Ashkenazi on Friday" -> "Foreign Minister"
            if _tok(w) in toks and w[:1].isupper():
                words_ = words_[:k]
                break
        role = ARTICLES.sub("", " ".join(words_)).strip(" ,")
        if role and _has_title(role):
            out.append(role)
    return _dedup(out)


def _only_titles(name: str) -> bool:
    toks = [_tok(t) for t in ARTICLES.sub("", name).split()]
    return bool(toks) and all(t in _titles() or t in CONNECTORS or t == "the" for t in toks)


def _org_behind(raw: str, texts: list[str]) -> str | None:
    """The organisation a mis-typed "person" stands for (``Department`` seen as ``the State
    Department``), or None when ``raw`` looks like a person's name."""
    toks = [_tok(t) for t in raw.split()]
    if not toks or toks[-1] not in _org_words():
        return None
    head = raw.split()[-1]
    cands = [_clean(t) for t in texts if t and _clean(t).lower().endswith(head.lower())]
    if not cands:
        return raw
    known = [c for c in cands if _org_norm(c) in _org_variants()]
    return max(known or cands, key=lambda c: (len(c.split()), c))


def _dedup(items: Iterable[str]) -> list[str]:
    out: dict[str, str] = {}
    for x in items:
        x = _clean(x)
        if x and x.lower() not in out:
            out[x.lower()] = x
    return list(out.values())


# --------------------------------------------------------------------------- the database


def _jl(value: str | None) -> list[str]:
    try:
        out = json.loads(value) if value else []
    except ValueError:
        return []
    return out if isinstance(out, list) else []


def _merge_list(old: str | None, new: Iterable[str]) -> str:
    items = _jl(old)
    low = {x.lower() for x in items}
    for x in new:
        if x and x.lower() not in low:
            items.append(x)
            low.add(x.lower())
    return json.dumps(items, ensure_ascii=False)


def _load_identities(db: sqlite_utils.Database, ids: Iterable[int]) -> dict[int, Identity]:
    """Identities of the person speakers ``ids`` from their name, alias rows and role rows."""
    ids = list(dict.fromkeys(ids))
    out: dict[int, Identity] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        marks = ",".join("?" * len(part))
        for r in db.query(f"select id, name, roles from speakers where id in ({marks})", part):
            ident = out.setdefault(r["id"], Identity(r["id"]))
            name, roles, g = split_person(r["name"] or "")
            ident.add(parse_person(name) if name else None, normalise(name) if name else None, g)
            ident.roles |= role_words(_jl(r["roles"]) + roles)
        for r in db.query(
            f"select speaker_id, article_id, norm, surname, given, gender from speaker_aliases where speaker_id in ({marks})", part
        ):
            ident = out.setdefault(r["speaker_id"], Identity(r["speaker_id"]))
            ident.articles.add(r["article_id"])
            if r["surname"]:
                ident.add(PersonName(r["given"] or "", r["surname"]), r["norm"], r["gender"])
        for r in db.query(f"select speaker_id, role from speaker_roles where speaker_id in ({marks})", part):
            out.setdefault(r["speaker_id"], Identity(r["speaker_id"])).roles |= role_words([r["role"]])
    return out


def _person_candidates(db: sqlite_utils.Database, ident: Identity) -> list[int]:
    ids: set[int] = set()
    for s in ident.surnames:
        ids.update(r[0] for r in db.execute(
            "select id from speakers where key >= ? and key < ? and article_id is null",
            [f"person:{s}:", f"person:{s};"],
        ).fetchall())
        ids.update(r[0] for r in db.execute(
            "select distinct a.speaker_id from speaker_aliases a join speakers s on s.id = a.speaker_id "
            "where a.surname = ? and s.kind = 'person' and s.article_id is null", [s],
        ).fetchall())
        if len(s) >= 6:  # one edit apart; same first two letters here (rematch_speakers finds the rest)
            lo, hi = len(s) - 1, len(s) + 1
            for (sid, other) in db.execute(
                "select distinct a.speaker_id, a.surname from speaker_aliases a join speakers s on s.id = a.speaker_id "
                "where a.surname >= ? and a.surname < ? and length(a.surname) between ? and ? "
                "and s.kind = 'person' and s.article_id is null",
                [s[:2], s[0] + chr(ord(s[1]) + 1), lo, hi],
            ).fetchall():
                if surname_score(s, other):
                    ids.add(sid)
    return sorted(ids)


def _find_by_names(db: sqlite_utils.Database, norms: Iterable[str]) -> list[int]:
    """Global speakers with one of these normalised names (as their name or an alias)."""
    norms = [n for n in dict.fromkeys(norms) if n]
    if not norms:
        return []
    marks = ",".join("?" * len(norms))
    ids = {r[0] for r in db.execute(
        f"select distinct a.speaker_id from speaker_aliases a join speakers s on s.id = a.speaker_id "
        f"where a.norm in ({marks}) and s.article_id is null", norms,
    ).fetchall()}
    want = set(norms)
    ids.update(r[0] for r in db.execute(
        f"select id from speakers where article_id is null and key in ({marks})", [f"org:{n}" for n in norms]
    ).fetchall())
    for n in want:
        p = parse_person(n)
        if p is not None:
            ids.update(r[0] for r in db.execute(
                "select id from speakers where key = ? and article_id is null", [person_key(p)]
            ).fetchall())
    return sorted(ids)


def assign_speaker(db: sqlite_utils.Database, sp: LocalSpeaker, article_id: str) -> int:
    """The id of the global speaker for ``sp`` (created when new). Its variants and roles are
    recorded with ``article_id`` in ``speaker_aliases`` / ``speaker_roles``."""
    corrections = load_corrections(strict=False)
    c = canonicalise(sp, article_id, corrections)
    sid = _match(db, c, corrections)
    if sid is None:
        sid = db["speakers"].insert({
            "name": c.name,
            "kind": c.kind,
            "key": c.key,
            "article_id": article_id if c.scoped else None,
            "gender": c.gender,
            "roles": json.dumps(c.roles, ensure_ascii=False),
            "aliases": json.dumps(list(dict.fromkeys(a.alias for a in c.aliases)), ensure_ascii=False),
        }).last_pk
    else:
        row = db["speakers"].get(sid)
        update = {
            "aliases": _merge_list(row["aliases"], [a.alias for a in c.aliases]),
            "roles": _merge_list(row["roles"], c.roles),
            "gender": row["gender"] or c.gender,
        }
        if row["kind"] == "organization" and c.kind == "media":
            update["kind"] = "media"
        if c.kind == "person" and c.identity is not None:
            cur = parse_person(split_person(row["name"] or "")[0] or "")
            new = parse_person(c.name)
            if (cur is None or cur.bare) and new is not None and not new.bare:
                update["name"], update["key"] = c.name, c.key
        db["speakers"].update(sid, update)
    _record(db, sid, c, article_id)
    return sid


def _record(db: sqlite_utils.Database, sid: int, c: Canon, article_id: str) -> None:
    if c.aliases:
        db["speaker_aliases"].insert_all(
            [{"speaker_id": sid, "article_id": article_id, "alias": a.alias, "name": a.name, "norm": a.norm,
              "surname": a.surname, "given": a.given, "gender": a.gender} for a in c.aliases],
            ignore=True,
        )
    if c.roles:
        db["speaker_roles"].insert_all(
            [{"speaker_id": sid, "article_id": article_id, "role": r} for r in c.roles], ignore=True
        )


def _match(db: sqlite_utils.Database, c: Canon, corrections: Corrections) -> int | None:
    if c.scoped:
        rows = db.execute("select id from speakers where key = ?", [c.key]).fetchall()
        return rows[0][0] if rows else None
    # a user's merge rule names the group this speaker belongs to
    norms = {a.norm for a in c.aliases} | {normalise(c.name)}
    canonical = corrections.canonical_for(norms)
    if canonical is not None:
        ids = _find_by_names(db, corrections.group_norms(canonical))
        if ids:
            return ids[0]
    if c.kind in ORG_KINDS:
        rows = db.execute(
            "select id from speakers where key = ? and article_id is null order by id", [c.key]
        ).fetchall()
        if not rows:
            rows = db.execute(
                "select distinct a.speaker_id from speaker_aliases a join speakers s on s.id = a.speaker_id "
                "where a.norm = ? and s.kind in ('organization', 'media') and s.article_id is null order by 1",
                [_org_norm(c.name)],
            ).fetchall()
        return next((r[0] for r in rows if not corrections.blocks(norms, _names_of(db, r[0]))), None)
    assert c.identity is not None
    cands = _load_identities(db, _person_candidates(db, c.identity))
    target = choose(c.identity, [(compatible(c.identity, i, corrections), i) for i in cands.values()], corrections)
    return target.id if target is not None else None


def _names_of(db: sqlite_utils.Database, sid: int) -> set[str]:
    names = {r[0] for r in db.execute("select norm from speaker_aliases where speaker_id = ?", [sid]).fetchall()}
    row = db.execute("select name from speakers where id = ?", [sid]).fetchone()
    if row and row[0]:
        names.add(normalise(row[0]))
    return names


def speaker_ref_columns(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """Every (table, column) with a foreign key to ``speakers.id``."""
    out = []
    for t in db.table_names():
        if t == "speakers" or t.startswith("speakers_fts"):
            continue
        for fk in db.execute(f"PRAGMA foreign_key_list([{t}])").fetchall():
            if fk[2] == "speakers":
                out.append((t, fk[3]))
    return out


def merge_speaker_rows(db: sqlite_utils.Database, keep: int, drop: Iterable[int]) -> None:
    """Point every reference to the ``drop`` speakers at ``keep`` and delete them."""
    drop = [d for d in dict.fromkeys(drop) if d != keep]
    if not drop:
        return
    marks = ",".join("?" * len(drop))
    row = db["speakers"].get(keep)
    for d in db.query(f"select * from speakers where id in ({marks})", drop):
        row["aliases"] = _merge_list(row["aliases"], _jl(d["aliases"]))
        row["roles"] = _merge_list(row["roles"], _jl(d["roles"]))
        row["gender"] = row["gender"] or d["gender"]
        if row["kind"] != d["kind"] and d["kind"] == "media":
            row["kind"] = "media"
    for table, col in speaker_ref_columns(db):
        db.execute(f"update or ignore [{table}] set [{col}] = ? where [{col}] in ({marks})", [keep, *drop])
        db.execute(f"delete from [{table}] where [{col}] in ({marks})", drop)  # duplicates left behind
    db.execute(f"delete from speakers where id in ({marks})", drop)
    db["speakers"].update(keep, {k: row[k] for k in ("aliases", "roles", "gender", "kind")})


# --------------------------------------------------------------------------- global passes


def rematch_speakers(db: sqlite_utils.Database, corrections: Corrections | None = None) -> list[tuple[int, list[int]]]:
    """Merge global speakers that became matchable (users' merge rules first, then people by
    surname blocks, then organisations by key). Returns [(kept id, merged ids)]."""
    corrections = corrections if corrections is not None else load_corrections(strict=False)
    merges: list[tuple[int, list[int]]] = []
    # 1. users' merge rules
    for canonical in corrections.merge:
        ids = _find_by_names(db, corrections.group_norms(canonical))
        if len(ids) > 1:
            merges.append((ids[0], ids[1:]))
            merge_speaker_rows(db, ids[0], ids[1:])
    # 2. people, blocked by surname (exact, and one deletion apart for long surnames)
    rows = list(db.query("select id from speakers where kind = 'person' and article_id is null"))
    idents = _load_identities(db, [r["id"] for r in rows])
    for block in _surname_blocks(idents):
        if len(block) < 2:
            continue
        order = sorted(block, key=lambda i: (0 if i.givens else 1 if i.initials else 2, i.id))
        groups: list[tuple[Identity, list[int]]] = []
        for x in order:
            scored = [(compatible(x, g, corrections), g) for g, _ in groups]
            target = choose(x, scored, corrections)
            if target is None:
                groups.append((Identity(x.id, set(x.givens), set(x.initials), set(x.surnames), set(x.roles),
                                        set(x.genders), set(x.names), set(x.articles)), [x.id]))
                continue
            for g, members in groups:
                if g is target:
                    g.absorb(x)
                    members.append(x.id)
        for g, members in groups:
            if len(members) > 1:
                keep = min(members)
                merges.append((keep, sorted(m for m in members if m != keep)))
                merge_speaker_rows(db, keep, [m for m in members if m != keep])
    # 3. organisations and media whose keys now agree
    by_key: dict[str, list[int]] = defaultdict(list)
    for r in db.query("select id, name from speakers where kind in ('organization', 'media') and article_id is null order by id"):
        by_key[org_key(r["name"])].append(r["id"])
    for ids in by_key.values():
        ids = [i for i in ids if not corrections.blocks(_names_of(db, ids[0]), _names_of(db, i)) or i == ids[0]]
        if len(ids) > 1:
            merges.append((ids[0], ids[1:]))
            merge_speaker_rows(db, ids[0], ids[1:])
    return merges


def _surname_blocks(idents: dict[int, Identity]) -> list[list[Identity]]:
    """Connected groups of identities sharing a surname or a one-deletion variant of a long one."""
    parent = {i: i for i in idents}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    index: dict[str, int] = {}
    for sid, ident in idents.items():
        for s in ident.surnames:
            keys = [s]
            if len(s) >= 6:
                keys += ["~" + s[:k] + s[k + 1 :] for k in range(1, len(s))] + ["~" + s]
            for k in keys:
                other = index.setdefault(k, sid)
                if other != sid:
                    parent[find(sid)] = find(other)
    blocks: dict[int, list[Identity]] = defaultdict(list)
    for sid, ident in idents.items():
        blocks[find(sid)].append(ident)
    return list(blocks.values())


def refresh_speakers(db: sqlite_utils.Database, corrections: Corrections | None = None) -> int:
    """Recompute every global speaker's display name, key, aliases, roles and gender from its
    recorded variants (and users' renames). Returns how many rows changed."""
    corrections = corrections if corrections is not None else load_corrections(strict=False)
    aliases: dict[int, list[dict]] = defaultdict(list)
    for r in db.query("select speaker_id, article_id, alias, name, norm, surname, given, gender from speaker_aliases order by id"):
        aliases[r["speaker_id"]].append(r)
    roles: dict[int, Counter] = defaultdict(Counter)
    for r in db.query("select speaker_id, role, count(distinct article_id) as n from speaker_roles group by speaker_id, role"):
        roles[r["speaker_id"]][r["role"]] += r["n"]
    changed = 0
    for row in list(db.query("select * from speakers")):
        sid = row["id"]
        rows = aliases.get(sid, [])
        norms = {a["norm"] for a in rows} | {normalise(row["name"] or "")}
        update: dict = {}
        kind = corrections.kind_for(norms) or row["kind"]
        if kind != row["kind"]:
            update["kind"] = kind
        if rows:
            name = corrections.pinned_name(norms) or _choose_name(row, rows, kind)
            if row["article_id"] is None:
                p = parse_person(name) if kind == "person" else None
                key = person_key(p) if p is not None else org_key(name) if kind in ORG_KINDS else row["key"]
            else:
                key = row["key"]
            counts = Counter()
            for a in rows:
                counts[a["alias"]] += 1
            seen = [name] + [a for a, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
            alias_json = json.dumps(list(dict.fromkeys(seen)), ensure_ascii=False)
            role_list = [r for r, _ in sorted(roles.get(sid, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))]
            role_json = json.dumps(role_list, ensure_ascii=False)
            genders = Counter(a["gender"] for a in rows if a["gender"])
            gender = genders.most_common(1)[0][0] if genders else row["gender"]
            for k, v in (("name", name), ("key", key), ("aliases", alias_json), ("roles", role_json), ("gender", gender)):
                if row[k] != v:
                    update[k] = v
        else:
            pinned = corrections.pinned_name(norms)
            if pinned and pinned != row["name"]:
                update["name"] = pinned
        if update:
            db["speakers"].update(sid, update)
            changed += 1
    return changed


def _choose_name(row: dict, rows: list[dict], kind: str) -> str:
    """The display name: for people, the given name seen in most articles (nicknames only when
    nothing else is known), then the most frequent, fullest variant with it; for others, the
    variant seen in most articles. The current name wins ties."""
    current = row["name"] or ""
    if kind != "person":
        counts = Counter()
        for a in rows:
            counts[a["name"]] += 1
        return max(counts, key=lambda n: (counts[n], n == current, len(n)))
    rows = [a for a in rows if a["surname"]]  # other names the articles gave (Abu Mazen) never lead
    if not rows:
        return current
    arts: dict[str, set] = defaultdict(set)
    first: dict[str, int] = {}
    for k, a in enumerate(rows):  # rows come in the order they were recorded
        arts[a["given"] or ""].add(a["article_id"])
        first.setdefault(a["given"] or "", k)
    givens = [g for g in arts if len(g) > 1]
    if not givens:
        givens = [g for g in arts if g] or [""]
    nick = _nicknames()
    formal = [g for g in givens if not any(  # Tony when Antony is known
        nick.get(g, set()) & nick.get(h, set()) and len(h) >= len(g) + 2 for h in givens
    )]
    givens = formal or givens
    cur = parse_person(split_person(current)[0] or current)
    best_given = max(givens, key=lambda g: (len(arts[g]), cur is not None and cur.given == g, -first[g]))
    variants = Counter()
    for a in rows:
        if (a["given"] or "") == best_given:
            variants[a["name"]] += 1
    return max(variants, key=lambda n: (variants[n], n == current, len(n.split()), n))


def drop_orphan_speakers(db: sqlite_utils.Database) -> int:
    """Delete speakers nothing uses (no quote, mention or intermediary refers to them), e.g.
    after re-ingesting their only article, or names an article mentioned without quoting them.
    People known by a full name are kept while an article names them: they help matching
    (``Mahmoud Abbas`` in one article lets a bare ``Abbas`` elsewhere join him)."""
    refs = [(t, c) for t, c in speaker_ref_columns(db) if t not in ("speaker_aliases", "speaker_roles", "speaker_stats")]
    unused = " and ".join(f"not exists (select 1 from [{t}] x where x.[{c}] = s.id)" for t, c in refs) or "1"
    ids = [r[0] for r in db.execute(
        f"select s.id from speakers s where {unused} and not (s.kind = 'person' and s.article_id is null "
        "and exists (select 1 from speaker_aliases a where a.speaker_id = s.id and length(a.given) > 1))"
    ).fetchall()]
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        db.execute(f"delete from speakers where id in ({','.join('?' * len(part))})", part)
    return len(ids)
