"""Identity in the database: an article's local speakers assigned to global ``speakers`` rows,
the corpus-wide re-matching and display names after an ingest, and users' corrections (merge,
split, rename, kind) recorded in ``speakers.yml`` and applied. The SQL is in
:mod:`quotes.store.speakers`; the decisions are made by the pure modules of this package.

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
* users' corrections (``speakers.yml``) come first.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable

import sqlite_utils

from ..types import LocalSpeaker
from ..store.speakers import (
    ambiguous_ids, article_roles, bare_person_articles,
    alias_norms, alias_rows_by_speaker, all_speakers, article_alias_rows, drop_orphan_speakers, get_speaker,
    global_ids, global_orgs, identity_rows, ids_by_key, ids_by_norms, insert_speaker, json_list,
    list_speakers, merge_json_list, merge_speaker_rows, move_articles, org_ids_by_alias_norm,
    person_candidates, record_variants, role_counts, set_kinds, set_names, similar_surnames, speaker_name,
    speaker_names_and_aliases, update_speaker, update_speaker_stats,
)
from ..store.schema import transaction
from .canon import Canon, canonicalise
from .corrections import KINDS, Corrections, SpeakersFileError, load_corrections, name_norms, save_corrections
from .match import Identity, ambiguous, choose, compatible, surname_blocks, surname_score
from .names import ORG_KINDS, PersonName, kin_owners, nicknames, normalise, org_key, org_norm, parse_person, person_key, role_words, split_person

__all__ = [
    "assign_speaker", "rematch_speakers", "refresh_speakers", "update_identities", "SpeakerNotFound",
    "find_speakers", "merge", "split", "split_in_db", "rename", "set_kind", "list_speakers",
]


class SpeakerNotFound(LookupError):
    """No speaker in the database has this name."""


# --------------------------------------------------------------------------- one article


def assign_speaker(db: sqlite_utils.Database, sp: LocalSpeaker, article_id: str) -> int:
    """The id of the global speaker for ``sp`` (created when new). Its variants and roles are
    recorded with ``article_id`` in ``speaker_aliases`` / ``speaker_roles``."""
    corrections = load_corrections(strict=False)
    c = canonicalise(sp, article_id, corrections)
    sid, unsure = _match(db, c, corrections)
    if unsure:  # a bare name several known people carry: kept in its article, flagged
        c.scoped, c.key = True, f"person@{article_id}:{normalise(c.name)}"
        sid = next(iter(ids_by_key(db, c.key)), None)
    if sid is None:
        sid = insert_speaker(db, {
            "name": c.name,
            "kind": c.kind,
            "key": c.key,
            "article_id": article_id if c.scoped else None,
            "gender": c.gender,
            "roles": json.dumps(c.roles, ensure_ascii=False),
            "aliases": json.dumps(list(dict.fromkeys(a.alias for a in c.aliases)), ensure_ascii=False),
            "ambiguous": 1 if unsure else 0,
        })
    else:
        row = get_speaker(db, sid)
        update = {
            "aliases": merge_json_list(row["aliases"], [a.alias for a in c.aliases]),
            "roles": merge_json_list(row["roles"], c.roles),
            "gender": row["gender"] or c.gender,
        }
        if row["kind"] == "organization" and c.kind == "media":
            update["kind"] = "media"
        if c.kind == "person" and c.identity is not None:
            cur = parse_person(split_person(row["name"] or "")[0] or "")
            new = parse_person(c.name)
            if (cur is None or cur.bare) and new is not None and not new.bare:
                update["name"], update["key"] = c.name, c.key
        update_speaker(db, sid, update)
    record_variants(
        db, sid, article_id,
        [{"alias": a.alias, "name": a.name, "norm": a.norm, "surname": a.surname, "given": a.given, "gender": a.gender}
         for a in c.aliases],
        c.roles,
    )
    return sid


def _match(db: sqlite_utils.Database, c: Canon, corrections: Corrections) -> tuple[int | None, bool]:
    """(the global speaker ``c`` joins or None, whether it is a bare name several people carry)."""
    if c.scoped:
        rows = ids_by_key(db, c.key)
        return (rows[0] if rows else None), False
    # a user's merge rule names the group this speaker belongs to
    norms = {a.norm for a in c.aliases} | {normalise(c.name)}
    canonical = corrections.canonical_for(norms)
    if canonical is not None:
        ids = _find_by_names(db, corrections.group_norms(canonical))
        if ids:
            return ids[0], False
    if c.kind in ORG_KINDS:
        rows = ids_by_key(db, c.key, global_only=True) or org_ids_by_alias_norm(db, org_norm(c.name))
        return next((r for r in rows if not corrections.blocks(norms, _names_of(db, r))), None), False
    assert c.identity is not None
    cands = _load_identities(db, _person_candidates(db, c.identity))
    scored = [(compatible(c.identity, i, corrections), i) for i in cands.values()]
    target = choose(c.identity, scored, corrections)
    if target is not None:
        return target.id, False
    return None, ambiguous(c.identity, scored, corrections)


def _names_of(db: sqlite_utils.Database, sid: int) -> set[str]:
    names = alias_norms(db, sid)
    name = speaker_name(db, sid)
    if name:
        names.add(normalise(name))
    return names


def _load_identities(db: sqlite_utils.Database, ids: Iterable[int]) -> dict[int, Identity]:
    """Identities of the person speakers ``ids`` from their name, alias rows and role rows."""
    speakers, aliases, roles = identity_rows(db, ids)
    out: dict[int, Identity] = {}
    for r in speakers:
        ident = out.setdefault(r["id"], Identity(r["id"]))
        name, more, g = split_person(r["name"] or "")
        ident.add(parse_person(name) if name else None, normalise(name) if name else None, g)
        ident.roles |= role_words(json_list(r["roles"]) + more)
        ident.kin |= kin_owners(json_list(r["roles"]))
    for r in aliases:
        ident = out.setdefault(r["speaker_id"], Identity(r["speaker_id"]))
        ident.articles.add(r["article_id"])
        if r["surname"]:
            full = parse_person(r["name"] or "")
            ident.add(PersonName(r["given"] or "", r["surname"], suffix=full.suffix if full else ""), r["norm"], r["gender"])
    for r in roles:
        ident = out.setdefault(r["speaker_id"], Identity(r["speaker_id"]))
        ident.roles |= role_words([r["role"]])
        ident.kin |= kin_owners([r["role"]])
    return out


def _person_candidates(db: sqlite_utils.Database, ident: Identity) -> list[int]:
    ids: set[int] = set()
    for s in ident.surnames:
        ids |= person_candidates(db, s)
        if len(s) >= 6:  # one edit apart; same first two letters here (rematch_speakers finds the rest)
            ids.update(sid for sid, other in similar_surnames(db, s) if surname_score(s, other))
    return sorted(ids)


def _find_by_names(db: sqlite_utils.Database, norms: Iterable[str]) -> list[int]:
    """Global speakers with one of these normalised names (as their name or an alias)."""
    norms = [n for n in dict.fromkeys(norms) if n]
    keys = [f"org:{n}" for n in norms]
    for n in norms:
        p = parse_person(n)
        if p is not None:
            keys.append(person_key(p))
    return ids_by_norms(db, norms, keys)


# --------------------------------------------------------------------------- the corpus


def update_identities(db: sqlite_utils.Database, speakers_path: str | Path | None = None) -> dict:
    """After an ingest: apply ``speakers.yml`` (splits first), drop speakers nothing uses,
    re-match speakers across articles and refresh their names. Returns counts."""
    corrections = load_corrections(speakers_path, strict=False)
    with transaction(db):
        for group in corrections.never_merge:
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    split_in_db(db, a, b, corrections)
        orphans = drop_orphan_speakers(db)  # first: a person gone from the corpus no longer blocks a match
        merges = rematch_speakers(db, corrections)
        orphans += drop_orphan_speakers(db)  # a bare name whose articles all went back to them
        renamed = refresh_speakers(db, corrections)
    return {
        "speakers_merged": sum(len(d) for _, d in merges),
        "speakers_updated": renamed,
        "speakers_dropped": orphans,
    }


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
    idents = _load_identities(db, global_ids(db, "person"))
    for block in surname_blocks(idents):
        if len(block) < 2:
            continue
        order = sorted(block, key=lambda i: (0 if i.givens else 1 if i.initials else 2, i.id))
        groups: list[tuple[Identity, list[int]]] = []
        for x in order:
            scored = [(compatible(x, g, corrections), g) for g, _ in groups]
            target = choose(x, scored, corrections)
            if target is None:
                groups.append((Identity(x.id, set(x.givens), set(x.initials), set(x.surnames), set(x.roles),
                                        set(x.genders), set(x.names), set(x.articles), set(x.suffixes), set(x.kin)), [x.id]))
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
    # 3. bare names merged before a namesake was known: back to their article when several
    #    people now fit (or to the one person their role picks), as if ingested last
    merges += _rejudge_bare_articles(db, corrections)
    # 4. bare names kept in their article as ambiguous that now fit one person only
    for sid, x in _load_identities(db, ambiguous_ids(db)).items():
        cands = _load_identities(db, _person_candidates(db, x))
        target = choose(x, [(compatible(x, i, corrections), i) for i in cands.values()], corrections)
        if target is not None:
            merges.append((target.id, [sid]))
            merge_speaker_rows(db, target.id, [sid])
    # 5. organisations and media whose keys now agree
    by_key: dict[str, list[int]] = defaultdict(list)
    for r in global_orgs(db):
        by_key[org_key(r["name"])].append(r["id"])
    for ids in by_key.values():
        ids = [i for i in ids if not corrections.blocks(_names_of(db, ids[0]), _names_of(db, i)) or i == ids[0]]
        if len(ids) > 1:
            merges.append((ids[0], ids[1:]))
            merge_speaker_rows(db, ids[0], ids[1:])
    return merges


def _rejudge_bare_articles(db: sqlite_utils.Database, corrections: Corrections) -> list[tuple[int, list[int]]]:
    """Articles that named a global person by the bare surname alone, judged again against every
    person now known with that surname: where several fit (``Trump`` once Donald, Donald Jr.
    and Melania are known) the article's mention goes back to its article, flagged ambiguous;
    where the evidence picks another person (a role, an honorific), it moves there. So the
    result does not depend on the order the articles came in. Returns [(new or target id,
    [old id])] for each move."""
    by_article: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for r in bare_person_articles(db):
        by_article[(r["speaker_id"], r["article_id"])].append(r)
    moves: list[tuple[int, list[int]]] = []
    for (sid, article_id), rows in by_article.items():
        x = Identity(None)
        for r in rows:
            x.add(PersonName("", r["surname"]), r["norm"], r["gender"])
        x.roles |= role_words(article_roles(db, sid, article_id))
        x.articles.add(article_id)
        cands = [c for c in _load_identities(db, _person_candidates(db, x)).values() if not c.bare]
        scored = [(compatible(x, c, corrections), c) for c in cands]
        target = choose(x, scored, corrections)
        if target is not None:
            if target.id == sid:
                continue
            new = target.id
        elif ambiguous(x, scored, corrections):
            name = rows[0]["name"] or rows[0]["alias"]
            key = f"person@{article_id}:{normalise(name)}"
            new = next(iter(ids_by_key(db, key)), None) or insert_speaker(db, {
                "name": name, "kind": "person", "key": key, "article_id": article_id,
                "gender": next((r["gender"] for r in rows if r["gender"]), None), "roles": "[]",
                "aliases": json.dumps(list(dict.fromkeys(r["alias"] for r in rows)), ensure_ascii=False),
                "ambiguous": 1,
            })
        else:
            continue
        move_articles(db, sid, new, [article_id])
        moves.append((new, [sid]))
    return moves


def refresh_speakers(db: sqlite_utils.Database, corrections: Corrections | None = None) -> int:
    """Recompute every global speaker's display name, key, aliases, roles and gender from its
    recorded variants (and users' renames). Returns how many rows changed."""
    corrections = corrections if corrections is not None else load_corrections(strict=False)
    aliases = alias_rows_by_speaker(db)
    roles = role_counts(db)
    changed = 0
    for row in all_speakers(db):
        sid = row["id"]
        rows = aliases.get(sid, [])
        norms = {a["norm"] for a in rows} | {normalise(row["name"] or "")}
        update: dict = {}
        kind = corrections.kind_for(norms) or row["kind"]
        if kind != row["kind"]:
            update["kind"] = kind
        if rows:
            name = corrections.pinned_name(norms) or choose_name(row, rows, kind)
            if row["article_id"] is None:
                p = parse_person(name) if kind == "person" else None
                key = person_key(p) if p is not None else org_key(name) if kind in ORG_KINDS else row["key"]
            else:
                key = row["key"]
            counts = Counter(a["alias"] for a in rows)
            seen = [name] + [a for a, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
            alias_json = json.dumps(list(dict.fromkeys(seen)), ensure_ascii=False)
            role_list = [r for r, _ in sorted(roles.get(sid, {}).items(), key=lambda kv: (-kv[1], kv[0]))]
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
            update_speaker(db, sid, update)
            changed += 1
    return changed


def choose_name(row: dict, rows: list[dict], kind: str) -> str:
    """The display name: for people, the given name seen in most articles (nicknames only when
    nothing else is known), then the most frequent, fullest variant with it; for others, the
    variant seen in most articles. The current name wins ties."""
    current = row["name"] or ""
    if kind != "person":
        counts = Counter(a["name"] for a in rows)
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
    nick = nicknames()
    formal = [g for g in givens if not any(  # Tony when Antony is known
        nick.get(g, set()) & nick.get(h, set()) and len(h) >= len(g) + 2 for h in givens
    )]
    givens = formal or givens
    cur = parse_person(split_person(current)[0] or current)
    best_given = max(givens, key=lambda g: (len(arts[g]), cur is not None and cur.given == g, -first[g]))
    variants = Counter(a["name"] for a in rows if (a["given"] or "") == best_given)
    return max(variants, key=lambda n: (variants[n], n == current, len(n.split()), n))


# --------------------------------------------------------------------------- users' corrections


def find_speakers(db: sqlite_utils.Database, name: str, thorough: bool = True) -> list[int]:
    """Global speakers called ``name`` (as their name or one of their variants); ``#12`` is an id.
    ``thorough`` also reads every row's JSON aliases (slow on big databases; the indexed lookup
    finds every speaker recorded by an ingest)."""
    if name.startswith("#") and name[1:].isdigit():
        return [int(name[1:])] if _exists(db, int(name[1:])) else []
    norms = name_norms(name)
    ids = set(_find_by_names(db, norms))
    for sid, display, aliases in speaker_names_and_aliases(db) if thorough else []:
        if any(normalise(n) in norms for n in [display, *aliases]):
            ids.add(sid)
    return sorted(ids)


def _exists(db: sqlite_utils.Database, sid: int) -> bool:
    try:
        get_speaker(db, sid)
    except sqlite_utils.db.NotFoundError:
        return False
    return True


def _need(db: sqlite_utils.Database, name: str, optional: bool = False) -> list[int]:
    """The one speaker called ``name`` ([] when ``optional`` and there is none)."""
    ids = find_speakers(db, name)
    if not ids and not optional:
        raise SpeakerNotFound(f"no speaker called {name!r}")
    if len(ids) > 1:
        which = ", ".join(f"#{i} {speaker_name(db, i)}" for i in ids[:10])
        raise SpeakerNotFound(f"{name!r} is ambiguous ({which}); name one by its #id")
    return ids


def merge(db: sqlite_utils.Database, into: str, others: list[str], path: str | Path | None = None) -> int:
    """Record that ``others`` are the same speaker as ``into`` (shown as ``into``) and merge
    them in the database. Returns the kept speaker id."""
    into_ids = _need(db, into, optional=not into.startswith("#"))
    other_ids = [_need(db, o)[0] for o in others]
    ids = into_ids + other_ids
    c = load_corrections(path)
    into_name = speaker_name(db, into_ids[0]) if into.startswith("#") else into
    other_names = [speaker_name(db, i) if o.startswith("#") else o for o, i in zip(others, other_ids)]
    names = _merge_group(c, into_name, other_names)
    c.never_merge = [g for g in c.never_merge if len({x.lower() for x in g} & names) < 2]
    save_corrections(c, path)
    keep = min(ids)
    with transaction(db):
        merge_speaker_rows(db, keep, ids)
        refresh_speakers(db, c)
        update_speaker_stats(db)
    return keep


def _merge_group(c: Corrections, into: str, others: list[str]) -> set[str]:
    """Add a merge rule, folding in existing groups that share a name. Returns its names (lower)."""
    group = [into, *others]
    for canonical in list(c.merge):
        members = [canonical, *c.merge[canonical]]
        if {m.lower() for m in members} & {g.lower() for g in group}:
            group += members
            del c.merge[canonical]
    seen: dict[str, str] = {}
    for g in group:
        seen.setdefault(g.lower(), g)
    c.merge[into] = [g for k, g in seen.items() if k != into.lower()]
    c._index()
    return set(seen)


def split(db: sqlite_utils.Database, name: str, other: str, path: str | Path | None = None) -> list[int]:
    """Record that ``name`` and ``other`` are different speakers and separate them in the
    database: the articles where ``other`` was seen (and ``name`` was not) move to their own
    speaker. Returns the ids of both. Both must be speakers in the database."""
    for n in (name, other):
        if not find_speakers(db, n):
            raise SpeakerNotFound(f"no speaker called {n!r}; split keeps apart two speakers of the database")
    c = load_corrections(path)
    low = {name.lower(), other.lower()}
    for canonical in list(c.merge):
        members = [canonical, *c.merge[canonical]]
        if len({m.lower() for m in members} & low) > 1:
            keep = [m for m in c.merge[canonical] if m.lower() != other.lower()]
            if canonical.lower() == other.lower():
                del c.merge[canonical]
                rest = [m for m in members if m.lower() != other.lower()]
                if len(rest) > 1:
                    c.merge[rest[0]] = rest[1:]
            elif keep:
                c.merge[canonical] = keep
            else:
                del c.merge[canonical]
    if not any({g.lower() for g in grp} >= low for grp in c.never_merge):
        c.never_merge.append([name, other])
    save_corrections(c, path)
    with transaction(db):
        ids = split_in_db(db, name, other, c)
        update_speaker_stats(db)
    return ids


def split_in_db(db: sqlite_utils.Database, name: str, other: str, c: Corrections) -> list[int]:
    """Separate the articles where ``other`` was seen from a speaker that also holds ``name``."""
    a_norms, b_norms = name_norms(name), name_norms(other)
    out: set[int] = set()
    a_ids = set(find_speakers(db, name, thorough=False))
    moved = False
    for sid in find_speakers(db, other, thorough=False):
        rows = article_alias_rows(db, sid)
        holds_a = any(r["norm"] in a_norms for r in rows) or sid in a_ids
        if not holds_a:
            out.add(sid)
            continue
        b_arts = {r["article_id"] for r in rows if r["norm"] in b_norms}
        a_arts = {r["article_id"] for r in rows if r["norm"] in a_norms}
        move = sorted(b_arts - a_arts)
        out.add(sid)
        if not move:
            continue
        moved = True
        row = get_speaker(db, sid)
        new = insert_speaker(db, {
            "name": other, "kind": row["kind"], "key": f"split:{sid}:{other.lower()}", "article_id": None,
            "gender": None, "roles": "[]", "aliases": json.dumps([other], ensure_ascii=False),
        })
        out.add(new)
        move_articles(db, sid, new, move)
    if moved:
        refresh_speakers(db, c)
    return sorted(out)


def rename(db: sqlite_utils.Database, old: str, new: str, path: str | Path | None = None) -> list[int]:
    """Record and apply a new display name for the speaker(s) called ``old``."""
    ids = _need(db, old)
    c = load_corrections(path)
    if old.startswith("#"):
        old = speaker_name(db, ids[0])
    for canonical in list(c.merge):
        if canonical.lower() == old.lower():
            c.merge[new] = [canonical, *[m for m in c.merge.pop(canonical) if m.lower() != new.lower()]]
    c.rename = {k: v for k, v in c.rename.items() if k.lower() != old.lower()}
    c.rename[old] = new
    save_corrections(c, path)
    with transaction(db):
        set_names(db, ids, new)
        refresh_speakers(db, c)
        update_speaker_stats(db)
    return ids


def set_kind(db: sqlite_utils.Database, name: str, kind: str, path: str | Path | None = None) -> list[int]:
    """Record and apply the kind of the speaker(s) called ``name``."""
    if kind not in KINDS:
        raise SpeakersFileError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    ids = _need(db, name)
    c = load_corrections(path)
    c.kinds[name] = kind
    save_corrections(c, path)
    with transaction(db):
        set_kinds(db, ids, kind)
    return ids
