"""Fuzzing CSV rows (issue 11): whatever text a claim holds, `export --format csv` writes rows a spreadsheet
opens as data (no cell runs as a formula) and that read back, cell by cell, to the stored text.

Each example adds a few claims with a tag of their own through `apply` (in-process) and exports only
them, so 250 examples put 1,000 fuzzed rows through the boundary.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz_support import FUZZ, InProcess, integrity
from tracker.service.formats.csv_cells import uncell

SPREADSHEET = "=+-@'\t\r\n\",;"
TEXT = st.text(alphabet=st.one_of(st.sampled_from(list(SPREADSHEET) + ["a", " ", "é", "🚀", "\u202e", "\u200b"]),
                                  st.characters(blacklist_categories=("Cc", "Cs"))), min_size=1, max_size=30)
NAME = st.text(alphabet=st.one_of(st.sampled_from(list("=+-@'\",;") + ["b", " "]),
                                  st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))),
               min_size=1, max_size=15)
CLAIMS_PER_EXAMPLE = 4


def test_any_claim_text_makes_inert_csv_that_reads_back(tmp_path: Path) -> None:
    db = tmp_path / "csv.db"
    run = InProcess(db)
    assert run("init").code == 0
    seen = {"rows": 0, "n": 0}

    @settings(FUZZ, max_examples=max(FUZZ.max_examples // CLAIMS_PER_EXAMPLE, 1))
    @given(st.lists(st.tuples(TEXT, NAME, NAME), min_size=CLAIMS_PER_EXAMPLE, max_size=CLAIMS_PER_EXAMPLE))
    def one(claims: list[tuple[str, str, str]]) -> None:
        seen["n"] += 1
        tag = f"fz{seen['n']}"
        lines = [json.dumps({"action": "add", "text": t, "speaker": s, "source": src, "tags": [tag]})
                 for t, s, src in claims]
        applied = run("apply", "-", stdin="\n".join(lines).encode())
        added = [(c, r) for c, r in zip(claims, applied.lines, strict=True) if r["ok"]]
        for _claim, result in zip(claims, applied.lines, strict=True):
            assert result["ok"] or result["code"] == 2, result  # only input checks may refuse (exit 2)
        exported = run("export", "--format", "csv", "--tag", tag)
        assert exported.code == 0 and exported.err == "", exported.err  # (the BOM is meant: Excel needs it)
        assert exported.out.startswith("\ufeff")
        rows = list(csv.DictReader(io.StringIO(exported.out[1:], newline="")))
        assert len(rows) == len(added)
        by_id = {int(r["id"]): r for r in rows}
        for (text, speaker, source), result in added:
            row = by_id[result["id"]]
            for column, given_text in (("text", text), ("speaker", speaker), ("source", source)):
                cell = row[column]
                assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), (column, cell)
                assert uncell(cell) == given_text.strip(), (column, cell, given_text)
        seen["rows"] += len(rows)

    try:
        one()
    finally:
        run.close()
    integrity(db)
    assert seen["rows"] > 0
