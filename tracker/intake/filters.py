"""What is not a checkable claim: opinions and feelings, wishes and appeals, greetings and thanks,
questions, and statements too short to check."""

from __future__ import annotations

import re

_OPINION_START = re.compile(
    r"^(?:and\s+|but\s+|so,?\s+)?(?:i|we)\s+(?:personally\s+)?(?:think|believe|hope|feel|wish|guess|suppose|trust|"
    r"am sure|’m sure|'m sure|am confident|’m confident|'m confident)\b|^in (?:my|our) (?:view|opinion)\b", re.IGNORECASE)
_FEELING = re.compile(
    r"^(?:and\s+)?(?:he|she|they|i|we|it)\s+(?:was|were|is|are|am|’m|'m|’re|'re|felt|feels|feel)\s+"
    r"(?:very\s+|so\s+|extremely\s+|deeply\s+|really\s+)?(?:pleased|happy|glad|delighted|proud|grateful|thankful|"
    r"disappointed|sad|saddened|sorry|honou?red|optimistic|pessimistic|confident|hopeful|excited|concerned|"
    r"worried|shocked|appalled|outraged|thrilled)\b", re.IGNORECASE)
_GREETING = re.compile(
    r"^(?:thank you|thanks|congratulations|welcome|good (?:morning|afternoon|evening|night)|happy new year|"
    r"merry christmas|god bless|hello|goodbye|see you|cheers|well done|bravo)\b", re.IGNORECASE)

MIN_WORDS = 4


def reason_to_skip(statement: str) -> str | None:
    """Why `statement` is not a checkable claim, or None when it is one."""
    text = statement.strip(" “”\"‘’'")
    if len(text.split()) < MIN_WORDS:
        return "too short"
    if text.endswith("?"):
        return "a question"
    if _OPINION_START.search(text):
        return "an opinion"
    if _FEELING.search(text):
        return "a feeling"
    if _GREETING.search(text):
        return "a greeting or thanks"
    return None
