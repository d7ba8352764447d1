"""The SQLModel tables.

Times are plain `datetime` fields, so sqlmodel stores them with `UTCDateTime`
(aware values only, normalised to UTC). Status and stance are enums with a CHECK
constraint, so a bad value can never be stored. History (`Event`) is append-only.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from tracker.domain.status import Stance, Status


def _enum(kind: type, name: str) -> sa.Enum:
    return sa.Enum(
        kind,
        name=name,
        values_callable=lambda members: [m.value for m in members],
        create_constraint=True,
        validate_strings=True,
        native_enum=False,
        length=16,
    )


class Claim(SQLModel, table=True):
    """A claim someone made, with its attribution and where it stands."""

    __tablename__ = "claim"
    __table_args__ = (
        sa.Index("ix_claim_status_activity", "status", "last_activity_at"),
        sa.Index("ix_claim_status_id", "status", "id"),
        sa.Index("ix_claim_status_expires", "status", "expires_at"),
        sa.Index("ix_claim_status_created", "status", "created_at"),  # report: oldest open claim, age chart
        sa.Index("ix_claim_status_assignee", "status", "assignee", "last_activity_at"),  # report: stale by assignee
        sa.Index("ix_claim_assignee", "assignee"),
        sa.Index("ix_claim_speaker", "speaker"),
        # duplicates of a claim; partial: the few claims that are duplicates, so `list` and the report ask it cheaply
        sa.Index("ix_claim_duplicate_of", "duplicate_of", sqlite_where=sa.text("duplicate_of IS NOT NULL"),
                 postgresql_where=sa.text("duplicate_of IS NOT NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(sa_column=sa.Column(sa.String(36), unique=True, nullable=False))
    text: str
    speaker: str
    said_at: datetime | None = None
    said_tz: str | None = None
    said_precision: str | None = None
    """How precisely the said time was given (`minute`, `hour`, `part_of_day`, `day`), when known."""
    said_phrase: str | None = None
    """The words the said time was given in ("on Thursday"), when known."""
    source: str | None = None
    url: str | None = None
    status: Status = Field(sa_column=sa.Column(_enum(Status, "claim_status"), nullable=False))
    assignee: str | None = None
    expires_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    last_activity_at: datetime
    version: int = 1
    duplicate_of: str | None = Field(default=None, sa_column=sa.Column(sa.String(36), nullable=True))
    """The uuid of the claim this one duplicates (its primary), set by `link` events; None for most claims."""


class ClaimTag(SQLModel, table=True):
    """One tag on one claim."""

    __tablename__ = "claim_tag"
    __table_args__ = (sa.Index("ix_claim_tag_tag", "tag"),)

    claim_id: int = Field(foreign_key="claim.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(primary_key=True)


class Evidence(SQLModel, table=True):
    """A source that supports, contradicts or gives context to a claim."""

    __tablename__ = "evidence"
    __table_args__ = (sa.Index("ix_evidence_claim", "claim_id"),)

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(sa_column=sa.Column(sa.String(36), unique=True, nullable=False))
    claim_id: int = Field(foreign_key="claim.id", ondelete="CASCADE")
    stance: Stance = Field(sa_column=sa.Column(_enum(Stance, "evidence_stance"), nullable=False))
    source: str
    url: str | None = None
    note: str | None = None
    added_by: str
    added_at: datetime


class Event(SQLModel, table=True):
    """One change: who did what to which claim (none for a rule setting), when, why, and what it set.

    The claim, tag, evidence and setting rows are projections of these (tracker.domain.events).
    `hash` chains each event to the one before it (`prev_hash`), over a canonical form that
    leaves local ids out (docs/architecture.md)."""

    __tablename__ = "event"
    __table_args__ = (
        sa.Index("ix_event_claim", "claim_id", "id"),
        sa.Index("ix_event_action_at", "action", "at"),
        sa.Index("ix_event_at", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(sa_column=sa.Column(sa.String(36), unique=True, nullable=False))
    claim_id: int | None = Field(default=None, foreign_key="claim.id")
    claim_uuid: str | None = Field(default=None, sa_column=sa.Column(sa.String(36), nullable=True))
    at: datetime
    actor: str
    action: str
    from_status: Status | None = Field(default=None, sa_column=sa.Column(_enum(Status, "event_from"), nullable=True))
    to_status: Status | None = Field(default=None, sa_column=sa.Column(_enum(Status, "event_to"), nullable=True))
    reason: str | None = None
    override: bool = False
    payload: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    """The values the change set, as compact JSON (tracker.domain.events documents each action's)."""
    prev_hash: str | None = Field(default=None, sa_column=sa.Column(sa.String(64), nullable=True))
    hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))


class EventHead(SQLModel, table=True):
    """The head of the hash chain (one row): how many events, and the last one's hash.

    Every writer reads it first, under the write lock (SQLite's `BEGIN IMMEDIATE`, PostgreSQL's
    row lock), so the chain never forks and each change's time is read while the lock is held."""

    __tablename__ = "event_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    hash: str | None = Field(default=None, sa_column=sa.Column(sa.String(64), nullable=True))


class ClaimTally(SQLModel, table=True):
    """How many claims of a status have `field` (created_at, expires_at) in a UTC hour: kept by triggers
    (tracker/store/tally.py), read by the report's counts."""

    __tablename__ = "claim_tally"

    status: str = Field(sa_column=sa.Column(sa.String(16), primary_key=True))
    field: str = Field(sa_column=sa.Column(sa.String(16), primary_key=True))
    hour: str = Field(sa_column=sa.Column(sa.String(13), primary_key=True))
    """``YYYY-MM-DD HH``, the UTC hour."""
    n: int = 0


class Setting(SQLModel, table=True):
    """One rule setting shared by everyone on this database."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str
    updated_at: datetime
    updated_by: str


class SchemaVersion(SQLModel, table=True):
    """The schema version this database was migrated to (one row)."""

    __tablename__ = "tracker_schema"

    id: int = Field(default=1, primary_key=True)
    version: int


def core_table(model: type[SQLModel]) -> sa.Table:
    """The Core `Table` of a table model, typed (SQLModel does not declare `__table__` to a type checker)."""
    return SQLModel.metadata.tables[str(model.__tablename__)]
