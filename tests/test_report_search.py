"""`report --search`: the daily report of one story, through the same search as `list --search`."""

from __future__ import annotations

from pathlib import Path

import pytest
from desk_cli import Cli, desk_cli

NOW = "2026-02-06T06:05:00Z"  # 08:05 in Kyiv on the 6th


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return desk_cli(tmp_path, capsys, monkeypatch)


def test_every_section_and_count_is_scoped_to_the_story(cli: Cli) -> None:
    pause = cli.add("Putin agreed to a one-week pause on strikes", at="2026-02-01T08:00Z",
                    expires="2026-02-05T10:00Z", speaker="Donald Trump")
    stale = cli.add("The energy pause holds in Kyiv", at="2026-02-04T10:00Z", speaker="Mayor", assignee="ann")
    verdict = cli.add("Grain corridor reopened", at="2026-02-04T08:00Z", speaker="Port authority")
    other = cli.add("Talks in Istanbul next week", at="2026-02-04T10:00Z", speaker="Diplomat", assignee="bo")
    cli.ok("evidence", str(verdict), "--stance", "context", "--source", "AP", "--note", "pause in exports ended",
           now="2026-02-04T09:00Z")
    cli.ok("sweep", now="2026-02-05T11:00Z")
    cli.confirm(verdict, at="2026-02-05T12:00Z")

    whole = cli.report(now=NOW)
    story = cli.report("--search", "pause", now=NOW)
    assert whole["search"] is None and story["search"] == "pause"
    assert whole["counts"]["total"] == 4 and story["counts"]["total"] == 3
    assert [e["claim"]["id"] for e in story["expired"]["items"]] == [pause]
    assert [e["claim"]["id"] for e in story["resolved"]["items"]] == [verdict]   # found through its evidence note
    assert {c["id"] for c in whole["stale"]["items"]} == {stale, other}
    assert [c["id"] for c in story["stale"]["items"]] == [stale]
    assert story["stale_by_assignee"]["items"] == [{"assignee": "ann", "label": "ann", "count": 1}]
    assert sum(b["count"] for b in story["age_buckets"]) == 1

    code, out, err = cli("report", "--search", "one-week pause", now=NOW)
    assert code == 0 and "Only claims matching: one-week pause" in out, err
    for fmt in ("markdown", "html"):
        assert "Only claims matching" in cli.ok("report", "--search", "pause", "--format", fmt, now=NOW)
    nothing = cli.report("--search", "%%", now=NOW)
    assert nothing["counts"]["total"] == 0 and nothing["check"] == {"ok": True, "stale": 0, "overdue": 0}
    code, _, err = cli("report", "--search", "x" * 5000, now=NOW)
    assert code == 2 and err.startswith("tracker: search is 5000 characters")
