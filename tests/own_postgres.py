"""A PostgreSQL server of the test's own, in a temporary folder, that the test may stop and start again.

Stopping the machine's shared server would take it away from the rest of the
suite (and from CI, if a test died before starting it again); a server of
one's own costs an initdb of a second or two. Built from the machine's
PostgreSQL binaries (`pg_config --bindir`); run as the `postgres` user when the
tests run as root, since PostgreSQL refuses to run as root.
"""
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _bindir() -> Path | None:
    pg_config = shutil.which("pg_config")
    if pg_config is None:
        return None
    found = Path(subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout.strip())
    return found if (found / "initdb").exists() else None


def free_port() -> int:
    """A port nothing listens on now (another process could take it before it is used; tests accept that)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def unavailable() -> str | None:
    """Why this machine cannot run a server of the test's own, or None."""
    if _bindir() is None:
        return "no PostgreSQL server binaries (pg_config --bindir)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser to start PostgreSQL as the postgres user"
    return None


class OwnPostgres:
    def __init__(self):
        self.bindir = _bindir()
        self.folder = Path(tempfile.mkdtemp(prefix="duban-pg-"))
        self.data, self.port = self.folder / "data", free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8",
                  "--locale=C")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """`fast` ends every session, as a restart does; `immediate` as a crash does."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass      # it was already stopped
        shutil.rmtree(self.folder, ignore_errors=True)
