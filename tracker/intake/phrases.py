"""Finding time phrases in a sentence: when a thing was said ("late on Wednesday", "on Thursday
(Washington time)", "Jan. 29", "last night") and the claim's own window ("for one week", "within 48
hours", "by spring", "until Sunday"). Reading them into instants is `tracker.intake.clock`'s job."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PART = r"(?:morning|afternoon|evening|night)"
_MONTH = (r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|"
          r"sep(?:t(?:ember)?)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)")
_ZONE = r"(?:\s*\((?P<zone>[^()]{2,40}?)\)|\s+(?P<zone2>local|[A-Z][a-z]+(?: [A-Z][a-z]+)?) time\b)"
_CLOCK = r"(?:\s+at\s+(?P<clock>\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:GMT|UTC|ET|EST|EDT|BST|CET))?))"

SAID = re.compile(
    r"\b(?P<phrase>"
    r"(?:(?P<rel>late|early|earlier|later)\s+)?(?:on\s+)?(?:(?P<which>last|this|next)\s+)?"
    rf"(?P<day>{_DAY})(?:\s+(?P<part>{_PART}))?"
    rf"|(?:on\s+)?(?P<month>{_MONTH})\s+(?P<mday>\d{{1,2}})(?:,?\s+(?P<year>\d{{4}}))?"
    rf"|(?:on\s+)?(?P<mday2>\d{{1,2}})\s+(?P<month2>{_MONTH})(?:\s+(?P<year2>\d{{4}}))?"
    r"|(?P<word>yesterday|today|tonight|last night|overnight|this morning|this afternoon|this evening|"
    r"earlier today|later today)"
    rf"){_CLOCK}?{_ZONE}?",
    re.IGNORECASE,
)
"""A said-time phrase, with an optional clock time and zone phrase after it."""

_NUMBER = (r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|"
           r"thirty|forty[- ]eight|seventy[- ]two|\d{1,3})")
_UNIT = r"(?:hour|day|week|month|year)s?"
WINDOW = re.compile(
    r"\b(?P<phrase>"
    rf"(?P<dur>(?:(?:for|within)\s+(?:the\s+(?:next|coming)\s+)?|(?:over|in)\s+the\s+(?:next|coming)\s+)"
    rf"(?P<n>{_NUMBER})\s+(?P<unit>{_UNIT}))"
    rf"|(?P<dur2>for\s+the\s+(?:next|coming)\s+(?P<unit2>hour|day|week|month|year))"
    rf"|(?P<by>(?:by|until|till|through|before)\s+(?:the\s+end\s+of\s+)?(?:the\s+)?"
    rf"(?P<target>(?:next\s+|this\s+)?(?:{_DAY}|{_MONTH}|spring|summer|autumn|fall|winter|week|weekend|month|"
    r"year|\d{4})))"
    r")\b",
    re.IGNORECASE,
)
"""A claim's own window: a duration from when it was said, or a deadline."""


@dataclass(frozen=True, slots=True)
class Found:
    """A phrase found in a text, with its offsets there."""

    phrase: str
    start: int
    end: int


def said_phrases(text: str) -> list[Found]:
    """Every said-time phrase in `text`, in order."""
    return [Found(m.group(0).strip(), m.start(), m.end()) for m in SAID.finditer(text)]


def window_phrase(text: str) -> Found | None:
    """The first window phrase in `text` (a statement), if any."""
    match = WINDOW.search(text)
    if match is None:
        return None
    return Found(match.group("phrase"), match.start(), match.end())
