"""The daily report through the CLI: day bounds in the desk zone (midnight, DST), the as-of-now
sections, the JSON field by field, the other formats, --check and bad input.

Histories are built with `tracker --now ...` at chosen instants, as a desk would build them.
Times are given in UTC (``...Z``) so the local reading is unambiguous; comments give Kyiv time.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from desk_cli import Cli, desk_cli
from tracker.cli.main import main



@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return desk_cli(tmp_path, capsys, monkeypatch)


def ids(section: dict) -> list[int]:
    return [item["claim"]["id"] if "claim" in item else item["id"] for item in section["items"]]


# ------------------------------------------------------------------ the day's bounds


def test_midnight_in_the_desk_zone_splits_the_days(cli: Cli) -> None:
    # Kyiv is UTC+2 in February: local midnight of 6 Feb is 22:00Z on 5 Feb.
    before = cli.add("expires just before midnight", at="2026-02-01T10:00Z", expires="2026-02-05T21:59:59Z")
    at_midnight = cli.add("expires at midnight", at="2026-02-01T10:00Z", expires="2026-02-05T22:00:00Z")
    confirmed = cli.add("confirmed at 23:59:59", at="2026-02-01T10:00Z")
    contradicted = cli.add("contradicted at 00:00:00", at="2026-02-01T10:00Z")
    cli.ok("sweep", now="2026-02-05T21:59:59Z")  # 23:59:59 local on the 5th
    cli.confirm(confirmed, at="2026-02-05T21:59:59Z")
    cli.ok("sweep", now="2026-02-05T22:00:00Z")  # 00:00:00 local on the 6th
    cli.contradict(contradicted, at="2026-02-05T22:00:00Z")

    fifth = cli.report("--day", "2026-02-05", now="2026-02-06T04:00Z")
    assert fifth["day"] == {"date": "2026-02-05", "start": "2026-02-05T00:00:00+02:00",
                            "end": "2026-02-06T00:00:00+02:00", "hours": 24.0, "complete": True}
    assert ids(fifth["expired"]) == [before]
    assert fifth["expired"]["items"][0]["at"] == "2026-02-05T23:59:59+02:00"
    assert ids(fifth["resolved"]) == [confirmed]
    assert fifth["resolved"]["by_action"] == {"confirm": 1, "contradict": 0}

    sixth = cli.report("--day", "2026-02-06", now="2026-02-07T04:00Z")
    assert ids(sixth["expired"]) == [at_midnight]
    assert sixth["expired"]["items"][0]["at"] == "2026-02-06T00:00:00+02:00"
    assert ids(sixth["resolved"]) == [contradicted]
    assert sixth["resolved"]["by_action"] == {"confirm": 0, "contradict": 1}


def test_default_day_is_the_one_that_ended_last_in_the_desk_zone(cli: Cli) -> None:
    # 00:00:00 local on 6 Feb: the 5th has just ended.
    assert cli.report(now="2026-02-05T22:00:00Z")["day"]["date"] == "2026-02-05"
    # 23:59:59 local on the 5th (already the 5th in Kyiv, still 21:59 UTC): yesterday is the 4th.
    assert cli.report(now="2026-02-05T21:59:59Z")["day"]["date"] == "2026-02-04"
    # 01:30 local on the 6th is 23:30Z on the 5th: Kyiv, not UTC, decides.
    assert cli.report(now="2026-02-05T23:30:00Z")["day"]["date"] == "2026-02-05"


def _events_around(cli: Cli, start_z: datetime, end_z: datetime) -> dict[str, int]:
    """Four verdicts: one second before the day, at its first second, at its last second, at the next day."""
    second = timedelta(seconds=1)
    times = {
        "before": start_z - second, "first": start_z, "last": end_z - second, "after": end_z,
    }
    claims = {}
    for name, at in times.items():
        claim = cli.add(f"verdict {name}", at="2026-01-01T00:00Z")
        cli.confirm(claim, at=at.strftime("%Y-%m-%dT%H:%M:%SZ"), reason=f"reason {name}")
        claims[name] = claim
    return claims


def test_spring_forward_day_is_23_hours(cli: Cli) -> None:
    # 29 Mar 2026 in Kyiv: 00:00 EET (+02:00) = 28 Mar 22:00Z to 00:00 EEST (+03:00) on the 30th = 29 Mar 21:00Z.
    claims = _events_around(cli, datetime(2026, 3, 28, 22, tzinfo=UTC), datetime(2026, 3, 29, 21, tzinfo=UTC))
    report = cli.report("--day", "2026-03-29", now="2026-03-30T06:00Z")
    assert report["day"] == {"date": "2026-03-29", "start": "2026-03-29T00:00:00+02:00",
                             "end": "2026-03-30T00:00:00+03:00", "hours": 23.0, "complete": True}
    assert ids(report["resolved"]) == [claims["first"], claims["last"]]
    assert [e["at"] for e in report["resolved"]["items"]] == [
        "2026-03-29T00:00:00+02:00", "2026-03-29T23:59:59+03:00",
    ]
    assert [e["reason"] for e in report["resolved"]["items"]] == ["reason first", "reason last"]


def test_fall_back_day_is_25_hours(cli: Cli) -> None:
    # 25 Oct 2026 in Kyiv: 00:00 EEST (+03:00) = 24 Oct 21:00Z to 00:00 EET (+02:00) on the 26th = 25 Oct 22:00Z.
    claims = _events_around(cli, datetime(2026, 10, 24, 21, tzinfo=UTC), datetime(2026, 10, 25, 22, tzinfo=UTC))
    report = cli.report("--day", "2026-10-25", now="2026-10-26T06:00Z")
    assert report["day"] == {"date": "2026-10-25", "start": "2026-10-25T00:00:00+03:00",
                             "end": "2026-10-26T00:00:00+02:00", "hours": 25.0, "complete": True}
    assert ids(report["resolved"]) == [claims["first"], claims["last"]]
    assert [e["at"] for e in report["resolved"]["items"]] == [
        "2026-10-25T00:00:00+03:00", "2026-10-25T23:59:59+02:00",
    ]
    # The neighbouring days get the events just outside.
    assert ids(cli.report("--day", "2026-10-24", now="2026-10-26T06:00Z")["resolved"]) == [claims["before"]]
    assert ids(cli.report("--day", "2026-10-26", now="2026-10-27T06:00Z")["resolved"]) == [claims["after"]]


def test_text_report_names_the_dst_day(cli: Cli) -> None:
    out = cli.ok("report", "--day", "2026-03-29", now="2026-03-30T06:00Z")
    assert "Daily report for Sunday 29 March 2026, desk zone Europe/Kyiv" in out
    assert "Day: Sun 2026-03-29 00:00 EET to Mon 2026-03-30 00:00 EEST, 23 h (DST change)" in out


# ------------------------------------------------------------------ as-of-now sections


def test_stale_window_boundary_and_assignees(cli: Cli) -> None:
    now = "2026-02-10T12:00:00Z"
    inside = cli.add("active exactly 24h ago", at="2026-02-09T12:00:00Z", assignee="ann")
    just_out = cli.add("active 24h and 1s ago", at="2026-02-09T11:59:59Z", assignee="ann")
    oldest = cli.add("active 3 days ago", at="2026-02-07T12:00:00Z")
    revived = cli.add("old but touched recently", at="2026-02-01T12:00:00Z", assignee="bo")
    cli.ok("evidence", str(revived), "--stance", "context", "--source", "AFP", now="2026-02-10T11:00:00Z")
    done = cli.add("old but confirmed", at="2026-02-01T12:00:00Z", assignee="bo")
    cli.confirm(done, at="2026-02-02T12:00:00Z")

    report = cli.report(now=now)
    assert report["stale"]["total"] == 2
    assert ids(report["stale"]) == [oldest, just_out]  # least recently active first
    first, second = report["stale"]["items"]
    assert (first["assignee"], first["idle_seconds"], first["idle"], first["age"]) == (None, 3 * 86400, "3d", "3d")
    assert first["last_activity_at"] == "2026-02-07T14:00:00+02:00"
    assert (second["assignee"], second["idle_seconds"], second["idle"]) == ("ann", 86401, "1d")
    assert report["stale_by_assignee"]["items"] == [
        {"assignee": None, "label": "unassigned", "count": 1},
        {"assignee": "ann", "label": "ann", "count": 1},
    ]
    assert inside not in ids(report["stale"])
    assert report["check"] == {"ok": False, "stale": 2, "overdue": 0}


def test_deadline_at_now_is_overdue_and_the_sweep_expires_it(cli: Cli) -> None:
    now = "2026-02-10T12:00:00Z"
    at_now = cli.add("deadline equal to now", at="2026-02-10T11:00Z", expires=now)
    next_second = cli.add("deadline one second after now", at="2026-02-10T11:00Z", expires="2026-02-10T12:00:01Z")
    edge_in = cli.add("deadline 24h minus 1s away", at="2026-02-10T11:00Z", expires="2026-02-11T11:59:59Z")
    edge_out = cli.add("deadline exactly 24h away", at="2026-02-10T11:00Z", expires="2026-02-11T12:00:00Z")
    confirmed = cli.add("confirmed, deadline in an hour", at="2026-02-10T10:00Z", expires="2026-02-10T13:00Z")
    cli.confirm(confirmed, at="2026-02-10T11:00Z")
    contradicted = cli.add("contradicted, deadline passed", at="2026-02-10T10:00Z", expires="2026-02-10T11:30Z")
    cli.contradict(contradicted, at="2026-02-10T11:00Z")

    report = cli.report(now=now)
    assert ids(report["overdue"]) == [at_now]
    assert report["overdue"]["items"][0]["due_in_seconds"] == 0
    assert ids(report["due_soon"]) == [next_second, confirmed, edge_in]
    assert [i["due_in_seconds"] for i in report["due_soon"]["items"]] == [1, 3600, 86399]
    assert edge_out not in ids(report["due_soon"])
    code, _, _ = cli("report", "--check", now=now)
    assert code == 1

    swept = json.loads(cli.ok("sweep", "--json", now=now))
    assert [e["id"] for e in swept["expired"]] == [at_now]
    assert swept["expired"][0]["reason"] == "deadline 2026-02-10 12:00 UTC passed"
    after = cli.report(now=now)
    assert after["overdue"]["total"] == 0
    assert after["check"] == {"ok": True, "stale": 0, "overdue": 0}
    code, out, _ = cli("report", "--check", now=now)
    assert code == 0 and "OK: no stale and no overdue claims" in out
    # The expiry is in the history for today, attributed to the system, with the deadline.
    today = cli.report("--day", "today", now=now)
    assert today["day"]["complete"] is False
    (event,) = today["expired"]["items"]
    assert (event["claim"]["id"], event["actor"], event["from"], event["to"]) == (at_now, "system", "unconfirmed",
                                                                                 "expired")
    assert event["at"] == "2026-02-10T14:00:00+02:00"


def test_counts_and_age_buckets(cli: Cli) -> None:
    now = "2026-03-10T12:00:00Z"
    ages = {"fresh": timedelta(hours=23), "one_day": timedelta(days=1), "two_days": timedelta(days=2),
            "five_days": timedelta(days=5), "two_weeks": timedelta(weeks=2), "four_weeks": timedelta(weeks=4),
            "two_months": timedelta(days=60)}
    base = datetime(2026, 3, 10, 12, tzinfo=UTC)
    made = {name: cli.add(name, at=(base - age).strftime("%Y-%m-%dT%H:%M:%SZ")) for name, age in ages.items()}
    cli.confirm(made["two_weeks"], at="2026-03-09T00:00Z")
    cli.contradict(made["five_days"], at="2026-03-09T00:00Z")

    report = cli.report(now=now)
    assert report["counts"]["by_status"] == {"unconfirmed": 5, "confirmed": 1, "contradicted": 1, "expired": 0}
    assert report["counts"]["total"] == 7 and report["counts"]["open"] == 5
    oldest = report["counts"]["oldest_open"]
    assert (oldest["id"], oldest["age_seconds"], oldest["age"]) == (made["two_months"], 60 * 86400, "8w 4d")
    assert report["age_buckets"] == [
        {"label": "<1d", "min_seconds": 0, "max_seconds": 86400, "count": 1},
        {"label": "1-3d", "min_seconds": 86400, "max_seconds": 3 * 86400, "count": 2},  # exactly 1d counts here
        {"label": "3-7d", "min_seconds": 3 * 86400, "max_seconds": 7 * 86400, "count": 0},
        {"label": "1-4w", "min_seconds": 7 * 86400, "max_seconds": 28 * 86400, "count": 0},
        {"label": ">4w", "min_seconds": 28 * 86400, "max_seconds": None, "count": 2},
    ]


def test_an_empty_desk(cli: Cli) -> None:
    report = cli.report(now="2026-02-10T12:00Z")
    assert report["counts"]["oldest_open"] is None
    assert report["counts"]["total"] == 0
    assert all(report[key]["total"] == 0 and report[key]["items"] == []
               for key in ("expired", "resolved", "stale", "due_soon", "overdue", "stale_by_assignee"))
    out = cli.ok("report", now="2026-02-10T12:00Z")
    assert "No stale claims." in out and "No open (unconfirmed) claims." in out


def test_sections_are_capped_and_say_how_many_more(cli: Cli) -> None:
    made = [cli.add(f"claim {i}", at=f"2026-02-0{1 + i}T10:00Z") for i in range(4)]
    report = cli.report("--limit", "2", now="2026-02-10T12:00Z")
    assert report["limit"] == 2
    assert report["stale"] == {**report["stale"], "total": 4, "listed": 2, "more": 2}
    assert ids(report["stale"]) == made[:2]
    out = cli.ok("report", "--limit", "2", now="2026-02-10T12:00Z")
    assert "… and 2 more (2 of 4 listed; raise --limit to see more)" in out


# ------------------------------------------------------------------ JSON, field by field


def _story(cli: Cli) -> dict[str, int]:
    """A small desk: one expiry and two verdicts on 5 Feb (Kyiv), a stale and a due claim on the 6th."""
    expired = cli.add("Expired <claim>", at="2026-02-01T08:00Z", expires="2026-02-05T10:00Z", assignee="ann",
                      speaker="Minister")
    confirmed = cli.add("Confirmed claim", at="2026-02-04T08:00Z", assignee="bo", speaker="Mayor")
    contradicted = cli.add("Contradicted claim", at="2026-02-04T09:00Z", speaker="General")
    stale = cli.add("Stale | *claim* [x](http://e.com)", at="2026-02-04T10:00Z", expires="2026-02-06T09:00Z",
                    assignee="ann", speaker="Spokesman")
    cli.ok("sweep", now="2026-02-05T11:00Z")
    cli.confirm(confirmed, at="2026-02-05T12:00Z", reason="AP and Reuters agree", actor="bo")
    cli.contradict(contradicted, at="2026-02-05T13:00Z", reason="satellite images", actor="cy")
    return {"expired": expired, "confirmed": confirmed, "contradicted": contradicted, "stale": stale}


NOW_6TH = "2026-02-06T06:05:00Z"  # 08:05 in Kyiv on the 6th


def test_json_field_by_field(cli: Cli) -> None:
    made = _story(cli)
    report = cli.report(now=NOW_6TH)
    stale_claim = {
        "id": made["stale"], "uuid": report["stale"]["items"][0]["uuid"],
        "text": "Stale | *claim* [x](http://e.com)", "speaker": "Spokesman", "status": "unconfirmed",
        "assignee": "ann", "created_at": "2026-02-04T12:00:00+02:00", "last_activity_at": "2026-02-04T12:00:00+02:00",
        "expires_at": "2026-02-06T11:00:00+02:00", "age_seconds": 158700, "age": "1d 20h 5m",
        "idle_seconds": 158700, "idle": "1d 20h 5m", "due_in_seconds": 10500,
    }
    assert len(stale_claim["uuid"]) == 36
    expired_event = report["expired"]["items"][0]
    resolved = report["resolved"]["items"]
    assert report["history"]["events"] > 0 and len(report["history"]["head"]) == 64
    assert report == {
        "schema": 1,
        "generated_at": "2026-02-06T08:05:00+02:00",
        "desk_tz": "Europe/Kyiv",
        "day": {"date": "2026-02-05", "start": "2026-02-05T00:00:00+02:00", "end": "2026-02-06T00:00:00+02:00",
                "hours": 24.0, "complete": True},
        "settings": {"stale_after": "1d", "stale_after_seconds": 86400, "due_soon": "1d", "due_soon_seconds": 86400},
        "limit": 50,
        "search": None,
        "check": {"ok": False, "stale": 1, "overdue": 0},
        "expired": {"total": 1, "listed": 1, "more": 0, "items": [{
            "event_id": expired_event["event_id"], "at": "2026-02-05T13:00:00+02:00", "actor": "system",
            "action": "expire", "from": "unconfirmed", "to": "expired",
            "reason": "deadline 2026-02-05 10:00 UTC passed", "override": False,
            "claim": {
                "id": made["expired"], "uuid": expired_event["claim"]["uuid"], "text": "Expired <claim>",
                "speaker": "Minister", "status": "expired", "assignee": "ann",
                "created_at": "2026-02-01T10:00:00+02:00", "last_activity_at": "2026-02-05T13:00:00+02:00",
                "expires_at": "2026-02-05T12:00:00+02:00", "age_seconds": 425100, "age": "4d 22h 5m",
                "idle_seconds": 68700, "idle": "19h 5m", "due_in_seconds": -72300,
            },
        }]},
        "resolved": {"total": 2, "listed": 2, "more": 0, "by_action": {"confirm": 1, "contradict": 1}, "items": [
            {
                "event_id": resolved[0]["event_id"], "at": "2026-02-05T14:00:00+02:00", "actor": "bo",
                "action": "confirm", "from": "unconfirmed", "to": "confirmed", "reason": "AP and Reuters agree",
                "override": False, "claim": {**resolved[0]["claim"], "id": made["confirmed"], "status": "confirmed",
                                             "assignee": "bo", "speaker": "Mayor", "text": "Confirmed claim"},
            },
            {
                "event_id": resolved[1]["event_id"], "at": "2026-02-05T15:00:00+02:00", "actor": "cy",
                "action": "contradict", "from": "unconfirmed", "to": "contradicted", "reason": "satellite images",
                "override": False, "claim": {**resolved[1]["claim"], "id": made["contradicted"],
                                             "status": "contradicted", "assignee": None},
            },
        ]},
        "stale": {"total": 1, "listed": 1, "more": 0, "items": [stale_claim]},
        "stale_by_assignee": {"total": 1, "listed": 1, "more": 0,
                              "items": [{"assignee": "ann", "label": "ann", "count": 1}]},
        "due_soon": {"total": 1, "listed": 1, "more": 0, "items": [stale_claim]},
        "overdue": {"total": 0, "listed": 0, "more": 0, "items": []},
        "counts": {"by_status": {"unconfirmed": 1, "confirmed": 1, "contradicted": 1, "expired": 1}, "total": 4,
                   "open": 1, "oldest_open": stale_claim},
        "history": {"events": report["history"]["events"], "head": report["history"]["head"]},
        "age_buckets": [
            {"label": "<1d", "min_seconds": 0, "max_seconds": 86400, "count": 0},
            {"label": "1-3d", "min_seconds": 86400, "max_seconds": 259200, "count": 1},
            {"label": "3-7d", "min_seconds": 259200, "max_seconds": 604800, "count": 0},
            {"label": "1-4w", "min_seconds": 604800, "max_seconds": 2419200, "count": 0},
            {"label": ">4w", "min_seconds": 2419200, "max_seconds": None, "count": 0},
        ],
    }
    assert resolved[0]["claim"]["last_activity_at"] == "2026-02-05T14:00:00+02:00"
    assert expired_event["event_id"] < resolved[0]["event_id"] < resolved[1]["event_id"]


# ------------------------------------------------------------------ the other formats


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.claim_ids: set[int] = set()
        self.text: list[str] = []
        self.links: list[str] = []
        self.rects = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if found.get("data-claim-id"):
            self.claim_ids.add(int(found["data-claim-id"] or 0))
        self.links += [v or "" for k, v in attrs if k in ("src", "href")]
        self.rects += tag == "rect"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _json_claim_ids(report: dict) -> set[int]:
    found = set()
    for key in ("expired", "resolved", "stale", "due_soon", "overdue"):
        found |= set(ids(report[key]))
    if report["counts"]["oldest_open"]:
        found.add(report["counts"]["oldest_open"]["id"])
    return found


def test_html_is_one_safe_page_with_every_claim_the_json_has(cli: Cli, tmp_path: Path) -> None:
    _story(cli)
    cli.add("<script>alert('x')</script> & more", at="2026-02-05T20:00Z", expires="2026-02-05T21:00Z")
    report = cli.report(now=NOW_6TH)
    out_file = tmp_path / "report.html"
    cli.ok("report", "--format", "html", "--output", str(out_file), now=NOW_6TH)
    page = out_file.read_text(encoding="utf-8")
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert page.startswith("<!DOCTYPE html>") and parser.tags[0] == "html"
    assert "script" not in parser.tags  # the claim's <script> is text, not a tag
    assert "<script>alert('x')</script> &amp; more" not in page
    text = "".join(parser.text)
    assert "<script>alert('x')</script> & more" in text
    assert parser.claim_ids == _json_claim_ids(report) and parser.claim_ids
    for key in ("expired", "resolved", "stale", "due_soon", "overdue"):
        for item in report[key]["items"]:
            claim = item.get("claim", item)
            assert claim["text"] in text
    assert parser.links == []  # no external assets: no src/href at all
    assert "svg" in parser.tags and parser.rects == 5
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
        "[x](http://e.com)", "")


def test_markdown_escapes_claim_text(cli: Cli) -> None:
    made = _story(cli)
    out = cli.ok("report", "--format", "markdown", now=NOW_6TH)
    assert out.startswith("# Daily report: Thursday 5 February 2026\n")
    assert r"Stale \| \*claim\* \[x\](http://e.com)" in out
    assert r"Expired \<claim\>" in out
    row = next(line for line in out.splitlines() if line.startswith(f"| #{made['stale']} |"))
    assert row.count(" | ") == 6  # seven cells: the claim's | did not add a column
    assert "- **Check:** ATTENTION: 1 stale, 0 overdue" in out


def test_text_has_no_colour_off_a_terminal_and_lists_the_sections(cli: Cli) -> None:
    _story(cli)
    out = cli.ok("report", now=NOW_6TH)
    assert "\x1b[" not in out
    for heading in ("== During 2026-02-05 ==", "Expired during the day (1)",
                    "Confirmed or contradicted during the day (1 confirmed, 1 contradicted)",
                    "== As of Fri 2026-02-06 08:05 EET ==", "Stale claims (1)", "Stale claims by assignee", "Overdue (0)",
                    "Due to expire within 1d (1)", "Counts", "Open (unconfirmed) claims by age"):
        assert heading in out
    assert "ATTENTION: 1 stale, 0 overdue" in out
    assert "satellite images" in out and "AP and Reuters agree" in out


def test_every_format_renders_the_demo_database(cli: Cli, tmp_path: Path) -> None:
    demo = Cli(tmp_path / "demo.db", cli.capsys)
    demo.ok("demo", "--no-ui")
    for fmt in ("text", "markdown", "json", "html"):
        code, out, err = demo("report", "--format", fmt)
        assert code == 0 and err == "" and out.strip()


# ------------------------------------------------------------------ options and errors


def test_now_on_the_command_equals_the_global_option(cli: Cli) -> None:
    _story(cli)
    code, out, _ = cli("report", "--format", "json", "--now", NOW_6TH)
    assert code == 0
    assert json.loads(out) == cli.report(now=NOW_6TH)


def test_report_never_writes(cli: Cli) -> None:
    import sqlite3

    _story(cli)

    def dump() -> list[str]:
        with sqlite3.connect(cli.db) as con:
            return list(con.iterdump())

    before = dump()
    for fmt in ("text", "json", "html", "markdown"):
        cli.ok("report", "--format", fmt, "--day", "2026-02-05", now=NOW_6TH)
    assert dump() == before


@pytest.mark.parametrize(("args", "message"), [
    (["--day", "someday"], "tracker: --day: cannot read 'someday' as a date/time"),
    (["--day", "2026-02-31"], "tracker: --day: '2026-02-31' is not a valid date"),
    (["--day", "2026-02-05 14:00"], "tracker: --day: '2026-02-05 14:00' is a time, not a calendar day"),
    (["--day", "tomorrow"], "tracker: --day: 2026-02-07 has not started yet in Europe/Kyiv"),
    (["--now", "next blue moon"], "tracker: --now: cannot read 'next blue moon' as a date/time"),
    (["--format", "xml"], "tracker: Invalid value for '--format'"),
    (["--limit", "0"], "tracker: Invalid value for '--limit'"),
])
def test_bad_input_is_one_line_and_exit_2(cli: Cli, args: list[str], message: str) -> None:
    code, out, err = cli("report", *args, now=NOW_6TH)
    assert code == 2
    assert out == ""
    assert err.startswith(message), err
    assert err.count("\n") == 1


def test_output_to_a_missing_folder_is_one_line(cli: Cli, tmp_path: Path) -> None:
    code, out, err = cli("report", "--output", str(tmp_path / "nowhere" / "r.html"), now=NOW_6TH)
    assert code != 0 and out == ""
    assert err.startswith("tracker: ") and err.count("\n") == 1


def test_no_database_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRACKER_DB", raising=False)
    code = main(["--db", str(tmp_path / "missing.db"), "report"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("tracker: no tracker database at") and err.count("\n") == 1


def test_check_exit_codes_through_a_real_process(cli: Cli) -> None:
    import subprocess
    import sys

    cli.add("stale one", at="2026-02-01T10:00Z")
    env = {**os.environ, "TRACKER_DB": str(cli.db), "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "tracker", "report", "--check", "--format", "markdown"]
    stale = subprocess.run([*cmd, "--now", "2026-02-03T10:00Z"], env=env, capture_output=True, text=True)
    assert stale.returncode == 1 and "ATTENTION: 1 stale, 0 overdue" in stale.stdout and stale.stderr == ""
    fresh = subprocess.run([*cmd, "--now", "2026-02-01T12:00Z"], env=env, capture_output=True, text=True)
    assert fresh.returncode == 0 and "OK: no stale and no overdue claims" in fresh.stdout


def test_multiline_text_stays_on_one_row_and_colour_only_when_asked(cli: Cli) -> None:
    from tracker.service.context import Desk
    from tracker.service.report import build_report, render
    from tracker.store.engine import make_engine

    claim = cli.add("first line\nsecond\tline", at="2026-02-01T10:00Z")
    out = cli.ok("report", now="2026-02-10T12:00Z")
    row = next(line for line in out.splitlines() if line.strip().startswith(f"#{claim} "))
    assert row.rstrip().endswith("first line second line")
    at = datetime(2026, 2, 10, 12, tzinfo=UTC)
    report = build_report(Desk(make_engine(f"sqlite:///{cli.db}"), "x", clock=lambda: at))
    assert "\x1b[31mATTENTION: 1 stale, 0 overdue\x1b[0m" in render(report, "text", colour=True)
    assert "\x1b[" not in render(report, "text", colour=False)
    md = render(report, "markdown")
    assert "first line second line" in md and "first line\n" not in md
