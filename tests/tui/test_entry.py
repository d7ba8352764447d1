"""How the CLI opens the UI: only on a terminal, and textual is imported only when it does."""

from __future__ import annotations

import subprocess
import sys

from tui_support import ACTOR
from tracker.cli.main import main


def test_tui_without_a_terminal_is_one_line_and_exit_2(db, capsys) -> None:
    assert main(["--db", str(db), "tui"]) == 2
    err = capsys.readouterr().err
    assert err == "tracker: the triage UI needs a terminal; use a command (see `tracker --help`) in scripts\n"


def test_bare_tracker_in_a_pipe_prints_help(db, capsys) -> None:
    assert main(["--db", str(db)]) == 0
    assert "Usage: tracker" in capsys.readouterr().out


def test_commands_never_import_textual(db) -> None:
    code = (
        "import sys; from tracker.cli.main import main; "
        f"rc = main(['--db', {str(db)!r}, '--actor', {ACTOR!r}, 'list', '--json']); "
        "print(rc, 'textual' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "0 False"
