"""Intake: propose claims from a news article (pure Python: no database, no UI).

`read_article` turns the bytes of a plain-text or HTML article into an `Article`
(text, title, dateline, publication time, outlet); `extract` finds the attributed,
checkable statements in it and returns `Proposal`s with speaker, times, outlet,
sentence offsets and a confidence. The rules are written for English wire style
(docs/intake.md lists them and the measured precision and recall).
"""

from tracker.intake.model import Article, Extraction, Proposal, Stamp
from tracker.intake.pipeline import extract
from tracker.intake.reader import read_article

__all__ = ["Article", "Extraction", "Proposal", "Stamp", "extract", "read_article"]
