"""`tracker export` piped into `tracker apply` rebuilds the same claims, evidence, tags, history and settings;
applying it again changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cli_support import DEMO_CLAIMS
from tracker.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    if stdin is not None and monkeypatch is not None:
        import io
        import sys

        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def without_local_ids(value: Any) -> Any:
    """JSON with the local integer ids (claim, evidence, event) left out: they differ between databases."""
    if isinstance(value, dict):
        return {k: without_local_ids(v) for k, v in value.items() if k not in ("id", "claim_id", "evidence_id")}
    if isinstance(value, list):
        return [without_local_ids(v) for v in value]
    return value


def snapshot(capsys: pytest.CaptureFixture[str], db: str) -> dict[str, tuple[dict, list]]:
    """Every claim's show --json and history --json, by uuid, local ids left out; and the settings."""
    code, out, _ = run(capsys, "--db", db, "list", "--json", "--limit", "1000", "--sort", "id")
    assert code == 0
    claims: dict[str, Any] = {}
    for row in json.loads(out):
        _, shown, _ = run(capsys, "--db", db, "show", str(row["id"]), "--json")
        _, history, _ = run(capsys, "--db", db, "history", str(row["id"]), "--json")
        claims[row["uuid"]] = (without_local_ids(json.loads(shown)), without_local_ids(json.loads(history)))
    _, rules, _ = run(capsys, "--db", db, "rules", "--json")
    claims["settings"] = json.loads(rules)["settings"]
    return claims


def test_export_then_apply_rebuilds_the_demo_exactly_and_again_changes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    source, target = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    assert run(capsys, "demo", "--no-ui", "--db", source)[0] == 0
    assert run(capsys, "--db", source, "--actor", "sam", "assign", "13", "sam")[0] == 0
    assert run(capsys, "--db", source, "--actor", "sam", "expire", "6", "--reason", "desk", "--override")[0] == 0
    assert run(capsys, "--db", source, "--actor", "sam", "reopen", "6", "--reason", "new footage",
               "--expires", "+2d")[0] == 0
    assert run(capsys, "--db", source, "--actor", "sam", "edit", "2", "--text", "Edited text", "--tag", "new",
               "--reason", "typo")[0] == 0
    assert run(capsys, "--db", source, "rules", "set", "confirm_sources", "3")[0] == 0
    code, exported, err = run(capsys, "--db", source, "export")
    assert code == 0, err
    lines = [json.loads(line) for line in exported.splitlines()]
    header, events = lines[0], lines[1:]
    assert header["tracker_export"] == 1 and header["settings"]["confirm_sources"] == "3"
    assert header["events"] == len(events)
    assert sum(1 for e in events if e["action"] == "add") == DEMO_CLAIMS
    assert [e["action"] for e in events[-4:]] == ["expire", "reopen", "edit", "rules"]
    assert all(e["at"].endswith("+00:00") for e in events)
    add6 = next(e for e in events if e["action"] == "add" and e["uuid"] == events[-4]["uuid"])
    assert add6["payload"]["claim"]["expires_at"] != events[-3]["payload"]["changes"]["expires_at"]["to"]

    assert run(capsys, "--db", target, "init")[0] == 0
    code, results, err = run(capsys, "--db", target, "apply", "-", stdin=exported, monkeypatch=monkeypatch)
    assert code == 0, results[-500:]
    assert all(json.loads(r)["ok"] for r in results.splitlines())
    assert snapshot(capsys, target) == snapshot(capsys, source)
    # The same events in the same order: the same hash chain.
    assert json.loads(run(capsys, "--db", target, "export")[1].splitlines()[0])["head"] == header["head"]

    code, again, err = run(capsys, "--db", target, "apply", "-", stdin=exported, monkeypatch=monkeypatch)
    assert code == 0, err
    outcomes = [json.loads(r) for r in again.splitlines()]
    assert outcomes[0] == {"line": 1, "ok": True, "action": "header"}
    assert all(o["ok"] and o.get("already_applied") for o in outcomes[1:])
    assert run(capsys, "--db", target, "export")[1] == run(capsys, "--db", target, "export")[1]
    assert run(capsys, "--db", target, "export")[1].splitlines()[1:] == exported.splitlines()[1:]


def test_a_run_killed_part_way_is_rerun_to_completion(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    source, target = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    assert run(capsys, "demo", "--no-ui", "--db", source)[0] == 0
    exported = run(capsys, "--db", source, "export")[1]
    assert run(capsys, "--db", target, "init")[0] == 0
    part = "\n".join(exported.splitlines()[:20]) + "\n"  # the first chunk landed, then the run was killed
    assert run(capsys, "--db", target, "apply", "-", stdin=part, monkeypatch=monkeypatch)[0] == 0
    code, out, _ = run(capsys, "--db", target, "apply", "-", stdin=exported, monkeypatch=monkeypatch)
    assert code == 0
    outcomes = [json.loads(r) for r in out.splitlines()]
    assert sum(1 for o in outcomes if o.get("already_applied")) == 19
    assert snapshot(capsys, target) == snapshot(capsys, source)


def test_exported_events_that_do_not_fit_are_refused_per_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "a.db")
    assert run(capsys, "--db", db, "init")[0] == 0
    assert run(capsys, "--db", db, "add", "x", "--speaker", "s")[0] == 0
    assert run(capsys, "--db", db, "confirm", "1", "--reason", "r", "--override")[0] == 0
    lines = run(capsys, "--db", db, "export")[1].splitlines()
    confirm = json.loads(lines[2])
    other = str(tmp_path / "b.db")
    assert run(capsys, "--db", other, "init")[0] == 0
    orphan = dict(confirm, event="4c3e3a55-0000-4000-8000-000000000001")
    bad_payload = dict(json.loads(lines[1]), event="4c3e3a55-0000-4000-8000-000000000002", payload={"claim": 3})
    stdin = "\n".join([json.dumps(orphan), json.dumps(bad_payload), lines[1], lines[2], lines[2],
                       json.dumps(dict(confirm, event="4c3e3a55-0000-4000-8000-000000000003"))]) + "\n"
    code, out, _ = run(capsys, "--db", other, "apply", "-", stdin=stdin, monkeypatch=monkeypatch)
    outcomes = [json.loads(r) for r in out.splitlines()]
    assert code == 1
    assert [(o["ok"], o.get("code"), o.get("already_applied")) for o in outcomes] == [
        (False, 2, None), (False, 2, None), (True, None, None), (True, None, None), (True, None, True),
        (False, 5, None)]
    assert "not here" in outcomes[0]["error"]
    assert "moves claim 1 from unconfirmed, but it is confirmed" in outcomes[5]["error"]


def test_an_export_line_carries_no_raw_bidi_or_invisible_character(tr, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Bidi overrides and invisible characters in any text leave as \\u escapes: the same data, inert on a terminal."""
    text = "abc\u202edef\u200bghi"
    assert tr("add", text, "--speaker", "s\u2066x", "--json").code == 0
    exported = tr("export").out
    assert not any(ch in exported for ch in "\u202e\u200b\u2066") and "\\u202e" in exported
    other = tmp_path / "o.db"
    assert cli("--db", other, "init").code == 0
    assert cli("--db", other, "apply", "-", stdin=exported.encode()).code == 0
    assert cli("--db", other, "show", "1", "--json").json["text"] == text
    assert cli("--db", other, "verify").code == 0
