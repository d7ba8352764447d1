"""`ClaimStamp`: where a claim stands right after a change, without reading it back.

Apart from the views (tracker.service.views) so a cold single change that prints only the new
status (`tracker confirm 12 --reason ...`) loads none of the view classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.domain.status import Status

if TYPE_CHECKING:
    from tracker.domain.similarity import Similar


@dataclass(frozen=True, slots=True)
class ClaimStamp:
    """Where a claim stands right after a change: what a batch line reports (no re-read needed)."""

    id: int
    uuid: str
    status: Status
    version: int
    similar: tuple[Similar, ...] | None = None
    """For an add: the open or recent claims it reads like, best first (None: not looked up)."""
