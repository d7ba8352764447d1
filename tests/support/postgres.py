"""A throwaway PostgreSQL server for the tests: TRACKER_TEST_PG_URL, or a temporary cluster.

When TRACKER_TEST_PG_URL is unset and PostgreSQL's `initdb` is installed, a cluster is
created in a temporary folder, started on a free loopback port, and removed at the end.
initdb refuses to run as root, so as root the cluster runs as the `postgres` user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _find(tool: str) -> str | None:
    found = shutil.which(tool)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / tool).exists():
            return str(folder / tool)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_owner(argv: list[str], owner: str | None) -> list[str]:
    if owner is None:
        return argv
    return ["su", owner, "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in argv)]


@contextmanager
def postgres_server() -> Iterator[str | None]:
    """Yield a server URL (postgresql://...) or None when no server can be had here."""
    given = os.environ.get("TRACKER_TEST_PG_URL")
    if given:
        yield given
        return
    initdb, pg_ctl = _find("initdb"), _find("pg_ctl")
    if not initdb or not pg_ctl:
        yield None
        return
    owner = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            yield None
            return
        owner = "postgres"
    root = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
    data, port = root / "data", _free_port()
    if owner:
        shutil.chown(root, owner)
    try:
        subprocess.run(_as_owner([initdb, "-D", str(data), "-A", "trust", "-U", "postgres"], owner),
                       check=True, capture_output=True)
        options = f"-k {root} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"],
                                 owner), check=True, capture_output=True)
    except (subprocess.CalledProcessError, OSError):
        shutil.rmtree(root, ignore_errors=True)
        yield None
        return
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-m", "immediate", "stop"], owner), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
