"""How soon the command line answers: the whole process, as a person typing the command waits for it.

`duban calendar add 2022-09-29 3` needs only the calendar: its CPU time (user + system, the process and its
children) shows what starting the command line costs. `duban plan check` on the Yongning sample reads a plan and a
roster: its wall time is what the office waits. Each is run several times; min and median are printed.

    python -m bench.cli_start
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 7
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "yongning-2022"
DUBAN = str(Path(sys.executable).with_name("duban"))
CALENDAR = [DUBAN, "calendar", "add", "2022-09-29", "3"]
CHECK = [DUBAN, "plan", "check", str(SAMPLE / "plan.txt"), "--roster", str(SAMPLE / "roster.yaml")]


def run_once(command: list[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run of the command, which must succeed (plan check: exit 0 or 1)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)     # the rusage of this child alone, its own children included
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed: {errors.read().decode()}")
    return usage.ru_utime + usage.ru_stime, wall


def figures(values: list[float]) -> str:
    return f"min {min(values):.2f} s, median {statistics.median(values):.2f} s"


def main() -> None:
    cpu = [run_once(CALENDAR)[0] for _ in range(RUNS)]
    wall = [run_once(CHECK)[1] for _ in range(RUNS)]
    print(f"duban calendar add 2022-09-29 3: CPU {figures(cpu)} ({RUNS} runs; target ≤ 0.3 s)")
    print(f"duban plan check (Yongning sample): wall {figures(wall)} ({RUNS} runs; target ≤ 0.8 s)")


if __name__ == "__main__":
    main()
