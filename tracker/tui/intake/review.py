"""The proposals as the editor reviews them (no Textual): each one's decision and its claim-form values."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text

from tracker.service.claims import ClaimDraft
from tracker.service.intake import Intake, Proposal, add_line
from tracker.tui.safe import clean

PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"
MARKS = {PENDING: "·", ACCEPTED: "✓", REJECTED: "✗"}


def form_values(intake: Intake, proposal: Proposal) -> dict[str, str]:
    """A proposal as the claim form's fields (the same values `tracker extract --jsonl` gives)."""
    line = add_line(intake, proposal)
    return {key: str(line[key]) for key in ("text", "speaker", "said_at", "source", "url", "expires_at") if key in line}


@dataclass(slots=True)
class Item:
    """One proposal under review."""

    proposal: Proposal
    values: dict[str, str]
    decision: str = PENDING
    edited: bool = False


@dataclass(slots=True)
class Review:
    """Every proposal of one article, with the editor's decisions."""

    intake: Intake
    items: list[Item] = field(default_factory=list)

    @classmethod
    def of(cls, intake: Intake) -> Review:
        return cls(intake, [Item(p, form_values(intake, p)) for p in intake.proposals])

    def accepted(self) -> list[Item]:
        return [item for item in self.items if item.decision == ACCEPTED]

    def drafts(self) -> list[ClaimDraft]:
        """The accepted proposals as drafts for `add_claims`, in article order."""
        return [ClaimDraft(text=i.values.get("text", ""), speaker=i.values.get("speaker", ""),
                           said_at=i.values.get("said_at"), source=i.values.get("source"), url=i.values.get("url"),
                           expires_at=i.values.get("expires_at"), tags=_tags(i.values.get("tags", "")),
                           assignee=i.values.get("assignee"))
                for i in self.accepted()]

    def counts(self) -> str:
        accepted = sum(i.decision == ACCEPTED for i in self.items)
        rejected = sum(i.decision == REJECTED for i in self.items)
        return f"{len(self.items)} proposed · {accepted} accepted · {rejected} rejected"


def _tags(text: str) -> list[str]:
    return [t for t in text.replace(",", " ").split() if t]


def sentence_text(item: Item) -> Text:
    """The sentence the proposal came from, with its statement highlighted."""
    p = item.proposal
    text = Text(clean(p.sentence, one_line=True))
    start = max(p.statement_start - p.sentence_start, 0)
    end = min(p.statement_end - p.sentence_start, len(p.sentence))
    if end > start:
        text.stylize("bold reverse", start, end)
    return text


def fields_text(item: Item) -> Text:
    """The claim's fields as they will be logged (edited values when the editor changed them)."""
    p, v = item.proposal, item.values
    text = Text()
    rows = [
        ("speaker", v.get("speaker", "") + (f"  ({p.speaker_role})" if p.speaker_role and not item.edited else "")),
        ("said at", v.get("said_at", "") + ("  (inferred)" if p.said_at and p.said_at.inferred and not item.edited
                                             else "")),
        ("deadline", v.get("expires_at", "") + (f"  ({p.window})" if p.window and not item.edited else "")
         or "the default_expiry rule"),
        ("source", v.get("source", "") + (f"  (relayed by {p.via})" if p.via else "")),
        ("confidence", f"{p.confidence:.2f} · {p.kind}" + ("  · edited" if item.edited else "")),
    ]
    for i, (label, value) in enumerate(rows):
        if i:
            text.append("\n")
        text.append(f"{label:>10}  ", style="dim")
        text.append(clean(value, one_line=True))
    return text
