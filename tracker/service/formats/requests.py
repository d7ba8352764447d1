"""What an export or an import is asked to do, and what an import reports per row (shared by every format)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tracker.service.selection import Selection


def _quiet(message: str) -> None:
    """The default warning sink: drop it."""


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """An export: which claims, and the format's switches."""

    selection: Selection = field(default_factory=Selection)
    lines: bool = False
    """One JSON object per line instead of one JSON array (claimreview)."""
    bom: bool = True
    """Start with a UTF-8 byte-order mark so spreadsheets read UTF-8 (csv)."""
    warn: Callable[[str], None] = _quiet
    """Where the format sends warnings (the CLI prints them on stderr)."""


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """An import: where the data came from, and how to read it."""

    name: str = "-"
    """The file name (for messages)."""
    mapping: tuple[tuple[str, str], ...] = ()
    """``--map column=field``: CSV columns to read as these claim fields."""
    warn: Callable[[str], None] = _quiet


@dataclass(frozen=True, slots=True)
class RowResult:
    """The outcome of one imported row (a CSV row, a JSON line, one ClaimReview)."""

    row: int
    ok: bool
    action: str
    """What happened: ``add``, ``evidence``, ``unchanged`` (already imported), or the `apply` action."""
    id: int | None = None
    uuid: str | None = None
    status: str | None = None
    error: str | None = None
    column: str | None = None
    """The column (CSV) or field (JSON) the error is about."""
    code: int = 0
    detail: str | None = None
    """A short human note: the claim text's start, the review's rating."""
    unit: str = "row"
    """What `row` counts, for people: ``row`` (CSV, JSON lines) or ``review`` (ClaimReview)."""

    def to_json(self) -> dict[str, Any]:
        """The documented result object (docs/cli.md, `tracker import`)."""
        data: dict[str, Any] = {"row": self.row, "ok": self.ok, "action": self.action}
        if self.id is not None:
            data.update(id=self.id, uuid=self.uuid, status=self.status)
        if self.error is not None:
            data.update(error=self.error, code=self.code)
            if self.column is not None:
                data["column"] = self.column
        return data

    def text(self) -> str:
        """One line for people: ``row 3: added claim 17`` or ``row 4, column said_at: ...``."""
        where = f"{self.unit} {self.row}" + (f", {'field' if self.unit == 'review' else 'column'} {self.column}"
                                             if self.column else "")
        if not self.ok:
            return f"{where}: {self.error}"
        done = {"add": "added claim", "evidence": "added evidence to claim",
                "unchanged": "already imported: claim"}.get(self.action, f"{self.action}: claim")
        note = f" ({self.detail})" if self.detail else ""
        return f"{where}: {done} {self.id}{note}"
