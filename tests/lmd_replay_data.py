"""Replay-only helpers for the LMD benchmark's recorded GPT layouts (bench-data/lmd/cache_lmd_v0.1_*.json).

Scoring is not here: the test and bench score with :mod:`agent.eval` (``agent.eval.lmd``), the one
implementation of LMD's stage-1 rules. This module only turns a recorded layout into the Scene JSON the
stub LLM server replies with, and serves those replies in order.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from agent.eval import default_data_dir, lmd
from agent.layout.plan_check import singular
from tests.llm_stub import Reply, StubServer

# the same search as the CLI: a worktree nested deeper (/work/wt/<branch>) finds /work/shared too
BENCH_DATA = default_data_dir() or Path(__file__).resolve().parents[2] / "shared" / "bench-data"
COLORS = {"red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black", "white", "gray", "grey"}


def cache_path(model: str = "gpt-4", data: Path = BENCH_DATA) -> Path:
    return data / "lmd" / f"cache_lmd_v0.1_{model}.json"


def load_cache(model: str = "gpt-4", data: Path = BENCH_DATA) -> dict[str, list[str]]:
    return lmd.load_cache(cache_path(model, data))


def _line(text: str, label: str) -> str:
    return next((ln.split(":", 1)[1].strip() for ln in text.splitlines() if ln.startswith(label)), "")


def layout_to_scene_json(text: str, size: float = 512.0) -> dict:
    """A recorded layout written as the Scene JSON an LLM would return (boxes clipped to the canvas)."""
    objects, seen = [], {}
    for phrase, (x, y, w, h) in lmd.parse_cached_layout(text):
        words = [w_ for w_ in phrase.lower().split() if w_ not in ("a", "an", "the")]
        color = next((w_ for w_ in words if w_ in COLORS), None)
        noun = singular(" ".join(w_ for w_ in words if w_ not in COLORS) or phrase)
        seen[noun] = seen.get(noun, 0) + 1
        x0, y0 = max(0.0, x / size), max(0.0, y / size)
        x1, y1 = min(1.0, (x + w) / size), min(1.0, (y + h) / size)
        obj = {
            "id": f"{noun.replace(' ', '_')}_{seen[noun]}",
            "name": noun,
            "description": phrase,
            "box": [x0, y0, x1, y1],
        }
        if color:
            obj["color"] = color
        objects.append(obj)
    negative = _line(text, "Negative prompt")
    return {
        "background": _line(text, "Background prompt"),
        "objects": objects,
        "relations": [],
        "texts": [],
        "negative": [n.strip() for n in negative.split(",") if n.strip()],
    }


def replay_server(cache: dict[str, list[str]]) -> StubServer:
    """A stub server answering each request with the next recorded layout for the prompt it carries."""
    used: Counter = Counter()

    def script(body: dict) -> Reply:
        # the request's own prompt is the last user turn that starts "Request: " (a repair turn follows it)
        asks = [m["content"] for m in body["messages"] if m["role"] == "user" and m["content"].startswith("Request: ")]
        prompt = asks[-1].removeprefix("Request: ")
        layout = cache[prompt][used[prompt] % len(cache[prompt])]
        used[prompt] += body["messages"][-1]["content"].startswith("Request: ")  # a repair gets the same answer
        return Reply(content=json.dumps(layout_to_scene_json(layout)))

    return StubServer(script)
