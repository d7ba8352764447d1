"""Who a speaker phrase names: a person (with the role around the name), an organisation, a group,
an outlet, or a pronoun; and the registry that resolves surnames, pronouns and roles to the fullest
name the article gives ("Trump" and "he" after "US President Donald Trump" -> "Donald Trump")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.intake.lexicon import (
    DESCRIPTORS,
    GROUP_NOUNS,
    MONTHS,
    NATIONALITIES,
    ORG_HEADS,
    ORGANISATIONS,
    OUTLET_HEADS,
    OUTLETS,
    PRONOUNS,
    TITLES,
    WEEKDAYS,
)

_PARTICLES = frozenset(["de", "da", "di", "del", "della", "van", "von", "der", "den", "bin", "ibn", "al", "el", "la", "le", "du", "dos", "st.", "st"])
_CUT = re.compile(r"\s+(?:in|at|with|from|for|on|during|who|which|that|after|before|published|released|issued|"
                  r"seen|obtained|quoted|cited|speaking|writing)\b.*$")
_DETERMINERS = ("the ", "a ", "an ", "another ", "one ", "two ", "several ", "some ", "many ", "both ")
_CLAUSE_WORDS = frozenset(["is", "was", "are", "were", "has", "have", "had", "will", "would", "can", "could", "may", "might", "should", "must", "not", "and", "but", "which", "who", "that"])


@dataclass(frozen=True, slots=True)
class Mention:
    """One way an article names a speaker."""

    kind: str
    """person, organisation, group, outlet, role (a person not named: "a spokesman"), pronoun."""
    name: str
    role: str | None = None
    text: str = ""


def _cap(token: str) -> bool:
    return bool(token) and (token[0].isupper() or token[0].isdigit())


def _bare(token: str) -> str:
    return token.lower().strip(".,;:").rstrip("’'s") if token.endswith(("’s", "'s")) else token.lower().strip(".,;:")


def outlet_name(phrase: str) -> str | None:
    """The outlet `phrase` names ("London's Telegraph", "the Telegraph", "Reuters"), or None."""
    text = " ".join(phrase.split()).strip(" ,.")
    # "London's Telegraph": a place-possessive before the outlet.
    parts = re.split(r"[’']s\s+", text, maxsplit=1)
    candidates = [text] + ([parts[1]] if len(parts) == 2 else [])
    for candidate in candidates:
        key = candidate.lower()
        key = key[4:] if key.startswith("the ") and key not in OUTLETS else key
        if key in OUTLETS:
            return OUTLETS[key]
        if key.startswith("the ") and key[4:] in OUTLETS:
            return OUTLETS[key[4:]]
    words = text.split()
    for k in (3, 2, 1):  # "public broadcaster NHK", "state news agency TASS", "the newspaper Le Monde"
        if len(words) > k and " ".join(words[-k:]).lower() in OUTLETS and \
                all(not _cap(w) or w.lower() == "the" for w in words[:-k]) and len(words) - k <= 4:
            return OUTLETS[" ".join(words[-k:]).lower()]
    if (words and len(words) <= 5 and all(_cap(w) for w in words if w.lower() not in ("the", "of")) \
            and words[-1].lower() in OUTLET_HEADS and words[-1].lower() not in ("news",)) or \
            (words and words[-1].lower() in ("newspaper", "broadcaster", "tabloid") and len(words) <= 6):
        return text[4:] if text.lower().startswith("the ") and words[-1].lower() in ("newspaper",) else text
    return None


def parse(phrase: str) -> Mention | None:
    """Read a speaker phrase; None when it does not look like one (too long, or a clause)."""
    text = " ".join(phrase.replace("\u00a0", " ").split()).strip(" ,;:—–-")
    if not text:
        return None
    low = text.lower()
    if low in PRONOUNS:
        return Mention("pronoun", low, text=text)
    # Apposition: "Steve Witkoff, Trump's special envoy" / "John Smith, a spokesman for the ministry".
    if ", " in text:
        head, _, tail = text.partition(", ")
        first = parse(head)
        if first is not None and first.kind == "person":
            return Mention("person", first.name, _clean_role(tail.strip(" ,")) or first.role, text)
        second = parse(tail) if first is not None and first.kind == "role" else None
        if second is not None and second.kind == "person":  # "The mayor, Ana Lopez, said"
            return Mention("person", second.name, second.role or _clean_role(head), text)
        if first is not None:
            return first
        return None
    outlet = outlet_name(text)
    if outlet is not None:
        return Mention("outlet", outlet, text=text)
    if len(text.split()) > 14 or _has_clause_word(text.split()):
        return None
    of_org = _ROLE_OF_ORG.match(text)
    if of_org is not None:
        org = parse(of_org.group("org"))
        if org is not None and org.kind in ("organisation", "outlet", "person"):
            return Mention("organisation", org.name, of_org.group("role").lower(), text)
    core = _CUT.sub("", text)
    words = core.split()
    if not words or len(words) > 9:
        return None
    lowered = core.lower()
    stripped = lowered
    for det in _DETERMINERS:
        if stripped.startswith(det):
            stripped = stripped[len(det):]
            break
    if stripped in ORGANISATIONS or lowered in ORGANISATIONS:
        return Mention("organisation", _display_org(core), text=text)
    # The trailing run of capitalised words is the name; what comes before it is the role.
    run: list[str] = []
    for token in reversed(words):
        bare = _bare(token)
        if (_cap(token) and bare not in TITLES and not token.endswith(_possessive_marks())) or (run and token.lower() in _PARTICLES):
            run.insert(0, token)
        else:
            break
    while run and run[0].lower() in ("the", "a", "an"):  # "The Treasury": the article is no part of the name
        run = run[1:]
    prefix = words[: len(words) - len(run)]
    head = words[-1].lower().strip(".,")
    if run and (_org_head(head) or _is_org_run(run)):
        if prefix and not _modifiers(prefix):
            return None
        return Mention("organisation", _display_org(core), text=text)
    if len(run) == 1 and not prefix and run[0].lower() in GROUP_NOUNS:  # "Analysts said"
        place = _GROUP_PLACE.match(text[len(core):]) if text.startswith(core) else None
        return Mention("group", core + (place.group(0) if place else ""), text=text)
    if run and _person_run(run):
        if prefix and not _role_words(prefix):
            return None
        name = " ".join(run)
        role = _clean_role(" ".join(prefix)) if prefix else None
        return Mention("person", name, role, text)
    if run and len(run) == 1 and not prefix:
        return Mention("organisation", run[0], text=text)
    if head in GROUP_NOUNS or (head.endswith("s") and head not in TITLES and len(words) <= 7 and \
            head not in ("news", "this", "its", "his", "has", "was", "is")):
        place = _GROUP_PLACE.match(text[len(core):]) if text.startswith(core) else None
        return Mention("group", _display_group(core + (place.group(0) if place else "")), text=text)
    if head in TITLES or head.rstrip("s") in TITLES:
        return Mention("role", _display_group(core), text=text)
    if _org_head(head) and len(words) <= 5:
        return Mention("organisation", _display_org(core), text=text)
    return None


def _org_head(word: str) -> bool:
    return word in ORG_HEADS or (word.endswith("s") and word[:-1] in ORG_HEADS)


_MODIFIERS = frozenset(["the", "a", "an", "of", "and", "for", "state", "public", "national", "federal", "local", "regional", "central", "city", "provincial", "municipal", "official", "main", "largest", "top", "leading"])


def _modifiers(prefix: list[str]) -> bool:
    """Words that can come before an organisation's name: determiners, capitals, possessives, nationalities."""
    return all(_cap(w) or w.lower() in _MODIFIERS or w.lower() in NATIONALITIES or w.lower() in DESCRIPTORS
               or w.endswith(("’s", "'s")) for w in prefix)


