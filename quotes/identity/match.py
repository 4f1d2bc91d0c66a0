"""Matching people, pure: whether two sets of evidence about a name can be one person, and which
known person a new mention joins. Nothing here touches a database."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import product
from typing import Iterable

from rapidfuzz.distance import Levenshtein

from .corrections import Corrections
from .names import PersonName, given_gender, given_names, nicknames

def given_score(a: str, b: str) -> int:
    """How well two given names agree: 4 equal, 3 nickname, 2 one letter apart, 1 an initial,
    0 incompatible."""
    if a == b:
        return 4
    if len(a) == 1 or len(b) == 1:
        return 1 if a[0] == b[0] else 0
    nick = nicknames()
    if nick.get(a, frozenset()) & nick.get(b, frozenset()):
        return 3
    if min(len(a), len(b)) >= 5 and a[0] == b[0] and Levenshtein.distance(a, b) <= 1 and not (
            a in given_names() and b in given_names()):
        return 2  # a typo ("Antony"/"Anthonny"), not two names ("Ivana"/"Ivanka", "Maria"/"Marie")
    return 0


def surname_score(a: str, b: str) -> int:
    """2 equal, 1 one edit apart (both at least six letters, same first letter), 0 otherwise."""
    if a == b:
        return 2
    if min(len(a), len(b)) >= 6 and a[0] == b[0] and Levenshtein.distance(a, b) <= 1:
        return 1
    return 0


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
    suffixes: set[str] = field(default_factory=set)  # generational suffixes seen with a given name ("" = none)
    kin: set[str] = field(default_factory=set)  # normalised names of those the texts say are family

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
            if p.given:
                self.suffixes.add(p.suffix)
        if norm:
            self.names.add(norm)
        if gender in ("m", "f"):
            self.genders.add(gender)

    def absorb(self, other: Identity) -> None:
        for f in ("givens", "initials", "surnames", "roles", "genders", "names", "articles", "suffixes", "kin"):
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
    # Mr. Weiner is not Sadie Weiner: an honorific's gender against the other's given name
    ga = {given_gender(g) for g in a.givens} - {None}
    gb = {given_gender(g) for g in b.givens} - {None}
    if (a.genders and gb and not a.genders & gb) or (b.genders and ga and not b.genders & ga):
        return 0
    # "husband of Melania Trump" is not Melania Trump
    if a.kin & b.names or b.kin & a.names:
        return 0
    # Donald Trump Jr. is not Donald Trump: a generational suffix on one only
    if a.suffixes and b.suffixes and not a.suffixes & b.suffixes:
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
    return None  # a bare name several known people carry: it stays in its article (ambiguous)


def ambiguous(x: Identity, scored: list[tuple[int, Identity]], corrections: Corrections | None = None) -> bool:
    """A bare surname (or initial) that fits several known people who cannot be one person."""
    if x.givens:
        return False
    cands = [c for s, c in scored if s > 0]
    return len(cands) > 1 and choose(x, scored, corrections) is None

def surname_blocks(idents: dict[int, Identity]) -> list[list[Identity]]:
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
