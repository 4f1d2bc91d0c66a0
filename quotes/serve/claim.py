"""The claim page ``/-/claim/<id>``: a claim's wording, first seen, every member on a timeline
(speaker, stance, outlet, date) with its wording compared word by word with the claim's,
intermediaries, exact-wording clusters, claims like it."""
from __future__ import annotations

import json
import re
from typing import Any

from datasette.utils.asgi import NotFound

from quotes.store import claims as store
from quotes.store.browse import schema_has
from quotes.track import compare, words

from .views import card, diff_html, render_page, run_on_db

_CLAIM_ID = re.compile(r"^c[0-9a-f]{12}$")


def drift(claim_text: str, proposition: str | None) -> dict[str, Any]:
    """A member's wording against the claim's (the proposition the claim page leads with), as the
    quote-travel view compares a cluster's members (quotes.track.compare): ``same`` (the same
    words), ``excerpt`` (the same words, one of them cut short), or ``html``, the word diff."""
    c = compare(claim_text or "", proposition or "")
    same = words(claim_text or "") == words(proposition or "")
    return {"same": same, "excerpt": not same and not c.drift, "html": diff_html(c.diff) if c.diff else None}


async def claim_page(request: Any, datasette: Any) -> Any:
    cid = request.url_vars["claim_id"]
    if not _CLAIM_ID.match(cid):
        raise NotFound("Not a claim id")

    def work(conn):
        if not schema_has(conn)["claims"]:
            return None
        return store.claim_detail(conn, cid)

    db, data = await run_on_db(datasette, request, work)
    if data is None:
        raise NotFound(f"No claim {cid}")
    claim = data["claim"]
    via: dict[str, list[dict]] = {}
    for v in data["via"]:
        via.setdefault(v["quote_id"], []).append(v)
    members = []
    for m in data["members"]:
        c = card(m)
        c["chain"] = via.get(m["id"], [])
        c["drift"] = drift(claim["text"], m["proposition"])
        members.append(c)
    first = members[0] if members else None
    speakers = {}
    for m in members:
        key = m["speaker_id"] or m["speaker_text"] or "?"
        speakers.setdefault(key, {"id": m["speaker_id"], "name": m["speaker"] or m["speaker_text"],
                                  "stances": set()})["stances"].add(m["claim_stance"])
    return await render_page(datasette, request, "quotes_claim.html", {
        "page_title": f"Claim: {claim['text'][:80]}",
        "claim": claim,
        "outlets": json.loads(claim.get("outlets") or "[]"),
        "first": first,
        "members": members,
        "speakers": [{**s, "stances": sorted(s["stances"])} for s in speakers.values()],
        "clusters": data["clusters"],
        "similar": data["similar"],
        "has": {"claims": False},
        "database": db.name,
    })
