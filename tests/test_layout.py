"""The rooms keep their doors: Telegram is imported only behind the channel contract, the use cases speak no SQL
of their own, the pure core imports nothing above it, and no module imports itself back through others."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "workflows", "importers", "store", "documents")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or path.name == "__main__.py":
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Every module this one imports, at its top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES else node.module
                      for alias in node.names}
    return names


GRAPH = {name: {i for i in _imports(path) if i in MODULES and i != name} for name, path in MODULES.items()}


def test_only_the_telegram_channel_imports_telegram():
    importing = sorted(name for name, path in MODULES.items()
                       if any(i == "telegram" or i.startswith("telegram.") for i in _imports(path)))
    assert importing and all(name.startswith("bot.channels.telegram.") for name in importing), importing


def test_the_use_cases_leave_sql_to_the_store():
    speaking = sorted(name for name, path in MODULES.items() if name.startswith("bot.services.")
                      and "select(" in path.read_text(encoding="utf-8"))
    assert speaking == []


def test_the_core_imports_nothing_above_it():
    upward = {name: sorted(i for i in deps if not i.startswith("workflows"))
              for name, deps in GRAPH.items() if name.startswith("workflows")}
    assert {name: deps for name, deps in upward.items() if deps} == {}


def test_no_module_imports_itself_back():
    """Depth-first: a module met again while its own imports are being walked closes a cycle."""
    state, cycles = {}, []

    def walk(name, trail):
        state[name] = "open"
        for dep in sorted(GRAPH[name]):
            if state.get(dep) == "open":
                cycles.append(trail[trail.index(dep):] + [dep])
            elif dep not in state:
                walk(dep, trail + [dep])
        state[name] = "done"

    for name in sorted(GRAPH):
        if name not in state:
            walk(name, [name])
    assert cycles == []
