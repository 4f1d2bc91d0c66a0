"""Tracking across the corpus, rebuilt after every ingest by :func:`update_tracking`:

* speakers: users' corrections (``speakers.yml``), cross-article re-matching, display names;
* quote propagation: the same words quoted in several articles form one cluster (``clusters``),
  with the first article and date and the outlets that carried it; each member's wording is
  compared with the first one (``cluster_variants``: similarity, drift flag, word-level diff).

Clustering covers direct and mixed quotes of at least :data:`MIN_WORDS` words. Two quotes join
when their normalised words are equal, or near-identical (rapidfuzz ``ratio``), or one is an
excerpt of the other (``partial_ratio``; the excerpt needs :data:`MIN_EXCERPT_WORDS` words, or
six and half the longer quote). Only clusters spanning two articles or more are stored: a quote seen
in one article has no cluster row and ``quotes.cluster_id`` stays null.

Candidate pairs come from an inverted index of word 3-grams (shingles shared by more than
:data:`MAX_DF` distinct texts are boilerplate and skipped), never from all pairs. The result is
computed from scratch and written as a difference against what is stored, so running it again
changes nothing (idempotent) and costs reads, not writes.
"""
from __future__ import annotations

import gc
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain
from difflib import SequenceMatcher
from pathlib import Path

import sqlite_utils
from rapidfuzz import fuzz

from .identity.ops import update_identities
from .store.clusters import cluster_candidates, write_clusters
from .store.schema import transaction
from .store.speakers import update_speaker_stats

__all__ = ["update_tracking", "update_clusters", "update_speaker_stats", "compare", "similar", "words", "wording", "find_groups", "MIN_WORDS"]

MIN_WORDS = 4  # shorter quotes ("apartheid", "extra burden") are never clustered
MIN_EXCERPT_WORDS = 8  # an excerpt this long (or half the longer quote) may join a longer quote
SHINGLE = 3
MAX_DF = 200
RATIO_LONG = 85.0  # similarity needed when the shorter quote has at least 8 words
RATIO_SHORT = 92.0  # ... and below that
CONTEXT = 3  # words of context kept around each change in a diff


def update_tracking(db: sqlite_utils.Database, speakers_path: str | Path | None = None) -> dict:
    """Recompute cross-article structures after an ingest: speaker identity first (apply
    ``speakers.yml``, re-match speakers across articles, refresh their names, drop orphans),
    then quote clusters and per-speaker figures. Returns counts of what changed."""
    with transaction(db):
        counts = update_identities(db, speakers_path)
        clusters = update_clusters(db)
        update_speaker_stats(db)
    return {**counts, **clusters, **_update_claims(db)}


def _update_claims(db: sqlite_utils.Database) -> dict:
    """Claims across articles (quotes/claims.py), after identities and clusters. Without the
    sentence encoder, claims are left as they are and a one-line warning says why."""
    import sys

    from .claims import update_claims
    from .nlp.encoder import EncoderError

    try:
        return update_claims(db, progress=lambda msg: print(msg, file=sys.stderr))
    except EncoderError as exc:
        print(f"warning: claims not updated: {exc}", file=sys.stderr)
        return {}


# --------------------------------------------------------------------------- wording


_TOKEN = re.compile(r"\S+")


_PUNCT = re.compile(r"[^\w\s]|_")


def _fold(s: str) -> str:
    """Lower case without accents (plain ASCII text, the common case, skips the Unicode work)."""
    if s.isascii():
        return s.lower()
    s = unicodedata.normalize("NFKD", s.replace("’", "'"))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def tokens(text: str) -> list[tuple[str, str]]:
    """(as written, normalised) for each word of ``text``; punctuation-only tokens dropped."""
    out = []
    for m in _TOKEN.finditer(text):
        n = _PUNCT.sub("", _fold(m.group()))
        if n:
            out.append((m.group(), n))
    return out


def words(text: str) -> list[str]:
    """The normalised words of a quote: case, accents and punctuation ignored."""
    return _PUNCT.sub("", _fold(text)).split()


def wording(text: str, qtype: str) -> str:
    """The words a quote puts in the speaker's mouth: all of a direct quote, the parts of a
    mixed quote inside quotation marks (joined with `` … ``)."""
    if qtype != "mixed":
        return text
    from .extract.marks import find_quotations

    parts = [text[a:b] for q in find_quotations(text) for a, b in q.spans]
    return " … ".join(p.strip() for p in parts if p.strip()) or text


def _threshold(n_short: int) -> float:
    return RATIO_LONG if n_short >= 8 else RATIO_SHORT