_ROLE_OF_ORG = re.compile(
    r"^(?:a|an|one|the)\s+(?:(?:senior|junior|top|chief|deputy|regional|local|press)\s+)?"
    r"(?P<role>spokesman|spokeswoman|spokesperson|official|representative|source|executive|officer|adviser|"
    r"advisor|aide|lawyer|engineer|manager|director|member|analyst)\s+(?:for|at|of|from|with)\s+(?P<org>.+)$",
    re.IGNORECASE)
"""An unnamed person speaking for an organisation: the organisation is the speaker."""

_GROUP_PLACE = re.compile(r"\s+(?:at|on|in|from|of|for)\s+(?:the\s+)?(?:[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}|"
                          r"panel|committee|board|ministry|scene|ground|company|bank|agency)\b")
"""Where a group is from, kept with it: "Analysts at Goldman Sachs", "Republicans on the panel"."""


def _has_clause_word(words: list[str]) -> bool:
    """A verb or conjunction that makes the phrase a clause ("and" inside a name is fine:
    "Department of Health and Human Services")."""
    for i, word in enumerate(words[1:], 1):
        if word.lower() not in _CLAUSE_WORDS:
            continue
        inside_name = i + 1 < len(words) and _cap(words[i - 1]) and _cap(words[i + 1]) and word.lower() in ("and",)
        if not inside_name:
            return True
    return False


