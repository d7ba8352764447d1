"""A search on PostgreSQL builds its query once per statement, not once per row it reads.

`tracker_search_query` (PL/pgSQL, STABLE) turns the terms into a tsquery. Called bare in the
WHERE clause of a page read in id order, PostgreSQL called it again for every claim_search row
the walk read: `list --search reuters` at 1M claims took 24 s (docs/performance.md, "PostgreSQL
at scale"). The server counts the calls (`track_functions`), so the test asks it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator

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
                                      "speaker": f"Minister {n}", "source": "Reuters"}) for n in range(CLAIMS))
        env = {**os.environ, "TRACKER_DB": url, "TRACKER_ACTOR": "pg-test", "NO_COLOR": "1"}
        env.pop("TRACKER_NOW", None)
        for args, stdin in ((["init"], None), (["apply", "-"], lines + "\n")):
            done = subprocess.run([sys.executable, "-m", "tracker", *args], input=stdin, capture_output=True,
                                  text=True, env=env, timeout=120)
            assert done.returncode == 0, done.stderr
        yield url
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _calls(url: str, words: str) -> tuple[int, list[int]]:
    """How often the server called tracker_search_query while `list --search WORDS` read a page; the ids."""
    import psycopg
    import sqlalchemy as sa

    from tracker.service.context import Desk
    from tracker.service.reading import ListQuery, list_page
    from tracker.store.engine import make_engine, resolve_url

    engine = make_engine(resolve_url(url))

    @sa.event.listens_for(engine, "connect")
    def _count_calls(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET track_functions = 'pl'")
        dbapi_connection.commit()

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_stat_reset()")
    page = list_page(Desk(engine, "pg-test"), ListQuery(search=words, sort="relevance", limit=50))
    engine.dispose()  # the backend reports its counts as it exits
    calls = 0
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(50):
            conn.execute("SELECT pg_stat_clear_snapshot()")
            row = conn.execute("SELECT calls FROM pg_stat_user_functions "
                               "WHERE funcname = 'tracker_search_query'").fetchone()
            if row is not None:
                calls = int(row[0])
                break
            time.sleep(0.1)
    return calls, [claim.id for claim in page.rows]


def test_a_search_page_builds_its_query_a_few_times_not_once_per_claim(db: str) -> None:
    # "reuters" is every claim's source and no claim's own words: the own-words part of the relevance
    # order reads every row and finds nothing, then the other part returns the page.
    calls, ids = _calls(db, "reuters")
    assert ids == list(range(CLAIMS, CLAIMS - 50, -1))
    assert 0 < calls <= 8, f"tracker_search_query ran {calls} times for one page over {CLAIMS} claims"


def test_a_word_in_the_claims_own_text_is_found_the_same_way(db: str) -> None:
    calls, ids = _calls(db, "bridges")
    assert ids == list(range(CLAIMS, CLAIMS - 50, -1))
    assert 0 < calls <= 8
