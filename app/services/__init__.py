"""Domain logic, no Reflex: one package per domain, each imported only through its public module.

``from app.services import billing`` and ``billing.hold(...)``, never a module inside a package.
docs/architecture.md maps the packages, the direction of their imports and where each feature
lives; pyproject.toml's import-linter contracts keep it so.
"""
