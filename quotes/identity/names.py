"""Names, pure: folding and normalising, titles and honorifics stripped from people's names, the
parts of a name used for matching, organisation keys and speaker kinds. The word lists are data
(``quotes/identity/data``). Nothing here touches a database or an article."""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable

from ..types import ORG_KINDS, SCOPED_KINDS, SPEAKER_KINDS

KINDS = frozenset(SPEAKER_KINDS)
PARTICLES = frozenset({
    "al", "el", "al-", "abu", "abou", "bin", "ben", "ibn", "bint", "de", "del", "della", "der", "den",
    "van", "von", "da", "di", "du", "dos", "das", "la", "le", "st", "ter", "ten", "mac", "y",
})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v", "phd", "md"})
GENERATIONAL = frozenset({"jr", "sr", "ii", "iii", "iv"})  # Donald Trump Jr. is not Donald Trump
PRONOUNS = frozenset({
    "he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "me", "who", "which",
    "that", "this", "his", "its", "their", "our", "my", "himself", "herself", "themselves", "itself",
})
CONNECTORS = frozenset({"of", "for", "to", "at", "in", "on"})
ARTICLES = re.compile(r"^(?:the|a|an)\s+", re.I)
POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


# --------------------------------------------------------------------------- data files


def _lines(name: str) -> list[str]:
    text = resources.files("quotes.identity").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [l.strip() for l in text.splitlines() if l.strip() and not l.lstrip().startswith("#")]


@lru_cache(maxsize=None)
def titles() -> frozenset[str]:
    return frozenset(fold(w).rstrip(".") for w in _lines("titles.txt"))


@lru_cache(maxsize=None)
def honorifics() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for line in _lines("honorifics.txt"):
        word, _, g = line.partition(" ")
        out[fold(word).rstrip(".")] = g.strip() if g.strip() in ("m", "f") else None
    return out


@lru_cache(maxsize=None)
def org_words() -> frozenset[str]:
    """Words that make a name an organisation's, except those that are also surnames."""
    return frozenset(fold(w) for w in _lines("org_words.txt")) - frozenset(fold(w) for w in _lines("org_surnames.txt"))


@lru_cache(maxsize=None)
def generic_roles() -> frozenset[str]:
    return frozenset(fold(w).rstrip(".") for w in _lines("generic_role_words.txt"))


@lru_cache(maxsize=None)
def nicknames() -> dict[str, frozenset[int]]:
    groups: dict[str, set[int]] = defaultdict(set)
    for i, line in enumerate(_lines("nicknames.txt")):
        for name in line.split():
            groups[fold(name)].add(i)
    return {k: frozenset(v) for k, v in groups.items()}


@lru_cache(maxsize=None)
def media() -> frozenset[str]:
    return frozenset(normalise(w) for w in _lines("media.txt"))


@lru_cache(maxsize=None)
def org_variants() -> dict[str, str]:
    """Normalised variant -> canonical display name (``data/organizations.txt``)."""
    out: dict[str, str] = {}
    for line in _lines("organizations.txt"):
        names = [n.strip() for n in line.split("|") if n.strip()]
        for n in names:
            out[org_norm(n)] = names[0]
    return out


# --------------------------------------------------------------------------- normalising


