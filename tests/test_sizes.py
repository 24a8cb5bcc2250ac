"""Modules stay under 400 lines and functions under 60, outside an explicit allow-list that may only shrink.

Each allowed function has a ceiling (its length when it was listed): growing past it fails, and so does
shrinking under 60 while still listed, so the list is trimmed as functions are split.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_MODULE = 400
MAX_FUNCTION = 60
# path:function -> ceiling. Why each is still here:
ALLOWED_FUNCTIONS = {
    "agent/critique/loop.py:critique_loop": 122,  # the text branch is reworking its body (critique honesty)
    "agent/planners/parse.py:run": 106,  # the planner-parse branch is rewriting agent/planners/
    "agent/planners/parse.py:close": 95,  # idem
    "agent/planners/offline.py:build_scene": 61,  # idem
    "agent/commands/run.py:main": 68,  # the images and hardening branches rework `scenecraft run`
    "agent/graph.py:validate_with": 67,  # the hardening branch splits it (graph param checks)
    "agent/llm/client.py:structured_call": 65,  # the hardening branch reworks the LLM client
}
ALLOWED_MODULES: dict[str, int] = {}


def _sources() -> list[Path]:
    return sorted(p for top in ("agent", "plugins") for p in (ROOT / top).rglob("*.py"))


def _functions(path: Path) -> dict[str, int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    rel = path.relative_to(ROOT).as_posix()
    return {f"{rel}:{n.name}": n.end_lineno - n.lineno + 1  # type: ignore[operator]
            for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def test_no_module_over_400_lines() -> None:
    too_long = {p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in _sources()}
    bad = {k: n for k, n in too_long.items() if n > ALLOWED_MODULES.get(k, MAX_MODULE)}
    assert not bad, f"modules over {MAX_MODULE} lines (split them): {bad}"


def test_no_function_over_60_lines() -> None:
    sizes = {k: n for p in _sources() for k, n in _functions(p).items()}
    bad = {k: n for k, n in sizes.items() if n > ALLOWED_FUNCTIONS.get(k, MAX_FUNCTION)}
    assert not bad, f"functions over {MAX_FUNCTION} lines (split them, or they grew past their ceiling): {bad}"


def test_the_allow_list_only_shrinks() -> None:
    sizes = {k: n for p in _sources() for k, n in _functions(p).items()}
    stale = sorted(k for k in ALLOWED_FUNCTIONS if sizes.get(k, 0) <= MAX_FUNCTION)
    assert not stale, f"now short enough (or gone): remove from ALLOWED_FUNCTIONS: {stale}"
