"""LMD stage-1 scores of recorded GPT-4 / GPT-3.5 layouts replayed through the LLM planner, beside the
offline planner's, all scored with the LMD benchmark's rules (tests/lmd_rules.py).

The replay runs the real planner path: LangChain ChatOpenAI -> a local OpenAI-compatible stub that
answers with the recorded layout -> Scene validation -> count check -> relation re-solve. Run:

    PYTHONPATH=. python bench/llm_lmd_replay.py
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from llm_stub import Reply, StubServer  # noqa: E402
from lmd_rules import BENCH, layout_to_scene_json, lmd_predicate, load_cache, load_rows, scene_to_lmd_boxes  # noqa: E402

from agent.llm_client import LLMReplyError  # noqa: E402
from agent.planners.llm import LLMPlanner  # noqa: E402
from agent.planners.offline import OfflinePlanner  # noqa: E402

CATEGORIES = ("negation", "numeracy", "attribution", "spatial")


def score(planner, rows) -> tuple[Counter, float, int]:
    passed: Counter = Counter()
    failures = 0
    t0 = time.perf_counter()
    for row in rows:
        try:
            scene = planner.plan(row["prompt"])
        except LLMReplyError:  # the recorded layout breaks the request's count even after the repairs
            failures += 1
            continue
        passed[row["category"]] += lmd_predicate(row, scene_to_lmd_boxes(scene))
    return passed, (time.perf_counter() - t0) / len(rows), failures


def replay(model: str, rows):
    cache = load_cache(model)
    used: Counter = Counter()

    def script(body: dict) -> Reply:
        # the request's own prompt is the last user turn that starts "Request: " (a repair turn follows it)
        asks = [m["content"] for m in body["messages"] if m["role"] == "user" and m["content"].startswith("Request: ")]
        prompt = asks[-1].removeprefix("Request: ")
        layout = cache[prompt][used[prompt] % len(cache[prompt])]
        used[prompt] += body["messages"][-1]["content"].startswith("Request: ")  # a repair gets the same answer
        return Reply(content=json.dumps(layout_to_scene_json(layout)))

    with StubServer(script) as server:
        planner = LLMPlanner(
            base_url=server.base_url, model=f"{model}-replay", timeout=10, max_retries=0, fallback=False
        )
        passed, per_plan, failures = score(planner, rows)
        return passed, per_plan, len(server.requests), failures


def main() -> None:
    os.environ.setdefault("SCENECRAFT_CONFIG", "/nonexistent/scenecraft.toml")
    if not (BENCH / "lmd_benchmark_prompts.jsonl").exists():
        sys.exit(f"no LMD data under {BENCH}")
    rows = load_rows()
    table = []
    for model in ("gpt-4", "gpt-3.5-turbo"):
        passed, per_plan, requests, failures = replay(model, rows)
        table.append(
            (
                f"LLM planner, {model} replay",
                passed,
                per_plan,
                f"{requests} requests for {len(rows)} plans, {failures} rejected after repairs",
            )
        )
    passed, per_plan, _ = score(OfflinePlanner(), rows)
    table.append(("offline planner", passed, per_plan, ""))
    print(f"{'planner':34s} " + " ".join(f"{c:>11s}" for c in CATEGORIES) + f" {'overall':>8s} {'ms/plan':>8s}")
    for name, passed, per_plan, note in table:
        overall = sum(passed.values()) / len(rows)
        print(
            f"{name:34s} "
            + " ".join(f"{passed[c]:>10d}%" for c in CATEGORIES)
            + f" {overall:>8.2%} {per_plan * 1000:>8.1f}  {note}"
        )
    print(f"(LMD README stage-1: GPT-4 100/100/100/100, GPT-3.5 100/97/100/99; {len(rows)} prompts, 100 per category)")


if __name__ == "__main__":
    main()
