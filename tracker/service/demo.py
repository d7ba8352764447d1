"""The demo: a fresh database built by extracting the seed article, then applying the desk's work.

The seeds folder holds the article (`article.txt`), how to read it (`intake.json`: publication time and
outlet), the desk's claims (`claims.jsonl`: for each extracted claim the desk logged, only what
extraction cannot supply, namely its uuid, tags, assignee, when and by whom it was logged, and a deadline
or said-time the desk set from outside the article; plus the claims extraction cannot propose at
all), and the desk's evidence and status changes (`evidence.jsonl`). Every timestamp is moved forward
by whole weeks so the story looks recent.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tracker.domain.errors import InvalidInput, TrackerError
from tracker.service.batch import LineResult, apply_lines
from tracker.service.context import Desk
from tracker.service.intake import Intake, add_line, extract_article
from tracker.service.opening import init_database
from tracker.service.settings import set_rule

DEMO_DESK_TZ = "Europe/Kyiv"
INTAKE_ACTOR = "intake"
"""Who logs the extracted claims the desk did not pick up itself."""


def seeds_dir() -> Path:
    """Where the seed files are: inside the installed package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "seeds", here.parent / "seeds"):
        if (candidate / "intake.json").is_file():
            return candidate
    raise TrackerError("cannot find the seed article (seeds/intake.json); pass --seeds DIR")


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


def _read_lines(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _find(intake: Intake, match: dict[str, str], taken: set[int]) -> int:
    speaker, contains = match["speaker"].lower(), match["contains"].lower()
    for index, proposal in enumerate(intake.proposals):
        if index not in taken and proposal.speaker.lower() == speaker and contains in proposal.statement.lower():
            return index
    raise TrackerError(f"seed claim {match['speaker']!r} / {match['contains']!r} matches no claim extracted "
                       "from the seed article")


def demo_lines(seeds: Path, now: datetime) -> list[str]:
    """The batch that builds the demo: extracted claims merged with the desk's own lines, in time order."""
    meta = json.loads((seeds / "intake.json").read_text(encoding="utf-8"))
    article = seeds / meta.get("article", "article.txt")
    intake = extract_article(article.read_bytes(), name=article.name, published=meta.get("published"),
                             source=meta.get("source"), now=now)
    published_at = intake.published.at.isoformat() if intake.published else now.isoformat()
    taken: set[int] = set()
    records: list[dict[str, Any]] = []
    for desk_line in _read_lines(seeds / "claims.jsonl"):
        if desk_line.get("action") == "add" and "match" in desk_line:
            index = _find(intake, desk_line["match"], taken)
            taken.add(index)
            extracted = add_line(intake, intake.proposals[index])
            own = {k: v for k, v in desk_line.items() if k != "match"}
            records.append({**extracted, **own})
        else:
            records.append(desk_line)
    for index, proposal in enumerate(intake.proposals):
        if index not in taken:
            records.append({**add_line(intake, proposal), "at": published_at, "actor": INTAKE_ACTOR})
    records.extend(_read_lines(seeds / "evidence.jsonl"))
    records.sort(key=lambda r: datetime.fromisoformat(r["at"]))  # stable: a claim's add before its evidence
    return [json.dumps(r, ensure_ascii=False) for r in records]


def build_demo(desk: Desk, seeds: Path | None = None) -> list[LineResult]:
    """Create (or upgrade) the schema, set the demo desk zone, extract the seed article and apply the desk's work.

    A seeds folder that lacks a file, or holds one that cannot be read, is bad input (exit 2), found
    before the database is touched.
    """
    folder = seeds or seeds_dir()
    try:
        lines = demo_lines(folder, desk.now())
    except FileNotFoundError as err:
        raise InvalidInput(f"no seed file {err.filename}: a seeds folder holds intake.json (naming the article), "
                           "claims.jsonl and evidence.jsonl") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidInput(f"cannot read the seeds in {folder}: {getattr(err, 'strerror', None) or err}") from None
    except (ValueError, KeyError, TypeError) as err:  # bad JSON, a line without "at", a wrong type
        raise InvalidInput(f"the seeds in {folder} cannot be read: {type(err).__name__}: {err}") from None
    init_database(desk)
    set_rule(desk, "desk_tz", DEMO_DESK_TZ)
    results = list(apply_lines(desk, lines, shift=week_shift(lines, desk.now())))
    failed = [r for r in results if not r.ok]
    if failed:
        first = failed[0]
        raise TrackerError(f"seed line {first.line} failed: {first.error}")
    return results
