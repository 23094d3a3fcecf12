"""Every notification kind core sends has exactly one renderer, and every renderer renders one of them.

Core can only build a `Notification` from a `Kind` (mypy checks the product code; `Kind(...)` refuses an
unknown value at run time), so the enum is the complete list of what core enqueues.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core.delivery.kinds import Kind
from core.delivery.outbox import Notification
from handlers.shared.notifications import kinds
from tests.support.renderers import TEST_KINDS

CORE = Path(__file__).resolve().parents[2] / "core"


def test_every_kind_core_sends_has_a_renderer() -> None:
    assert {k.value for k in Kind} - kinds() == set()


def test_every_renderer_renders_a_kind_core_sends() -> None:
    assert kinds() - TEST_KINDS - {k.value for k in Kind} == set()


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        Kind("issue.forgotten")


def test_core_builds_notifications_from_kinds_only() -> None:
    """No string literal where a kind belongs: `Notification("x.y", ...)` would bypass the table."""
    literal = [
        f"{path.relative_to(CORE.parent)}:{node.lineno}"
        for path in CORE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == Notification.__name__
        and node.args
        and isinstance(node.args[0], ast.Constant | ast.JoinedStr)
    ]
    assert literal == []
