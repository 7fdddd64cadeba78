"""`desktop_chat.core` never imports Qt, and the engine module is cheap to import (no torch) so
that a window can create an engine before it paints."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import desktop_chat.core as core

CORE = Path(core.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_core_source_file_imports_qt():
    offenders = {
        str(path.relative_to(CORE)): sorted(m for m in _imported_modules(path)
                                             if m.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "qasync"}
                                             or m.startswith("desktop_chat.gui"))
        for path in CORE.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_every_core_module_loads_no_qt():
    modules = [m.name for m in pkgutil.walk_packages([str(CORE)], prefix="desktop_chat.core.")]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6', 'qasync')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_engine_import_does_not_pull_in_torch():
    code = ("import sys, desktop_chat.core.inference.engine, desktop_chat.core.library.catalog\n"
            "print('torch' in sys.modules, 'transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"
