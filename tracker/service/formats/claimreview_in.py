"""Other fact-checkers' ClaimReviews in: each review adds the claim it reviewed, with the review as evidence.

Accepted: one ClaimReview object, an array of them, a JSON-LD ``@graph``, or an HTML page with
``<script type="application/ld+json">`` blocks (every ClaimReview in any block is read; other
types are skipped). Per review (docs/cli.md, "claimreview"):

* the claim: `claimReviewed` is its text; `itemReviewed.author.name` its speaker ("unknown" when
  the review names none); `itemReviewed.datePublished` when it was said; `firstAppearance` (else
  the first `appearance`) its url, and that work's publisher (else the url's host) its source.
  It is tagged ``claimreview`` and gets no deadline (the check was done elsewhere).
* the evidence: the reviewer (`author.name`, else the review url's host) as source, the review's
  `url`, a note with the rating and its explanation, and a stance from the rating by
  `tracker.domain.publishing.stance_of_rating`.
* identity: the claim's uuid is derived from the review (uuid5 of its url and `claimReviewed`), so
  importing the same review again finds the claim and its evidence and changes nothing.
"""

from __future__ import annotations

import json
import re
import uuid as _uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

from tracker.domain.errors import ExitCode, InvalidInput, NotFound, TrackerError
from tracker.domain.inputs import clean_name, clean_text, clean_url
from tracker.domain.publishing import stance_of_rating
from tracker.service.context import Desk
from tracker.service.formats.requests import ImportRequest, RowResult

TAG = "claimreview"
NAMESPACE = _uuid.uuid5(_uuid.NAMESPACE_URL, "https://schema.org/ClaimReview#tracker-import")
"""The namespace of the uuids of imported claims (uuid5 of the review's url and claimReviewed)."""
_SCRIPT = re.compile(r"<script\b[^>]*type\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script\s*>",
                     re.IGNORECASE | re.DOTALL)


