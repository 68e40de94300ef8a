"""The package boundaries of ARCHITECTURE.md, enforced by reading every module's imports.

``domain/`` and ``sync/`` never import Flask, Kivy, the server or the field app (``domain/`` is
also pure: no ``sync``, no database, no HTTP); ``server/`` and ``field_app/`` never import each
other, and the tablet app never imports Flask. The tablet's half of sync, ``sync/client/``,
never imports the server half (``sync.server``) nor the test transports (``sync.testing``,
which may import both). A forbidden name covers its submodules (``sync.server`` forbids
``sync.server.push``). Imports are read with ``ast``, so nothing is executed; relative imports
are resolved against the file's own package. Folders that are empty or missing simply
contribute no files.
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
    "sync/client": frozenset({"sync.server", "sync.testing"}),
    "server": frozenset({"field_app", "kivy"}),
    "field_app": frozenset({"server", "flask", "flask_smorest"}),
    # View-models and the app's plain parts run without a window (and in the server tests'
    # process): no Kivy in them; screens and widgets hold all of it.
    "field_app/viewmodels": frozenset({"kivy"}),
}


def imported_modules(source: str, package: str = "") -> set[str]:
    """Every module ``source`` imports, dotted (``from a import b`` → ``a`` and ``a.b``).

    Relative imports are resolved against ``package`` (the dotted package of the file), so
    ``from ..server import push`` in ``sync/client/`` is ``sync.server.push``.
    """
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            if base:
                modules.add(base)
                modules.update(f"{base}.{alias.name}" for alias in node.names)
    return modules


def _absolute(node: ast.ImportFrom, package: str) -> str:
    """The absolute module of a ``from ... import``; empty for a relative one when the package
    is not known (it stays inside its own) or when it climbs above the root."""
    if node.level == 0:
        return node.module or ""
    parts = package.split(".") if package else []
    if not parts or node.level - 1 > len(parts):
        return ""
    base = parts[: len(parts) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def forbidden_imports_in(source: str, forbidden: frozenset[str], package: str = "") -> list[str]:
    """The forbidden modules (or packages of them) ``source`` imports, sorted."""
    imported = imported_modules(source, package)
    return sorted(
        name
        for name in forbidden
        if any(module == name or module.startswith(f"{name}.") for module in imported)
    )


def python_files(package: str, root: Path = PROJECT_ROOT) -> list[Path]:
    """Every .py file under ``root/package/`` (none when the folder is empty or missing)."""
    folder = root / package
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def package_of(path: Path, root: Path = PROJECT_ROOT) -> str:
    """The dotted package a module file belongs to (``sync/client/push.py`` → ``sync.client``)."""
    return ".".join(path.relative_to(root).parent.parts)


def violations(package: str, root: Path = PROJECT_ROOT) -> list[str]:
    """One line per file of ``package`` that imports something it must not."""
    found = []
    for path in python_files(package, root):
        source = path.read_text(encoding="utf-8")
        bad = forbidden_imports_in(source, FORBIDDEN_IMPORTS[package], package_of(path, root))
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


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from sync.server.push import apply_push", ["sync.server"]),
        ("import sync.server.pull", ["sync.server"]),
        ("from sync import server", ["sync.server"]),
        ("from .. import server", ["sync.server"]),  # relative, out of sync/client/
        ("from ..server.blobs import BlobStore", ["sync.server"]),
        ("from sync.testing.faulty_transport import Fault", ["sync.testing"]),
    ],
)
def test_the_tablet_half_never_reaches_the_server_half(source, expected):
    assert forbidden_imports_in(source, FORBIDDEN_IMPORTS["sync/client"], "sync.client") == expected


@pytest.mark.parametrize(
    "source",
    [
        "from sync.client.transport import Transport",
        "from . import records\nfrom .outbox import pending_batch",
        "from sync import codec, transaction",
        "from sync.serverless import nothing",
    ],
)
def test_the_tablet_half_may_import_the_rest_of_sync(source):
    assert forbidden_imports_in(source, FORBIDDEN_IMPORTS["sync/client"], "sync.client") == []


def test_the_test_transports_may_import_the_server_half():
    source = (PROJECT_ROOT / "sync" / "testing" / "inprocess_transport.py").read_text()
    assert "sync.server.push" in imported_modules(source, "sync.testing")
    assert violations("sync") == []


def test_violations_report_the_file_and_the_module(tmp_path):
    package = tmp_path / "domain" / "rules"
    package.mkdir(parents=True)
    (package / "leaky.py").write_text('"""Leaky."""\nimport flask\n', encoding="utf-8")
    (package / "clean.py").write_text('"""Clean."""\nimport json\n', encoding="utf-8")
    assert violations("domain", root=tmp_path) == ["domain/rules/leaky.py imports flask"]


def test_empty_package_folder_has_no_violations(tmp_path):
    (tmp_path / "field_app").mkdir()
    assert violations("field_app", root=tmp_path) == []
