"""Duplicate claims through the CLI: `link` / `unlink` as events, a duplicate following its primary (confirm,
contradict, the sweep's expire, reopen) in the same transaction, the link rules (self, cycle, a duplicate's
primary, bringing duplicates along), `list` hiding duplicates, JSON, the report counting a story once, batch
lines, the export -> apply round trip and `verify`, and as-of views."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_support import add, evidence, jsonl_bytes

PUTIN = "Putin agreed not to strike Kyiv for one week"


def three(tr) -> tuple[int, int, int]:
    first = add(tr, PUTIN, "--expires", "+2d")["id"]
    second = add(tr, "Putin has agreed not to strike Kyiv for a week", "--expires", "+5d", speaker="AP")["id"]
    third = add(tr, "Kremlin: no strikes on the capital for seven days", speaker="Reuters")["id"]
    return first, second, third


def claim(tr, claim_id: int) -> dict:
    return tr("show", claim_id, "--json").json


def test_linking_makes_a_duplicate_follow_its_primarys_verdict(tr) -> None:
    primary, dup, _ = three(tr)
    linked = tr("link", dup, "--duplicate-of", primary, "--reason", "same claim, wire copy", "--json")
    assert linked.code == 0 and linked.json["duplicate_of"] == primary and linked.json["version"] == 2
    assert tr("link", dup, "--duplicate-of", primary, "--reason", "same").out == f"claim {dup}: duplicate of #{primary}, unconfirmed\n"
    assert claim(tr, primary)["duplicates"] == [dup]
    evidence(tr, primary, "supports", "AP")
    evidence(tr, primary, "supports", "Reuters")
    assert tr("confirm", primary, "--reason", "two sources").code == 0
    after = claim(tr, dup)
    assert after["status"] == "confirmed" and after["evidence"] == []  # no evidence of its own: it follows
    followed = tr("history", dup, "--json").json[-1]
    assert followed["action"] == "confirm" and followed["reason"] == f"follows #{primary}: two sources"
    assert followed["payload"]["follows"] == claim(tr, primary)["uuid"]
    assert followed["at"] == tr("history", primary, "--json").json[-1]["at"]  # the same transaction, the same time
    assert tr("contradict", primary, "--reason", "denied", "--override").code == 0
    assert claim(tr, dup)["status"] == "contradicted"
    assert tr("history", dup, "--json").json[-1]["override"] is True
    assert tr("reopen", primary, "--reason", "new statement").code == 0
    assert claim(tr, dup)["status"] == "unconfirmed"
    assert tr("verify").code == 0


def test_a_duplicates_guards_read_its_primarys_evidence(tr) -> None:
    primary, dup, _ = three(tr)
    evidence(tr, primary, "supports", "AP")
    assert tr("link", dup, "--duplicate-of", primary, "--reason", "same").code == 0
    tr("confirm", dup, "--reason", "one source").assert_error(4, "confirm needs", "has 1")
    evidence(tr, dup, "supports", "BBC")
    assert tr("confirm", dup, "--reason", "AP on the primary, BBC here").code == 0
    assert tr("unlink", dup, "--reason", "not the same after all").code == 0
    assert tr("reopen", dup, "--reason", "recheck").code == 0
    tr("confirm", dup, "--reason", "alone now").assert_error(4, "has 1")


def test_link_rules_self_cycle_duplicate_of_a_duplicate_and_bringing_duplicates_along(tr) -> None:
    a, b, c = three(tr)
    tr("link", a, "--duplicate-of", a, "--reason", "x").assert_error(2, "itself")
    assert tr("link", b, "--duplicate-of", a, "--reason", "copy").code == 0
    tr("link", a, "--duplicate-of", b, "--reason", "x").assert_error(4, "cycle")
    onto_dup = tr("link", c, "--duplicate-of", b, "--reason", "copy of the copy", "--json")
    assert onto_dup.code == 0 and onto_dup.json["duplicate_of"] == a  # a duplicate's primary stands for it
    d = add(tr, "Talks resume on Monday in Istanbul", speaker="Diplomat")["id"]
    moved = tr("link", a, "--duplicate-of", d, "--reason", "the story is the talks", "--json")
    assert moved.code == 0 and moved.json["duplicate_of"] == d
    assert claim(tr, d)["duplicates"] == [a, b, c] and claim(tr, a)["duplicates"] == []
    assert claim(tr, b)["duplicate_of"] == d
    assert tr("history", b, "--json").json[-1]["reason"] == f"with #{a}, now a duplicate of #{d}: the story is the talks"
    tr("link", 99, "--duplicate-of", a, "--reason", "x").assert_error(3, "no claim 99")
    tr("link", a, "--duplicate-of", 99, "--reason", "x").assert_error(3, "no claim 99")
    tr("link", b, "--duplicate-of", d, "--reason", "   ").assert_error(2, "reason")
    tr("link", b, "--duplicate-of", d, "--reason", "x", "--if-version", "1").assert_error(5, "changed since")
    unchanged = tr("unlink", d, "--reason", "x")
    assert unchanged.code == 0 and "not a duplicate" in unchanged.err


def test_list_hides_duplicates_unless_asked_and_json_carries_the_links(tr) -> None:
    a, b, c = three(tr)
    assert tr("link", b, "--duplicate-of", a, "--reason", "copy").code == 0
    listed = tr("list", "--json").json
    assert [r["id"] for r in listed] == [c, a]
    assert {r["id"]: (r["duplicate_of"], r["duplicates"]) for r in listed} == {c: (None, []), a: (None, [b])}
    assert [r["id"] for r in tr("list", "--with-duplicates", "--json").json] == [c, b, a]
    assert [r["id"] for r in tr("list", "--search", "strike kyiv", "--json").json] == [a]
    shown = tr("show", a).out
    assert f"1 duplicate: #{b}" in shown and f"duplicate of #{a}" in tr("show", b).out
    csv_rows = tr("list", "--csv").out.strip().splitlines()
    assert len(csv_rows) == 3  # header + the two claims list shows


def test_linked_to_a_primary_with_a_verdict_the_duplicate_catches_up(tr) -> None:
    a, b, _ = three(tr)
    evidence(tr, a, "supports", "AP")
    evidence(tr, a, "supports", "Reuters")
    assert tr("confirm", a, "--reason", "two sources").code == 0
    linked = tr("link", b, "--duplicate-of", a, "--reason", "late wire copy", "--json").json
    assert linked["status"] == "confirmed" and linked["version"] == 3
    assert [e["action"] for e in tr("history", b, "--json").json] == ["add", "link", "confirm"]
    assert tr("unlink", b, "--reason", "wrong", "--json").json["status"] == "confirmed"  # unlink moves nothing
    assert tr("reopen", a, "--reason", "new").code == 0
    assert claim(tr, b)["status"] == "confirmed"  # no longer follows


def test_the_sweep_expires_a_primary_and_its_duplicates_together(tr, cli, db_path: Path) -> None:
    a, b, _ = three(tr)  # a expires in 2 days, b in 5
    short = add(tr, "The corridor reopens today", "--expires", "+1h", speaker="Port")["id"]
    assert tr("link", b, "--duplicate-of", a, "--reason", "copy").code == 0
    assert tr("link", short, "--duplicate-of", b, "--reason", "same story").code == 0  # -> a
    later = "2026-02-03T12:00:00+00:00"
    preview = tr("sweep", "--dry-run", "--json", now=later).json
    assert preview["expired_count"] == 1 and [e["id"] for e in preview["expired"]] == [a]
    swept = tr("sweep", "--json", now=later).json
    assert sorted(e["id"] for e in swept["expired"]) == sorted([a, b, short])
    assert {claim(tr, i)["status"] for i in (a, b, short)} == {"expired"}
    assert tr("history", short, "--json", now=later).json[-1]["reason"].startswith(f"follows #{a}: deadline")
    assert tr("sweep", "--json", now=later).json["expired_count"] == 0


def test_the_report_counts_a_storys_claim_once(tr) -> None:
    a, b, _ = three(tr)
    before = tr("report", "--format", "json").json["counts"]["by_status"]["unconfirmed"]
    story = tr("report", "--format", "json", "--search", "putin kyiv").json["counts"]["total"]
    assert (before, story) == (3, 2)
    assert tr("link", b, "--duplicate-of", a, "--reason", "copy").code == 0
    assert tr("report", "--format", "json").json["counts"]["by_status"]["unconfirmed"] == 2
    assert tr("report", "--format", "json", "--search", "putin kyiv").json["counts"]["total"] == 1


def test_batch_link_and_unlink_lines(tr) -> None:
    a, b, c = three(tr)
    uuid_a = claim(tr, a)["uuid"]
    lines = jsonl_bytes([
        {"action": "link", "id": b, "duplicate_of": uuid_a, "reason": "copy"},
        {"action": "link", "id": c, "duplicate_of": f"#{b}", "reason": "copy of a copy"},
        {"action": "link", "id": c, "duplicate_of": a, "reason": "again"},
        {"action": "link", "id": a, "duplicate_of": a, "reason": "self"},
        {"action": "link", "id": a, "reason": "no primary"},
        {"action": "unlink", "id": c, "reason": "not the same", "version": 2},
        {"action": "unlink", "id": b, "reason": "x", "primary": 1},
    ])
    out = tr("apply", "-", stdin=lines).lines
    assert [(r["ok"], r.get("code", 0)) for r in out] == [(True, 0), (True, 0), (True, 0), (False, 2), (False, 2),
                                                         (True, 0), (False, 2)]
    assert out[2]["unchanged"] is True and "duplicate_of" in out[4]["error"] and "primary" in out[6]["error"]
    assert (claim(tr, b)["duplicate_of"], claim(tr, c)["duplicate_of"]) == (a, None)


def test_links_and_follows_survive_export_apply_verify_and_as_of(tr, cli, tmp_path: Path) -> None:
    a, b, c = three(tr)
    assert tr("link", b, "--duplicate-of", a, "--reason", "copy", now="2026-01-30T13:00:00+00:00").code == 0
    evidence(tr, a, "supports", "AP")
    assert tr("confirm", a, "--reason", "one is enough", "--override", now="2026-01-30T14:00:00+00:00").code == 0
    assert tr("unlink", b, "--reason", "split", now="2026-01-30T15:00:00+00:00").code == 0
    exported = tr("export", now="2026-01-30T16:00:00+00:00").out
    other = tmp_path / "replica.db"
    assert cli("--db", other, "init").code == 0
    applied = cli("--db", other, "apply", "-", stdin=exported.encode())
    assert applied.code == 0, applied.out[-400:]
    assert cli("--db", other, "export").out.splitlines()[1:] == exported.splitlines()[1:]
    assert cli("--db", other, "verify").code == 0 and tr("verify").code == 0
    for i in (a, b):
        assert cli("--db", other, "show", i, "--json").json == claim(tr, i)
    then = tr("show", b, "--as-of", "2026-01-30T14:30:00+00:00", "--json").json
    assert (then["duplicate_of"], then["status"]) == (a, "confirmed")
    earlier = tr("list", "--as-of", "2026-01-30T12:30:00+00:00", "--json").json
    assert {r["id"]: r["duplicates"] for r in earlier}[a] == []
    at_link = tr("list", "--as-of", "2026-01-30T13:30:00+00:00", "--json").json
    assert [r["id"] for r in at_link] == [c, a] and at_link[1]["duplicates"] == [b]
    # an exported link whose primary is not there fails alone
    link_line = next(line for line in exported.splitlines() if json.loads(line).get("action") == "link")
    empty = tmp_path / "empty.db"
    assert cli("--db", empty, "init").code == 0
    refused = cli("--db", empty, "apply", "-", stdin=(link_line + "\n").encode())
    assert refused.code == 1 and "not here" in refused.out


def test_look_alikes_name_the_primary_not_its_duplicates(tr) -> None:
    a, b, _ = three(tr)
    assert tr("link", b, "--duplicate-of", a, "--reason", "copy").code == 0
    again = tr("add", "Putin agreed not to strike Kyiv for a week", "--speaker", "X", "--json").json
    assert [s["id"] for s in again["similar"]] == [a]
    assert b not in [s["id"] for s in tr("similar", a, "--json").json]