def _role_words(prefix: list[str]) -> bool:
    """A role before a name: a title word in it ("agency official"), all capitals ("Sen."), or a possessive."""
    if len(prefix) > 5:
        return False
    if prefix[-1].endswith(("’s", "'s")):
        return True
    return any(_bare(w).rstrip("s") in TITLES or _bare(w) in TITLES for w in prefix) or \
        all(_cap(w) or w.lower() in ("the", "a", "an") for w in prefix)


def _possessive_marks() -> tuple[str, str]:
    return ("’s", "'s")


def _all_caps_name(words: list[str]) -> bool:
    return all(_cap(w) for w in words)


def _is_org_run(run: list[str]) -> bool:
    lowered = " ".join(run).lower()
    return lowered in ORGANISATIONS or any(_org_head(w.lower().strip(".,")) for w in run[1:]) or \
        (len(run) == 1 and run[0].isupper() and len(run[0]) >= 2)


def _person_run(run: list[str]) -> bool:
    names = [w for w in run if w.lower() not in _PARTICLES]
    if not names or len(names) > 4:
        return False
    for word in names:
        bare = word.lower().strip(".,")
        if bare in MONTHS or bare in WEEKDAYS or bare in NATIONALITIES or bare in ORGANISATIONS or \
                bare in GROUP_NOUNS:
            return False
        if word.isupper() and len(word) > 1:
            return False
    return True


def _clean_role(role: str) -> str | None:
    if re.fullmatch(r"\d{1,3}", role.strip()):  # an age: "Gary Booth, 58,"
        return None
    words = [w for w in role.split() if w.lower() not in ("the", "a", "an")]
    while words and words[0].lower() in DESCRIPTORS and words[0].lower() not in ("chief", "deputy", "special"):
        words = words[1:]
    return " ".join(words) or None


def _display_org(text: str) -> str:
    low = text.lower()
    for det in ("the ", "a ", "an "):
        if low.startswith(det):
            return text[len(det):]
    return text


def _display_group(text: str) -> str:
    return _display_org(text)


@dataclass(slots=True)
class Registry:
    """The people and organisations an article has named so far, to resolve later mentions."""

    people: dict[str, str] = field(default_factory=dict)
    """Any single name token (lower case) -> the fullest name seen with it."""
    roles: dict[str, str] = field(default_factory=dict)
    """A role ("kremlin spokesman") -> the person who holds it."""
    last: dict[str, str] = field(default_factory=dict)
    """The latest speaker or subject of each kind (person, organisation, group)."""

    def learn(self, mention: Mention) -> str:
        """Record `mention` and return the name it resolves to."""
        if mention.kind == "person":
            full = self.full(mention.name)
            if " " in mention.name and (full == mention.name or len(mention.name) >= len(full)):
                full = mention.name
                for token in mention.name.split():
                    if token.lower() not in _PARTICLES and len(token) > 1:
                        self.people.setdefault(token.lower(), full)
                        if len(self.people[token.lower()]) < len(full):
                            self.people[token.lower()] = full
            if mention.role:
                self.roles[mention.role.lower()] = full
                self.roles[mention.role.lower().split()[-1]] = full
            self.last["person"] = full
            return full
        if mention.kind in ("organisation", "outlet"):
            self.last["organisation"] = mention.name
            return mention.name
        if mention.kind == "group":
            self.last["group"] = mention.name
            return mention.name
        return mention.name

    def full(self, name: str) -> str:
        """The fullest known form of a person's name ("Trump" -> "Donald Trump")."""
        if " " not in name:
            return self.people.get(name.lower(), name)
        last = name.split()[-1].lower()
        known = self.people.get(last)
        if known and known.endswith(name.split()[-1]) and len(known) > len(name):
            return known
        return name

    def resolve(self, mention: Mention) -> tuple[str, str] | None:
        """(name, kind) a pronoun or a role refers to, or None when nothing fits."""
        if mention.kind == "pronoun":
            kind = PRONOUNS[mention.name]
            if mention.name in ("they", "we") and "group" not in self.last:
                kind = "organisation"
            found = self.last.get(kind)
            return (found, kind) if found else None
        if mention.kind == "role":
            key = mention.name.lower()
            for candidate in (key, key.split()[-1]):
                if candidate in self.roles:
                    return self.roles[candidate], "person"
        return None
