"""`tracker import`: CSV from spreadsheets and ClaimReview from other fact-checkers, row by row, idempotent."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli_support import add, evidence
from test_claimreview_out import GOOGLE, MEDIEMOLLEN

CLAIM_FIELDS = ("uuid", "text", "speaker", "said_at", "said_tz", "source", "url", "tags", "assignee", "expires_at")


def _claims(tr) -> list[dict]:
    rows = tr("list", "--json", "--limit", "1000", "--sort", "id").json
    return [{k: row[k] for k in CLAIM_FIELDS} for row in rows]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------------------------------------- CSV


def test_a_csv_exported_and_reimported_into_an_empty_database_gives_the_same_claims(cli, tmp_path: Path) -> None:
    source, target = tmp_path / "a.db", tmp_path / "b.db"
    assert cli("demo", "--no-ui", "--db", source).code == 0
    exported = cli("--db", source, "export", "--format", "csv")
    assert exported.code == 0, exported.err
    sheet = _write(tmp_path, "desk.csv", exported.out.encode("utf-8"))
    assert cli("--db", target, "init").code == 0
    assert cli("--db", target, "rules", "set", "desk_tz", "Europe/Kyiv").code == 0
    imported = cli("--db", target, "import", sheet, "--jsonl")
    assert imported.code == 0, imported.out + imported.err

    def claims(db: Path) -> list[dict]:
        rows = json.loads(cli("--db", db, "list", "--json", "--limit", "1000", "--sort", "id").out)
        return [{k: row[k] for k in CLAIM_FIELDS} for row in rows]

    assert len(claims(source)) >= 16
    assert all(r["ok"] and r["action"] == "add" for r in imported.lines)
    assert len(imported.lines) == len(claims(source))

    assert claims(target) == claims(source)
    again = cli("--db", target, "import", sheet, "--jsonl")
    assert again.code == 0 and {r["action"] for r in again.lines} == {"unchanged"}
    assert claims(target) == claims(source)


def test_a_spreadsheet_csv_with_a_bom_semicolons_and_quoted_newlines_imports(tr, tmp_path: Path) -> None:
    assert tr("rules", "set", "desk_tz", "Europe/Kyiv").code == 0
    data = ("\ufefftext;speaker;said_at;source;tags;expires_at\r\n"
            '"Kyiv; the grid\r\nis down";Ukrenergo;29/01/2026 11:30;AP;energy, grid;+3d\r\n'
            '"She said ""no""";Olena Lee;2026-01-29 11:30 Washington time;;;never\r\n'
            "\r\n").encode("utf-8")
    result = tr("import", _write(tmp_path, "excel.csv", data))
    assert result.code == 0, result.out + result.err
    assert result.out.splitlines()[0].startswith("row 2: added claim 1")
    assert result.out.splitlines()[1].startswith("row 3: added claim 2")
    first, second = _claims(tr)
    assert first["text"] == "Kyiv; the grid\nis down" and first["tags"] == ["energy", "grid"]
    assert first["said_at"] == "2026-01-29T09:30:00+00:00" and first["said_tz"] == "Europe/Kyiv"
    assert first["expires_at"] == "2026-02-02T12:00:00+00:00"
    assert second["text"] == 'She said "no"' and second["said_tz"] == "America/New_York"
    assert second["said_at"] == "2026-01-29T16:30:00+00:00" and second["expires_at"] is None


def test_each_row_is_atomic_and_errors_name_the_row_and_the_column(tr, tmp_path: Path) -> None:
    data = (b"Quote,Who,said_at,url\n"
            b"Good one,Ann Lee,yesterday,\n"
            b"No speaker,,,\n"
            b"Bad time,Bo,the day after the war,\n"
            b"Bad link,Bo,,ftp://x\n"
            b"Also good,Cy,,https://example.org/a\n")
    result = tr("import", _write(tmp_path, "sheet.csv", data), "--map", "Quote=text", "--map", "Who=speaker")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0].startswith("row 2: added claim")
    assert lines[1].startswith("row 3, column Who: speaker ")
    assert lines[2].startswith("row 4, column said_at: said_at: ")
    assert lines[3].startswith("row 5, column url: url must start with http")
    assert lines[4].startswith("row 6: added claim")
    assert result.err.strip() == "tracker: 3 row(s) of " + str(tmp_path / "sheet.csv") + " were not imported (see above)"
    assert [c["text"] for c in _claims(tr)] == ["Good one", "Also good"]
    rows = tr("import", _write(tmp_path, "sheet2.csv", data), "--map", "Quote=text", "--map", "Who=speaker",
              "--jsonl").lines
    assert rows[1] == {**rows[1], "row": 3, "ok": False, "action": "add", "code": 2, "column": "Who"}
    assert rows[1]["error"].startswith("speaker ")


