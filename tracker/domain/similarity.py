"""How alike two claims read: the lexical similarity score (pure Python; docs/similarity.md).

A claim is reduced to its *content words*: folded words (lower case, no diacritics, any
script) without stop words, each cut to a crude English stem (``strikes`` -> ``strike``,
``agreed`` -> ``agre``), plus its *numbers* and whether it is *negated*.

    score = soft_dice(words_a, words_b) * numbers_factor * negation_factor

* ``soft_dice`` = 2 * matched / (weight(a) + weight(b)), where every word weighs its
  length-based weight (``min(len, 8) / 8``, so short words count less) and a word of one
  claim is *matched* by the best word of the other: 1 for the same stem, otherwise the
  character-trigram Dice of the two words when that is at least 0.5 (``zelensky`` and
  ``zelenskyy``: 0.8; ``kyiv`` and ``kiev``: 0, a spelling the score does not know), times
  the lighter of the two weights.
* ``numbers_factor``: 1 when the claims carry the same numbers or either carries none;
  otherwise the Jaccard overlap of their number sets, floored at 0.5 ("600 drones" and
  "6,000 drones" are different claims).
* ``negation_factor``: 0.6 when exactly one of the two is negated (``not``, ``no``,
  ``never``, ``denied`` ...), else 1.

The score is symmetric, in ``[0, 1]``, and 1 for two texts with the same content words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tracker.domain.search_text import words
from tracker.domain.status import Status

STOP_WORDS = frozenset(
    "a an the and or but if of to in on at by for from with about as into onto over under than then that this "
    "these those there here is are was were be been being am has have had do does did will would shall should "
    "can could may might must it its it's he she they them their his her him we us our you your i me my "
    "said says say told tells claim claims claimed according also just very so such what which who whom whose "
    "when where why how all any some each every more most other another same own only up down out off again "
    "further once s t".split()
)
"""Words that carry no content of their own in a claim (reporting verbs among them: "X said Y")."""

NEGATIONS = frozenset("not no never none nobody nothing neither nor without deny denies denied denying "
                      "reject rejects rejected rejecting refuse refuses refused refusing".split())
"""Words that turn a claim into its opposite."""

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ATTRIBUTION = (
    re.compile(r"^\s*according to [^,]{1,80},\s*", re.IGNORECASE),
    re.compile(r",\s*[^,]{1,80}\b(?:said|says|claimed|claims|confirmed|told reporters|announced|reported)\.?\s*$",
               re.IGNORECASE),
    re.compile(r"^[^,]{1,60}?\b(?:said|says|claimed|claims|told reporters|announced)(?: that)?\s+", re.IGNORECASE),
)
"""Who said it ("X said ...", "..., X said", "According to X, ..."): the same claim from another speaker
is still the same claim, so attribution is not compared."""
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude English stem, so that "strike", "strikes" and "striking" or "agree" and "agreed" meet:
    one inflection off (-ies -> -y, -es after s/x/z/ch/sh, -s, -eed -> -ee, -ed, -ing, -ly), then a
    final "e"; at least 3 letters kept. Other scripts and numbers unchanged."""
    if not word.isascii() or not word.isalpha() or len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        word = word[:-2]
    elif (word.endswith("s") and not word.endswith("ss")) or word.endswith("eed"):
        word = word[:-1]
    else:
        for suffix in ("ing", "ed", "ly"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


@lru_cache(maxsize=8192)
def _trigrams(word: str) -> frozenset[str]:
    padded = f"  {word} "
    return frozenset(padded[i:i + 3] for i in range(len(padded) - 2))


def trigram_dice(a: str, b: str) -> float:
    """Character-trigram Dice coefficient of two words (with padding, so starts weigh more)."""
    ta, tb = _trigrams(a), _trigrams(b)
    return 2 * len(ta & tb) / (len(ta) + len(tb))


NAME_WEIGHT = 3.0
"""How much more a name (a capitalised word) weighs than another word of its length: who and where
are what tells "a strike on Kharkiv" from "a strike on Dnipro"."""


def _weight(word: str) -> float:
    return min(len(word), 8) / 8


def strip_attribution(text: str) -> str:
    """The claim without who said it (see `_ATTRIBUTION`)."""
    for pattern in _ATTRIBUTION:
        stripped = pattern.sub("", text, count=1)
        if stripped.strip():
            text = stripped
    return text


@dataclass(frozen=True, slots=True)
class Profile:
    """What the score compares of one claim's text: content words with their weights."""

    words: dict[str, float]
    numbers: frozenset[str]
    negated: bool
    names: frozenset[str] = frozenset()
    """The content words written capitalised: the only ones compared by spelling (transliterations)."""
    weight: float = 0.0
    """The summed weight of the content words (computed once: every comparison needs it)."""


@lru_cache(maxsize=16384)
def _folded(raw: str) -> str:
    """One word folded (cached: a desk's vocabulary repeats)."""
    found = words(raw)
    return found[0] if found else ""


@lru_cache(maxsize=4096)
def profile(text: str) -> Profile:
    """Reduce a claim's text to what the score compares (cached: a batch compares the same claims)."""
    text = strip_attribution(text)
    numbers = frozenset(n.replace(",", "") for n in _NUMBER.findall(text))
    content: dict[str, float] = {}
    names: set[str] = set()
    negated = False
    for raw in _WORD.findall(text):
        word = _folded(raw)
        if word in NEGATIONS:
            negated = True
            continue
        if not word or word in STOP_WORDS or word.isdigit():
            continue
        key = stem(word)
        name = raw[:1].isupper()
        weight = _weight(key) * (NAME_WEIGHT if name else 1.0)
        content[key] = max(content.get(key, 0.0), weight)
        if name and len(key) >= SOFT_MIN:
            names.add(key)
    return Profile(content, numbers, negated, frozenset(names), sum(content.values()))


NEGATION_FACTOR = 0.6
"""The score of two claims of which exactly one is negated is multiplied by this."""
SOFT_MIN = 5
"""Words shorter than this match only exactly (a transliteration is a matter of names, which are long)."""
SOFT_MATCH = 0.5
"""Two different words count as a partial match when their trigram Dice is at least this."""


def _matched(a: Profile, b: Profile) -> float:
    total = 0.0
    for word, weight in a.words.items():
        if word in b.words:
            total += weight
            continue
        if word not in a.names:
            continue
        best = 0.0
        for other in b.names:
            if abs(len(other) - len(word)) <= 3:
                dice = trigram_dice(word, other)
                if dice >= SOFT_MATCH:
                    best = max(best, dice)
        total += best * weight
    return total


def _bound(a: Profile, b: Profile) -> float:
    """The most `_matched(a, b) + _matched(b, a)` can be: the words both have, and every name of
    one matched in full by a name of the other (set operations only: no word-by-word comparison)."""
    common = a.words.keys() & b.words.keys()
    total = sum(a.words[w] + b.words[w] for w in common)
    if b.names:
        total += sum(a.words[w] for w in a.names if w not in common)
    if a.names:
        total += sum(b.words[w] for w in b.names if w not in common)
    return total


def score_profiles(a: Profile, b: Profile, floor: float = 0.0) -> float:
    """The similarity of two profiles (see the module docstring); 0 when it cannot reach `floor`
    (the word-by-word comparison is skipped: what makes a batch of adds affordable)."""
    if not a.words or not b.words:
        return 0.0
    total = a.weight + b.weight
    if floor and _bound(a, b) / total < floor:
        return 0.0
    dice = (_matched(a, b) + _matched(b, a)) / total
    numbers = 1.0
    if a.numbers and b.numbers and a.numbers != b.numbers:
        numbers = max(0.5, len(a.numbers & b.numbers) / len(a.numbers | b.numbers))
    negation = NEGATION_FACTOR if a.negated != b.negated else 1.0
    return round(min(dice, 1.0) * numbers * negation, 4)


def similarity(a: str, b: str) -> float:
    """How alike two claim texts read, in ``[0, 1]``."""
    return score_profiles(profile(a), profile(b))


RECENT_DAYS = 30
"""Besides open claims, closed ones (contradicted, expired) logged within this many days are compared."""
LOOKUP_WORDS = 12
LOOKUP_NAMES = 4


def lookup_terms(text: str) -> tuple[list[str], list[str]]:
    """What to ask the index for a claim's look-alikes: its longest content words (folded, at most
    `LOOKUP_WORDS`; the index stems them itself) and the first five letters of its longer names
    (capitalised words, at most `LOOKUP_NAMES`), so another transliteration of a name still shares one."""
    found: list[str] = []
    names: list[str] = []
    for raw in _WORD.findall(strip_attribution(text)):
        word = _folded(raw)
        if not word:
            continue
        if word in STOP_WORDS or word in NEGATIONS or len(word) < 3 or word.isdigit():
            continue
        if word not in found:
            found.append(word)
        if raw[:1].isupper() and len(word) >= 6 and word[:5] not in names:
            names.append(word[:5])
    return sorted(found, key=len, reverse=True)[:LOOKUP_WORDS], names[:LOOKUP_NAMES]


@dataclass(frozen=True, slots=True)
class Similar:
    """A claim that reads like another (tracker.service.similar finds them), with its similarity score."""

    id: int
    score: float
    text: str
    status: Status

    def quote(self, width: int = 50) -> str:
        """The claim's text on one line, cut at a word to about `width` characters (with an ellipsis)."""
        text = " ".join(self.text.split())
        if len(text) <= width:
            return text
        cut = text[:width].rsplit(" ", 1)[0] if " " in text[:width] else text[:width]
        return cut.rstrip(" ,;:.") + "\u2026"

    def to_json(self) -> dict[str, Any]:
        """The documented object of `add --json` and batch results: `{id, score}`."""
        return {"id": self.id, "score": self.score}

    def to_json_full(self) -> dict[str, Any]:
        """`tracker similar --json`: with the claim's status and text."""
        return {"id": self.id, "score": self.score, "status": self.status.value, "text": self.text}