def similar(a: list[str], b: list[str]) -> float:
    """0-100: how alike two quotes' words are (an excerpt of the other counts as alike);
    0 when they are too short or the excerpt too small to say."""
    if a == b:
        return 100.0 if len(a) >= MIN_WORDS else 0.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_WORDS:
        return 0.0
    sa, sb = " ".join(short), " ".join(long_)
    score = fuzz.ratio(sa, sb)
    if len(short) >= MIN_EXCERPT_WORDS or (len(short) >= 6 and len(short) * 2 >= len(long_)):
        score = max(score, fuzz.partial_ratio(sa, sb))
    return score if score >= _threshold(len(short)) else 0.0


@dataclass
class Comparison:
    similarity: float  # 0-1, over the part the two quotes share
    drift: bool  # the wording differs (not just a longer or shorter excerpt)
    diff: str | None  # word-level difference: [-removed-] {+added+}, with context


def compare(base: str, variant: str) -> Comparison:
    """Compare a cluster member with the cluster text. Words outside the aligned part (one
    quote being an excerpt of the other) are not drift; changes inside it are."""
    bt, vt = tokens(base), tokens(variant)
    bn, vn = [n for _, n in bt], [n for _, n in vt]
    if bn == vn:
        return Comparison(1.0, False, None)
    blocks = [b for b in SequenceMatcher(None, bn, vn, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return Comparison(0.0, True, _render([("replace", 0, len(bn), 0, len(vn))], bt, vt))
    # drop stray one-word matches far from the rest at either end
    while len(blocks) > 1 and blocks[0].size == 1 and (blocks[1].a - blocks[0].a > CONTEXT + 1 or blocks[1].b - blocks[0].b > CONTEXT + 1):
        blocks.pop(0)
    while len(blocks) > 1 and blocks[-1].size == 1 and (blocks[-1].a - blocks[-2].a - blocks[-2].size > CONTEXT or blocks[-1].b - blocks[-2].b - blocks[-2].size > CONTEXT):
        blocks.pop()
    a0, b0 = blocks[0].a, blocks[0].b
    a1, b1 = blocks[-1].a + blocks[-1].size, blocks[-1].b + blocks[-1].size
    # an unmatched stretch on both sides at an end is a change in wording, not an excerpt
    if a0 and b0:
        a0, b0 = 0, 0
    if a1 < len(bn) and b1 < len(vn):
        a1, b1 = len(bn), len(vn)
    ops = SequenceMatcher(None, bn[a0:a1], vn[b0:b1], autojunk=False).get_opcodes()
    ops = [(tag, i1 + a0, i2 + a0, j1 + b0, j2 + b0) for tag, i1, i2, j1, j2 in ops]
    sim = fuzz.ratio(" ".join(bn[a0:a1]), " ".join(vn[b0:b1])) / 100
    drift = any(tag != "equal" for tag, *_ in ops)
    return Comparison(round(sim, 3), drift, _render(ops, bt, vt) if drift else None)


def _render(ops: list[tuple], bt: list[tuple[str, str]], vt: list[tuple[str, str]]) -> str:
    """``enjoy equal {+measures of+} freedom, security, …``: the changes with a little context."""
    out: list[str] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            ws = [w for w, _ in vt[j1:j2]]
            first, last = k == 0, k == len(ops) - 1
            if len(ws) > CONTEXT * (1 if first or last else 2) + 1:
                head = [] if first else ws[:CONTEXT]
                tail = [] if last else ws[-CONTEXT:]
                ws = head + ["…"] + tail
            out.extend(ws)
            continue
        if tag in ("delete", "replace"):
            out.append("[-" + " ".join(w for w, _ in bt[i1:i2]) + "-]")
        if tag in ("insert", "replace"):
            out.append("{+" + " ".join(w for w, _ in vt[j1:j2]) + "+}")
    return " ".join(out)


# --------------------------------------------------------------------------- clustering


def _shingles(ws: list[str]) -> set[int]:
    if len(ws) < SHINGLE:
        return {hash(tuple(ws))}
    return set(map(hash, zip(ws, ws[1:], ws[2:])))


def find_groups(texts: list[list[str]], articles: list[set[str]]) -> list[list[int]]:
    """Groups (index lists) of texts that are alike, linked across different articles.
    ``texts`` are distinct normalised word lists; ``articles[i]`` the articles quoting text i.

    Candidates are texts sharing enough word 3-grams (a third of the shorter text's, at least
    one), found through an inverted index by the shorter text's rarest 3-grams; 3-grams in more
    than :data:`MAX_DF` texts are not looked up. Only candidates are compared."""
    shingles = [_shingles(ws) for ws in texts]
    df = Counter(chain.from_iterable(shingles))
    postings: dict[int, list[int]] = defaultdict(list)
    for i, sh in enumerate(shingles):
        for s in sh:
            if 1 < df[s] <= MAX_DF:  # a 3-gram of one text links nothing
                postings[s].append(i)
    sizes = [len(sh) for sh in shingles]
    chars = [sum(map(len, ws)) + len(ws) for ws in texts]
    parent = list(range(len(texts)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, sh in enumerate(shingles):
        # prefix filtering: a text sharing at least a third of i's 3-grams shares one of i's
        # rarest two thirds (+1), so only those are looked up; i is the shorter of each pair
        need = -(-sizes[i] // 3)
        rare = sorted(sh, key=df.__getitem__)[: sizes[i] - need + 1]
        cands: set[int] = set()
        for s in rare:
            if s in postings:
                cands.update(postings[s])
        for j in cands:
            if sizes[j] < sizes[i] or (sizes[j] == sizes[i] and j <= i):
                continue
            if articles[i] == articles[j] and len(articles[i]) == 1:
                continue  # the same single article: not propagation
            if len(sh & shingles[j]) < need or not _may_match(texts[i], texts[j], chars[i], chars[j]):
                continue
            if find(i) != find(j) and similar(texts[i], texts[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(texts)):
        groups[find(i)].append(i)
    return list(groups.values())


def _may_match(a: list[str], b: list[str], ca: int, cb: int) -> bool:
    """A cheap bound: without an excerpt match, a ratio above the threshold needs close lengths."""
    n = min(len(a), len(b))
    if n < MIN_WORDS:
        return False
    if n >= MIN_EXCERPT_WORDS or (n >= 6 and n * 2 >= max(len(a), len(b))):
        return True
    return 200 * min(ca, cb) / (ca + cb) >= _threshold(n)


def _order(q: dict) -> tuple:
    return (q["published"] is None, q["published"] or "", q["source_path"] or "", q["article_id"], q["start"] or 0)


def update_clusters(db: sqlite_utils.Database) -> dict:
    """Rebuild ``clusters``, ``cluster_variants`` and ``quotes.cluster_id``; write only changes."""
    enabled = gc.isenabled()
    gc.disable()  # millions of small objects, no cycles: the collector would only rescan them
    try:
        return _update_clusters(db)
    finally:
        if enabled:
            gc.enable()


def _update_clusters(db: sqlite_utils.Database) -> dict:
    quotes = cluster_candidates(db)
    index: dict[tuple[str, ...], int] = {}
    texts: list[list[str]] = []
    members: list[list[dict]] = []
    for q in quotes:
        q["wording"] = wording(q["text"] or "", q["type"])
        ws = words(q["wording"])
        if len(ws) < MIN_WORDS:
            continue
        key = tuple(ws)
        i = index.get(key)
        if i is None:
            i = index[key] = len(texts)
            texts.append(ws)
            members.append([])
        members[i].append(q)
    arts = [{q["article_id"] for q in m} for m in members]
    new_clusters: dict[str, dict] = {}
    new_variants: dict[str, dict] = {}
    for group in find_groups(texts, arts):
        qs = sorted((q for i in group for q in members[i]), key=_order)
        if len({q["article_id"] for q in qs}) < 2:
            continue
        first = qs[0]
        cid = first["id"]
        outlets = list(dict.fromkeys(q["outlet"] for q in qs if q["outlet"]))
        speakers = Counter(q["speaker_id"] for q in qs if q["speaker_id"] is not None and q["speaker_scope"] is None)
        speaker = max(speakers, key=lambda s: (speakers[s], s == first["speaker_id"], -s)) if speakers else None
        drift = False
        for q in qs:
            c = compare(first["wording"], q["wording"]) if q is not first else Comparison(1.0, False, None)
            drift = drift or c.drift
            new_variants[q["id"]] = {
                "quote_id": q["id"], "cluster_id": cid, "similarity": c.similarity,
                "diff": c.diff, "drift": int(c.drift),
            }
        new_clusters[cid] = {
            "id": cid, "text": first["wording"], "n_quotes": len(qs),
            "n_articles": len({q["article_id"] for q in qs}), "n_outlets": len(outlets),
            "outlets": json.dumps(outlets, ensure_ascii=False), "first_article_id": first["article_id"],
            "first_seen": first["published"], "speaker_id": speaker, "drift": int(drift),
        }
    return write_clusters(db, new_clusters, new_variants)


