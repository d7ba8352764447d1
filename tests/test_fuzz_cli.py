"""Fuzzing the command line (issue 11): any arguments to any command give a documented exit code, one
`tracker:` line when they fail, nothing raw on a terminal, and a failed command changes nothing.

Each example is one `tracker ...` run in-process on one shared database (fuzz_support.InProcess),
built from every command's real options and values that sit on and past their edges.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzz_support import FUZZ, InProcess, fingerprint, integrity

NASTY_TEXT = st.sampled_from([
    "", " ", "\x1b[31mred", "bell\x07", "\x9b2J", "a\x00b", "\udcff", "two\nlines", "\u202eevil", "Tr\u200bump",
    "x" * 5000, "#1", "#0", "-1", "0", "1", "2", "99999999999999999999", "9" * 5000, "1e3", "1.5", "v1", "v0",
    "abc", "[bold]", "--json", "-", "null", "true", "NaN", "9999-12-31T23:00:00Z", "0001-01-01T00:00:00Z",
    "+7d", "-3d", "never", "yesterday", "2026-02-30", "2026-01-29 11:30 Washington time", "Narnia time",
    "UTC+99:00", "https://example.com/a", "javascript:alert(1)", "ftp://x", "Europe/Kyiv", "Mars/Olympus",
    "3h", "0h", "-1h", "100000w", "1y", "none",
])
TEXT = st.one_of(NASTY_TEXT, st.text(max_size=30),
                 st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x2100), max_size=12))
TIMES = ["2026-01-29 11:30 Washington time", "2026-01-29T16:30:00Z", "+7d", "+12h", "-2d", "yesterday", "today",
         "tomorrow", "never", "2026-02-05 18:00 Kyiv time", "now", "in 3 days", "2 hours ago", "eod",
         "9999-12-31T23:00:00Z", "0001-01-01T00:00:00Z", "1900-01-01T00:00:00Z", "2199-12-31T23:59:59Z",
         "2200-01-01T00:00:00Z", "+36525d", "+99999999d", "on Thursday", "for one week", "late on Wednesday"]
GOOD: dict[str, list[str]] = {
    "--speaker": ["Donald Trump", "Kaja Kallas", "Peskov"], "--source": ["AP", "Reuters", "the Telegraph", "TASS"],
    "--assignee": ["olena", "marcus"], "--reason": ["two sources", "denied", "new facts"], "--note": ["said on TV"],
    "--url": ["https://apnews.com/x", "http://example.com/a?b=1"], "--tag": ["ceasefire", "kyiv", "a-b_c"],
    "--said-at": TIMES, "--expires": TIMES, "--now": TIMES, "--day": ["today", "yesterday", "2026-01-29", "-3d"],
    "--limit": ["1", "5", "50"], "--offset": ["0", "1", "2"], "--if-version": ["1", "2", "3", "v2", "4"],
    "--actor": ["olena", "bot"], "--search": ["claim", "\"second claim\"", "one-week"],
    "--stance": ["supports", "contradicts", "context"], "--format": ["text", "markdown", "json", "html"],
    "--status": ["unconfirmed", "confirmed", "contradicted", "expired"],
    "--sort": ["id", "-activity", "expires", "-speaker", "said", "status"],
}
"""Values each option takes when used as meant; the fuzz mixes them with nasty ones."""
REQUIRED = {"add": ["--speaker"], "evidence": ["--stance", "--source"], "confirm": ["--reason"],
            "contradict": ["--reason"], "expire": ["--reason"], "reopen": ["--reason"]}
ID = st.one_of(st.sampled_from(["1", "2", "3", "#2", "#3"]), st.sampled_from(["1", "2", "3"]), TEXT)
OVERRIDE = {"confirm", "contradict", "expire", "reopen"}

OPTIONS: dict[str, list[tuple[str, bool]]] = {
    # option -> takes a value?
    "add": [("--speaker", True), ("--said-at", True), ("--source", True), ("--url", True), ("--expires", True),
            ("--tag", True), ("--assignee", True), ("--json", False)],
    "evidence": [("--stance", True), ("--source", True), ("--url", True), ("--note", True), ("--if-version", True),
                 ("--json", False)],
    "assign": [("--if-version", True), ("--json", False)],
    "confirm": [("--reason", True), ("--override", False), ("--if-version", True), ("--json", False)],
    "contradict": [("--reason", True), ("--override", False), ("--if-version", True), ("--json", False)],
    "expire": [("--reason", True), ("--override", False), ("--if-version", True), ("--json", False)],
    "reopen": [("--reason", True), ("--override", False), ("--if-version", True), ("--expires", True),
               ("--json", False)],
    "show": [("--json", False)],
    "history": [("--json", False), ("--jsonl", False)],
    "list": [("--status", True), ("--tag", True), ("--assignee", True), ("--search", True), ("--stale", False),
             ("--due-soon", False), ("--sort", True), ("--limit", True), ("--offset", True), ("--json", False),
             ("--jsonl", False)],
    "sweep": [("--now", True), ("--dry-run", False), ("--limit", True), ("--json", False)],
    "report": [("--day", True), ("--now", True), ("--format", True), ("--limit", True), ("--check", False)],
    "rules": [("--json", False)],
    "export": [],
    "init": [("--json", False)],
    "completion": [],
}
POSITIONAL = {"add": [TEXT], "evidence": [ID], "assign": [ID, TEXT], "confirm": [ID], "contradict": [ID],
              "expire": [ID], "reopen": [ID], "show": [ID], "history": [ID],
              "completion": [st.one_of(st.sampled_from(["bash", "zsh", "fish"]), TEXT)]}
GLOBAL = [("--actor", True), ("--now", True)]
"""Global options after the command (never --db: the run must stay on the fuzzed database)."""
WRITES = {"add", "evidence", "assign", "confirm", "contradict", "expire", "reopen", "sweep", "init"}


def _value(draw: st.DrawFn, option: str) -> str:
    good = GOOD.get(option)
    if good and draw(st.integers(0, 9)) < 6:
        return draw(st.sampled_from(good))
    return draw(TEXT)


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """One command line: a command, its positionals and required options (mostly), other options with good
    or nasty values, and now and then a stray word or an unknown option."""
    name = draw(st.sampled_from(sorted(OPTIONS)))
    args = [name]
    for value in POSITIONAL.get(name, []):
        if draw(st.integers(0, 9)):
            args.append(draw(value))
    for option in REQUIRED.get(name, []):
        if draw(st.integers(0, 9)):
            args += [option, _value(draw, option)]
    if name in OVERRIDE and draw(st.booleans()):
        args.append("--override")
    for _ in range(draw(st.integers(0, 3))):
        option, takes = draw(st.sampled_from(OPTIONS[name] + GLOBAL))
        args.append(option)
        if takes:
            args.append(_value(draw, option))
    if draw(st.integers(0, 29)) == 0:
        args.insert(draw(st.integers(1, len(args))), draw(st.sampled_from(["--bogus", "-x", "--"])))
    if draw(st.integers(0, 29)) == 0:
        args.insert(draw(st.integers(0, len(args))), draw(TEXT))
    return args


@pytest.fixture
def desk_db(tmp_path: Path) -> Path:
    """A database with a few claims in every status, and evidence."""
    db = tmp_path / "fuzz.db"
    run = InProcess(db)
    assert run("init").code == 0
    for text in ("first claim", "second claim", "third claim"):
        assert run("add", text, "--speaker", "s", "--tag", "t").code == 0
    for source in ("AP", "Reuters"):
        assert run("evidence", "1", "--stance", "supports", "--source", source).code == 0
    assert run("confirm", "1", "--reason", "two sources").code == 0
    assert run("contradict", "2", "--reason", "denied", "--override").code == 0
    return db


def test_any_command_line_gets_a_documented_answer(desk_db: Path) -> None:
    run = InProcess(desk_db)
    counts = {"runs": 0, "failed": 0}
    state = {"held": fingerprint(desk_db)}

    @FUZZ
    @given(command_lines())
    def one(args: list[str]) -> None:
        before = state["held"]
        result = run(*args)
        result.check_contract()
        counts["runs"] += 1
        after = state["held"] = fingerprint(desk_db)
        if result.code != 0 and not (result.code == 1 and "--check" in args):
            counts["failed"] += 1
            assert after == before, (args, result.err)
        if args[0] not in WRITES:
            assert after == before, args

    try:
        one()
    finally:
        run.close()
    integrity(desk_db)
    assert counts["runs"] >= FUZZ.max_examples * 0.9
    assert 0 < counts["failed"] < counts["runs"]  # the strategy reaches both sides of every check
