"""Users' corrections to speakers: the ``speakers.yml`` file and the merge / split / rename
operations behind ``quotes speakers``.

The file (``speakers.yml`` in the working directory by default; ``QUOTES_SPEAKERS`` or an
explicit path to point elsewhere) is applied on every ingest, so a correction survives
re-ingesting and rebuilding the database::

    merge:            # these names are one speaker, shown under the first name
      Antony Blinken: [Tony Blinken, Secretary Blinkin]
    never_merge:      # these names are different speakers
      - [Hady Amr, Issa Amro]
    rename:           # show this speaker under another name
      Abu Mazen: Mahmoud Abbas
    kinds:            # person, organization, media, document, group, anonymous
      Legal Insurrection: media

Every operation here records the correction in the file AND applies it to the database.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import sqlite_utils
import yaml

from .store.schema import transaction

__all__ = [
    "Corrections", "SpeakersFileError", "SpeakerNotFound", "corrections_path", "load_corrections",
    "save_corrections", "find_speakers", "merge", "split", "rename", "set_kind", "apply",
    "list_speakers",
]

DEFAULT_FILE = "speakers.yml"
KINDS = ("person", "organization", "media", "document", "group", "anonymous")
HEADER = """\
# Speaker corrections for `quotes`, applied on every ingest (see `quotes speakers --help`).
#   merge:       {Kept name: [other name, ...]}   these names are one speaker
#   never_merge: [[name, name, ...], ...]          these names are different speakers
#   rename:      {old name: new name}              show a speaker under another name
#   kinds:       {name: kind}                      person, organization, media, document, group, anonymous
"""


class SpeakersFileError(ValueError):
    """The corrections file cannot be read or has the wrong shape."""


class SpeakerNotFound(LookupError):
    """No speaker in the database has this name."""


def name_norms(name: str) -> set[str]:
    """The normalised forms a name is matched by: as written and with titles stripped."""
    from .resolve.canonical import normalise, split_person

    out = {normalise(name)}
    stripped = split_person(name)[0]
    if stripped:
        out.add(normalise(stripped))
    return {n for n in out if n}


@dataclass
class Corrections:
    merge: dict[str, list[str]] = field(default_factory=dict)
    never_merge: list[list[str]] = field(default_factory=list)
    rename: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        self._group: dict[str, str] = {}
        for canonical, others in self.merge.items():
            for n in [canonical, *others]:
                for x in name_norms(n):
                    self._group.setdefault(x, canonical)
        self._never: list[list[set[str]]] = [[name_norms(n) for n in grp] for grp in self.never_merge]
        self._rename = {x: new for old, new in self.rename.items() for x in name_norms(old)}
        self._kinds = {x: k for n, k in self.kinds.items() for x in name_norms(n)}

    def is_empty(self) -> bool:
        return not (self.merge or self.never_merge or self.rename or self.kinds)

    def canonical_for(self, norms: Iterable[str]) -> str | None:
        """The kept name of the merge group one of ``norms`` belongs to."""
        return next((self._group[n] for n in norms if n in self._group), None)

    def group_norms(self, canonical: str) -> set[str]:
        out = set()
        for n in [canonical, *self.merge.get(canonical, [])]:
            out |= name_norms(n)
        return out

    def blocks(self, a: Iterable[str], b: Iterable[str]) -> bool:
        """True when a never-merge rule separates a speaker named ``a`` from one named ``b``."""
        a, b = set(a), set(b)
        for grp in self._never:
            ia = {i for i, ns in enumerate(grp) if ns & a}
            ib = {i for i, ns in enumerate(grp) if ns & b}
            if ia and ib and (ia | ib) != ia & ib:
                return True
        return False

    def pinned_name(self, norms: Iterable[str]) -> str | None:
        """The name a user chose for a speaker with these names (merge group or rename)."""
        norms = set(norms)
        for n in norms:
            if n in self._rename:
                return self._rename[n]
        canonical = self.canonical_for(norms)
        if canonical is not None:
            return self.rename.get(canonical, canonical)
        return None

    def kind_for(self, norms: Iterable[str]) -> str | None:
        return next((self._kinds[n] for n in norms if n in self._kinds), None)

    def to_yaml(self) -> str:
        data: dict = {}
        if self.merge:
            data["merge"] = {k: list(v) for k, v in self.merge.items()}
        if self.never_merge:
            data["never_merge"] = [list(g) for g in self.never_merge]
        if self.rename:
            data["rename"] = dict(self.rename)
        if self.kinds:
            data["kinds"] = dict(self.kinds)
        body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None) if data else ""
        return HEADER + body


def corrections_path(path: str | Path | None = None) -> Path:
    """``path``, else ``$QUOTES_SPEAKERS``, else ``speakers.yml`` in the working directory."""
    return Path(path or os.environ.get("QUOTES_SPEAKERS") or DEFAULT_FILE)


_cache: dict[str, tuple[tuple[int, int], Corrections]] = {}


_warned: set[tuple] = set()


def load_corrections(path: str | Path | None = None, strict: bool = True) -> Corrections:
    """Read the corrections file (an empty set when it does not exist). A broken file raises
    :class:`SpeakersFileError`; with ``strict=False`` (during an ingest) it is reported once on
    stderr and ignored, so one typo does not lose a run."""
    if strict:
        return _load(path)
    try:
        return _load(path)
    except SpeakersFileError as exc:
        key = (str(exc),)
        if key not in _warned:
            _warned.add(key)
            print(f"warning: {exc}; speaker corrections not applied", file=sys.stderr)
        return Corrections(path=corrections_path(path))


def _load(path: str | Path | None = None) -> Corrections:
    p = corrections_path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        return Corrections(path=p)
    key = str(p.resolve())
    stamp = (st.st_mtime_ns, st.st_size)
    hit = _cache.get(key)
    if hit and hit[0] == stamp:
        return hit[1]
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SpeakersFileError(f"{p}: not valid YAML ({exc})") from exc
    c = _from_dict(data, p)
    _cache[key] = (stamp, c)
    return c


def _from_dict(data: object, p: Path) -> Corrections:
    if not isinstance(data, dict):
        raise SpeakersFileError(f"{p}: expected a mapping with merge / never_merge / rename / kinds")
    unknown = set(data) - {"merge", "never_merge", "rename", "kinds"}
    if unknown:
        raise SpeakersFileError(f"{p}: unknown section(s) {', '.join(sorted(map(str, unknown)))}")
    merge = data.get("merge") or {}
    never = data.get("never_merge") or []
    rename = data.get("rename") or {}
    kinds = data.get("kinds") or {}
    if not isinstance(merge, dict) or not all(isinstance(v, list) for v in merge.values()):
        raise SpeakersFileError(f"{p}: merge must map a name to a list of names")
    if not isinstance(never, list) or not all(isinstance(g, list) and len(g) >= 2 for g in never):
        raise SpeakersFileError(f"{p}: never_merge must be a list of lists of two or more names")
    if not isinstance(rename, dict) or not isinstance(kinds, dict):
        raise SpeakersFileError(f"{p}: rename and kinds must be mappings")
    bad = {k: v for k, v in kinds.items() if v not in KINDS}
    if bad:
        raise SpeakersFileError(f"{p}: unknown kind(s) {bad}; use one of {', '.join(KINDS)}")
    return Corrections(
        merge={str(k): [str(x) for x in v] for k, v in merge.items()},
        never_merge=[[str(x) for x in g] for g in never],
        rename={str(k): str(v) for k, v in rename.items()},
        kinds={str(k): str(v) for k, v in kinds.items()},
        path=p,
    )


def save_corrections(c: Corrections, path: str | Path | None = None) -> Path:
    p = corrections_path(path or c.path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(c.to_yaml(), encoding="utf-8")
    tmp.replace(p)
    c._index()
    return p


# --------------------------------------------------------------------------- database side


def find_speakers(db: sqlite_utils.Database, name: str, thorough: bool = True) -> list[int]:
    """Global speakers called ``name`` (as their name or one of their variants); ``#12`` is an id.
    ``thorough`` also reads every row's JSON aliases (slow on big databases; the indexed lookup
    finds every speaker recorded by an ingest)."""
    from .resolve.canonical import _find_by_names, normalise

    if name.startswith("#") and name[1:].isdigit():
        return [r[0] for r in db.execute("select id from speakers where id = ?", [int(name[1:])]).fetchall()]
    norms = name_norms(name)
    ids = set(_find_by_names(db, norms))
    for r in db.execute("select id, name, aliases from speakers").fetchall() if thorough else []:
        names = [r[1] or ""] + json.loads(r[2] or "[]")
        if any(normalise(n) in norms for n in names):
            ids.add(r[0])
    return sorted(ids)


def _need(db: sqlite_utils.Database, name: str, optional: bool = False) -> list[int]:
    """The one speaker called ``name`` ([] when ``optional`` and there is none)."""
    ids = find_speakers(db, name)
    if not ids and not optional:
        raise SpeakerNotFound(f"no speaker called {name!r}")
    if len(ids) > 1:
        which = ", ".join(f"#{i} {_display(db, i)}" for i in ids[:10])
        raise SpeakerNotFound(f"{name!r} is ambiguous ({which}); name one by its #id")
    return ids


def _display(db: sqlite_utils.Database, sid: int) -> str:
    return db.execute("select name from speakers where id = ?", [sid]).fetchone()[0]


def merge(db: sqlite_utils.Database, into: str, others: list[str], path: str | Path | None = None) -> int:
    """Record that ``others`` are the same speaker as ``into`` (shown as ``into``) and merge
    them in the database. Returns the kept speaker id."""
    from .resolve.canonical import merge_speaker_rows, refresh_speakers
    from .track import update_speaker_stats

    into_ids = _need(db, into, optional=not into.startswith("#"))
    other_ids = [_need(db, o)[0] for o in others]
    ids = into_ids + other_ids
    c = load_corrections(path)
    into_name = _display(db, into_ids[0]) if into.startswith("#") else into
    other_names = [_display(db, i) if o.startswith("#") else o for o, i in zip(others, other_ids)]
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
    speaker. Returns the ids of both."""
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
    from .track import update_speaker_stats

    with transaction(db):
        ids = split_in_db(db, name, other, c)
        update_speaker_stats(db)
    return ids


