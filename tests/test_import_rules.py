"""The package boundaries of ARCHITECTURE.md, enforced by reading every module's imports.

``domain/`` and ``sync/`` never import Flask, Kivy, the server or the field app (``domain/`` is
also pure: no ``sync``, no database, no HTTP); ``server/`` and ``field_app/`` never import each
other, and the tablet app never imports Flask. Imports are read with ``ast``, so nothing is
executed, and relative imports (which stay inside their own package) are allowed. Folders that
are empty or missing simply contribute no files.
"""

import ast
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN_IMPORTS: dict[str, frozenset[str]] = {
    "domain": frozenset(
        {
            "flask",
            "flask_smorest",
            "kivy",
            "server",
            "field_app",
            "sync",
            "sqlite_utils",
            "requests",
        }
    ),  # fmt: skip
    "sync": frozenset({"flask", "flask_smorest", "kivy", "server", "field_app"}),
    "server": frozenset({"field_app", "kivy"}),
    "field_app": frozenset({"server", "flask", "flask_smorest"}),
}


def imported_top_level_modules(source: str) -> set[str]:
    """The top-level names of every absolute import in ``source`` (``a.b`` → ``a``)."""
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.split(".")[0])
    return modules


def forbidden_imports_in(source: str, forbidden: frozenset[str]) -> list[str]:
    """The forbidden top-level modules ``source`` imports, sorted."""
    return sorted(imported_top_level_modules(source) & forbidden)


def python_files(package: str, root: Path = PROJECT_ROOT) -> list[Path]:
    """Every .py file under ``root/package/`` (none when the folder is empty or missing)."""
    folder = root / package
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def violations(package: str, root: Path = PROJECT_ROOT) -> list[str]:
    """One line per file of ``package`` that imports something it must not."""
    found = []
    for path in python_files(package, root):
        bad = forbidden_imports_in(path.read_text(encoding="utf-8"), FORBIDDEN_IMPORTS[package])
        if bad:
            found.append(f"{path.relative_to(root).as_posix()} imports {', '.join(bad)}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN_IMPORTS))
def test_package_respects_its_import_boundary(package):
    assert violations(package) == []


def test_the_check_reads_real_files():
    assert PROJECT_ROOT / "domain" / "records" / "__init__.py" in python_files("domain")


def test_missing_folder_has_no_files():
    assert python_files("no_such_package_here") == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import flask", ["flask"]),
        ("from flask import Blueprint", ["flask"]),
        ("import kivy.uix.button", ["kivy"]),
        ("from server.store import get_db", ["server"]),
        ("import json, field_app.screens as screens", ["field_app"]),
        ("def late():\n    import flask_smorest\n", ["flask_smorest"]),
        ("try:\n    import kivy\nexcept ImportError:\n    pass\n", ["kivy"]),
    ],
)
def test_check_catches_a_forbidden_import(source, expected):
    forbidden = FORBIDDEN_IMPORTS["sync"]
    assert forbidden_imports_in(source, forbidden) == expected


@pytest.mark.parametrize(
    "source",
    [
        "import json\nfrom marshmallow import Schema",
        "from . import server",  # relative: a module of the package's own
        "from .server import write_record",
        "import flaskish\nimport serverless",  # names that merely start alike
    ],
)
def test_check_allows_permitted_imports(source):
    assert forbidden_imports_in(source, FORBIDDEN_IMPORTS["sync"]) == []


def test_violations_report_the_file_and_the_module(tmp_path):
    package = tmp_path / "domain" / "rules"
    package.mkdir(parents=True)
    (package / "leaky.py").write_text('"""Leaky."""\nimport flask\n', encoding="utf-8")
    (package / "clean.py").write_text('"""Clean."""\nimport json\n', encoding="utf-8")
    assert violations("domain", root=tmp_path) == ["domain/rules/leaky.py imports flask"]


def test_empty_package_folder_has_no_violations(tmp_path):
    (tmp_path / "field_app").mkdir()
    assert violations("field_app", root=tmp_path) == []
