"""Random workloads of every kind of change, then export -> replay into an empty database -> equal, and
re-apply -> nothing changes; on SQLite and on PostgreSQL (hypothesis stateful).

Every action runs through the service use cases (what the CLI and the TUI call): add (with said times in
the America/New_York DST fold), edit, evidence, assign (sometimes to the current assignee), every trigger
with and without override (a primary's moving its duplicates), reopen with a new deadline, link and unlink
of duplicates (self-links and cycles refused), the sweep, and rule changes. The clock moves
forward by 0 s to 2 h between actions.
"""

from __future__ import annotations

import json
import tempfile
import uuid as uuidlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from tests.support.postgres import postgres_server
from tracker.domain.errors import TrackerError
from tracker.domain.rules import TRIGGERS
from tracker.service import claims as usecases
from tracker.service.asof import list_as_of, show_as_of
from tracker.service.batch import apply_lines
from tracker.service.context import Desk
from tracker.service.duplicates import link_duplicate, unlink_duplicate
from tracker.service.export import export_text
from tracker.service.moves import apply_trigger
from tracker.service.reading import ListQuery, history, list_claims, show
from tracker.service.settings import rules, set_rule
from tracker.service.sweep import sweep
from tracker.service.verify import verify
from tracker.store.engine import make_engine, resolve_url
from tracker.store.migrations import upgrade

FOLD = ["2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-01 01:30 America/New_York",
        "2026-11-01T05:59:59Z", "2026-03-08 02:30 America/New_York", None]
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), min_size=1, max_size=30).filter(
    lambda t: t.strip() != "")
names = st.sampled_from(["olena", "marcus", "priya", "Кирило", None])
tags = st.lists(st.sampled_from(["kyiv", "ceasefire", "eu", "energy"]), max_size=3)
steps = st.integers(min_value=0, max_value=7200)

PG_URL: str | None = None
"""Set by the PostgreSQL test's fixture: the server new databases are made on."""


def _sqlite_url() -> str:
    return resolve_url(str(Path(tempfile.mkdtemp(prefix="tracker-prop-")) / "t.db"))


def _pg_url() -> str:
    import psycopg

    assert PG_URL is not None
    name = f"prop_{uuidlib.uuid4().hex[:10]}"
    admin = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return resolve_url(admin.rsplit("/", 1)[0] + f"/{name}")


def _without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k not in ("id", "claim_id", "evidence_id")}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def snapshot(desk: Desk) -> dict[str, Any]:
    """Every claim's show and history JSON by uuid (local ids left out), and the rule settings."""
    found: dict[str, Any] = {"settings": rules(desk).as_text()}
    for row in list_claims(desk, ListQuery(limit=100_000, sort="id", descending=False)):
        claim, events = history(desk, row.id)
        found[row.uuid] = _without_ids({"show": show(desk, row.id).to_json(), "history": [e.to_json() for e in events]})
        assert claim.uuid == row.uuid
    return found


