"""A single change on a plain SQLite file runs on sqlite3 alone (tracker.store.lite.change) and stores
exactly what the same change stores through a Session.

* random sequences of changes (add, evidence, assign, edit, each trigger, with and without
  --if-version), applied once through a desk opened by URL (sqlite3) and once through a desk given
  an engine (SQLAlchemy), with the same clock and the same uuids, leave byte-identical tables
  (claims, tags, evidence, events with their hash chain, the chain head) and return equal views,
  or fail alike (same error class and message);
* a cold `confirm` / `evidence` / `assign` / `edit` / `add` / `reopen` process imports no SQLAlchemy,
  pydantic or tables module, and its result passes `tracker verify`;
* errors keep their exit codes and one line on that path: no such claim (3), a stale version (5),
  a refusal by the rules (4), a database another writer holds locked (5); nothing is written. (A
  read-only file: tests/test_clean_errors.py, through the CLI, so on this path too.)
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.domain.errors import TrackerError
from tracker.service import claims, moves
from tracker.service.context import Desk
from tracker.store.engine import make_engine

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))
import generate

ROOT = Path(__file__).resolve().parent.parent
SIZE = 300
TABLES = ("claim", "claim_tag", "evidence", "event", "event_head", "setting")


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, datetime]:
    path = tmp_path_factory.mktemp("lite_writes") / "seed.db"
    info = generate.generate(path, SIZE, seed=3)
    return path, datetime.fromisoformat(info["anchor"])


def _copy(src: Path, dest: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dest}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(src, dest)
    return dest


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}
    finally:
        con.close()


@pytest.fixture
def same_uuids(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """`reset(seed)`: from now on uuid4() gives the same sequence for the same seed."""
    state = {"n": 0, "seed": 0}

    def fake() -> uuid.UUID:
        state["n"] += 1
        return uuid.UUID(int=(state["seed"] << 64) + state["n"], version=4)

    def reset(seed: int) -> None:
        state["n"], state["seed"] = 0, seed

    monkeypatch.setattr(uuid, "uuid4", fake)
    return reset


Op = tuple[str, dict[str, Any]]

ops = st.one_of(
    st.builds(lambda ref, stance, src: ("evidence", {"ref": ref, "stance": stance, "source": src}),
              st.integers(1, SIZE + 2), st.sampled_from(["supports", "contradicts", "context"]),
              st.sampled_from(["AP", "Reuters", "The Guardian", "the guardian", "BBC"])),
    st.builds(lambda ref, who: ("assign", {"ref": ref, "who": who}),
              st.integers(1, SIZE), st.none() | st.sampled_from(["anna.k", "bob", "x y"])),
    st.builds(lambda ref, tag, text: ("edit", {"ref": ref, "tag": tag, "text": text}),
              st.integers(1, SIZE), st.sampled_from(["nato", "fresh", "NATO"]),
              st.sampled_from([None, "", "A new text", "  padded  "])),
    st.builds(lambda ref, trig, override, version: ("move", {"ref": ref, "trigger": trig, "override": override,
                                                             "version": version}),
              st.integers(1, SIZE), st.sampled_from(["confirm", "contradict", "expire", "reopen"]),
              st.booleans(), st.none() | st.integers(1, 8)),
    st.builds(lambda text, expires: ("add", {"text": text, "expires": expires}),
              st.text(min_size=0, max_size=20), st.sampled_from([None, "+3d", "never", "yesterday"])),
)


def _run(desk: Desk, op: Op) -> Any:
    kind, a = op
    if kind == "evidence":
        draft = claims.EvidenceDraft(stance=a["stance"], source=a["source"])
        return claims.add_evidence(desk, a["ref"], draft)
    if kind == "assign":
        return claims.assign(desk, a["ref"], a["who"])
    if kind == "edit":
        edit = claims.ClaimEdit(add_tags=(a["tag"],)) if a["text"] is None else claims.ClaimEdit(
            text=a["text"], add_tags=(a["tag"],))
        return claims.edit_claim(desk, a["ref"], edit, "edited")
    if kind == "move":
        return moves.apply_trigger(desk, a["ref"], a["trigger"], "checked", override=a["override"],
                                   expected_version=a["version"])
    return claims.add_claim(desk, claims.ClaimDraft(text=a["text"], speaker="Someone", expires_at=a["expires"]))


def _outcome(desk: Desk, op: Op) -> Any:
    try:
        return _run(desk, op)
    except TrackerError as err:
        return (type(err).__name__, str(err))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=st.lists(ops, min_size=1, max_size=8), seed_n=st.integers(0, 2**16))
def test_both_paths_store_the_same_rows(seed: tuple[Path, datetime], tmp_path: Path,
                                        same_uuids: Callable[[int], None], script: list[Op], seed_n: int) -> None:
    src, anchor = seed
    fast_db, core_db = _copy(src, tmp_path / "fast.db"), _copy(src, tmp_path / "core.db")
    engine = make_engine(f"sqlite:///{core_db}")
    try:
        clock = iter(anchor + timedelta(minutes=i) for i in range(1, 10_000))
        times = [next(clock) for _ in script]
        results = []
        for url_desk in (True, False):
            same_uuids(seed_n)
            if url_desk:
                desk = Desk(None, "ed", where="desk", url=f"sqlite:///{fast_db}")
                assert desk.lite_file() == fast_db
            else:
                desk = Desk(engine, "ed", where="desk")
            got = []
            for op, at in zip(script, times, strict=True):
                desk.clock = lambda at=at: at
                got.append(_outcome(desk, op))
            results.append(got)
        assert results[0] == results[1]
    finally:
        engine.dispose()
    assert _dump(fast_db) == _dump(core_db)


def _cold(db: Path, args: list[str]) -> tuple[int, list[str], str]:
    code = (
        "import sys\n"
        "from tracker.cli.main import main\n"
        f"code = main(['--db', {str(db)!r}, *{args!r}])\n"
        "heavy = sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic', 'tracker.store.tables') if m in sys.modules)\n"
        "print('RESULT', code, ','.join(heavy), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    last = done.stderr.strip().splitlines()[-1].split(" ")
    assert last[0] == "RESULT", done.stderr
    return int(last[1]), [m for m in (last[2:] or [""])[0].split(",") if m], done.stderr


CHANGES = [
    ["confirm", "{confirmable}", "--reason", "two sources"],
    ["evidence", "{any}", "--stance", "supports", "--source", "AP", "--note", "wire copy"],
    ["assign", "{any}", "kira.d"],
    ["assign", "{any}"],
    ["edit", "{any}", "--tag", "fresh", "--reason", "tagging"],
    ["add", "A new claim", "--speaker", "Someone", "--json"],
    ["expire", "{any}", "--reason", "late", "--override"],
    ["reopen", "{any}", "--reason", "new facts"],
]


@pytest.fixture
def desk_copy(seed: tuple[Path, datetime], tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    db = _copy(seed[0], tmp_path / "cold.db")
    con = sqlite3.connect(db)
    confirmable = con.execute(
        "SELECT c.id FROM claim c JOIN evidence e ON c.id = e.claim_id WHERE c.status = 'unconfirmed' "
        "GROUP BY c.id HAVING count(DISTINCT CASE WHEN e.stance = 'supports' THEN lower(e.source) END) >= 3 "
        "AND sum(e.stance = 'contradicts') = 0 ORDER BY c.id LIMIT 1").fetchone()
    con.close()
    assert confirmable is not None
    yield db, {"confirmable": str(confirmable[0]), "any": "17"}


def test_cold_single_changes_import_no_sqlalchemy(desk_copy: tuple[Path, dict[str, str]]) -> None:
    db, refs = desk_copy
    for args in CHANGES:
        code, heavy, err = _cold(db, [a.format(**refs) for a in args])
        assert (code, heavy) == (0, []), (args, err)
    done = subprocess.run([sys.executable, "-c", "import sys; from tracker.cli.main import main; "
                           f"sys.exit(main(['--db', {str(db)!r}, 'verify']))"], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 0 and done.stdout.startswith("ok:"), done.stdout + done.stderr


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if not line.startswith("RESULT")]
    assert len(lines) == 1 and lines[0].startswith("tracker: ") and "Traceback" not in err, err
    return lines[0]


def test_errors_on_the_sqlite3_path_keep_their_codes(desk_copy: tuple[Path, dict[str, str]]) -> None:
    db, _ = desk_copy
    code, heavy, err = _cold(db, ["confirm", "999999", "--reason", "x"])
    assert (code, heavy) == (3, []) and "no claim 999999" in _one_line(err)
    code, heavy, err = _cold(db, ["assign", "17", "bob", "--if-version", "99"])
    assert (code, heavy) == (5, []) and "version 99" in _one_line(err)
    con = sqlite3.connect(db)
    bare = con.execute("SELECT id FROM claim WHERE status = 'unconfirmed' AND id NOT IN "
                       "(SELECT claim_id FROM evidence) ORDER BY id LIMIT 1").fetchone()[0]
    before = con.execute("SELECT count(*) FROM event").fetchone()[0]
    con.close()
    code, heavy, err = _cold(db, ["confirm", str(bare), "--reason", "x"])
    assert (code, heavy) == (4, []), err
    _one_line(err)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        env_code = (
            "import sys\n"
            "import tracker.store.location as location\n"
            "location.BUSY_TIMEOUT_MS = 200\n"
            "from tracker.cli.main import main\n"
            f"sys.exit(main(['--db', {str(db)!r}, 'assign', '17', 'bob']))\n"
        )
        done = subprocess.run([sys.executable, "-c", env_code], capture_output=True, text=True, cwd=ROOT,
                              timeout=60)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 5 and "locked" in _one_line(done.stderr), done.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM event").fetchone()[0] == before
    con.close()
