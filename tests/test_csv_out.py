"""`tracker list --csv` and `tracker export --format csv`: rows a spreadsheet opens cleanly, formulas inert."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from cli_support import add, evidence
from tracker.service.formats.csv_cells import COLUMNS, cell, uncell


def _rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_export_writes_one_row_per_claim_with_status_counts_verdict_and_both_times(tr) -> None:
    assert tr("rules", "set", "desk_tz", "Europe/Kyiv").code == 0
    claim = add(tr, "Line one,\nline \"two\"", "--said-at", "2026-01-29 11:30 Washington time",
                "--source", "AP", "--tag", "energy", "--tag", "ukraine", "--assignee", "olena")
    evidence(tr, claim["id"], "supports", "AP")
    evidence(tr, claim["id"], "supports", "BBC")
    evidence(tr, claim["id"], "context", "Wiki")
    assert tr("confirm", claim["id"], "--reason", "two, sources; agreed", actor="sam").code == 0
    other = add(tr, "Still open")
    result = tr("export", "--format", "csv")
    assert result.code == 0, result.err
    assert result.out.count("\r\n") >= 3  # RFC 4180 line ends (one newline sits inside a quoted cell)
    first, second = _rows(result.out)
    assert list(first) == list(COLUMNS)
    assert first["id"] == str(claim["id"]) and first["uuid"] == claim["uuid"]
    assert first["text"] == "Line one,\nline \"two\""
    assert first["status"] == "confirmed" and first["verdict"] == "confirmed"
    assert first["verdict_reason"] == "two, sources; agreed" and first["verdict_by"] == "sam"
    assert (first["supports"], first["contradicts"], first["context"]) == ("2", "0", "1")
    assert first["said_at"] == "2026-01-29 18:30:00"  # 11:30 in Washington is 18:30 in Kyiv
    assert first["said_at_utc"] == "2026-01-29T16:30:00Z" and first["said_tz"] == "America/New_York"
    assert first["verdict_at"] == "2026-01-30 14:00:00" and first["verdict_at_utc"] == "2026-01-30T12:00:00Z"
    assert first["tags"] == "energy ukraine" and first["assignee"] == "olena"
    assert second["id"] == str(other["id"]) and second["verdict"] == "" and second["verdict_reason"] == ""


def test_list_csv_is_the_listed_page_and_honours_filters_sort_and_limit(tr) -> None:
    ids = [add(tr, f"Claim {n}", "--tag", "odd" if n % 2 else "even")["id"] for n in range(5)]
    result = tr("list", "--csv", "--tag", "odd", "--sort", "id", "--limit", "1")
    assert [r["id"] for r in _rows(result.out)] == [str(ids[1])]
    everything = _rows(tr("list", "--csv", "--sort", "-id").out)
    assert [r["id"] for r in everything] == [str(i) for i in reversed(ids)]
    assert _rows(tr("export", "--format", "csv", "--tag", "even").out)[-1]["id"] == str(ids[4])


def test_no_bom_leaves_the_mark_out(tr) -> None:
    add(tr)
    assert tr("export", "--format", "csv", "--no-bom").out.startswith("id,uuid,")


def test_cells_a_spreadsheet_would_run_are_written_as_text(tr) -> None:
    texts = ['=HYPERLINK("http://evil.example","click")', "+1+2", "-2+3", "@SUM(A1)", "'=already quoted"]
    lines = [json.dumps({"action": "add", "text": t, "speaker": "=cmd|' /C calc'!A0"}) for t in texts]
    assert tr("apply", "-", stdin="\n".join(lines).encode()).code == 0
    rows = _rows(tr("export", "--format", "csv").out)
    for row, text in zip(rows, texts, strict=True):
        assert row["text"] == "'" + text
        assert row["speaker"] == "'=cmd|' /C calc'!A0"
        assert uncell(row["text"]) == text
    for row in rows:
        for value in row.values():
            assert value[:1] not in ("=", "+", "-", "@", "\t", "\r"), value


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("=+-@'\t\rab ,;\"\n")) | st.characters(), max_size=20))
def test_cell_is_inert_and_uncell_undoes_it(text: str) -> None:
    guarded = cell(text)
    assert guarded[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert uncell(guarded) == text
