"""Intake in the TUI: take a news article (a file or pasted text) to logged claims.

`IntakeScreen` reads the article through the service (`tracker.service.intake`), lists the proposed
claims, and lets the editor accept (Enter), edit (e, in the claim form) or reject (x) each one; Ctrl+S
adds every accepted claim in one transaction (`tracker.service.accept.add_claims`).
"""

from tracker.tui.intake.screen import IntakeScreen

__all__ = ["IntakeScreen"]
