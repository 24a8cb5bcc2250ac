"""Minimal offline planner (to be replaced by the full rule planner): counted, coloured nouns in a row."""

from __future__ import annotations

import re
import warnings

from agent.scene import Scene, SceneObject, SceneText

_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_COLORS = {"red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black", "white", "gray"}


class OfflinePlanner:
    def plan(self, prompt: str, width: int = 512, height: int = 512, seed: int = 0) -> Scene:
        texts = re.findall(r"['\"“]([^'\"”]+)['\"”]", prompt)
        body = re.sub(r"['\"“][^'\"”]+['\"”]", " ", prompt)
        objects: list[tuple[str, str | None]] = []
        for chunk in re.split(r",|\band\b|\bwith\b", body.lower()):
            words = re.findall(r"[a-z]+|\d+", chunk)
            if not words:
                continue
            n = 1
            color = None
            rest = []
            for w in words:
                if w in _NUM or w.isdigit():
                    n = _NUM.get(w) or int(w)
                elif w in _COLORS:
                    color = w
                else:
                    rest.append(w)
            if rest:
                noun = rest[-1].removesuffix("s") if n > 1 else rest[-1]
                objects.extend([(noun, color)] * min(n, 16))
        if not objects:
            warnings.warn(f"could not find objects in {prompt!r}; using the whole prompt as one object", stacklevel=2)
            objects = [(prompt.strip()[:60] or "object", None)]
        k = len(objects)
        objs = []
        for i, (name, color) in enumerate(objects):
            x0 = (i + 0.1) / k
            objs.append(SceneObject(id=f"{name.replace(' ', '_')}_{i + 1}", name=name, color=color,
                                    description=f"a {color + ' ' if color else ''}{name}", box=(x0, 0.35, x0 + 0.8 / k, 0.85)))
        st = [SceneText(id=f"text_{i + 1}", content=t, box=(0.1, 0.05, 0.9, 0.25)) for i, t in enumerate(texts[:1])]
        return Scene(prompt=prompt, width=width, height=height, objects=objs, texts=st)
