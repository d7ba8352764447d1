"""PostgreSQL plans that must not grow with the desk (docs/performance.md, "PostgreSQL at scale").

* A search builds its tsquery once per statement, not once per row it reads. `tracker_search_query`
  (PL/pgSQL, STABLE) called bare in the WHERE clause of a page read in id order ran again for every
  claim_search row the walk read: `list --search reuters` at 1M claims took 24 s. The server counts
  the calls (`track_functions`), so the test asks it.
* An add looks its look-alikes up with the query and the normalised text built once, not per row.
* A list in an order a b-tree holds is read from the index, not sorted. `ORDER BY id DESC NULLS LAST`
  is not the order of a backward walk on PostgreSQL (DESC there means NULLS FIRST), so the default
  `list` read and sorted every claim for a page of 50. With sorting disabled for the session the
  planner still sorts when no index gives the order, so a plan without a Sort node proves it (an
  Incremental Sort, which orders only the ties of an index walk by id, is allowed).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.postgres import postgres_server

pytestmark = pytest.mark.postgres

CLAIMS = 120


@pytest.fixture(scope="module")
def db() -> Iterator[str]:
    import psycopg

    with postgres_server() as server:
        if server is None:
            pytest.skip("no PostgreSQL server: set TRACKER_TEST_PG_URL or install PostgreSQL (initdb)")
        admin = server.replace("postgresql+psycopg://", "postgresql://")
        name = f"tracker_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = admin.rsplit("/", 1)[0] + f"/{name}"
        lines = "\n".join(json.dumps({"action": "add", "text": f"The minister promised {n} new bridges by spring",
                                      "speaker": f"Minister {n}", "source": "Reuters",
                                      **({"expires_at": "+3d"} if n % 3 else {})}) for n in range(CLAIMS))
        env = {**os.environ, "TRACKER_DB": url, "TRACKER_ACTOR": "pg-test", "NO_COLOR": "1"}
        env.pop("TRACKER_NOW", None)
        for args, stdin in ((["init"], None), (["apply", "-"], lines + "\n")):
            done = subprocess.run([sys.executable, "-m", "tracker", *args], input=stdin, capture_output=True,
                                  text=True, env=env, timeout=120)
            assert done.returncode == 0, done.stderr
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("ANALYZE")
        yield url
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _engine(url: str, *settings: str) -> Any:
    import sqlalchemy as sa

    from tracker.store.engine import make_engine, resolve_url

    engine = make_engine(resolve_url(url))

    @sa.event.listens_for(engine, "connect")
    def _session_settings(dbapi_connection: Any, _record: object) -> None:
        with dbapi_connection.cursor() as cursor:
            for setting in settings:
                cursor.execute(setting)
        dbapi_connection.commit()

    return engine


def _calls(url: str, function: str, work: Any) -> tuple[int, Any]:
    """How often the server called `function` while `work(desk)` ran; what it returned."""
    import psycopg

    from tracker.service.context import Desk

    engine = _engine(url, "SET track_functions = 'all'")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_stat_reset()")
    result = work(Desk(engine, "pg-test"))
    engine.dispose()  # the backend reports its counts as it exits
    calls = 0
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(50):
            conn.execute("SELECT pg_stat_clear_snapshot()")
            row = conn.execute("SELECT calls FROM pg_stat_user_functions WHERE funcname = %s", (function,)).fetchone()
            if row is not None:
                calls = int(row[0])
                break
            time.sleep(0.1)
    return calls, result


def _search_calls(url: str, words: str) -> tuple[int, list[int]]:
    """How often the server called tracker_search_query while `list --search WORDS` read a page; the ids."""
    from tracker.service.reading import ListQuery, list_page

    query = ListQuery(search=words, sort="relevance", limit=50)
    calls, page = _calls(url, "tracker_search_query", lambda desk: list_page(desk, query))
    return calls, [claim.id for claim in page.rows]


def test_a_search_page_builds_its_query_a_few_times_not_once_per_claim(db: str) -> None:
    # "reuters" is every claim's source and no claim's own words: the own-words part of the relevance
    # order reads every row and finds nothing, then the other part returns the page.
    calls, ids = _search_calls(db, "reuters")
    assert ids == list(range(CLAIMS, CLAIMS - 50, -1))
    assert 0 < calls <= 8, f"tracker_search_query ran {calls} times for one page over {CLAIMS} claims"


def test_a_word_in_the_claims_own_text_is_found_the_same_way(db: str) -> None:
    calls, ids = _search_calls(db, "bridges")
    assert ids == list(range(CLAIMS, CLAIMS - 50, -1))
    assert 0 < calls <= 8


def test_an_add_looks_its_look_alikes_up_with_a_query_built_once(db: str) -> None:
    # Words no claim holds: the look-alike walk reads every claim of the index and finds nothing.
    from tracker.service.claims import ClaimDraft, add_claim

    draft = ClaimDraft(text="Xylophonic quorums deliberated overnight", speaker="Nobody Known")
    calls, view = _calls(db, "tracker_search_any", lambda desk: add_claim(desk, draft))
    assert view.id == CLAIMS + 1 and not view.similar
    assert 0 < calls <= 2, f"tracker_search_any ran {calls} times for one add beside {CLAIMS} claims"
    norm_calls, _ = _calls(db, "tracker_search_norm", lambda desk: add_claim(
        desk, ClaimDraft(text="Quorate xylophones deliberated at dawn", speaker="Nobody Else")))
    assert norm_calls <= 12, f"tracker_search_norm ran {norm_calls} times for one add beside {CLAIMS + 1} claims"


def _plans(url: str, read: Any) -> list[tuple[str, dict[str, Any]]]:
    """(statement, plan) of every claim SELECT `read(desk)` issues, planned with sorting disabled."""
    import sqlalchemy as sa

    from tracker.service.context import Desk

    engine = _engine(url, "SET enable_sort = off")
    captured: list[tuple[str, Any]] = []

    @sa.event.listens_for(engine, "before_cursor_execute")
    def _capture(conn: object, cursor: object, statement: str, parameters: Any, context: object,
                 executemany: bool) -> None:
        if "FROM claim" in statement and "ORDER BY" in statement and not statement.startswith("EXPLAIN"):
            captured.append((statement, parameters))

    rows = read(Desk(engine, "pg-test"))
    assert rows, "the read returned nothing: the plan would prove nothing"
    plans = []
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement, parameters in captured:
            cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
            plans.append((statement, cursor.fetchone()[0][0]["Plan"]))
    finally:
        raw.close()
    engine.dispose()
    return plans


def _kinds(plan: dict[str, Any]) -> list[str]:
    return [plan["Node Type"], *(kind for child in plan.get("Plans", ()) for kind in _kinds(child))]


@pytest.mark.parametrize("sort, descending, status", [
    ("id", True, None), ("id", False, None),  # the primary key
    ("id", True, "unconfirmed"), ("created", True, "unconfirmed"), ("created", False, "unconfirmed"),
    ("activity", False, "unconfirmed"), ("activity", True, "unconfirmed"),  # claim (status, ...) indexes
])
def test_a_list_in_an_indexed_order_reads_the_index_and_sorts_nothing(db: str, sort: str, descending: bool,
                                                                      status: str | None) -> None:
    from tracker.domain.status import Status
    from tracker.service.reading import ListQuery, list_page

    statuses = (Status(status),) if status else ()
    query = ListQuery(statuses=statuses, sort=sort, descending=descending, limit=20, hide_duplicates=True)
    plans = _plans(db, lambda desk: list_page(desk, query).rows)
    assert plans
    for statement, plan in plans:
        assert "Sort" not in _kinds(plan), f"{statement}\n{json.dumps(plan, indent=1)}"


def test_the_tui_reading_backward_from_the_end_sorts_nothing(db: str) -> None:
    from tracker.service.reading import END, ListQuery, window

    query = ListQuery(limit=20, hide_duplicates=True)
    plans = _plans(db, lambda desk: window(desk, query, END, before=20).rows)
    assert plans
    for statement, plan in plans:
        assert "Sort" not in _kinds(plan), f"{statement}\n{json.dumps(plan, indent=1)}"
