"""Taskwarrior, the CLI peer: the same claims as tasks, and the commands paired with tracker's.

    python tests/bench/peer.py 10k      # build (or reuse) the Taskwarrior data of the 10k database

Each generated database (generate.py) is loaded into a private Taskwarrior data folder with
`task import` (cached beside the database, rebuilt with it), one task per claim: the claim's uuid
and text, `pending` when unconfirmed and `completed` otherwise, its deadline as `due`, its tags,
its assignee as the project, its creation and last activity as `entry` and `modified`. Every
`task` call runs with a private TASKRC and TASKDATA and `rc.confirmation=off rc.verbose=nothing
rc.hooks=off` (../../shared/GUIDE.md). `task` missing: `available()` is False and run.py says so.

The pairs (run.py, cold section; the same claim for both, by uuid):

* `tracker show ID`                 vs `task UUID info`
* `tracker list --limit 50`         vs `task list limit:50`
* `tracker confirm ID --reason ...` vs `task UUID modify +confirmed` (a change each, on private copies)
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

RC_FLAGS = ["rc.confirmation=off", "rc.verbose=nothing", "rc.hooks=off", "rc.gc=off", "rc.recurrence=off"]


def available() -> bool:
    """True when the `task` command is installed."""
    return shutil.which("task") is not None


def version() -> str:
    """`task --version`."""
    return subprocess.run(["task", "--version"], capture_output=True, text=True, check=True).stdout.strip()


def folder(size: int) -> Path:
    """Where the Taskwarrior data of the `size` database lives."""
    return generate.db_path(size).with_suffix(".task")


def env(data: Path) -> dict[str, str]:
    """The environment of a private Taskwarrior: its own rc file and data folder."""
    import os

    base = {k: v for k, v in os.environ.items() if not k.startswith("TASK")}
    return {**base, "TASKRC": str(data / "taskrc"), "TASKDATA": str(data / "data")}


def _stamp(text: str) -> str:
    return text[:19].replace("-", "").replace(":", "").replace(" ", "T") + "Z"


def ensure(size: int) -> Path:
    """The Taskwarrior folder holding the `size` database's claims as tasks (built when missing)."""
    db = generate.ensure_db(size)
    data = folder(size)
    done = data / "loaded.json"
    if done.exists() and json.loads(done.read_text()).get("db_mtime") == db.stat().st_mtime:
        return data
    shutil.rmtree(data, ignore_errors=True)
    (data / "data").mkdir(parents=True)
    (data / "taskrc").write_text(f"data.location={data / 'data'}\nconfirmation=off\nverbose=nothing\nhooks=off\n")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute(
        "SELECT c.uuid, c.text, c.status, c.assignee, c.expires_at, c.created_at, c.last_activity_at, "
        "group_concat(t.tag) FROM claim c LEFT JOIN claim_tag t ON t.claim_id = c.id GROUP BY c.id ORDER BY c.id")
    source = data / "import.json"
    with source.open("w") as out:
        for uuid, text, status, assignee, expires, created, activity, tags in rows:
            task = {"uuid": uuid, "description": text, "entry": _stamp(created), "modified": _stamp(activity),
                    "status": "pending" if status == "unconfirmed" else "completed"}
            if status != "unconfirmed":
                task["end"] = _stamp(activity)
            if expires:
                task["due"] = _stamp(expires)
            if tags:
                task["tags"] = tags.split(",")
            if assignee:
                task["project"] = assignee.replace(".", "_")
            out.write(json.dumps(task) + "\n")
    con.close()
    subprocess.run(["task", *RC_FLAGS, "import", str(source)], env=env(data), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    source.unlink()
    done.write_text(json.dumps({"db_mtime": db.stat().st_mtime, "size": size}))
    return data


def copy(data: Path, dest: Path) -> Path:
    """A private copy of a Taskwarrior folder (for the commands that change a task)."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(data, dest)
    (dest / "taskrc").write_text(f"data.location={dest / 'data'}\nconfirmation=off\nverbose=nothing\nhooks=off\n")
    return dest


def argv(*args: str) -> list[str]:
    """A `task` command line with the benchmark's rc overrides."""
    return ["task", *RC_FLAGS, *args]


if __name__ == "__main__":
    for name in sys.argv[1:] or ["10k"]:
        print(ensure(generate.SIZES[name]))
