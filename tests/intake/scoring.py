"""Precision and recall of `tracker extract` against the hand-made gold lists in gold/.

Run it to print the table in docs/intake.md: `.venv/bin/python tests/intake/scoring.py`.

A proposal matches a gold claim when its statement holds every `gist` fragment (case and
spacing ignored). Each proposal matches at most one gold claim, and each gold claim at most one
proposal. A speaker is right when the names are equal or one holds the other's words ("officials"
and "Ukrainian officials"). Gold claims marked `optional` (attributed, but debatable as a checkable
claim) count neither for nor against.

- statements: recall = required gold claims found / required gold claims;
  precision = proposals that match any gold claim / proposals.
- speakers: the same, counting a match only when the speaker is right.
- said dates: of the matched gold claims that give a said date, the share whose proposal has that
  local date (and that zone, when the gold gives one); windows and via likewise.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
GOLD = Path(__file__).resolve().parent / "gold"
ARTICLES = ("seed", "gas", "insulin", "quake", "flood")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[“”\"‘’']", "'", text).lower().split())


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in ("the", "a", "an", "of", "s")}


def speaker_ok(gold: str, got: str) -> bool:
    g, p = _words(gold), _words(got)
    return bool(g) and bool(p) and (g <= p or p <= g)


@dataclass
class Score:
    name: str
    proposals: int
    required: int
    optional_hits: int
    found: int
    found_speaker: int
    precise: int
    precise_speaker: int
    said_total: int
    said_ok: int
    window_total: int
    window_ok: int
    via_total: int
    via_ok: int
    misses: list[str]
    extras: list[str]

    def ratio(self, a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def statement_recall(self) -> float:
        return self.ratio(self.found, self.required)

    @property
    def statement_precision(self) -> float:
        return self.ratio(self.precise, self.proposals)

    @property
    def speaker_recall(self) -> float:
        return self.ratio(self.found_speaker, self.required)

    @property
    def speaker_precision(self) -> float:
        return self.ratio(self.precise_speaker, self.proposals)

    @property
    def said_accuracy(self) -> float:
        return self.ratio(self.said_ok, self.said_total)

    def row(self) -> str:
        return (f"| {self.name} | {self.proposals} | {self.required} (+{self.optional_hits} optional) | "
                f"{self.statement_precision:.0%} / {self.statement_recall:.0%} | "
                f"{self.speaker_precision:.0%} / {self.speaker_recall:.0%} | "
                f"{self.said_ok}/{self.said_total} ({self.said_accuracy:.0%}) | "
                f"{self.window_ok}/{self.window_total} | {self.via_ok}/{self.via_total} |")


def _local_date(stamp: dict[str, Any] | None, tz: str | None) -> tuple[str, str] | None:
    if not stamp:
        return None
    at = datetime.fromisoformat(stamp["at"]).astimezone(UTC)
    zone = stamp["tz"] if "/" in stamp["tz"] or stamp["tz"] == "UTC" else "UTC"
    return at.astimezone(ZoneInfo(zone)).date().isoformat(), zone


def _deadline_date(stamp: dict[str, Any] | None) -> tuple[str, str] | None:
    """The local day a deadline ends: the times contract writes "by Friday" as 00:00 on Saturday (the end of
    Friday, exclusive); a minute-precision deadline at local midnight is the end of the day before."""
    got = _local_date(stamp, None)
    if stamp is None or got is None or stamp.get("precision") != "minute":
        return got
    at = datetime.fromisoformat(stamp["at"]).astimezone(ZoneInfo(got[1]))
    if (at.hour, at.minute) == (0, 0):
        from datetime import timedelta

        return (at.date() - timedelta(days=1)).isoformat(), got[1]
    return got


def extract(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    from tracker.service.intake import extract_article

    gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
    path = ROOT / gold["article"]
    intake = extract_article(path.read_bytes(), name=path.name, published=gold.get("published"),
                             now=datetime(2026, 12, 1, tzinfo=UTC))
    return gold, intake.to_json()


def score(name: str) -> Score:
    gold, doc = extract(name)
    return score_doc(name, gold, doc)


def score_doc(name: str, gold: dict[str, Any], doc: dict[str, Any]) -> Score:
    """Score one `tracker extract --json` document against one gold list."""
    claims = doc["claims"]
    used: set[int] = set()
    s = Score(name, len(claims), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, [], [])
    matched_right: set[int] = set()
    for item in gold["claims"]:
        optional = bool(item.get("optional"))
        if not optional:
            s.required += 1
        gist = [_norm(g) for g in item["gist"]]
        candidates = [i for i, c in enumerate(claims) if i not in used and all(g in _norm(c["statement"]) for g in gist)]
        if not candidates:
            if not optional:
                s.misses.append(f"{item['speaker']}: {item['gist'][0]}")
            continue
        right = [i for i in candidates if speaker_ok(item["speaker"], claims[i]["speaker"])]
        index = (right or candidates)[0]
        used.add(index)
        claim = claims[index]
        good_speaker = bool(right)
        if good_speaker:
            matched_right.add(index)
        if optional:
            s.optional_hits += 1
            continue
        s.found += 1
        s.found_speaker += good_speaker
        if not good_speaker:
            s.misses.append(f"speaker {claim['speaker']!r} for {item['speaker']!r}: {item['gist'][0]}")
        if item.get("said"):
            s.said_total += 1
            got = _local_date(claim["said_at"], item.get("tz"))
            ok = got is not None and got[0] == item["said"] and (not item.get("tz") or got[1] == item["tz"])
            s.said_ok += ok
            if not ok:
                s.misses.append(f"said {got} for {item['said']} {item.get('tz') or ''}: {item['gist'][0]}")
        if item.get("window"):
            s.window_total += 1
            got = _deadline_date(claim["expires_at"])
            s.window_ok += got is not None and got[0] == item["window"]
            if got is None or got[0] != item["window"]:
                s.misses.append(f"window {got} for {item['window']}: {item['gist'][0]}")
        if item.get("via"):
            s.via_total += 1
            s.via_ok += claim["via"] == item["via"]
    s.precise = len(used)
    s.precise_speaker = len(matched_right)
    s.extras = [f"{c['speaker']}: {c['statement'][:70]}" for i, c in enumerate(claims) if i not in used]
    return s


HEADER = ("| article | proposals | gold claims | statements P / R | speakers P / R | said dates right | windows | via |\n"
          "| --- | --- | --- | --- | --- | --- | --- | --- |")


def main() -> None:
    print(HEADER)
    scores = [score(name) for name in ARTICLES]
    for s in scores:
        print(s.row())
    for s in scores:
        for miss in s.misses:
            print(f"  {s.name} miss: {miss}", file=sys.stderr)
        for extra in s.extras:
            print(f"  {s.name} extra: {extra}", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
