"""Every notification kind core enqueues has a renderer, and every renderer renders a kind core enqueues.

The kinds are read from core's source, not listed by hand: the first argument of each
`Notification(...)`, whether a literal, a module constant (`DIGEST_KIND`, imported ones too), a
local variable, or an f-string over a parameter of the enclosing function (`f"trip.{event}"`),
which is expanded with the literals passed for that parameter where the function is called.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from handlers.shared.notifications import kinds
from tests.support.renderers import TEST_KINDS

CORE = Path(__file__).resolve().parents[2] / "core"


def _constant(module: str, name: str) -> str:
    value = getattr(importlib.import_module(module), name)
    assert isinstance(value, str), f"{module}.{name} is not a kind"
    return value


class _Kinds(ast.NodeVisitor):
    def __init__(self, module: str, everything: list[ast.Module]) -> None:
        self.module, self.everything, self.found, self.scope = module, everything, set[str](), list[ast.AST]()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.scope.append(node)
        self.generic_visit(node)
        self.scope.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name) and node.func.id == "Notification" and node.args:
            self.found |= self._values(node.args[0])
        self.generic_visit(node)

    def _values(self, node: ast.expr) -> set[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.Name):
            local = self._local(node.id)
            return self._values(local) if local is not None else {_constant(self.module, node.id)}
        if isinstance(node, ast.JoinedStr):
            return self._expand(node)
        raise AssertionError(
            f"{self.module}:{node.lineno}: a kind this test cannot read: {ast.unparse(node)}"
        )

    def _local(self, name: str) -> ast.expr | None:
        for assign in ast.walk(self.scope[-1]) if self.scope else ():
            if isinstance(assign, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in assign.targets
            ):
                return assign.value
        return None

    def _expand(self, node: ast.JoinedStr) -> set[str]:
        """f"prefix.{param}": the literals passed for ``param`` wherever in core the enclosing function is called."""
        [prefix, hole] = node.values
        assert isinstance(prefix, ast.Constant) and isinstance(hole, ast.FormattedValue)
        assert isinstance(hole.value, ast.Name)
        function = self.scope[-1]
        assert isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        params = [a.arg for a in function.args.args]
        index = params.index(hole.value.id) - (1 if params[0] == "self" else 0)
        values = set()
        for call in (node for tree in self.everything for node in ast.walk(tree)):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute | ast.Name):
                called = call.func.attr if isinstance(call.func, ast.Attribute) else call.func.id
                if called == function.name:
                    arg = call.args[index]
                    assert isinstance(arg, ast.Constant), ast.unparse(call)
                    values.add(f"{prefix.value}{arg.value}")
        assert values, f"{self.module}: no call of {function.name} found"
        return values


def core_kinds() -> set[str]:
    found: set[str] = set()
    trees = {
        ".".join(path.relative_to(CORE.parent).with_suffix("").parts).removesuffix(".__init__"): ast.parse(
            path.read_text(encoding="utf-8")
        )
        for path in sorted(CORE.rglob("*.py"))
    }
    everything = list(trees.values())
    for module, tree in trees.items():
        visitor = _Kinds(module, everything)
        visitor.visit(tree)
        found |= visitor.found
    return found


def test_core_kinds_are_found() -> None:
    found = core_kinds()
    assert {"trip.declared", "trip.cancelled", "issue.closed", "office.digest", "person.unreachable"} <= found
    assert len(found) >= 20


def test_every_kind_core_enqueues_has_a_renderer() -> None:
    assert core_kinds() - kinds() == set()


def test_every_renderer_renders_a_kind_core_enqueues() -> None:
    assert kinds() - TEST_KINDS - core_kinds() == set()
