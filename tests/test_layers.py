"""The package imports downward only (DESIGN section 8): the layer contract, checked from the source with ``ast``.

Every import of a symkl module is collected from every file of the package: module-level and inside
functions (imports under ``if TYPE_CHECKING:`` are for annotations and are skipped). The test fails on

* (a) a function-local import of a symkl module (it hides a dependency, usually to dodge a cycle);
* (b) an import of a module in a higher layer, or in the same layer but a different module (a layer's
  members are independent of each other), except between modules of one subpackage listed as a whole
  (``symkl.prover.*``), whose internal imports are only required to be acyclic;
* (c) a cycle in the import graph;
* a symkl module that the contract does not place in a layer, or a dynamic import outside the facade.

Importing ``symkl.a.b`` runs ``symkl/a/__init__.py`` first: that implicit edge counts too. The facade
``symkl/__init__.py`` loads heavy parts on first attribute access (``_LAZY_MODULES``, ``_LAZY_NAMES``);
those names are edges of the facade and are checked like imports.
"""

from __future__ import annotations

import ast
import itertools
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "symkl"

#: The contract, bottom layer first (DESIGN section 8; the same layers as the import-linter contract in
#: pyproject.toml, which CI runs too). A module may import only from layers strictly below its own. A name
#: ending in ``.*`` is a subpackage taken whole (its ``__init__`` and every submodule); inside one, imports
#: are only required to be acyclic. Members of one layer are independent of each other.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("errors", ("symkl.errors", "symkl._version")),
    ("exact numbers, distributions and measures", ("symkl.exact.*",)),
    ("continuous families; the language of statements", ("symkl.continuous.*", "symkl.statements.*")),
    ("float arrays and cross-checks", ("symkl.numeric.*",)),
    ("proof kernel, catalogue, verification, derivations", ("symkl.proof.*",)),
    ("prover (its proofs are Derivations)", ("symkl.prover.*",)),
    ("render: worked answers, the derivations folder", ("symkl.render.*",)),
    ("facade", ("symkl", "symkl.losses")),
    ("cli", ("symkl.cli.*",)),
    ("entry point", ("symkl.__main__",)),
]

#: Known, temporary exceptions, (module, function) -> the modules that function imports locally (none today).
#: test_pending_exceptions_are_still_needed fails once an entry is stale.
PENDING: dict[tuple[str, str], frozenset[str]] = {}


# ---------------------------------------------------------------------------------------------
# reading the imports
def module_name(path: Path) -> str:
    """symkl/proof/kernel.py -> symkl.proof.kernel; symkl/prover/__init__.py -> symkl.prover."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    relative = Path(*name.split("."))
    return (ROOT / relative.with_suffix(".py")).is_file() or (ROOT / relative / "__init__.py").is_file()


MODULES: dict[str, Path] = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


class Edge:
    """One import of a symkl module: who, what, where, and the enclosing function (None at module level)."""

    def __init__(self, source: str, target: str, line: int, function: str | None) -> None:
        self.source, self.target, self.line, self.function = source, target, line, function

    def __repr__(self) -> str:
        where = f" in {self.function}()" if self.function else ""
        return f"{self.source}:{self.line}{where} -> {self.target}"


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _targets(node: ast.Import | ast.ImportFrom, source: str) -> list[str]:
    """The symkl modules an import statement loads (``from . import x`` loads symkl.x when x is a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.split(".")[0] == "symkl"]
    if node.level:
        package = source.split(".") if MODULES[source].name == "__init__.py" else source.split(".")[:-1]
        base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    if base.split(".")[0] != "symkl":
        return []
    found = [f"{base}.{alias.name}" for alias in node.names if is_module(f"{base}.{alias.name}")]
    return found if len(found) == len(node.names) else [base, *found]


def _walk(node: ast.AST, source: str, function: str | None, edges: list[Edge]) -> None:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            for statement in child.orelse:
                _walk(ast.Module(body=[statement], type_ignores=[]), source, function, edges)
            continue
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            _walk(child, source, function or getattr(child, "name", "<lambda>"), edges)
            continue
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            edges.extend(Edge(source, target, child.lineno, function) for target in _targets(child, source))
        _walk(child, source, function, edges)


def _lazy_edges(tree: ast.Module) -> list[Edge]:
    """The facade's ``_LAZY_MODULES`` / ``_LAZY_NAMES`` tables (name -> module) as edges symkl -> symkl.<module>."""
    edges = []
    for statement in tree.body:
        if isinstance(statement, (ast.Assign, ast.AnnAssign)):
            target = statement.targets[0] if isinstance(statement, ast.Assign) else statement.target
            if isinstance(target, ast.Name) and target.id in {"_LAZY_MODULES", "_LAZY_NAMES"}:
                assert statement.value is not None
                modules = ast.literal_eval(statement.value).values()
                edges += [Edge("symkl", f"symkl.{module}", statement.lineno, None) for module in sorted(set(modules))]
    return edges


