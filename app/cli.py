"""Command line: ``python -m app.cli <command>``.

run        start everything (what ``make run`` calls)
services   start Redis, workers and scheduler without the UI (tests, debugging)
migrate    upgrade the database to the newest migration
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.cli", description="Content Studio commands")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="migrate and start Redis, workers, scheduler and the Reflex app")
    sub.add_parser("services", help="migrate and start Redis, workers and scheduler (no UI)")
    sub.add_parser("migrate", help="upgrade the database schema")
    args = parser.parse_args(argv)

    from app import launcher

    if args.command == "run":
        return launcher.run(with_ui=True)
    if args.command == "services":
        return launcher.run(with_ui=False)
    if args.command == "migrate":
        launcher.migrate()
        print("database is up to date")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
