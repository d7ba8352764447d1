"""Opening a desk from what a user typed (--db, --actor, --now), and creating or upgrading its schema."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from tracker.domain.errors import InvalidInput, TrackerError
from tracker.domain.inputs import clean_name
from tracker.service.context import Desk, database_error, system_clock
from tracker.store.location import resolve_url, sqlite_file


def default_actor() -> str:
    """The login name, as the default actor of every change."""
    try:
        return getpass.getuser()
    except Exception:  # no login name on this machine
        return "unknown"


def describe(url: str) -> str:
    """The database as messages name it: a file path, or a URL without its password."""
    path = sqlite_file(url)
    if path is not None:
        return str(path)
    from tracker.store.engine import parse_url

    return parse_url(url).render_as_string(hide_password=True)


def database_file(db: str | None) -> Path | None:
    """The SQLite file `db` names (None for a server database)."""
    return sqlite_file(resolve_url(db))


def open_desk(db: str | None, *, actor: str | None, now: str | None = None, must_exist: bool = True) -> Desk:
    """A Desk on the database `db` (path or URL; None: the default file).

    A missing SQLite file is an error unless `must_exist` is False. `now`, when given,
    stops the clock at that time, read in the desk's zone.
    """
    url = resolve_url(db)
    path = sqlite_file(url)
    if path is not None:
        if must_exist and not path.exists():
            raise TrackerError(f"no tracker database at {path}; run `tracker init` (or pass --db)")
        path.parent.mkdir(parents=True, exist_ok=True)
    who = clean_name("actor", actor or default_actor())
    assert who is not None
    desk = Desk(None, who, where=describe(url), url=url)  # the engine is made when first needed
    if now:
        desk.clock = _stopped_clock(desk, now, read_zone=must_exist)
    return desk


def _stopped_clock(desk: Desk, text: str, *, read_zone: bool) -> Callable[[], datetime]:
    from tracker.domain.when import parse_when

    zone = "UTC"
    if read_zone:
        from tracker.service.settings import rules

        zone = rules(desk).desk_tz
    try:
        at = parse_when(text, now=system_clock(), desk_tz=zone).at
    except InvalidInput as err:
        raise InvalidInput(f"--now: {err.message}") from None
    return lambda: at


def init_database(desk: Desk) -> tuple[int | None, int]:
    """Create or upgrade the schema (idempotent); return (version before, version after)."""
    import sqlalchemy as sa

    from tracker.store.migrations import upgrade

    try:
        return upgrade(desk.engine, desk.where)
    except sa.exc.DBAPIError as err:
        raise database_error(err, desk, "cannot initialise") from None
