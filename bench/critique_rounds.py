"""What an edit round costs next to the first render, on the sketch backend (cache on vs off).

A scripted critic flags a misspelled sign text; the loop re-renders only the text over the cached
sketch. Prints per-round wall times measured in this run and their ratio. Run:

    PYTHONPATH=. python bench/critique_rounds.py
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from agent.artifacts import ArtifactStore
from agent.critique import critique_loop
from agent.engine.executor import Executor, NodeCache
from agent.findings import Finding
from agent.scene import Scene


class SpellingCritic:
    name = "spelling"

    def __call__(self, image, scene, store):
        t = scene.texts[0]
        ok = t.content == "GRAND OPENING"
        return [Finding(check="ocr", target=t.id, problem="ok" if ok else "misspelled", expected="GRAND OPENING")]


def scene(i: int) -> Scene:
    return Scene.parse(
        {
            "prompt": f"scene {i}",
            "width": 512,
            "height": 512,
            "background": "a city street",
            "objects": [
                {"id": f"{n}_1", "name": n, "color": c, "box": [0.05 + 0.3 * k, 0.5, 0.3 + 0.3 * k, 0.9]}
                for k, (n, c) in enumerate([("dog", "brown"), ("car", "red"), ("tree", "green")])
            ],
            "texts": [{"id": "text_1", "content": f"GRAND OPENNIG {i}"[:13], "box": [0.1, 0.05, 0.9, 0.3]}],
        }
    )


def main(n: int = 8) -> None:
    first, edit = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            ex = Executor(store=ArtifactStore(Path(tmp) / "store"), cache=NodeCache(None), progress=False)
            res = critique_loop(scene(i), Path(tmp) / f"run{i}", rounds=2, critics=[SpellingCritic()], executor=ex)
            assert res.passed and res.rounds[1].ran == ["r1.text"], res.rounds[1].ran
            first.append(res.rounds[0].wall_s)
            edit.append(res.rounds[1].wall_s)
    f, e = statistics.median(first), statistics.median(edit)
    print(f"first render (sketch + text): median {f * 1000:.1f} ms over {n} scenes")
    print(f"edit round (text re-render, sketch from cache): median {e * 1000:.1f} ms")
    print(f"edit round / first render = {e / f:.2f}")


if __name__ == "__main__":
    main()
