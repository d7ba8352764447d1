"""Claims from a spreadsheet's CSV: one claim per row, each row atomic, errors naming the row and the column.

The header names claim fields as `show --json` does (`text`, `speaker`, `said_at`, `source`, `url`,
`tags`, `assignee`, `expires_at`, `uuid`, `said_tz`); `--map COLUMN=FIELD` reads other headers.
The other columns `export --format csv` writes (status, counts, verdict, created and activity
times) are what the desk did with the claim, not the claim: they are read past, quietly. Any other
column is ignored with one warning.

* Text: UTF-8 with or without a byte-order mark (Excel's "CSV UTF-8"); `,` or `;` (or tab) between
  cells, sniffed from the header; quoted cells may hold separators, quotes and newlines.
* Times: anything `--said-at` takes ("2026-01-29 11:30 Washington time", "29/01/2026 11:30",
  ISO 8601). `said_at_utc` (as exported) wins over `said_at`, read in `said_tz`; `said_at`
  with `said_tz` is read on that zone's clock; `said_at` alone as `--said-at` reads it.
  An empty `expires_at` in a file that has `expires_at_utc` (an export) means no deadline;
  otherwise an empty or missing `expires_at` gives the default deadline.
* `uuid`: a row whose uuid is already a claim is reported as already imported and changes
  nothing, so importing the same file twice is safe.
* Cells `export` protected against formula injection (a leading apostrophe) are read back as written.

Rows go through the batch use-case table (`add` records, one savepoint each) in chunks.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

from tracker.domain.errors import ExitCode, InvalidInput
from tracker.domain.when import to_zone
from tracker.service.context import Desk
from tracker.service.formats.csv_cells import COLUMNS, uncell
from tracker.service.formats.requests import ImportRequest, RowResult

FIELDS = ("uuid", "text", "speaker", "said_at", "said_tz", "source", "url", "tags", "assignee", "expires_at")
"""Claim fields a row may give."""
READ_PAST = frozenset(COLUMNS) - set(FIELDS) - {"said_at_utc", "expires_at_utc"}
"""Exported columns that describe what happened to the claim; not imported."""
TIME_TWINS = {"said_at_utc": "said_at", "expires_at_utc": "expires_at"}
MAX_FIELD = 1_000_000


def decode(data: bytes) -> str:
    """The file as text: UTF-8, a byte-order mark dropped; InvalidInput for anything else."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InvalidInput(f"the file is not UTF-8 (byte {err.start + 1}); save it as \"CSV UTF-8\"") from None


class _Sheet(csv.excel):
    """Excel's CSV (quotes doubled inside quoted cells) with the file's separator."""


def dialect(text: str) -> type[csv.Dialect]:
    """Excel's dialect with the separator the header line uses most (`,`, `;` or tab)."""
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    sep = max(counts, key=lambda k: counts[k]) if any(counts.values()) else ","
    return type("Sheet", (_Sheet,), {"delimiter": sep})


def columns(header: list[str], request: ImportRequest) -> tuple[dict[int, str], list[str]]:
    """Which cell index holds which field (after --map), and the columns that are ignored."""
    mapping = {column.strip().lower(): field for column, field in request.mapping}
    for field in mapping.values():
        if field not in FIELDS:
            raise InvalidInput(f"--map: {field!r} is not a claim field ({', '.join(FIELDS)})")
    where: dict[int, str] = {}
    ignored: list[str] = []
    for index, name in enumerate(header):
        key = name.strip().lower()
        field = mapping.get(key, key)
        if field in FIELDS or field in TIME_TWINS:
            if field in where.values():
                raise InvalidInput(f"the header names {field} twice")
            where[index] = field
        elif key and key not in READ_PAST:
            ignored.append(name.strip())
    if "text" not in where.values() or "speaker" not in where.values():
        missing = " and ".join(f for f in ("text", "speaker") if f not in where.values())
        raise InvalidInput(f"the header has no {missing} column (name it, or --map COLUMN={missing.split()[0]})")
    return where, ignored


def _wall(value: str, zone: str) -> str:
    """An exported UTC time as wall-clock text in `zone`, for `--said-at` to read back."""
    from datetime import datetime

    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"not an ISO 8601 UTC time: {value[:40]!r}") from None
    if at.utcoffset() is None:
        raise InvalidInput(f"{value[:40]!r} has no UTC offset")
    return f"{to_zone(at, zone):%Y-%m-%d %H:%M:%S} {zone}"


