"""`tracker extract`: the seed article through the CLI, its output formats, `extract | apply`, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import ROOT, run_subprocess

SEED = ROOT / "seeds" / "article.txt"
PUBLISHED = "2026-01-30 07:00 Kyiv time"


@pytest.fixture(scope="module")
def seed_json() -> dict:
    import contextlib
    import io

    from tracker.cli.main import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["extract", str(SEED), "--published", PUBLISHED, "--json"]) == 0
    return json.loads(out.getvalue())


def _claim(doc: dict, speaker: str, words: str) -> dict:
    hits = [c for c in doc["claims"] if c["speaker"] == speaker and words in c["statement"]]
    assert len(hits) == 1, (speaker, words, [(c["speaker"], c["statement"][:60]) for c in doc["claims"]])
    return hits[0]


def test_the_table_numbers_each_claim_with_its_speaker(cli) -> None:
    result = cli("extract", SEED, "--published", PUBLISHED)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("article") and "source AP" in lines[0] and "published 30 Jan 07:00 Kyiv" in lines[0]
    assert lines[1].split()[:4] == ["#", "speaker", "said", "until"]
    assert lines[2].split()[0] == "1" and "Donald Trump" in lines[2]
    numbers = [int(line.split()[0]) for line in lines[2:]]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 16


def test_trump_on_thursday_washington_time_with_a_one_week_window(seed_json: dict) -> None:
    quote = _claim(seed_json, "Donald Trump", "I personally asked President Putin")
    said = quote["said_at"]
    assert said["tz"] == "America/New_York" and said["precision"] == "day" and not said["inferred"]
    assert said["local"].startswith("2026-01-29") and said["phrase"] == "on Thursday (Washington time)"
    assert quote["expires_at"]["local"].startswith("2026-02-05") and quote["window"] == "for a week"
    lead = _claim(seed_json, "Donald Trump", "has agreed not to target the Ukrainian capital")
    assert lead["kind"] == "reported" and lead["speaker_role"] == "US President"
    assert lead["said_at"]["local"].startswith("2026-01-29") and lead["said_at"]["inferred"]
    assert lead["window"] == "for one week"
    # The sentence and the offsets point into the article's text.
    text = SEED.read_text(encoding="utf-8")
    assert text[lead["sentence"]["start"]:lead["sentence"]["end"]] == lead["sentence"]["text"]
    assert text[lead["statement_span"]["start"]:lead["statement_span"]["end"]] == lead["statement"]


def test_speakers_resolve_to_full_names_and_relays_to_their_outlet(seed_json: dict) -> None:
    romanov = _claim(seed_json, "Vladimir Romanov", "a similar ban applies")  # "He added"
    assert romanov["via"] == "The Telegraph"
    assert _claim(seed_json, "Vladimir Romanov", "imposed a ban")["via"] == "The Telegraph"
    assert _claim(seed_json, "Ukrainian social media channels", "orders not to strike")["via"] == "The Telegraph"
    zelensky = _claim(seed_json, "Volodymyr Zelensky", "Moscow was planning another large-scale barrage")
    assert zelensky["said_at"]["precision"] == "part_of_day" and zelensky["said_at"]["local"].startswith("2026-01-28T21")
    assert _claim(seed_json, "Mykhailo Fedorov", "his team contacted")["speaker_kind"] == "person"  # "He said"
    assert _claim(seed_json, "U.N. Human Rights Monitoring Mission", "The war killed 2514")  # "it said"
    kallas = _claim(seed_json, "Kaja Kallas", "not taking the talks seriously")  # named a sentence later
    assert kallas["said_at"]["tz"] == "Europe/Brussels"
    assert _claim(seed_json, "State Emergency Service", "minus 30 degrees")["speaker_kind"] == "organisation"
    spring = _claim(seed_json, "international think tank report", "2 million by spring")
    assert spring["window"] == "by spring" and spring["expires_at"]["local"].startswith("2026-03-01")


def test_opinions_feelings_footers_and_bylines_are_left_out(seed_json: dict) -> None:
    statements = " ".join(c["statement"] for c in seed_json["claims"])
    for left_out in ("he was pleased", "I think the people of Ukraine", "Sign up", "newsletter", "Madhani",
                     "did not say when", "refused to comment", "thanked"):
        assert left_out not in statements
    assert seed_json["article"]["source"] == "AP" and seed_json["article"]["dateline"] == "Kyiv"
    assert seed_json["article"]["byline"] == "Aamer Madhani and Susie Blann"


def test_extract_jsonl_into_apply_logs_the_claims(cli, tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    assert cli("--db", db, "init").code == 0
    lines = cli("extract", SEED, "--published", PUBLISHED, "--jsonl")
    assert lines.code == 0 and all(line["action"] == "add" for line in lines.lines)
    applied = cli("--db", db, "--now", "2026-01-30T08:00:00+00:00", "apply", "-", stdin=lines.out.encode())
    assert applied.code == 0, applied.out
    listed = cli("--db", db, "list", "--json").json
    claims = listed if isinstance(listed, list) else listed.get("claims", listed)
    assert len(claims) == len(lines.lines)
    pause = next(c for c in claims if "I personally asked" in c["text"])
    shown = cli("--db", db, "show", pause["id"], "--json").json
    assert shown["speaker"] == "Donald Trump" and shown["said_tz"] == "America/New_York"
    # "on Thursday (Washington time)" is a day: the instant kept is its start, 00:00 EST (docs/cli.md).
    assert shown["said_at"] == "2026-01-29T05:00:00+00:00" and shown["expires_at"] == "2026-02-05T05:00:00+00:00"
    relayed = next(c for c in claims if "similar ban" in c["text"])
    assert cli("--db", db, "show", relayed["id"], "--json").json["source"] == "The Telegraph"
    # The same article applied again changes nothing, line by line: it is not logged twice.
    again = cli("--db", db, "apply", "-", stdin=lines.out.encode())
    assert again.code == 0 and all(r["ok"] and r["unchanged"] for r in again.lines)
    listed = cli("--db", db, "list", "--json").json
    assert len(listed if isinstance(listed, list) else listed.get("claims", listed)) == len(lines.lines)


def test_html_page_gives_title_time_outlet_and_text(cli, tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(
        "<!doctype html><html><head><title>Site | Story</title>"
        '<meta property="og:title" content="Minister says bridge reopens Monday">'
        '<meta property="og:site_name" content="Reuters">'
        '<meta property="article:published_time" content="2026-03-04T09:30:00+01:00">'
        '<link rel="canonical" href="https://example.org/bridge">'
        "<script>var x = '<p>not text</p>';</script></head><body><nav><p>Home said nothing</p></nav>"
        "<article><h1>Minister says bridge reopens Monday</h1>"
        "<p>ROME (Reuters) - Transport Minister Carla Bianchi said on Tuesday that the Tiber bridge would "
        "reopen to traffic within 10 days after repairs.</p>"
        "<p>&ldquo;The steel work is finished and the tests have passed,&rdquo; Bianchi told reporters.</p>"
        "<aside><p>Read more: other stories</p></aside></article>"
        "<footer><p>Sign up for our newsletter</p></footer></body></html>",
        encoding="utf-8",
    )
    doc = cli("extract", page, "--json").json
    article = doc["article"]
    assert article["title"] == "Minister says bridge reopens Monday" and article["source"] == "Reuters"
    assert article["url"] == "https://example.org/bridge" and article["published_from"] == "article"
    assert article["dateline"] == "ROME" and article["html"]
    first, second = doc["claims"]
    assert first["speaker"] == second["speaker"] == "Carla Bianchi"
    assert first["said_at"]["local"].startswith("2026-03-03") and first["said_at"]["tz"] == "Europe/Rome"
    assert first["expires_at"]["local"].startswith("2026-03-13") and first["window"] == "within 10 days"
    assert second["statement"] == "The steel work is finished and the tests have passed"
    jsonl = cli("extract", page, "--jsonl").lines
    assert jsonl[0]["source"] == "Reuters" and jsonl[0]["url"] == "https://example.org/bridge"


def test_stdin_and_source_and_url_options(cli) -> None:
    story = b"Police said on Monday that 12 people were arrested after the match in the city centre.\n"
    result = cli("extract", "-", "--published", "2026-05-06 10:00 London time", "--source", "Local Paper",
                 "--url", "https://example.org/x", "--jsonl", stdin=story)
    assert result.code == 0, result.err
    (line,) = result.lines
    assert line["speaker"] == "Police" or line["speaker"].lower() == "police"
    assert line["source"] == "Local Paper" and line["url"] == "https://example.org/x"
    assert line["said_at"] == "2026-05-04 Europe/London"  # "on Monday": a day, written as the date so add keeps precision day


def test_no_publication_time_is_a_note_and_times_follow_now(cli) -> None:
    story = b"The mayor, Ana Lopez, said on Friday that the new tram line will open in May next year.\n"
    result = cli("--now", "2026-06-10T12:00:00+00:00", "extract", "-", "--jsonl", stdin=story)
    assert result.code == 0
    assert result.err.startswith("tracker: note: no publication time")
    assert result.lines[0]["speaker"] == "Ana Lopez" and result.lines[0]["said_at"].startswith("2026-06-05")


@pytest.mark.parametrize("content, fragment", [
    (b"", "is empty"),
    (b"   \n\n  ", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    (bytes(range(1, 32)) * 200, "binary"),
    (bytes(range(128, 256)) * 10, "not UTF-8"),
    (b"%PDF-1.7\n" + bytes(range(256)) * 8, "binary"),
])
def test_bad_input_is_one_line_and_exit_2(cli, tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    cli("extract", path).assert_error(2, fragment)


def test_a_50_mb_file_is_refused_without_reading_it_all(cli, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as out:
        chunk = b"Officials said the road was closed. " * 30000
        while out.tell() < 50 * 1024 * 1024:
            out.write(chunk)
    cli("extract", path).assert_error(2, "larger than 8 MB")


def test_other_language_finds_no_claims(cli, tmp_path: Path) -> None:
    path = tmp_path / "uk.txt"
    path.write_text("Президент України заявив у четвер, що переговори відбудуться в неділю.\n"
                    "«Ми очікуємо, що домовленості будуть виконані», — сказав він.\n", encoding="utf-8")
    result = cli("extract", path)
    assert result.code == 0 and result.out.strip() == "no claims found"
    assert "does not look like English" in result.err
    assert cli("extract", path, "--jsonl").out == ""
    assert cli("extract", path, "--json").json["claims"] == []


def test_usage_errors(cli, tmp_path: Path) -> None:
    cli("extract", tmp_path / "missing.txt").assert_error(2, "cannot read")
    cli("extract", tmp_path).assert_error(2, "cannot read")
    cli("extract", SEED, "--json", "--jsonl").assert_error(2, "not both")
    cli("extract", SEED, "--published", "in the year of the dragon").assert_error(2, "--published")


def test_extract_needs_no_database_and_loads_no_ui_or_orm(tmp_path: Path) -> None:
    code = ("import sys\nfrom tracker.cli.main import main\n"
            f"main(['extract', {str(SEED)!r}, '--published', {PUBLISHED!r}, '--jsonl'])\n"
            "print('LOADED', sorted(m for m in sys.modules if m.split('.')[0] in ('sqlmodel', 'sqlalchemy', 'textual')))")
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "LOADED []"
    assert not list(tmp_path.iterdir())  # no database file was made


def test_subprocess_pipe_into_apply(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    assert run_subprocess("--db", db, "init").returncode == 0
    extracted = run_subprocess("extract", SEED, "--published", PUBLISHED, "--jsonl")
    assert extracted.returncode == 0 and b"Traceback" not in extracted.stderr
    applied = run_subprocess("--db", db, "apply", "-", stdin=extracted.stdout)
    assert applied.returncode == 0, applied.stdout[-500:]
