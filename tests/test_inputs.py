"""Checks on free text crossing a boundary (tracker.domain.inputs): control characters, lengths, URLs, tags, refs."""

from __future__ import annotations

import uuid

import pytest

from tracker.domain.errors import ExitCode, InvalidInput
from tracker.domain.inputs import (
    MAX_NAME,
    MAX_TAG,
    MAX_TEXT,
    MAX_URL,
    claim_ref,
    clean_name,
    clean_tags,
    clean_text,
    clean_url,
    clean_uuid,
)


def test_clean_text_strips_and_keeps_inner_text() -> None:
    assert clean_text("text", "  Putin agreed  ") == "Putin agreed"
    assert clean_text("text", "line one\nline two\ttab") == "line one\nline two\ttab"
    assert clean_text("text", "[bold]ü 🚀 «quotes»[/bold]") == "[bold]ü 🚀 «quotes»[/bold]"


@pytest.mark.parametrize("bad", ["\x1b[31mred", "a\x00b", "bell\x07", "del\x7f", "csi\x9b2J", "osc\x1b]0;t\x07",
                                 "back\x08space", "v\x0bt", "f\x0cf", "cr\rreturn", "n\x85el"])
def test_control_characters_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInput, match="control character") as info:
        clean_text("text", bad)
    assert info.value.exit_code == ExitCode.USAGE
    with pytest.raises(InvalidInput, match="control character"):
        clean_name("speaker", bad)


@pytest.mark.parametrize("bad", ["two\nlines", "tab\there"])
def test_names_are_one_line(bad: str) -> None:
    assert clean_text("note", bad) == bad
    with pytest.raises(InvalidInput, match="speaker contains a control character"):
        clean_name("speaker", bad)


@pytest.mark.parametrize("bad", ["lone \ud800 surrogate", "\udcff", "end \udfff"])
def test_lone_surrogates_are_refused(bad: str) -> None:
    # Invalid UTF-8 in argv arrives as surrogate escapes; the database cannot store them.
    with pytest.raises(InvalidInput, match="text"):
        clean_text("text", bad)
    with pytest.raises(InvalidInput, match="speaker"):
        clean_name("speaker", bad)


def test_required_empty_and_optional() -> None:
    for empty in ("", "   ", "\n"):
        with pytest.raises(InvalidInput, match="text must not be empty"):
            clean_text("text", empty)
        assert clean_text("note", empty, required=False) is None
    with pytest.raises(InvalidInput, match="speaker is required"):
        clean_name("speaker", None)
    assert clean_name("assignee", None, required=False) is None


@pytest.mark.parametrize("value", [3, 1.5, ["x"], {"a": 1}, True])
def test_non_text_is_refused(value: object) -> None:
    with pytest.raises(InvalidInput, match="must be text"):
        clean_text("text", value)


def test_lengths() -> None:
    assert clean_text("text", "x" * MAX_TEXT) == "x" * MAX_TEXT
    with pytest.raises(InvalidInput, match=f"text is {MAX_TEXT + 1} characters; the limit is {MAX_TEXT}"):
        clean_text("text", "x" * (MAX_TEXT + 1))
    assert clean_name("speaker", "y" * MAX_NAME) == "y" * MAX_NAME
    with pytest.raises(InvalidInput, match="limit"):
        clean_name("speaker", "y" * (MAX_NAME + 1))
    # Surrounding whitespace does not count.
    assert clean_name("speaker", "  " + "y" * MAX_NAME + "  ") == "y" * MAX_NAME


@pytest.mark.parametrize("good", ["https://apnews.com/article/x?y=1#z", "http://example.com", "HTTPS://EXAMPLE.COM/A",
                                  "https://xn--80ak6aa92e.com/", "  https://padded.example/  "])
def test_good_urls(good: str) -> None:
    assert clean_url(good) == good.strip()


@pytest.mark.parametrize("bad", ["ftp://example.com", "example.com", "javascript:alert(1)", "https://", "https:///x",
                                 "https://exa mple.com", "file:///etc/passwd", "https://x.com/\x1b[0m", "//x.com",
                                 "https://x.com/a b"])
def test_bad_urls(bad: str) -> None:
    with pytest.raises(InvalidInput, match="url"):
        clean_url(bad)


def test_url_length_and_empty() -> None:
    assert clean_url(None) is None
    assert clean_url("  ") is None
    long = "https://x.com/" + "a" * MAX_URL
    with pytest.raises(InvalidInput, match="limit"):
        clean_url(long)


def test_tags() -> None:
    assert clean_tags(["Ceasefire", "ukraine", "CEASEFIRE", " kyiv ", "a-b_c.d/e:f"]) == \
        ["ceasefire", "ukraine", "kyiv", "a-b_c.d/e:f"]
    assert clean_tags(None) == []
    assert clean_tags([]) == []
    assert clean_tags(("x",)) == ["x"]


@pytest.mark.parametrize("bad", ["ceasefire", ["two words"], ["semi;colon"], [""], ["x" * (MAX_TAG + 1)],
                                 [3], ["\x1b"], {"a": 1}, 5])
def test_bad_tags(bad: object) -> None:
    with pytest.raises(InvalidInput, match="tag"):
        clean_tags(bad)


def test_claim_refs() -> None:
    assert claim_ref(7) == 7
    assert claim_ref("7") == 7
    assert claim_ref(" 42 ") == 42
    u = uuid.uuid4()
    assert claim_ref(str(u)) == str(u)
    assert claim_ref(str(u).upper()) == str(u)
    assert claim_ref("{" + str(u) + "}") == str(u)


@pytest.mark.parametrize("bad", [0, -1, "0", "-1", 2**62, "99999999999999999999", True, False, 1.0, "1.5", "",
                                 "abc", None, [1], "12345678-1234-1234-1234-12345678901"])
def test_bad_claim_refs(bad: object) -> None:
    with pytest.raises(InvalidInput):
        claim_ref(bad)


def test_clean_uuid() -> None:
    u = uuid.uuid4()
    assert clean_uuid(str(u).upper()) == str(u)
    with pytest.raises(InvalidInput, match="uuid"):
        clean_uuid("nope")
    with pytest.raises(InvalidInput, match="uuid"):
        clean_uuid(12)
