"""From the bytes of a file to an `Article`: decoding, plain text or HTML, paragraphs, furniture.

Bad input is refused with one clear `InvalidInput` line: empty, binary, not text in a known
encoding, or larger than `MAX_BYTES` (a news article, even as a full web page, is far smaller).
"""

from __future__ import annotations

import re

from tracker.domain.errors import InvalidInput
from tracker.intake import furniture
from tracker.intake.htmltext import looks_like_html, read_html
from tracker.intake.model import Article, Paragraph

MAX_BYTES = 8 * 1024 * 1024
"""The largest input read (8 MiB)."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SENTENCE_END = ("." , "?", "!", "”", '"', "’", "'", ":", ")")


def decode(data: bytes, name: str = "input") -> str:
    """Bytes as text: UTF-8 (with or without BOM, or UTF-16 with BOM), else Windows-1252; binary is refused."""
    if not data.strip():
        raise InvalidInput(f"{name} is empty")
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB; an article is far smaller")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InvalidInput(f"{name} is not readable text") from None
    elif b"\x00" in data[:65536]:
        raise InvalidInput(f"{name} looks like binary data, not an article (plain text or HTML)")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise InvalidInput(f"{name} is not UTF-8 text (save it as UTF-8)") from None
    sample = text[:65536]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 200):
        raise InvalidInput(f"{name} looks like binary data, not an article (plain text or HTML)")
    return text


def read_article(data: bytes, *, name: str = "input") -> Article:
    """Read an article from a file's bytes (plain text or an HTML page)."""
    text = decode(data, name)
    if looks_like_html(text):
        page = read_html(text)
        blocks = page.blocks
        article = Article(text="", paragraphs=[], title=page.title, byline=page.author, url=page.url,
                          published=page.updated or page.published, source=_site(page.site), html=True)
    else:
        blocks = _plain_blocks(text)
        article = Article(text="", paragraphs=[])
    body = "\n".join(blocks)
    article.text = body
    paragraphs: list[Paragraph] = []
    at = 0
    for block in blocks:
        paragraphs.append(Paragraph(at, block))
        at += len(block) + 1
    article.paragraphs = _strip_furniture(article, paragraphs)
    return article


def _site(name: str | None) -> str | None:
    if not name:
        return None
    return furniture.agency_name(name) or name.strip()


def _plain_blocks(text: str) -> list[str]:
    """Paragraphs of plain text: one per line, or per blank-line block when lines are hard-wrapped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    lines = [line.strip() for line in text.split("\n")]
    full = [line for line in lines if line]
    wrapped = "\n\n" in text and full and (
        sum(1 for line in full if not line.endswith(_SENTENCE_END)) > len(full) * 0.4
    )
    if not wrapped:
        return [" ".join(line.split()) for line in full]
    blocks: list[str] = []
    current: list[str] = []
    for line in lines + [""]:
        if line:
            current.append(line)
        elif current:
            blocks.append(" ".join(" ".join(current).split()))
            current = []
    return blocks


def _strip_furniture(article: Article, paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Take byline, title, "Updated" lines, dateline, credit line and footers out of the story."""
    body = list(paragraphs)
    # Head: up to five short lines before the story proper.
    head = 0
    while head < min(len(body), 6):
        text = body[head].text
        stamp = furniture.updated_line(text)
        if stamp is not None:
            if stamp and not article.published:
                article.published = stamp
        elif furniture.is_byline(text):
            article.byline = article.byline or text.removeprefix("By ").removeprefix("by ")
        elif (not article.html and head == 0 and article.title is None and len(text) < 200
              and not text.endswith((".", "”", '"')) and furniture.dateline(text) is None):
            article.title = text
        else:
            break
        head += 1
    body = body[head:]
    if body:
        first = body[0]
        found = furniture.dateline(first.text)
        if found is not None:
            place, zone, agency, length = found
            article.dateline, article.dateline_tz = place, zone
            if agency and not article.source:
                article.source = agency
            body[0] = Paragraph(first.start + length, first.text[length:])
    # Tail: a credit line ("AP") and everything after it, and boilerplate footers.
    for index in range(len(body) - 1, max(len(body) - 6, -1), -1):
        agency = furniture.agency_name(body[index].text)
        if agency is not None:
            article.source = article.source or agency
            body = body[:index]
            break
    while body and (furniture.is_footer(body[-1].text) or furniture.is_byline(body[-1].text)):
        body.pop()
    return [p for p in body if not (len(p.text) < 200 and furniture.is_footer(p.text))]
