"""The critique loop's default critics are the real offline verifiers (OCR and colour), not stand-ins."""

from __future__ import annotations

import pytest

from agent.critique.critics import resolve_critics
from agent.scene import Scene

SCENE = Scene.parse({"prompt": "a red apple and a blue cup with a sign that says OPEN", "width": 384, "height": 384,
                     "objects": [{"id": "apple_1", "name": "apple", "color": "red", "box": [0.05, 0.45, 0.45, 0.9]},
                                 {"id": "cup_1", "name": "cup", "color": "blue", "box": [0.55, 0.45, 0.95, 0.9]}],
                     "texts": [{"id": "text_1", "content": "OPEN", "box": [0.2, 0.05, 0.8, 0.3]}]})


def test_default_critics_read_text_and_colour_from_the_image(tmp_path):
    from agent.critique import critique_loop
    from agent.verify import ocr

    if not ocr.available_engines():
        pytest.skip("no OCR engine installed")
    names = [c.name for c in resolve_critics(None)]
    assert names[:1] == ["critic.layout"] and {"verify.ocr", "verify.color"} <= set(names)
    result = critique_loop(SCENE, tmp_path / "run", rounds=1)
    seen = {(f.check, f.target): f.problem for f in result.best.findings}
    assert seen[("ocr", "text_1")] == "ok"
    assert seen[("color", "apple_1")] == "ok" and seen[("color", "cup_1")] == "ok"
    assert result.passed and len(result.rounds) == 1  # nothing to fix: no edit round was spent
