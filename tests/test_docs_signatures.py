"""docs/api.md shows the real critique_loop signature (it once showed an old one)."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

from agent.critique import critique_loop

DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"


def test_api_doc_critique_loop_call_matches_the_signature() -> None:
    text = DOC.read_text(encoding="utf-8")
    m = re.search(r"critique_loop\((.*?)\)\n", text, re.S)
    assert m, "docs/api.md has no critique_loop(...) example"
    call = ast.parse("f(" + " ".join(m.group(1).split()) + ")").body[0].value  # type: ignore[attr-defined]
    params = list(inspect.signature(critique_loop).parameters.values())
    shown = [None] * len(call.args) + [k.arg for k in call.keywords]
    assert len(shown) == len(params)
    for p, name in zip(params, shown, strict=True):
        assert name is None or name == p.name
    for k in call.keywords:
        default = params[[p.name for p in params].index(k.arg)].default
        if default is not inspect.Parameter.empty:
            assert ast.literal_eval(k.value) == default, k.arg
