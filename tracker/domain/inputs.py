"""Checks for free text that crosses a boundary: claim text, names, sources, URLs, tags.

Control characters (terminal escape sequences among them) are refused at the door,
so nothing stored can restyle or hijack a terminal; display code escapes as well.
"""

from __future__ import annotations

import re
import uuid as _uuid

from tracker.domain.errors import InvalidInput

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
"""Lone surrogates: invalid UTF-8 in argv or a JSON \\ud800 escape; no database can store them."""

MAX_TEXT = 4000
MAX_NAME = 200
MAX_URL = 2000
MAX_TAG = 64
MAX_ID = 2**62 - 1
"""The largest claim id or version accepted (well inside a 64-bit database integer)."""


def clean_text(field: str, value: object, *, required: bool = True, max_len: int = MAX_TEXT,
               multiline: bool = True) -> str | None:
    """Strip `value` and check it: a string, non-empty when required, no control characters."""
    if value is None:
        if required:
            raise InvalidInput(f"{field} is required")
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text, not {type(value).__name__}")
    text = value.strip()
    if not text:
        if required:
            raise InvalidInput(f"{field} must not be empty")
        return None
    if len(text) > max_len:
        raise InvalidInput(f"{field} is {len(text)} characters; the limit is {max_len}")
    if _SURROGATE.search(text):
        raise InvalidInput(f"{field} is not valid Unicode (it contains a lone surrogate or invalid UTF-8)")
    pattern = _CONTROL if multiline else _CONTROL_ONE_LINE
    if pattern.search(text):
        raise InvalidInput(f"{field} contains a control character (terminal escapes are not allowed)")
    return text


def clean_name(field: str, value: object, *, required: bool = True) -> str | None:
    """A one-line name: speaker, source, actor, assignee."""
    return clean_text(field, value, required=required, max_len=MAX_NAME, multiline=False)


def clean_url(value: object) -> str | None:
    """An optional http(s) URL with no spaces or control characters."""
    url = clean_text("url", value, required=False, max_len=MAX_URL, multiline=False)
    if url is None:
        return None
    if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE) or " " in url:
        raise InvalidInput(f"url must start with http:// or https:// and contain no spaces, not {url[:80]!r}")
    return url


def clean_tags(values: object) -> list[str]:
    """A list of tags: each one word (letters, digits, - _ . / :), lower-cased, duplicates dropped."""
    if values is None:
        return []
    if isinstance(values, str) or not isinstance(values, (list, tuple)):
        raise InvalidInput("tags must be a list of words")
    tags: list[str] = []
    for value in values:
        tag = clean_name("tag", value)
        assert tag is not None
        tag = tag.lower()
        if len(tag) > MAX_TAG or not re.fullmatch(r"[\w\-./:]+", tag):
            raise InvalidInput(f"tag {tag[:40]!r} must be one word of at most {MAX_TAG} letters, digits or - _ . / :")
        if tag not in tags:
            tags.append(tag)
    return tags


def clean_uuid(value: object) -> str:
    """A UUID in canonical lower-case form."""
    if not isinstance(value, str):
        raise InvalidInput("uuid must be text")
    try:
        return str(_uuid.UUID(value.strip()))
    except ValueError:
        raise InvalidInput(f"not a valid uuid: {value[:40]!r}") from None


def claim_ref(value: object) -> int | str:
    """A claim reference as people and scripts give it: a positive id (``12``, or ``#12`` as `show` prints it), or a uuid."""
    if isinstance(value, bool):
        raise InvalidInput("claim id must be a positive whole number or a uuid")
    if isinstance(value, int):
        if not 1 <= value <= MAX_ID:
            shown = str(value) if abs(value).bit_length() <= 64 else "a larger number"
            raise InvalidInput(f"claim id must be a positive whole number, not {shown}")
        return value
    if isinstance(value, str):
        text = value.strip()
        number = text[1:].strip() if text.startswith("#") else text
        if re.fullmatch(r"[0-9]{1,19}", number):
            return claim_ref(int(number))
        if text.startswith("#") or re.fullmatch(r"[+-]?[0-9]+", number):
            raise InvalidInput(f"claim id must be a positive whole number (12 or #12), not {text[:40]!r}")
        try:
            return clean_uuid(text)
        except InvalidInput:
            raise InvalidInput(f"claim must be an id (12 or #12) or a uuid, not {text[:40]!r}") from None
    raise InvalidInput("claim id must be a positive whole number or a uuid")
