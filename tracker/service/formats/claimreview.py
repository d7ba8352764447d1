"""ClaimReview: schema.org fact-check markup (JSON-LD) for the desk's verdicts out, other desks' reviews in.

Out (`export`, `check`): one ClaimReview per confirmed or contradicted claim, built by `review_of`
from the claim, the verdict event and the rule settings (docs/cli.md, "ClaimReview"). `check`
validates every review against the JSON Schema shipped beside this module
(``claimreview.schema.json``: Google's required and recommended properties) with jsonschema,
which is imported only on that path.

In (`sniff`, `read`): `tracker.service.formats.claimreview_in`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

from tracker.domain.display import inert_json
from tracker.domain.publishing import speaker_kind
from tracker.domain.rules import RuleSettings
from tracker.domain.status import VERDICT_STATES, Status
from tracker.domain.when import to_zone
from tracker.service.context import Desk
from tracker.service.formats.requests import ExportRequest, ImportRequest, RowResult
from tracker.service.selection import Selected, selected

CONTEXT = "https://schema.org"
ADVISED_LENGTH = 75
"""Google advised keeping `claimReviewed` under 75 characters (it wraps on phones)."""

HINTS = {
    "url": "no review_url setting (tracker rules set review_url 'https://example.org/checks/{uuid}')",
    "author": "no review_author setting (tracker rules set review_author 'Your Desk')",
    "itemReviewed.datePublished": "the claim has no said_at",
    "itemReviewed.appearance": "the claim has no url and no source (where it was said or reported)",
    "itemReviewed.firstAppearance": "the claim has no url and no source (where it was said or reported)",
}
"""What a missing field means in the desk's terms, for `--check`."""


def _iso(at: Any, tz: str) -> str:
    return str(to_zone(at, tz).isoformat(timespec="seconds"))


def review_of(item: Selected, settings: RuleSettings) -> dict[str, Any]:
    """The ClaimReview of one confirmed or contradicted claim (fields with nothing to say are left out)."""
    claim, verdict = item.claim, item.verdict
    assert verdict is not None, "only verdicts are published"
    words = dict(settings.verdict_words)
    worst, best = settings.rating_scale
    word = words.get(claim.status.value, "")
    rating: dict[str, Any] = {
        "@type": "Rating",
        "ratingValue": best if claim.status is Status.CONFIRMED else worst,
        "bestRating": best,
        "worstRating": worst,
        "alternateName": word,
        "name": word,
    }
    if verdict.reason:
        rating["ratingExplanation"] = verdict.reason
    said: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": speaker_kind(claim.speaker, settings.speaker_kinds), "name": claim.speaker},
    }
    if claim.said_at is not None:
        said["datePublished"] = _iso(claim.said_at, claim.said_tz or settings.desk_tz)
    if claim.url or claim.source:
        work: dict[str, Any] = {"@type": "CreativeWork"}
        if claim.url:
            work["url"] = claim.url
        if claim.source:
            work["publisher"] = {"@type": "Organization", "name": claim.source}
        said["appearance"] = [work]
        said["firstAppearance"] = dict(work)
    review: dict[str, Any] = {"@context": CONTEXT, "@type": "ClaimReview"}
    if settings.review_url:
        review["url"] = settings.review_url.format(uuid=claim.uuid, id=claim.id)
    review["claimReviewed"] = claim.text
    review["datePublished"] = _iso(verdict.at, settings.desk_tz)
    if settings.review_author:
        author: dict[str, Any] = {"@type": "Organization", "name": settings.review_author}
        if settings.review_author_url:
            author["url"] = settings.review_author_url
        review["author"] = author
    review["reviewRating"] = rating
    review["itemReviewed"] = said
    return review


def dumps(review: dict[str, Any], *, indent: int | None = None) -> str:
    """JSON that is also safe inside an HTML ``<script>`` block (``<``, ``>``, ``&`` escaped)."""
    text = inert_json(review, indent=indent)  # C1 controls, bidi, invisible characters, U+2028/9 escaped
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, escaped)
    return text


def _verdicts(request: ExportRequest) -> Any:
    from dataclasses import replace

    return replace(request.selection, only=VERDICT_STATES)


def _settings(desk: Desk) -> RuleSettings:
    from tracker.service.settings import rules

    return rules(desk)


def export(desk: Desk, request: ExportRequest) -> Iterator[str]:
    """The selected confirmed and contradicted claims as ClaimReview: one JSON array, or one per line."""
    settings = _settings(desk)
    for key in ("review_url", "review_author"):
        if not getattr(settings, key):
            request.warn(f"warning: {HINTS['url' if key == 'review_url' else 'author']}; run --check")
    first = True
    if not request.lines:
        yield "["
    for item in selected(desk, _verdicts(request)):
        review = review_of(item, settings)
        _warn_length(item, request)
        if request.lines:
            yield dumps(review) + "\n"
        else:
            yield ("\n" if first else ",\n") + _indented(dumps(review, indent=2))
            first = False
    if not request.lines:
        yield "]\n" if first else "\n]\n"


def _indented(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def _warn_length(item: Selected, request: ExportRequest) -> None:
    length = len(item.claim.text)
    if length > ADVISED_LENGTH:
        request.warn(f"warning: claim {item.claim.id}: claimReviewed is {length} characters "
                     f"(Google advises under {ADVISED_LENGTH})")


def schema() -> dict[str, Any]:
    """The shipped JSON Schema (claimreview.schema.json)."""
    text = resources.files("tracker.service.formats").joinpath("claimreview.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def problems(review: dict[str, Any]) -> list[str]:
    """Each missing or invalid field of one review, as ``path: what is wrong``, per the shipped schema."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    found: list[str] = []
    for error in sorted(validator.iter_errors(review), key=lambda e: [str(p) for p in e.absolute_path]):
        at = ".".join(str(p) for p in error.absolute_path)
        if error.validator == "required":
            instance = error.instance if isinstance(error.instance, dict) else {}
            for name in error.validator_value:
                if name not in instance:
                    path = f"{at}.{name}" if at else name
                    found.append(f"{path}: missing: {HINTS[path]}" if path in HINTS else f"{path}: missing")
        else:
            found.append(f"{at or '(review)'}: {error.message}")
    return list(dict.fromkeys(found))  # jsonschema reports a `required` failure once per missing name


def check(desk: Desk, request: ExportRequest) -> tuple[int, list[str]]:
    """How many reviews the export would write, and each problem of each, as ``claim N: path: what is wrong``."""
    settings = _settings(desk)
    found: list[str] = []
    count = 0
    for item in selected(desk, _verdicts(request)):
        count += 1
        _warn_length(item, request)
        found += [f"claim {item.claim.id}: {p}" for p in problems(review_of(item, settings))]
    return count, found


def sniff(head: bytes) -> bool:
    """ClaimReview: JSON (an object or an array) or an HTML page that mentions ClaimReview."""
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    return text[:1] in ("{", "[", "<") and "ClaimReview" in text



def read(desk: Desk, data: bytes, request: ImportRequest) -> Iterator[RowResult]:
    """Other fact-checkers' reviews in (tracker.service.formats.claimreview_in)."""
    from tracker.service.formats.claimreview_in import import_reviews

    return import_reviews(desk, data, request)
