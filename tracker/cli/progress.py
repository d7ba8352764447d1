"""A progress line on stderr for long work (`apply`, `export`, `sweep`, `import`, `extract`): only on a terminal, after a while.

Nothing is drawn until the work has run for `DELAY` seconds, so a short command prints exactly
what it printed before; nothing at all is drawn when stderr is not a terminal (cron, pipes, CI)
or `TRACKER_NO_PROGRESS` is set. A command that streams its results to stdout (`apply`, `export`,
`import`) draws only when stdout is not the terminal too: there the results scrolling by are the
progress. The line is redrawn at most ten times a second and erased when the work ends. Standard
library only, so importing it costs a short command nothing measurable.
"""

from __future__ import annotations

import os
import sys
import time
from types import TracebackType

DELAY = 2.0
"""Seconds of work before the line appears."""
REDRAW = 0.1
"""Seconds between redraws."""


def progress_wanted(*, streams_stdout: bool) -> bool:
    """True when a progress line may be drawn: stderr is a terminal (and stdout is not, if results stream there)."""
    if os.environ.get("TRACKER_NO_PROGRESS") or not sys.stderr.isatty():
        return False
    return not (streams_stdout and sys.stdout.isatty())


class Progress:
    """Counts work done (`advance`) and, when wanted and slow, shows it: ``apply  [####    ]  41%  12,000 lines  3,950/s``.

    `total` (optional) is in the same unit as `advance(size=...)`: bytes of an input file, or claims.
    """

    def __init__(self, label: str, *, noun: str = "lines", total: int | None = None,
                 streams_stdout: bool = True, enabled: bool | None = None) -> None:
        self.label, self.noun, self.total = label, noun, total
        self.enabled = progress_wanted(streams_stdout=streams_stdout) if enabled is None else enabled
        self.count = 0
        self.size = 0
        self.started = time.monotonic()
        self._next = self.started + DELAY
        self.drawn = False

    def advance(self, count: int = 1, *, size: int = 0) -> None:
        """Record `count` more items (and `size` more of `total`); redraw when due."""
        self.count += count
        self.size += size
        if self.enabled:
            now = time.monotonic()
            if now >= self._next:
                self._next = now + REDRAW
                self._draw(now)

    def set(self, count: int) -> None:
        """Record that `count` items are done in all (for work that reports totals, like a sweep's chunks)."""
        delta = count - self.count
        self.advance(delta, size=delta)

    def line(self, now: float) -> str:
        """The text of the progress line at monotonic time `now`."""
        elapsed = max(now - self.started, 1e-6)
        rate = f"{self.count / elapsed:,.0f}/s"
        counted = f"{self.count:,} {self.noun}"
        if self.total:
            share = min(self.size / self.total, 1.0)
            bar = "#" * round(share * 20)
            left = f"  {(elapsed / share - elapsed):,.0f}s left" if share > 0 else ""
            return f"{self.label}  [{bar:<20}] {share:4.0%}  {counted}  {rate}{left}"
        return f"{self.label}  {counted}  {rate}"

    def _draw(self, now: float) -> None:
        import shutil  # here: only a terminal that draws progress pays for it

        width = shutil.get_terminal_size((80, 24)).columns
        sys.stderr.write("\r" + self.line(now)[: max(width - 1, 10)] + "\x1b[K")
        sys.stderr.flush()
        self.drawn = True

    def clear(self) -> None:
        """Erase the line (before other output goes to the same terminal, and at the end)."""
        if self.drawn:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.drawn = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.clear()
