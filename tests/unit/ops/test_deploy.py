"""The deployment files name commands that exist: each Procfile and systemd command's module or
executable, and each app.cli subcommand they use."""

from __future__ import annotations

import configparser
import importlib.util
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from app.settings import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"
BIN = Path(sys.executable).parent


def _procfile() -> dict[str, list[str]]:
    entries = {}
    for line in (DEPLOY / "Procfile").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, command = line.partition(":")
        entries[name.strip()] = shlex.split(command)
    return entries


def _unit_commands() -> dict[str, list[str]]:
    out = {}
    for path in sorted((DEPLOY / "systemd").glob("*.service")):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str
        parser.read(path)
        out[path.name] = shlex.split(parser["Service"]["ExecStart"])
    return out


def _check_command(argv: list[str]) -> None:
    exe = Path(argv[0]).name
    if exe.startswith("python"):
        assert argv[1] == "-m", argv
        module = argv[2]
        spec = importlib.util.find_spec(module)
        assert spec is not None, f"no module {module}"
        source = Path(spec.origin).read_text()
        assert "def main(" in source and '__name__ == "__main__"' in source, f"{module} has no entry point"
        if module == "app.cli" and len(argv) > 3:
            help_out = subprocess.run(
                [sys.executable, "-m", "app.cli", argv[3], "--help"],
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert help_out.returncode == 0, help_out.stderr
        return
    assert exe == "reflex", argv
    assert (BIN / "reflex").exists()
    assert argv[1] == "run"
    help_text = subprocess.run(
        [str(BIN / "reflex"), "run", "--help"], capture_output=True, text=True, timeout=120
    )
    assert help_text.returncode == 0, help_text.stderr
    for flag in (a for a in argv[2:] if a.startswith("--")):
        assert flag in help_text.stdout, f"reflex run has no {flag}"


def test_the_procfile_has_every_process_and_each_command_exists():
    entries = _procfile()
    assert set(entries) == {"release", "web", "ui", "worker", "scheduler"}
    for argv in entries.values():
        _check_command(argv)


@pytest.mark.parametrize("unit", sorted(p.name for p in (DEPLOY / "systemd").glob("*.service")))
def test_each_systemd_unit_runs_an_existing_command(unit: str):
    argv = _unit_commands()[unit]
    assert argv[0].startswith("/opt/content-studio/.venv/bin/")
    _check_command([Path(argv[0]).name, *argv[1:]])


def test_the_worker_unit_is_a_template_and_nginx_proxies_the_websocket():
    assert (DEPLOY / "systemd" / "content-studio-worker@.service").exists()
    nginx = (DEPLOY / "nginx" / "content-studio.conf").read_text()
    assert "location /_event" in nginx and "Upgrade $http_upgrade" in nginx
    assert "location = /metrics" in nginx and "client_max_body_size" in nginx
