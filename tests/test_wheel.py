"""Duban installed from its wheel, not from this checkout: `duban run` without a token starts the demo and serves
its page.

The fresh environment gets Duban from the wheel alone (installed with --no-deps); the libraries it needs come from
this test run's own site-packages through a .pth line, which does not run the editable install's finder, so `bot`
can only be imported from the wheel (checked).
"""
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "workflows", "store", "importers", "documents")
STARTED = "请在浏览器打开 http://127.0.0.1:"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fresh_install(tmp_path: Path) -> Path:
    """A venv with Duban installed from a wheel built from this checkout's sources; its bin folder. The build runs
    on a copy: setuptools builds in the source tree, and the checkout is left as it was."""
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(ROOT / "pyproject.toml", source)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(tmp_path / "dist"), str(source)], check=True, cwd=tmp_path)
    wheel = next((tmp_path / "dist").glob("duban-*.whl"))
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, cwd=tmp_path)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return target / "bin"


def test_the_demo_starts_from_the_installed_wheel(tmp_path):
    bin_dir = _fresh_install(tmp_path)
    imported = subprocess.run([str(bin_dir / "python"), "-c", "import bot; print(bot.__file__)"], cwd=tmp_path,
                              check=True, capture_output=True, text=True).stdout.strip()
    assert Path(imported).is_relative_to(tmp_path / "venv"), imported
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key != "TELEGRAM_BOT_TOKEN"}
    demo = subprocess.Popen([str(bin_dir / "duban"), "run", "--port", str(port)], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        said = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not any(STARTED in line for line in said):
            line = demo.stdout.readline()
            assert line, "".join(said)       # it ended before saying where to look
            said.append(line)
        assert f"{STARTED}{port}" in "".join(said)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as page:
            assert page.status == 200
            assert "督办" in page.read().decode()
    finally:
        demo.terminate()
        demo.wait(timeout=30)
    assert demo.returncode == 0
