"""Parts of a day as data: the words, where each starts and how long it lasts (wall-clock hours).

Read by `phrases` ("late on Wednesday") and by `show`, which names the part of a time said with
part-of-day precision; kept apart so showing a time never loads the phrase grammar.
"""

from __future__ import annotations

PARTS: dict[str, tuple[int, int]] = {
    "early": (0, 6),
    "morning": (6, 6),
    "afternoon": (12, 6),
    "evening": (18, 6),
    "late": (21, 3),
    "night": (22, 8),
}
"""Part of a day -> (start hour, length in hours)."""
PART_BY_START: dict[int, str] = {start: name for name, (start, _) in PARTS.items()}
