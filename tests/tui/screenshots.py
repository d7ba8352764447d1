"""Write the screenshots docs/tui.md shows: the demo database at 140x40 and at 80x24 (not a test).

    .venv/bin/python tests/tui/screenshots.py

Builds the demo database (`tracker demo`'s seeds) in a temporary folder, with the clock fixed at the
seeds' own week so the ages and deadlines read as they would on the day, opens the app through the
same factory the CLI uses, puts the cursor on claim 13 (two items from one outlet: `1/2`) and saves
Textual's SVG screenshot of each size.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests" / "tui"), str(ROOT / "tests")]

from screen_text import goto, settle  # noqa: E402

from tracker.service.context import Desk  # noqa: E402
from tracker.service.demo import build_demo  # noqa: E402
from tracker.store.engine import make_engine  # noqa: E402
from tracker.tui.app import make_app  # noqa: E402

SIZES = ((140, 40), (80, 24))
NOW = datetime(2026, 1, 30, 12, 0, tzinfo=UTC)


async def shoot(path: Path, size: tuple[int, int]) -> None:
    desk = Desk(make_engine(f"sqlite:///{path}"), "olena", lambda: NOW, where=str(path))
    app = make_app(desk, poll_interval=0)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await goto(pilot, 13)
        await settle(pilot)
        target = ROOT / "docs" / f"tui-{size[0]}x{size[1]}.svg"
        app.save_screenshot(filename=target.name, path=str(target.parent))
        print(f"wrote {target.relative_to(ROOT)}")
    desk.engine.dispose()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tracker-demo.db"
        desk = Desk(make_engine(f"sqlite:///{path}"), "olena", lambda: NOW, where=str(path))
        build_demo(desk)
        desk.engine.dispose()
        for size in SIZES:
            asyncio.run(shoot(path, size))


if __name__ == "__main__":
    main()
