"""The four claim states and the three evidence stances."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Where a claim stands in its lifecycle."""

    UNCONFIRMED = "unconfirmed"
    CONFIRMED = "confirmed"
    CONTRADICTED = "contradicted"
    EXPIRED = "expired"


WORKFLOW_RANK: dict[str, int] = {status.value: rank for rank, status in enumerate(Status)}
"""Workflow order of the statuses (unconfirmed, confirmed, contradicted, expired: the order declared
above): sorting by status follows it, not the alphabet."""

EXPIRABLE = (Status.UNCONFIRMED, Status.CONFIRMED)
"""States from which a claim can still expire; the sweep looks only at these."""

VERDICT_STATES = (Status.CONFIRMED, Status.CONTRADICTED)
"""States that are a desk's verdict on a claim: what ClaimReview publishes, and the verdict CSV column."""


class Stance(StrEnum):
    """How an evidence item bears on its claim."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    CONTEXT = "context"
