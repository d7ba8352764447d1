"""The article inside an HTML page, read with the standard library's `html.parser` (never regexes over tags).

Takes the text of paragraph-like elements (inside `<article>` when the page has one),
skipping scripts, navigation, asides, forms and figures; and the page's own facts:
title (og:title, h1, <title>), author, publication and update times (meta tags,
`<time datetime>`, JSON-LD `datePublished`/`dateModified`), site name and canonical URL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

_SKIP = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "figure",
                   "button", "svg", "select", "template", "iframe", "object", "canvas"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})
_BLOCKS = frozenset({"p", "h2", "h3", "h4", "li", "blockquote", "pre", "dd", "dt"})
_PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
                   "date", "dc.date", "dc.date.issued", "parsely-pub-date", "sailthru.date", "publication_date")
_UPDATED_META = ("article:modified_time", "og:updated_time", "datemodified", "lastmod", "last-modified")


@dataclass(slots=True)
class Page:
    """What the page holds: its text blocks and the facts its markup states."""

    blocks: list[str] = field(default_factory=list)
    title: str | None = None
    h1: str | None = None
    author: str | None = None
    published: str | None = None
    updated: str | None = None
    site: str | None = None
    url: str | None = None


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.meta: dict[str, str] = {}
        self.skip_depth = 0
        self.stack: list[str] = []
        self.block: list[str] | None = None
        self.block_tag: str | None = None
        self.article_blocks: list[str] = []
        self.all_blocks: list[str] = []
        self.in_article = 0
        self.in_title = False
        self.title_text: list[str] = []
        self.h1_text: list[str] | None = None
        self.ld_text: list[str] | None = None
        self.ld_docs: list[str] = []
        self.time_attr: str | None = None

    # ---------------------------------------------------------------- tags
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and a.get("content") and key not in self.meta:
                self.meta[key] = a["content"].strip()
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.meta.setdefault("canonical", a["href"].strip())
            return
        if tag == "time" and a.get("datetime") and self.time_attr is None and not self.skip_depth:
            self.time_attr = a["datetime"].strip()
        if tag == "br" and self.block is not None:
            self.block.append(" ")
        if tag in _VOID:
            return
        self.stack.append(tag)
        if tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self.ld_text = []
        if tag in _SKIP:
            self.skip_depth += 1
            return
        if tag == "article":
            self.in_article += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "h1" and self.h1_text is None and not self.skip_depth:
            self.h1_text = []
        elif tag in _BLOCKS and not self.skip_depth:
            self._close_block()
            self.block, self.block_tag = [], tag

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:  # close anything left open inside this element
            top = self.stack.pop()
            self._end(top)
            if top == tag:
                break

    def _end(self, tag: str) -> None:
        if tag == "script" and self.ld_text is not None:
            self.ld_docs.append("".join(self.ld_text))
            self.ld_text = None
        if tag in _SKIP:
            self.skip_depth = max(self.skip_depth - 1, 0)
        elif tag == "article":
            self._close_block()
            self.in_article = max(self.in_article - 1, 0)
        elif tag == "title":
            self.in_title = False
        elif tag == "h1" and self.h1_text is not None and self.page.h1 is None:
            self.page.h1 = " ".join("".join(self.h1_text).split()) or None
        elif tag == self.block_tag:
            self._close_block()

    def handle_data(self, data: str) -> None:
        if self.ld_text is not None:
            self.ld_text.append(data)
            return
        if self.in_title:
            self.title_text.append(data)
        if self.skip_depth:
            return
        if self.h1_text is not None and self.page.h1 is None:
            self.h1_text.append(data)
        if self.block is not None:
            self.block.append(data)

    def _close_block(self) -> None:
        if self.block is None:
            return
        text = " ".join("".join(self.block).split())
        if text:
            (self.article_blocks if self.in_article else self.all_blocks).append(text)
            if self.in_article:
                self.all_blocks.append(text)
        self.block, self.block_tag = None, None

    # ---------------------------------------------------------------- result
    def finish(self) -> Page:
        self._close_block()
        page = self.page
        page.blocks = self.article_blocks or self.all_blocks
        ld = _json_ld(self.ld_docs)
        meta = self.meta
        page.title = (meta.get("og:title") or ld.get("headline") or page.h1
                      or " ".join("".join(self.title_text).split()) or None)
        page.author = meta.get("author") or ld.get("author")
        page.published = (next((meta[k] for k in _PUBLISHED_META if meta.get(k)), None)
                          or ld.get("datePublished") or self.time_attr)
        page.updated = next((meta[k] for k in _UPDATED_META if meta.get(k)), None) or ld.get("dateModified")
        page.site = meta.get("og:site_name") or ld.get("publisher")
        page.url = meta.get("og:url") or meta.get("canonical") or ld.get("url")
        return page


def _json_ld(docs: list[str]) -> dict[str, str]:
    """headline, author, datePublished, dateModified, publisher and url from the page's JSON-LD, if any."""
    found: dict[str, str] = {}

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
            return
        if not isinstance(node, dict):
            return
        kind = node.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and k.endswith(("Article", "Posting", "Report")) for k in kinds):
            for key in ("headline", "datePublished", "dateModified", "url"):
                value = node.get(key)
                if isinstance(value, str) and key not in found:
                    found[key] = value.strip()
            for key, target in (("author", "author"), ("publisher", "publisher")):
                value = node.get(key)
                value = value[0] if isinstance(value, list) and value else value
                name = value.get("name") if isinstance(value, dict) else value
                if isinstance(name, str) and target not in found:
                    found[target] = name.strip()
        visit(node.get("@graph"))

    for doc in docs:
        try:
            visit(json.loads(doc))
        except ValueError:
            continue
    return found


def read_html(markup: str) -> Page:
    """Parse an HTML page into its text blocks and stated facts (malformed markup is tolerated)."""
    collector = _Collector()
    collector.feed(markup)
    collector.close()
    return collector.finish()


def looks_like_html(text: str) -> bool:
    """True when the text is an HTML page rather than plain text."""
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        head.startswith("<") and any(t in text[:20000].lower() for t in ("<p>", "<p ", "<body", "<article"))
    )
