"""The house's shape: portal ← services ← search ← home. A lower app never imports a higher one, the apps'
modules import each other in no cycle, and at most three imports of our own modules hide inside functions.

Read from the source with `ast`, so the test needs no import to run and fails on any new upward edge.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("portal", "services", "search", "home")
"""From the base up: each app may import those before it."""
RANK = {app: rank for rank, app in enumerate(APPS)}
ROOT_MODULES = {"portal.urls", "portal.wsgi"}
"""The root URLconf (and the WSGI entry that loads it) may import every app, as settings may."""
SKIPPED_DIRECTORIES = {"migrations", "settings", "tests", "__pycache__"}
MAX_FUNCTION_LEVEL_IMPORTS = 3


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _source_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if not SKIPPED_DIRECTORIES.intersection(path.relative_to(ROOT).parts):
                yield path


def _imported(node, package):
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = package.split(".")[: len(package.split(".")) - node.level + 1]
        module = ".".join(base + ([node.module] if node.module else []))
    else:
        module = node.module or ""
    # `from services import facets` names a module: count it as the edge to that module.
    return [f"{module}.{alias.name}" for alias in node.names] + [module]


def import_graph():
    """[(importer, imported module, line, inside a function?)] for imports of our own apps' modules."""
    files = list(_source_files())
    known = {_module_name(path) for path in files}
    edges = []
    for path in files:
        module = _module_name(path)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                inside.update(id(sub) for sub in ast.walk(node) if isinstance(sub, ast.Import | ast.ImportFrom))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            names = _imported(node, package)
            if names[-1].split(".")[0] not in RANK:
                continue
            # the most specific known module: `from services.models import X` → services.models
            target = next((name for name in names if name in known), names[-1])
            edges.append((module, target, node.lineno, id(node) in inside))
    return edges


def _app(module):
    return module.split(".")[0]


def upward_edges(edges):
    return [
        (src, dst, line)
        for src, dst, line, _inside in edges
        if src not in ROOT_MODULES and RANK[_app(dst)] > RANK[_app(src)]
    ]


def cycles(edges):
    """Cycles among modules through module-level imports (a package importing its own submodules aside)."""
    graph = {}
    for src, dst, _line, inside in edges:
        if inside or src in ROOT_MODULES or dst.startswith(src + "."):
            continue
        graph.setdefault(src, set()).add(dst)
    found, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return found


def function_level_imports(edges):
    return [(src, dst, line) for src, dst, line, inside in edges if inside]


def report():
    edges = import_graph()
    lines = [f"{len(edges)} imports between our modules in {', '.join(APPS)}"]
    lines.append(f"upward: {upward_edges(edges) or 'none'}")
    lines.append(f"cycles: {cycles(edges) or 'none'}")
    lines.append("function-level imports:")
    for src, dst, line in function_level_imports(edges):
        path = ROOT / (src.replace(".", "/") + ".py")
        if not path.exists():
            path = ROOT / src.replace(".", "/") / "__init__.py"
        reason = path.read_text(encoding="utf-8").splitlines()[line - 1].partition("#")[2].strip()
        lines.append(f"  {src}:{line} → {dst}  ({reason or 'no reason given'})")
    return "\n".join(lines)


def test_no_app_imports_one_above_it():
    assert upward_edges(import_graph()) == []


def test_the_modules_import_each_other_in_no_cycle():
    assert cycles(import_graph()) == []


def test_at_most_three_imports_hide_inside_functions_each_saying_why():
    inner = function_level_imports(import_graph())
    assert len(inner) <= MAX_FUNCTION_LEVEL_IMPORTS, inner
    for src, _dst, line in inner:
        path = ROOT / (src.replace(".", "/") + ".py")
        if not path.exists():
            path = ROOT / src.replace(".", "/") / "__init__.py"
        assert "#" in path.read_text(encoding="utf-8").splitlines()[line - 1], f"{src}:{line} gives no reason"


def test_the_graph_sees_an_upward_import(tmp_path, monkeypatch):
    """The check itself can fail: a services module importing home is reported."""
    for app in APPS:
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "home" / "models.py").write_text("")
    (tmp_path / "services" / "loader.py").write_text("def load():\n    from home.models import HomePage\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    edges = import_graph()
    assert upward_edges(edges) == [("services.loader", "home.models", 2)]
    assert function_level_imports(edges) == [("services.loader", "home.models", 2)]


if __name__ == "__main__":
    print(report())
