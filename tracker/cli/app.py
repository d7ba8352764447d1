"""The CLI's shared state: global options turned into a `Desk`, opened only when a command needs it."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field

from tracker.domain.errors import TrackerError
from tracker.domain.inputs import clean_name
from tracker.service.context import Desk, system_clock
from tracker.store.engine import env_db, make_engine, resolve_url, sqlite_file


def default_actor() -> str:
    """The login name, as the default actor of every change."""
    try:
        return getpass.getuser()
    except Exception:  # no login name on this machine
        return "unknown"


@dataclass(slots=True)
class CliState:
    """Global options (--db, --actor, --now) and the Desk built from them on first use."""

    db: str | None = None
    actor: str | None = None
    now: str | None = None
    _desk: Desk | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        """The database URL these options select."""
        return resolve_url(self.db or env_db())

    def where(self) -> str:
        """The database as messages name it: a file path, or a URL without its password."""
        path = sqlite_file(self.url)
        if path is not None:
            return str(path)
        import sqlalchemy as sa

        return sa.engine.make_url(self.url).render_as_string(hide_password=True)

    def desk(self, *, must_exist: bool = True) -> Desk:
        """The Desk for this invocation; a missing SQLite file is an error unless `must_exist` is False."""
        if self._desk is None:
            url = self.url
            path = sqlite_file(url)
            if must_exist and path is not None and not path.exists():
                raise TrackerError(f"no tracker database at {path}; run `tracker init` (or pass --db)")
            if path is not None and not must_exist:
                path.parent.mkdir(parents=True, exist_ok=True)
            actor = clean_name("actor", self.actor or os.environ.get("TRACKER_ACTOR") or default_actor())
            assert actor is not None
            desk = Desk(make_engine(url), actor, where=self.where())
            now_text = self.now or os.environ.get("TRACKER_NOW")
            if now_text:
                desk.clock = _fixed_clock(desk, now_text, must_exist)
            self._desk = desk
        return self._desk


def _fixed_clock(desk: Desk, text: str, read_zone: bool):  # type: ignore[no-untyped-def]
    """A clock stopped at --now, read in the desk's zone (stored in the database when there is one)."""
    from tracker.domain.when import parse_when

    zone = "UTC"
    if read_zone:
        from tracker.service.settings import rules

        zone = rules(desk).desk_tz
    at = parse_when(text, now=system_clock(), desk_tz=zone).at
    return lambda: at
