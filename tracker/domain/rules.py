"""The lifecycle rule table and the desk's rule settings.

The table is the single source of truth: the shared `transitions` Machine, the
guards, the CLI help, the TUI's offered keys and the diagram in docs/ are all
built from `RULES`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import timedelta
from typing import Any
from collections.abc import Callable

from tracker.domain import publishing
from tracker.domain.errors import InvalidInput
from tracker.domain.status import Status


@dataclass(frozen=True, slots=True)
class Rule:
    """One trigger: the states it may fire from, where it goes, and the guard it must pass."""

    trigger: str
    sources: tuple[Status, ...]
    dest: Status
    guard: str | None
    """Name of a guard in `tracker.domain.guards.GUARDS`, or None for no guard."""
    summary: str
    renews_deadline: bool = False
    """The trigger may take a new deadline (`--expires`), and renews a passed one."""


RULES: tuple[Rule, ...] = (
    Rule(
        "confirm",
        (Status.UNCONFIRMED,),
        Status.CONFIRMED,
        "enough_support",
        "supporting evidence from at least N distinct sources (the two-source rule)",
    ),
    Rule(
        "contradict",
        (Status.UNCONFIRMED, Status.CONFIRMED),
        Status.CONTRADICTED,
        "has_contradiction",
        "at least one contradicting evidence item",
    ),
    Rule(
        "expire",
        (Status.UNCONFIRMED, Status.CONFIRMED),
        Status.EXPIRED,
        "past_expiry",
        "expires_at is set and has passed",
    ),
    Rule(
        "reopen",
        (Status.CONFIRMED, Status.CONTRADICTED, Status.EXPIRED),
        Status.UNCONFIRMED,
        None,
        "none",
        renews_deadline=True,
    ),
)

TRIGGERS: tuple[str, ...] = tuple(rule.trigger for rule in RULES)
RULES_BY_TRIGGER: dict[str, Rule] = {rule.trigger: rule for rule in RULES}
SWEEP_TRIGGER = "expire"
"""The trigger the expiry sweep fires on every open claim whose deadline has passed."""
DEADLINE_STATUSES: tuple[Status, ...] = RULES_BY_TRIGGER[SWEEP_TRIGGER].sources
"""The statuses whose deadline still counts (those `expire` fires from): the due-soon view, the
sweep's plan and the report's due-soon and overdue sections select these."""


VERDICT_STATUSES: tuple[Status, ...] = tuple(dict.fromkeys(r.dest for r in RULES if not r.renews_deadline))
"""Where a claim stands once the desk has judged it (the destinations of every trigger but the one that
reopens): a duplicate linked to a primary standing there catches up with it."""


def catch_up_trigger(status: Status, target: Status) -> str | None:
    """The trigger that moves a claim from `status` to the verdict `target` (None: none does, or `target`
    is no verdict): what a newly linked duplicate fires to stand where its primary stands."""
    if target not in VERDICT_STATUSES or status == target:
        return None
    return next((r.trigger for r in RULES if r.dest == target and status in r.sources), None)


def machine_transitions() -> list[dict[str, object]]:
    """The rule table in the form `transitions` takes (one dict per trigger; the guard as condition)."""
    return [
        {
            "trigger": rule.trigger,
            "source": [s.value for s in rule.sources],
            "dest": rule.dest.value,
            "conditions": [rule.guard] if rule.guard else [],
        }
        for rule in RULES
    ]


def triggers_from(status: Status) -> tuple[str, ...]:
    """The triggers whose from-state rule allows firing from `status`, in table order."""
    return tuple(rule.trigger for rule in RULES if status in rule.sources)


def _parse_sources(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise InvalidInput(f"confirm_sources must be a whole number, not {text!r}") from None
    if not 1 <= value <= 20:
        raise InvalidInput(f"confirm_sources must be between 1 and 20, not {value}")
    return value


def _parse_window(text: str) -> timedelta:
    from tracker.domain.when import parse_duration

    return parse_duration(text)


def _parse_optional_window(text: str) -> timedelta | None:
    if text.strip().lower() in {"none", "off", "never", ""}:
        return None
    return _parse_window(text)


def _parse_threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(f"similar_threshold must be a number between 0 and 1, not {text!r}") from None
    if not 0 < value <= 1:
        raise InvalidInput(f"similar_threshold must be above 0 and at most 1, not {text}")
    return value


def _show_threshold(value: float) -> str:
    return f"{value:g}"


def _parse_zone(text: str) -> str:
    from tracker.domain.when import resolve_zone

    return str(resolve_zone(text).key)


def _show_window(value: timedelta | None) -> str:
    from tracker.domain.when import format_duration

    return "none" if value is None else format_duration(value)


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """Settings every editor and script sharing a database obeys; stored in the database."""

    confirm_sources: int = 2
    """Distinct supporting sources `confirm` needs."""
    default_expiry: timedelta | None = timedelta(days=7)
    """Deadline given to a new claim added without `--expires`; None gives no deadline."""
    stale_after: timedelta = timedelta(hours=24)
    """An unconfirmed claim with no activity for longer than this is stale."""
    due_soon: timedelta = timedelta(hours=24)
    """An open claim whose deadline is within this window is due soon."""
    desk_tz: str = "UTC"
    """IANA zone of the desk: times given without a zone, and the report's calendar day."""
    review_author: str = ""
    """The desk's organisation, the `author` of its published ClaimReviews ("" until set)."""
    review_author_url: str = ""
    """The organisation's home page (optional)."""
    review_url: str = ""
    """URL template of a published review, e.g. ``https://example.org/checks/{uuid}`` ("" until set)."""
    verdict_words: publishing.Pairs = publishing.DEFAULT_VERDICT_WORDS
    """The word published for each verdict (ClaimReview's ``alternateName``)."""
    rating_scale: tuple[int, int] = (1, 5)
    """Worst and best rating: a confirmed claim is rated the best, a contradicted one the worst."""
    speaker_kinds: publishing.Pairs = ()
    """Speakers whose kind (Person / Organization) overrides `publishing.speaker_kind`'s rule."""
    similar_threshold: float = 0.65
    """A new claim whose similarity score (docs/similarity.md) to an open or recent claim is at least
    this is reported as looking like it (`add` warns; `add --unique` refuses)."""

    def updated(self, key: str, text: str) -> RuleSettings:
        """Return a copy with `key` set from its text form; raise InvalidInput on a bad key or value."""
        if key not in SETTING_CODECS:
            known = ", ".join(SETTING_CODECS)
            raise InvalidInput(f"unknown rule setting {key!r} (known: {known})")
        parse, _ = SETTING_CODECS[key]
        return replace(self, **{key: parse(text)})

    def as_text(self) -> dict[str, str]:
        """Every setting in its text form, in declaration order."""
        return {f.name: SETTING_CODECS[f.name][1](getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_text(cls, stored: dict[str, str]) -> RuleSettings:
        """Build settings from stored text values; keys not stored keep their defaults."""
        settings = cls()
        for key, text in stored.items():
            if key in SETTING_CODECS:
                settings = settings.updated(key, text)
        return settings


SETTING_CODECS: dict[str, tuple[Callable[[str], Any], Callable[[Any], str]]] = {
    "confirm_sources": (_parse_sources, str),
    "default_expiry": (_parse_optional_window, _show_window),
    "stale_after": (_parse_window, _show_window),
    "due_soon": (_parse_window, _show_window),
    "desk_tz": (_parse_zone, str),
    "review_author": (publishing.parse_plain, str),
    "review_author_url": (publishing.parse_http_url, str),
    "review_url": (publishing.parse_review_url, str),
    "verdict_words": (publishing.parse_verdict_words, publishing.show_pairs),
    "rating_scale": (publishing.parse_rating_scale, publishing.show_rating_scale),
    "speaker_kinds": (publishing.parse_speaker_kinds, publishing.show_pairs),
    "similar_threshold": (_parse_threshold, _show_threshold),
}
"""How each setting is read from and written as text (`tracker rules set KEY VALUE`)."""
