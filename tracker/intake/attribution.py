"""The attribution rules of English news style, applied to one sentence.

A sentence gives zero or more `Raw` attributions, each with the speaker phrase as written and the
statement's span. The layouts read, in order:

* a quotation with its attribution after, before or inside it (“…,” Trump said. / He said: “…” /
  “…,” she said, “…”), and a participle after it (", adding that …");
* a reported clause led by its speaker (X said [on Thursday] [that] …; X told reporters …; X accused
  Y of …), or trailed by it (…, officials said on Thursday. / …, said the minister.);
* "according to" before or after the clause;
* an outlet relaying another speaker (X reported …, the Telegraph reported): the inner speaker with
  the outlet as `via`;
* a quotation with no attribution: a continuation of the last quoted speaker (`Raw.speaker` is None).

Names, pronouns and times are resolved later, by the pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tracker.intake import names
from tracker.intake.lexicon import ATTRIBUTION_VERBS, OPINION_VERBS
from tracker.intake.phrases import SAID, VAGUE
from tracker.intake.quotes import Quote
from tracker.intake.sentences import Sentence

_VERB = re.compile(r"\b(" + "|".join(sorted(ATTRIBUTION_VERBS, key=len, reverse=True)) + r")\b")
_ACCORDING = re.compile(r"\baccording to\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|never|n[’']t|declined to|refused to|did|would|could|wouldn[’']t|didn[’']t)"
                      r"(?:\s+\w+)?\s*$", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:is|was|are|were|be|been|being|it is|it was)\s*$", re.IGNORECASE)
_LEAD_IN = re.compile(r"^(?:(?:but|and|meanwhile|however|separately|earlier|later|also|still|yet|in a statement|"
                      r"in an interview|speaking to reporters|on \w+day"
                      r"|(?:speaking|writing|talking|asked|interviewed|addressing|appearing|responding)\b[^,“\"]{0,90},"
                      r")\s*,?\s+)+", re.IGNORECASE)
_FILLERS = re.compile(r"\s+(?:also|later|earlier|separately|again|previously|then|repeatedly|publicly|"
                      r"has|have|had|was|were|is|had previously)\s*$", re.IGNORECASE)
_THAT = re.compile(r"^(?:,\s*)?that\s+", re.IGNORECASE)
_TOLD_OBJECT = re.compile(
    r"^(?:(?:the|a|an|his|her|their)\s+)?(?:reporters|journalists|lawmakers|parliament|legislators|supporters|"
    r"a news conference|a press conference|a briefing|the media|state media|state television|"
    r"(?:[A-Z][\w’'.-]*\s+){1,4})", )
_VENUE = re.compile(
    r"\b(?:in|on|via|during)\s+(?:a|an|the|his|her|their)?\s*((?:[A-Z][\w.-]*\s+)?(?:social media post|"
    r"statement|interview|post|video|televised address|address|news conference|press conference|briefing|"
    r"speech|messaging app|channel|[A-Z][\w]*\s+(?:messaging app|channel|account)|Telegram|X|Twitter|Facebook|"
    r"Truth Social|Instagram))", )
_STOP_AT = re.compile(r",\s*(?:adding|calling|saying|urging|noting|stressing|warning|while|but|as)\b|"
                      r"\s+and\s+(?:added|said|expressed|called|urged|warned|stressed|noted)\b|"
                      r";\s", re.IGNORECASE)
_MORE = re.compile(r"(?:,\s*(?:adding|saying|noting|stressing|warning)|\s+and\s+(?:added|said|noted|stressed|"
                   r"warned))(?:\s+that)?\s+", re.IGNORECASE)
_MIN_WORDS = 4


@dataclass(frozen=True, slots=True)
class Raw:
    """One attribution found in a sentence (offsets are inside the sentence)."""

    speaker: str | None
    spans: tuple[tuple[int, int], ...]
    kind: str
    verb: str
    attribution: tuple[int, int] = (0, 0)
    """Where the speaker and verb are, to look for the said-time beside them."""
    via: str | None = None
    venue: str | None = None
    chained: bool = False
    """Said by the same speaker as the attribution before it in this sentence (", adding that …")."""


def analyse(sentence: Sentence) -> list[Raw]:
    """The attributions in one sentence."""
    text = sentence.text
    quotes = [q for q in sentence.quotes if _standalone(text, q)]
    if quotes:
        found = _quoted(text, quotes)
        if found is not None:
            return found
    return _reported(text, sentence.quotes, 0)


# ----------------------------------------------------------------------------- quotations


def _standalone(text: str, quote: Quote) -> bool:
    """A quotation that stands as the statement, not a fragment inside a reported clause."""
    if quote.words(text) < 3:
        return False
    before = text[:quote.start].rstrip()
    inner = text[quote.inner_start:quote.inner_end].rstrip()
    opens_ok = not before or before.endswith((":", ",", ".", "—", "–")) or _VERB.search(before[-30:]) is not None
    after = text[quote.end:].lstrip()
    ends_ok = (not quote.closed or inner.endswith((",", ".", "!", "?", "…", "—", "-")) or not after
               or after[:1] in ",.;—–")
    return opens_ok and ends_ok


def _quoted(text: str, quotes: list[Quote]) -> list[Raw] | None:
    first, last = quotes[0], quotes[-1]
    # Attribution after a quote, possibly between two quotes: “A,” he said, “B.”
    for index, quote in enumerate(quotes):
        gap_end = quotes[index + 1].start if index + 1 < len(quotes) else len(text)
        gap = text[quote.end:gap_end]
        found = _trailing_clause(gap)
        if found is None:
            continue
        speaker, word, (s, e) = found
        spans = [(q.inner_start, _trim_end(text, q.inner_start, q.inner_end)) for q in quotes[: index + 1]]
        if index + 1 < len(quotes) and gap.rstrip().endswith(","):
            spans += [(q.inner_start, _trim_end(text, q.inner_start, q.inner_end)) for q in quotes[index + 1:]]
        raw = Raw(speaker, tuple(spans), "quote", word, (quote.end + s, quote.end + e),
                  venue=_venue(gap))
        result = [raw]
        more = _MORE.search(gap, e)
        if more is not None and index + 1 == len(quotes):
            clause_start = quote.end + more.end()
            clause_end = _clause_end(text, clause_start)
            if len(text[clause_start:clause_end].split()) >= _MIN_WORDS:
                result.append(replace(raw, spans=((clause_start, clause_end),), kind="reported", chained=True))
        return result
    # Attribution before the first quote: He said: “…” / Smith told reporters, “…”
    before = text[:first.start].rstrip(" ,:—–")
    lead = _last_verb(before)
    all_spans = tuple((q.inner_start, _trim_end(text, q.inner_start, q.inner_end)) for q in quotes)
    if lead is not None:
        subject = _subject(before[:lead.start()])
        if subject is not None:
            return [Raw(subject, all_spans, "quote", lead.group(1), (0, first.start), venue=_venue(before))]
    # A quotation and nothing else: a continuation of the last quoted speaker.
    outside = (text[:first.start] + text[last.end:]).strip(" .,")
    if not outside:
        return [Raw(None, all_spans, "quote", "", (0, 0))]
    return None


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " ,;:—–-":
        end -= 1
    return end


def _trailing_clause(gap: str) -> tuple[str, str, tuple[int, int]] | None:
    """In the text after a quote, `, Trump said …` or `, said Trump …`: (speaker, verb, its span)."""
    stripped = gap.lstrip(" ,—–-")
    offset = len(gap) - len(stripped)
    verb = _VERB.search(stripped)
    if verb is None or verb.start() > 90:
        return None
    if _NEGATED.search(stripped[:verb.start()]):
        return None
    head = stripped[:verb.start()].strip()
    if head:
        subject = _subject(head)
        if subject is None:
            return None
        return subject, verb.group(1), (offset, offset + verb.end())
    after = stripped[verb.end():]
    inverted = re.match(r"\s+((?:the\s+)?[\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,4}(?:,\s+(?:a|an|the)\s+[^,.]+)?)", after)
    if inverted is None:
        return None
    subject = _subject(inverted.group(1))
    if subject is None:
        return None
    return subject, verb.group(1), (offset, offset + verb.end() + inverted.end())


# ----------------------------------------------------------------------------- reported clauses


def _reported(text: str, quotes: tuple[Quote, ...], depth: int) -> list[Raw]:
    found = _according(text, quotes)
    if found is not None:
        return _relay(text, found, quotes, depth)
    for verb in _VERB.finditer(text):
        if _in_quote(quotes, verb.start()) or _NEGATED.search(text[:verb.start()]) or \
                _PASSIVE.search(text[:verb.start()]):
            continue
        lead = _leading(text, verb, quotes)
        if lead is not None:
            return _relay(text, lead, quotes, depth)
        trail = _trailing(text, verb, quotes)
        if trail is not None:
            return _relay(text, trail, quotes, depth)
    return []


def _leading(text: str, verb: re.Match[str], quotes: tuple[Quote, ...]) -> list[Raw] | None:
    """`SPEAKER [time] VERB [time] [that] CLAUSE`."""
    head = text[:verb.start()]
    lead_in = _LEAD_IN.match(head)
    head_start = lead_in.end() if lead_in else 0
    subject_text = _FILLERS.sub("", _drop_times(head[head_start:])).strip(" ,")
    if not subject_text or any(q.start < verb.start() for q in quotes if q.words(text) >= 3):
        return None
    subject = _subject(subject_text)
    if subject is None:
        return None
    at = verb.end()
    rest = text[at:]
    word = verb.group(1).lower()
    skipped = _skip_modifiers(rest)
    if word in ("told", "tells", "informed", "briefed"):
        obj = _TOLD_OBJECT.match(skipped.lstrip())
        if obj is not None:
            skipped = skipped.lstrip()[obj.end():]
        skipped = _skip_modifiers(skipped)
    that = _THAT.match(skipped.lstrip(" ,:"))
    clause_at = len(text) - len(skipped.lstrip(" ,:")) + (that.end() if that else 0)
    if word in ("accused", "accuses", "denied", "denies", "rejected", "disputed"):
        clause_at = verb.start()
    if word in ("reported", "reports") and that is None and not _looks_like_clause(text[clause_at:]):
        return None
    end = _clause_end(text, clause_at)
    if len(text[clause_at:end].split()) < _MIN_WORDS:
        return None
    raw = Raw(subject, ((clause_at, end),), "reported", verb.group(1), (head_start, clause_at),
              venue=_venue(text[verb.end():clause_at]))
    result = [raw]
    more = _MORE.search(text, end)
    if more is not None:
        s2 = more.end()
        e2 = _clause_end(text, s2)
        if len(text[s2:e2].split()) >= _MIN_WORDS:
            result.append(replace(raw, spans=((s2, e2),), chained=True))
    return result


def _trailing(text: str, verb: re.Match[str], quotes: tuple[Quote, ...]) -> list[Raw] | None:
    """`CLAUSE, SPEAKER VERB [modifiers].` or `CLAUSE, VERB SPEAKER.`"""
    comma = text.rfind(", ", 0, verb.start() + 1)
    while comma != -1 and _in_quote(quotes, comma):
        comma = text.rfind(", ", 0, comma)
    if comma == -1:
        return None
    clause = text[:comma]
    tail = text[comma:]
    found = _trailing_clause(tail)
    if found is None:
        return None
    speaker, word, (_, e) = found
    after = text[comma + e:]
    if re.match(r"\s*(?:that\b|:)", after) or len(after.split()) > 16:
        return None
    lead_in = _LEAD_IN.match(clause)
    start = lead_in.end() if lead_in else 0
    if len(clause[start:].split()) < _MIN_WORDS:
        return None
    return [Raw(speaker, ((start, len(clause)),), "reported", word, (comma, len(text)), venue=_venue(tail))]


def _according(text: str, quotes: tuple[Quote, ...]) -> list[Raw] | None:
    match = _ACCORDING.search(text)
    if match is None or _in_quote(quotes, match.start()):
        return None
    if match.start() == 0 or text[:match.start()].strip() == "":
        comma = text.find(",", match.end())
        if comma == -1:
            return None
        subject = _subject(text[match.end():comma])
        if subject is None:
            return None
        start = comma + 1
        while start < len(text) and text[start] == " ":
            start += 1
        return [Raw(subject, ((start, _clause_end(text, start)),), "reported", "according to", (0, comma))]
    before = text[:match.start()].rstrip(" ,")
    tail = text[match.end():].strip().rstrip(".")
    subject = _subject(tail.split(",")[0])
    if subject is None or len(before.split()) < _MIN_WORDS:
        return None
    lead_in = _LEAD_IN.match(before)
    start = lead_in.end() if lead_in else 0
    return [Raw(subject, ((start, len(before)),), "reported", "according to", (match.start(), len(text)))]


def _relay(text: str, found: list[Raw], quotes: tuple[Quote, ...], depth: int) -> list[Raw]:
    """When an outlet is the speaker and its clause has a speaker of its own, the inner speaker speaks
    and the outlet is `via`; when a clause ends with `, the Telegraph reported`, that outlet is `via`."""
    first = found[0]
    mention = names.parse(first.speaker or "")
    if mention is not None and mention.kind == "outlet" and depth == 0:
        s, e = first.spans[0]
        inner = _reported(text[s:e], tuple(_shift(q, -s) for q in quotes if s <= q.start and q.end <= e), depth + 1)
        if inner:
            return [replace(r, spans=tuple((a + s, b + s) for a, b in r.spans),
                            attribution=(r.attribution[0] + s, r.attribution[1] + s),
                            via=r.via or mention.name) for r in inner]
        return [replace(r, via=mention.name) for r in found]
    result = []
    for raw in found:
        s, e = raw.spans[-1]
        tail = _TAIL_OUTLET.search(text[s:e])
        if tail is not None:
            outlet = names.outlet_name(tail.group(1))
            if outlet is not None:
                raw = replace(raw, spans=raw.spans[:-1] + ((s, s + tail.start()),), via=outlet)
        result.append(raw)
    return result


_TAIL_OUTLET = re.compile(r",\s+((?:the\s+)?(?:[A-Z][\w’'.-]*\s*){1,5}?)\s+(?:reported|said|reports|says)\.?\s*$")


def _shift(q: Quote, by: int) -> Quote:
    return Quote(q.start + by, q.end + by, q.inner_start + by, q.inner_end + by, q.closed)


# ----------------------------------------------------------------------------- helpers


def _subject(text: str) -> str | None:
    """`text` when it reads as a speaker phrase, else None."""
    cleaned = _drop_times(text).strip(" ,")
    cleaned = _FILLERS.sub("", cleaned).strip(" ,")
    mention = names.parse(cleaned)
    if mention is None:
        return None
    return cleaned


def _drop_times(text: str) -> str:
    return VAGUE.sub("", SAID.sub("", text))


_MODIFIER = re.compile(
    r"(?:in|on|via|during|at|through)\s+(?:a|an|the|his|her|its|their)?\s*(?:[\w’'-]+\s+){0,4}?"
    r"(?:statement|interview|note|post|video|address|conference|briefing|speech|app|channel|account|"
    r"Facebook|Telegram|X|Twitter|Instagram|television|TV|radio|website|report|letter|meeting|summit|"
    r"hearing|session|rally|event)\b"
    r"|(?:late|early)\s+(?:on\s+)?\w+day\b",
    re.IGNORECASE,
)
_AFTER_MODIFIER = re.compile(r"\s*(?:,|that\b|on\b|in\b|late\b|early\b|last\b|\w+day\b)", re.IGNORECASE)


def _skip_modifiers(text: str) -> str:
    """`text` less the time phrases and venues right at its start ("on Facebook on Wednesday that ...")."""
    stripped = text.lstrip(" ,")
    while True:
        for pattern in (SAID, VAGUE, _MODIFIER):
            match = pattern.match(stripped)
            if match is None or not match.group(0).strip():
                continue
            if pattern is _MODIFIER and not _AFTER_MODIFIER.match(stripped[match.end():]):
                continue
            stripped = stripped[match.end():].lstrip(" ,")
            break
        else:
            return stripped


def _last_verb(text: str) -> re.Match[str] | None:
    matches = list(_VERB.finditer(text))
    if not matches:
        return None
    verb = matches[-1]
    if len(text[verb.end():].split()) > 8 or _NEGATED.search(text[:verb.start()]):
        return None
    return verb


def _clause_end(text: str, start: int) -> int:
    stop = _STOP_AT.search(text, start)
    end = stop.start() if stop else len(text)
    while end > start and text[end - 1] in " .,;:!?":
        end -= 1
    return end


def _looks_like_clause(text: str) -> bool:
    return bool(re.search(r"\b(?:is|was|are|were|has|had|have|will|would|could|had been|there)\b", text[:120]))


def _in_quote(quotes: tuple[Quote, ...] | list[Quote], position: int) -> bool:
    return any(q.start <= position < q.end for q in quotes)


def _venue(text: str) -> str | None:
    match = _VENUE.search(text)
    return match.group(1).strip() if match else None


def opinion_verb(text: str) -> bool:
    """True when a sentence's main verb reports an appeal, a wish, thanks or praise."""
    return any(w in OPINION_VERBS for w in re.findall(r"[a-z]+", text.lower()[:200]))
