"""Short human forms for the table and the detail pane: ages, deadlines, statuses, times in zones."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from rich.text import Text

from tracker.domain.status import EXPIRABLE, Status
from tracker.domain.when.show import plain_stamp, said_stamp
from tracker.service.views import ClaimView
from tracker.tui.safe import clean

STATUS_STYLE: dict[Status, str] = {
    Status.UNCONFIRMED: "bold yellow",
    Status.CONFIRMED: "bold green",
    Status.CONTRADICTED: "bold red",
    Status.EXPIRED: "dim",
}

STANCE_STYLE: dict[str, str] = {"supports": "green", "contradicts": "red", "context": "cyan"}
STANCE_MARK: dict[str, str] = {"supports": "+", "contradicts": "−", "context": "·"}


def span(delta: timedelta) -> str:
    """The largest one or two units of a duration: ``45m``, ``3h``, ``2d 4h``, ``5w``."""
    minutes = int(abs(delta).total_seconds() // 60)
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h" if hours >= 10 or not minutes else f"{hours}h {minutes}m"
    days, hours = divmod(hours, 24)
    if days < 14:
        return f"{days}d" if days >= 3 or not hours else f"{days}d {hours}h"
    return f"{days // 7}w"


def age(claim: ClaimView, now: datetime) -> Text:
    """How long ago the claim was logged."""
    return Text(span(now - claim.created_at), style="dim" if claim.status is Status.EXPIRED else "")


def time_left(claim: ClaimView, now: datetime, due_soon: timedelta) -> Text:
    """Time to the deadline of an open claim: red when overdue, yellow when due soon."""
    if claim.expires_at is None or claim.status not in EXPIRABLE:
        return Text("—", style="dim")
    left = claim.expires_at - now
    if left <= timedelta(0):
        return Text(f"over {span(left)}", style="bold red")
    return Text(span(left), style="yellow" if left <= due_soon else "")


def stance_counts(claim: ClaimView) -> Text:
    """``+2 −1`` (supporting / contradicting), with context items as ``·1``."""
    text = Text()
    for stance in ("supports", "contradicts", "context"):
        count = claim.stances.get(stance, 0)
        if count or stance != "context":
            if text:
                text.append(" ")
            text.append(f"{STANCE_MARK[stance]}{count}", style=STANCE_STYLE[stance] if count else "dim")
    return text


def support(claim: ClaimView, distinct: int, need: int) -> Text:
    """``1/2 −0 ·3``: distinct supporting sources of the `need` the two-source rule asks, then the
    contradicting items, and context items when there are any.

    Distinct sources, not items: two supporting items from one outlet count once, as they do for `confirm`.
    """
    style = "bold green" if distinct >= need else ("yellow" if distinct else "dim")
    text = Text(f"{distinct}/{need}", style=style)
    against = claim.stances.get("contradicts", 0)
    text.append(f" {STANCE_MARK['contradicts']}{against}", style=STANCE_STYLE["contradicts"] if against else "dim")
    context = claim.stances.get("context", 0)
    if context:
        text.append(f" {STANCE_MARK['context']}{context}", style=STANCE_STYLE["context"])
    return text


def deadline_phrase(claim: ClaimView, now: datetime, due_soon: timedelta) -> Text:
    """``5d left``, ``overdue by 2h 41m``: the time to an open claim's deadline, in words."""
    if claim.expires_at is None or claim.status not in EXPIRABLE:
        return Text("")
    left = claim.expires_at - now
    if left <= timedelta(0):
        return Text(f"overdue by {span(left)}", style="bold red")
    return Text(f"{span(left)} left", style="yellow" if left <= due_soon else "")


def status(value: Status) -> Text:
    """The status word in its colour."""
    return Text(value.value, style=STATUS_STYLE[value])


def stamp(at: datetime | None, zone: str) -> str:
    """``Thu 2026-01-29 14:00 EET`` on the wall clock of `zone`, or ``—`` (the CLI's reading)."""
    return plain_stamp(at, zone, empty="—")


def said(claim: ClaimView, desk_tz: str, now: datetime) -> Text:
    """When the claim was said, with its reported zone, never more precise than it was given:
    ``Thu 29 Jan 18:30 EET (11:30 Washington time)``, ``late Wed 28 Jan, Washington time``."""
    if claim.said_at is None:
        return Text("not given", style="dim")
    shown = said_stamp(claim.said_at, claim.said_tz, desk_tz, precision=getattr(claim, "said_precision", None),
                       phrase=getattr(claim, "said_phrase", None), ref=now)
    return Text(clean(shown, one_line=True))


def ago(claim: ClaimView, sort: str, now: datetime) -> Text:
    """Time since the moment the list is sorted by: last activity, when it was said, else when it was logged."""
    at = {"activity": claim.last_activity_at, "said": claim.said_at}.get(sort, claim.created_at)
    if at is None:
        return Text("—", style="dim")
    return Text(span(now - at), style="dim" if claim.status is Status.EXPIRED else "")


ISO_TIME = re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})")
"""An ISO 8601 instant with its offset, as the rules' and the service's messages write times."""


def local_times(text: str, desk_tz: str) -> str:
    """`text` with each ISO instant in it said on the desk's clock, with its weekday and zone:
    ``claim 5 expires at 2026-12-03T16:30:00+00:00`` -> ``claim 5 expires at Thu 2026-12-03 18:30 EET``."""
    def local(match: re.Match[str]) -> str:
        try:
            at = datetime.fromisoformat(match.group(0).replace("Z", "+00:00"))
        except ValueError:
            return match.group(0)
        return stamp(at, desk_tz)

    return ISO_TIME.sub(local, text)
