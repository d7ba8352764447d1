"""The cron recipe in docs/report.md, run as written (paths pointed at a temporary folder) on the demo database."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "report.md"


def _crontab() -> tuple[dict[str, str], str]:
    """The variables and the 06:05 command of the doc's crontab block."""
    block = re.search(r"```crontab\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block, "docs/report.md has no crontab block"
    env: dict[str, str] = {}
    command = None
    for line in block.group(1).splitlines():
        if re.fullmatch(r"[A-Z_]+=\S+", line):
            key, value = line.split("=", 1)
            env[key] = value
        elif line.startswith("5 6 * * * "):
            command = line.removeprefix("5 6 * * * ")
    assert command is not None, "no 06:05 line in the crontab block"
    return env, command


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_documented_cron_line_works_on_the_demo_database(tmp_path: Path) -> None:
    variables, command = _crontab()
    srv = tmp_path / "srv"
    (srv / "tracker").mkdir(parents=True)
    (srv / "www" / "desk").mkdir(parents=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    mail = bin_dir / "mail"  # a stand-in mailer: records its arguments and the message
    mail.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {tmp_path}/mail.args\ncat > {tmp_path}/mail.body\n')
    mail.chmod(0o755)
    tracker_bin = Path(sys.executable).parent
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")},
        "PATH": f"{bin_dir}:{tracker_bin}:{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
    }
    env.update({k: v.replace("/srv", str(srv)) for k, v in variables.items() if k.startswith("TRACKER_")})
    db = Path(env["TRACKER_DB"])
    assert variables["TRACKER_DB"].startswith("/srv/")
    subprocess.run(["tracker", "--db", str(db), "demo", "--no-ui"], env=env, check=True, capture_output=True)

    # Two days after the demo's story every claim left open is stale for sure, whenever the test runs.
    env["TRACKER_NOW"] = "+2d"
    run = subprocess.run(["bash", "-c", command.replace("/srv", str(srv))], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""

    page = (srv / "www" / "desk" / "report.html").read_text(encoding="utf-8")
    parser = HTMLParser()
    parser.feed(page)
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    text = (srv / "tracker" / "report.txt").read_text(encoding="utf-8")
    assert text.startswith("Daily report for ")
    # The sweep ran first, so nothing is overdue; the demo's idle claims are stale, so the chief is mailed.
    assert "Overdue (0)" in text
    assert "ATTENTION: " in text
    assert (tmp_path / "mail.body").read_text(encoding="utf-8") == text
    assert (tmp_path / "mail.args").read_text().splitlines() == ["-s", "tracker: stale or overdue claims",
                                                                 "desk-chief@example.org"]
    data = json.loads(subprocess.run(["tracker", "report", "--format", "json"], env=env, check=True,
                                     capture_output=True, text=True).stdout)
    assert data["overdue"]["total"] == 0 and data["desk_tz"] == "Europe/Kyiv"
    assert data["stale"]["total"] > 0
    for item in data["stale"]["items"]:
        assert f'data-claim-id="{item["id"]}"' in page
