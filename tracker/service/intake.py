"""Use cases of intake: propose claims from an article, and turn proposals into `add` lines.

`extract_article` needs no database: it reads the article (plain text or HTML), anchors its
times to the publication time (given, or the page's own), and returns the checkable proposals.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tracker.domain.errors import InvalidInput
from tracker.intake import Extraction, Proposal, Stamp, extract, read_article
from tracker.intake.clock import read_published
from tracker.intake.pipeline import checkable
from tracker.intake.reader import MAX_BYTES

__all__ = ["MAX_BYTES", "Intake", "Proposal", "Stamp", "add_line", "claim_uuid", "extract_article", "read_now",
           "when_text"]

_NAMESPACE = uuid.UUID("1b1f6c1e-6a53-4c1e-9a55-2f0c3f1d7e12")


@dataclass(slots=True)
class Intake:
    """An article's proposals, with what they were anchored to."""

    extraction: Extraction
    proposals: list[Proposal]
    source: str | None
    url: str | None
    published: Stamp | None
    published_from: str | None
    """"option" (--published), "article" (the page's own time) or None (anchored to now)."""
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        article = self.extraction.article
        return {
            "article": {
                "title": article.title, "byline": article.byline, "dateline": article.dateline,
                "dateline_tz": article.dateline_tz, "source": self.source, "url": self.url,
                "published": self.published.to_json() if self.published else None,
                "published_from": self.published_from, "html": article.html, "chars": len(article.text),
                "paragraphs": len(article.paragraphs),
            },
            "claims": [dict(n=i, uuid=claim_uuid(self, p), **p.to_json()) for i, p in enumerate(self.proposals, 1)],
            "notes": self.notes,
        }


def read_now(text: str | None) -> datetime:
    """The clock for intake: --now / TRACKER_NOW when given (read in UTC), else the real time."""
    if not text:
        return datetime.now(UTC)
    from tracker.domain.when import parse_when

    return parse_when(text, now=datetime.now(UTC), desk_tz="UTC").at


def extract_article(data: bytes, *, name: str = "input", published: str | None = None, source: str | None = None,
                    url: str | None = None, now: datetime | None = None,
                    progress: Callable[[int, int], None] | None = None) -> Intake:
    """Propose the checkable claims in an article's bytes. A bad `published` is an error; an
    unreadable time on the page is a note, and times are then anchored to `now`."""
    clock = now or datetime.now(UTC)
    article = read_article(data, name=name)
    zone = article.dateline_tz or "UTC"
    notes: list[str] = []
    stamp: Stamp | None = None
    origin: str | None = None
    if published is not None and published.strip():
        try:
            stamp = read_published(published, now=clock, zone=zone)
        except InvalidInput as err:
            raise InvalidInput(f"--published: {err.message}") from None
        origin = "option"
    elif article.published:
        try:
            stamp = read_published(article.published, now=clock, zone=zone)
            origin = "article"
        except InvalidInput:
            notes.append(f"cannot read the article's publication time {article.published[:60]!r}; "
                         "times are read relative to now (give --published)")
    else:
        notes.append("no publication time in the article; times are read relative to now (give --published)")
    extraction = extract(article, published=stamp, now=clock, source=source, progress=progress)
    notes.extend(extraction.warnings)
    proposals = checkable(extraction.proposals)
    return Intake(extraction, proposals, source or article.source, url or article.url, stamp, origin, notes)


def when_text(stamp: Stamp, *, said: bool = False) -> str:
    """A stamp as `add` reads it back: wall-clock time and the zone it was reported in.

    A said time known only to the day is written as the date alone, so `add` keeps its
    precision (`day`) instead of reading a midnight nobody said."""
    try:
        local = stamp.at.astimezone(ZoneInfo(stamp.tz))
    except (KeyError, ValueError):
        return stamp.at.isoformat()
    if said and stamp.precision == "day":
        return f"{local:%Y-%m-%d} {stamp.tz}"
    return f"{local:%Y-%m-%d %H:%M} {stamp.tz}"


def claim_uuid(intake: Intake, proposal: Proposal) -> str:
    """A uuid that is the same each time this article's claim is extracted, so a second
    `extract | apply` of the same article is refused instead of logging duplicates."""
    origin = intake.url or hashlib.sha256(intake.extraction.article.text.encode("utf-8")).hexdigest()
    key = f"{origin}|{proposal.speaker}|{' '.join(proposal.statement.split())}"
    return str(uuid.uuid5(_NAMESPACE, key))


def add_line(intake: Intake, proposal: Proposal) -> dict[str, Any]:
    """The `tracker apply` line that logs `proposal`."""
    line: dict[str, Any] = {"action": "add", "uuid": claim_uuid(intake, proposal), "text": proposal.statement,
                            "speaker": proposal.speaker}
    if proposal.said_at is not None:
        line["said_at"] = when_text(proposal.said_at, said=True)
    outlet = proposal.via or intake.source
    if outlet:
        line["source"] = outlet
    if intake.url:
        line["url"] = intake.url
    if proposal.expires_at is not None:
        line["expires_at"] = when_text(proposal.expires_at)
    return line
