"""Page furniture around a story: byline, "Updated" line, dateline, credit line and footers.

Each rule reads one paragraph's words (never markup). What it recognises is taken out
of the story's paragraphs, and what it says (the outlet, the place and time the story
was filed) is kept on the `Article`.
"""

from __future__ import annotations

import re

from tracker.domain.when import ZONE_PHRASES

AGENCIES: dict[str, str] = {
    "ap": "AP", "associated press": "AP", "the associated press": "AP", "reuters": "Reuters",
    "thomson reuters": "Reuters", "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "bloomberg": "Bloomberg", "dpa": "dpa", "ansa": "ANSA", "efe": "EFE", "pa": "PA", "pa media": "PA",
    "xinhua": "Xinhua", "tass": "TASS", "interfax": "Interfax", "ukrinform": "Ukrinform", "kyodo": "Kyodo",
    "yonhap": "Yonhap", "pti": "PTI", "aap": "AAP", "anadolu": "Anadolu", "upi": "UPI", "cnn": "CNN", "bbc": "BBC",
}
"""Wire agencies and broadcasters as credit lines and datelines name them -> how to write them."""

_DASH = r"(?:—|–|--|-|:)"
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'’\-]+(?: [A-Z][A-Za-z.'’\-]+){0,3})"
    r"(?:, (?P<region>[A-Z][A-Za-z.'’\-]+(?: [A-Z][A-Za-z.'’\-]+){0,2}|[A-Z][a-z]{2,8}\.? \d{1,2}))?"
    r"(?: ?\((?P<agency>[A-Za-z .\-]{2,30})\))?"
    rf"\s*{_DASH}\s+(?=\S)"
)
"""`KYIV, Ukraine (AP) — `, `LONDON, Jan 29 (Reuters) - `, `Kyiv: ` at the start of the first paragraph."""

_UPDATED = re.compile(r"^(?:last\s+)?(updated|published|first published|posted|modified)\b[:\s,]*(.*)$", re.IGNORECASE)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE_ONLY = re.compile(
    r"^(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)[a-z]*,?\s+)?"
    r"(?:\d{1,2}\s+[a-z]{3,9}\.?,?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})"
    r"(?:[\s,—–\-]+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Za-z/_+\-]{1,20}(?: time)?)?)?\s*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by\s+)?[A-Z][\w.'’\-]+(?: [A-Z][\w.'’\-]+){1,3}"
                     r"(?:(?:,| and| &) [A-Z][\w.'’\-]+(?: [A-Z][\w.'’\-]+){1,3})*$")
_FOOTER = re.compile(
    r"\b(sign up|newsletter|subscribe|subscription|unsubscribe|all rights reserved|copyright|©|"
    r"contributed to this report|contributed reporting|follow (?:us|him|her|them) on|click here|read more|"
    r"get a note directly|this story has been (?:updated|corrected)|download (?:our|the) app|"
    r"terms of (?:use|service)|privacy policy|cookie|advertisement|share this article|"
    r"reporting by|editing by|writing by|additional reporting)\b",
    re.IGNORECASE,
)


def agency_name(text: str) -> str | None:
    """The agency a credit line or dateline names ("(AP)", "Reuters", "— AFP"), or None."""
    key = re.sub(r"[()\[\]—–\-:/]", " ", text).strip().lower()
    key = " ".join(key.split())
    return AGENCIES.get(key)


def dateline(paragraph: str) -> tuple[str, str | None, str | None, int] | None:
    """(place, its zone, agency, length of the dateline) when `paragraph` opens with a dateline."""
    match = DATELINE.match(paragraph)
    if match is None:
        return None
    place = match.group("place")
    key = place.lower().replace(".", "")
    zone = ZONE_PHRASES.get(key)
    region = match.group("region")
    if zone is None and region and region[:3].lower() not in _MONTHS:
        zone = ZONE_PHRASES.get(region.lower())
    agency = agency_name(match.group("agency") or "") if match.group("agency") else None
    # A dateline names a place: a known city, an ALL-CAPS word, or an agency in brackets.
    if zone is None and agency is None and not place.isupper():
        return None
    return place, zone, agency, match.end()


def updated_line(paragraph: str) -> str | None:
    """The time an "Updated ..."/"Published ..." line or a date-only line gives, or None.

    Of "Updated 30 Jan 2026 07:00, first published 29 Jan 2026 23:10" it returns the update time
    (the text as it stands is as of its last update). Empty lines like "Updated ,first published" give
    None.
    """
    text = " ".join(paragraph.split())
    if len(text) > 160:
        return None
    match = _UPDATED.match(text)
    if match:
        rest = re.split(r",?\s*(?:first\s+)?published\b", match.group(2), maxsplit=1, flags=re.IGNORECASE)[0]
        rest = rest.strip(" ,:—–-")
        return rest if any(ch.isdigit() for ch in rest) else ""
    if _DATE_ONLY.match(text):
        return text
    return None


def is_byline(paragraph: str) -> bool:
    """A line of names only ("By Aamer Madhani and Susie Blann"), with no verb and no full stop."""
    text = paragraph.strip()
    if len(text) >= 120 or text.endswith((".", "?", "!", "”", '"')):
        return False
    # "By Rachel Hume, Environment correspondent", "By LISA MASCARO", or names only.
    return bool(_BYLINE.match(text)) or bool(re.match(r"^By [A-Z][\w.'’\-]+(?: [A-Z][\w.'’\-]+){0,3}(?:,|$| and )",
                                                      text))


def is_footer(paragraph: str) -> bool:
    """Newsletter, subscription, copyright and credit boilerplate that closes a page."""
    return bool(_FOOTER.search(paragraph)) and len(paragraph) < 400
