"""Would a semantic model beat the lexical score? The evidence behind docs/similarity.md ("A semantic
re-ranker: left out"). Not part of the test run, and not a dependency of tracker.

    pip download --no-deps -d /tmp/semantic tokenlearn-static-model   # a registry package with its model inside
    cd /tmp/semantic && unzip -o -q tokenlearn_static_model-*.whl -d tsm
    python tests/bench/eval_semantic.py /tmp/semantic/tsm

Embeds both texts of every pair of tests/data/similar_pairs.jsonl (offline, CPU), and prints precision,
recall and F1 of: the lexical score at the default threshold and at its best; the cosine of the embeddings
at its best threshold; mixes of the two; and the cosine re-judging the lexical candidates (score >= 0.5).
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tracker.domain.rules import RuleSettings  # noqa: E402
from tracker.domain.similarity import similarity  # noqa: E402


def cosine(u: Sequence[float], v: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(u, v, strict=True))
    nu, nv = math.sqrt(sum(x * x for x in u)), math.sqrt(sum(x * x for x in v))
    return dot / (nu * nv) if nu and nv else 0.0


def measure(scores: list[float], same: list[bool], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for s, y in zip(scores, same, strict=True) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, same, strict=True) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, same, strict=True) if s < threshold and y)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def best(scores: list[float], same: list[bool]) -> tuple[float, float, float, float]:
    return max(((t / 100, *measure(scores, same, t / 100)) for t in range(1, 100)), key=lambda row: row[3])


def show(label: str, row: tuple[float, float, float, float]) -> None:
    threshold, p, r, f1 = row
    print(f"{label} {threshold:.2f}: P {p:.3f} R {r:.3f} F1 {f1:.3f}")


def main() -> None:
    sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else "/tmp/semantic/tsm")
    from static_model import get_embeddings  # tokenlearn-static-model: 64-d int8 static embeddings, bundled

    pairs = [json.loads(line) for line in (ROOT / "tests" / "data" / "similar_pairs.jsonl").read_text().splitlines()
             if line.strip()]
    same = [bool(p["same"]) for p in pairs]
    start = time.perf_counter()
    left, right = get_embeddings([p["a"] for p in pairs]), get_embeddings([p["b"] for p in pairs])
    took = time.perf_counter() - start
    lexical = [similarity(p["a"], p["b"]) for p in pairs]
    semantic = [cosine(a, b) for a, b in zip(left, right, strict=True)]
    default = RuleSettings().similar_threshold
    print(f"{len(pairs)} pairs; {2 * len(pairs)} texts embedded in {took * 1000:.0f} ms")
    show("lexical (default threshold)", (default, *measure(lexical, same, default)))
    show("lexical, best threshold", best(lexical, same))
    show("semantic, best threshold", best(semantic, same))
    for weight in (0.25, 0.5, 0.75):
        mixed = [weight * lex + (1 - weight) * sem for lex, sem in zip(lexical, semantic, strict=True)]
        show(f"{weight} lexical + {1 - weight} semantic, best threshold", best(mixed, same))
    for threshold in (0.6, 0.7, 0.8):
        rerank = [sem if lex >= 0.5 else 0.0 for lex, sem in zip(lexical, semantic, strict=True)]
        show("re-ranked (lexical >= 0.5, then semantic)", (threshold, *measure(rerank, same, threshold)))
    kinds: dict[str, list[tuple[float, float]]] = {}
    for pair, lex, sem in zip(pairs, lexical, semantic, strict=True):
        kinds.setdefault(pair["kind"], []).append((lex, sem))
    for kind, found in sorted(kinds.items()):
        print(f"{kind}: mean lexical {sum(x for x, _ in found) / len(found):.2f}, "
              f"mean semantic {sum(y for _, y in found) / len(found):.2f}")


if __name__ == "__main__":
    main()
