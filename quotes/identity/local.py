"""In-article speaker resolution (identity inside one article): every speaker, addressee and intermediary mention becomes one
of the article's :class:`LocalSpeaker` objects.

Pronouns go to the salient antecedent (the previous source if it agrees, else the nearest
person); ``the Secretary of State`` to the person who holds that role in the article; surnames
and ``Mr. X`` to the full name; organisations, media and documents keep their names; anonymous
sources stay as written.
"""
from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from ..types import LocalSpeaker, Mention, Quote
from ..nlp.doc import Entity, Parsed, Sentence
from ..extract.cues import base_forms, verb_stance
from ..extract.marks import find_quotations
from ..extract.syntax import DOCUMENT_WORDS, mention_for
from ..extract.transcript import interview
from .names import (
    FAMILY, POSSESSIVE, QUANTIFIERS, census_given_names, first_name_gender, full_name_gender, given_gender, given_names, is_when, normalise, parse_person, strip_time, us_state, wordlist,
)
from .match import given_score

__all__ = ["resolve_speakers", "strip_title", "split_name_role", "AUTHOR"]

AUTHOR = "the author"  # the writer of the article, speaking in the first person outside quotation marks

MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
PLURAL = {"they", "them", "their", "themselves"}
NEUTER = {"it", "its", "itself"}
_CORE_TITLES = {"president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "senator",
                "sen.", "rep.", "gov.", "governor", "mayor", "chairman", "chairwoman", "director", "ambassador",
                "envoy", "king", "queen", "prince", "judge", "general", "gen.", "chief", "leader", "adviser",
                "advisor", "official", "ceo", "head", "deputy", "commander", "speaker", "representative"}
_NOT_NAMES = {"nor", "but", "and", "or", "so", "yet", "the", "he", "she", "they", "it", "we", "i", "you",
              "mr.", "mrs.", "ms.", "dr."}
