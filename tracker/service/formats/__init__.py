"""The format registry: every format the tracker writes or reads, each in one module, registered once here.

A `Format` names its module as a dotted path and says what it can do (`roles`): render the daily
report, export claims, import a file. The CLI's `--format` choices, the docs' format table and
`tracker import`'s sniffing all come from `FORMATS`. Nothing here imports a format module: a
module (and whatever it needs: SQLAlchemy, jsonschema, csv) loads only when its format is used,
so a cold command that merely lists the choices pays for none of them.

What a format module provides, by role (see docs/architecture.md, "Formats"):

* ``report``: ``render(report, *, colour: bool, width: int) -> str``.
* ``export``: ``export(desk, request: ExportRequest) -> Iterator[str]`` (text chunks to write), and
  optionally ``check(desk, request) -> (count, problems)`` (what `--check` lists).
* ``import``: ``sniff(head: bytes) -> bool`` (does this look like mine?) and
  ``read(desk, data: bytes, request: ImportRequest) -> Iterator[RowResult]``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Literal

from tracker.domain.errors import InvalidInput

Role = Literal["report", "export", "import"]
ROLES: tuple[Role, ...] = ("report", "export", "import")


@dataclass(frozen=True, slots=True)
class Format:
    """One format: its name, the module that implements it, and what it is for."""

    name: str
    module: str
    """Dotted path of the module that implements it (imported only when the format is used)."""
    summary: str
    roles: tuple[Role, ...]
    extensions: tuple[str, ...] = ()
    """File name endings `tracker import` recognises (lower case, with the dot)."""
    media_type: str = "text/plain"
    checks: bool = False
    """The export can be validated (`tracker export --format NAME --check`)."""

    def load(self) -> ModuleType:
        """The implementing module (imported on first use)."""
        return importlib.import_module(self.module)


FORMATS: tuple[Format, ...] = (
    Format("text", "tracker.service.report.text", "aligned plain text for a terminal (colour on a tty)",
           ("report",), (".txt",)),
    Format("markdown", "tracker.service.report.markdown",
           "GitHub-flavoured Markdown for chat or email, every stored text escaped", ("report",), (".md",),
           "text/markdown"),
    Format("json", "tracker.service.report.jsondoc", "the report as one documented JSON document",
           ("report",), (), "application/json"),
    Format("html", "tracker.service.report.html",
           "one self-contained HTML page (inline CSS and SVG chart, no scripts)", ("report",), (".html",),
           "text/html"),
    Format("jsonl", "tracker.service.formats.jsonl",
           "the whole database as `apply` lines: backup, replay, SQLite to PostgreSQL",
           ("export", "import"), (".jsonl", ".ndjson"), "application/x-ndjson"),
    Format("claimreview", "tracker.service.formats.claimreview",
           "schema.org ClaimReview JSON-LD for confirmed and contradicted claims (in: other fact-checkers' reviews)",
           ("export", "import"), (".json", ".jsonld", ".html", ".htm"), "application/ld+json", checks=True),
    Format("csv", "tracker.service.formats.csv_rows",
           "one row per claim for spreadsheets (UTF-8 with BOM; formula-safe cells)",
           ("export", "import"), (".csv", ".tsv"), "text/csv"),
)
"""Every format, in the order the docs list them."""


def names(role: Role) -> tuple[str, ...]:
    """The names of the formats that can play `role`, in registry order."""
    return tuple(f.name for f in FORMATS if role in f.roles)


def get(name: str, role: Role) -> Format:
    """The format called `name` that can play `role`; InvalidInput otherwise."""
    for fmt in FORMATS:
        if fmt.name == name and role in fmt.roles:
            return fmt
    raise InvalidInput(f"no {role} format {name!r} (known: {', '.join(names(role))})")


def sniff(filename: str, head: bytes) -> Format:
    """The import format of a file, from its content first (`head`: its first bytes), then its name.

    Each import format's module judges `head` (``sniff``); when none claims it, the file name's
    ending decides. InvalidInput when neither does.
    """
    candidates = [f for f in FORMATS if "import" in f.roles]
    for fmt in candidates:
        if fmt.load().sniff(head):
            return fmt
    lowered = filename.lower()
    for fmt in candidates:
        if any(lowered.endswith(ext) for ext in fmt.extensions):
            return fmt
    raise InvalidInput(
        f"cannot tell the format of {filename}: not CSV, JSON lines or ClaimReview JSON-LD; "
        f"give --format ({', '.join(names('import'))})"
    )


_USED_BY = {"report": "`report --format`", "export": "`export --format`", "import": "`import`"}


def docs_table() -> str:
    """The Markdown table of every format in docs/cli.md ("Formats"), generated from `FORMATS`."""
    rows = ["| format | used by | file endings `import` knows | what it is |", "| --- | --- | --- | --- |"]
    for f in FORMATS:
        used = ", ".join(_USED_BY[r] for r in f.roles)
        endings = " ".join(f"`{e}`" for e in f.extensions) if "import" in f.roles else "-"
        rows.append(f"| [`{f.name}`](#{f.name if 'report' not in f.roles else 'text-markdown-json-html-the-daily-report'})"
                    f" | {used} | {endings} | {f.summary} |")
    return "\n".join(rows) + "\n"
