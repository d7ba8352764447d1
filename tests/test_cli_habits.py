"""What a CLI user expects (issue 11): global options after the command, shell completion."""

from __future__ import annotations

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
    assert "list" in _complete("bash", "tracker li", 1).split()[0]
    statuses = _complete("bash", "tracker list --status ", 3)
    assert {"plain,unconfirmed", "plain,expired"} <= set(statuses.split())
    assert "plain,--due-soon" in _complete("bash", "tracker list --du", 2).split()


def test_completion_of_an_unknown_shell_is_a_usage_error(cli) -> None:
    cli("completion", "tcsh").assert_error(2, "tcsh")