_ROLE_SYNONYMS = {
    "leader": {"president", "chairman", "chief", "head", "leader"},
    "congressman": {"rep.", "representative", "congressman"},
    "congresswoman": {"rep.", "representative", "congresswoman"},
    "lawmaker": {"rep.", "representative", "congressman", "congresswoman", "sen.", "senator", "legislator"},
    "senator": {"sen.", "senator"},
    "governor": {"gov.", "governor"},
    "general": {"gen.", "general"},
    "judge": {"judge", "justice"},
    "justice": {"judge", "justice"},
}
_GENERAL_OF = {"inspector", "attorney", "surgeon", "solicitor", "secretary", "postmaster", "consul", "auditor",
               "comptroller", "director", "governor", "procurator", "registrar", "accountant"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
_PERSON_ROLE_WORDS = {"host", "moderator", "anchor", "columnist", "reporter", "correspondent", "commentator", "editor",
                      "analyst", "strategist", "pollster", "spokesman", "spokeswoman", "spokesperson"}
_MEDIA_HEADS = {"newspaper", "paper", "daily", "network", "channel", "broadcaster", "outlet", "magazine", "tabloid",
                "website", "site", "station", "agency"}
_ORG_HEADS = {"court", "committee", "panel", "campaign", "department", "agency", "council", "commission", "company",
              "firm", "party", "group", "organization", "organisation", "union", "ministry", "office", "board", "bank",
              "university", "institute", "foundation", "association", "bureau", "administration"}
_PARTICLES = {"de", "del", "della", "der", "den", "van", "von", "da", "di", "du", "dos", "das", "la", "le", "ter", "ten",
              "bin", "ibn", "al", "el"}
# person nouns that state a gender: "my father ... He said", "the former first lady"
_GENDERED_NOUNS = {
    "m": {"man", "father", "son", "brother", "husband", "boy", "uncle", "grandfather", "nephew", "king", "prince",
          "businessman", "congressman", "spokesman", "chairman", "councilman", "statesman", "gentleman", "dad"},
    "f": {"woman", "mother", "daughter", "sister", "wife", "girl", "aunt", "grandmother", "niece", "queen", "princess",
          "lady", "businesswoman", "congresswoman", "spokeswoman", "chairwoman", "councilwoman", "mom"},
}
# nouns of a description that names one person like a name does ("the former first lady")
_DESCRIBING_NOUNS = {"man", "woman", "lady", "businessman", "businesswoman", "congressman", "congresswoman",
                     "chairman", "chairwoman", "gentleman", "king", "queen", "prince", "princess", "statesman"}
# an indefinite description an article names later: "A House panel" ... "the House Oversight Committee"
_FORWARD_ORG_HEADS = {
    "court": {"court", "tribunal"}, "tribunal": {"court", "tribunal"},
    "panel": {"panel", "committee", "subcommittee"}, "committee": {"committee", "panel", "subcommittee"},
    "subcommittee": {"subcommittee", "committee", "panel"}, "agency": {"agency"}, "commission": {"commission"},
}
# words of a headline in title case that no name holds ("Move Against Hillary Clinton")
_HEADLINE_LINKS = {"against", "for", "on", "to", "with", "from", "about", "over", "after", "before", "at", "into",
                   "says", "said", "slams", "blasts", "rips", "hits", "calls", "vs", "versus", "than"}
_LEVELS = {"district", "appeals", "appellate", "circuit", "supreme", "bankruptcy", "magistrate", "immigration",
           "county", "city", "state", "senate", "house", "military"}
_FORWARD_PERSON_HEADS = {"judge", "justice", "commissioner", "governor", "mayor", "senator", "prosecutor",
                         "ambassador", "general"}
_LEADING_PREPS = {"unlike", "like", "despite", "besides", "including", "amid", "among", "against", "without", "via",
                  "per", "during", "since", "until", "toward", "towards", "beyond", "unless", "whereas"}
# places the tagger calls people: never a person, an institution when it speaks ("Capitol Hill")
_PLACES = {"capitol hill", "wall street", "main street", "silicon valley", "foggy bottom", "madison avenue",
           "pennsylvania avenue", "fleet street", "downing street", "ground zero", "hollywood", "broadway",
           "united states", "the united states", "united kingdom", "america", "britain", "china", "russia", "mexico",
           "israel", "france", "germany", "japan", "iran", "canada", "india", "europe"}
_ANSWERS = {"no.", "no,", "yes.", "yes,", "well,", "oh,", "so,"}  # "No. Donald Trump has money": a reply's first word
_NO_NAME_START = _LEADING_PREPS | _ANSWERS
_NOT_NAME_UPOS = {"VERB", "AUX", "ADP", "ADV", "SCONJ", "CCONJ", "INTJ", "PART"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame", "mx", "mx."}
# family relations the text states ("her husband, President Trump", "Erica Garner, the daughter
# of Eric Garner"): the relative takes the noun's gender and is never the one they are related to
_KIN = "|".join(sorted((re.escape(k) for k in FAMILY), key=len, reverse=True))
_KIN_ADJ = r"(?:(?:late|former|estranged|eldest|oldest|youngest|younger|older|elder|only|adult|twin|then-)\s*)?"
_OWNER = r"([Hh]is|[Hh]er|[Tt]heir|(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'-]*['’]s)"
# "her husband, President Trump" / "His son Donald Trump Jr." just before the name
_KIN_BEFORE = re.compile(
    rf"\b{_OWNER}\s+{_KIN_ADJ}({_KIN})s?\s*,?\s*(?:(?:former|then|late|[A-Z][\w.-]*)\s+){{0,4}}$")
# "Trump, her husband," / "Erica Garner, the daughter of Eric Garner" just after it
_KIN_AFTER = re.compile(
    rf"^(?:\s+(?:Jr\.|Sr\.|II|III))?\s*,\s*(?:the\s+|a\s+)?(?:{_OWNER}\s+)?{_KIN_ADJ}({_KIN})\b"
    rf"(?:\s+of\s+((?:(?:former|President|Sen\.|Gov\.|Rep\.|[A-Z][\w.'’-]*)\s*)+))?")


def title_words() -> frozenset[str]:
    return wordlist("titles")


def media_names() -> frozenset[str]:
    return wordlist("media")


def org_words() -> frozenset[str]:
    return wordlist("org_words")


_TOKEN = re.compile(r"\S+")


_NAME_OF_THE = re.compile(r"^((?:(?!\bof\b).)*?[A-Z][\w.'’-]*),?\s+of\s+(the\s.+)$")


def split_name_role(text: str) -> tuple[str, str]:
    """Split ``U.S. Secretary of State Tony Blinken`` into (``Tony Blinken``, ``U.S. Secretary of State``):
    the name is the trailing run of capitalised words that are not title words. A full name
    before "of the ..." is the name and the rest its affiliation: ``Stephen Vladeck of the
    University of Texas School of Law`` is Stephen Vladeck, never a person called "Law"."""
    m = _NAME_OF_THE.match(text)
    if m:
        name, role = split_name_role(m.group(1))
        if len(name.split()) >= 2 and name.split()[0].lower() in given_names():  # not "Technology Directorate"
            return name, role or re.sub(r"^the\s+", "", m.group(2))
    toks = text.split()
    titles = title_words()
    i = len(toks)
    while i > 0:
        t = toks[i - 1]
        low = t.lower().strip(",.")
        if i == len(toks) and i >= 2 and t[:1].isupper() and _after_given_name(toks[: i - 1]):
            i -= 1  # a surname that is also a title: "Peter T. King", "Peter King"
            continue
        if low in _PARTICLES and i < len(toks) and i >= 2 and toks[i - 2][:1].isupper() \
                and toks[i - 2].lower().strip(",.") not in titles:
            i -= 1  # "Bill de Blasio", "Ludwig van Beethoven"
            continue
        if not t[:1].isupper() or low in titles or t.lower().strip(",") in titles or t.lower() in HONORIFICS \
                or low in ("of", "the"):
            break  # "Rev.", "Lt. Gen.", "Del.": titles written with their full stop
        i -= 1
    i += _description_length(toks[i:])  # "Billionaire Donald Trump": the name begins at Donald
    name = " ".join(toks[i:])
    role = " ".join(toks[:i])
    role = re.sub(r"^(the|a|an)\s+", "", role, flags=re.I).strip(" ,")
    if role.lower().rstrip(".") in {h.rstrip(".") for h in HONORIFICS}:
        role = ""
    return name, role


def _after_given_name(toks: list[str]) -> bool:
    """Whether ``toks`` end with a given name the word lists know, maybe with a middle initial."""
    if toks and re.fullmatch(r"[A-Z]\.", toks[-1]):
        toks = toks[:-1]
    return bool(toks) and toks[-1][:1].isupper() and given_gender(toks[-1].lower().strip(",.")) is not None


def strip_title(text: str) -> str:
    return split_name_role(text)[0] or text


def _surname(name: str) -> str:
    toks = [t for t in name.split() if t.lower() not in ("jr.", "jr", "sr.", "sr", "ii", "iii")]
    return toks[-1].lower().strip(".,") if toks else ""


def _bare(name: str) -> bool:
    p = parse_person(name)
    return p is None or p.bare


def _fits(p, gp: str | None, q, gq: str | None) -> bool:
    """Whether two names seen in one article can be one person (see ``_Article._same_person``)."""
    if p.surname != q.surname:
        a, b = p.surname, q.surname
        typo = min(len(a), len(b)) >= 5 and a[0] == b[0] and Levenshtein.distance(a, b) <= 1
        if not typo or (p.given and q.given and given_score(p.given, q.given) < 3):
            return False
    if p.given and q.given:
        if given_score(p.given, q.given) == 0:
            return False
        if p.suffix != q.suffix:
            return False
    if gp and gq and gp != gq:
        return False
    return True


class _Article:
    def __init__(self, parsed: Parsed, title: str | None = None):
        self.parsed = parsed
        self.text = parsed.text
        self.title_end = _title_end(parsed.text, title)
        self._times_named: dict[str, int] = {}  # a one-word name -> how often the text has it
        self._quotations: list[tuple[int, int]] | None = None
        self._interview: tuple[Mention | None, list, list] | None = None
        self.subjects: set[int] = set()  # where a person named is the subject of a clause
        self.side_roles: dict[int, list[str]] = {}  # descriptions set off after a person's name
        self._subject_speakers: set[int] | None = None  # speakers named so somewhere (after the scans)
        self.speakers: list[LocalSpeaker] = []
        self.keys: dict[tuple[str, str], int] = {}
        self.persons_by_pos: list[tuple[int, int]] = []  # (char, speaker index) of every person entity
        self.seen: dict[int, list[int]] = {}  # speaker index -> where it was named
        self.upos_at = {w.start: w.upos for sent in parsed.sentences for w in sent.words}
        self.ner_at = {w.start: w.ner for sent in parsed.sentences for w in sent.words}
        # family relations stated in the text: (relative's index, noun, owner as written, where)
        self.kin: list[tuple[int, str, str, int]] = []
        self._in_kin = False
        self.orgs = [(e.start, e.text, e.type) for sent in parsed.sentences for e in sent.entities if e.type == "ORG"]
        self.companies = [m.group(1).lower() for m in _COMPANY_BEFORE.finditer(self.text)]
        # ... and one-word names the text treats as things ("Netflix raised its prices")
        # (not a word of a person's full name: "Sanders touted its support" after Bernie Sanders)
        full_names = {w.lower() for sent in parsed.sentences for e in sent.entities
                      if e.type == "PER" and " " in e.text.strip() for w in e.text.split()}
        self.companies += [e.text.lower() for sent in parsed.sentences for e in sent.entities
                           if e.type in ("ORG", "PER") and " " not in e.text and e.text.lower() not in full_names
                           and _an_it(sent, e)]
        self._scan_entities()
        self._scan_surnames()

    def add(self, name: str, kind: str, role: str = "", alias: str = "", gender: str | None = None,
            pos: int | None = None, side_role: str = "") -> int:
        """The index of the speaker ``name`` is, a new one if none fits. ``side_role``: a description
        set off after the name ("Levesque, the councilor,"), which only picks among people who share
        a bare surname."""
        name = " ".join(name.split())
        if kind == "person":
            name = POSSESSIVE.sub("", name)  # "Donald Trump’s" is Donald Trump
            first, _, rest = name.partition(" ")
            if rest and first.lower().strip(",") in _NO_NAME_START:
                name = rest  # "Unlike Patriot": a preposition begins no name
            if name.lower() in _PLACES:
                kind = "organization"  # "the United States" pledged ...: a country, no person
            elif self._company(name):
                kind = "organization"  # "Wells Fargo" where the article has "Wells Fargo CEO John Stumpf"
        key = (kind if kind != "media" else "organization", name.lower())
        if kind in ("media", "organization"):  # "The Washington Post" and "Washington Post"
            key = ("organization", re.sub(r"^the\s+", "", name.lower()))
        if kind in ("media", "organization") and key not in self.keys and len(key[1].split()) >= 2:
            # "the Security Council" after "The United Nations Security Council"
            for (k, n), i in list(self.keys.items()):
                if k == "organization" and n.endswith(" " + key[1]):
                    self.keys[key] = i
                    break
        if kind == "organization" and key not in self.keys and self._company(name.split()[0]):
            # "Brightway Stores" and "Brightway", a company's name and its first word, in either order
            short = ("organization", name.split()[0].lower())
            longer = {i for (k, n), i in self.keys.items() if k == "organization" and n.startswith(short[1] + " ")}
            if len(name.split()) == 1 and len(longer) == 1:
                self.keys[key] = longer.pop()
            elif len(name.split()) >= 2 and short in self.keys and not longer:
                sp = self.speakers[self.keys[short]]
                if sp.kind == "organization":
                    if sp.name not in sp.aliases:
                        sp.aliases.append(sp.name)
                    sp.name = name
                    self.keys[key] = self.keys[short]
        if kind == "person" and side_role and _bare(name):
            # "Levesque, the councilor" where two Levesques are named: the one with that role
            by_role = self._by_role_word(name, side_role)
            if by_role is not None:
                if pos is not None:
                    self.seen.setdefault(by_role, []).append(pos)
                return by_role
        if kind == "person" and key not in self.keys:
            idx = self._same_person(name, gender, pos)
            if idx is not None:
                sp = self.speakers[idx]
                if len(name) > len(sp.name) and not _bare(name) and _plausible_fuller(name, sp.name):
                    # the fuller name leads: "Trump" seen first, then "Donald Trump"
                    if sp.name not in sp.aliases:
                        sp.aliases.append(sp.name)
                    sp.name = name
                elif name != sp.name and name not in sp.aliases:
                    sp.aliases.append(name)  # "Amro", "Blinkin": a variant of the name here
                self.keys[key] = idx
        idx = self.keys.get(key)
        if idx is not None and kind == "person" and gender and self.gender_of(idx) not in (None, gender):
            # "Mrs. Clinton" after "Clinton" meant Bill: the Clinton of her gender, or someone new
            idx = self._same_person(name, gender, pos)
            if idx is None:
                idx = len(self.speakers)
                self.speakers.append(LocalSpeaker(name=name, kind=kind))
        if idx is None:
            idx = len(self.speakers)
            self.speakers.append(LocalSpeaker(name=name, kind=kind))
            self.keys[key] = idx
        sp = self.speakers[idx]
        if role and role not in sp.roles:
            sp.roles.append(role)
        if alias and alias != sp.name and alias not in sp.aliases:
            sp.aliases.append(alias)
        if gender and not sp.gender:
            sp.gender = gender
        if pos is not None:
            self.seen.setdefault(idx, []).append(pos)
        return idx

    def _company(self, name: str) -> bool:
        """Whether the article writes ``name`` as a company's: right before a word only companies
        have ("Wells Fargo CEO", "Peabody Energy", "Patriot Coal")."""
        low = name.lower()
        return any(c == low or c.endswith(" " + low) for c in self.companies)

    def _same_person(self, name: str, gender: str | None, pos: int | None) -> int | None:
        """The person of this article that ``name`` can be, by evidence: surnames agree (or are
        one typo apart), given names agree (equal, a variant, an initial, or one side bare), no
        generational suffix on one only, no gender against gender. A bare name several people
        fit goes to the one mentioned last before ``pos``."""
        p = parse_person(name)
        if p is None:
            return None
        gender = gender or (given_gender(p.given) if p.given else None)
        cands = []
        for idx, sp in enumerate(self.speakers):
            if sp.kind != "person":
                continue
            q = parse_person(sp.name)
            if q is None:
                continue
            # "Guajardo Villarreal" for "Ildefonso Guajardo Villarreal": two surnames
            tail = normalise(name).split()
            if len(tail) >= 2 and normalise(sp.name).split()[-len(tail):] == tail and len(normalise(sp.name).split()) > len(tail):
                cands.append(idx)
                continue
            if not _fits(p, gender, q, sp.gender or (given_gender(q.given) if q.given else None)):
                continue
            cands.append(idx)
        if not cands and p.bare:
            # a given name alone ("Hillary", "Kim"): the one person here who has it
            cands = [i for i, sp in enumerate(self.speakers) if sp.kind == "person"
                     and (q := parse_person(sp.name)) is not None and q.given == p.surname]
            if len(cands) > 1:
                return None
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        if not p.bare:
            exact = [i for i in cands if normalise(self.speakers[i].name) == normalise(name)]
            return exact[0] if exact else None
        # "Castello Jr." is the Jr. of Robert Castello and Robert Castello Jr.; "Castello" alone, the
        # one without a suffix
        suffixed = [i for i in cands if (q := parse_person(self.speakers[i].name)) is not None and q.suffix == p.suffix]
        if suffixed and len(suffixed) < len(cands):
            cands = suffixed
            if len(cands) == 1:
                return cands[0]
        kin = self.relatives() if self.kin else set()
        if any(frozenset((i, j)) in kin for i in cands for j in cands if i < j):
            # "Clinton" where the text has Hillary Clinton and "her husband, Bill Clinton": the
            # one named most so far, else nobody (the last named is as likely the relative)
            times = {i: sum(1 for x in self.seen.get(i, []) if pos is None or x <= pos) for i in cands}
            top = max(times.values())
            best = [i for i in cands if times[i] == top]
            return best[0] if len(best) == 1 else None
        return max(cands, key=lambda i: self._last_before(i, pos))

    def asked_in(self, pos: int, first: bool) -> Mention | None:
        """The person an interview printed as questions and answers asks, where ``pos`` lies in one
        of its answers (``first``: for "I") or questions (for "you"); else ``None``."""
        if self._interview is None:
            self._interview = interview(self.parsed)
        asked, asks, answers = self._interview
        return asked if asked is not None and any(a <= pos < b for a, b in (answers if first else asks)) else None

    def _by_role_word(self, name: str, role: str) -> int | None:
        """Of several people whose surname is the bare ``name``, the one with a role or a description
        set off after the name ending in the word ``role`` ends in ("Levesque, the councilor" after
        "Daniel Levesque, a city councilor" and his brother Paul Levesque); ``None`` unless exactly
        one has."""
        word = role.lower().split()[-1] if role.split() else ""
        if not word or word in ("of", "the"):
            return None
        cands = [i for i, sp in enumerate(self.speakers) if sp.kind == "person" and not _bare(sp.name)
                 and _surname(sp.name) == _surname(name)]
        if len(cands) < 2:
            return None
        fit = [i for i in cands if any(r.lower().split()[-1:] == [word]
                                       for r in self.speakers[i].roles + self.side_roles.get(i, []))]
        return fit[0] if len(fit) == 1 else None

    def gender_of(self, idx: int) -> str | None:
        """The gender the text states (an honorific, a pronoun), else the one a common given name
        suggests; only the stated one is stored."""
        sp = self.speakers[idx]
        if sp.kind in ("unknown", "anonymous"):
            return noun_gender(sp.name)  # "My father"
        return sp.gender or (first_name_gender(sp.name) or full_name_gender(sp.name) if sp.kind == "person" else None)

    def _last_before(self, idx: int, pos: int | None) -> tuple[int, int]:
        seen = self.seen.get(idx, [])
        if pos is None:
            return (1, max(seen, default=-1))
        before = [x for x in seen if x <= pos]
        return (1, max(before)) if before else (0, -min(seen, default=0))

    def _scan_entities(self) -> None:
        per_surnames = {_surname(e.text) for s in self.parsed.sentences for e in s.entities
                        if e.type == "PER" and not self._heading(e.start, e.end)}
        body_names = {POSSESSIVE.sub("", strip_title(e.text)) for s in self.parsed.sentences for e in s.entities
                      if e.type == "PER" and e.start > self.title_end and len(e.text.split()) >= 2}
        paired: set[int] = set()  # where the full name of "Ana and Sofia Reyes" begins
        for sent, ent in _joined([(sent, e) for sent in self.parsed.sentences for e in sent.entities], self.text):
            shared = _shared_surname(self.text, ent) if ent.start > self.title_end else None
            if shared:
                # "Ana and Sofia Reyes": two sisters, both Reyes (and both people, whatever the tagger says)
                idx = self.add(shared[0], "person", alias=ent.text, pos=ent.start)
                self.persons_by_pos.append((ent.start, idx))
                paired.add(shared[1])
                continue
            if ent.type != "PER":
                # "U.S. Secretary of State Antony Blinken" tagged as one ORG: a title and a
                # known person's name inside it make it that person
                name, title = split_name_role(ent.text)
                titled = any(w.lower().strip(".,") in _CORE_TITLES for w in title.split())  # "Mayor Bill de Blasio"
                if ent.type == "ORG" and len(name.split()) >= 2 and (
                        set([_surname(name)] + _surname(name).split("-")) & per_surnames or titled
                        or ent.start in paired) and not (
                        set(name.lower().split()) & (org_words() | _NAME_BREAKERS)):  # not "Budget Cuts To Parks"
                    off = ent.text.rfind(name)
                    start = ent.start + off
                    if ent.start < self.title_end:
                        name = _body_name_in(name, body_names)  # "Black Lawmakers Rip Donald Trump"
                        start = ent.start + ent.text.rfind(name)
                    role = self._prefix_role(sent, start)
                    idx = self.add(name, "person", role=role, pos=start)
                    self.persons_by_pos.append((start, idx))
                continue
            head = sent.word_at(ent.end - 1)
            if set(ent.text.lower().split()) & org_words():
                continue  # "Islamic Jihad" tagged as a person
            if not ent.text[:1].isupper() or ent.text.lower() in _NOT_NAMES or _only_role(ent.text):
                continue
            if ent.start > self.title_end and self._heading(ent.start, ent.end):
                continue  # "Gender Equality." alone on its line: a section's heading
            if ent.text.lower() in _PLACES:
                continue  # "Capitol Hill" is no person (nor is Anita Hill there)
            if self._in_org_name(ent.start):
                continue  # "Commission on Presidential Debates", "Citizens for Tax Justice"
            if head is not None and " " not in ent.text and _demonym_plural(sent.words[head]):
                continue  # "The Europeans", "Republicans": a people, no person
            first = sent.word_at(ent.start)
            if first and sent.words[first - 1].text.lower() == "the" and _THE_PLURAL.fullmatch("the " + ent.text):
                continue  # "The Bears", "the Clintons": a team or a family, no one person
            if head is not None and sent.words[head].deprel.split(":")[0] in ("compound", "nmod", "amod") and sent.words[head].head > head:
                hw = sent.words[sent.words[head].head]
                if hw.lemma.lower() in title_words() or hw.text.lower() in title_words():
                    continue  # a modifier of a title: "Jihad spokesman"
            role = ""
            gender = None
            if head is not None:
                np = mention_for(sent, head)
                full = self.text[np.start : np.end]
                name, role = split_name_role(full)
                if not name:
                    name = ent.text
                prev = self.text[max(0, ent.start - 5) : ent.start].lower()
                if re.search(r"\bmr\.?\s*$", prev) or re.match(r"mr\.?\s", ent.text[:4].lower()):
                    gender = "m"
                elif re.search(r"\bm(r)?s\.?\s*$", prev) or re.match(r"m(r)?s\.?\s", ent.text[:5].lower()):
                    gender = "f"
                appos = self._appos_role(sent, head)
                role = role or self._prefix_role(sent, ent.start) or appos
            else:
                appos = ""
                name = strip_title(ent.text)  # a name the sentence splitter cut: no parse to read it from
            bare = strip_title(ent.text)
            name = bare if len(bare) >= len(name) or not name else name
            name = self.trim_name(name, max(ent.end, np.end if head is not None else ent.end), person=True)
            if name and not _same_words(bare, name):
                # the noun phrase ran past the name into another ("Chris Christie Calls Hillary
                # Clinton" in a headline): what does not hold the entity's own words is not its name
                name = self.trim_name(bare, ent.end, person=True)
            if ent.start < self.title_end:
                tail = _body_name_in(name, body_names)
                # the body's person at the end of the headline's phrase, if that is the entity
                # ("Black Lawmakers Rip Donald Trump"); not when the entity is another person
                # before the verb ("Chris Christie Calls Hillary Clinton ...")
                name = tail if tail == name or _same_words(bare, tail) else bare
            if not name or not name[:1].isupper() or _state_name(name):
                continue  # "Though Delaware (tagged a person) has ...": a state, no person
            kin = self._kin_of(ent.start, ent.end)
            if kin is not None:
                gender = gender or FAMILY[kin[0]]  # "her husband, President Trump": a man, not her
                if role and _family_role(role):
                    role = ""
            side = appos or (self._second_subject_role(sent, head) if head is not None else "")
            idx = self.add(name, "person", role=role, alias=ent.text if ent.text != name else "", gender=gender,
                           pos=ent.start, side_role=side)
            if side and side not in self.side_roles.setdefault(idx, []):
                self.side_roles[idx].append(side)
            if kin is not None:
                self.kin.append((idx, kin[0], kin[1], ent.start))
            self.persons_by_pos.append((ent.start, idx))
            if appos and _family_role(appos):
                appos = ""  # a relation, kept as one (below), not a role
            if appos and appos not in self.speakers[idx].roles:
                self.speakers[idx].roles.append(appos)  # "Gen. Joseph Dunford, the chairman of ..."
            party = self._appos_party(sent, head) if head is not None else ""
            label = _PARTY_AFTER.match(self.text, ent.end)
            if not party and label:
                # "Sen. Rand Paul (R-Ky.)": a Republican from Kentucky
                state = us_state(label.group(2))
                party = _PARTY_LETTER[label.group(1)] + (f" from {state}" if state else "")
            if party and party not in self.speakers[idx].roles:
                self.speakers[idx].roles.append(party)  # "Jon Tester, a red-state Democrat"
            if head is not None and _main_subject(sent, head):
                self.subjects.add(ent.start)

    def _kin_of(self, start: int, end: int) -> tuple[str, str] | None:
        """(family noun, its owner as written: "her", "Trump's", "Eric Garner") where the text
        calls the name at ``start:end`` someone's relative, else None."""
        line_start = self.text.rfind("\n", 0, start) + 1
        m = _KIN_BEFORE.search(self.text[max(line_start, start - 80) : start])
        if m:
            return m.group(2).lower(), m.group(1)
        line_end = self.text.find("\n", end)
        m = _KIN_AFTER.match(self.text[end : min(end + 80, line_end if line_end >= 0 else len(self.text))])
        if m and (m.group(1) or m.group(3)):
            return m.group(2).lower(), (m.group(1) or m.group(3)).strip(" ,")
        return None

    def _owner(self, relative: int, owner: str, pos: int) -> int | None:
        """The person of this article that ``owner`` (a possessive pronoun, "Trump's", a name)
        is, for a relation stated at ``pos``."""
        low = owner.lower()
        if low in ("his", "her", "their"):
            # only a namesake: "his wife, Heidi" after "Trump had attacked" is seldom Trump's
            # wife, and nearness alone cannot tell; "her husband, Bill Clinton" is Hillary's
            gender = {"his": "m", "her": "f"}.get(low)
            name = self.speakers[relative].name if relative >= 0 else ""
            surname = _surname(name)  # "Heidi" alone: no one's surname, no owner
            before = [(p, i) for p, i in self.persons_by_pos if p < pos and i != relative
                      and (gender is None or self.gender_of(i) in (None, gender))
                      and (relative < 0 or _surname(self.speakers[i].name) == surname)]
            return max(before)[1] if before else None
        name = POSSESSIVE.sub("", strip_title(owner)).strip()
        idx = self.keys.get(("person", name.lower()))
        if idx is None:
            idx = self._same_person(name, None, pos) if parse_person(name) is not None else None
        return idx if idx != relative else None

    def relatives(self) -> set[frozenset[int]]:
        """Pairs of this article's people the text states are family."""
        out: set[frozenset[int]] = set()
        if self._in_kin:
            return out  # an owner's name being looked up: no relations inside that lookup
        self._in_kin = True
        try:
            for idx, _, owner, pos in self.kin:
                o = self._owner(idx, owner, pos)
                if o is not None:
                    out.add(frozenset((idx, o)))
        finally:
            self._in_kin = False
        return out

    def by_kin(self, nominal: str, m: Mention) -> int | None:
        """The relative a family description means ("Her father, former President Clinton,";
        "his wife" where the text named her so): the name right after it, else the one person
        the text relates to the same owner with the same noun."""
        d = re.fullmatch(rf"(?:{_OWNER}\s+)?{_KIN_ADJ}({_KIN})", nominal.strip(" ,"))
        if d is None or not self.kin:
            return None
        noun = d.group(2).lower()
        same = [(idx, owner, pos) for idx, n, owner, pos in self.kin if n == noun]
        after = [idx for idx, _, pos in same if m.end <= pos <= m.end + 40]
        if after:
            return after[0]
        if d.group(1) is None:
            return None
        o = self._owner(-1, d.group(1), m.start)
        fits = {idx for idx, owner, pos in same if o is not None and self._owner(idx, owner, pos) == o}
        return fits.pop() if len(fits) == 1 else None

    def kin_roles(self) -> None:
        """A stated relation as the relative's role: "husband of Melania Trump"."""
        for idx, noun, owner, pos in self.kin:
            o = self._owner(idx, owner, pos)
            if o is None or self.speakers[o].kind != "person":
                continue
            role = f"{noun} of {self.speakers[o].name}"
            if role not in self.speakers[idx].roles:
                self.speakers[idx].roles.append(role)

    def subject_since(self, since: int, pos: int, gender: str | None) -> int | None:
        """The person named last as the subject of a clause after ``since`` and before ``pos``, in
        the paragraph of ``pos``, outside quotations ("Trump has not yet responded to Calderon's
        remarks, although he did ..."): whom a pronoun there means, before the last speaker."""
        para = self.text.rfind("\n", 0, pos) + 1
        best = None
        for p, idx in self.persons_by_pos:
            if p >= pos:
                break
            if p < max(since, para) or p not in self.subjects or self._quoted(p):
                continue
            if _unlikely_person(self.speakers[idx].name) or self.gender_of(idx) != gender:
                continue  # a person known to be of the pronoun's gender only
            best = idx
        return best

    def _quoted(self, p: int) -> bool:
        """Whether ``p`` lies inside a quotation: a name someone spoke, not one the writer gave."""
        if self._quotations is None:
            self._quotations = [(q.open_char, q.close_char) for q in find_quotations(self.text, singles=False)]
        return any(a <= p < b for a, b in self._quotations)

    def _in_org_name(self, a: int) -> bool:
        """Whether the name at ``a`` ends an organisation's name: after a capitalised organisation
        word or plural and ``of``/``on``/``for`` (``Commission on``, ``Citizens for``)."""
        mm = re.search(r"\b([A-Z][\w.'-]*)\s+(?:of|on|for)\s+(?:the\s+)?$", self.text[max(0, a - 40) : a])
        if not mm:
            return False
        word = mm.group(1).lower()
        return word in org_words() or _plural_word(mm.group(1))

    def _heading(self, a: int, b: int) -> bool:
        """Whether the text from ``a`` to ``b`` is a line of its own (bar a full stop: "Gender
        Equality."), or ends a run-in heading in title case ("Limited Tools to Fight Terrorism: The
        United Nations was ...")."""
        line_start = self.text.rfind("\n", 0, a) + 1
        line_end = self.text.find("\n", b)
        line_end = len(self.text) if line_end < 0 else line_end
        before, after = self.text[line_start:a].split(), self.text[b:line_end]
        if not before:
            return not after.strip(" .:")
        return after.startswith(":") and len(before) <= 8 and before[0][:1].isupper() and all(
            w[:1].isupper() or w in ("to", "of", "for", "and", "in", "on", "the", "a", "by", "with") for w in before)

    def _scan_surnames(self) -> None:
        """Where the body names a person of this article by the surname alone and the tagger missed
        it (``Scott's persona``, ``Lynch`` read as an organisation), that is a place the person was
        named, for the pronouns after it. Only a surname one person of the article has."""
        owners: dict[str, set[int]] = {}
        for idx, sp in enumerate(self.speakers):
            if sp.kind == "person" and len(sp.name.split()) >= 2:
                owners.setdefault(_surname(sp.name), set()).add(idx)
        # ... a person with a given name, a gender or a role, not a tagger's "Unlike Patriot"
        owners = {k: v for k, v in owners.items() if len(v) == 1
                  and (self.gender_of(next(iter(v))) or self.speakers[next(iter(v))].roles)}
        if not owners:
            return
        covered = [(e.start, e.end) for sent in self.parsed.sentences for e in sent.entities
                   if e.type == "PER" or len(e.text.split()) > 1]
        found = []
        for sent in self.parsed.sentences:
            for w in sent.words:
                if w.start < self.title_end or w.upos not in ("PROPN", "NOUN", "X") or w.deprel == "compound":
                    continue  # "a former Patriot mine": a modifier, nobody named
                token = self.text[w.start : w.end + 1]  # a word's offsets are its token's: "Rubio's"
                if POSSESSIVE.search(token.rstrip()) or token[-1:] in ("'", "’"):
                    continue  # "Rubio's response": a possessive is seldom whom the next pronoun means
                idxs = owners.get(_surname(w.text))
                if not idxs or len(idxs) != 1 or not w.text[:1].isupper():
                    continue
                if any(a <= w.start < b for a, b in covered):
                    continue
                found.append((w.start, next(iter(idxs))))
                if _main_subject(sent, w.i):
                    self.subjects.add(w.start)
        if found:
            self.persons_by_pos = sorted(self.persons_by_pos + found)

    def trim_name(self, name: str, end: int, person: bool = False) -> str:
        """A name without the words before it that cannot begin one (a verb, preposition or adverb
        of a headline in capitals: ``Gives GOP``, ``Over Kaine``, ``Praising Wall Street``; a
        quantifier: ``Both Hamas``, ``Which Republicans``) nor days, dates and times after it
        (``The Washington Post on Thursday``). ``""`` when nothing is left."""
        name = strip_time(name)
        if is_when(name):
            return ""
        # "Hady Amr. Amr": a name run over a sentence end ends at the full stop
        cut = re.match(r"^(\S+(?:\s+\S+)+?[a-z]{2})\.\s+[A-Z]\S*$", name)
        if cut and cut.group(1).split()[-1].lower() == name.split()[-1].lower():
            name = cut.group(1)
        a = self.text.rfind(name, 0, end + 1) if name else -1
        if a < 0:
            return name
        toks = [(m.start() + a, m.group(0)) for m in _TOKEN.finditer(name)]
        k = 0
        while k < len(toks):
            start, t = toks[k]
            upos = self.upos_at.get(start, "")
            if upos == "VERB" and not person and self.ner_at.get(start, "") == "B-ORG" and t[:1].isupper():
                upos = "PROPN"  # "Live Nation": a company's name begins with a word read as a verb
            if t.lower().strip(",.") in QUANTIFIERS or (upos in _NOT_NAME_UPOS and k < len(toks) - 1) or is_when(t) \
                    or (t.lower().strip(",") in _NO_NAME_START and k < len(toks) - 1):
                k += 1
                continue
            break
        if k == len(toks):
            return ""
        if not person:
            return self.text[toks[k][0] : a + len(name)].strip(" ,")
        # a person's name: a headline's verb inside ends it ("Clinton Goes", "Elizabeth Warren
        # Hammers Wells Fargo"), and one common word is none ("Frustration", "Nonetheless")
        title_end = self.title_end
        # ... and begins after a headline's preposition or verb ("BIGGER Move Against Hillary Clinton")
        last = max((j for j in range(k, len(toks) - 1) if toks[j][0] < title_end
                    and (self.upos_at.get(toks[j][0], "") in ("ADP", "VERB", "AUX", "SCONJ")
                         or toks[j][1].lower() in _HEADLINE_LINKS or j > k and _headline_cue(toks[j][1]))
                    and toks[j][1][:1].isupper()), default=None)
        if last is not None and toks[last + 1][1][:1].isupper():
            k = last + 1
        stop = next((j for j in range(k + 1, len(toks)) if self.upos_at.get(toks[j][0], "") in ("VERB", "AUX")
                     and toks[j][0] < title_end), None)  # in the headline only: "Jon Husted" may be tagged a verb
        if toks[k][0] < title_end and self.ner_at.get(toks[k][0], "") == "B-PER":
            # "Hillary Clinton Wins Delaware's Democratic Primary": in a headline the person ends
            # where the tagger's person ends, whatever words in capitals follow
            e = next((j for j in range(k + 1, len(toks)) if self.ner_at.get(toks[j][0], "") == "E-PER"), None)
            if e is not None and e + 1 < (stop if stop is not None else len(toks)):
                stop = e + 1
        k += _description_length([t for _, t in toks[k: stop if stop is not None else len(toks)]])
        end_at = toks[stop][0] if stop is not None else a + len(name)
        honorific = re.search(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+$", self.text[max(0, toks[k][0] - 6) : toks[k][0]]) \
            and not POSSESSIVE.search(toks[k][1])
        if (stop or len(toks)) - k == 1 and self.upos_at.get(toks[k][0], "PROPN") not in ("PROPN", "X", "") \
                and not (honorific and toks[k][1][:1].isupper()) and not self._known_surname(toks[k][1]):
            # one common word is no name; "Mr. Ban's" is, whatever the tagger says, and so is the
            # surname of a person the article named in full ("Finch believed" after Harold Finch)
            return ""
        return self.text[toks[k][0] : end_at].strip(" ,")

    def _known_surname(self, word: str) -> bool:
        """Whether capitalised ``word`` is the surname of a person this article has named in full."""
        return word[:1].isupper() and not POSSESSIVE.search(word) and self.person_with_surname(word.lower(), full=True)

    def _prefix_role(self, sent: Sentence, start: int) -> str:
        """``U.S. Secretary of State Tony Blinken``: the capitalised run before a name, when it holds
        a title word."""
        words = [w for w in sent.words if w.end <= start]
        run: list = []
        for w in reversed(words):
            low = w.text.lower()
            if w.text[:1].isupper() or low in title_words() or low in ("of", "for", "the", "-") and run:
                run.append(w)
                continue
            break
        while run and run[-1].text.lower() in ("of", "for", "the", "-"):
            run.pop()
        run.reverse()
        if not run or not any(w.text.lower() in title_words() and w.upos != "PROPN" or w.text.lower() in _CORE_TITLES for w in run):
            return ""
        role = self.text[run[0].start : run[-1].end]
        return role if len(role.split()) <= 10 else ""

    def _appos_party(self, sent: Sentence, head: int) -> str:
        """The apposition that gives a name's party: "Jon Tester, a red-state Democrat" (the
        parser hangs it on "Jon", the entity ends on "Tester")."""
        w = sent.words[head]
        if w.deprel.startswith("flat") and 0 <= w.head < len(sent.words):
            head = w.head
        for c in sent.children(head):
            cw = sent.words[c]
            if cw.deprel == "appos" and cw.lemma.lower() in _PARTIES:
                m = mention_for(sent, c)
                return re.sub(r"^(the|a|an)\s+", "", self.text[m.start : m.end], flags=re.I)
        return ""

    def _appos_role(self, sent: Sentence, head: int) -> str:
        """The description in apposition to the name whose last word is ``head`` ("Gen. Joseph
        Dunford, the chairman of ...")."""
        w = sent.words[head]
        cands = [c for c in sent.children(head) if sent.words[c].deprel == "appos"]
        if w.deprel == "appos" and w.head >= 0:
            cands.append(w.head)
        return self._role_among(sent, cands)

    def _second_subject_role(self, sent: Sentence, head: int) -> str:
        """A description set off after the name whose last word is ``head`` that the parser made a
        second subject of the name's verb ("Levesque, the councilor, has pledged")."""
        n = head
        while sent.words[n].deprel in ("flat", "compound") and sent.words[n].head >= 0:
            n = sent.words[n].head  # "Daniel Levesque": the name's head
        nw = sent.words[n]
        if not nw.deprel.startswith("nsubj") or nw.head < 0:
            return ""
        end = max(k for k in sent.subtree(n) if sent.words[k].upos != "PUNCT")
        return self._role_among(sent, [c for c in sent.children(nw.head) if c > n and sent.words[c].deprel == nw.deprel
                                       and end + 1 < len(sent.words) and sent.words[end + 1].text == ","
                                       and min(k for k in sent.subtree(c) if sent.words[k].upos != "PUNCT") == end + 2])

    def _role_among(self, sent: Sentence, cands: list[int]) -> str:
        """The first of the words ``cands`` that heads a role (a noun, or a title in capitals), as
        written without its article; ``""`` if none does."""
        for c in cands:
            cw = sent.words[c]
            if cw.upos == "NOUN" or (cw.upos == "PROPN" and cw.lemma.lower() in title_words()):
                m = mention_for(sent, c)
                role = re.sub(r"^(the|a|an)\s+", "", self.text[m.start : m.end], flags=re.I)
                if len(role.split()) <= 8:
                    return role
        return ""

    def has_person(self, name: str, m: Mention) -> bool:
        """A PER entity inside the mention, or a person of this article with the same surname."""
        return self.person_in(m.start, m.end) or self.person_with_surname(_surname(name))

    def person_in(self, start: int, end: int) -> bool:
        """Whether a person's name (a PER entity) begins in ``[start, end)``."""
        return any(start <= p < end for p, _ in self.persons_by_pos)

    def persons_with_surname(self, surname: str, full: bool = False) -> list[int]:
        """The persons of this article (by index) with this surname (``full``: under a name of two
        words or more, "Norman Ham" for "Ham")."""
        return [i for i, sp in enumerate(self.speakers) if sp.kind == "person" and _surname(sp.name) == surname
                and (not full or len(sp.name.split()) >= 2)]

    def person_with_surname(self, surname: str, full: bool = False) -> bool:
        """Whether a person of this article has this surname (see :meth:`persons_with_surname`)."""
        return bool(self.persons_with_surname(surname, full))

    def one_given(self, name: str) -> bool:
        """Whether ``name`` is one capitalised word that is the given name of exactly one person of
        this article named in full ("Lucia" after "Lucia Medina")."""
        if " " in name.strip() or not name[:1].isupper():
            return False
        low = name.strip().lower()
        return sum(1 for sp in self.speakers if sp.kind == "person" and len(sp.name.split()) >= 2
                   and (q := parse_person(sp.name)) is not None and q.given == low) == 1

    def named_in_body(self, idx: int) -> bool:
        """Whether speaker ``idx`` is named after the headline."""
        return any(x > self.title_end for x in self.seen.get(idx, []))

    def nearest_person_before(self, pos: int, gender: str | None, within: list[tuple[int, int]] = ()) -> int | None:
        """The person named last before ``pos`` that a pronoun of ``gender`` can point at; never one
        named inside ``within`` (the quote the pronoun is the source of: "'Here comes Big Daddy,'
        she said")."""
        best = None
        for p, idx in self.persons_by_pos:
            if p >= pos:
                break
            if any(a <= p < b for a, b in within) or self._quoted(p):
                continue
            if _unlikely_person(self.speakers[idx].name) or self._unattested(idx):
                continue  # "RT", "Conn.", "Obamacare": a tagger's person that a pronoun does not point at
            g = self.gender_of(idx)
            if gender and g and g != gender:
                continue
            best = idx
        return best

    def fuller_outlet(self, name: str) -> int | None:
        """``the Times`` after ``The New York Times``: the one outlet of this article whose longer
        name ends with this one-word name (which joins it as an alias)."""
        short = re.sub(r"(?i)^the\s+", "", name).strip()
        if " " in short or not short[:1].isupper():
            return None
        cands = [i for i, sp in enumerate(self.speakers) if sp.kind == "media" and len(sp.name.split()) >= 2
                 and re.sub(r"(?i)^the\s+", "", sp.name).split()[-1].lower() == short.lower()]
        if len(cands) != 1:
            return None
        sp = self.speakers[cands[0]]
        sp.aliases.append(name) if name not in sp.aliases else None
        return cands[0]

    def by_description(self, nominal: str, pos: int) -> int | None:
        """``the newspaper``, ``the network``, ``the court``, ``the committee``: the organisation
        of that type named last before ``pos`` in this article (singular, definite only)."""
        if any(w[:1].isupper() for w in nominal.split()[1:]):
            return None  # "the Trump campaign" is not whichever campaign was named last
        low = nominal.lower().strip(" ,.")
        m = re.fullmatch(r"(?:the|this|that)\s+(?:[\w.-]+\s+){0,2}?([a-z-]+)", low)
        if not m:
            return None
        head = m.group(1)
        want_media = head in _MEDIA_HEADS
        if not want_media and head not in _ORG_HEADS:
            return None
        best = None
        for start, text, ner in self.orgs:
            if start >= pos:
                break
            k = _kind_of_name(Mention(text, start, start + len(text), -1, ner=ner), text)
            if (want_media and k == "media") or (not want_media and head in text.lower()):
                best = (start, text, k)
        if want_media and best is None:
            # an outlet already speaking in this article by its name, where the tagger found none
            seen = [(max(before), i) for i, sp in enumerate(self.speakers)
                    if sp.kind == "media" and all(w[:1].isupper() for w in sp.name.split())
                    and (before := [x for x in self.seen.get(i, []) if x < pos])]
            if seen:
                idx = max(seen)[1]
                self.speakers[idx].aliases.append(nominal) if nominal not in self.speakers[idx].aliases else None
                return idx
        if best is None:
            return None
        start, text, k = best
        name = re.sub(r"^the\s+", "", text, flags=re.I) if k == "organization" else text
        return self.add(name, k, alias=nominal)

    def by_company_noun(self, nominal: str, pos: int) -> int | None:
        """``the company``, ``the airline``, ``the retailer``: the one company this article has named
        before ``pos`` ("Southwest Airlines", "Brightway Stores", "Vantis Health Inc."); None when it
        has named none or several."""
        m = re.fullmatch(r"the\s+([a-z-]+)", nominal.lower().strip(" ,."))
        if not m or m.group(1) not in _COMPANY_NOUNS:
            return None
        names: dict[str, str] = {}
        things: dict[str, str] = {}  # "Netflix raised its prices": a one-word name the text treats as a thing
        for sent in self.parsed.sentences:
            if sent.start >= pos:
                break
            for e in sent.entities:
                if e.end > pos:
                    continue
                words = e.text.rstrip(" ,").split()
                if e.type in ("ORG", "PER") and len(words) >= 2 and (
                        words[-1].lower().strip(".,") in _COMPANY_ENDS or self._company(" ".join(words[:-1]))):
                    name = POSSESSIVE.sub("", e.text.rstrip(" ,"))
                    names.setdefault(name.lower(), name)
                elif " " not in e.text and e.text.lower() in self.companies:
                    things.setdefault(e.text.lower(), e.text)
        names = names or things  # (whatever the tagger made of them, only when no company is named in full)
        if len(names) != 1:
            return None
        return self.add(next(iter(names.values())), "organization", alias=nominal, pos=pos)

    def by_head(self, nominal: str, pos: int, first: bool = False) -> int | None:
        """``the poll`` after ``A new poll``, ``the appeals court`` after ``A federal appeals court``:
        a definite singular description goes to the last speaker (not a person) of this article
        named with the same head noun before ``pos``."""
        if any(w[:1].isupper() for w in nominal.split()[1:]):
            return None  # "the Trump campaign" is not whichever campaign was named last
        m = re.fullmatch(r"(?:the|this|that)\s+(?:[\w.-]+\s+){0,3}?([a-z-]+)", nominal.lower().strip(" ,."))
        if not m or m.group(1).endswith("s") and not m.group(1).endswith("ss"):
            return None
        head = m.group(1)
        best, best_pos = None, -1
        for idx, sp in enumerate(self.speakers):
            # (by the head of the name: not "doctors at a Phoenix hospital" for "the hospital")
            if sp.kind == "person" or not any(description_head(n.lower().rstrip(" .,")).endswith(head)
                                              for n in [sp.name, *sp.aliases]):
                continue
            before = [x for x in self.seen.get(idx, []) if x < pos]
            if first and before and (best is None or min(before) < best_pos):
                best, best_pos = idx, min(before)  # a headline's: the one the article opens with
            elif not first and before and max(before) > best_pos:
                best, best_pos = idx, max(before)
        if best is None and (head in org_words() or head in _ORG_HEADS):
            # "The hospital" after "St. Mary's Hospital", which said nothing before: the one
            # organisation named so before it
            names = {re.sub(r"^the\s+", "", e.text, flags=re.I) for sent in self.parsed.sentences for e in sent.entities
                     if e.type in ("ORG", "LOC", "FAC") and e.start < pos and e.text.lower().split()[-1:] == [head]
                     and len(e.text.split()) >= 2}  # (a hospital is often tagged a place)
            if len(names) == 1:
                return self.add(names.pop(), "organization", alias=nominal, pos=pos)
        return best

    def _unattested(self, idx: int) -> bool:
        """A one-word "person" with nothing that makes it one: no gender, role, honorific or given
        name, no fuller name of this article ending with it, named fewer than three times
        ("Honolulu", "Concord")."""
        sp = self.speakers[idx]
        if len(sp.name.split()) != 1 or self.gender_of(idx) or sp.roles:
            return False
        if self.person_with_surname(_surname(sp.name), full=True):
            return False
        # a person the article is about is named again and again ("Kasich", "Carson")
        if sp.name not in self._times_named:
            self._times_named[sp.name] = len(re.findall(r"\b" + re.escape(sp.name) + r"\b", self.text))
        # ... and at least once the subject of a sentence ("Kasich said"), not only talked about
        # ("the former president said Obamacare is causing ...")
        if self._subject_speakers is None:
            self._subject_speakers = {i for p, i in self.persons_by_pos if p in self.subjects}
        return self._times_named[sp.name] < 3 or idx not in self._subject_speakers

    def last_named_before(self, idx: int, pos: int) -> int:
        """Where the person ``idx`` was last named (as a person entity) before ``pos``; -1 if not."""
        return max((p for p, i in self.persons_by_pos if i == idx and p < pos), default=-1)

    def by_gendered_description(self, nominal: str, pos: int) -> int | None:
        """``the former first lady``, ``the New York businessman``: a definite description whose noun
        states a gender goes to the one person of that gender named in the 800 characters before
        it; none or several: ``None``. A description naming someone of this article ("the Clinton
        spokeswoman") is someone else."""
        low = nominal.lower().strip(" ,.")
        if not re.match(r"(?:the|this|that)\s", low):
            return None
        words = set(re.findall(r"[a-z]+", low))
        if not words & _DESCRIBING_NOUNS:
            return None
        if words & {"other", "another", "second", "third", "latter", "fellow", "younger", "older", "elder"}:
            return None  # "The other man": someone else
        end = pos + len(nominal)
        if any(end <= p < end + 40 and "," in self.text[end:p] for p, _ in self.persons_by_pos):
            return None  # "The other man, his cousin James York,": named here
        g = noun_gender(low)
        if g is None:
            return None
        named = {_surname(sp.name) for sp in self.speakers if sp.kind == "person"}
        if any(w[:1].isupper() and w.lower().strip(".,’'s") in named for w in nominal.split()[1:]):
            return None
        near = {idx for p, idx in self.persons_by_pos if pos - 800 <= p < pos
                and not _unlikely_person(self.speakers[idx].name) and self.gender_of(idx) == g}
        return near.pop() if len(near) == 1 else None

    def by_later_name(self, nominal: str, m: Mention) -> int | None:
        """``A federal appeals court`` ruled ... ``the U.S. Court of Appeals``; ``A New York judge`` ...
        ``Manhattan Supreme Court Justice Frank Nervo``: an indefinite description of an institution
        or an office that one name of this article fits (its head noun or a synonym in the name or
        the person's role; several: the one sharing most other words, else the institution named
        next within a few lines). Not for sources who are kept
        anonymous ("speaking on condition of anonymity")."""
        low = nominal.lower().strip(" ,.")
        mm = re.fullmatch(r"(?:a|an)\s+((?:[\w.'’-]+\s+){0,4}?)([a-z-]+)", low)
        if not mm:
            return None
        around = self.text[max(0, m.start - 200) : m.end + 300].lower()
        if re.search(r"anonymity|not authori[sz]ed|asked not to be|declined to be named|not to be identified", around):
            return None
        mods = set(mm.group(1).split()) - {"new", "former", "top", "senior", "federal", "state", "local"}
        head = mm.group(2)
        level = mods & _LEVELS  # "a U.S. District Court judge" is not the appeals judge named later

        def fits(text: str) -> bool:
            return not level or bool(level & set(re.findall(r"[\w.'-]+", text.lower())))
        if head in _FORWARD_ORG_HEADS:
            heads = _FORWARD_ORG_HEADS[head]
            cands: dict[str, tuple[int, str, str]] = {}
            for start, text, ner in self.orgs:
                if m.start <= start < m.end or any(start <= p < start + len(text) for p, _ in self.persons_by_pos):
                    continue
                name = re.sub(r"^the\s+", "", text, flags=re.I)
                toks = set(re.findall(r"[\w'-]+", name.lower()))
                if toks & heads and fits(name):
                    cands.setdefault(name.lower(), (start, name, ner))
            pick = _best_fit(list(cands.values()), mods, lambda c: c[1])
            if pick is None:
                # several: the one the next lines name ("A House panel voted ... The House Oversight
                # and Government Reform Committee voted 19-15")
                after = sorted(c for c in cands.values() if m.end <= c[0] < m.end + 600)
                pick = after[0] if after else None
            if pick is None:
                return None
            start, name, ner = pick
            k = _kind_of_name(Mention(name, start, start + len(name), -1, ner=ner), name)
            return self.add(name, k if k != "person" else "organization", alias=nominal, pos=m.start)
        if head in _FORWARD_PERSON_HEADS:
            heads = _ROLE_SYNONYMS.get(head, set()) | {head}
            people = [(idx, sp) for idx, sp in enumerate(self.speakers) if sp.kind == "person"
                      and any(set(re.findall(r"[\w.]+", r.lower())) & heads for r in sp.roles)
                      and fits(" ".join(sp.roles))]
            pick = _best_fit(people, mods, lambda c: " ".join(c[1].roles))
            if pick is None:
                return None
            idx = pick[0]
            self.speakers[idx].aliases.append(nominal) if nominal not in self.speakers[idx].aliases else None
            self.seen.setdefault(idx, []).append(m.start)
            return idx
        return None

    def last_collective_before(self, pos: int, exclude: int | None = None) -> int | None:
        """The organisation, group or anonymous source of this article named last before ``pos``."""
        best, best_pos = None, -1
        for idx, sp in enumerate(self.speakers):
            if idx == exclude or sp.kind not in ("organization", "media", "group", "anonymous"):
                continue
            before = [x for x in self.seen.get(idx, []) if x < pos]
            if before and max(before) > best_pos:
                best, best_pos = idx, max(before)
        return best

    def by_party(self, party: str, place: str = "") -> int | None:
        """``the Montana Democrat`` -> the one person of this article whose roles name that party
        ("Jon Tester, a red-state Democrat"), or of several the one from ``place`` ("Rand Paul
        (R-Ky.)" for "the Kentucky Republican"); None when no one or several do."""
        people = [idx for idx, sp in enumerate(self.speakers) if sp.kind == "person"
                  and party not in sp.name.lower()  # "Nevada Democrat": a description the NER took for a name
                  and any(re.search(rf"\b{party}", r.lower()) for r in sp.roles)]
        if len(people) > 1 and place:
            people = [idx for idx in people if any(f"from {place.lower()}" in r.lower() for r in self.speakers[idx].roles)]
        return people[0] if len(people) == 1 else None

    def by_role(self, nominal: str) -> int | None:
        """``the Secretary of State`` -> the person whose role ends with those words."""
        words = [w for w in re.sub(r"^(the|a|an|this|that)\s+", "", nominal.lower()).split() if w not in ("the",)]
        if not words:
            return None
        head = words[-1]
        if head == "general" and len(words) >= 2 and words[-2] in _GENERAL_OF:
            head = words[-2]  # "the inspector general" is no general
        if head in org_words() or re.search(r"[^su'’]s$", head) and not _ROLE_SYNONYMS.get(head):
            return None  # "the union", "flight attendants": no one person's role
        best, best_score = None, 0
        state = _states_in(nominal)
        for idx, sp in enumerate(self.speakers):
            if sp.kind != "person":
                continue
            if self.seen.get(idx) and not self.named_in_body(idx):
                continue  # a headline's "Retailer Cuts" (a tagger's person) is nobody "the retailer" means
            held = set().union(*map(_states_in, sp.roles))
            if state and held and not state & held:
                continue  # "the Vermont senator" is not the one whose role says Florida
            for role in sp.roles:
                r = role.lower()
                rw = set(re.findall(r"[\w.]+", r))
                if head not in rw and not (rw & _ROLE_SYNONYMS.get(head, set())):
                    continue
                score = 1 + len(set(words) & rw) + (2 if r.endswith(" ".join(words)) else 0)
                if score > best_score:
                    best, best_score = idx, score
        return best


_MEDIA_WORDS = {"blog", "newspaper", "channel", "network", "magazine", "website", "outlet", "broadcaster", "tv", "radio",
                "daily", "news", "paper", "site"}


def _an_it(sent: Sentence, ent: Entity) -> bool:
    """Whether the one-word name ``ent`` is the subject of a verb whose object is "its" something
    ("Netflix raised its prices"): a thing, not a person ("Trump said it was" is no evidence)."""
    i = sent.word_at(ent.start)
    if i is None or not sent.words[i].deprel.startswith("nsubj") or sent.words[i].head < 0:
        return False
    v = sent.words[i].head
    for c in sent.children(v):
        if sent.words[c].deprel == "obj":
            for k in sent.children(c):
                w = sent.words[k]
                if w.deprel == "nmod:poss" and w.text.lower() == "its":
                    return True
    return False


def _states_in(text: str) -> set[str]:
    """The U.S. states a description or role names ("the Vermont senator", "Florida Sen.",
    "D-N.Y.")."""
    words = re.findall(r"[A-Z][\w.]*", text)
    found = {us_state(" ".join(words[k:k + 2])) for k in range(len(words) - 1)}
    found |= {us_state(w) for w in words if len(w.rstrip(".")) > 2}  # not "Sen", "D", "Rep" as states
    found.discard(None)
    return found


_AND_FULL_NAME = re.compile(r" and ([A-Z][a-z]+) ([A-Z][\w'’-]+)(?![\w'’-]| [A-Z])")


def _shared_surname(text: str, ent: Entity) -> tuple[str, int] | None:
    """``Ana and Sofia Reyes``, ``Rosa and Carlos Medina``: a given name alone before "and" and a
    full name shares its surname; the full name that given name makes ("Ana Reyes") and where the
    other full name begins, else None."""
    if " " in ent.text or not _given(ent.text) or ent.type not in ("PER", "ORG"):
        return None
    m = _AND_FULL_NAME.match(text, ent.end)
    if m is None or not _given(m.group(1)) or _given(m.group(2), wide=False):
        return None
    return f"{ent.text} {m.group(2)}", m.start(1)


def _joined(entities: list[tuple[Sentence, Entity]], text: str) -> list[tuple[Sentence, Entity]]:
    """The tagger's person entities with a name it cut in two joined again, even across a sentence
    break it made inside the name: "Gen. Norman" + "Ham" with one space between is "Gen. Norman
    Ham" (in the sentence where it begins); a double-barrelled surname cut at its hyphen; and a
    hyphenated given name cut after its hyphen ("Kim Min-" + "jun")."""
    out: list[tuple[Sentence, Entity]] = []
    for sent, e in entities:
        if e.text.endswith("-") and (tail := re.match(r"[a-z]+\b", text[e.end :])):
            # "Kim Min-" + "jun": a hyphenated given name the tagger stopped inside
            e = Entity(text=text[e.start : e.end + tail.end()], type=e.type, start=e.start, end=e.end + tail.end())
        prev = out[-1][1] if out else None
        if prev is not None and prev.type == e.type and text[prev.end : e.start] == "-" and e.text[:1].isupper() \
                and " " not in e.text and len(prev.text.split()) >= 2:
            # "Lucia Medina" + "-" + "Ford": a double-barrelled surname the tagger cut at its hyphen
            out[-1] = (out[-1][0], Entity(text=text[prev.start : e.end], type=e.type, start=prev.start, end=e.end))
            continue
        if prev is not None and prev.type == e.type == "PER" and text[prev.end : e.start] == " ":
            out[-1] = (out[-1][0], Entity(text=text[prev.start : e.end], type="PER", start=prev.start, end=e.end))
            continue
        out.append((sent, e))
    return out


def _demonym_plural(w) -> bool:
    """``Europeans``, ``Republicans``, ``Democrats``: a plural of a people or a party."""
    return "Number=Plur" in (w.feats or "") and w.text.lower().endswith(
        ("ans", "ats", "ese", "ists", "ites", "ers", "ics", "ards"))


def _main_subject(sent: Sentence, i: int) -> bool:
    """Whether word ``i`` is the subject of a main clause ("Trump has not yet responded"), not of
    a clause inside another ("the perception that Trump is racist", "If Trump does not win")."""
    w = sent.words[i]
    while w.deprel.split(":")[0] in ("flat", "compound") and w.head >= 0:
        w = sent.words[w.head]  # "Donald Trump": the name's head
    if w.deprel.startswith("appos") and w.head >= 0:
        w = sent.words[w.head]  # "Olsen's brother, Erik Olsen, disagreed": the name of the subject
    if not w.deprel.startswith("nsubj") or w.head < 0:
        return False
    return sent.words[w.head].deprel in ("root", "conj")


def _plural_word(word: str) -> bool:
    """``Citizens``, ``Physicians``, ``Friends``: a capitalised plural noun (not a title or ``Ross``)."""
    low = word.lower()
    return low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s")) and len(low) > 3 \
        and low not in title_words() and low[:-1] not in title_words()


def _body_name_in(name: str, body_names: set[str]) -> str:
    """A headline's "name" that holds, after its first words, the full name of a person the body
    names is that person: "Black Lawmakers Rip Donald Trump" -> Donald Trump."""
    toks = name.split()
    for k in range(1, len(toks) - 1):
        tail = " ".join(toks[k:])
        if tail in body_names:
            return tail
    return name


_NAME_THEN_VERB = re.compile(r"^((?:[A-Z][\w.'’-]*\s+)*[A-Z][\w.'’-]*)\s+([a-z]+s)(?:$|\s+(?=[A-Z]))")
_DETERMINER_WORDS = frozenset({"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my"})


def _before_verb(text: str) -> str:
    """A name the tagger ran into the verb after it ("Hillary Clinton plans", "Judge rejects New York
    Times"): the name ends before the verb, when it ends the mention or a name follows it. Not a
    plural noun after a name or an article ("Gulf states", "Police reports", "The appeals court")."""
    mm = _NAME_THEN_VERB.match(text)
    if mm is None or mm.group(1).lower() in _DETERMINER_WORDS or mm.group(2) == "states" \
            or mm.group(2)[:-1] in DOCUMENT_WORDS or not _headline_cue(mm.group(2)):
        return text
    return mm.group(1)


def _headline_cue(word: str) -> bool:
    """A headline's word in capitals that is a verb of saying (``Rip``, ``Slams``, ``Hammers``), which
    the tagger took for part of a name: "Black Lawmakers Rip Donald Trump"."""
    low = word.lower().strip(",:;")
    return any(verb_stance(f) for f in (low, *base_forms(low, "VBZ")))


def _plausible_fuller(name: str, shorter: str) -> bool:
    """Whether ``name`` can stand for the person so far called ``shorter``: not a headline's or a
    dateline's words before it ("BIGGER Move Against Hillary Clinton", "LA CROSSE, Wisc. — Gov.
    Mike Pence")."""
    toks = name.split()
    return not any(len(t) >= 3 and t.isupper() for t in toks) and not re.search(r"[,—–]", name) and len(toks) <= 5


def _best_fit(cands: list, mods: set[str], text_of) -> object | None:
    """The one candidate, or the one sharing strictly the most of ``mods`` (at least one)."""
    if len(cands) == 1:
        return cands[0]
    scored = sorted(((len(mods & set(re.findall(r"[\w.'-]+", text_of(c).lower()))), i) for i, c in enumerate(cands)),
                    reverse=True)
    if len(scored) >= 2 and scored[0][0] >= 1 and scored[0][0] > scored[1][0]:
        return cands[scored[0][1]]
    return None


def _family_role(role: str) -> bool:
    """Whether a role is a family relation ("Her husband", "the daughter of Eric Garner")."""
    words = re.findall(r"[\w'’-]+", role.lower())
    if "of" in words:
        words = words[: words.index("of")]
    return bool(words) and words[-1] in FAMILY


def noun_gender(description: str) -> str | None:
    """The gender a description states by its nouns ("my father", "the former first lady"), else None."""
    words = set(re.findall(r"[a-z]+", description.lower()))
    found = {g for g, nouns in _GENDERED_NOUNS.items() if words & nouns}
    return found.pop() if len(found) == 1 else None


def _unlikely_person(name: str) -> bool:
    """A one-word "person" that is an acronym or an abbreviation ("RT", "Conn."), or a state
    ("Delaware", "Iowa"; not one that is also a given name: "Virginia")."""
    toks = name.split()
    return len(toks) == 1 and ((toks[0].isupper() and len(toks[0]) <= 4) or toks[0].endswith(".")
                               or _state_name(toks[0]))


def _description_length(words: list[str]) -> int:
    """How many capitalised words open a name's ``words`` before a known given name and describe
    the person ("Billionaire Donald Trump", "Senators Mitch McConnell": 1): the word right before
    the given name reads as a description. 0 when none do, or no given name of the word lists
    follows ("Khizr Muazzam Khan"), or the first word is one ("Giovanni Maria Vian" has none)."""
    if len(words) < 3 or _given(words[0], wide=False) is not False:
        return 0
    j = next((j for j in range(1, len(words) - 1) if _given(words[j])), None)
    if j is None or not all(w[:1].isupper() for w in words[:j]) or not _describes(words[j - 1]):
        return 0
    return j


def _given(word: str, wide: bool = True) -> bool | None:
    """Whether a capitalised word is a given name of the word lists, or with ``wide`` of the
    census list too ("Actor Clint Howard", "CNN's Gloria Borger"; None for an initial)."""
    w = word.strip(".,").lower()
    if len(w) <= 1:
        return None
    return w in given_names() or (wide and w in census_given_names())


_DESCRIBING_END = re.compile(r"(?:er|or|ist|ian|man|woman|aire|ess|ant|ent|ee|[^s]s|['’]s?|-based|-born)$")
_DESCRIBING_WORDS = {"sheriff", "pastor", "widow", "counsel", "chief", "bishop", "judge", "coach", "priest", "nun",
                     "aide", "star", "guru", "mogul", "tycoon", "czar", "wife", "husband", "son", "daughter"}


def _describes(word: str) -> bool:
    """Whether the word before a given name describes the person ("Billionaire", "Comedian",
    "Sheriff", "Senators", "Post's") rather than being a first name ("Giovanni" Maria Vian)."""
    w = word.strip(".,").lower()
    return w in title_words() or w in _PERSON_ROLE_WORDS or w in _DESCRIBING_WORDS or bool(_DESCRIBING_END.search(w))


def _state_name(word: str) -> bool:
    """A US state written out ("Delaware"), which the tagger sometimes takes for a person."""
    return (us_state(word) or "").lower() == word.lower() and word.lower() not in given_names()


# prepositions that tie the words before a name to something else ("candidates like", "the lawyer
# for defendant")
_PREPOSITIONS = {"for", "from", "by", "with", "to", "about", "against", "like", "than", "including", "on", "at", "in",
                 "between", "among"}


# what ends a phrase before a name without describing the person: "candidates like", "One
# operative inside", "polls compiled by"
_NOT_ROLE_END = _PREPOSITIONS | {"of", "inside", "near", "outside", "and", "or", "such", "as"}


def _role_noun_before(role: str) -> bool:
    """Whether ``role`` ends in a lower-case word that describes the person named after it
    ("Wolves coach", "Media titan", "pizza magnate"), with no "of" that makes the name someone
    else's ("the ex-wife of Alan Grayson", "daughter of ... Principal Dawn Hochsprung")."""
    words = role.split()
    return bool(words) and words[-1].islower() and words[-1] not in _NOT_ROLE_END and "of" not in words \
        and not words[-1].endswith("ed")


# prepositions by which a description before a name is about someone or something else
_ROLE_PREPS = _PREPOSITIONS | {"featuring", "starring", "behind", "over", "under", "after", "before"}


def _someone_elses(role: str) -> bool:
    """Whether the words before a name make it someone else's: "The lawyer for defendant Mark
    Smith" is the lawyer, "The new film from director Ana Ruiz" a film. A preposition followed by a
    lower-case word, an honorific or a title says so ("A spokesman for Sen. Ted Cruz"); one inside a
    capitalised title does not ("Under Secretary for Political Affairs Wendy Sherman", "Ambassador
    to the United Nations Nikki Haley"); a relative's "of" always does ("the daughter of Principal
    Dawn Hochsprung")."""
    toks = role.split()
    for i, t in enumerate(toks[:-1]):
        if t == "of" and _family_role(" ".join(toks[: i + 1])):
            return True  # "the daughter of Sandy Hook Elementary Principal Dawn Hochsprung"
        if t in _ROLE_PREPS:
            rest = toks[i + 1:]
            after = rest[1] if rest[0].lower() == "the" and len(rest) > 1 else rest[0]  # "to the United Nations"
            if after[:1].islower() or after.lower() in HONORIFICS or after.lower() in title_words():
                return True
    return False


def _person_title(role: str) -> bool:
    """A role a person holds ("MSNBC host", "Stein spokeswoman"), not a kind of outlet ("blog")."""
    words = set(re.findall(r"[\w.'-]+", role.lower()))
    return bool(words & (title_words() | _PERSON_ROLE_WORDS)) and not words & _MEDIA_WORDS


_ROLE_MODIFIERS = {"former", "retired", "top", "senior", "new", "acting", "deputy", "assistant", "chief", "the", "a", "an"}


def _only_role(text: str) -> bool:
    """Only role words: ``Lawmaker``, ``Retired General``, ``Judge``; no name in it."""
    toks = [t.lower().strip(".,") for t in text.split()]
    roles = [t for t in toks if t in title_words() or t in _ROLE_SYNONYMS]
    return bool(roles) and all(t in roles or t in _ROLE_MODIFIERS for t in toks)


def _title_end(text: str, title: str | None = None) -> int:
    """Where a headline at the top of the text ends (the article's ``title``, or a first
    paragraph in title case), or -1 when the text opens with an ordinary paragraph."""
    end = text.find("\n\n")
    words = [w for w in text[:end].split() if len(w) > 3] if end > 0 else []
    if not words or len(words) > 25:
        return -1
    plain_title = _plain(title or "")
    if plain_title and _plain(text[:end]).startswith(plain_title):
        return end  # the article's own title, in any case ("Poll: Clinton and Trump in dead heat")
    if sum(w[:1].isupper() for w in words) >= 0.6 * len(words):
        return end
    return -1


def _plain(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _headline_named(art: _Article, m: Mention) -> bool:
    """A headline's source that is, word for word, a person the body names ("Lynch: No outside
    influence ...", "Pence blames media ..."): resolved before the body, whose own mentions may
    be worse ("LA CROSSE, Wisc. — Gov. Mike Pence")."""
    if m.kind not in ("name", "organization", "nominal") or _only_role(m.text):
        return False
    name = normalise(POSSESSIVE.sub("", strip_title(m.text.strip())))
    return any(sp.kind == "person" and name in {normalise(sp.name), _surname(sp.name)} and art.named_in_body(i)
               for i, sp in enumerate(art.speakers))


def _headline_description(art: _Article, m: Mention) -> int | None:
    """``Poll``, ``New Poll`` in a headline: the speaker of the article described with that head
    noun (``a new Washington Post-ABC News national poll``)."""
    low = m.text.strip().lower()
    if m.kind not in ("nominal", "document", "name") or re.match(r"(the|a|an)\s", low):
        return None
    if not re.fullmatch(r"(?:new|latest|the)?\s*[a-z-]+", low) or low.split()[-1] in title_words():
        return None
    return art.by_head("the " + low, len(art.text) + 1, first=True)


def _head_sentence(art: _Article, m: Mention) -> Sentence | None:
    """The sentence of mention ``m`` when its head word is known there, else None."""
    if m.head < 0 or not 0 <= m.sentence_index < len(art.parsed.sentences):
        return None
    sent = art.parsed.sentences[m.sentence_index]
    return sent if m.head < len(sent.words) else None


_CC = re.compile(r"\s(?:and|or|nor|&)\s")


def _coordinated(art: _Article, m: Mention) -> str:
    """``Trump and Clinton`` when the mention is ``Trump`` and its head's first conjuncts are
    proper nouns joined by "and" (or "or", "&"), a slash, or in a headline a comma: the text of
    all, up to a conjunct that is no name ("Richard Alba and Nancy Foner, sociologists at ..."),
    else ``""``."""
    sent = _head_sentence(art, m)
    if sent is None:
        return ""
    conj = []
    for c in sorted(c for c in sent.children(m.head) if sent.words[c].deprel == "conj"):
        if sent.words[c].upos != "PROPN":
            break  # "Paul Rieckhoff, founder and CEO of ...": a role, not a second name
        conj.append(c)
    if not conj:
        return ""
    last = max(sent.subtree(conj[-1]))
    while last + 1 < len(sent.words) and sent.words[last + 1].upos == "PROPN" \
            and sent.words[last + 1].deprel == "flat":
        last += 1  # "Nancy Foner" with "Foner" hung on the first name
    end = sent.words[last].end
    if end <= m.end or end - m.start > 120:
        return ""
    gap = art.text[m.end : sent.words[conj[0]].start].strip()
    if not (_CC.search(art.text[m.end : end]) or gap == "/" or gap == "," and m.end <= art.title_end):
        return ""  # "Johnnie Wilson, of Springfield, Va.": no "and", no second speaker
    return art.text[m.start : end]


# sentence adverbs that open a sentence capitalised, which the tagger may take for a name
_DISCOURSE = {"moreover", "however", "meanwhile", "furthermore", "nevertheless", "nonetheless", "instead",
              "still", "also", "additionally", "indeed", "likewise", "similarly", "consequently", "therefore",
              "thus", "besides", "otherwise", "separately", "finally", "then", "now", "yet", "again"}


def _apposed_name(art: _Article, m: Mention) -> Mention | None:
    """``Another Clinton ally, Agriculture Secretary Tom Vilsack``, ``the Vatican spokesman,
    Federico Lombardi``, ``Moreover, Jeffrey D. Sachs``: a person's name after a comma that the
    parser made a conjunct of a mention whose head is no person's name (or is a sentence adverb
    the tagger took for one). No "and" joins them, so it is an apposition: the person it names
    is the speaker."""
    sent = _head_sentence(art, m)
    if sent is None:
        return None
    hw = sent.words[m.head]
    if m.text.strip().lower() not in _DISCOURSE and any(
            e.type == "PER" and e.start <= hw.start < e.end for e in sent.entities):
        return None  # a person's name ("Smith, Jones and ..." is _coordinated's)
    conj = sorted(c for c in sent.children(m.head) if sent.words[c].deprel == "conj")
    if not conj or not (sent.words[conj[0]].upos == "PROPN" or sent.words[conj[0]].upos == "NOUN"
                        and sent.words[conj[0]].text[:1].isupper() and m.kind == "nominal"):
        return None  # ("The building's owner, Crestline Properties": a company's name ending in a noun)
    verb = next((k for k in range(m.head, len(sent.words)) if sent.words[k].upos in ("VERB", "AUX")), len(sent.words))
    if m.kind == "nominal" and any(sent.words[k].upos == "CCONJ" for k in range(m.head + 1, verb)):
        return None  # "Celebrities Julianne Moore, Kerry Washington and Amy Schumer": a list, no apposition
    c = conj[0]
    words = sorted([c] + [k for k in sent.children(c) if sent.words[k].deprel in ("flat", "compound", "nmod:desc")
                          and sent.words[k].upos == "PROPN"])
    if words != list(range(words[0], words[-1] + 1)):
        return None
    ent = next((e for e in sent.entities if e.start <= sent.words[c].start < e.end), None)
    if ent is None or ent.type != "PER" and not (ent.type == "ORG" and sent.words[c].upos == "NOUN"):
        return None
    a, b = sent.words[words[0]].start, sent.words[words[-1]].end
    if a < m.end <= b:
        a = m.start  # "UC-AFT President Bob Samuels": the mention stopped inside the name's title
    elif art.text[m.end : a].strip() != ",":
        return None
    return Mention(art.text[a:b], a, b, m.sentence_index, head=c, kind="name", ner=ent.type)


_NAMING_VERBS = {"name", "call", "identify"}
_SPACES = re.compile(r"\s*")
_IDENTIFIED_AS = re.compile(r"\s*(?:as \s*)?")
# what "called X" names that is no person: "a group called Citizens for Parks"
_NOT_PERSON_HEADS = {"group", "organization", "organisation", "company", "firm", "party", "coalition", "campaign",
                     "committee", "band", "team", "club", "movement", "network", "website", "site", "charity",
                     "agency", "newspaper", "magazine", "show", "program", "programme", "book", "film", "album",
                     "song", "project", "fund", "foundation", "institute", "center", "centre", "union", "alliance"}


def _named_as(art: _Article, m: Mention) -> Mention | None:
    """``A man named Tom Hardy``, ``a retired teacher named Ellen Ward``, ``a suspect identified as
    Mark Dunn``: a description of a person followed by the person's name is that person."""
    sent = _head_sentence(art, m)
    if sent is None or sent.words[m.head].lemma.lower() in _NOT_PERSON_HEADS:
        return None
    c = m.head + 1
    if c >= len(sent.words) or sent.words[c].lemma.lower() not in _NAMING_VERBS or sent.words[c].xpos != "VBN":
        return None
    gap = (_IDENTIFIED_AS if sent.words[c].lemma.lower() == "identify" else _SPACES).match(art.text, sent.words[c].end)
    at = gap.end()
    ent = next((e for e in sent.entities if e.type == "PER" and e.start == at), None)
    if ent is None:
        return None
    head = max(k for k, w in enumerate(sent.words) if ent.start <= w.start < ent.end)
    return Mention(art.text[ent.start:ent.end], ent.start, ent.end, m.sentence_index, head=head, kind="name",
                   ner="PER")


def _name_before(art: _Article, m: Mention) -> Mention | None:
    """``Mitt Romney, the 2012 Republican presidential nominee, tweeted``, ``said Cornell Belcher,
    a Democratic pollster who ...``: a description set off by commas right after a person's name
    (a PER entity ending at the comma) is an apposition the parser made the source; the person
    named is the speaker. So is the name before a party label in brackets: ``Rep. Gwen Moore
    (D-Wis.) said``."""
    if not 0 <= m.sentence_index < len(art.parsed.sentences):
        return None
    before = art.text[: m.start].rstrip()
    if _PARTY_LABEL.fullmatch(m.text.strip()) and before.endswith("("):
        bracket = len(before) - 1
        for e in art.parsed.sentences[m.sentence_index].entities:
            if e.type == "PER" and e.end <= bracket and not art.text[e.end : bracket].strip():
                return Mention(e.text, e.start, e.end, m.sentence_index, kind="name", ner="PER")
        return None
    if m.kind not in ("nominal", "anonymous"):
        return None
    if not before.endswith(",") or not re.match(r"\s*(?:,|\(|who\b|[–—])", art.text[m.end : m.end + 8]):
        return None
    sent = art.parsed.sentences[m.sentence_index]
    if 0 <= m.head < len(sent.words) and sent.words[m.head].xpos in ("NNS", "NNPS"):
        return None  # "two Republican members of Congress": people, not the one person before them
    comma = len(before) - 1
    for e in sent.entities:
        if e.type == "PER" and e.end <= comma and not art.text[e.end : comma].strip():
            return Mention(e.text, e.start, e.end, m.sentence_index, kind="name", ner="PER")
    return None


# a party and a state after a legislator's name: "D-Wis.", "R-Ky.", "D-N.Y.", "I-Vt."
_PARTY_LABEL = re.compile(r"\(?[DRI]-[A-Z][A-Za-z.]*(?:\s?[A-Z][a-z.]*)?\)?")


_PARTY_AFTER = re.compile(r"\s*[(,]\s*([DRI])-([A-Z][A-Za-z.]*(?:\s?[A-Z][a-z.]*)?)\s*[),]")
_PARTY_LETTER = {"D": "Democrat", "R": "Republican", "I": "Independent"}


# what a news story calls a company it has named: "the airline" after "Southwest Airlines"
_COMPANY_NOUNS = {"company", "firm", "airline", "carrier", "retailer", "chain", "automaker", "carmaker", "drugmaker",
                  "manufacturer", "maker", "bank", "lender", "insurer", "utility", "startup", "conglomerate", "studio",
                  "supplier", "brewer", "grocer", "miner", "railroad", "railway", "publisher", "chipmaker"}
# words that end only a company's name ("Peabody Energy", "Patriot Coal", "Brightway Stores")
_COMPANY_NAME_WORDS = ("Stores", "Technologies", "Pharmaceuticals", "Motors", "Airways", "Airlines", "Industries",
                       "Brands", "Foods", "Labs", "Energy", "Coal", "Bank", "Holdings", "Inc", "Corp")
# the last word of a company's name: those, and words that end other names too
_COMPANY_ENDS = {w.lower() for w in _COMPANY_NAME_WORDS} | {
    "lines", "air", "co", "company", "corporation", "properties", "pictures", "studios", "partners", "health", "group",
    "ltd", "plc", "llc", "electric", "utilities"}
# words that follow only a company's name: "Wells Fargo CEO", "Peabody Energy", "Harlan Motor Co."
# (not "campaign", "spokesman", "aides" or "Foundation", which follow people's names too; nor
# "Coalition", whose first letters are "Coal")
_COMPANY_BEFORE = re.compile(
    r"\b([A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*){0,2})(?:’s|'s)?\s+"
    r"(?:CEO|CFO|chief executive|board member|bankers|shareholders|Co\.|(?:" + "|".join(_COMPANY_NAME_WORDS) + r")\b)")


def description_head(low: str) -> str:
    """The head word of a lower-case description: the last word before its first of-, for-, at-
    or in-phrase or comma ("member of house panel" -> member, "obama's former campaign
    strategist" -> strategist)."""
    core = re.split(r"\s+(?:of|for|at|in|on|with|from)\s+|,|\(", low, maxsplit=1)[0]
    toks = re.findall(r"[\w'’.-]+", core)
    return re.sub(r"(?:'s|’s)$", "", toks[-1]).strip(".") if toks else ""


def _kind_of_name(m: Mention, text: str) -> str:
    low = text.lower().strip(" ,.")
    low = re.sub(r"^the\s+", "", low)
    media = media_names()
    if low in media or ("the " + low) in media or any(low.endswith(" " + x) for x in media if not x.startswith("the ")):
        return "media"  # "the hill" is The Hill, never Capitol Hill
    if _newspaper_title(text):
        return "media"  # "The Tribune", "Miami Herald", "Washington Examiner"
    if re.search(r"\w\.(?:com|org|net|news)$", low):
        return "media"  # a website: "Factcheck.org", "Politico.com"
    if len(low.split()) >= 2 and description_head(low) in wordlist("person_heads"):
        # "Obama's former campaign strategist", "Senate Majority Leader", "Member of House panel": a
        # person described by role, never an organisation linked across articles by its words
        return "person"
    toks = set(re.findall(r"[\w'-]+", low))
    if toks & {"blog", "newspaper", "channel", "network", "magazine", "website", "outlet", "broadcaster", "tv", "radio", "daily", "news"}:
        return "media"
    if m.ner == "ORG" or toks & org_words() or low in _PLACES or _state_name(low):
        return "organization"
    if m.ner in ("LOC", "MISC"):
        return "group" if m.ner == "MISC" else "organization"
    if _THE_PLURAL.fullmatch(text.strip(" ,")):
        return "group"  # "The Bears", "the Golden State Warriors": a team or a family, not one person
    return "person"


# words no person's name holds (a headline's phrase the tagger took for one organisation)
_NAME_BREAKERS = {"to", "of", "for", "the", "and", "in", "on", "at", "a", "an", "with", "by", "from", "over", "after"}


# the last word of a newspaper's title ("The Tribune", "Miami Herald", "Orlando Sentinel")
_PAPER_TITLES = {"tribune", "times", "post", "herald", "journal", "gazette", "chronicle", "courier", "inquirer",
                 "globe", "telegraph", "examiner", "dispatch", "register", "sentinel", "enquirer", "beacon",
                 "bulletin", "observer", "star-ledger", "free-press"}


def _newspaper_title(text: str) -> bool:
    """Whether ``text`` reads as a newspaper's title: capitalised words (two or more, "The"
    included) ending in a word newspapers are named with, not opening with a known given name
    ("Emily Post" is a person)."""
    words = text.strip(" ,.").split()
    if len(words) < 2 or words[-1].lower() not in _PAPER_TITLES or words[0].lower() in given_names():
        return False
    return all(w[:1].isupper() for w in words)


# "the" and capitalised words ending in a plural "s" ("The Bears", "the Clintons"; not "Press")
_THE_PLURAL = re.compile(r"(?:the|The)\s+(?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]*[a-rt-z]s")


_DESCRIPTOR = re.compile(r"(?:(?!(?:of|for|to|in|at|on|from|by|with|and|or|a|an|one|two|half|dozen|first|second|"
                         r"ranking|top|many|some|several|all|most|other)\s)[a-z][\w-]*\s+)+"
                         r"(?=[A-Z][\w.&'’-]*\s+[A-Z])")


def _without_descriptor(name: str) -> str:
    """``nonpartisan Congressional Budget Office``, ``conservative think tank American Enterprise
    Institute``: an organisation's name without the lower-case words that describe it (``the city
    of Phoenix`` keeps its "of")."""
    return _DESCRIPTOR.sub("", name, count=1) if _DESCRIPTOR.match(name) else name


def _same_words(entity: str, name: str) -> bool:
    """Whether ``name`` holds the last word of ``entity`` (the surname of a person's name)."""
    words = re.split(r"[\s\-–]+", entity.lower())
    parts = {w.strip(".,’'") for w in re.split(r"[\s\-–]+", name.lower())}
    return bool(words) and words[-1].strip(".,’'") in parts


def resolve_speakers(parsed: Parsed, quotes: list[Quote], title: str | None = None) -> list[LocalSpeaker]:
    """Resolve every mention in ``quotes`` to a local speaker (sets ``speaker_ref``,
    ``addressee_ref``, ``via_refs``); returns the article's speakers. ``title``: the article's
    headline, when known (the text may open with it)."""
    art = _Article(parsed, title)
    prev_ref: int | None = None
    prev_end = -1
    # a headline's sources are resolved after the body's, whose names they abbreviate ("Poll",
    # "Lawmaker", "De Blasio")
    title_end = art.title_end
    in_title = {id(q) for q in quotes if q.speaker is not None and 0 <= q.speaker.end <= title_end}
    # ... but a headline's names of people the body names first ("Pence blames media ...")
    named = {i for i in in_title if _headline_named(art, next(q for q in quotes if id(q) == i).speaker)}
    order = ([q for q in quotes if id(q) in named] + [q for q in quotes if id(q) not in in_title]
             + [q for q in quotes if id(q) in in_title and id(q) not in named])
    for q in order:
        described = None
        if id(q) in in_title:
            prev_ref, prev_end = None, -1
            described = _headline_description(art, q.speaker)
        elif prev_end <= title_end:
            prev_ref = None  # the body begins afresh after the headline's names
        if described is not None:
            q.speaker_ref = described
        elif q.speaker is not None:
            # a name inside the speaker's own quotation is whom they talk about
            q.speaker_ref = _resolve(art, q.speaker, prev_ref, q.spans if q.type == "direct" else [], prev_end)
        elif q.rule == "continuation" or q.type == "direct":
            # no source at this place: the current speaker goes on, within a few paragraphs
            if prev_ref is not None and parsed.text.count("\n\n", prev_end, q.start) <= 2:
                q.speaker_ref = prev_ref
                q.confidence = min(q.confidence, 0.5)
        if q.addressee is not None:
            q.addressee_ref = _resolve(art, q.addressee, None)
        q.via_refs = [_resolve(art, m, None) for m in q.via]
        # an outlet the source spoke to is how the quote reached us
        if not q.via and q.addressee_ref is not None and art.speakers[q.addressee_ref].kind == "media":
            q.via = [q.addressee]
            q.via_cues = [q.cue or "told"]
            q.via_refs = [q.addressee_ref]
        if q.speaker_ref is not None:
            prev_ref = q.speaker_ref
            prev_end = q.end
    art.kin_roles()
    _companies_by_it(art, quotes)
    for sp in art.speakers:
        for m_alias in list(sp.aliases):
            if m_alias.lower() == sp.name.lower():
                sp.aliases.remove(m_alias)
    return art.speakers


def _companies_by_it(art: _Article, quotes: list[Quote]) -> None:
    """A one-word "person" that speaks of itself as "it" is an organisation the tagger took for a
    person: "Carrier said it would move the plant", "Google said its engineers ..." (a person says
    "he" or "she"). Only where nothing makes it a person: no gender, role, honorific or given
    name, no fuller name of this article ending with it."""
    text = art.text
    for q in quotes:
        idx = q.speaker_ref
        if idx is None or q.type == "direct" or not q.spans:
            continue
        sp = art.speakers[idx]
        if sp.kind != "person" or len(sp.name.split()) != 1 or sp.gender or sp.roles or _given(sp.name) \
                or art.person_with_surname(_surname(sp.name), full=True):
            continue
        a, b = q.spans[0]
        content = re.sub(r"^(?:that|whether)\s+", "", text[a:b].strip(" \"“”'‘’"), flags=re.I).lower()
        if content.startswith("its ") or content.startswith("it ") and not _EXPLETIVE_IT.match(content):
            sp.kind = "organization"


# "it" with nobody behind it: "said it was a good day", "said it would be a mistake"
_EXPLETIVE_IT = re.compile(r"it (?:is|was|would be|will be|has been|had been|could be|might be|may be|should be|"
                           r"seems|seemed|appears|appeared|remains|remained|makes|made|takes|took|matters|mattered|"
                           r"depends|depended|looks|looked|sounds|sounded|feels|felt|means|meant|happens|happened)\b")


def _resolve(art: _Article, m: Mention, prev_ref: int | None, within: list[tuple[int, int]] = (),
             prev_end: int = -1) -> int | None:
    """The local speaker a mention names. ``prev_ref``: the last speaker, whose quote ended at
    ``prev_end``; ``within``: the spans of the quote the mention is the source of."""
    if m.antecedent is not None:
        return _resolve(art, m.antecedent, prev_ref, within, prev_end)
    text = m.text.strip()
    if m.kind in ("nominal", "anonymous"):
        text = re.sub(r"(?i)^(?:what|which|whose)\s+(?=\S)", "", text)  # "what multiple lawmakers" (called ...)
    low = text.lower()
    if not text:
        return None
    if m.kind == "pronoun":
        if low in MALE or low in FEMALE:
            g = "m" if low in MALE else "f"
            if prev_ref is not None:
                sp = art.speakers[prev_ref]
                if sp.kind == "person" and (art.gender_of(prev_ref) in (None, g)):
                    other = art.subject_since(prev_end, m.start, g)
                    if other is not None and other != prev_ref:
                        art.speakers[other].gender = art.speakers[other].gender or g
                        return other
                    sp.gender = sp.gender or g
                    return prev_ref
            idx = art.nearest_person_before(m.start, g, within)
            if prev_ref is not None and art.speakers[prev_ref].kind in ("unknown", "anonymous") \
                    and art.gender_of(prev_ref) == g:
                # "my father often said. He also told ...", unless a person of that gender is
                # named after the description ("a young woman asked ... Mrs. Clinton ... she said")
                described_at = max((x for x in art.seen.get(prev_ref, []) if x < m.start), default=-1)
                if idx is None or art.last_named_before(idx, m.start) < described_at:
                    return prev_ref
            if idx is not None:
                art.speakers[idx].gender = art.speakers[idx].gender or g
            return idx
        asked = art.asked_in(m.start, first=low in ("i", "me", "my")) if low in ("i", "me", "my", "you", "your") else None
        if asked is not None:
            # an interview's answer: "I" is the person asked; a question's "you" is them too
            return _resolve_name(art, asked, asked.text)
        if low in ("i", "me", "my"):
            # a source "I" outside quotation marks is whoever wrote the article, not the last speaker
            return art.add(AUTHOR, "anonymous", pos=m.start)
        if low in ("you", "your"):
            return None  # the reader, addressed: nobody who speaks
        if low in PLURAL and prev_ref is not None and art.speakers[prev_ref].kind == "document":
            # "they" after "The statement noted ...": the people behind it, not the document
            return art.last_collective_before(m.start, exclude=prev_ref)
        if low in PLURAL or low in NEUTER or low in ("we", "who", "which", "that"):
            if prev_ref is not None and (low not in NEUTER or art.speakers[prev_ref].kind != "person"):
                if low != "we" or art.speakers[prev_ref].kind in ("organization", "group", "person"):
                    return prev_ref
            return None
        return None
    named = _name_before(art, m)
    if named is None and m.kind in ("nominal", "anonymous"):
        named = _named_as(art, m)
    if named is None and m.kind == "nominal":
        named = _apposed_name(art, m)  # "The building's owner, Crestline Properties, said"
    if named is not None:
        return _resolve_name(art, named, named.text)
    if m.kind == "document":
        idx = art.by_head(text, m.start)  # "the poll" after "A new poll"
        if idx is not None:
            return idx
        return art.add(re.sub(r"^(the|a|an|this|that|its|his|her|their)\s+", "", text, flags=re.I), "document", alias=text,
                       pos=m.start)
    if m.kind == "anonymous":
        idx = art.by_later_name(text, m)
        return idx if idx is not None else art.add(text, "anonymous", pos=m.start)
    if m.kind == "nominal" and low in QUANTIFIERS:
        return None  # "each", "both": a quantifier alone names nobody
    party = _PARTY_MEMBER.fullmatch(text)
    if party and _kind_of_name(m, text) != "media":  # "The Independent" is a newspaper
        # "the Montana Democrat", "a Nevada Democrat": a description, not a name; the article's
        # one person of that party, else a speaker of its own that stays in the article
        definite = party.group(1).lower() in ("the", "this", "that")
        place = re.sub(r"^\S+\s+", "", text[: party.start(2)]).strip()  # "the Kentucky Republican": Kentucky
        idx = art.by_party(party.group(2).lower(), place) if definite else None  # "a Republican" is someone new
        if idx is not None:
            art.speakers[idx].aliases.append(text) if text not in art.speakers[idx].aliases else None
            return idx
        return art.add(text, "unknown" if definite else "anonymous", pos=m.start)
    named = _before_verb(text) if m.kind == "nominal" else text
    if named != text:
        return _resolve_name(art, m, named)  # "Hillary Clinton plans" (to call on ...)
    if m.kind == "nominal":
        # "MSNBC host Chris Matthews", "Stein spokeswoman Melezia Figueroa": a title before a name
        name, role = split_name_role(text)
        # ("Wolves coach Dan Miller": a role noun in lower case before a person the article names)
        if name and role and len(name.split()) >= 2 and (_person_title(role) or _role_noun_before(role)) \
                and not _someone_elses(role) and art.has_person(name, m):
            return _resolve_name(art, m, text)
        idx = art.by_kin(text, m)
        if idx is None:
            idx = art.by_role(text)
        if idx is None:
            idx = art.by_description(text, m.start)
        if idx is None:
            idx = art.by_head(text, m.start)
        if idx is None:
            idx = art.by_company_noun(text, m.start)
        if idx is None:
            idx = art.by_gendered_description(text, m.start)
        if idx is None and re.match(r"(?i)an?\s", text):
            idx = art.by_later_name(text, m)
        if idx is None and re.fullmatch(r"[A-Z][\w'’-]+", text):
            idx = art._same_person(text, None, m.start)  # "Wines" for Leslie Wimes
        if idx is not None:
            art.speakers[idx].aliases.append(text) if text not in art.speakers[idx].aliases else None
            return idx
        k = _kind_of_name(m, text)
        if k in ("media", "organization"):
            return art.add(re.sub(r"^the\s+", "", text, flags=re.I) if k == "organization" else text, k, alias=text,
                           pos=m.start)
        if re.match(r"^(a|an|some|one|two|three|several|many)\b", low):
            return art.add(text, "anonymous", pos=m.start)
        return art.add(text, "unknown", pos=m.start)
    return _resolve_name(art, m, text)


_PARTIES = {"democrat", "republican", "independent", "libertarian"}
# one member of a party, described: "the Montana Democrat", "a California Republican"
_PARTY_MEMBER = re.compile(r"(the|this|that|a|an|one|another)\s+(?:[\w.'’-]+\s+){0,3}"
                           r"(Democrat|Republican|Independent|Libertarian)", re.I)


# a capitalised plural after lower-case words: "Democrats", "nervous Democrats", "many Republicans"
_PEOPLE = re.compile(r"(?:[a-z][\w-]*\s+)*[A-Z][a-z]+s")
# people of a place or a body: "Residents of St. James Parish", "Members of Congress"
_PEOPLE_NOUNS = {"residents", "members", "supporters", "employees", "workers", "officials", "leaders", "voters",
                 "fans", "parents", "students", "teachers", "citizens", "families", "relatives", "owners", "farmers",
                 "protesters", "activists", "doctors", "nurses", "lawyers", "executives", "investors", "researchers",
                 "scientists", "experts", "critics", "opponents", "lawmakers", "survivors", "victims", "neighbors",
                 "neighbours", "customers", "passengers", "villagers", "locals", "people", "staff", "staffers"}
_PEOPLE_OF = re.compile(r"[A-Z][a-z]+\s+(?:of|from)\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*")
_PLACE_AFTER = re.compile(r"^(.*?\S),?\s+(of|from|in|at|on)\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*$")


def _without_place(art: _Article, text: str) -> str:
    """``Rep. Elijah Cummings of Maryland``, ``Senator from Texas``, ``Dan McLaughlin at the National
    Review``, ``The George W. Bush Presidential Center in Dallas``, ``Democrats on Capitol Hill``: the person, office, body or people,
    not the place after it (an organisation keeps its "of": ``the Federal Bureau of Prisons``)."""
    mm = _PLACE_AFTER.match(text)
    if not mm:
        return text
    head, prep = mm.group(1), mm.group(2)
    if prep != "of" and _PEOPLE.fullmatch(head.strip()):
        return head  # "Democrats on Capitol Hill", "Republicans in Congress": the people, not the place
    if prep == "on":
        return text  # "the Commission on Presidential Debates" is one name
    words = set(re.findall(r"[\w'-]+", head.lower()))
    if words & org_words():
        return head if prep != "of" else text
    if _only_role(head):
        return head if prep != "of" else text  # "Senator from Texas"; "Secretary of State" is a title
    name, role = split_name_role(head)
    known = bool(name) and art.person_with_surname(_surname(name))
    # "of": only after a person ("Communications Workers of America" is one name)
    if name and (known or role or (prep != "of" and len(name.split()) >= 2)):
        return head
    return text


_NUMBER_WORDS = re.compile(r"(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                           r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
                           r"eighty|ninety|hundred|dozen|dozens|hundreds|thousands)[\s-]*)+")


def _role_makes_person(role: str) -> bool:
    """A title (``Senator``, ``spokesman``) makes a name a person's; an organisation's words
    before it do not (``the Federal Bureau of`` Prisons, ``the Association of`` Flight Attendants)."""
    words = set(re.findall(r"[\w.'-]+", role.lower())) - _DETERMINERS
    words = {w for w in words if not w.isdigit()}  # "the 2014 American" Community Survey
    if not words:
        return False  # "the United States", "The Europeans": an article makes nobody a person
    if re.search(r"\bof(?:\s+the)?$", role, re.I) and not _titled(role):
        return False  # "Friends of the" Earth, "Residents of" Flint: no one's title
    return _titled(role) or not words & org_words()


def _titled(role: str) -> bool:
    """Whether a role holds a title or a person's role word (``Sen.``, ``spokesman``)."""
    words = set(re.findall(r"[\w.'-]+", role.lower()))
    return bool(words & (title_words() | _PERSON_ROLE_WORDS | HONORIFICS))


def _common_noun_kind(art: _Article, m: Mention, name: str) -> str | None:
    """``Lawmakers``, ``Demonstrators``, ``Twenty-seven``, ``Video``: a name whose head word the parser
    reads as a common noun, a number or an adjective is not a person's: a group when plural,
    else nobody known. ``None`` when it may be a name (a proper noun, or a person of this article)."""
    sent = _head_sentence(art, m)
    if sent is None:
        return None
    w = sent.words[m.head]
    if w.text.lower() not in name.lower():
        return None
    if art.person_with_surname(_surname(name), full=True):
        return None  # "Ham" for Norman Ham, whatever the tagger says
    if _NUMBER_WORDS.fullmatch(name.lower()):
        return "unknown"  # "Twenty-seven" (of them)
    plural = "Number=Plur" in (w.feats or "")
    if w.upos == "PROPN" and plural and (m.ner != "PER" or _demonym_plural(w)) and len(name.split()) == 1:
        return "group"  # "Latinos" at the start of a sentence
    if w.upos in ("NOUN", "ADJ", "NUM", "VERB", "DET"):
        return "group" if plural else "unknown"
    return None


def _headline_person(art: _Article, m: Mention) -> int | None:
    """``Elizabeth Warren Hammers Wells Fargo CEO``: a headline's source that begins with the full
    name of a person the body names is that person (the headline's verb is not part of it); one
    word that is the role the body gives one person ("Actor" for "Actor Marcus Lane") is them."""
    if m.start < 0 or m.end > art.title_end:
        return None
    text = " ".join(m.text.split())
    for idx, sp in enumerate(art.speakers):
        if sp.kind == "person" and len(sp.name.split()) >= 2 and text.startswith(sp.name + " ") \
                and art.named_in_body(idx):
            after = text[len(sp.name) + 1 :].split()[0].lower().strip(".,:;’'")
            if after in org_words() or after in _ORG_HEADS:
                return None  # "Hillary Clinton Campaign": her campaign, not her
            return idx
    if " " not in text and text[:1].isupper():
        # "Actor Denies Report ...": the one person the body gives that role ("Actor Marcus Lane")
        low = text.lower().strip(".,:;")
        cands = [idx for idx, sp in enumerate(art.speakers) if sp.kind == "person" and art.named_in_body(idx)
                 and any(r.lower().split()[-1:] == [low] for r in sp.roles)]
        if len(cands) == 1:
            return cands[0]
    return None


def _resolve_name(art: _Article, m: Mention, text: str) -> int | None:
    idx = _headline_person(art, m)
    if idx is not None:
        return idx
    group = _coordinated(art, m)
    group = art.trim_name(group, m.start + len(group)) if group else ""
    if group:
        return art.add(group, "group", pos=m.start)  # "Trump and Clinton": both, not one of them
    if _THE_PLURAL.fullmatch(text.strip(" ,")) and len(text.split()) == 2 and _kind_of_name(m, text) == "group":
        # "The Clintons", "the Khans": a family, never the one of them named before
        return art.add(re.sub(r"(?i)^the\s+", "", text.strip(" ,")), "group", alias=text.strip(" ,"), pos=m.start)
    named = _apposed_name(art, m)
    if named is not None:
        return _resolve_name(art, named, named.text)
    # a name (or an organisation); an introductory "Meanwhile," is not part of it, nor is an
    # apposition after it ("Rep. Adam Schiff, the top Democrat on the House Intelligence Committee,")
    end = m.end
    if "," in text.strip(" ,"):
        parts = [p.strip() for p in text.strip(" ,").split(",") if p.strip()]

        def person_part(part: str) -> bool:
            # a person named in this part ("the Vatican spokesman, Federico Lombardi": the second)
            name = split_name_role(part)[0]
            if not name:
                return False
            at = m.text.find(part)
            if at >= 0 and art.person_in(m.start + at, m.start + at + len(part)):
                return True
            return art.person_with_surname(_surname(name))

        first = next((p for p in parts if person_part(p)), None)
        text = first or parts[-1]
        end = m.start + m.text.find(text) + len(text) if text in m.text else m.end
    text = art.trim_name(text, end)
    text = _before_verb(text)
    if not text:
        return None  # "Thursday", "Both": nobody to speak
    text = _without_place(art, text)
    people = re.sub(r"(?i)^the\s+", "", text)
    if _PEOPLE_OF.fullmatch(people) and people.split()[0].lower() in _PEOPLE_NOUNS:
        # "Residents of St. James Parish", "Members of Congress": people of a place or body, not it
        # (not an organisation named so: "Friends of the Earth")
        return art.add(people, "group", alias=text, pos=m.start)
    if _only_role(text):
        # "Lawmaker", "Retired General", "Judge" (a headline's capitals): whoever holds the role here;
        # but a capitalised "King" is the one person of this article with that surname (Pete King)
        if text[:1].isupper() and len(text.split()) == 1:
            named = art.persons_with_surname(text.lower().strip(".,"), full=True)
            if len(named) == 1:
                return named[0]
        idx = art.by_role(text)
        return idx if idx is not None else art.add(text, "unknown", pos=m.start)
    low = text.lower()
    kind = _kind_of_name(m, text)
    name, role = split_name_role(text)
    name = re.sub(r"('s|’s)$", "", name).strip()
    institution = bool(re.search(r"\bof$", role)) and len(name.split()) == 1 \
        and not art.person_with_surname(name.lower()) and not _given(name)
    if institution:
        # "Ron Paul of Texas", "House Speaker Paul D. Ryan of Wisconsin": a person and where from
        before, place = text.split(" of ", 1) if " of " in text else (text, "")
        person, title = split_name_role(before)
        if len(person.split()) >= 2 and (_given(person.split()[0]) or art.has_person(person, m)):
            institution = False
            name, role = person, " ".join(x for x in (title, "of " + place) if x)
    if institution:
        kind = "organization"  # "The Joint Chiefs of Staff": no one called "Staff"
    name_is_org = institution or bool(set(re.findall(r"[\w'-]+", name.lower())) & org_words())
    if kind == "media" and name and role and len(name.split()) >= 2 and _person_title(role) and art.has_person(name, m):
        kind = "person"  # "NBC News moderator Matt Lauer": an outlet's person, not the outlet
    if kind != "media" and not name_is_org:
        if not name:
            # all title: "the U.S. Secretary of State" -> whoever holds the role here
            idx = art.by_role(text)
            if idx is not None:
                return idx
        elif (role and _role_makes_person(role)) or art.has_person(name, m) or art.one_given(name):
            kind = "person"  # ... or "Lucia said" (tagged an organisation) after Lucia Medina
    if kind == "person" and not _titled(role):
        # "Lawmakers", "Twenty-seven", "Democrat Voters": not a person's name
        kind = _common_noun_kind(art, m, name) or kind
    if kind != "person":
        if kind == "group" and name and not _titled(role):
            text_name = name  # "The only Democrats", "Many prominent Republicans": Democrats, Republicans
        else:
            text_name = re.sub(r"^the\s+", "", text, flags=re.I) if kind == "organization" else text
            if kind == "organization":
                text_name = _without_descriptor(text_name)
        name = re.sub(r"('s?|’s?)$", "", text_name).strip()
        if kind == "media":
            fuller = art.fuller_outlet(name)
            if fuller is not None:
                return fuller
        return art.add(name, kind, alias=text, pos=m.start)
    if not name:
        return art.add(text, "unknown", pos=m.start)
    g = None
    if re.match(r"(?i)^mr\.?\s", text):
        g = "m"
    elif re.match(r"(?i)^m(r)?s\.?\s", text):
        g = "f"
    return art.add(name, "person", role=role, alias=text if text != name else "", gender=g, pos=m.start)
