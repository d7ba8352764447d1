"""What intake produces: the article as read, each proposed claim, and its times."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

PRECISIONS = ("minute", "hour", "part_of_day", "day")
"""How exact a time is, finest first (the `When.precision` values of the times contract)."""


@dataclass(frozen=True, slots=True)
class Stamp:
    """A time read from the article: aware UTC instant, the zone it was reported in, how exact it is,
    the words it came from, and whether it was inferred from elsewhere in the article."""

    at: datetime
    tz: str
    precision: str = "minute"
    phrase: str | None = None
    inferred: bool = False

    def to_json(self) -> dict[str, Any]:
        from zoneinfo import ZoneInfo

        try:
            local = self.at.astimezone(ZoneInfo(self.tz)).isoformat()
        except (KeyError, ValueError):
            local = self.at.isoformat()
        return {"at": self.at.isoformat(), "tz": self.tz, "local": local, "precision": self.precision,
                "phrase": self.phrase, "inferred": self.inferred}


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of article text and where it starts in `Article.text`."""

    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(slots=True)
class Article:
    """An article as read: its text (paragraphs joined by newlines) and what the page says about it."""

    text: str
    paragraphs: list[Paragraph]
    title: str | None = None
    byline: str | None = None
    dateline: str | None = None
    """The place the story was filed from ("Kyiv", "WASHINGTON"), when the text opens with one."""
    dateline_tz: str | None = None
    published: str | None = None
    """The publication time as the page gives it (meta tag, "Updated ..." line), unparsed."""
    source: str | None = None
    """The outlet: the page's site name, the agency in the dateline, or a closing credit line ("AP")."""
    url: str | None = None
    html: bool = False


@dataclass(frozen=True, slots=True)
class Proposal:
    """One proposed claim: what was said, by whom, when, through whom, and where in the text."""

    statement: str
    speaker: str
    speaker_kind: str
    """person, organisation or group ("officials")."""
    speaker_role: str | None
    said_at: Stamp | None
    expires_at: Stamp | None
    window: str | None
    """The words that set the deadline ("for one week", "by spring")."""
    source: str | None
    via: str | None
    """The outlet the article relays the claim from ("The Telegraph"), if any."""
    sentence: str
    sentence_start: int
    sentence_end: int
    statement_start: int
    statement_end: int
    kind: str
    """quote (a direct quotation) or reported (a reported clause)."""
    confidence: float
    venue: str | None = None
    """Where it was said, when the article says ("Telegram", "a social media post")."""

    def to_json(self) -> dict[str, Any]:
        return {
            "statement": self.statement,
            "speaker": self.speaker,
            "speaker_kind": self.speaker_kind,
            "speaker_role": self.speaker_role,
            "said_at": self.said_at.to_json() if self.said_at else None,
            "expires_at": self.expires_at.to_json() if self.expires_at else None,
            "window": self.window,
            "source": self.source,
            "via": self.via,
            "venue": self.venue,
            "kind": self.kind,
            "confidence": self.confidence,
            "sentence": {"text": self.sentence, "start": self.sentence_start, "end": self.sentence_end},
            "statement_span": {"start": self.statement_start, "end": self.statement_end},
        }


@dataclass(slots=True)
class Extraction:
    """The result of reading one article."""

    article: Article
    published: Stamp | None
    proposals: list[Proposal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
