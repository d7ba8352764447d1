"""The one loader: reads in a worker thread, newest request wins, results handed back on the UI thread.

At most one read of each kind runs at a time. A request made while one runs waits, and a newer
request replaces a waiting one, so fast typing in the search box never queues up queries. A result
whose request was overtaken by a newer one is dropped (the newer one is read next). Each read is
one service call, one unit of work; nothing here touches the database itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual.dom import DOMNode

from tracker.domain.errors import TrackerError

Req = TypeVar("Req")
Res = TypeVar("Res")


class Loader(Generic[Req, Res]):
    """One kind of read (a page, the counts, a claim's detail) for one screen."""

    def __init__(self, host: DOMNode, name: str, read: Callable[[Req], Res], show: Callable[[Req, Res], None],
                 failed: Callable[[Req, str], None]) -> None:
        self.host = host
        self.name = name
        self.read = read
        self.show = show
        self.failed = failed
        self.waiting: Req | None = None
        self.busy = False
        self.done = 0
        """Reads whose results reached the screen (tests and the benchmark wait on it)."""

    def want(self, request: Req) -> None:
        """Read `request` as soon as the read in flight (if any) is done; replaces a request still waiting."""
        self.waiting = request
        if not self.busy:
            self._start()

    def _start(self) -> None:
        request, self.waiting = self.waiting, None
        if request is None:
            return
        self.busy = True
        self.host.run_worker(lambda: self._run(request), thread=True, group=self.name, exit_on_error=False)

    def _run(self, request: Req) -> None:
        try:
            result = self.read(request)
        except TrackerError as err:
            self.host.app.call_from_thread(self._failed, request, err.message)
        else:
            self.host.app.call_from_thread(self._arrived, request, result)

    def _arrived(self, request: Req, result: Res) -> None:
        self.busy = False
        if self.waiting is None:  # else overtaken by a newer request: that one is read next
            self.done += 1
            self.show(request, result)
        self._start()

    def _failed(self, request: Req, message: str) -> None:
        self.busy = False
        if self.waiting is None:
            self.failed(request, message)
        self._start()

    @property
    def idle(self) -> bool:
        return not self.busy and self.waiting is None
