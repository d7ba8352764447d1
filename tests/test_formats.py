"""The format registry: one module per format, registered once; the CLI's choices, the docs and sniffing follow it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cli_support import ROOT, add
from tracker.service import formats

ROLE_API = {"report": ("render",), "export": ("export",), "import": ("sniff", "read")}


def test_every_format_module_provides_what_its_roles_need() -> None:
    seen = set()
    for fmt in formats.FORMATS:
        assert fmt.name not in seen, f"{fmt.name} is registered twice"
        seen.add(fmt.name)
        module = fmt.load()
        assert module.__doc__, f"{fmt.module} has no module docstring"
        for role in fmt.roles:
            for attr in ROLE_API[role]:
                assert callable(getattr(module, attr, None)), f"{fmt.module} lacks {attr} for {role}"
        if fmt.checks:
            assert callable(getattr(module, "check", None))


def _choices(help_text: str) -> list[str]:
    found = re.search(r"--format \[([^\]]+)\]", help_text)
    assert found, help_text
    return found.group(1).split("|")


@pytest.mark.parametrize(("command", "role"), [("report", "report"), ("export", "export"), ("import", "import")])
def test_the_cli_format_choices_are_the_registry(cli, command: str, role: str) -> None:
    result = cli(command, "--help")
    assert result.code == 0
    assert _choices(" ".join(result.out.split())) == list(formats.names(role))


def test_the_docs_format_table_is_generated_from_the_registry() -> None:
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    block = reference.split("<!-- formats:start -->\n", 1)[1].split("<!-- formats:end -->", 1)[0]
    assert block == formats.docs_table(), "docs/cli.md's format table is stale: regenerate it from docs_table()"
    for fmt in formats.FORMATS:
        assert f"`{fmt.name}`" in block


def test_an_unknown_format_is_refused_with_the_known_ones() -> None:
    from tracker.domain.errors import InvalidInput

    with pytest.raises(InvalidInput, match="known: text, markdown, json, html"):
        formats.get("xml", "report")


def test_listing_the_formats_loads_no_format_and_no_database_library() -> None:
    code = (
        "import sys\nfrom tracker.cli.main import main\n"
        "main(['export', '--help']); main(['report', '--help']); main(['import', '--help'])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'jsonschema', 'csv')"
        " or m.startswith('tracker.service.formats.') or m.startswith('tracker.service.report.')]\n"
        "print('LOADED', bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "LOADED []"


@pytest.mark.parametrize(("name", "head", "expected"), [
    ("x.dat", b'{"action": "add", "text": "t", "speaker": "s"}\n', "jsonl"),
    ("x.dat", b"\xef\xbb\xbftext;speaker;said_at\r\nA;B;today\r\n", "csv"),
    ("x.dat", b'{"@context": "https://schema.org", "@type": "ClaimReview"}', "claimreview"),
    ("x.dat", b'<html><script type="application/ld+json">{"@type":"ClaimReview"}</script>', "claimreview"),
    ("backup.jsonl", b"", "jsonl"),
    ("sheet.csv", b"", "csv"),
])
def test_import_recognises_a_file_by_its_content_then_its_name(name: str, head: bytes, expected: str) -> None:
    if expected not in formats.names("import"):
        pytest.skip(f"{expected} import is not registered")
    assert formats.sniff(name, head).name == expected


def test_a_file_of_no_known_format_is_refused(tr, tmp_path: Path) -> None:
    odd = tmp_path / "notes.dat"
    odd.write_text("just some words\n", encoding="utf-8")
    tr("import", odd).assert_error(2, "cannot tell the format of", "give --format")


def test_jsonl_export_refuses_filters(tr) -> None:
    tr("export", "--status", "confirmed").assert_error(2, "whole database")


@pytest.mark.parametrize("args", [("--format", "csv", "--jsonl"), ("--format", "claimreview", "--no-bom"),
                                  ("--format", "csv", "--check")])
def test_switches_that_do_not_go_with_the_format_are_refused(tr, args: tuple[str, ...]) -> None:
    tr("export", *args).assert_error(2, "goes with")


def test_jsonl_import_is_apply(tr) -> None:
    lines = (json.dumps({"action": "add", "text": "Imported by lines", "speaker": "Ann Lee"}) + "\n").encode()
    result = tr("import", "-", "--jsonl", stdin=lines)
    assert result.code == 0, result.err
    (row,) = result.lines
    assert row["ok"] and row["action"] == "add" and row["row"] == 1
    assert tr("show", row["id"], "--json").json["text"] == "Imported by lines"
    add(tr)
