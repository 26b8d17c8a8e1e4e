"""Brings up the whole app on one machine: the command behind ``make run``.

Order: migrate the database, start the embedded Redis (unless REDIS_URL is
set), the RQ workers, the scheduler, then Reflex (frontend and backend). Each
child runs in its own process group so that Ctrl-C stops them in a known
order (Reflex first, then workers with a warm shutdown, then Redis) and no
grandchild (ffmpeg, node, vite) is left behind.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.settings import PROJECT_ROOT, Settings, get_settings

log = logging.getLogger("launcher")

NODE_BIN_DIR = PROJECT_ROOT / ".tools" / "node" / "node_modules" / ".bin"


@dataclass
class Child:
    name: str
    proc: subprocess.Popen
    stop_signal: int = signal.SIGTERM
    grace_seconds: float = 15.0


@dataclass
class Launcher:
    settings: Settings
    children: list[Child] = field(default_factory=list)
    stopping: bool = False

    def child_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if NODE_BIN_DIR.is_dir():
            env["PATH"] = f"{NODE_BIN_DIR}{os.pathsep}{env.get('PATH', '')}"
        env.setdefault("REFLEX_USE_NPM", "1")
        env.setdefault("PYTHONUNBUFFERED", "1")
        # Dev-mode hot reload watches every top-level folder by default, data/ included
        # (SQLite's WAL would restart the backend on every write): watch the app only.
        env.setdefault("REFLEX_HOT_RELOAD_OVERRIDE_PATHS", str(PROJECT_ROOT / "app"))
        # Children resolve the same embedded Redis as we do.
        env["REDIS_URL"] = self.settings.resolved_redis_url
        return env

    def spawn(self, name: str, args: list[str], **kwargs) -> Child:
        log.info("starting %s", name)
        proc = subprocess.Popen(args, cwd=PROJECT_ROOT, env=self.child_env(), start_new_session=True)
        child = Child(name, proc, **kwargs)
        self.children.append(child)
        return child

    def start_redis(self) -> None:
        from app import redis_server

        port = self.settings.embedded_redis_port
        if redis_server.is_listening(port):
            log.info("embedded redis already listening on 127.0.0.1:%d, reusing it", port)
            return
        proc = redis_server.start(port, self.settings.data_dir / "redis")
        self.children.append(Child("redis", proc, grace_seconds=10))
        log.info("embedded redis on 127.0.0.1:%d", port)

    def start_all(self, with_ui: bool = True) -> None:
        migrate()
        if self.settings.uses_embedded_redis:
            self.start_redis()
        for i in range(max(1, self.settings.worker_count)):
            # SIGTERM is RQ's warm shutdown: the current job finishes first.
            self.spawn(f"worker-{i + 1}", [sys.executable, "-m", "workers.worker"], grace_seconds=30)
        self.spawn("scheduler", [sys.executable, "-m", "workers.scheduler"], grace_seconds=10)
        if with_ui:
            self.spawn("reflex", reflex_command(self.settings), grace_seconds=15)

    def stop_all(self) -> None:
        if self.stopping:
            return
        self.stopping = True
        # Reverse start order: UI first, Redis last.
        for child in reversed(self.children):
            _signal_group(child.proc, child.stop_signal)
            deadline = time.monotonic() + child.grace_seconds
            while child.proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            if child.proc.poll() is None:
                log.warning("%s did not stop in %.0fs, killing it", child.name, child.grace_seconds)
            # Kill leftovers in the group either way (node/vite/ffmpeg grandchildren).
            _signal_group(child.proc, signal.SIGKILL)
            try:
                child.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                log.error("%s (pid %d) could not be stopped", child.name, child.proc.pid)
        log.info("all processes stopped")

    def wait(self) -> int:
        """Block until Ctrl-C/SIGTERM or a child dies; then stop everything."""
        exit_code = 0
        try:
            while True:
                for child in self.children:
                    code = child.proc.poll()
                    if code is not None:
                        log.error("%s exited with code %s; stopping the app", child.name, code)
                        exit_code = 1
                        raise _Stop
                time.sleep(0.5)
        except (_Stop, KeyboardInterrupt):
            pass
        finally:
            self.stop_all()
        return exit_code


class _Stop(Exception):
    pass


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def reflex_command(settings: Settings) -> list[str]:
    reflex = Path(sys.executable).with_name("reflex")
    env_mode = "prod" if settings.app_env == "prod" else "dev"
    return [
        str(reflex),
        "run",
        "--env",
        env_mode,
        "--frontend-port",
        str(settings.frontend_port),
        "--backend-port",
        str(settings.backend_port),
        "--backend-host",
        settings.backend_host,
        "--loglevel",
        "info",
    ]


def migrate() -> None:
    """Bring the database schema to the newest migration."""
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.attributes["configure_logger"] = False
    command.upgrade(cfg, "head")
    seed_reference_data()


def seed_reference_data() -> None:
    """Default plans and prices; idempotent and never overwrites an admin's edits."""
    from app.services import billing

    billing.seed_default_plans()
    billing.seed_default_prices()
    from app.services import showcase

    showcase.seed_builtin()  # built-in homepage showcase (assets/showcase); never revives hidden ones


def run(with_ui: bool = True) -> int:
    settings = get_settings()
    from app.services import ops

    ops.configure_logging("launcher", settings)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    launcher = Launcher(settings)

    def _on_term(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _on_term)
    try:
        launcher.start_all(with_ui=with_ui)
    except BaseException:
        launcher.stop_all()
        raise
    if with_ui:
        log.info(
            "Content Studio: UI on %s, REST API on %s/api (Ctrl-C to stop)",
            settings.frontend_url,
            settings.api_url,
        )
    return launcher.wait()
