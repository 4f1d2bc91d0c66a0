"""Users' corrections to speakers: the ``speakers.yml`` file (reading, checking, writing) and the
rules it states. The operations that record and apply them are in :mod:`quotes.identity.ops`.

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

Every operation of :mod:`quotes.identity.ops` records the correction in the file AND applies it
to the database.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

from ..types import SETTABLE_KINDS
from .names import normalise, split_person

__all__ = [
    "Corrections", "SpeakersFileError", "corrections_path", "load_corrections", "save_corrections", "name_norms",
    "KINDS",
]

DEFAULT_FILE = "speakers.yml"
KINDS = SETTABLE_KINDS
HEADER = """\
# Speaker corrections for `quotes`, applied on every ingest (see `quotes speakers --help`).
#   merge:       {Kept name: [other name, ...]}   these names are one speaker
#   never_merge: [[name, name, ...], ...]          these names are different speakers
#   rename:      {old name: new name}              show a speaker under another name
#   kinds:       {name: kind}                      person, organization, media, document, group, anonymous
"""


class SpeakersFileError(ValueError):
    """The corrections file cannot be read or has the wrong shape."""


def name_norms(name: str) -> set[str]:
    """The normalised forms a name is matched by: as written and with titles stripped."""
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
    if st.st_size > MAX_FILE_BYTES:
        raise SpeakersFileError(f"{p}: too large (over {MAX_FILE_BYTES:,} bytes)")
    try:
        data = _safe_yaml(p.read_text(encoding="utf-8"), p) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SpeakersFileError(f"{p}: not valid YAML ({exc})") from exc
    except RecursionError as exc:
        raise SpeakersFileError(f"{p}: not valid YAML (nested too deeply)") from exc
    c = _from_dict(data, p)
    _cache[key] = (stamp, c)
    return c


MAX_FILE_BYTES = 5_000_000


def _safe_yaml(text: str, p: Path) -> object:
    """Safe YAML with anchors and aliases refused: a few hundred bytes of nested aliases (a
    "billion laughs") stand for billions of names. Checked on the event stream, which does
    not expand them."""
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise SpeakersFileError(f"{p}: YAML anchors and aliases (&name, *name) are not allowed; "
                                    "write each name out")
    return yaml.safe_load(text)


def _names(section: str, values: Iterable[object], p: Path) -> None:
    """Refuse a null or a non-scalar where a name is expected (``rename: {X: ~}`` is not "None")."""
    for v in values:
        if v is None or isinstance(v, (list, dict, bool)) or (isinstance(v, str) and not v.strip()):
            raise SpeakersFileError(f"{p}: {section}: {v!r} is not a name (every entry needs a name)")


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
    _names("merge", [*merge, *(x for v in merge.values() for x in v)], p)
    _names("never_merge", (x for g in never for x in g), p)
    _names("rename", [*rename, *rename.values()], p)
    _names("kinds", kinds, p)
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
    if p.is_symlink():  # write through the link: the file it points to changes, the link stays
        p = Path(os.path.realpath(p))
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(c.to_yaml(), encoding="utf-8")
    tmp.replace(p)
    c._index()
    return p
