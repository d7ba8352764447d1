"""The architecture holds: import-linter contracts, a pure domain, and a CLI that never loads textual."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    assert f"Contracts: {len(contracts)} kept, 0 broken" in result.stdout


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_domain_imports_no_framework() -> None:
    loaded = _modules_after(
        "import tracker.domain.lifecycle, tracker.domain.when, tracker.domain.inputs, tracker.domain.guards"
    )
    for framework in ("sqlmodel", "sqlalchemy", "textual", "click", "rich"):
        assert framework not in loaded


def test_cli_commands_do_not_import_textual(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    code = (
        "from tracker.cli.main import main\n"
        f"main(['--db', {str(db)!r}, 'init'])\n"
        f"main(['--db', {str(db)!r}, 'add', 'x', '--speaker', 'y'])\n"
        f"main(['--db', {str(db)!r}, 'list', '--json'])\n"
        f"main(['--db', {str(db)!r}, 'show', '1'])\n"
        f"main(['--db', {str(db)!r}, 'rules'])\n"
    )
    loaded = _modules_after(code)
    assert "tracker.service.claims" in loaded  # the commands really ran
    assert not any(m == "textual" or m.startswith("textual.") for m in loaded)
    assert not any(m.startswith("tracker.tui") for m in loaded)