class Workload(RuleBasedStateMachine):
    """A desk under a random workload; teardown checks the round trip."""

    url_factory = staticmethod(_sqlite_url)

    def __init__(self) -> None:
        super().__init__()
        self.now = datetime(2026, 10, 31, 12, 0, tzinfo=UTC)
        self.desk = self._desk()
        self.claims: list[int] = []

    def _desk(self) -> Desk:
        engine = make_engine(self.url_factory())
        upgrade(engine)
        return Desk(engine, "ed", clock=lambda: self.now, where="prop")

    def _act(self, seconds: int, run: Any) -> None:
        self.now += timedelta(seconds=seconds)
        try:
            run()
        except TrackerError:
            pass  # refused or bad input: it changed nothing (the round trip checks that too)

    @initialize()
    def desk_zone(self) -> None:
        set_rule(self.desk, "desk_tz", "America/New_York")

    @rule(text=texts, speaker=texts, said=st.sampled_from(FOLD), expires=st.sampled_from([None, "never", "+1d", "+3h"]),
          tagged=tags, assignee=names, wait=steps)
    def add(self, text: str, speaker: str, said: str | None, expires: str | None, tagged: list[str],
            assignee: str | None, wait: int) -> None:
        def run() -> None:
            draft = usecases.ClaimDraft(text=text, speaker=speaker, said_at=said, expires_at=expires, tags=tagged,
                                        assignee=assignee, source="AP")
            self.claims.append(add_claim(self.desk, draft))

        self._act(wait, run)

    @precondition(lambda self: self.claims)
    @rule(data=st.data(), text=st.none() | texts, said=st.sampled_from([*FOLD, usecases.UNSET]),
          expires=st.sampled_from([usecases.UNSET, "never", "+2d"]), tagged=tags, untagged=tags, wait=steps)
    def edit(self, data: st.DataObject, text: str | None, said: object, expires: object, tagged: list[str],
             untagged: list[str], wait: int) -> None:
        claim = data.draw(st.sampled_from(self.claims))
        change = usecases.ClaimEdit(text=usecases.UNSET if text is None else text, said_at=said, expires_at=expires,
                                    add_tags=tuple(tagged), remove_tags=tuple(t for t in untagged if t not in tagged))
        self._act(wait, lambda: usecases.edit_claim(self.desk, claim, change, "random edit"))

    @precondition(lambda self: self.claims)
    @rule(data=st.data(), stance=st.sampled_from(["supports", "contradicts", "context"]),
          source=st.sampled_from(["AP", "Reuters", "the BBC", "BBC"]), note=st.none() | texts, wait=steps)
    def evidence(self, data: st.DataObject, stance: str, source: str, note: str | None, wait: int) -> None:
        claim = data.draw(st.sampled_from(self.claims))
        self._act(wait, lambda: usecases.add_evidence(self.desk, claim, usecases.EvidenceDraft(stance, source,
                                                                                               note=note)))

    @precondition(lambda self: self.claims)
    @rule(data=st.data(), assignee=names, wait=steps)
    def assign(self, data: st.DataObject, assignee: str | None, wait: int) -> None:
        claim = data.draw(st.sampled_from(self.claims))
        self._act(wait, lambda: usecases.assign(self.desk, claim, assignee))

    @precondition(lambda self: self.claims)
    @rule(data=st.data(), trigger=st.sampled_from(TRIGGERS), override=st.booleans(),
          expires=st.sampled_from([None, "+2d", "never"]), wait=steps)
    def move(self, data: st.DataObject, trigger: str, override: bool, expires: str | None, wait: int) -> None:
        claim = data.draw(st.sampled_from(self.claims))
        deadline = expires if trigger == "reopen" else None
        self._act(wait, lambda: apply_trigger(self.desk, claim, trigger, f"random {trigger}", override=override,
                                              expires=deadline))

    @precondition(lambda self: len(self.claims) >= 2)
    @rule(data=st.data(), wait=steps)
    def link(self, data: st.DataObject, wait: int) -> None:
        claim, primary = data.draw(st.sampled_from(self.claims)), data.draw(st.sampled_from(self.claims))
        self._act(wait, lambda: link_duplicate(self.desk, claim, primary, "random link"))

    @precondition(lambda self: self.claims)
    @rule(data=st.data(), wait=steps)
    def unlink(self, data: st.DataObject, wait: int) -> None:
        claim = data.draw(st.sampled_from(self.claims))
        self._act(wait, lambda: unlink_duplicate(self.desk, claim, "random unlink"))

    @rule(hours=st.integers(min_value=0, max_value=400))
    def run_sweep(self, hours: int) -> None:
        self._act(hours * 3600, lambda: sweep(self.desk))

    @rule(value=st.sampled_from(["1", "2", "3"]), wait=steps)
    def confirm_sources(self, value: str, wait: int) -> None:
        self._act(wait, lambda: set_rule(self.desk, "confirm_sources", value))

    def teardown(self) -> None:
        try:
            exported = list(export_text(self.desk))
            replica = self._desk()
            first = list(apply_lines(replica, exported))
            assert all(r.ok for r in first), [r.to_json() for r in first if not r.ok][:3]
            expected = snapshot(self.desk)
            assert snapshot(replica) == expected
            assert list(export_text(replica))[1:] == exported[1:]  # same events, same chain
            again = list(apply_lines(replica, exported))
            assert all(r.ok and (r.note == "already_applied" or r.action == "header") for r in again)
            assert snapshot(replica) == expected
            assert verify(self.desk).ok and verify(replica).ok
            replica.engine.dispose()
            self._check_as_of(exported)
        finally:
            self.desk.engine.dispose()


    def _check_as_of(self, exported: list[str]) -> None:
        """The desk as of an instant equals a desk built from only the events up to that instant."""
        events = [json.loads(line) for line in exported[1:]]
        if not events:
            return
        at = datetime.fromisoformat(events[len(events) // 2]["at"])
        earlier = self._desk()
        lines = [line for line, e in zip(exported[1:], events, strict=True) if datetime.fromisoformat(e["at"]) <= at]
        assert all(r.ok for r in apply_lines(earlier, lines))
        query = ListQuery(limit=100_000, sort="id", descending=False)
        then = {v.uuid: _without_ids(v.to_json(with_evidence=False)) for v in list_as_of(self.desk, query, at).rows}
        built = {v.uuid: _without_ids(v.to_json(with_evidence=False)) for v in list_claims(earlier, query)}
        assert then == built
        for view in list_claims(earlier, query)[:3]:
            assert _without_ids(show_as_of(self.desk, view.uuid, at).to_json()) == _without_ids(
                show(earlier, view.id).to_json())
        earlier.engine.dispose()


def add_claim(desk: Desk, draft: usecases.ClaimDraft) -> int:
    return usecases.add_claim(desk, draft).id


class PostgresWorkload(Workload):
    url_factory = staticmethod(_pg_url)


TestSqliteReplay = Workload.TestCase
TestSqliteReplay.settings = settings(max_examples=12, stateful_step_count=25, deadline=None,
                                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@pytest.fixture(scope="module")
def pg_server() -> Iterator[str]:
    global PG_URL
    with postgres_server() as url:
        if url is None:
            pytest.skip("no PostgreSQL server: set TRACKER_TEST_PG_URL or install PostgreSQL (initdb)")
        PG_URL = url
        yield url
        PG_URL = None


@pytest.mark.postgres
@pytest.mark.usefixtures("pg_server")
class TestPostgresReplay(PostgresWorkload.TestCase):  # type: ignore[misc,valid-type]
    settings = settings(max_examples=4, stateful_step_count=20, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
