"""End-to-end fixtures: the app started with `make run`, and headless Chromium."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.support.processes import PROJECT_ROOT, free_port

CHROMIUM = "/usr/bin/chromium"
OUTPUT_DIR = PROJECT_ROOT / "test-output" / "e2e"
STARTUP_TIMEOUT = float(os.environ.get("E2E_STARTUP_TIMEOUT", "600"))
# The app under test runs from the runtime-only environment (requirements.txt alone), as a newcomer's
# `make run` does, so a runtime import that only a test tool provides fails here, not on their machine.
APP_VENV = os.environ.get("E2E_APP_VENV", ".venv-runtime")


@dataclass
class RunningApp:
    frontend_url: str
    api_url: str
    data_dir: Path
    proc: subprocess.Popen
    log_path: Path

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]


def _wait_until_up(app: RunningApp) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if app.proc.poll() is not None:
            raise RuntimeError(f"make run exited early:\n{app.log_tail()}")
        try:
            front = httpx.get(app.frontend_url, timeout=5)
            health = httpx.get(f"{app.api_url}/api/health", timeout=5)
            if front.status_code == 200 and health.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(2)
    raise TimeoutError(f"the app did not come up in {STARTUP_TIMEOUT}s:\n{app.log_tail()}")


def stop_app(app: RunningApp, timeout: float = 60) -> None:
    """Ctrl-C, as a person at the terminal would."""
    if app.proc.poll() is None:
        os.killpg(app.proc.pid, signal.SIGINT)
        try:
            app.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(app.proc.pid, signal.SIGKILL)
            app.proc.wait(timeout=10)
            raise


def _empty_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def running_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    data_dir = tmp_path_factory.mktemp("e2e-data")
    front_port, back_port, redis_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "FRONTEND_PORT": str(front_port),
        "BACKEND_PORT": str(back_port),
        "EMBEDDED_REDIS_PORT": str(redis_port),
        "APP_ENV": "dev",
        "ADMIN_EMAILS": "admin@example.com,pro-admin@example.com,a11y-admin@example.com",
        # Many generations a minute across the suite: limits off; test_ops_ui sets a user's override.
        "RATE_LIMIT_GENERATIONS_PER_HOUR": "0",
        "RATE_LIMIT_API_REQUESTS_PER_MINUTE": "0",
        # The suite tests the code it started with: dev mode would otherwise recompile and
        # restart the backend mid-test whenever a file in the tree changes (an editor saving).
        "REFLEX_HOT_RELOAD_OVERRIDE_PATHS": str(_empty_dir(data_dir / "no-hot-reload")),
    }
    for var in (
        "DATABASE_URL",
        "REDIS_URL",
        "STORAGE_DIR",
        "SECRET_KEY",
        "PYTEST_CURRENT_TEST",
        "VIRTUAL_ENV",
    ):
        env.pop(var, None)
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    log_path = OUTPUT_DIR / "make-run.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            ["make", "run", f"VENV={APP_VENV}"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    app = RunningApp(
        f"http://localhost:{front_port}", f"http://localhost:{back_port}", data_dir, proc, log_path
    )
    try:
        _wait_until_up(app)
        yield app
    finally:
        stop_app(app)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make test` (installs it as root) or apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    yield page
    context.close()