def record_of(cells: dict[str, str], has_twins: bool) -> tuple[dict[str, Any], dict[str, str]]:
    """The `add` record of one row, and which field each record key came from (for error columns)."""
    record: dict[str, Any] = {"action": "add"}
    came: dict[str, str] = {}
    zone = cells.get("said_tz", "").strip()
    for field in ("uuid", "text", "speaker", "source", "url", "assignee"):
        value = cells.get(field, "").replace("\r\n", "\n").replace("\r", "\n")
        if value.strip():
            record[field] = value
            came[field] = field
    if cells.get("tags", "").strip():
        record["tags"] = [t for t in re.split(r"[\s,;]+", cells["tags"]) if t]
        came["tags"] = "tags"
    said_utc, said = cells.get("said_at_utc", "").strip(), cells.get("said_at", "").strip()
    if said_utc:
        record["said_at"], came["said_at"] = _wall(said_utc, zone or "UTC"), "said_at_utc"
    elif said:
        record["said_at"], came["said_at"] = (f"{said} {zone}" if zone else said), "said_at"
    expires_utc, expires = cells.get("expires_at_utc", "").strip(), cells.get("expires_at", "").strip()
    if expires_utc:
        record["expires_at"], came["expires_at"] = expires_utc, "expires_at_utc"
    elif expires:
        record["expires_at"], came["expires_at"] = expires, "expires_at"
    elif has_twins:
        record["expires_at"], came["expires_at"] = "never", "expires_at"
    return record, came


def _column(error: str, came: dict[str, str], names: dict[str, str]) -> str | None:
    """The CSV column an error message is about (it starts with the field's name)."""
    for key in sorted(FIELDS, key=len, reverse=True):
        if error.startswith(key) or (key == "tags" and error.startswith("tag ")):
            field = came.get(key, key)
            return names.get(field, names.get(key, key))
    return None


def rows(data: bytes, request: ImportRequest) -> Iterator[tuple[int, dict[str, str] | None, str | None]]:
    """(spreadsheet row number, cells by field, or a problem with the row) for each non-blank row."""
    text = decode(data)
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), dialect(text))
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidInput(f"{request.name} is empty") from None
    except csv.Error as err:
        raise InvalidInput(f"row 1: {err}") from None
    where, ignored = columns(header, request)
    if ignored:
        request.warn(f"warning: column(s) {', '.join(ignored)} ignored: not claim fields (--map COLUMN=FIELD)")
    number = 1
    while True:
        try:
            line = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            number += 1
            yield number, None, str(err)
            continue
        number += 1
        if not any(cell.strip() for cell in line):
            continue
        if len(line) > len(header) and any(cell.strip() for cell in line[len(header):]):
            yield number, None, f"{len(line)} cells but the header has {len(header)} (a separator inside an unquoted cell?)"
            continue
        yield number, {field: uncell(line[i]) if i < len(line) else "" for i, field in where.items()}, None


def import_rows(desk: Desk, data: bytes, request: ImportRequest) -> Iterator[RowResult]:
    """Add one claim per row; one result per row, in order (a uuid already present: `unchanged`)."""
    from tracker.service.batch import apply_lines

    parsed = list(rows(data, request))
    header_names = _header_names(data, request)
    has_twins = "expires_at_utc" in header_names
    records: list[tuple[int, dict[str, Any], dict[str, str]]] = []
    results: dict[int, RowResult] = {}
    for number, cells, problem in parsed:
        if cells is None:
            results[number] = RowResult(number, False, "add", error=problem or "unreadable row",
                                        code=int(ExitCode.USAGE))
            continue
        try:
            record, came = record_of(cells, has_twins)
        except InvalidInput as err:
            results[number] = RowResult(number, False, "add", error=err.message,
                                        column=_time_column(cells, header_names), code=int(ExitCode.USAGE))
            continue
        records.append((number, record, came))
    outcomes = {r.line: r for r in apply_lines(desk, (json.dumps(rec) for _, rec, _ in records))}
    for index, (number, record, came) in enumerate(records, 1):
        line = outcomes[index]
        claim = line.claim
        if line.ok and claim is not None and line.note == "unchanged":
            results[number] = RowResult(number, True, "unchanged", claim.id, claim.uuid, claim.status.value,
                                        detail="a claim with this uuid is already there")
        elif line.ok and claim is not None:
            results[number] = RowResult(number, True, "add", claim.id, claim.uuid, claim.status.value,
                                        detail=_start(record.get("text", "")))
        elif line.code == ExitCode.CONFLICT and "already exists" in (line.error or ""):
            results[number] = RowResult(number, True, "unchanged", _existing_id(desk, record["uuid"]),
                                        record["uuid"], detail="a claim with this uuid is already there")
        else:
            results[number] = RowResult(number, False, "add", error=line.error, code=line.code,
                                        column=_column(line.error or "", came, header_names))
    for number in sorted(results):
        yield results[number]


def _header_names(data: bytes, request: ImportRequest) -> dict[str, str]:
    """field -> the CSV column it is read from (after --map)."""
    text = decode(data)
    header = next(csv.reader(io.StringIO(text, newline=""), dialect(text)), [])
    where, _ = columns(header, request)
    return {field: header[index].strip() for index, field in where.items()}


def _time_column(cells: dict[str, str], names: dict[str, str]) -> str | None:
    for twin in TIME_TWINS:
        if cells.get(twin, "").strip():
            return names.get(twin, twin)
    return None


def _existing_id(desk: Desk, uuid: str) -> int | None:
    from tracker.service.reading import show

    return show(desk, uuid).id


def _start(text: str, width: int = 50) -> str:
    folded = " ".join(text.split())
    return folded if len(folded) <= width else folded[: width - 1] + "…"