def collect_edges() -> list[Edge]:
    """Every import of a symkl module in the package, with the implicit imports of parent packages."""
    edges: list[Edge] = []
    for source, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        _walk(tree, source, None, edges)
        if source == "symkl":
            edges += _lazy_edges(tree)
    implicit = []
    for edge in edges:
        parts = edge.target.split(".")
        for depth in range(2, len(parts)):
            parent = ".".join(parts[:depth])
            if not (edge.source == parent or edge.source.startswith(parent + ".")):
                implicit.append(Edge(edge.source, parent, edge.line, edge.function))
    return edges + implicit


EDGES = collect_edges()


def _fresh(code: str) -> subprocess.CompletedProcess[str]:
    """Run code in a fresh interpreter from the checkout (nothing of symkl loaded yet)."""
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)


def layer_of(module: str) -> tuple[int, str]:
    """(layer index, the contract entry that places `module`)."""
    for index, (_, members) in enumerate(LAYERS):
        for member in members:
            if module == member or (member.endswith(".*") and (module + ".").startswith(member[:-1])):
                return index, member
    raise KeyError(module)


def _pending(edge: Edge) -> bool:
    return edge.function is not None and edge.target in PENDING.get((edge.source, edge.function), frozenset())


# ---------------------------------------------------------------------------------------------
# the contract
def test_the_contract_places_every_module_exactly_once():
    members = [member for _, group in LAYERS for member in group]
    assert len(members) == len(set(members))
    unplaced = []
    for module in MODULES:
        try:
            layer_of(module)
        except KeyError:
            unplaced.append(module)
    assert unplaced == [], f"add these modules to LAYERS (and to README's Layout): {unplaced}"
    plain = [member for member in members if not member.endswith(".*")]
    assert [member for member in plain if member not in MODULES] == []


def test_no_function_local_imports_of_symkl_modules():
    local = [edge for edge in EDGES if edge.function is not None and not _pending(edge)]
    assert local == [], "import symkl modules at module level; a local import hides a dependency or a cycle"


def test_every_import_goes_to_a_lower_layer():
    wrong = []
    for edge in EDGES:
        if edge.source == edge.target or _pending(edge):
            continue
        (source_layer, source_member), (target_layer, target_member) = layer_of(edge.source), layer_of(edge.target)
        same_package = source_member == target_member and source_member.endswith(".*")
        if target_layer > source_layer or (target_layer == source_layer and not same_package):
            wrong.append(f"{edge!r} ({LAYERS[source_layer][0]} -> {LAYERS[target_layer][0]})")
    assert wrong == []


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph (as a path that returns to its start), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)) is not None:
                return found
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def test_the_import_graph_has_no_cycle():
    graph: dict[str, set[str]] = {}
    for edge in EDGES:
        if edge.source != edge.target:
            graph.setdefault(edge.source, set()).add(edge.target)
    assert _cycle(graph) is None


def test_the_cycle_finder_finds_cycles():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_reader_sees_local_relative_and_type_checking_imports(tmp_path):
    source = (
        "from typing import TYPE_CHECKING\n"
        "from ..exact import measures\n"
        "from ..proof import kernel as K\n"
        "from . import worked\n"
        "if TYPE_CHECKING:\n"
        "    from ..cli import main\n"
        "def f():\n"
        "    from ..exact.canonical import compare\n"
    )
    edges: list[Edge] = []
    _walk(ast.parse(source), "symkl.render.folder", None, edges)
    assert [(edge.target, edge.function) for edge in edges] == [
        ("symkl.exact.measures", None),
        ("symkl.proof.kernel", None),
        ("symkl.render.worked", None),
        ("symkl.exact.canonical", "f"),
    ]


def test_measures_reach_the_continuous_families_through_the_facade_loader():
    code = (
        "import sys, symkl\n"
        "from sympy.stats import Normal\n"
        "print(symkl.kl_divergence(Normal('X', 0, 1), Normal('Y', 1, 1)), 'symkl.continuous' in sys.modules)\n"
    )
    done = _fresh(code)
    assert (done.returncode, done.stdout, done.stderr) == (0, "1/2 True\n", "")


def test_pending_exceptions_are_still_needed():
    for (module, function), targets in PENDING.items():
        seen = {edge.target for edge in EDGES if (edge.source, edge.function) == (module, function)}
        assert targets <= seen, f"{module}.{function} no longer imports {sorted(targets - seen)}: remove from PENDING"


