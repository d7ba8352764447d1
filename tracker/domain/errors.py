"""Errors the rules and the use cases raise, each carrying the CLI exit code it maps to."""

from __future__ import annotations

from enum import IntEnum

from tracker.domain.display import visible_line


class ExitCode(IntEnum):
    """The documented exit codes of every `tracker` command (docs/cli.md)."""

    OK = 0
    FAILURE = 1
    USAGE = 2
    NOT_FOUND = 3
    REFUSED = 4
    CONFLICT = 5


class TrackerError(Exception):
    """Base of every error a user may see; its message is one line, shown after `tracker:`.

    The message is made inert on the way in (`visible_line`): a value quoted in it (an unknown
    field name, a bad zone) can never carry a raw escape, newline or bidi override to a terminal
    or into a batch result.
    """

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, message: str) -> None:
        message = visible_line(message)
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(TrackerError):
    """A value that crossed a boundary (argument, batch line, date, zone) is not acceptable."""

    exit_code = ExitCode.USAGE


class NotFound(TrackerError):
    """No claim has the given id or uuid."""

    exit_code = ExitCode.NOT_FOUND


class Refused(TrackerError):
    """The lifecycle rules refused a trigger; `rule` names the rule that said no."""

    exit_code = ExitCode.REFUSED

    def __init__(self, message: str, *, rule: str, overridable: bool = False) -> None:
        super().__init__(message)
        self.rule = rule
        self.overridable = overridable


class Conflict(TrackerError):
    """The claim changed underneath the caller, or the database stayed locked."""

    exit_code = ExitCode.CONFLICT
