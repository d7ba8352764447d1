"""What publishing a verdict needs to know, as pure rules: the desk's verdict words, its rating scale,
and whether a speaker is a Person or an Organization (schema.org ClaimReview, docs/cli.md "Formats").

The settings themselves (`verdict_words`, `rating_scale`, `speaker_kinds`, `review_author`,
`review_author_url`, `review_url`) are rule settings (tracker.domain.rules.RuleSettings); this module
reads and writes their text forms and applies them.
"""

from __future__ import annotations

import re

from tracker.domain.errors import InvalidInput
from tracker.domain.status import VERDICT_STATES, Status

Pairs = tuple[tuple[str, str], ...]
"""A small ordered mapping that fits in a frozen dataclass."""

DEFAULT_VERDICT_WORDS: Pairs = ((Status.CONFIRMED.value, "True"), (Status.CONTRADICTED.value, "False"))
KINDS = ("Person", "Organization")

ORGANISATION_WORDS = frozenset(["administration", "agency", "army", "assembly", "association", "authorities", "authority", "bank", "board", "bureau", "cabinet", "campaign", "centre", "center", "chamber", "church", "commission", "committee", "company", "corporation", "council", "court", "department", "embassy", "executive", "federation", "forces", "foundation", "fund", "government", "group", "guard", "inc", "institute", "kremlin", "league", "ltd", "llc", "media", "ministry", "mission", "movement", "navy", "news", "office", "officials", "organisation", "organization", "parliament", "party", "police", "press", "presidency", "prosecutor", "radio", "senate", "service", "society", "television", "tv", "union", "university", "channel", "network"])
"""Words that make a speaker an Organization (matched as whole words, any case): `speaker_kind`."""

ORGANISATION_PHRASES = ("white house", "downing street", "state department", "pentagon")
"""Phrases that make a speaker an Organization."""


def _split(text: str) -> list[str]:
    sep = ";" if ";" in text else ","
    return [part.strip() for part in text.split(sep) if part.strip()]


def _pairs(text: str, setting: str) -> list[tuple[str, str]]:
    pairs = []
    for part in _split(text):
        key, eq, value = part.partition("=")
        if not eq or not key.strip() or not value.strip():
            raise InvalidInput(f"{setting}: {part!r} is not NAME=VALUE")
        pairs.append((key.strip(), value.strip()))
    return pairs


def parse_verdict_words(text: str) -> Pairs:
    """``confirmed=True; contradicted=False``: the word published for each verdict (both required)."""
    words = dict(_pairs(text, "verdict_words"))
    allowed = [s.value for s in VERDICT_STATES]
    unknown = sorted(set(words) - set(allowed))
    if unknown:
        raise InvalidInput(f"verdict_words: {unknown[0]!r} is not a verdict (use {' and '.join(allowed)})")
    missing = [s for s in allowed if s not in words]
    if missing:
        raise InvalidInput(f"verdict_words needs a word for {' and '.join(missing)}")
    return tuple((s, words[s]) for s in allowed)


def show_pairs(pairs: object) -> str:
    """The text form of a pairs setting: ``a=b; c=d`` (empty for none)."""
    assert isinstance(pairs, tuple)
    return "; ".join(f"{k}={v}" for k, v in pairs)


def parse_rating_scale(text: str) -> tuple[int, int]:
    """``1-5``: worst and best rating; a confirmed claim gets the best, a contradicted one the worst."""
    match = re.fullmatch(r"\s*(-?\d{1,4})\s*(?:-|to|\.\.)\s*(-?\d{1,4})\s*", text)
    if not match:
        raise InvalidInput(f"rating_scale must look like 1-5 (worst-best), not {text!r}")
    worst, best = int(match.group(1)), int(match.group(2))
    if worst >= best:
        raise InvalidInput(f"rating_scale: the worst rating ({worst}) must be below the best ({best})")
    return worst, best


def show_rating_scale(scale: object) -> str:
    """``1-5``."""
    assert isinstance(scale, tuple)
    return f"{scale[0]}-{scale[1]}"


def parse_speaker_kinds(text: str) -> Pairs:
    """``White House=Organization; Sam Lee=Person``: overrides of `speaker_kind`, by speaker name."""
    if text.strip().lower() in {"", "none"}:
        return ()
    pairs = []
    for name, kind in _pairs(text, "speaker_kinds"):
        fixed = {"person": "Person", "organization": "Organization", "organisation": "Organization",
                 "org": "Organization"}.get(kind.lower())
        if fixed is None:
            raise InvalidInput(f"speaker_kinds: {name!r} must be Person or Organization, not {kind!r}")
        pairs.append((name, fixed))
    return tuple(pairs)


