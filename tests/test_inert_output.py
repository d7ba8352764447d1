"""Outputs stay inert and complete (issue 11): stored text that slipped past the input checks, bidi
overrides and zero-width characters never reach a terminal, a page or a JSON reader raw; nothing
piped is cut; `list` says when it stopped short; `report --output` keeps modes and follows links."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
from pathlib import Path

import pytest

from cli_support import add, evidence

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\u2060\ufeff]")
"""Characters no text output may carry raw (newline and tab are layout)."""
JSON_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\u2060\ufeff\u2028\u2029]")

EVIL_UUID = "1234\x1b]0;pwned\x07-\x1b[2J\x9b31m"
EVIL = "red \x1b[31m bell \x07 csi \x9b2J cr \r end"


def _poke(db: Path, sql: str, *params: object) -> None:
    """Write straight into the database, as another program could."""
    con = sqlite3.connect(db)
    con.execute(sql, params)
    con.commit()
    con.close()


@pytest.fixture
def poisoned(tr, db_path: Path) -> int:
    """A claim whose stored uuid, text, speaker, source, assignee and evidence carry raw control characters."""
    claim = add(tr)
    evidence(tr, claim["id"], "supports", "AP", "--note", "fine")
    assert tr("assign", claim["id"], "olena").code == 0
    _poke(db_path, "UPDATE claim SET uuid = ?, text = ?, speaker = ?, source = ?, assignee = ? WHERE id = ?",
          EVIL_UUID, EVIL, EVIL, EVIL, EVIL, claim["id"])
    _poke(db_path, "UPDATE evidence SET source = ?, note = ? WHERE claim_id = ?", EVIL, EVIL, claim["id"])
    return int(claim["id"])


def test_every_field_is_escaped_in_text_output_the_uuid_too(tr, poisoned: int) -> None:
    for args in (("show", poisoned), ("list",), ("history", poisoned), ("report", "--format", "text"),
                 ("report", "--format", "markdown"), ("report", "--format", "html"), ("assign", poisoned, "bo"),
                 ("evidence", poisoned, "--stance", "context", "--source", "Reuters")):
        result = tr(*args)
        assert result.code == 0, (args, result.err)
        assert not RAW.search(result.out), (args, RAW.findall(result.out))
    shown = tr("show", poisoned).out
    assert "\\x1b]0;pwned\\x07" in shown.splitlines()[0]
    assert "\\x9b2J" in shown


def test_json_outputs_escape_c1_controls_and_still_decode_to_the_stored_text(tr, poisoned: int) -> None:
    for args in (("show", poisoned, "--json"), ("list", "--json"), ("list", "--jsonl"), ("export",),
                 ("report", "--format", "json"), ("history", poisoned, "--jsonl")):
        result = tr(*args)
        assert result.code == 0, (args, result.err)
        assert not RAW.search(result.out.replace("\n", "")), (args, RAW.findall(result.out))
        assert not JSON_RAW.search(result.out), args
    data = tr("show", poisoned, "--json").json
    assert data["uuid"] == EVIL_UUID and data["text"] == EVIL and data["evidence"][0]["note"] == EVIL
    assert "\\u009b" in tr("show", poisoned, "--json").out


def test_apply_errors_never_echo_raw_control_characters(tr) -> None:
    line = json.dumps({"action": "add", "text": "a", "speaker": "s", "bad\x1b[2J\r\nfield\u202e": 1,
                       "also\x9b": 2}, ensure_ascii=True) + "\n"
    zone = json.dumps({"action": "add", "text": "a", "speaker": "s", "said_at": "2026-01-29 10:00 \x1b[31mX\x07"})
    results = tr("apply", stdin=(line + zone + "\n").encode()).lines
    assert [r["ok"] for r in results] == [False, False]
    for result in results:
        assert result["code"] == 2
        assert not RAW.search(result["error"]), result["error"]
        assert "\n" not in result["error"] and "\r" not in result["error"]
    assert "bad" in results[0]["error"]


def test_error_lines_on_stderr_are_inert(tr) -> None:
    result = tr("list", "--status", "\x1b[31mred\u202e")
    result.assert_error(2, "--status")
    assert not RAW.search(result.err)
    tr("show", "\x1b]0;x\x07").assert_error(2)
    assert not RAW.search(tr("show", "\x1b]0;x\x07").err)


BIDI = "Putin agreed \u202eesuap a ot\u202c to a pause"
ZERO_WIDTH = "Tr\u200bump"


def test_bidi_overrides_and_zero_width_characters_are_shown_visibly(tr) -> None:
    claim = add(tr, BIDI, "--tag", "x", speaker=ZERO_WIDTH)
    assert claim["text"] == BIDI and claim["speaker"] == ZERO_WIDTH  # stored as given
    show = tr("show", claim["id"]).out
    assert "\\u202e" in show and "\\u202c" in show and "Tr\\u200bump" in show
    for args in (("show", claim["id"]), ("list",), ("report", "--format", "text", "--now", "+3d"),
                 ("report", "--format", "markdown", "--now", "+3d"), ("report", "--format", "html", "--now", "+3d")):
        out = tr(*args).out
        assert "\u202e" not in out and "\u200b" not in out, args
    assert "\\u202e" in tr("report", "--format", "html", "--now", "+3d").out
    raw_json = tr("show", claim["id"], "--json").out
    assert "\u202e" not in raw_json and "\\u202e" in raw_json
    assert json.loads(raw_json)["text"] == BIDI


def test_scripts_that_need_joiners_keep_them(tr) -> None:
    persian = "می\u200cخواهم"  # ZWNJ inside a Persian word
    family = "👩\u200d👩\u200d👧"  # an emoji ZWJ sequence
    claim = add(tr, f"{persian} {family}")
    shown = tr("show", claim["id"]).out
    assert persian in shown and family in shown


def test_list_says_on_stderr_when_more_rows_match(tr) -> None:
    for n in range(5):
        add(tr, f"claim {n}")
    short = tr("list", "--limit", "2")
    assert short.code == 0
    assert len(short.out.splitlines()) == 3  # header and two rows
    (note,) = short.err.splitlines()
    assert note.startswith("tracker: ") and "--offset 2" in note and "--limit" in note
    assert "--offset 4" in tr("list", "--limit", "2", "--offset", "2", "--json").err
    last = tr("list", "--limit", "2", "--offset", "4")
    assert last.code == 0 and last.err == ""
    whole = tr("list", "--limit", "5", "--jsonl")
    assert whole.err == "" and len(whole.lines) == 5


def test_piped_text_is_never_cut(tr, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    reason = "the full reason " + "word " * 60 + "END"
    claim = add(tr, "a claim with a long text " + "x" * 200 + " TEXTEND")
    evidence(tr, claim["id"], "contradicts", "TASS")
    assert tr("contradict", claim["id"], "--reason", reason).code == 0
    history = tr("history", claim["id"]).out
    assert reason.strip() in " ".join(history.split())
    assert "…" not in history
    assert "TEXTEND" in tr("list").out
    report = tr("report", "--now", "+2d", "--day", "today").out
    assert "…" not in report


def test_report_markdown_and_html_show_template_code_as_code(tr) -> None:
    claim = add(tr, "stored `backticks` stay literal")
    evidence(tr, claim["id"], "contradicts", "TASS")
    assert tr("contradict", claim["id"], "--reason", "x").code == 0
    md = tr("report", "--format", "markdown", "--day", "today").out
    assert "`now` is the claim's status today" in md
    assert "\\`now\\`" not in md
    assert "stored \\`backticks\\` stay literal" in md  # stored text still escaped
    html = tr("report", "--format", "html", "--day", "today").out
    assert "<code>now</code> is the claim" in html
    assert "`now`" not in html
    assert "stored `backticks` stay literal" in html


# ----------------------------------------------------------------- report --output


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_report_output_keeps_the_umask_and_an_existing_mode(tr, tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        fresh = tmp_path / "fresh.txt"
        assert tr("report", "-o", fresh).code == 0
        assert _mode(fresh) == 0o640
        private = tmp_path / "private.txt"
        private.write_text("old", encoding="utf-8")
        private.chmod(0o600)
        assert tr("report", "--output", private, "--format", "html").code == 0
        assert _mode(private) == 0o600
        assert private.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    finally:
        os.umask(old)


def test_report_output_follows_a_symlink(tr, tmp_path: Path) -> None:
    target = tmp_path / "site" / "report.md"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "latest.md"
    link.symlink_to(target)
    assert tr("report", "-o", link, "--format", "markdown").code == 0
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text(encoding="utf-8").startswith("# Daily report")
    assert _mode(target) == 0o640
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.md"]


def test_report_output_that_is_a_folder_is_a_usage_error(tr, tmp_path: Path) -> None:
    tr("report", "-o", tmp_path).assert_error(2, "directory")
    tr("report", "-o", tmp_path / "missing" / "r.txt").assert_error(1, "does not exist")


def test_a_change_that_changes_nothing_says_so_inertly(tr) -> None:
    # Found by test_fuzz_cli in CI: assigning a claim again to a name with a bidi override echoed the name raw.
    claim = add(tr, "Talks resume on Sunday", speaker="AP")["id"]
    assert tr("assign", str(claim), "\u202eevil").code == 0
    again = tr("assign", str(claim), "\u202eevil")
    assert again.code == 0 and "already assigned" in again.err
    assert not RAW.search(again.err), again.err
