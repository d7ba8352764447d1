"""The CLI's shared state: global options turned into a `Desk`, opened only when a command needs it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the service layer (and sqlmodel) loads only when a command needs the database
    from tracker.service.context import Desk


@dataclass(slots=True)
class CliState:
    """Global options (--db, --actor, --now) and the Desk built from them on first use."""

    db: str | None = None
    actor: str | None = None
    now: str | None = None
    _desk: Desk | None = field(default=None, repr=False)

    def desk(self, *, must_exist: bool = True) -> Desk:
        """The Desk for this invocation; a missing SQLite file is an error unless `must_exist` is False."""
        if self._desk is None:
            from tracker.service.opening import open_desk

            self._desk = open_desk(
                self.db if self.db is not None else (os.environ.get("TRACKER_DB") or None),
                actor=self.actor or os.environ.get("TRACKER_ACTOR") or None,
                now=self.now or os.environ.get("TRACKER_NOW") or None,
                must_exist=must_exist,
            )
        return self._desk