def parse_plain(text: str) -> str:
    """A one-line text setting (an empty text or 'none' clears it)."""
    value = text.strip()
    if value.lower() == "none":
        return ""
    if any(ord(c) < 32 for c in value):
        raise InvalidInput("a setting must be one line of text")
    return value


def parse_review_url(text: str) -> str:
    """``https://example.org/checks/{uuid}``: where each review is published ({uuid} and {id} are filled in)."""
    value = parse_plain(text)
    if not value:
        return ""
    if not re.match(r"^https?://[^\s/]+", value) or " " in value:
        raise InvalidInput(f"review_url must be an http(s) URL template, not {value[:80]!r}")
    if "{uuid}" not in value and "{id}" not in value:
        raise InvalidInput("review_url needs {uuid} or {id}, so each claim's review has its own URL")
    try:
        value.format(uuid="u", id=1)
    except (KeyError, IndexError, ValueError):
        raise InvalidInput("review_url may hold only {uuid} and {id} in braces") from None
    return value


def parse_http_url(text: str) -> str:
    """An optional http(s) URL."""
    value = parse_plain(text)
    if value and (not re.match(r"^https?://[^\s/]+", value) or " " in value):
        raise InvalidInput(f"review_author_url must be an http(s) URL, not {value[:80]!r}")
    return value


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def speaker_kind(name: str, overrides: Pairs = ()) -> str:
    """``Person`` or ``Organization`` for a speaker, by this rule (first match wins):

    1. the `speaker_kinds` setting names the speaker (compared ignoring case);
    2. Organization when the name has a word from ORGANISATION_WORDS ("Ministry of Defence"),
       starts with "The " ("The Kremlin"), holds a phrase from ORGANISATION_PHRASES ("White
       House"), or is an acronym of 2-6 capitals ("NATO", "BBC");
    3. Person otherwise ("Donald Trump", "Volodymyr Zelensky").
    """
    folded = " ".join(name.split()).casefold()
    for key, kind in overrides:
        if " ".join(key.split()).casefold() == folded:
            return kind
    words = [w.casefold() for w in _WORD.findall(name)]
    if any(w in ORGANISATION_WORDS for w in words) or folded.startswith("the "):
        return "Organization"
    if any(phrase in " ".join(words) for phrase in ORGANISATION_PHRASES):
        return "Organization"
    if re.fullmatch(r"[A-Z]{2,6}", name.strip()):
        return "Organization"
    return "Person"


CONTRADICTING_RATINGS = frozenset("""
false;mostly false;pants on fire;incorrect;wrong;fake;fake news;misleading;fabricated;inaccurate;not true;untrue;
baseless;debunked;hoax;scam;four pinocchios;4 pinocchios;three pinocchios;distorted;manipulated;altered;
false context;no evidence;unsupported;falso;falsa;faux;falsch;onwaar;niet waar;fałsz;nieprawda;vildledende;falsk;
usant;väärä;hamis;fals;неправда;фейк;брехня;ложь;не відповідає дійсності;маніпуляція
""".replace("\n", "").split(";")) - {""}
"""Rating words (case and punctuation ignored) read as contradicting the claim."""

SUPPORTING_RATINGS = frozenset("""
true;mostly true;correct;mostly correct;accurate;right;verified;confirmed;geppetto checkmark;verdadero;verdadeiro;
vero;vrai;wahr;richtig;waar;prawda;sandt;korrekt;totta;igaz;adevărat;правда;відповідає дійсності
""".replace("\n", "").split(";")) - {""}
"""Rating words read as supporting the claim."""


def stance_of_rating(word: str | None, value: float | None = None, best: float | None = None,
                     worst: float | None = None) -> str:
    """The evidence stance of another fact-checker's rating (a ClaimReview's `reviewRating`), by this rule:

    1. the rating's word (`alternateName`, else `name`), case, spacing and punctuation ignored:
       one of CONTRADICTING_RATINGS gives ``contradicts``, one of SUPPORTING_RATINGS ``supports``;
    2. otherwise its number on its scale (`ratingValue` between `worstRating` and `bestRating`,
       default 1 to 5): the top quarter ``supports``, the bottom quarter ``contradicts``;
    3. otherwise (``Half true``, ``Missing context``, no rating at all) ``context``.
    """
    folded = " ".join(re.sub(r"[^\w\s]", " ", (word or "").casefold()).split())
    if folded in CONTRADICTING_RATINGS:
        return "contradicts"
    if folded in SUPPORTING_RATINGS:
        return "supports"
    if value is not None:
        low, high = (1.0 if worst is None else worst), (5.0 if best is None else best)
        if high > low:
            position = (value - low) / (high - low)
            if position >= 0.75:
                return "supports"
            if position <= 0.25:
                return "contradicts"
    return "context"
