"""A local speaker made ready for the database, pure: titles stripped, kind corrected, the
matching key, alias rows and (for people) the matching evidence."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ..types import LocalSpeaker
from .corrections import Corrections
from .match import Identity, given_score, surname_score
from .names import (
    ARTICLES, CONNECTORS, ORG_KINDS, PARTICLES, PRONOUNS, body_name, clean, effective_kind, first_name_gender,
    has_title, is_media, kin_owners, normalise, org_display, org_key, org_norm, org_variants, org_words, parse_person,
    person_in_body, person_key, role_words, split_person, titles, tok,
)

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


_DESCRIPTION = re.compile(r"(?:[Aa]n?\s|[Tt]he\s+[a-z])")


def canonicalise(sp: LocalSpeaker, article_id: str, corrections: Corrections | None = None) -> Canon:
    """Strip titles, correct the kind, build the matching key and alias rows of a local speaker."""
    raw = clean(sp.name) or sp.name.strip()
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
    if kind in ORG_KINDS and not (corrections and corrections.kind_for({normalise(raw), org_norm(raw)})):
        kind, raw, roles = _body_or_description(kind, raw, roles)
    if kind == "person":
        return _canon_person(sp, raw, surfaces, roles, article_id)
    if kind in ORG_KINDS:
        name = org_display(raw)
        aliases: list[AliasRow] = []
        for i, s in enumerate([name, *surfaces]):
            d = org_display(s)
            if org_norm(d) and not any(a.alias == clean(s) for a in aliases):
                # a description ("A House panel", "the appeals court") is kept as written but
                # never matched on: it does not name the same body in another article
                aliases.append(AliasRow(clean(s) or s, d, "" if i and _DESCRIPTION.match(s.strip()) else org_norm(d)))
        return Canon(name, kind, org_key(name), False, [], aliases, None)
    name = raw
    key = f"{kind}@{article_id}:{normalise(name)}"
    rows = [AliasRow(clean(s) or s, clean(s) or s, normalise(s)) for s in surfaces]
    return Canon(name, kind, key, True, _clean_roles(roles, name), rows, sp.gender)


def _body_or_description(kind: str, raw: str, roles: list[str]) -> tuple[str, str, list[str]]:
    """What an organisation's or outlet's speaker is: a person an organisation's name led into
    ("Clinton campaign manager Robby Mook"), a body under its proper name ("conservative Tax
    Foundation" -> Tax Foundation), or a description kept in its article ("Her submission to the
    court", "police", "the Court", "Judge rejects New York Times": an outlet after a verb is its
    object, not the speaker), never stored as a body other articles could join."""
    person = person_in_body(raw)
    if person is not None:
        return "person", person[0], [*roles, person[1]]
    words = raw.split()
    if first_name_gender(raw) and 2 <= len(words) <= 4 and all(w[:1].isupper() and not re.search(r"['’]s$", w)
                                                                for w in words) \
            and not any(tok(w) in org_words() for w in words) and not is_media(raw):
        return "person", raw, roles  # "Pamela Padilla": a person the tagger called an organisation
    body = body_name(raw)
    if body is not None:
        return kind, body, roles
    return "unknown", raw, roles


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
        row = AliasRow(clean(s) or s, n, normalise(n), ps.surname, ps.given, g)
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
    ident.kin = kin_owners(roles)
    gender = sp.gender or hon or next((a.gender for a in aliases if a.gender), None)
    return Canon(name, "person", person_key(p), False, roles, aliases, gender, ident)


def _clean_roles(roles: Iterable[str], name: str) -> list[str]:
    """Roles as seen, without the name itself, articles or words that are no title."""
    out = []
    toks = {tok(t) for t in name.split()} - PARTICLES
    for r in roles:
        if kin_owners([r]):
            out.append(clean(r))  # "husband of Melania Trump": a relation, whole
            continue
        words_ = clean(r).split()
        for k, w in enumerate(words_):  # "Foreign Minister Gabi Ashkenazi on Friday" -> "Foreign Minister"
            if tok(w) in toks and w[:1].isupper():
                words_ = words_[:k]
                break
        role = ARTICLES.sub("", " ".join(words_)).strip(" ,")
        if role and has_title(role):
            out.append(role)
    return _dedup(out)


def _only_titles(name: str) -> bool:
    toks = [tok(t) for t in ARTICLES.sub("", name).split()]
    return bool(toks) and all(t in titles() or t in CONNECTORS or t == "the" for t in toks)


def _org_behind(raw: str, texts: list[str]) -> str | None:
    """The organisation a mis-typed "person" stands for (``Department`` seen as ``the State
    Department``), or None when ``raw`` looks like a person's name."""
    toks = [tok(t) for t in raw.split()]
    if not toks or toks[-1] not in org_words():
        return None
    head = raw.split()[-1]
    cands = [clean(t) for t in texts if t and clean(t).lower().endswith(head.lower())]
    if not cands:
        return raw
    known = [c for c in cands if org_norm(c) in org_variants()]
    return max(known or cands, key=lambda c: (len(c.split()), c))


def _dedup(items: Iterable[str]) -> list[str]:
    out: dict[str, str] = {}
    for x in items:
        x = clean(x)
        if x and x.lower() not in out:
            out[x.lower()] = x
    return list(out.values())
