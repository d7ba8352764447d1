"""The expiry sweep: fire the sweep trigger (`expire`) on every open claim whose deadline has passed.

How it stays right while editors work:

1. **Plan.** One read transaction selects every open (unconfirmed or confirmed) claim with
   ``expires_at <= now``, remembering the status and version each had.
2. **Chunks.** The plan runs in chunks of `CHUNK` claims, each chunk one short write
   transaction, so an editor's change never waits long for the lock.
3. **Re-read.** Inside the chunk's transaction (which holds the write lock, and reads its clock
   under it) every claim is read again. A claim whose status or version changed since the plan,
   or that has gone, is *skipped and reported*, never overwritten: the editor's change wins, and
   the next sweep looks at it afresh.
4. **Rules.** Each remaining claim goes through the shared lifecycle Machine, bound once per
   chunk (`tracker.domain.lifecycle.bound`), by the same planner `tracker expire` uses
   (`tracker.service.moves.plan_trigger`); a refusal is a skip with the rule's own message.
5. **Write.** Each expiry is one event through the one write path, the chunk's expiries written
   together (`Step.write_all`: one executemany per statement, the hash chain in order); should that
   fail, it is undone and each expiry is written in its own savepoint, so a failure skips that claim only.

A second run finds nothing to do: the sweep is idempotent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from tracker.domain import lifecycle
from tracker.domain.errors import Refused, TrackerError
from tracker.domain.events import Change
from tracker.domain.guards import ClaimFacts
from tracker.domain.rules import RULES_BY_TRIGGER, SWEEP_TRIGGER, RuleSettings
from tracker.domain.status import Status
from tracker.service.context import Desk, unit
from tracker.service.moves import plan_trigger
from tracker.service.step import Step, in_order
from tracker.store import digest, links, queries
from tracker.store.writer import ClaimState

TRIGGER = SWEEP_TRIGGER
ACTOR = "system"
"""Who the history records as having expired a claim."""
CHUNK = 1000
"""Claims per write transaction: a chunk holds the write lock for ~0.1-0.2 s (docs/report.md, Performance)."""
_DEADLINE_ONLY_GUARDS = {None, "past_expiry"}


@dataclass(frozen=True, slots=True)
class Expired:
    """A claim the sweep expired (or, in a dry run, would expire)."""

    id: int
    from_status: Status
    expires_at: datetime
    version: int
    """The claim's version after the sweep (before it, in a dry run)."""
    reason: str

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object (docs/report.md)."""
        return {
            "id": self.id,
            "from": self.from_status.value,
            "expires_at": self.expires_at.isoformat(timespec="seconds"),
            "version": self.version,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Skipped:
    """A selected claim the sweep left alone, and why."""

    id: int
    reason: str

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object (docs/report.md)."""
        return {"id": self.id, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class SweepResult:
    """What one sweep did."""

    now: datetime
    dry_run: bool
    expired: tuple[Expired, ...]
    skipped: tuple[Skipped, ...]
    expired_total: int | None = None
    """How many claims a dry-run preview would expire in all, when `expired` lists only the first
    of them (`sweep(..., preview=N)`); None when `expired` is complete."""

    @property
    def count(self) -> int:
        """How many claims were (or would be) expired."""
        return len(self.expired) if self.expired_total is None else self.expired_total

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object (docs/report.md)."""
        return {
            "now": self.now.isoformat(timespec="seconds"),
            "dry_run": self.dry_run,
            "expired_count": self.count,
            "skipped_count": len(self.skipped),
            "expired": [e.to_json() for e in self.expired],
            "skipped": [s.to_json() for s in self.skipped],
        }


def deadline_reason(expires_at: datetime) -> str:
    """The history reason of a sweep expiry: ``deadline 2026-02-05 16:30 UTC passed`` (seconds when not 0)."""
    at = expires_at.astimezone(UTC)
    stamp = at.isoformat(sep=" ", timespec="seconds")[: 19 if at.second else 16]
    return f"deadline {stamp} UTC passed"


def plan(desk: Desk, now: datetime) -> list[ClaimState]:
    """Every open claim whose deadline is at or before `now`, as it stands, in id order (one read
    transaction; chunks of neighbouring ids write neighbouring pages: docs/performance.md). A claim
    linked as a duplicate is left out: it follows its primary (expired with it, an event naming it)."""
    with unit(desk, write=False) as session:
        return [s for s in digest.overdue_states(session, now, by_id=True) if s.duplicate_of is None]


def sweep(desk: Desk, *, dry_run: bool = False, chunk: int = CHUNK,
          on_planned: Callable[[list[ClaimState]], None] | None = None,
          preview: int | None = None,
          on_progress: Callable[[int, int], None] | None = None) -> SweepResult:
    """Expire every open claim whose deadline has passed at the desk's `now`.

    `on_planned` is called with the plan before any chunk runs (tests use it to race an editor);
    `on_progress(done, total)` after each chunk (the CLI's progress line).
    A dry run reports what would be expired and writes nothing; with `preview=N` it lists only
    the first N (earliest deadline first) and counts the rest in SQL (`SweepResult.expired_total`),
    so a dry run on 219k overdue claims reads 50 rows, not 219k.
    """
    now = desk.now()
    if dry_run and preview is not None and _deadline_only():
        return _preview(desk, now, preview)
    todo = plan(desk, now)
    if on_planned is not None:
        on_planned(todo)
    if dry_run:
        with unit(desk, write=False) as session:
            settings = Step.open(session, desk, write=False).settings
        return _dry(now, todo, settings)
    expired: list[Expired] = []
    skipped: list[Skipped] = []
    for start in range(0, len(todo), chunk):
        done, left = _run_chunk(desk, now, todo[start:start + chunk])
        expired += done
        skipped += left
        if on_progress is not None:
            on_progress(len(expired) + len(skipped), len(todo))
    if len(todo) > chunk:
        with unit(desk, write=False) as session:
            queries.bulk_writes(session, done=True)
    return SweepResult(now, False, _by_deadline(expired), tuple(skipped))


def _by_deadline(expired: list[Expired]) -> tuple[Expired, ...]:
    """Expiries as reported: earliest deadline first, ties by id (they are planned in id order)."""
    return tuple(sorted(expired, key=lambda e: (e.expires_at, e.id)))


def _dry(now: datetime, todo: list[ClaimState], settings: RuleSettings) -> SweepResult:
    expired: list[Expired] = []
    skipped: list[Skipped] = []
    for state in todo:
        refusal = lifecycle.check(TRIGGER, _facts(state, now), settings) if _deadline_only() else None
        if refusal:
            skipped.append(Skipped(state.id, f"refused: {refusal}"))
        else:
            assert state.expires_at is not None
            expired.append(Expired(state.id, state.status, state.expires_at, state.version,
                                   deadline_reason(state.expires_at)))
    return SweepResult(now, True, _by_deadline(expired), tuple(skipped))


def _preview(desk: Desk, now: datetime, limit: int) -> SweepResult:
    """A dry run that lists the first `limit` claims due and counts all of them, in one read.

    Only when the `expire` guard reads nothing but the deadline: every open claim the plan selects
    then passes it, so the count is exactly what a sweep would expire (a claim the rules refused
    would be listed as skipped and left out of the count)."""
    with unit(desk, write=False) as session:
        settings = Step.open(session, desk, write=False).settings
        total = digest.count_deadline(session, None, now, inclusive=True) - links.overdue_duplicates(session, now)
        first = [s for s in digest.overdue_states(session, now, limit=limit) if s.duplicate_of is None]
    listed = _dry(now, first, settings)
    return replace(listed, expired_total=total - len(listed.skipped))


def _deadline_only() -> bool:
    return RULES_BY_TRIGGER[TRIGGER].guard in _DEADLINE_ONLY_GUARDS


def _facts(state: ClaimState, now: datetime) -> ClaimFacts:
    return ClaimFacts(
        claim_id=state.id, status=state.status, supporting_sources=frozenset(), contradictions=0,
        expires_at=state.expires_at, now=now,
    )


def _changed(planned: ClaimState, current: ClaimState | None) -> str | None:
    if current is None:
        return "changed since selected: the claim is gone"
    if current.version != planned.version or current.status != planned.status:
        return (
            f"changed since selected: was {planned.status.value} v{planned.version}, "
            f"now {current.status.value} v{current.version}"
        )
    return None


def _run_chunk(desk: Desk, now: datetime, chunk: Sequence[ClaimState]) -> tuple[list[Expired], list[Skipped]]:
    """One write transaction: re-read the chunk's claims, decide each through the rules, and write
    the expiries, one event each, through the one write path in one batch (`Step.write_all`: one
    executemany per statement, the hash chain in order). Should the batch fail as a whole, it is
    undone and every expiry is written alone in its own savepoint, so one bad claim skips only itself."""
    skipped: list[Skipped] = []
    with unit(desk, write=True) as session:
        if len(chunk) > 1:
            queries.bulk_writes(session)
        opened = Step.open(session, desk)
        at = max(now, opened.now)  # the clock read under the write lock; never before the plan's
        with lifecycle.bound(opened.settings) as machine:
            step = replace(opened, now=at, actor=ACTOR, machine=machine)
            current = step.writer.states([planned.id for planned in chunk])
            todo: list[tuple[ClaimState, str, Change]] = []
            for planned in chunk:
                state = current.get(planned.id)
                why = _changed(planned, state)
                if why is not None or state is None:
                    skipped.append(Skipped(planned.id, why or "changed since selected"))
                    continue
                if state.expires_at is None:
                    skipped.append(Skipped(planned.id, "no longer qualifies: the claim has no deadline"))
                    continue
                reason = deadline_reason(state.expires_at)
                facts = _facts(state, step.now) if _deadline_only() else None
                try:
                    in_order(state, step.now)
                    todo.append((state, reason, plan_trigger(step, state.id, TRIGGER, reason, claim=state,
                                                             facts=facts)))
                except Refused as err:
                    skipped.append(Skipped(state.id, f"refused: {err.message}"))
                except TrackerError as err:
                    skipped.append(Skipped(state.id, err.message))
            try:
                with step.writer.savepoint():
                    stamps = step.write_all([change for _, _, change in todo])
            except TrackerError:
                return _one_by_one(step, todo, skipped)
    expired = [row for (state, reason, change), stamp in zip(todo, stamps, strict=True) if state.expires_at is not None
               for row in _expired(state, reason, change, stamp.version)]
    return expired, skipped


def _expired(state: ClaimState, reason: str, change: Change, version: int) -> list[Expired]:
    """The expiry of one planned claim, and those of its duplicates that followed it (`Change.then`)."""
    assert state.expires_at is not None
    found = [Expired(state.id, state.status, state.expires_at, version, reason)]
    for duplicate in change.then:
        assert duplicate.claim_id is not None and duplicate.version is not None
        found.append(Expired(duplicate.claim_id, Status(duplicate.from_status or state.status), state.expires_at,
                             duplicate.version + 1, duplicate.reason or reason))
    return found


def _one_by_one(step: Step, todo: list[tuple[ClaimState, str, Change]],
                skipped: list[Skipped]) -> tuple[list[Expired], list[Skipped]]:
    """The chunk's expiries written one at a time, each in its own savepoint (a failure skips that claim)."""
    expired: list[Expired] = []
    for state, reason, change in todo:
        try:
            with step.writer.savepoint():
                stamp = step.write(change)
        except TrackerError as err:
            skipped.append(Skipped(state.id, err.message))
            continue
        assert stamp is not None and state.expires_at is not None
        expired += _expired(state, reason, change, stamp.version)
    return expired, skipped
