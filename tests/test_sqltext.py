"""The sqlite3 read path (tracker.store.lite) runs the Core queries' own SQL and returns what Core does.

* tracker/store/sqltext.py is exactly what `python -m tracker.store.gen_sqltext` writes from the
  Core definitions now (a changed query without a regenerated file fails here);
* a list query assembled from the generated skeletons and fragments is, text and parameters,
  what Core renders for the same filter (random filters);
* on a generated desk, both paths give the same views for show, history and list (random claims
  and filters), and a cold `show` / `history` / `list` / `export` / `rules` process never imports
  SQLAlchemy, pydantic or the tables.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.domain.status import Status
from tracker.service import reading
from tracker.service.context import Desk
from tracker.store import gen_sqltext, lite, queries
from tracker.store.engine import make_engine
from tracker.store.listing import SORT_COLUMNS, ClaimFilter, list_shape

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))
import generate

ROOT = Path(__file__).resolve().parent.parent
WORDS = ["putin", "pause", "ceasefire", "zelensk", "100%", "a_b", "back\\slash", '"black sea"', "kyiv", "x"]


def test_generated_module_is_what_core_renders_now() -> None:
    assert gen_sqltext.TARGET.read_text() == gen_sqltext.source(), \
        "tracker/store/sqltext.py is out of date: run python -m tracker.store.gen_sqltext"


ANCHOR = datetime.fromisoformat("2026-03-01T12:00:00+00:00")

filters = st.builds(
    ClaimFilter,
    statuses=st.lists(st.sampled_from(list(Status)), unique=True, max_size=4).map(tuple),
    tag=st.none() | st.sampled_from(generate.TAGS[:6] + ["NATO", "no-such-tag"]),
    assignee=st.none() | st.sampled_from(list(generate.EDITORS[:4]) + ["nobody"]),
    stale_before=st.none() | st.integers(-200, 0).map(lambda h: ANCHOR + timedelta(hours=h)),
    due_before=st.none() | st.integers(-200, 200).map(lambda h: ANCHOR + timedelta(hours=h)),
)
orders = st.tuples(st.sampled_from(sorted(SORT_COLUMNS)), st.booleans())


@settings(max_examples=150, deadline=None)
@given(flt=filters, order=orders)
def test_assembled_list_text_is_what_core_renders(flt: ClaimFilter, order: tuple[str, bool]) -> None:
    sort, descending = order
    text, params = lite.list_sql(flt, sort, descending)
    statement = queries.list_statement(list_shape(flt, sort, descending), bound=True)
    assert text == gen_sqltext.render(statement)
    compiled = statement.compile(dialect=gen_sqltext.DIALECT)
    expected = {k: v for k, v in compiled.params.items() if k not in ("limit", "offset")}
    assert params == expected


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, datetime]:
    path = tmp_path_factory.mktemp("lite") / "desk.db"
    info = generate.generate(path, 1500, seed=11)
    return path, datetime.fromisoformat(info["anchor"])


def _desks(path: Path, at: datetime) -> tuple[Desk, Desk]:
    """The same database as a desk opened by URL (sqlite3 reads) and as one given an engine (Core)."""
    url = f"sqlite:///{path}"
    lite_desk = Desk(None, "t", lambda: at, where=str(path), url=url)
    core_desk = Desk(make_engine(url), "t", lambda: at, where=str(path))
    assert lite_desk.lite_file() == path and core_desk.lite_file() is None
    return lite_desk, core_desk


queries_ = st.builds(
    reading.ListQuery,
    statuses=st.lists(st.sampled_from(list(Status)), unique=True, max_size=3).map(tuple),
    tag=st.none() | st.sampled_from(generate.TAGS[:5]),
    assignee=st.none() | st.sampled_from(list(generate.EDITORS[:3])),
    search=st.none() | st.lists(st.sampled_from(WORDS), min_size=1, max_size=2).map(" ".join),
    stale=st.booleans(),
    due_soon=st.booleans(),
    sort=st.sampled_from(sorted(SORT_COLUMNS)),
    descending=st.booleans(),
    limit=st.integers(1, 120),
    offset=st.integers(0, 60),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=queries_, hours=st.integers(-72, 24))
def test_both_paths_list_the_same_claims(generated: tuple[Path, datetime], query: reading.ListQuery,
                                         hours: int) -> None:
    path, anchor = generated
    fast, core = _desks(path, anchor + timedelta(hours=hours))
    assert reading.list_claims(fast, query) == reading.list_claims(core, query)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claim=st.integers(1, 1500), by_uuid=st.booleans())
def test_both_paths_show_the_same_claim_and_history(generated: tuple[Path, datetime], claim: int,
                                                    by_uuid: bool) -> None:
    path, anchor = generated
    fast, core = _desks(path, anchor)
    ref: int | str = reading.show(core, claim).uuid if by_uuid else claim
    assert reading.show(fast, ref) == reading.show(core, ref)
    assert reading.history(fast, ref) == reading.history(core, ref)


def test_both_paths_refuse_a_missing_claim_alike(generated: tuple[Path, datetime]) -> None:
    path, anchor = generated
    for desk in _desks(path, anchor):
        with pytest.raises(Exception) as caught:
            reading.show(desk, 999_999)
        assert caught.value.args == ("no claim 999999",) or str(caught.value) == "no claim 999999"


@pytest.mark.parametrize("args", [["show", "7"], ["history", "7", "--json"], ["list", "--limit", "50"],
                                  ["list", "--stale", "--tag", "nato", "--assignee", "anna.k"],
                                  ["list", "--due-soon", "--json"], ["export"], ["rules"]])
def test_cold_reads_import_no_sqlalchemy(generated: tuple[Path, datetime], args: list[str]) -> None:
    path, _ = generated
    code = (
        "import sys\n"
        "from tracker.cli.main import main\n"
        f"code = main(['--db', {str(path)!r}, *{args!r}])\n"
        "heavy = sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic', 'tracker.store.tables') if m in sys.modules)\n"
        "print(code, heavy, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stderr.strip().splitlines()[-1] == "0 []", done.stderr


def test_both_paths_read_the_same_rule_settings_and_who_set_them(generated: tuple[Path, datetime]) -> None:
    from tracker.service.settings import rules_with_changes

    path, anchor = generated
    fast, core = _desks(path, anchor)
    found = rules_with_changes(fast)
    assert found == rules_with_changes(core)
    assert found[1]["desk_tz"].by == "chris.l"  # the generator's one setting, with its author