def documents(data: bytes) -> list[Any]:
    """The JSON documents in the file: the file itself, or each JSON-LD block of an HTML page."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InvalidInput(f"the file is not UTF-8 (byte {err.start + 1})") from None
    stripped = text.lstrip()
    blocks = [m.group(1) for m in _SCRIPT.finditer(text)] if stripped.startswith("<") else [text]
    if not blocks:
        raise InvalidInput("the page has no <script type=\"application/ld+json\"> block")
    found = []
    for number, block in enumerate(blocks, 1):
        try:
            found.append(json.loads(block.strip().removeprefix("<!--").removesuffix("-->")))
        except (ValueError, RecursionError) as err:
            where = f"JSON-LD block {number}" if len(blocks) > 1 or stripped.startswith("<") else "the file"
            raise InvalidInput(f"{where} is not valid JSON ({str(err).splitlines()[0][:80]})") from None
    return found


def _is_review(node: dict[str, Any]) -> bool:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "ClaimReview" for k in kinds)


def reviews(data: bytes) -> list[dict[str, Any]]:
    """Every ClaimReview object in the file, in order (arrays and @graph lists flattened)."""
    found: list[dict[str, Any]] = []

    def walk(node: Any, depth: int = 0) -> None:
        if depth > 20:
            return
        if isinstance(node, list):
            for item in node:
                walk(item, depth + 1)
        elif isinstance(node, dict):
            if _is_review(node):
                found.append(node)
            elif "@graph" in node:
                walk(node["@graph"], depth + 1)

    for document in documents(data):
        walk(document)
    if not found:
        raise InvalidInput("no ClaimReview in the file (an object with \"@type\": \"ClaimReview\")")
    return found


def _one(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _name(value: Any) -> str | None:
    value = _one(value)
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        name = value.get("name") or value.get("Name")
        return str(_one(name)).strip() or None if name else None
    return None


def _url_of(value: Any) -> str | None:
    value = _one(value)
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict) and isinstance(value.get("url"), str):
        return str(value["url"]).strip() or None
    return None


def _number(value: Any) -> float | None:
    try:
        return float(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def _host(url: str | None) -> str | None:
    return urlparse(url).hostname if url else None


def plan(review: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The `add` and `evidence` records one review gives (not yet applied); InvalidInput when it cannot."""
    text = clean_text("claimReviewed", _one(review.get("claimReviewed")))
    item = _one(review.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    work = item.get("firstAppearance") or item.get("appearance")
    claim_url = _url_of(work)
    if claim_url is not None and not re.match(r"^https?://", claim_url, re.IGNORECASE):
        claim_url = None
    publisher = _name(_one(work).get("publisher")) if isinstance(_one(work), dict) else None
    review_url = _url_of(review.get("url"))
    reviewer = _name(review.get("author")) or _name(review.get("publisher")) or _host(review_url) or "unknown reviewer"
    rating = _one(review.get("reviewRating"))
    rating = rating if isinstance(rating, dict) else {}
    word = _name({"name": rating.get("alternateName")}) or _name({"name": rating.get("name")})
    value, best, worst = (_number(rating.get(k)) for k in ("ratingValue", "bestRating", "worstRating"))
    stance = stance_of_rating(word, value, best, worst)
    scale = "" if value is None else f" ({value:g} on {worst or 1:g}-{best or 5:g})"
    explanation = _one(rating.get("ratingExplanation"))
    note = f"{reviewer} rated it \"{word or 'no rating word'}\"{scale}"
    if isinstance(review.get("datePublished"), str):
        note += f" on {review['datePublished'][:10]}"
    if isinstance(explanation, str) and explanation.strip():
        note += f": {explanation.strip()}"
    key = f"{review_url or reviewer}#{text}"
    claim: dict[str, Any] = {
        "action": "add", "uuid": str(_uuid.uuid5(NAMESPACE, key)), "text": text,
        "speaker": clean_name("speaker", _name(item.get("author")) or "unknown"),
        "source": clean_name("source", publisher or _host(claim_url), required=False),
        "url": clean_url(claim_url), "tags": [TAG], "expires_at": "never",
    }
    said = item.get("datePublished")
    if isinstance(said, str) and said.strip():
        claim["said_at"] = said.strip()
    evidence = {"action": "evidence", "uuid": claim["uuid"], "stance": stance,
                "source": clean_name("source", reviewer[:200]), "url": clean_url(review_url),
                "note": clean_text("note", note[:4000])}
    return claim, evidence


def import_reviews(desk: Desk, data: bytes, request: ImportRequest) -> Iterator[RowResult]:
    """Add each review's claim and evidence; one result per review (an already imported review: `unchanged`)."""
    from tracker.service.batch import apply_lines
    from tracker.service.reading import show

    for number, review in enumerate(reviews(data), 1):
        try:
            claim, evidence = plan(review)
        except InvalidInput as err:
            yield RowResult(number, False, "add", error=err.message, code=int(ExitCode.USAGE),
                            column=err.message.split(" ", 1)[0], unit="review")
            continue
        try:
            existing = show(desk, claim["uuid"])
        except NotFound:
            existing = None
        if existing is not None and any(e.url == evidence["url"] and e.source == evidence["source"]
                                        for e in existing.evidence):
            yield RowResult(number, True, "unchanged", existing.id, existing.uuid, existing.status.value,
                            detail="this review is already imported", unit="review")
            continue
        lines = ([] if existing else [claim]) + [evidence]
        results = list(apply_lines(desk, (json.dumps(line) for line in lines)))
        failed = next((r for r in results if not r.ok), None)
        last = results[-1].claim
        if failed is not None or last is None:
            error = failed.error if failed is not None else "nothing was imported"
            yield RowResult(number, False, "add", error=error, unit="review",
                            code=failed.code if failed is not None else int(TrackerError.exit_code))
            continue
        yield RowResult(number, True, "evidence" if existing else "add", last.id, last.uuid, last.status.value,
                        detail=f"{evidence['stance']}, by {evidence['source']}", unit="review")