def split_in_db(db: sqlite_utils.Database, name: str, other: str, c: Corrections) -> list[int]:
    """Separate the articles where ``other`` was seen from a speaker that also holds ``name``."""
    from .resolve.canonical import refresh_speakers, speaker_ref_columns

    a_norms, b_norms = name_norms(name), name_norms(other)
    out: set[int] = set()
    a_ids = set(find_speakers(db, name, thorough=False))
    moved = False
    for sid in find_speakers(db, other, thorough=False):
        rows = list(db.query("select article_id, norm from speaker_aliases where speaker_id = ?", [sid]))
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
        row = db["speakers"].get(sid)
        new = db["speakers"].insert({
            "name": other, "kind": row["kind"], "key": f"split:{sid}:{other.lower()}", "article_id": None,
            "gender": None, "roles": "[]", "aliases": json.dumps([other], ensure_ascii=False),
        }).last_pk
        out.add(new)
        marks = ",".join("?" * len(move))
        for table, col in speaker_ref_columns(db):
            cols = {x.name for x in db[table].columns}
            if "article_id" in cols:
                db.execute(f"update [{table}] set [{col}] = ? where [{col}] = ? and article_id in ({marks})", [new, sid, *move])
            elif "quote_id" in cols:
                db.execute(
                    f"update [{table}] set [{col}] = ? where [{col}] = ? and quote_id in "
                    f"(select id from quotes where article_id in ({marks}))", [new, sid, *move],
                )
    if moved:
        refresh_speakers(db, c)
    return sorted(out)


