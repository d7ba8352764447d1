"""Search finds what editors type: every word (or "quoted phrase") must match the claim's text, speaker,
tags, source or evidence; case and diacritics fold in every script; hyphens and punctuation are spaces;
the last word of a term may be a prefix; best matches come first. Nothing typed is ever query syntax."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli_support import add, evidence
from tracker.cli.main import main


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("search") / "demo.db")
    assert main(["demo", "--no-ui", "--db", db]) == 0
    return db


def ids(capsys: pytest.CaptureFixture[str], db: str, search: str, *extra: str) -> list[int]:
    capsys.readouterr()
    assert main(["--db", db, "list", "--search", search, "--json", *extra]) == 0
    return [c["id"] for c in json.loads(capsys.readouterr().out)]


def test_the_issue_examples(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    # The demo's claims are extracted from the seed article (13: the lead, "... for one week ...").
    assert ids(capsys, demo, "one-week pause")[0] == 13
    assert 13 in ids(capsys, demo, "pause")
    assert ids(capsys, demo, "one-week pause", "--sort", "id") == sorted(ids(capsys, demo, "one-week pause"))


def test_every_term_must_match_somewhere(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert ids(capsys, demo, "TRUMP kyiv")[0] == 17          # speaker + text, any case (others: in evidence)
    assert ids(capsys, demo, "putin zelensky witkoff") == []  # no claim has all three
    assert ids(capsys, demo, '"one week" frigid') == [13]    # a quoted phrase stays whole
    assert ids(capsys, demo, '"week one"') == []
    assert ids(capsys, demo, "fedorov", "--sort", "id") == [5, 6, 28]
    assert set(ids(capsys, demo, "zelensk")) >= {1, 13, 20}  # a prefix: Zelensky, Zelenskyy


def test_search_covers_tags_sources_and_evidence(tr) -> None:
    plain = add(tr, "Talks will resume on Monday", speaker="A spokesman")["id"]
    tagged = add(tr, "Strikes hit the grid", "--tag", "energy-grid", "--source", "Kyiv Independent")["id"]
    noted = add(tr, "A convoy crossed the border", speaker="Border guard")["id"]
    evidence(tr, noted, "context", "Satellite imagery (Maxar)", "--note", "trucks visible near the crossing")

    def found(text: str) -> list[int]:
        result = tr("list", "--search", text, "--json", "--sort", "id")
        assert result.code == 0, result.err
        return [c["id"] for c in result.json]

    assert found("energy grid") == [tagged]          # a tag, hyphen as a space
    assert found("independent") == [tagged]          # the claim's source
    assert found("maxar") == [noted]                 # an evidence source
    assert found("trucks crossing") == [noted]       # an evidence note
    assert found("spokesman monday") == [plain]
    # the index follows later changes: more evidence on the first claim
    evidence(tr, plain, "supports", "Reuters", "--note", "confirmed by two diplomats")
    assert found("diplomats") == [plain]


def test_case_and_diacritics_fold_in_every_script(tr) -> None:
    cyrillic = add(tr, "Зеленський заявив про тиждень тиші", speaker="Офіс Президента")["id"]
    accents = add(tr, "Macron met the Élysée delegation in Zürich", speaker="Élysée")["id"]
    greek = add(tr, "Η ΑΘΗΝΑ ανακοίνωσε παύση", speaker="Κυβέρνηση")["id"]

    def found(text: str) -> list[int]:
        return [c["id"] for c in tr("list", "--search", text, "--json").json]

    assert found("ЗЕЛЕНСЬКИЙ") == [cyrillic]
    assert found("тиждень зеленськ") == [cyrillic]           # the last word may be a prefix
    assert found("зеленськ тиждень") == []                   # the others are whole words
    assert found("офіс") == [cyrillic]
    assert found("elysee zurich") == [accents]
    assert found("ÉLYSÉE") == [accents]
    assert found("αθηνα") == [greek]


def test_english_words_match_by_stem_and_the_last_word_by_prefix(tr) -> None:
    strikes = add(tr, "Russian strikes hit Kyiv's power plants", speaker="Officials")["id"]
    paused = add(tr, "Talks were paused for a week", speaker="A diplomat")["id"]

    def found(text: str) -> list[int]:
        return [c["id"] for c in tr("list", "--search", text, "--json", "--sort", "id").json]

    assert found("strike plant") == [strikes] and found("striking kyiv") == [strikes]
    assert found("pause") == [paused] and found("pausing week") == [paused]
    assert found("dipl") == [paused]              # typing: the last word is a prefix
    assert found("dipl ") == [] and found('"dipl"') == []   # a space or a closing quote ends it
    assert found("dipl talks") == []              # words before the last are whole words


def test_a_prefix_ending_in_y_finds_the_longer_spelling(tr) -> None:
    # Stemming keeps "Zelenskyy" as zelenskyi and reads a typed "zelensky" as zelenski: the typed y is dropped.
    double = add(tr, "Zelenskyy said the talks will resume", speaker="AP")["id"]
    single = add(tr, "Zelensky met the envoys in Kyiv", speaker="Reuters")["id"]
    other = add(tr, "Zelena street was closed", speaker="Local police")["id"]

    def found(text: str) -> list[int]:
        return [c["id"] for c in tr("list", "--search", text, "--json", "--sort", "id").json]

    assert found("zelensky") == [double, single] and found("Zelensky") == [double, single]
    assert found("zelenskyy") == [double, single]  # while typing, both spellings
    assert found("zelensky ") == [single]         # a whole word still means that word
    assert other not in found("zelensky")


def test_relevance_puts_the_better_match_first(tr) -> None:
    passing = add(tr, "Officials discussed many things, a ceasefire among them", speaker="Someone")["id"]
    central = add(tr, "Ceasefire: the ceasefire holds", "--tag", "ceasefire", speaker="Ceasefire monitor")["id"]
    newest = add(tr, "Nothing about it here", speaker="Another")["id"]
    evidence(tr, newest, "context", "AP", "--note", "mentions a ceasefire in passing")
    # own words (text, speaker) first, then through evidence; newest first within each
    assert [c["id"] for c in tr("list", "--search", "ceasefire", "--json").json] == [central, passing, newest]
    assert [c["id"] for c in tr("list", "--search", "ceasefire", "--json", "--limit", 1, "--offset", 2).json] == [
        newest]
    assert [c["id"] for c in tr("list", "--search", "ceasefire", "--sort", "-id", "--json").json] == [
        newest, central, passing]


@pytest.mark.parametrize("typed", ["%", "_", "---", "?!", '"', '""', "*", "NEAR(", "NEAR(a b", "a OR b",
                                   "AND", "text:putin", "^putin", "(", ")", "'", "\\", "-putin", "putin*"])
def test_query_syntax_is_plain_text(demo: str, capsys: pytest.CaptureFixture[str], typed: str) -> None:
    capsys.readouterr()
    code = main(["--db", demo, "list", "--search", typed, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert isinstance(json.loads(captured.out), list)


def test_operator_words_are_words(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert ids(capsys, demo, "putin*") == ids(capsys, demo, "putin")
    assert ids(capsys, demo, "-putin") == ids(capsys, demo, "putin")
    assert ids(capsys, demo, "NEAR(putin") == []           # "near" is a word like any other
    assert ids(capsys, demo, "%") == [] and ids(capsys, demo, '"') == []


def test_a_huge_search_is_a_clear_error(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--db", demo, "list", "--search", "pause," * 20_480]) == 2  # 100 KB
    assert capsys.readouterr().err == "tracker: search is 122880 characters; the limit is 4000\n"
    assert main(["--db", demo, "list", "--search", " ".join(f"w{i}" for i in range(40))]) == 2
    assert capsys.readouterr().err == "tracker: search has 40 words or phrases; the limit is 32\n"


TYPED = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60),
    st.sampled_from(["%", "...", '"', "*", "NEAR(", 'NEAR("a" "b", 3)', "a OR b NOT c", "^", "{text}: x", "\x00",
                     "pause" + "," * 100_000, "x" * 100_000]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TYPED)
def test_any_text_gives_results_or_a_clear_error(demo: str, capsys: pytest.CaptureFixture[str], typed: str) -> None:
    """In a list, an as-of list (read through the engine's own folding) and the look-alike search."""
    from tracker.domain.errors import InvalidInput
    from tracker.service.context import Desk
    from tracker.service.similar import similar_to_text
    from tracker.store.engine import make_engine, resolve_url

    for extra in ([], ["--as-of", "now-2d"]):  # an as-of list replays the claims changed since
        capsys.readouterr()
        code = main(["--db", demo, "list", "--search", typed, "--json", *extra])
        captured = capsys.readouterr()
        if code == 0:
            assert isinstance(json.loads(captured.out), list)
        else:
            assert code == 2 and captured.err.startswith("tracker: ") and captured.err.count("\n") == 1, captured.err
    engine = make_engine(resolve_url(demo))
    try:
        similar_to_text(Desk(engine, "t"), typed)
    except InvalidInput as err:
        assert "\n" not in err.message
    finally:
        engine.dispose()


def test_rows_written_by_any_code_are_indexed(tr, db_path: Path) -> None:
    """The database keeps the index in step (triggers), whatever writes the projection rows."""
    first = add(tr, "Grain corridor reopened", speaker="Port authority")["id"]
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE claim SET text = 'Grain corridor closed again' WHERE id = ?", (first,))
        conn.execute("INSERT INTO claim_tag (claim_id, tag) VALUES (?, 'black-sea')", (first,))
        conn.execute("UPDATE evidence SET note = 'x' WHERE claim_id = ?", (first,))

    def found(text: str) -> list[int]:
        return [c["id"] for c in tr("list", "--search", text, "--json").json]

    assert found("closed black sea") == [first]
    assert found("reopened") == []
    with sqlite3.connect(db_path) as conn:
        conn.execute("DELETE FROM claim_tag WHERE claim_id = ?", (first,))
    assert found("black") == []


def test_an_existing_database_is_indexed_by_the_migration(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "v3.db")
    with sqlite3.connect(db) as conn:  # a database built by the v3 release (tests/fixtures, see test_migrations.py)
        conn.executescript((Path(__file__).parent / "fixtures" / "v3_desk.sql").read_text(encoding="utf-8"))
    assert main(["--db", db, "init"]) == 0
    assert ids(capsys, db, "ukrainian intelligence aerial attack") == [1]


def test_as_of_search_folds_and_stems_as_the_index_does(tr) -> None:
    """A claim changed since the instant is read from its history; its search must still mean what the index
    means: English stems, every script's case, diacritics, and the evidence notes."""
    first = add(tr, "Russian drones strikes the Zürich-bound ЗЕЛЕНИЙ train", speaker="Air force")["id"]
    evidence(tr, first, "context", "Maxar", "--note", "satellite pictures were striking")
    assert tr("edit", first, "--text", "Nothing happened", "--reason", "retracted",
              now="2026-01-30T13:00:00+00:00").code == 0
    before = "2026-01-30T12:30:00+00:00"

    def found(text: str) -> list[int]:
        done = tr("list", "--search", text, "--as-of", before, "--json", now="2026-01-30T14:00:00+00:00")
        assert done.code == 0, done.err
        return [c["id"] for c in done.json]

    for text in ("strike", "striking drone", "zurich bound", "зелений", "satellite pictur", "maxar"):
        assert found(text) == [first], text
    assert found("happened") == [] and found("strike moscow") == []
    now = tr("list", "--search", "strike", "--json", now="2026-01-30T14:00:00+00:00").json
    assert [c["id"] for c in now] == [first]  # through the evidence note, today too