def fold(s: str) -> str:
    """Lower case without accents; typographic apostrophes made plain."""
    s = unicodedata.normalize("NFKD", s.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def normalise(name: str) -> str:
    """The matching form of a name: folded, dots and apostrophes dropped (``U.S.`` -> ``us``,
    ``O'Neill`` -> ``oneill``), other punctuation a space, spaces collapsed."""
    s = re.sub(r"[.']", "", fold(name))
    s = re.sub(r"[^\w\s]|_", " ", s)
    return " ".join(s.split())


def tok(t: str) -> str:
    """One token's folded form without surrounding punctuation or a possessive."""
    return POSSESSIVE.sub("", fold(t).strip("\"“”()[],;:")).rstrip(".").strip("'")


def org_norm(name: str) -> str:
    n = normalise(ARTICLES.sub("", name.strip()))
    return re.sub(r"^the\s+", "", n)


def clean(text: str) -> str:
    text = " ".join(text.replace("\u00a0", " ").split()).strip(" \"“”'‘’,;:")
    return POSSESSIVE.sub("", text).strip(" ,")


# --------------------------------------------------------------------------- person names


def name_like(t: str, f: str) -> bool:
    if not f or f in titles() or f in honorifics() or f in org_words():
        return False
    if t.endswith(("'s", "’s")):
        return False
    if f in PARTICLES or f in SUFFIXES:
        return True
    pieces = t.split("-")
    if len(pieces) > 1 and tok(pieces[0]) in PARTICLES and pieces[-1][:1].isupper():  # al-Sisi
        return True
    if re.fullmatch(r"[A-Z]\.?", t):  # an initial
        return True
    if not t[:1].isupper():
        return False
    letters = re.sub(r"[^A-Za-z]", "", t)
    if len(letters) >= 2 and letters.isupper():  # an acronym: CIA, PNA, USAID
        return False
    return True


def _split_part(part: str) -> tuple[str, str, str | None]:
    """(name, role, gender) for one comma-free part: the name is the trailing run of name-like
    words; honorifics in front of it give a gender and are dropped."""
    toks = part.split()
    alpha = [t for t in toks if t[:1].isalpha()]
    if len(alpha) > 1 and all(t.isupper() for t in alpha):  # a name in capitals: ANTONY BLINKEN
        toks = [t.title() for t in toks]
    i = len(toks)
    while i > 0 and name_like(toks[i - 1], tok(toks[i - 1])):
        i -= 1
    # leading particles belong to the role unless followed by a real name ("of" is no particle)
    while i < len(toks) and tok(toks[i]) in PARTICLES and toks[i][:1].islower() and i + 1 == len(toks):
        i += 1
    # "President of Egypt Abdel Fattah al-Sisi": the word after "of" belongs to the title
    if 0 < i and len(toks) - i >= 3 and tok(toks[i - 1]) in CONNECTORS:
        i += 1
    name_toks = toks[i:]
    while name_toks and tok(name_toks[0]) in SUFFIXES:
        name_toks = name_toks[1:]
    gender = None
    role_toks = []
    for t in toks[:i]:
        f = tok(t)
        if f in honorifics():
            gender = honorifics()[f] or gender
            continue
        role_toks.append(t)
    role = ARTICLES.sub("", " ".join(role_toks)).strip(" ,")
    role = POSSESSIVE.sub("", role).strip(" ,")
    if role and not re.search(r"[A-Za-z]", role):
        role = ""
    return " ".join(name_toks), role, gender


def split_person(text: str) -> tuple[str, list[str], str | None]:
    """Strip titles and honorifics from a person's name: ``U.S. Secretary of State Tony Blinken``
    -> (``Tony Blinken``, [``U.S. Secretary of State``], None); ``Mr. Blinken`` -> (``Blinken``,
    [], ``m``); ``Hady Amr, the deputy secretary of state`` -> (``Hady Amr``, [``deputy secretary
    of state``], None). The name is ``""`` when there is none (``the Secretary of State``)."""
    text = clean(text)
    parts = [p.strip() for p in re.split(r"\s*[,;()]\s*|\s+[-–—]\s+", text) if p.strip()]
    name, roles, gender = "", [], None
    for p in parts:
        n, r, g = _split_part(p)
        gender = gender or g
        if n and not name and not (r and not has_title(r) and not name_like(p.split()[0], tok(p.split()[0]))):
            name = n
            if r:
                roles.append(r)
        elif r or (not n and p):
            role = r if n else ARTICLES.sub("", p)
            if has_title(role):
                roles.append(role)
        elif n and name and has_title(p):
            roles.append(p)
    roles = [r for r in dict.fromkeys(roles) if r and normalise(r) not in honorifics()]
    return name, roles, gender


def has_title(text: str) -> bool:
    return any(tok(t) in titles() for t in text.split()) or bool(re.search(r"(?:'s|’s)\b", text))


@dataclass(frozen=True)
class PersonName:
    """The parts of a person's name used for matching (folded, no dots)."""

    given: str  # "" when only a surname is known; a single letter for an initial
    surname: str
    middle: tuple[str, ...] = ()
    suffix: str = ""  # a generational suffix: jr, sr, ii, iii, iv

    @property
    def bare(self) -> bool:
        return not self.given


def parse_person(name: str) -> PersonName | None:
    """``Antony J. Blinken`` -> given ``antony``, surname ``blinken``; ``al-Sisi`` -> surname
    ``sisi``; None when there is no name at all."""
    raw = [t for t in name.split() if tok(t)]
    toks = [tok(t) for t in raw]
    suffix = next((t for t in toks if t in GENERATIONAL), "")
    keep = [k for k, t in enumerate(toks) if t not in SUFFIXES]
    raw, toks = [raw[k] for k in keep], [toks[k] for k in keep]
    if not toks:
        return None
    last = toks[-1]
    pieces = last.split("-")
    if len(pieces) > 1 and pieces[0] in PARTICLES:
        last = "-".join(pieces[1:])
    surname = re.sub(r"[^\w-]", "", last)
    # a particle is no given name ("Osama bin Laden", "Abu Mazen"), but a capitalised first word
    # that is also a given name is one: "Ben Carson" is Ben, not a Carson with no given name
    rest = [t for k, t in enumerate(toks[:-1])
            if t not in PARTICLES or k == 0 and raw[k][:1].isupper() and t in given_names()]
    given = re.sub(r"[^\w-]", "", rest[0]) if rest else ""
    middle = tuple(re.sub(r"[^\w-]", "", t) for t in rest[1:])
    if not surname:
        return None
    return PersonName(given=given, surname=surname, middle=middle, suffix=suffix)


# family nouns and the gender each states ("husband": a man)
FAMILY = {
    "husband": "m", "wife": "f", "son": "m", "daughter": "f", "father": "m", "mother": "f", "brother": "m",
    "sister": "f", "uncle": "m", "aunt": "f", "nephew": "m", "niece": "f", "grandson": "m", "granddaughter": "f",
    "grandfather": "m", "grandmother": "f", "stepson": "m", "stepdaughter": "f", "stepfather": "m",
    "stepmother": "f", "widow": "f", "widower": "m", "son-in-law": "m", "daughter-in-law": "f",
    "father-in-law": "m", "mother-in-law": "f", "brother-in-law": "m", "sister-in-law": "f", "cousin": None,
    "spouse": None, "fiance": "m", "fiancee": "f", "fiancé": "m", "fiancée": "f", "twin": None,
}
_KIN_ROLE = re.compile(r"^([\w-]+) of (.+)$")


def kin_owners(roles: Iterable[str]) -> set[str]:
    """The normalised names of the people ``roles`` say one is family of ("husband of Melania
    Trump" -> "melania trump"): never the same person as the one holding them."""
    out = set()
    for r in roles:
        m = _KIN_ROLE.match(r.strip())
        if m and m.group(1).lower() in FAMILY:
            out.add(normalise(m.group(2)))
    return out


def role_words(roles: Iterable[str]) -> set[str]:
    """The title words of ``roles`` that can tell people apart (``secretary``, ``spokesman``)."""
    out = set()
    for r in roles:
        for t in r.split():
            f = tok(t)
            if f in titles() and f not in generic_roles():
                out.add(f)
    return out


# --------------------------------------------------------------------------- kinds and keys


def effective_kind(name: str, kind: str, corrections=None) -> str:
    """The kind to store: a user's correction first, then known outlets become ``media``."""
    if corrections is not None:
        k = corrections.kind_for({normalise(name), org_norm(name)})
        if k:
            return k
    kind = kind if kind in KINDS else "unknown"
    if kind in ("organization", "unknown", "person") and is_media(name):
        return "media"
    return kind


def is_media(name: str) -> bool:
    """A known outlet (``data/media.txt``), also behind a possessive (``Israel's Channel 12``)."""
    n = org_norm(name)
    if not n:
        return False
    known = media()
    if n in known or ("the " + n) in known:
        return True
    m = re.match(r"^.+?'s\s+(.+)$", fold(name))
    return bool(m and org_norm(m.group(1)) in known and len(org_norm(m.group(1))) > 4)


def org_display(name: str) -> str:
    """An organisation's name without a leading article, or its canonical variant."""
    return org_variants().get(org_norm(name)) or ARTICLES.sub("", clean(name)) or name


def org_key(name: str) -> str:
    return "org:" + org_norm(org_display(name))


def person_key(p: PersonName) -> str:
    return f"person:{p.surname}:{p.given}" + (f":{p.suffix}" if p.suffix else "")


# --------------------------------------------------------------------------- in-article word lists


@lru_cache(maxsize=None)
def wordlist(name: str) -> frozenset[str]:
    """A lower-cased word list from ``data/<name>.txt`` as written (no folding)."""
    text = resources.files("quotes.identity").joinpath(f"data/{name}.txt").read_text(encoding="utf-8")
    return frozenset(l.strip().lower() for l in text.splitlines() if l.strip() and not l.startswith("#"))


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    text = resources.files("quotes.identity").joinpath("data/us_states.txt").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, *abbrs = line.split("\t")
            for a in [name, *abbrs]:
                out[a.lower().rstrip(".")] = name
    return out


def us_state(abbr: str) -> str | None:
    """``Ky.``, ``KY``, ``N.Y.``, ``Texas`` -> the state's name; None for anything else."""
    return _us_states().get(abbr.strip().lower().rstrip("."))


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The given names of the word lists (``data/first_names_*.txt``), lower case."""
    return wordlist("first_names_female") | wordlist("first_names_male")


def first_name_gender(name: str) -> str | None:
    """m or f from a common first name, else None."""
    first = name.split()[0].lower().strip(".,") if name.split() else ""
    if first in wordlist("first_names_male"):
        return "m"
    if first in wordlist("first_names_female"):
        return "f"
    return None


@lru_cache(maxsize=1)
def _census_genders() -> dict[str, str]:
    text = resources.files("quotes.identity").joinpath("data/given_name_gender.tsv").read_text(encoding="utf-8")
    return dict(l.split("\t") for l in text.splitlines() if l.strip() and not l.startswith("#"))


@lru_cache(maxsize=1)
def census_given_names() -> frozenset[str]:
    """The given names of the census list (``data/given_name_gender.tsv``), lower case."""
    return frozenset(_census_genders())


def full_name_gender(name: str) -> str | None:
    """m or f from the given name of a name of two or more words, by the curated lists and then
    the census list (``data/given_name_gender.tsv``); None for one word ("Carson" is a surname)."""
    words = name.split()
    if len(words) < 2:
        return None
    return first_name_gender(name) or _census_genders().get(words[0].lower().strip(".,"))


def given_gender(given: str) -> str | None:
    """m or f from a given name (folded) that the word lists know, else None."""
    if given in wordlist("first_names_male"):
        return None if given in wordlist("first_names_female") else "m"
    if given in wordlist("first_names_female"):
        return "f"
    return None


# --------------------------------------------------------------------------- what can speak

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
WHEN_WORDS = frozenset(_DAYS + _MONTHS + (
    "today", "yesterday", "tomorrow", "tonight", "morning", "afternoon", "evening", "night", "week", "weekend",
    "month", "year", "noon", "midnight", "a.m", "p.m", "am", "pm", "edt", "est", "et", "gmt", "utc",
))
QUANTIFIERS = frozenset({
    "both", "which", "each", "all", "every", "either", "neither", "some", "many", "most", "several", "few",
    "whose", "what", "whichever", "such", "any", "another", "other", "others",
})
_D = "(?:" + "|".join(_DAYS) + ")"
_M = "(?:" + "|".join(_MONTHS) + r")\.?"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_DATE = r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+\d{4})?"
_CLOCK = r"\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?"
_TIME_TAIL = re.compile(
    r"(?:,?\s+(?:"
    r"(?:on|this|last|next|late|early|earlier|later|in|at|by|since|until)\s+(?:" + _D + _PART + "|" + _M + _DATE + "|" + _CLOCK + ")"
    r"|" + _D + _PART + _DATE +
    r"|" + _M + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|today|yesterday|tonight|" + _CLOCK +
    r"))+\s*$",
    re.I,
)


def strip_time(text: str) -> str:
    """``The Washington Post on Thursday`` -> ``The Washington Post``: a trailing day, date, month
    or time is no part of a speaker's name."""
    out = _TIME_TAIL.sub("", text).strip(" ,")
    return out or text


def is_when(text: str) -> bool:
    """Only days, dates, months and times (``Thursday``, ``June 5``, ``2:45 p.m.``)."""
    toks = [tok(t) for t in text.split()]
    toks = [t for t in toks if t and t not in ("on", "the", "this", "last", "next", "of", "at", "in", "by")]
    return bool(toks) and all(t in WHEN_WORDS or re.fullmatch(r"\d[\d:,.]*(?:st|nd|rd|th|s)?", t) for t in toks)


# --------------------------------------------------------------------------- names of bodies

_ORG_LINKS = frozenset({"of", "for", "to", "at", "in", "on", "and", "the", "&", "de", "la", "du", "des", "del", "y"})
_POSSESSORS = frozenset({"her", "his", "their", "its", "our", "my", "your", "this", "that", "these", "those"})
# a body named by its head word alone says which body only in its article ("the Court", "Commission")
_GENERIC_BODIES = frozenset({
    "court", "commission", "committee", "council", "bank", "institution", "institute", "agency", "union", "police",
    "campaign", "group", "government", "administration", "department", "office", "party", "board", "panel",
    "company", "firm", "battleground", "center", "centre", "foundation", "university", "school", "coalition",
    "organization", "organisation", "association", "network", "bureau", "service", "ministry", "authority",
})
_BODY_HEADS = ("campaign", "administration", "movement", "government", "team", "camp", "party", "family")


def body_name(name: str) -> str | None:
    """The proper name of an organisation in ``name``, or None when it is a description.

    Leading words in lower case describe the body (``conservative Tax Foundation``, ``nonpartisan
    Commission on Presidential Debates``) and go; a possessive campaign is the campaign
    (``Hillary Clinton's campaign`` -> ``Hillary Clinton campaign``); a leading numeral goes too
    (``2014 American Community Survey``). None for what names no body of its own: lower-case
    words after the name starts (``Her submission to the court``, ``speech Mrs. Clinton
    delivered``), lower-case words with a preposition before it (``dissolution of the Soviet
    Union``), a head word alone (``Court``, ``Commission``), a possessive pronoun or possessive
    inside, a person's role (``Former White House Doctor``)."""
    s = clean(name)
    s = re.sub(r"\s*\([A-Z]{2,8}\)$", "", s)  # "Alliance to Reclaim Our Schools (AROS)"
    s = re.sub(r"^(.+?)(?:'s|’s)\s+(" + "|".join(_BODY_HEADS) + r")$", r"\1 \2", s)
    words = s.split()
    k = 0
    while k < len(words) and not words[k][:1].isupper():
        k += 1
    if any(tok(w) in CONNECTORS for w in words[:k]):
        return None  # "dissolution of the Soviet Union": about a body, not one
    words = words[k:]
    if not words or tok(words[0]) in _POSSESSORS:
        return None
    head_ok = len(words) >= 2 and tok(words[-1]) in _BODY_HEADS  # "Clinton campaign", "Obama administration"
    inner = words[:-1] if head_ok else words
    if any(not w[:1].isupper() and tok(w) not in _ORG_LINKS and not w[:1].isdigit() for w in inner):
        return None
    if any(re.search(r"(?:'s|’s)$", w) for w in words[:-1]):
        return None  # "Mr. Clarke's new company", "Senate's 80-19 vote"
    if len(words) == 1 and tok(words[0]) in _GENERIC_BODIES or " ".join(map(tok, words)) in ("super pac", "pac"):
        return None
    if (tok(words[-1]) in _PERSON_NOUNS or tok(words[-1]) in titles()) and not any(tok(w) in org_words() for w in words):
        return None  # "Senate Majority Leader", "Former White House Doctor": a person's role
    if len(words) > 10:
        return None
    return " ".join(words)


_PERSON_NOUNS = frozenset({
    "manager", "strategist", "moderator", "host", "anchor", "doctor", "physician", "aide", "consultant", "pollster",
    "organizer", "organiser", "executive", "producer", "writer", "author", "actor", "actress", "singer", "comedian",
    "coach", "player", "pastor", "teacher", "student", "mother", "father", "wife", "husband", "son", "daughter",
    "brother", "sister", "founder", "chairman", "chairwoman", "president", "director", "spokesman", "spokeswoman",
})
_TRAILING_NAME = re.compile(r"^(?P<role>.*\b[a-z][\w-]*)\s+(?P<name>(?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w.'’-]*)$")


def person_in_body(name: str) -> tuple[str, str] | None:
    """``Clinton campaign manager Robby Mook``, ``NBC News moderator Matt Lauer``: a person's name
    after a role that an organisation's name led into; (name, role), else None."""
    m = _TRAILING_NAME.match(clean(name))
    if not m:
        return None
    role, person = m.group("role"), m.group("name")
    last = tok(role.split()[-1])
    if last not in _PERSON_NOUNS and last not in titles():
        return None
    if any(tok(w) in org_words() for w in person.split()) or is_media(person):
        return None
    return person, role
