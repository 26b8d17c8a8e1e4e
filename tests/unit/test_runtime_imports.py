"""The runtime-environment check finds imports that requirements.txt would not satisfy."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tests.support.processes import PROJECT_ROOT

_spec = importlib.util.spec_from_file_location("check", PROJECT_ROOT / "scripts" / "check_runtime_imports.py")
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)


def test_a_lazy_import_inside_a_function_is_found(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(check, "PROJECT_ROOT", tmp_path)
    module = tmp_path / "mod.py"
    module.write_text(
        "import json\nfrom app import db\nfrom . import sibling\n\n"
        "def f():\n    import no_such_module_xyz.sub\n    from also_missing_abc import thing\n"
    )
    assert check.missing_imports([module], ["app"]) == [
        "mod.py:6: no_such_module_xyz",
        "mod.py:7: also_missing_abc",
    ]


def test_the_app_source_imports_only_what_requirements_pin():
    # In the dev venv every runtime module is present too; `make test` runs the real check in
    # .venv-runtime. This guards the scanner on the real tree (it must parse every file).
    assert check.missing_imports(check.source_files(), check.PACKAGES) == []
