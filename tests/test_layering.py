"""The import rules of docs/architecture.md, read from the code with ``ast`` (function-local imports included).

- ``agent`` never imports ``plugins`` (plugins build on the agent's SDK, never the reverse);
- ``agent.engine`` imports only the plugin SDK (and the standard library / third-party packages);
- ``agent.critique`` may use the engine, the engine never uses critique;
- no import cycles between agent modules, nor between agent packages;
- every package-level import is one that docs/architecture.md allows, and the doc names every package.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
SDK = frozenset({"agent", "agent.scene", "agent.graph", "agent.registry", "agent.context", "agent.artifacts",
                 "agent.findings", "agent.errors", "agent.defaults"})


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules(top: str = "agent") -> dict[str, Path]:
    return {_module_name(p): p for p in sorted((ROOT / top).rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


class _Imports(ast.NodeVisitor):
    """Every imported module name, with whether it is imported only for type checking."""

    def __init__(self, name: str, is_package: bool) -> None:
        self.package = name if is_package else name.rpartition(".")[0]
        self.found: list[tuple[str, bool]] = []
        self._typing = 0

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            self._typing += 1
            for child in node.body:
                self.visit(child)
            self._typing -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.found += [(a.name, self._typing > 0) for a in node.names]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            parts = self.package.split(".")
            parts = parts[:len(parts) - node.level + 1]
            base = ".".join(parts + ([node.module] if node.module else []))
        # ``from agent.engine import keys`` may name a module (agent.engine.keys) or a name in agent.engine
        self.found += [(f"{base}\0{a.name}", self._typing > 0) for a in node.names]


@cache
def imports_of(name: str, top: str = "agent") -> tuple[tuple[str, bool], ...]:
    path = modules(top)[name]
    visitor = _Imports(name, path.name == "__init__.py")
    visitor.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    known = set(modules("agent")) | set(modules("plugins"))
    out = set()
    for target, typing in visitor.found:
        base, _, attr = target.partition("\0")
        if attr and f"{base}.{attr}" in known:
            base = f"{base}.{attr}"
        if base.split(".")[0] not in ("agent", "plugins") or base in known:
            out.add((base, typing))
    return tuple(sorted(out))


def package_of(name: str) -> str:
    """``agent.engine.keys`` -> ``agent.engine``; top-level modules (``agent.scene``) are their own node."""
    parts = name.split(".")
    if len(parts) >= 2 and (ROOT / parts[0] / parts[1]).is_dir():
        return ".".join(parts[:2])
    return name


def module_graph() -> nx.DiGraph:
    """Runtime imports between agent modules; importing ``agent.x.y`` from outside ``agent.x`` also runs
    ``agent.x``'s ``__init__``."""
    g = nx.DiGraph()
    names = modules()
    for name in names:
        g.add_node(name)
        for target, typing in imports_of(name):
            if typing or not target.startswith("agent.") or target == name:
                continue
            g.add_edge(name, target)
            parts = target.split(".")
            for i in range(2, len(parts)):
                parent = ".".join(parts[:i])
                if parent in names and not name.startswith(parent + ".") and name != parent:
                    g.add_edge(name, parent)
    return g


def package_graph(include_typing: bool = True) -> nx.DiGraph:
    g = nx.DiGraph()
    for name in modules():
        g.add_node(package_of(name))
        for target, typing in imports_of(name):
            if target.startswith("agent.") and (include_typing or not typing):
                a, b = package_of(name), package_of(target)
                if a != b:
                    g.add_edge(a, b)
    return g


def test_agent_never_imports_plugins() -> None:
    bad = [f"{name} -> {t}" for name in modules() for t, _ in imports_of(name) if t.split(".")[0] == "plugins"]
    assert not bad, "agent must not import plugins (move the shared code into agent):\n" + "\n".join(bad)


def test_engine_imports_only_the_sdk() -> None:
    bad = [f"{name} -> {t}" for name in modules() if name.startswith("agent.engine")
           for t, _ in imports_of(name)
           if t.startswith("agent.") and t not in SDK and not t.startswith("agent.engine")]
    assert not bad, "agent.engine may import only the SDK:\n" + "\n".join(bad)


def test_critique_uses_engine_never_the_reverse() -> None:
    g = package_graph()
    assert g.has_edge("agent.critique", "agent.engine")  # the loop runs its graphs through the engine
    assert not nx.has_path(g.subgraph(n for n in g if n != "agent.api"), "agent.engine", "agent.critique")


def test_no_import_cycles_between_modules() -> None:
    cycles = list(nx.simple_cycles(module_graph()))
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join([*c, c[0]]) for c in cycles)


def test_no_import_cycles_between_packages() -> None:
    cycles = list(nx.simple_cycles(package_graph(include_typing=False)))
    assert not cycles, "package cycles:\n" + "\n".join(" -> ".join([*c, c[0]]) for c in cycles)


def test_plugins_never_import_tests_or_bench() -> None:
    bad = [f"{name} -> {t}" for name in modules("plugins") for t, _ in imports_of(name, "plugins")
           if t.split(".")[0] in ("tests", "bench", "examples")]
    assert not bad


# -- docs/architecture.md ----------------------------------------------------------------------------

def subpackages() -> list[str]:
    return sorted(p.parent.name for p in (ROOT / "agent").glob("*/__init__.py"))


def documented_rules() -> dict[str, set[str]]:
    """The doc's table: ``| `agent/engine/` | ... | `sdk` |`` -> {"engine": {"sdk"}}."""
    rules: dict[str, set[str]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*`agent/(\w+)/?`\s*\|[^|]*\|([^|]*)\|", line)
        if m:
            rules[m.group(1)] = set(re.findall(r"`([\w/]+)`", m.group(2))) - {"-"}
    return rules


def _doc_name(node: str) -> str:
    name = node.removeprefix("agent.")
    return "sdk" if node in SDK else name


def test_architecture_doc_names_every_package() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [p for p in subpackages() if f"agent/{p}/" not in text]
    assert not missing, f"docs/architecture.md does not describe: {missing}"
    rows = documented_rules()
    no_row = set(subpackages()) - set(rows)
    assert not no_row, f"no import row in docs/architecture.md for {sorted(no_row)}"


@pytest.mark.parametrize("package", subpackages())
def test_package_imports_match_the_doc(package: str) -> None:
    allowed = documented_rules().get(package, set())
    g = package_graph()
    actual = {_doc_name(t) for t in g.successors(f"agent.{package}")} if f"agent.{package}" in g else set()
    extra = actual - allowed
    assert not extra, f"agent/{package}/ imports {sorted(extra)}, which docs/architecture.md does not allow"


def test_every_agent_import_names_a_module_that_exists() -> None:
    """An import of a moved module (``agent.llm_client`` after the restructure) fails only when it runs, and the
    rules above cannot see it: every ``agent.*`` import must name an existing module or a name in one."""
    known = set(modules("agent"))
    bad = []
    for top in ("agent", "plugins"):
        for name, path in modules(top).items():
            visitor = _Imports(name, path.name == "__init__.py")
            visitor.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
            for target, _ in visitor.found:
                base, _, attr = target.partition("\0")
                if base.split(".")[0] == "agent" and base not in known and f"{base}.{attr}" not in known:
                    bad.append(f"{name} -> {base}")
    assert not bad, "imports of agent modules that do not exist:\n" + "\n".join(sorted(bad))