@pytest.mark.parametrize(("data", "fragment"), [
    (b"name,who\nx,y\n", "the header has no text and speaker column"),
    (b"text,speaker\n\xff\xfe,x\n", "not UTF-8"),
])
def test_a_csv_that_cannot_be_read_is_refused_whole(tr, tmp_path: Path, data: bytes, fragment: str) -> None:
    tr("import", _write(tmp_path, "bad.csv", data)).assert_error(2, fragment)
    assert _claims(tr) == []


def test_map_names_only_claim_fields(tr, tmp_path: Path) -> None:
    sheet = _write(tmp_path, "s.csv", b"Quote,speaker\nx,y\n")
    tr("import", sheet, "--map", "Quote=body").assert_error(2, "'body' is not a claim field")
    tr("import", sheet, "--map", "Quote").assert_error(2, "--map takes COLUMN=FIELD")


def test_formula_guards_come_off_on_import(tr, tmp_path: Path) -> None:
    lines = [json.dumps({"action": "add", "text": t, "speaker": "=evil()"}) for t in ("=1+1", "'=2", "-x", "'plain")]
    assert tr("apply", "-", stdin="\n".join(lines).encode()).code == 0
    sheet = _write(tmp_path, "out.csv", tr("export", "--format", "csv").out.encode())
    before = _claims(tr)
    fresh = tmp_path / "fresh.db"
    assert tr("--db", fresh, "init").code == 0
    assert tr("--db", fresh, "import", sheet).code == 0
    after = [{k: row[k] for k in CLAIM_FIELDS}
             for row in tr("--db", fresh, "list", "--json", "--sort", "id").json]
    assert after == before


_TEXT = st.text(alphabet=st.sampled_from(list("=+-@'\t\";,\n ab\u00e9\u0416\u2028")) | st.characters(
    blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).map(str.strip).filter(bool)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.tuples(_TEXT, _TEXT.filter(lambda s: "\n" not in s and "\t" not in s)), min_size=1,
                      max_size=4),
       semicolon=st.booleans(), bom=st.booleans())
def test_random_rows_round_trip_through_csv(texts: list[tuple[str, str]], semicolon: bool, bom: bool) -> None:
    from tracker.service.context import Desk
    from tracker.service.formats import get
    from tracker.service.formats.requests import ExportRequest, ImportRequest
    from tracker.store.engine import make_engine, resolve_url
    from tracker.store.migrations import upgrade

    now = datetime(2026, 1, 30, 12, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        desks = []
        for name in ("a", "b"):
            engine = make_engine(resolve_url(str(Path(folder) / f"{name}.db")))
            upgrade(engine)
            desks.append(Desk(engine, "hyp", clock=lambda: now, where=name))
        a, b = desks
        records = [json.dumps({"action": "add", "text": text, "speaker": speaker, "source": speaker,
                               "said_at": "2026-01-29 10:00"}) for text, speaker in texts]
        from tracker.service.batch import apply_lines

        assert all(r.ok for r in apply_lines(a, records))
        csv_format = get("csv", "import").load()
        out = "".join(csv_format.export(a, ExportRequest(bom=bom)))
        if semicolon:  # a spreadsheet saved with ';' between cells: re-quote every cell
            import csv as _csv
            import io

            rows = list(_csv.reader(io.StringIO(out.lstrip("\ufeff"), newline="")))
            buffer = io.StringIO()
            _csv.writer(buffer, delimiter=";", quoting=_csv.QUOTE_ALL).writerows(rows)
            out = buffer.getvalue()
        results = list(csv_format.read(b, out.encode("utf-8"), ImportRequest(name="x.csv")))
        assert all(r.ok for r in results), [r.error for r in results]
        from tracker.service.reading import ListQuery, list_claims

        def seen(desk: Desk) -> list[tuple[str, str, str | None, str]]:
            return [(c.text, c.speaker, c.source, c.uuid) for c in list_claims(desk, ListQuery(sort="id", descending=False))]

        assert seen(b) == seen(a)
        for desk in desks:
            desk.engine.dispose()


# ------------------------------------------------------------------------------------------------- ClaimReview


def test_a_claimreview_from_another_outlet_imports_twice_with_no_duplicate(tr, tmp_path: Path) -> None:
    page = ("<html><head><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\"}</script>"
            f"<script type='application/ld+json'>{json.dumps(MEDIEMOLLEN)}</script></head></html>")
    path = _write(tmp_path, "check.html", page.encode())
    first = tr("import", path, "--jsonl")
    assert first.code == 0, first.err
    (row,) = first.lines
    assert row["ok"] and row["action"] == "add"
    claim = tr("show", row["id"], "--json").json
    assert claim["text"] == MEDIEMOLLEN["claimReviewed"] and claim["speaker"] == "Danmarks Radio"
    assert claim["url"] == MEDIEMOLLEN["itemReviewed"]["firstAppearance"]["url"] and claim["source"] == "www.dr.dk"
    assert claim["said_at"].startswith("2019-10-09") and claim["tags"] == ["claimreview"]
    assert claim["expires_at"] is None
    (item,) = claim["evidence"]
    assert (item["stance"], item["source"], item["url"]) == ("contradicts", "Mediemøllen", MEDIEMOLLEN["url"])
    assert 'rated it "Vildledende"' in item["note"]

    second = tr("import", path, "--jsonl")
    assert second.code == 0 and second.lines[0]["action"] == "unchanged"
    assert tr("show", row["id"], "--json").json == claim
    assert len(_claims(tr)) == 1


def test_an_array_of_reviews_and_a_graph_import_each_review(tr, tmp_path: Path) -> None:
    true_one = {**GOOGLE, "claimReviewed": "The world is round", "url": "https://example.com/round",
                "reviewRating": {"@type": "Rating", "ratingValue": 5, "bestRating": 5, "alternateName": "True"}}
    mixed = {**GOOGLE, "claimReviewed": "The world is a bit flat", "url": "https://example.com/mixed",
             "reviewRating": {"@type": "Rating", "ratingValue": 3, "bestRating": 5, "worstRating": 1,
                              "alternateName": "Half true"}}
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, GOOGLE, true_one, mixed]}
    result = tr("import", _write(tmp_path, "graph.json", json.dumps(graph).encode()), "--jsonl")
    assert result.code == 0, result.err
    stances = [tr("show", r["id"], "--json").json["evidence"][0]["stance"] for r in result.lines]
    assert stances == ["contradicts", "supports", "context"]
    flat = tr("show", result.lines[0]["id"], "--json").json
    assert flat["speaker"] == "Square World Society" and flat["source"] == "Skeptical News"
    array = tr("import", _write(tmp_path, "list.json", json.dumps([GOOGLE, true_one]).encode()), "--jsonl")
    assert [r["action"] for r in array.lines] == ["unchanged", "unchanged"]


