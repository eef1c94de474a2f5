"""The code's shape, as the next engineer relies on it: no import cycles, imports at the top, the
project package holding settings and URLs only, permissions named in one place."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("ceremony", "awards", "baikonur_events")
# Imports Django asks to be deferred: an app's ready(), and the one import models need of the rules,
# which query those models.
DEFERRED_IMPORTS_ALLOWED = {
    ("ceremony/apps.py", "ready"),
    ("awards/apps.py", "ready"),
    ("ceremony/models/base.py", "enforce_rules"),
    ("awards/models.py", "enforce_rules"),
}


def project_modules():
    """{dotted module name: path} of the project's own code, migrations left out."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


MODULES = project_modules()


def is_package(name):
    return MODULES[name].name == "__init__.py"


def imported_at_the_top(name):
    """The project modules `name` imports when it is imported itself (module-level statements)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if is_package(name) else name.rpartition(".")[0]
    found = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {target for target in targets if target in MODULES}
    return found


def import_graph():
    """Module → the project modules importing it runs, parent packages included (importing
    `ceremony.admin.history` from outside runs `ceremony/admin/__init__.py` first)."""
    graph = {}
    for name in MODULES:
        edges = set()
        for target in imported_at_the_top(name) - {name}:
            parts = target.split(".")
            ancestors = {".".join(parts[:index]) for index in range(1, len(parts))}
            own_ancestors = {
                ".".join(name.split(".")[:index]) for index in range(1, len(name.split(".")) + 1)
            }
            edges |= {target} | {ancestor for ancestor in ancestors - own_ancestors if ancestor in MODULES}
        graph[name] = edges
    return graph


def cycles(graph):
    """The strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_module_imports_itself_through_others():
    assert cycles(import_graph()) == []


def test_the_cycle_check_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def deferred_imports():
    """(file, function) of every import inside a function of the project's code."""
    found = set()
    for path in MODULES.values():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(function):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        found.add((path.relative_to(ROOT).as_posix(), function.name))
    return found


def test_imports_are_at_the_top_but_where_django_asks_otherwise():
    assert deferred_imports() == DEFERRED_IMPORTS_ALLOWED


def test_the_project_package_holds_settings_and_urls_only():
    modules = sorted(path.name for path in (ROOT / "baikonur_events").glob("*.py"))
    assert modules == ["__init__.py", "asgi.py", "settings.py", "urls.py", "wsgi.py"]


def test_the_admin_registry_is_read_through_its_api():
    users = [name for name, path in MODULES.items() if "_registry" in path.read_text(encoding="utf-8")]
    assert users == []


PERMISSION_NAME = re.compile(r"""["'](ceremony|awards)\.(add|change|delete|view|print|undo)_\w+["']""")


def test_permission_names_are_written_in_the_permissions_module_only():
    code = {name: path.read_text(encoding="utf-8") for name, path in MODULES.items()}
    assert [name for name, text in code.items() if PERMISSION_NAME.search(text)] == ["ceremony.permissions"]
    templates = [path for path in (ROOT / "templates").rglob("*.html") if "perms." in path.read_text()]
    assert templates == []
