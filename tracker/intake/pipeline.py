"""From an `Article` to proposed claims: the attribution rules sentence by sentence, then speakers
resolved (surnames, pronouns, roles named later, continued quotes), relayed outlets carried, times
anchored to the publication time, and a confidence for each."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from tracker.intake import names
from tracker.intake.attribution import Raw, analyse, opinion_verb
from tracker.intake.clock import read_said, read_window
from tracker.intake.filters import reason_to_skip
from tracker.intake.model import Article, Extraction, Proposal, Stamp
from tracker.intake.phrases import said_phrases, window_phrase
from tracker.intake.sentences import split

_ENGLISH = frozenset(["the", "a", "an", "of", "to", "in", "and", "is", "was", "said", "that", "for", "on", "with", "by", "as", "at", "from", "it", "he", "she", "they", "has", "have", "had", "were", "are", "be", "this", "which", "not", "but", "will", "would"])
_CAP_RUN = re.compile(r"\b(?:[A-Z][\w’'.-]*\s+){1,5}[A-Z][\w’'-]+\b")
_LEADING_NAME = re.compile(r"^((?:[A-Z][\w’'.-]*\s+|(?:spokesman|spokeswoman|minister|envoy|blogger)\s+){0,5}"
                           r"[A-Z][\w’'-]+)\s+[a-z]")


@dataclass(slots=True)
class _Found:
    """A proposal in the making."""

    raw: Raw
    paragraph: int
    sentence_index: int
    sentence_start: int
    sentence: str
    speaker: str
    kind: str
    role: str | None
    resolved_by: str
    """named, surname, pronoun, role, later-name, continuation, unresolved."""
    said: Stamp | None = None
    via: str | None = None
    statements: tuple[tuple[int, int], ...] = ()
    """Every statement span in the sentence (none of them is where the said-time sits)."""


def looks_english(text: str) -> bool:
    """True when common English words make up a fair share of `text`."""
    words = re.findall(r"[a-z]+", text[:20000].lower())
    return bool(words) and sum(1 for w in words if w in _ENGLISH) >= max(3, len(words) * 0.08)


def extract(article: Article, *, published: Stamp | None, now: datetime, source: str | None = None,
            progress: Callable[[int, int], None] | None = None) -> Extraction:
    """Propose the attributed, checkable claims in `article`. Times are read relative to `published`
    (else `now`) in the zone each phrase names, else the dateline's zone, else the published zone.
    `progress(done, total)`, when given, is told after each paragraph is read."""
    result = Extraction(article=article, published=published)
    if not article.paragraphs:
        return result
    if not looks_english(article.text):
        result.warnings.append("the text does not look like English; the rules read English news style")
        return result
    anchor = published.at if published else now
    zone = article.dateline_tz or (published.tz if published and "/" in published.tz else None) or "UTC"
    registry = names.Registry()
    _note_names(article, registry)
    found = _attribute(article, registry, progress)
    _times(found, anchor, zone)
    outlet = source or article.source
    for item in found:
        result.proposals.append(_proposal(article, item, outlet))
    return result


def _note_names(article: Article, registry: names.Registry) -> None:
    """Learn the full names the article gives anywhere ("Russian President Vladimir Putin")."""
    for paragraph in article.paragraphs:
        for run in _CAP_RUN.findall(paragraph.text):
            mention = names.parse(run)
            if mention is not None and mention.kind == "person" and " " in mention.name:
                last = registry.last.get("person")
                registry.learn(mention)
                if last is None:
                    registry.last.pop("person", None)
                else:
                    registry.last["person"] = last
    registry.last.clear()


def _attribute(article: Article, registry: names.Registry,
               progress: Callable[[int, int], None] | None = None) -> list[_Found]:
    found: list[_Found] = []
    last_quoted: tuple[str, str, str | None, int] | None = None  # speaker, kind, role, paragraph
    relay: tuple[str, set[str], int] | None = None
    pending_roles: list[int] = []
    index = 0
    for p_index, paragraph in enumerate(article.paragraphs):
        if progress is not None:
            progress(p_index, len(article.paragraphs))
        for sentence in split(paragraph.text):
            index += 1
            raws = analyse(sentence)
            if not raws:
                _note_subject(sentence.text, registry)
                continue
            if opinion_verb(sentence.text[: raws[0].attribution[1] or len(sentence.text)]) and raws[0].kind == "reported":
                continue
            said_spans = tuple(span for raw in raws for span in raw.spans)
            for raw in raws:
                item = _resolve(raw, registry, last_quoted, p_index)
                if item is None:
                    continue
                speaker, kind, role, how = item
                if how == "role":
                    pending_roles.append(len(found))
                elif how == "named" and kind == "person" and pending_roles and not role:
                    for pending in pending_roles:
                        if index - found[pending].sentence_index <= 3:
                            found[pending].role = found[pending].speaker
                            found[pending].speaker, found[pending].kind = speaker, "person"
                            found[pending].resolved_by = "later-name"
                    pending_roles = []
                start = paragraph.start + sentence.start
                entry = _Found(raw, p_index, index, start, sentence.text, speaker, kind, role, how, via=raw.via,
                               statements=said_spans)
                found.append(entry)
                last_quoted = (speaker, kind, role, p_index)
            # An outlet that relays reports carries to the next paragraph's new speaker it describes.
            first = raws[0]
            if first.via and names.parse(first.speaker or "") is not None and \
                    (names.parse(first.speaker or "") or names.Mention("", "")).kind == "outlet":
                relay = (first.via, {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z]+", sentence.text)}, p_index)
            elif relay is not None:
                _carry_relay(found, relay, p_index)
    if progress is not None:
        progress(len(article.paragraphs), len(article.paragraphs))
    return found


def _carry_relay(found: list[_Found], relay: tuple[str, set[str], int], p_index: int) -> None:
    outlet, words, at = relay
    if p_index != at + 1:
        return
    for item in found:
        if item.paragraph != p_index or item.via:
            continue
        role_words = {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z]+", item.role or "")}
        if role_words & words - {"the", "a", "of", "russian", "ukrainian", "us"} or any(
                other.paragraph == p_index and other.via == outlet and other.speaker == item.speaker
                for other in found):
            item.via = outlet


def _note_subject(text: str, registry: names.Registry) -> None:
    match = _LEADING_NAME.match(text)
    if match is None:
        return
    mention = names.parse(match.group(1))
    if mention is None:
        return
    if mention.kind == "person":
        registry.learn(replace(mention, name=registry.full(mention.name)))
    elif mention.kind in ("organisation", "group"):
        registry.learn(mention)


def _resolve(raw: Raw, registry: names.Registry, last_quoted: tuple[str, str, str | None, int] | None,
             p_index: int) -> tuple[str, str, str | None, str] | None:
    if raw.speaker is None:
        if last_quoted is None or p_index - last_quoted[3] > 1:
            return None
        return last_quoted[0], last_quoted[1], last_quoted[2], "continuation"
    mention = names.parse(raw.speaker)
    if mention is None:
        return None
    if mention.kind in ("pronoun", "role"):
        target = registry.resolve(mention)
        if target is None:
            if mention.kind == "role":
                return mention.name, "role", None, "role"
            return None
        name, kind = target
        if kind == "person":
            registry.last["person"] = name
        return name, kind, None, mention.kind
    if mention.kind == "person":
        full = registry.full(mention.name)
        how = "named" if " " in mention.name else ("surname" if full != mention.name else "unresolved")
        if how == "named" and full != mention.name:
            how = "surname"
        name = registry.learn(replace(mention, name=full))
        return name, "person", mention.role, how
    if mention.kind == "organisation" and mention.name.islower() and " " not in mention.name:
        # "the utility", "the company", "the ministry": the organisation last named.
        last = registry.last.get("organisation")
        if last is not None:
            return last, "organisation", None, "pronoun"
    if mention.kind != "outlet":
        registry.learn(mention)
    kind = "organisation" if mention.kind == "outlet" else mention.kind
    return mention.name, kind, None, "named"


def _times(found: list[_Found], anchor: datetime, zone: str) -> None:
    """Said-times: the phrase beside the attribution; else the same speaker's nearest explicit time;
    else the story's most common said-day; else the publication day."""
    explicit: dict[int, Stamp] = {}
    for i, item in enumerate(found):
        region = _region(item)
        for phrase in said_phrases(region):
            stamp = read_said(phrase.phrase, now=anchor, zone=zone)
            if stamp is not None and _not_after(stamp, anchor):
                explicit[i] = stamp
                break
    for i, item in enumerate(found):
        if i in explicit:
            item.said = explicit[i]
    days = Counter((s.at.astimezone(_zone(s.tz)).date(), s.tz) for s in explicit.values())
    story = days.most_common(1)[0][0] if days else None
    for i, item in enumerate(found):
        if item.said is not None:
            continue
        same = [(abs(j - i), j) for j in explicit if found[j].speaker == item.speaker]
        if same:
            item.said = replace(explicit[min(same)[1]], inferred=True)
        elif story is not None:
            day, tz = story
            item.said = _noon(day, tz)
        else:
            item.said = _noon(anchor.astimezone(_zone(zone)).date(), zone)


