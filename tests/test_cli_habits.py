"""What a CLI user expects (issue 11): global options after the command, shell completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli_support import NOW, ROOT


def test_global_options_are_accepted_after_the_command(cli, db_path: Path) -> None:
    assert cli("init", "--db", db_path).code == 0
    added = cli("add", "x", "--speaker", "s", "--db", db_path, "--actor", "zed", "--now", NOW, "--json")
    assert added.code == 0, added.err
    assert added.json["created_at"] == NOW
    (event,) = cli("history", "1", "--json", "--db", db_path).json
    assert (event["actor"], event["at"]) == ("zed", NOW)
    assert cli("rules", "set", "stale_after", "3h", "--db", db_path).code == 0
    assert cli("rules", "--json", "--db", db_path).json["settings"]["stale_after"] == "3h"
    # After the command wins over before it, as the later word does.
    assert cli("--actor", "first", "evidence", "1", "--stance", "supports", "--source", "AP",
               "--actor", "second", "--db", db_path).code == 0
    assert cli("history", "1", "--json", "--db", db_path).json[-1]["actor"] == "second"
    # The options keep their meaning and their checks.
    cli("list", "--db", db_path, "--now", "garbage").assert_error(2, "cannot read")
    cli("list", "--db", db_path / "nope.db").assert_error(1, "no tracker database")


def test_hidden_after_the_command_but_listed_in_the_main_help(cli) -> None:
    assert "--db" in cli("--help").out
    assert "--db" not in cli("list", "--help").out
    assert "--db PATH" in cli("demo", "--help").out  # demo's own --db is its own


def _complete(shell: str, words: str, cword: int) -> str:
    env = {**os.environ, "_TRACKER_COMPLETE": f"{shell}_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    done = subprocess.run([sys.executable, "-m", "tracker"], env=env, capture_output=True, text=True, cwd=ROOT,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(cli, shell: str) -> None:
    result = cli("completion", shell)
    assert result.code == 0 and result.err == ""
    assert "_TRACKER_COMPLETE" in result.out
    assert f"{shell}_complete" in result.out


def test_completion_completes_commands_options_and_choices() -> None:
    assert {"plain,list", "plain,link"} <= set(_complete("bash", "tracker li", 1).split())
    statuses = _complete("bash", "tracker list --status ", 3)
    assert {"plain,unconfirmed", "plain,expired"} <= set(statuses.split())
    assert "plain,--due-soon" in _complete("bash", "tracker list --du", 2).split()


def test_completion_of_an_unknown_shell_is_a_usage_error(cli) -> None:
    cli("completion", "tcsh").assert_error(2, "tcsh")


# ----------------------------------------------------------------- progress on stderr


@pytest.fixture
def terminal_stderr(monkeypatch: pytest.MonkeyPatch):
    """stderr claims to be a terminal (stdout stays a pipe); `delay` sets how long work must run before drawing."""
    import tracker.cli.progress as progress

    def delay(seconds: float) -> None:
        # Patched here, in the test's own phase: pytest swaps its capture streams between phases.
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
        monkeypatch.setattr(progress, "DELAY", seconds)
        monkeypatch.setattr(progress, "REDRAW", 0.0)

    return delay


def _lines(n: int) -> bytes:
    return "".join(f'{{"action":"add","text":"claim {i}","speaker":"s"}}\n' for i in range(n)).encode()


def test_long_apply_export_and_sweep_draw_progress_on_a_terminal(tr, terminal_stderr) -> None:
    terminal_stderr(0.0)
    applied = tr("apply", stdin=_lines(30))
    assert applied.code == 0 and len(applied.lines) == 30  # stdout untouched
    assert "\rapply  " in applied.err and "30 lines" in applied.err
    assert applied.err.endswith("\r\x1b[K")  # erased at the end
    exported = tr("export")
    assert "\rexport  " in exported.err and exported.err.endswith("\r\x1b[K")
    swept = tr("sweep", "--now", "+30d")
    assert swept.code == 0 and "expired 30 claims" in swept.out
    assert "\rsweep  [" in swept.err and "100%" in swept.err and "30 claims" in swept.err


def test_a_long_extract_draws_paragraph_progress_and_its_output_is_unchanged(tr, terminal_stderr,
                                                                          tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Kyiv, Jan 30 (AP) - Putin agreed not to strike Kyiv for one week, Trump said on Thursday.\n\n" * 40,
                       encoding="utf-8")
    terminal_stderr(5.0)
    when = ("--published", "2026-01-30 07:00 Kyiv time")
    quiet = tr("extract", article, "--jsonl", *when)
    terminal_stderr(0.0)
    drawn = tr("extract", article, "--jsonl", *when)
    assert drawn.code == quiet.code == 0 and drawn.out == quiet.out and quiet.lines
    assert "\rextract  [" in drawn.err and "100%  40 paragraphs" in drawn.err and drawn.err.endswith("\r\x1b[K")
    assert "\rextract" not in quiet.err


def test_apply_from_a_file_shows_a_percentage(tr, terminal_stderr, tmp_path: Path) -> None:
    terminal_stderr(0.0)
    source = tmp_path / "lines.jsonl"
    source.write_bytes(_lines(10))
    result = tr("apply", source)
    assert result.code == 0 and "100%" in result.err and "[####" in result.err


def test_short_work_and_pipes_draw_nothing(tr, terminal_stderr, monkeypatch: pytest.MonkeyPatch) -> None:
    terminal_stderr(5.0)  # the real delay is 2 s; nothing here lasts 5
    for args in (("apply",), ("export",), ("sweep",)):
        result = tr(*args, stdin=_lines(5) if args == ("apply",) else None)
        assert result.code == 0 and result.err == "", args
    terminal_stderr(0.0)
    monkeypatch.setenv("TRACKER_NO_PROGRESS", "1")
    assert tr("apply", stdin=_lines(3)).err == ""
    monkeypatch.delenv("TRACKER_NO_PROGRESS")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    assert tr("apply", stdin=_lines(3)).err == ""
    assert tr("sweep", "--now", "+30d").err == ""


def test_streamed_results_on_a_terminal_are_their_own_progress(tr, terminal_stderr,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    terminal_stderr(0.0)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert tr("apply", stdin=_lines(3)).err == ""
    assert "\rsweep" in tr("sweep", "--now", "+30d").err  # sweep prints only at the end: it draws


def test_progress_costs_a_short_command_nothing_at_start(tmp_path: Path) -> None:
    # The progress module brings no module of its own beyond what the CLI already loads.
    code = ("import sys, tracker.cli.main, tracker.cli.output; before = set(sys.modules)\n"
            "import tracker.cli.progress; print(sorted(set(sys.modules) - before))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['tracker.cli.progress']"
    # A short command that does no long work does not import it at all.
    db = tmp_path / "t.db"
    assert subprocess.run([sys.executable, "-m", "tracker", "--db", str(db), "init"], cwd=ROOT,
                          capture_output=True, timeout=60).returncode == 0
    timed = subprocess.run([sys.executable, "-X", "importtime", "-m", "tracker", "--db", str(db), "list"],
                           capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert timed.returncode == 0
    assert "tracker.cli.progress" not in timed.stderr and "tracker.cli.reading" in timed.stderr


# ----------------------------------------------------------------- docs match behaviour


def test_rules_show_who_set_each_setting_and_when(tr) -> None:
    assert tr("rules", "set", "stale_after", "3h", actor="olena", now="2026-01-30T09:15:00Z").code == 0
    data = tr("rules", "--json").json
    assert data["changed"] == {"stale_after": {"at": "2026-01-30T09:15:00+00:00", "by": "olena"}}
    text = tr("rules").out
    (row,) = [line for line in text.splitlines() if line.startswith("stale_after")]
    assert row.split() == ["stale_after", "3h", "olena", "2026-01-30", "09:15", "UTC"]
    (untouched,) = [line for line in text.splitlines() if line.startswith("due_soon")]
    assert untouched.split() == ["due_soon", "1d", "-", "default"]


def test_assignment_counts_as_activity(tr) -> None:
    claim = tr("add", "x", "--speaker", "s", "--json", now="2026-01-28T12:00:00Z").json
    assert tr("list", "--stale", "--json").json[0]["id"] == claim["id"]
    assert tr("assign", claim["id"], "olena").code == 0  # at NOW
    assert tr("list", "--stale", "--json").json == []
    assert tr("show", claim["id"], "--json").json["last_activity_at"] == NOW


def test_said_tz_is_a_fixed_offset_when_only_an_offset_was_given(tr) -> None:
    claim = tr("add", "x", "--speaker", "s", "--said-at", "2026-01-29T11:30-05:00", "--json").json
    assert claim["said_tz"] == "UTC-05:00"


def test_report_day_hours_is_an_integer(tr) -> None:
    data = json.loads(tr("report", "--format", "json").out)
    assert data["day"]["hours"] == 24 and isinstance(data["day"]["hours"], int)
    assert tr("rules", "set", "desk_tz", "Europe/Kyiv").code == 0
    spring = json.loads(tr("report", "--format", "json", "--day", "2026-03-29", now="2026-04-01T00:00Z").out)
    assert spring["day"]["hours"] == 23 and isinstance(spring["day"]["hours"], int)
    assert tr("rules", "set", "desk_tz", "Australia/Lord_Howe").code == 0
    half = json.loads(tr("report", "--format", "json", "--day", "2026-04-05", now="2026-04-08T00:00Z").out)
    assert half["day"]["hours"] == 24.5


def test_long_import_draws_progress_and_json_with_jsonl_is_refused(tr, terminal_stderr, tmp_path: Path) -> None:
    terminal_stderr(0.0)
    source = tmp_path / "rows.jsonl"
    source.write_bytes(_lines(12))
    result = tr("import", source)
    assert result.code == 0, result.err
    assert "\rimport  " in result.err and "12 rows" in result.err and result.err.endswith("\r\x1b[K")
    tr("import", source, "--json", "--jsonl").assert_error(2, "--json and --jsonl")
