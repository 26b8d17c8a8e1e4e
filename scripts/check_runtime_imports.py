"""Prove that requirements.txt alone runs the app: run it with the runtime-only venv's python.

Two checks, because either alone misses cases:
- every module of ``app`` and ``workers`` imports (catches what a module needs at load time);
- every ``import`` statement anywhere in the app's source, including the lazy ones inside
  functions, names a module this environment can find (catches a dependency that only a code
  path at run time would reach, such as a worker's image decoder).

Exit status 1 lists what is missing; `make test` runs this before the suite.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
import sys
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("app", "workers")
# Source that runs in production besides the packages (rxconfig at startup, alembic env on migrate).
EXTRA_SOURCES = ("rxconfig.py", "alembic/env.py")


def imported_top_names(source: str) -> Iterator[tuple[str, int]]:
    """(top-level module name, line) of every absolute import in ``source``, nested ones included."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.partition(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.partition(".")[0], node.lineno


def missing_imports(files: Iterable[Path], first_party: Iterable[str]) -> list[str]:
    """``path:line: name`` for each import whose module this interpreter cannot find."""
    own = set(first_party)
    problems = []
    for path in files:
        for name, line in imported_top_names(path.read_text(encoding="utf-8")):
            if name in own or name == "__future__":
                continue
            if importlib.util.find_spec(name) is None:
                problems.append(f"{path.relative_to(PROJECT_ROOT)}:{line}: {name}")
    return problems


def unimportable_modules(packages: Iterable[str]) -> list[str]:
    problems = []
    for root in packages:
        package = importlib.import_module(root)
        for info in pkgutil.walk_packages(package.__path__, f"{root}."):
            try:
                importlib.import_module(info.name)
            except Exception as exc:  # any failure to load is what we report
                last = traceback.format_exception_only(type(exc), exc)[-1].strip()
                problems.append(f"{info.name}: {last}")
    return problems


def source_files() -> list[Path]:
    files = [p for pkg in PACKAGES for p in sorted((PROJECT_ROOT / pkg).rglob("*.py"))]
    return files + [PROJECT_ROOT / extra for extra in EXTRA_SOURCES if (PROJECT_ROOT / extra).exists()]


def main() -> int:
    sys.path.insert(0, str(PROJECT_ROOT))
    problems = missing_imports(source_files(), PACKAGES) + unimportable_modules(PACKAGES)
    if problems:
        print(f"{sys.prefix}: requirements.txt does not cover what the app imports:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"runtime environment {sys.prefix}: every module of {', '.join(PACKAGES)} imports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
