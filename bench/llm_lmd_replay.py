"""LMD stage-1 scores of recorded GPT-4 / GPT-3.5 layouts replayed through the LLM planner, beside the
offline planner's, all scored with agent.eval.lmd (the LMD benchmark's rules, as `scenecraft eval` uses).

The replay runs the real planner path: LangChain ChatOpenAI -> a local OpenAI-compatible stub that
answers with the recorded layout -> Scene validation -> count check -> relation re-solve. Run:

    PYTHONPATH=. python bench/llm_lmd_replay.py
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from lmd_replay_data import BENCH_DATA, load_cache, replay_server

from agent.eval import lmd
from agent.eval.detections import from_scene
from agent.llm.client import LLMReplyError
from agent.planners.llm import LLMPlanner
from agent.planners.offline import OfflinePlanner


def score(planner, items: list[lmd.LMDPrompt]) -> tuple[dict[str, float], float, int]:
    """agent.eval.lmd's scores for the planner's plans; a plan the LLM planner rejects is a failure."""
    results = []
    failures = 0
    t0 = time.perf_counter()
    for item in items:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                scene = planner.plan(item.prompt)
        except LLMReplyError:  # the recorded layout breaks the request's count even after the repairs
            failures += 1
            results.append((item, False))
            continue
        ok, _ = lmd.score(item, lmd.boxes_from_detections(from_scene(scene)))
        results.append((item, ok))
    return lmd.summarize(results), (time.perf_counter() - t0) / len(items), failures


def replay(model: str, items: list[lmd.LMDPrompt]):
    with replay_server(load_cache(model)) as server:
        planner = LLMPlanner(
            base_url=server.base_url, model=f"{model}-replay", timeout=10, max_retries=0, fallback=False
        )
        scores, per_plan, failures = score(planner, items)
        return scores, per_plan, len(server.requests), failures


def main() -> None:
    os.environ.setdefault("SCENECRAFT_CONFIG", "/nonexistent/scenecraft.toml")
    if not (BENCH_DATA / "lmd" / "lmd_benchmark_prompts.jsonl").exists():
        sys.exit(f"no LMD data under {BENCH_DATA / 'lmd'}")
    items = lmd.load(BENCH_DATA)
    table = []
    for model in ("gpt-4", "gpt-3.5-turbo"):
        scores, per_plan, requests, failures = replay(model, items)
        table.append(
            (
                f"LLM planner, {model} replay",
                scores,
                per_plan,
                f"{requests} requests for {len(items)} plans, {failures} rejected after repairs",
            )
        )
    scores, per_plan, _ = score(OfflinePlanner(), items)
    table.append(("offline planner", scores, per_plan, ""))
    cols = (*lmd.CATEGORIES, "overall")
    print(f"{'planner':34s} " + " ".join(f"{c:>11s}" for c in cols) + f" {'ms/plan':>8s}")
    for name, scores, per_plan, note in table:
        print(
            f"{name:34s} "
            + " ".join(f"{scores.get(c, 0.0):>11.2%}" for c in cols)
            + f" {per_plan * 1000:>8.1f}  {note}"
        )
    print(f"(LMD README stage-1: GPT-4 100/100/100/100, GPT-3.5 100/97/100/99; {len(items)} prompts, 100 per category)")


if __name__ == "__main__":
    main()
