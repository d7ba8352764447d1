"""Fuzzing CSV rows coming in (issue 11): whatever a spreadsheet holds, `tracker import --format csv`
answers row by row. Each row lands or fails alone (code 2, naming the row), nothing raw reaches the
output, a file that cannot be read at all is refused whole (exit 2) with nothing stored, and the
database holds exactly what it held plus the rows reported added.

Each example is one small sheet of up to 4 rows; `FUZZ_EXAMPLES` sheets run in one process.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz_support import FUZZ, RAW, InProcess, fingerprint, integrity

COLUMNS = ["text", "speaker", "said_at", "said_tz", "source", "url", "tags", "expires_at", "uuid", "status",
           "said_at_utc", "Quote", "Who", "  Text ", "SPEAKER", "id", "", "text"]
CELLS = ["", " ", "a claim", "Donald Trump", "=HYPERLINK(\"http://x\")", "'=1+1", "+7d", "-2d", "@SUM(A1)",
         "yesterday", "2026-01-29 11:30 Washington time", "9999-12-31T23:00:00Z", "never", "Narnia time",
         "Europe/Kyiv", "Mars/Olympus", "+05:30", "https://apnews.com/x", "javascript:alert(1)",
         "ceasefire;kyiv", "x" * 4001, "\x1b[31mred", "\u202eevil", "two\nlines", "a,b", "\"quoted\"",
         "7c29ffde-dcba-4e96-84e4-d804d5a85125", "not-a-uuid", "confirmed", "\x00", "\ufeff"]
CELL = st.one_of(st.sampled_from(CELLS), st.text(max_size=15))


@st.composite
def sheets(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 11))
    if kind == 0:
        return draw(st.binary(max_size=200))
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=6))
    if kind > 3:  # most sheets have the two columns a claim needs, each column once, and rows
        names: dict[str, str] = {"text": "text", "speaker": "speaker"}
        for name in header:
            names.setdefault(name.strip().lower(), name)
        header = list(names.values())
    good = st.lists(st.sampled_from(["a claim", "Donald Trump", "the Kremlin said so", "AP"]),
                    min_size=len(header), max_size=len(header))
    row = st.one_of(good, st.lists(CELL, min_size=len(header), max_size=len(header)),
                    st.lists(CELL, min_size=0, max_size=len(header) + 1))
    rows = draw(st.lists(row, min_size=1 if kind > 3 else 0, max_size=4))
    out = io.StringIO()
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    writer = csv.writer(out, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data


def test_any_sheet_imports_row_by_row_or_is_refused_whole(tmp_path: Path) -> None:
    db = tmp_path / "sheets.db"
    run = InProcess(db)
    assert run("init").code == 0
    sheet = tmp_path / "sheet.csv"
    seen = {"sheets": 0, "refused": 0, "rows": 0, "added": 0, "failed": 0}

    @settings(FUZZ)
    @given(sheets())
    def one(data: bytes) -> None:
        seen["sheets"] += 1
        sheet.write_bytes(data)
        before = fingerprint(db)
        result = run("import", str(sheet), "--format", "csv", "--jsonl")
        result.check_contract()
        assert result.code in (0, 1, 2), (result.code, result.err)
        if result.code == 2:
            seen["refused"] += 1
            assert fingerprint(db) == before  # refused whole: nothing stored
            return
        rows = result.lines
        numbers = [r["row"] for r in rows]
        assert numbers == sorted(set(numbers)), numbers  # one result per row, in order
        added = 0
        for row in rows:
            assert set(row) >= {"row", "ok", "action"}, row
            if row["ok"]:
                added += row["action"] == "add"
            else:
                assert row["code"] == 2, row  # a sheet's row is refused only as bad input
                assert not RAW.search(row["error"]) and "\n" not in row["error"], row
                assert "internal" not in row["error"], row
        assert result.code == (0 if all(r["ok"] for r in rows) else 1)
        assert fingerprint(db).claims == before.claims + added
        seen["rows"] += len(rows)
        seen["added"] += added
        seen["failed"] += sum(not r["ok"] for r in rows)

    try:
        one()
    finally:
        run.close()
    integrity(db)
    print(f"\ncsv import fuzz: {seen}")
    assert seen["sheets"] >= FUZZ.max_examples
    assert seen["added"] > 0 and seen["failed"] > 0 and seen["refused"] > 0
