"""Which way each time field points, in one place, and the checks that follow from it.

A said time (`said_at`), an event's time (`at`) and a report's day look back: "Thursday" is the
last one, and a time after now is refused. A deadline (`expires_at`) looks forward: "Friday" is
the coming one. The service's `Step.when` reads every time field through `read_field`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tracker.domain.errors import InvalidInput
from tracker.domain.when.value import Direction, When, to_zone

__all__ = ["FIELD_DIRECTIONS", "NO_DEADLINE", "check_deadline", "check_field", "direction_of", "read_field"]

NO_DEADLINE = frozenset({"never", "none"})
"""Words for `--expires` / `expires_at` that mean: no deadline, not even the default one."""

FIELD_DIRECTIONS: dict[str, Direction] = {
    "said_at": "past",
    "at": "past",
    "day": "past",
    "now": "past",
    "expires_at": "future",
}
"""Field name -> the direction its open phrases point."""
_NOT_AFTER_NOW = frozenset({"said_at", "at"})
"""Fields whose time cannot be later than now: something said, something done."""


def direction_of(field: str) -> Direction:
    """The direction of `field` (a KeyError for a field that is not a time: a programming error)."""
    return FIELD_DIRECTIONS[field]


def _stamp(at: datetime, desk_tz: str) -> str:
    local = to_zone(at, desk_tz)
    return f"{local:%a %d %b %Y %H:%M} {local.tzname() or desk_tz}"


def check_field(field: str, when: When, *, now: datetime, desk_tz: str) -> When:
    """`when`, or InvalidInput when `field` cannot hold it: a said time after now."""
    if field in _NOT_AFTER_NOW and when.at > now.astimezone(UTC):
        what = "a said time" if field == "said_at" else "a change"
        raise InvalidInput(f"{field}: {_stamp(when.at, desk_tz)} is after now ({_stamp(now, desk_tz)}); "
                           f"{what} cannot be in the future")
    return when


def read_field(field: str, text: str, *, now: datetime, desk_tz: str) -> When:
    """Read the text of time field `field` in its direction, and check it (`check_field`).

    Messages name the field: ``said_at: cannot read 'soon' as a date/time``.
    """
    from tracker.domain.when.parse import parse_when  # here: checking a given time never loads the grammar

    try:
        when = parse_when(text, now=now, desk_tz=desk_tz, direction=direction_of(field))
    except InvalidInput as err:
        raise InvalidInput(f"{field}: {err.message}") from None
    return check_field(field, when, now=now, desk_tz=desk_tz)


def check_deadline(when: When, *, now: datetime, desk_tz: str, importing: bool) -> str | None:
    """A deadline at or before now: refused (InvalidInput) for a new claim, since the next sweep would
    expire it at once; allowed when `importing` a claim whose deadline has simply passed since, with
    the warning returned (None when the deadline is ahead)."""
    if when.at > now.astimezone(UTC):
        return None
    passed = f"{_stamp(when.at, desk_tz)} is not after now ({_stamp(now, desk_tz)})"
    if not importing:
        raise InvalidInput(f"expires_at: {passed}; a deadline must be in the future (or 'never')")
    return f"expires_at: {passed}; the next sweep expires this claim"