def rename(db: sqlite_utils.Database, old: str, new: str, path: str | Path | None = None) -> list[int]:
    """Record and apply a new display name for the speaker(s) called ``old``."""
    from .resolve.canonical import refresh_speakers
    from .track import update_speaker_stats

    ids = _need(db, old)
    c = load_corrections(path)
    if old.startswith("#"):
        old = _display(db, ids[0])
    for canonical in list(c.merge):
        if canonical.lower() == old.lower():
            c.merge[new] = [canonical, *[m for m in c.merge.pop(canonical) if m.lower() != new.lower()]]
    c.rename = {k: v for k, v in c.rename.items() if k.lower() != old.lower()}
    c.rename[old] = new
    save_corrections(c, path)
    with transaction(db):
        marks = ",".join("?" * len(ids))
        db.execute(f"update speakers set name = ? where id in ({marks})", [new, *ids])
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
        marks = ",".join("?" * len(ids))
        db.execute(f"update speakers set kind = ? where id in ({marks})", [kind, *ids])
    return ids


def apply(db: sqlite_utils.Database, path: str | Path | None = None) -> dict:
    """Apply the corrections file (and the automatic cross-article matching) to the database."""
    from .track import update_tracking

    load_corrections(path)  # a broken file is an error here, not a warning
    return update_tracking(db, speakers_path=path)


def list_speakers(db: sqlite_utils.Database, search: str | None = None, limit: int = 50) -> list[dict]:
    """Speakers with their quote counts, most quoted first (``search`` matches names and aliases)."""
    sql = (
        "select s.id, s.name, s.kind, s.aliases, s.roles, "
        "(select count(*) from quotes q where q.speaker_id = s.id) as quotes "
        "from speakers s"
    )
    args: list = []
    if search:
        sql += " where s.name like ? or s.aliases like ?"
        args = [f"%{search}%", f"%{search}%"]
    sql += " order by quotes desc, s.id limit ?"
    return list(db.query(sql, [*args, limit]))
