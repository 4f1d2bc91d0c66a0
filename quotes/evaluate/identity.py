"""Scoring speaker identity: are the canonical speakers of the database the people the text
means?

The gold (``tests/identity/data/polnear_dev_identity.jsonl``) holds, per quote, only the article
id, the content spans, the source span and an entity label: ``person:<slug>`` and
``org:<slug>`` name one entity across the corpus, ``local:<slug>`` one inside its article (an
anonymous source, a group, a document). The article texts come from the PolNeAR file.

The articles are analysed, stored in one in-memory database and tracked as an ingest would do
them; each gold quote is matched to a stored quote (at least 30% of its content) whose source
mention overlaps the gold source, so that what is scored is identity, not attribution. On these
items: B-cubed precision, recall and F1 of canonical speakers against gold entities, and the
number of canonical speakers that hold two different gold people (or entities).
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from ..run.analyse import analyse
from ..store import memory_db, write_article
from ..store.articles import quote_speakers, speaker_names
from ..track import update_tracking
from ..types import Article
from .runner import cached_parse, json_lines
from .score import Pred, match

__all__ = ["read_identity_gold", "bcubed", "evaluate_identity", "format_identity"]


def read_identity_gold(path: str | Path) -> dict[str, list[dict]]:
    """Gold items by article id. A malformed line is a ``ValueError`` naming it."""
    out: dict[str, list[dict]] = defaultdict(list)
    for n, d in json_lines(path):
        if not isinstance(d, dict) or not {"article", "spans", "speaker_start", "speaker_end", "entity"} <= set(d):
            raise ValueError(f"line {n}: expected article, spans, speaker_start, speaker_end and entity")
        out[d["article"]].append(d)
    return dict(out)


def bcubed(items: list[tuple[str, object]]) -> dict:
    """B-cubed precision, recall and F1 of (gold entity, system cluster) pairs, one per item."""
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    by_sys: dict[object, Counter] = defaultdict(Counter)
    by_gold: dict[str, Counter] = defaultdict(Counter)
    for g, s in items:
        by_sys[s][g] += 1
        by_gold[g][s] += 1
    p = sum(by_sys[s][g] / sum(by_sys[s].values()) for g, s in items) / len(items)
    r = sum(by_gold[g][s] / sum(by_gold[g].values()) for g, s in items) / len(items)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate_identity(docs: list[dict], gold: dict[str, list[dict]], models: str | None = None,
                      use_cache: bool = True) -> dict:
    """Analyse the gold's articles (``docs``: PolNeAR records) into one database and score its
    canonical speakers against ``gold``."""
    by_id = {d["id"]: d for d in docs if "id" in d}
    missing = sorted(set(gold) - set(by_id))
    if missing:
        raise ValueError(f"{len(missing)} gold article(s) not in the articles file (first: {missing[0]})")
    db = memory_db()
    stored: dict[str, str] = {}
    for aid in gold:
        d = by_id[aid]
        quotes, speakers = analyse(cached_parse(d["text"], models, use_cache), d.get("title"))
        art = Article(source_path=aid, text=d["text"], title=d.get("title"), outlet=d.get("publisher"),
                      published=d.get("date"))
        stored[aid] = write_article(db, art, quotes, speakers, "evaluation")
    update_tracking(db)
    names = speaker_names(db.conn)
    items: list[tuple[str, int]] = []
    where: list[tuple[str, dict, int]] = []
    n_gold = unmatched = other_source = 0
    for aid, golds in gold.items():
        text = by_id[aid]["text"]
        rows = quote_speakers(db.conn, stored[aid])
        preds = [Pred([tuple(s) for s in json.loads(r["spans"])], "", None, None, None, "") for r in rows]
        n_gold += len(golds)
        pairs = dict(match(golds, preds, text, 0.3))
        for gi, g in enumerate(golds):
            pi = pairs.get(gi)
            if pi is None or rows[pi]["speaker_id"] is None:
                unmatched += 1
                continue
            r = rows[pi]
            if r["speaker_start"] is None or not _overlaps((r["speaker_start"], r["speaker_end"]),
                                                           (g["speaker_start"], g["speaker_end"])):
                other_source += 1
                continue
            ent = g["entity"] if not g["entity"].startswith("local:") else f"{g['entity']}@{aid}"
            items.append((ent, r["speaker_id"]))
            where.append((aid, g, r["speaker_id"]))
    b3 = bcubed(items)
    held: dict[int, set[str]] = defaultdict(set)
    for ent, sid in items:
        held[sid].add(ent)
    merged = {sid: sorted(e) for sid, e in held.items() if len(e) > 1}
    merged_people = {sid: e for sid, e in merged.items() if sum(1 for x in e if x.startswith("person:")) > 1}
    split = {ent: n for ent, n in Counter(ent for ent, _ in set(items)).items() if n > 1}
    return {
        "articles": len(gold),
        "gold_quotes": n_gold,
        "scored": len(items),
        "not_found": unmatched,
        "other_source": other_source,
        "gold_entities": len({e for e, _ in items}),
        "canonical_speakers": len(held),
        "bcubed": b3,
        "speakers_merging_people": len(merged_people),
        "speakers_merging_entities": len(merged),
        "merges": [{"speaker": names.get(sid, f"#{sid}"), "holds": ents} for sid, ents in sorted(merged.items())],
        "splits": [{"entity": e, "speakers": n} for e, n in sorted(split.items(), key=lambda kv: (-kv[1], kv[0]))],
    }


def format_identity(r: dict) -> str:
    b = r["bcubed"]
    lines = [
        f"articles {r['articles']}, gold quotes {r['gold_quotes']}: scored {r['scored']} "
        f"(not found or no speaker {r['not_found']}, another source {r['other_source']})",
        f"B-cubed  P {b['precision']:.3f}  R {b['recall']:.3f}  F1 {b['f1']:.3f}  "
        f"({r['gold_entities']} gold entities, {r['canonical_speakers']} canonical speakers)",
        f"canonical speakers merging different people: {r['speakers_merging_people']} "
        f"(different entities: {r['speakers_merging_entities']})",
    ]
    for m in r["merges"]:
        lines.append(f"  merged: {m['speaker']}: {', '.join(m['holds'])}")
    for s in r["splits"]:
        lines.append(f"  split: {s['entity']} in {s['speakers']} speakers")
    return "\n".join(lines)
