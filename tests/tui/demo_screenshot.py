"""Write docs/tui-demo.svg: the demo database (seeds/) in the triage UI, on a fixed clock.

    python tests/tui/demo_screenshot.py [OUT.svg]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from screen_text import goto, settle

from tracker.service.context import Desk
from tracker.service.demo import build_demo
from tracker.store.engine import make_engine
from tracker.tui.app import make_app

NOW = datetime(2026, 1, 30, 16, 0, tzinfo=UTC)


async def shoot(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        desk = Desk(make_engine(f"sqlite:///{tmp}/tracker-demo.db"), "editor", lambda: NOW,
                    where="tracker-demo.db")
        build_demo(desk)
        app = make_app(desk, poll_interval=0)
        async with app.run_test(size=(130, 40)) as pilot:
            await settle(pilot)
            await goto(pilot, 13)
            await settle(pilot)
            out.write_text(app.export_screenshot(title="tracker demo"), encoding="utf-8")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[2] / "docs" / "tui-demo.svg"
    asyncio.run(shoot(target))
    print(f"wrote {target}")
