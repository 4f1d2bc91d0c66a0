"""Cross-article speakers: map an article's local speakers onto one row per real-world entity."""
from __future__ import annotations

import json
import re
import unicodedata

import sqlite_utils

from ..extract.types import LocalSpeaker


def normalise(name: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^\w\s]", " ", s.lower())
    return " ".join(s.split())


def speaker_key(sp: LocalSpeaker, article_id: str) -> str:
    key = normalise(sp.name)
    if sp.kind in ("anonymous", "unknown"):
        return f"{sp.kind}:{article_id}:{key}"
    return key


def _merge_list(old: str | None, new: list[str]) -> str:
    items = json.loads(old) if old else []
    for x in new:
        if x and x not in items:
            items.append(x)
    return json.dumps(items, ensure_ascii=False)


def assign_speaker(db: sqlite_utils.Database, sp: LocalSpeaker, article_id: str) -> int:
    """The id of the global speaker for ``sp`` (created when new); aliases and roles are merged."""
    key = speaker_key(sp, article_id)
    rows = list(db.query("select * from speakers where key = ?", [key]))
    scoped = sp.kind in ("anonymous", "unknown")
    if rows:
        row = rows[0]
        db["speakers"].update(row["id"], {
            "aliases": _merge_list(row["aliases"], [sp.name, *sp.aliases]),
            "roles": _merge_list(row["roles"], sp.roles),
            "gender": row["gender"] or sp.gender,
        })
        return row["id"]
    return db["speakers"].insert({
        "name": sp.name,
        "kind": sp.kind,
        "key": key,
        "article_id": article_id if scoped else None,
        "gender": sp.gender,
        "roles": json.dumps(sp.roles, ensure_ascii=False),
        "aliases": json.dumps(list(dict.fromkeys([sp.name, *sp.aliases])), ensure_ascii=False),
    }).last_pk
