"""Resident memory of `duban run` (one process: receiver, scheduler and sender) at province scale.

Run: make bench   (or .venv/bin/python -m bench.idle_memory)
The province (1,500 units x 54 rows, 4,500 people) in SQLite; the bot talks to the local Bot
API emulator. Prints VmRSS 20 s after start on a Saturday (nothing to do: idle), and 20 s after
start on the year's busiest working day, once its round has queued every reminder (the round's
high-water mark stays resident).
"""
import asyncio
import tempfile
from pathlib import Path

from bench.province import TOKEN, duban_run, fill
from bot.rehearsal.emulator import Emulator
from store.db import make_engine

SETTLE_SECONDS = 20
DAYS = {"idle": "2022-11-26T10:00:00+08:00", "busiest_day": "2022-11-25T10:00:00+08:00"}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def measure(database: Path, now: str, api: Emulator) -> float:
    with duban_run(f"sqlite:///{database}", api.base_url, now) as process:
        await asyncio.sleep(SETTLE_SECONDS)
        if process.poll() is not None:
            raise RuntimeError(f"duban run exited with {process.returncode}")
        return rss_mb(process.pid)


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "province.sqlite3"
        engine = make_engine(f"sqlite:///{database}")
        fill(engine)
        engine.dispose()
        api = await Emulator(TOKEN).start()
        try:
            for name, now in DAYS.items():
                print(f"run_rss_{name}: {await measure(database, now, api):.0f} MB")
            print(f"messages_sent_meanwhile: {len(api.sent)}")
        finally:
            await api.stop()


if __name__ == "__main__":
    asyncio.run(main())
