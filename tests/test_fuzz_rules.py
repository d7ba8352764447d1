"""Fuzzing rule settings (issue 11): `tracker rules set KEY VALUE` with any key and value either refuses
with one `tracker:` line (exit 2, nothing stored) or stores a value that every command then lives with:
`rules` shows it, and adding, listing stale and due claims, the report and a dry-run sweep still work.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from fuzz_support import FUZZ, InProcess, fingerprint, integrity

KEYS = ["confirm_sources", "default_expiry", "stale_after", "due_soon", "desk_tz"]
VALUES = st.one_of(
    st.sampled_from(["0", "1", "2", "20", "21", "-1", "99999999999999999999", "1.5", "two", "",
                     "7d", "24h", "2w", "90m", "1d12h", "0h", "-1h", "1y", "1mo", "none", "never", "100000w", "36525d",
                     "36526d", "5218w", "UTC", "Europe/Kyiv", "Kyiv time", "Washington", "UTC+5", "UTC+15",
                     "Mars/Olympus", "Etc/GMT-14", "Australia/Lord_Howe", "\x1b[31m", "\u202e", "x" * 300]),
    st.text(max_size=15),
)


def test_any_rule_setting_is_refused_cleanly_or_lived_with(tmp_path: Path) -> None:
    db = tmp_path / "rules.db"
    run = InProcess(db)
    assert run("init").code == 0
    assert run("add", "a claim", "--speaker", "s").code == 0
    seen = {"stored": 0, "refused": 0}
    checked: set[tuple[tuple[str, str], ...]] = set()

    @FUZZ
    @given(st.one_of(st.sampled_from(KEYS), st.sampled_from(KEYS), st.text(max_size=12)), VALUES)
    def one(key: str, value: str) -> None:
        before = fingerprint(db)
        result = run("rules", "set", key, value)
        result.check_contract()
        if result.code == 0 and result.out.startswith("Usage:"):  # the value was -h or --help: click's help
            assert fingerprint(db) == before
            return
        if result.code != 0:
            assert result.code == 2, (key, value, result.err)
            assert fingerprint(db) == before
            seen["refused"] += 1
            return
        seen["stored"] += 1
        shown = run("rules", "--json")
        assert shown.code == 0
        data = json.loads(shown.out)
        assert data["settings"][key] == dict(fingerprint(db).settings)[key]
        assert data["changed"][key]["by"] == "fuzz"
        settled = tuple(sorted(data["settings"].items()))
        if settled in checked:  # the same settings were lived with already
            return
        checked.add(settled)
        for args in (("add", "after a setting", "--speaker", "s"), ("list", "--stale", "--due-soon", "--json"),
                     ("report", "--format", "json"), ("sweep", "--dry-run", "--json")):
            after = run(*args)
            after.check_contract()
            assert after.code == 0, (key, value, args, after.err)

    try:
        one()
    finally:
        run.close()
    integrity(db)
    assert seen["stored"] > 0 and seen["refused"] > 0, seen