def _not_after(stamp: Stamp, anchor: datetime) -> bool:
    """A said-time is before publication, or on its day when it is no finer than a part of a day."""
    if stamp.at <= anchor:
        return True
    local = _zone(stamp.tz)
    return stamp.precision != "minute" and stamp.at.astimezone(local).date() <= anchor.astimezone(local).date()


def _region(item: _Found) -> str:
    """The sentence less its statement: where the said-time sits."""
    text = item.sentence
    out = []
    last = 0
    for s, e in sorted(item.statements or item.raw.spans):
        if s >= last:
            out.append(text[last:s])
            last = e
    out.append(text[last:])
    return " ".join(out)


def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


def _noon(day: date, tz: str) -> Stamp:
    local = datetime.combine(day, time(12)).replace(tzinfo=_zone(tz))
    return Stamp(local.astimezone(UTC), tz, "day", None, inferred=True)


_BASE = {"quote": 0.9, "reported": 0.8}
_SPEAKER_COST = {"named": 0.0, "surname": 0.02, "pronoun": 0.1, "continuation": 0.1, "later-name": 0.1,
                 "role": 0.25, "unresolved": 0.15}


def _proposal(article: Article, item: _Found, outlet: str | None) -> Proposal:
    raw = item.raw
    pieces = [item.sentence[s:e].strip() for s, e in raw.spans]
    statement = " ".join(p for p in pieces if p)
    start = item.sentence_start + raw.spans[0][0]
    end = item.sentence_start + raw.spans[-1][1]
    window = window_phrase(statement)
    expires = read_window(window.phrase, said=item.said) if window and item.said else None
    confidence = _BASE.get(raw.kind, 0.8) - _SPEAKER_COST.get(item.resolved_by, 0.1)
    if raw.verb == "according to" or raw.chained:
        confidence -= 0.05
    if item.said is None or item.said.inferred:
        confidence -= 0.1
    if item.kind == "group":
        confidence -= 0.05
    skip = reason_to_skip(statement)
    if skip is not None:
        confidence = 0.0
    return Proposal(
        statement=statement, speaker=item.speaker, speaker_kind=item.kind, speaker_role=item.role,
        said_at=item.said, expires_at=expires, window=window.phrase if window and expires else None,
        source=outlet, via=item.via, sentence=item.sentence, sentence_start=item.sentence_start,
        sentence_end=item.sentence_start + len(item.sentence), statement_start=start, statement_end=end,
        kind=raw.kind, confidence=round(max(confidence, 0.0), 2), venue=raw.venue,
    )


def checkable(proposals: list[Proposal]) -> list[Proposal]:
    """The proposals worth checking: not opinions, feelings, greetings or duplicates."""
    seen: set[str] = set()
    kept = []
    for proposal in proposals:
        key = " ".join(proposal.statement.lower().split())
        if proposal.confidence <= 0 or key in seen:
            continue
        seen.add(key)
        kept.append(proposal)
    return kept
