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
    r"earlier today|later today|(?:just |shortly )?(?:after|before) midnight|midnight|noon|before dawn)"
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
    rf"(?:(?:about|around|roughly|some|at\s+least|up\s+to|nearly|almost|another)\s+)?"
    rf"(?P<n>{_NUMBER})\s+(?P<unit>{_UNIT}))"
    rf"|(?P<dur2>for\s+the\s+(?:next|coming)\s+(?P<unit2>hour|day|week|month|year))"
    rf"|(?P<by>(?:by|until|till|through|before)\s+(?:the\s+end\s+of\s+)?(?:the\s+)?"
    rf"(?P<target>(?P<tmonth>{_MONTH})\s+(?P<tday>\d{{1,2}})(?:,?\s+(?P<tyear>\d{{4}}))?"
    rf"|(?P<tday2>\d{{1,2}})\s+(?P<tmonth2>{_MONTH})(?:\s+(?P<tyear2>\d{{4}}))?"
    rf"|(?:next\s+|this\s+)?(?:{_DAY}|{_MONTH}|spring|summer|autumn|fall|winter|week|weekend|month|"
    r"year|\d{4})))"
    r")\b",
    re.IGNORECASE,
)
"""A claim's own window: a duration from when it was said, or a deadline."""


VAGUE = re.compile(
    r"\b(?:(?:earlier|later)\s+)?(?:last|this|next|earlier this|later this)\s+(?:week|month|year|weekend)\b"
    r"|\b(?:recently|previously|in recent days|in recent weeks|on several occasions)\b",
    re.IGNORECASE,
)
"""Times too vague to read (this week, last year): skipped where a clause starts, never read."""


@dataclass(frozen=True, slots=True)
class Found:
    """A phrase found in a text, with its offsets there."""

    phrase: str
    start: int
    end: int


_NOT_SAID_BEFORE = re.compile(r"\b(?:until|till|by|before|through|from|starting|since)\s*$", re.IGNORECASE)


def said_phrases(text: str) -> list[Found]:
    """Every said-time phrase in `text`, in order: not a window's ("until Monday") nor a name
    that looks like one ("BBC Radio 4's Today programme")."""
    found = []
    for m in SAID.finditer(text):
        if _NOT_SAID_BEFORE.search(text[:m.start()]):
            continue
        word = m.group("word")
        if word and word[0].isupper() and m.start() > 0 and not re.search(r"[.!?]\s*$", text[:m.start()]):
            continue
        found.append(Found(m.group(0).strip(), m.start(), m.end()))
    return found


def window_phrase(text: str) -> Found | None:
    """The first window phrase in `text` (a statement), if any."""
    match = WINDOW.search(text)
    if match is None:
        return None
    return Found(match.group("phrase"), match.start(), match.end())
