"""Static checks in the normal test run (issue 11): ruff's lint rules (configured in pyproject.toml)
must be clean, so README's test command answers for them too.

Lint only: `ruff format` is not part of the contract.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> list[str]:
    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return [str(beside)]
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return [found]


def test_ruff_lint_is_clean() -> None:
    done = subprocess.run([*_tool("ruff"), "check", "--no-cache", "tracker", "tests"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
