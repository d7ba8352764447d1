"""The demo: a fresh database built from the seed claims, moved forward in time to look recent."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from tracker.domain.errors import InvalidInput, TrackerError
from tracker.service.batch import LineResult, apply_lines
from tracker.service.context import Desk
from tracker.service.opening import init_database
from tracker.service.settings import set_rule

DEMO_DESK_TZ = "Europe/Kyiv"


def seeds_dir() -> Path:
    """Where the seed files are: inside the installed package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "seeds", here.parent / "seeds"):
        if (candidate / "claims.jsonl").is_file():
            return candidate
    raise TrackerError("cannot find the seed claims (seeds/claims.jsonl); pass --seeds DIR")


def week_shift(lines: list[str], now: datetime) -> timedelta:
    """Whole weeks to add so the last logged action lands within the week before `now`.

    Whole weeks keep weekdays true ("said on Thursday" stays a Thursday).
    """
    stamps = [stamp for line in lines if (stamp := _stamp(line)) is not None]
    if not stamps:
        return timedelta(0)
    latest = max(stamps)
    weeks = (now - latest) // timedelta(weeks=1)
    return timedelta(weeks=max(weeks, 0))


def _stamp(line: str) -> datetime | None:
    """A seed line's aware `at`, or None (a line without one is left for `apply` to judge)."""
    try:
        record = json.loads(line)
        at = datetime.fromisoformat(record["at"]) if isinstance(record, dict) else None
    except (ValueError, TypeError, KeyError, RecursionError):
        return None
    return at if at is not None and at.utcoffset() is not None else None


def build_demo(desk: Desk, seeds: Path | None = None) -> list[LineResult]:
    """Create (or upgrade) the schema, set the demo desk zone, and load the seed claims."""
    path = (seeds or seeds_dir()) / "claims.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InvalidInput(f"no seed file {path}: a seeds folder holds claims.jsonl (apply lines)") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidInput(f"cannot read {path}: {getattr(err, 'strerror', None) or err}") from None
    init_database(desk)
    set_rule(desk, "desk_tz", DEMO_DESK_TZ)
    results = list(apply_lines(desk, lines, shift=week_shift(lines, desk.now())))
    failed = [r for r in results if not r.ok]
    if failed:
        first = failed[0]
        raise TrackerError(f"seed line {first.line} failed: {first.error}")
    return results