def test_a_review_that_cannot_be_read_fails_alone(tr, tmp_path: Path) -> None:
    broken = {"@type": "ClaimReview", "url": "https://example.org/x"}
    result = tr("import", _write(tmp_path, "two.json", json.dumps([broken, GOOGLE]).encode()))
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == "review 1, field claimReviewed: claimReviewed is required"
    assert lines[1].startswith("review 2: added claim")


@pytest.mark.parametrize(("data", "fragment"), [
    (b'{"@type": "NewsArticle", "about": "ClaimReview"}', "no ClaimReview in the file"),
    (b'[{"@type": "ClaimReview", ', "not valid JSON"),
    (b"<html><body>ClaimReview</body></html>", "no <script type=\"application/ld+json\"> block"),
])
def test_a_file_with_no_readable_review_is_refused(tr, tmp_path: Path, data: bytes, fragment: str) -> None:
    tr("import", _write(tmp_path, "x.json", data), "--format", "claimreview").assert_error(2, fragment)


@pytest.mark.parametrize(("word", "value", "best", "worst", "stance"), [
    ("False", None, None, None, "contradicts"), ("Pants on Fire!", None, None, None, "contradicts"),
    ("Mostly True", None, None, None, "supports"), ("Half True", 3, 5, 1, "context"),
    (None, 1, 5, 1, "contradicts"), (None, 9, 10, 0, "supports"), ("Satire", None, None, None, "context"),
    ("Four Pinocchios", None, None, None, "contradicts"), ("Vildledende", None, None, None, "contradicts"),
])
def test_the_rating_to_stance_mapping(word, value, best, worst, stance) -> None:
    from tracker.domain.publishing import stance_of_rating

    assert stance_of_rating(word, value, best, worst) == stance


def test_an_imported_review_of_a_claim_we_also_track_can_be_found(tr, tmp_path: Path) -> None:
    ours = add(tr, "The world is flat", speaker="Square World Society")
    evidence(tr, ours["id"], "contradicts", "NASA")
    assert tr("import", _write(tmp_path, "g.json", json.dumps(GOOGLE).encode())).code == 0
    found = tr("list", "--search", "world is flat", "--json").json
    assert {c["id"] for c in found} == {ours["id"], ours["id"] + 1}
