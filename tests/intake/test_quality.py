"""Quality, measured: precision and recall of `tracker extract` on the seed and four more articles.

Prints the table that docs/intake.md quotes (run with -s to see it, or run tests/intake/scoring.py).
The floor the issue sets is on the seed: 80% recall of claims with the right speaker, 80% precision.
"""

from __future__ import annotations

import pytest
from scoring import ARTICLES, HEADER, Score, score, score_doc, speaker_ok


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    results = {name: score(name) for name in ARTICLES}
    print("\n" + HEADER)
    for s in results.values():
        print(s.row())
        for miss in s.misses:
            print(f"    miss: {miss}")
        for extra in s.extras:
            print(f"    extra: {extra}")
    return results


def test_seed_floor(scores: dict[str, Score]) -> None:
    seed = scores["seed"]
    assert seed.speaker_recall >= 0.8, seed.misses
    assert seed.speaker_precision >= 0.8, seed.extras
    assert seed.said_accuracy >= 0.8, seed.misses


@pytest.mark.parametrize("name", [n for n in ARTICLES if n != "seed"])
def test_other_articles_floor(scores: dict[str, Score], name: str) -> None:
    s = scores[name]
    assert s.speaker_recall >= 0.7 and s.speaker_precision >= 0.7, (s.misses, s.extras)
    assert s.statement_recall >= 0.8 and s.said_accuracy >= 0.5, s.misses


def test_the_scorer_counts_misses_wrong_speakers_and_extras() -> None:
    gold = {"claims": [
        {"speaker": "Ana Lopez", "gist": ["tram line"], "said": "2026-06-05", "tz": "Europe/Madrid"},
        {"speaker": "officials", "gist": ["bridge closed"], "said": None},
        {"speaker": "Ana Lopez", "gist": ["I think"], "optional": True},
    ]}
    stamp = {"at": "2026-06-05T10:00:00+00:00", "tz": "Europe/Madrid"}
    doc = {"claims": [
        {"speaker": "Lopez", "statement": "The new TRAM line opens", "said_at": stamp, "expires_at": None, "via": None},
        {"speaker": "Ukrainian officials", "statement": "the bridge closed", "said_at": None, "expires_at": None,
         "via": None},
        {"speaker": "Ana Lopez", "statement": "I think so", "said_at": None, "expires_at": None, "via": None},
        {"speaker": "Ana Lopez", "statement": "Hello everyone", "said_at": None, "expires_at": None, "via": None},
    ]}
    s = score_doc("t", gold, doc)
    assert (s.required, s.found, s.found_speaker, s.precise, s.precise_speaker) == (2, 2, 2, 3, 3)
    assert s.said_ok == 1 and s.extras == ["Ana Lopez: Hello everyone"]
    doc["claims"][0]["speaker"] = "Pedro Ruiz"
    assert score_doc("t", gold, doc).speaker_recall == 0.5
    assert not speaker_ok("Donald Trump", "Melania Trump") and speaker_ok("Trump", "Donald Trump")
