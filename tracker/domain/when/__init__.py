"""Reading and showing times: said times, deadlines, durations, calendar days and time zones.

Everything a person types as a time goes through `parse_when` (or `read_field`, which knows each
field's direction), `parse_day` or `parse_duration`; a string that cannot be read raises
`InvalidInput` with one line that says what was wrong. Nothing here guesses: an unknown zone is an
error (never UTC), an ambiguous abbreviation is refused with its candidates, and dateutil's parser
runs without ``fuzzy``.

The modules, one idea each:

* `zone_table`: zone phrases, abbreviations and ambiguous abbreviations, as data;
* `zones`: naming zones (phrase, IANA name, offset -> tzinfo -> label), hemispheres;
* `limits`: the accepted range of instants, days, offsets and durations;
* `durations`: ``7d``, ``one week``; `format_duration`;
* `value`: `When` and moving instants between zones;
* `phrases`: relative phrases against a reference time and a direction;
* `written`: dates written out, read by dateutil;
* `parse`: the public parse (`parse_when`, `parse_day`);
* `fields`: which way each field points (`FIELD_DIRECTIONS`) and the said-time check.

Rules, chosen on purpose:

* Stored instants are aware UTC datetimes; `When.tz` keeps the zone a time was reported in, for
  display; `When.precision` how much was given; `When.phrase` the words.
* Offsets from now (``+7d``, ``in 3 days``, ``2 hours ago``, ``for one week``) are absolute
  durations: ``+7d`` is exactly 168 hours, even across a DST change.
* Calendar words and days (``today``, ``Thursday``, ``eod``, `local_day_bounds`, `parse_day`)
  follow the wall clock of a zone, so a DST-change day is 23 or 25 hours long.
* ``UTC+2`` / ``GMT-5`` mean what people mean (two hours ahead of UTC, five behind), not the
  inverted POSIX reading dateutil applies to ``GMT+3``.
* Numeric dates like ``03/04/2026`` are refused as ambiguous unless one part is above 12; ISO
  ``2026-03-04`` is the safe form.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.domain.when.durations import format_duration, parse_duration
    from tracker.domain.when.fields import (
        FIELD_DIRECTIONS,
        NO_DEADLINE,
        check_deadline,
        check_field,
        direction_of,
        read_field,
    )
    from tracker.domain.when.limits import EARLIEST, LATEST, MAX_WINDOW, in_range
    from tracker.domain.when.parse import parse_day, parse_when
    from tracker.domain.when.value import (
        PRECISIONS,
        Direction,
        Precision,
        When,
        isoformat,
        local_day_bounds,
        to_zone,
    )
    from tracker.domain.when.zone_table import ZONE_PHRASES
    from tracker.domain.when.zones import resolve_zone

_HOMES: dict[str, str] = {
    "Direction": "value",
    "EARLIEST": "limits",
    "FIELD_DIRECTIONS": "fields",
    "LATEST": "limits",
    "MAX_WINDOW": "limits",
    "NO_DEADLINE": "fields",
    "PRECISIONS": "value",
    "Precision": "value",
    "When": "value",
    "ZONE_PHRASES": "zone_table",
    "check_deadline": "fields",
    "check_field": "fields",
    "direction_of": "fields",
    "format_duration": "durations",
    "in_range": "limits",
    "isoformat": "value",
    "local_day_bounds": "value",
    "parse_day": "parse",
    "parse_duration": "durations",
    "parse_when": "parse",
    "read_field": "fields",
    "resolve_zone": "zones",
    "to_zone": "value",
}
"""Which submodule defines each public name. The package loads a submodule on first use, so a
command that only shows times (``show``, ``list``) never compiles the parser's phrase tables."""


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "EARLIEST",
    "FIELD_DIRECTIONS",
    "LATEST",
    "MAX_WINDOW",
    "NO_DEADLINE",
    "PRECISIONS",
    "ZONE_PHRASES",
    "Direction",
    "Precision",
    "When",
    "check_deadline",
    "check_field",
    "direction_of",
    "format_duration",
    "in_range",
    "isoformat",
    "local_day_bounds",
    "parse_day",
    "parse_duration",
    "parse_when",
    "read_field",
    "resolve_zone",
    "to_zone",
]
