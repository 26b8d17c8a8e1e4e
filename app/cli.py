"""Command line: ``python -m app.cli <command>``.

run        start everything (what ``make run`` calls)
services   start Redis, workers and scheduler without the UI (tests, debugging)
migrate    upgrade the database to the newest migration
promote    make an existing account an admin: promote EMAIL [--revoke]
orphans    list stored files without rows and rows without files [--delete]
storage    new-key: print a fresh STORAGE_MASTER_KEYS entry; reseal: encrypt plaintext files and
           re-wrap files of older master keys with the current one (key rotation)
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
    promote = sub.add_parser("promote", help="make an existing account an admin")
    promote.add_argument("email")
    promote.add_argument("--revoke", action="store_true", help="make the admin a normal user again")
    orphans = sub.add_parser("orphans", help="list files without rows and rows without files")
    orphans.add_argument("--delete", action="store_true", help="remove what was found")
    orphans.add_argument("--min-age-minutes", type=int, default=60, help="skip files newer than this")
    storage = sub.add_parser("storage", help="encryption at rest of the local file store")
    storage.add_argument("action", choices=["new-key", "reseal"])
    args = parser.parse_args(argv)

    from app import launcher

    if args.command == "run":
        return launcher.run(with_ui=True)
    if args.command == "services":
        return launcher.run(with_ui=False)
    if args.command == "promote":
        from app.services import accounts
        from app.services.platform import ServiceError

        try:
            user = accounts.set_role(args.email, "user" if args.revoke else "admin")
        except ServiceError as exc:
            print(f"error: {exc.message}", file=sys.stderr)
            return 1
        print(f"{user.email} is now {'an admin' if user.role == 'admin' else 'a normal user'}")
        return 0
    if args.command == "orphans":
        from app.services import library

        report = library.find_orphans(min_age_seconds=max(0, args.min_age_minutes) * 60)
        for label, items in (
            ("file without a row", report.files),
            ("asset row without its file", report.asset_rows),
            ("upload row without its file", report.upload_rows),
            ("share link without its asset", report.share_links),
        ):
            for item in items:
                print(f"{label}: {item}")
        if args.delete and report.count:
            removed = library.delete_orphans(report)
            print(f"removed {removed.count} orphan(s)")
        else:
            print(f"{report.count} orphan(s) found" + ("" if not report.count else "; rerun with --delete"))
        return 0
    if args.command == "storage":
        from app.services import platform

        if args.action == "new-key":
            print(platform.new_master_key())
            return 0
        try:
            counts = platform.reseal_all()
        except platform.StorageError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(", ".join(f"{n} {outcome}" for outcome, n in counts.items()))
        return 1 if counts["failed"] else 0
    if args.command == "migrate":
        launcher.migrate()
        print("database is up to date")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