def test_measures_dispatch_random_variables_by_registration():
    assert not [
        edge for edge in EDGES if edge.source.startswith("symkl.exact") and edge.target.startswith("symkl.cont")
    ]
    from symkl import continuous
    from symkl.exact import measures

    registered = measures._RANDOM_VARIABLES
    expected = {"entropy": continuous.entropy_rv, "cross_entropy": continuous.cross_entropy_rv}
    assert registered == {**expected, "kl_divergence": continuous.kl_divergence_rv}


def test_only_the_facade_imports_dynamically():
    dynamic = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if name in {"import_module", "__import__"} and module != "symkl":
                    dynamic.append(f"{module}:{node.lineno}")
    assert dynamic == []


# ---------------------------------------------------------------------------------------------
# the package still works the same from outside
def test_every_public_name_resolves():
    import symkl as sk

    missing = [name for name in sk.__all__ if getattr(sk, name, None) is None]
    assert missing == []
    assert len(sk.__all__) == len(set(sk.__all__))


FRESH = (
    "import sympy\nfrom sympy.stats import Normal\n"
    "import symkl.exact.measures as m\n"
    "assert m.kl_divergence(Normal('X', 0, 1), Normal('Y', 1, 1)) == sympy.Rational(1, 2)\n"
    "import symkl\nassert symkl.cli.main(['entropy', '1/2,1/2', '--base', '2']) == 0\n"
)


@pytest.mark.parametrize(
    "order", list(itertools.permutations(["symkl.cli", "symkl.exact.measures", "symkl.continuous"]))
)
def test_modules_import_in_any_order_in_a_fresh_interpreter(order):
    code = "".join(f"import {module}\n" for module in order) + FRESH
    done = _fresh(code)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "H(P) = 1 bit ≈ 1 bit\n"


def test_import_symkl_leaves_heavy_parts_unloaded():
    code = (
        "import sys, symkl\n"
        "heavy = ['numpy', 'scipy', 'torch', 'matplotlib', 'tqdm', 'sympy.stats', 'symkl.continuous',\n"
        "         'symkl.numeric', 'symkl.proof.verification', 'symkl.prover', 'symkl.render']\n"
        "print([name for name in heavy if name in sys.modules])\n"
    )
    done = _fresh(code)
    assert (done.returncode, done.stdout, done.stderr) == (0, "[]\n", "")


def test_prove_refuses_a_statement_that_is_not_text():
    import sympy

    from symkl.errors import InvalidStatement
    from symkl.prover import prove

    with pytest.raises(InvalidStatement) as caught:
        prove(sympy.Symbol("x") <= 1)
    assert str(caught.value) == "a statement or constraint is text such as 'I(X;Y) >= 0', got LessThan"
    with pytest.raises(InvalidStatement) as caught:
        prove("I(X;Y) >= 0", given=[3])
    assert str(caught.value).endswith("got int")


def test_a_random_variable_without_registered_closed_forms_is_a_clear_error(monkeypatch):
    from sympy.stats import Normal

    from symkl.errors import InvalidInput
    from symkl.exact import measures

    monkeypatch.setattr(measures, "_RANDOM_VARIABLES", {})
    with pytest.raises(InvalidInput) as caught:
        measures.kl_divergence(Normal("X", 0, 1), Normal("Y", 1, 1))
    assert str(caught.value) == "kl_divergence of sympy.stats random variables needs symkl.continuous (import symkl)"


def test_every_module_is_reached_from_the_package_or_the_command_line():
    """No dead modules: each one is imported, directly or not, by the facade, the CLI or an entry point."""
    graph: dict[str, set[str]] = {}
    for edge in EDGES:
        graph.setdefault(edge.source, set()).add(edge.target)
    entries = ["symkl", "symkl.cli", "symkl.__main__", "symkl.losses"]  # losses: the documented module path
    seen, todo = set(entries), list(entries)
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    assert sorted(set(MODULES) - seen) == []


def test_at_most_six_modules_sit_outside_the_subpackages():
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "_version.py", "errors.py", "losses.py"]


def test_dir_lists_the_lazy_names_and_the_subpackages_without_loading_them():
    code = (
        "import sys, symkl\n"
        "names = dir(symkl)\n"
        "wanted = ['verify', 'prove', 'numeric', 'losses', 'continuous', 'identities', 'exact', 'proof', 'prover']\n"
        "print([name for name in wanted if name not in names], 'numpy' in sys.modules)\n"
    )
    done = _fresh(code)
    assert (done.returncode, done.stdout, done.stderr) == (0, "[] False\n", "")
