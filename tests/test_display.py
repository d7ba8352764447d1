"""tracker.domain.display: what is shown of stored text (the CLI, the report and the TUI share it)."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.display import inert_json, visible, visible_line

DANGEROUS = set(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x00AD, 0x061C, 0x180E,
                          0x200B, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2060, 0x2065),
                          *range(0x2066, 0x206A), 0xFEFF, 0x2028, 0x2029]))
JOINERS = {"\u200c", "\u200d"}


def test_controls_bidi_and_invisible_characters_become_codes() -> None:
    assert visible("a\x1b[31mb") == "a\\x1b[31mb"
    assert visible("\x9b2J") == "\\x9b2J"
    assert visible("abc\u202edef") == "abc\\u202edef"
    assert visible("Tr\u200bump\ufeff") == "Tr\\u200bump\\ufeff"
    assert visible("line\nnext\tcol") == "line\nnext\tcol"
    assert visible_line("line\nnext\t\tcol ") == "line next col"
    assert visible_line("a\rb\x85c") == "a b c"  # whitespace controls fold like spaces
    assert visible(None) == "" and visible(12) == "12"


def test_joiners_stay_where_a_script_needs_them_only() -> None:
    assert visible("می\u200cخواهم") == "می\u200cخواهم"
    assert visible("👩\u200d👧") == "👩\u200d👧"
    assert visible("क्\u200dष") == "क्\u200dष"
    assert visible("Tr\u200dump") == "Tr\\u200dump"  # Latin never needs one: a disguise
    assert visible("Пу\u200cтин") == "Пу\\u200cтин"
    assert visible("\u200dstart") == "\\u200dstart"
    assert visible("end👩\u200d") == "end👩\\u200d"
    assert visible("👩\u200d\u200d👧") == "👩\\u200d\\u200d👧"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_nothing_dangerous_survives(text: str) -> None:
    for shown in (visible(text), visible_line(text)):
        assert not DANGEROUS & set(shown)
        for i, char in enumerate(shown):
            if char in JOINERS:
                before, after = shown[i - 1], shown[i + 1]
                for neighbour in (before, after):
                    assert ord(neighbour) >= 0x80 and not neighbour.isspace()
                    assert not unicodedata.name(neighbour, "").startswith(("LATIN", "GREEK", "CYRILLIC"))
    assert "\n" not in visible_line(text) and "\t" not in visible_line(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Zl", "Zp", "Cs"))))
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert visible(text) == text


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                    max_leaves=8))
def test_inert_json_round_trips_and_carries_nothing_raw(data: object) -> None:
    for indent in (None, 2):
        text = inert_json(data, indent=indent)
        assert json.loads(text) == data
        assert not (DANGEROUS | JOINERS) & set(text.replace("\n", ""))
