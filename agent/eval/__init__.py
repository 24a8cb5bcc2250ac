"""Public benchmarks' own scoring rules (GenEval, LMD, T2I-CompBench), applied to plans or detections.

``evaluate(bench, data, planner=...)`` plans every prompt and scores the plan's boxes as if a perfect
detector had found them; ``layouts=`` scores recorded layouts instead (LMD's GPT-4 / GPT-3.5 caches,
or a JSONL of Scenes). The rule modules take :class:`~agent.eval.detections.Detection` lists, so
detections from real images can be scored the same way.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from agent.errors import ScenecraftError
from agent.eval import geneval, lmd, t2i_compbench
from agent.eval.detections import Detection, from_scene
from agent.eval.files import read_text
from agent.scene import Scene

BENCHES = ("geneval", "lmd", "t2i-compbench")


@dataclass
class Report:
    bench: str
    scores: dict[str, float]
    counts: dict[str, int]
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (category, prompt, reason)

    def lines(self, show_failures: bool = False, limit: int = 50) -> list[str]:
        out = [f"{self.bench}"]
        for k, v in self.scores.items():
            n = self.counts.get(k)
            out.append(f"  {k:<22} {100 * v:7.2f}%" + (f"  ({n} prompts)" if n else ""))
        out.append(f"  failures: {len(self.failures)}")
        if show_failures:
            for cat, prompt, why in self.failures[:limit]:
                out.append(f"    [{cat}] {prompt!r}: {why}")
            if len(self.failures) > limit:
                out.append(f"    ... {len(self.failures) - limit} more")
        return out


def default_data_dir(env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Path | None:
    """$SCENECRAFT_BENCH_DATA, else ``shared/bench-data`` in the nearest folder holding one above the
    repository, then above the working folder (None: nowhere).

    Searching every folder above, not just the parent, is what lets a git worktree nested deeper
    (``/work/wt/<branch>``) find the same ``/work/shared`` as the main checkout (``/work/main``). The
    variable, when set, is returned as given even if it is not a folder, so the caller's error names the
    user's own path instead of silently using another one.

    Args:
        env: the environment to read (default ``os.environ``).
        cwd: the working folder to search from (default ``Path.cwd()``).
    """
    env = os.environ if env is None else env
    if env.get("SCENECRAFT_BENCH_DATA"):
        return Path(env["SCENECRAFT_BENCH_DATA"]).expanduser()
    return shared_bench_data(Path(__file__).resolve().parents[2]) or shared_bench_data(cwd or Path.cwd())


def shared_bench_data(start: Path) -> Path | None:
    """``shared/bench-data`` in ``start`` or the nearest folder above it that has one (None: none)."""
    start = start.resolve()
    return next((f / "shared" / "bench-data" for f in (start, *start.parents)
                 if (f / "shared" / "bench-data").is_dir()), None)


Planner = Callable[[str], Scene]


def _quiet(plan: Planner) -> Planner:
    def run(prompt: str) -> Scene:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return plan(prompt)

    return run


def _scenes_by_prompt(path: Path) -> dict[str, Scene]:
    out = {}
    for n, line in enumerate(read_text(path).splitlines(), 1):
        if line.strip():
            try:
                s = Scene.parse(line)
            except ScenecraftError as exc:
                raise ScenecraftError(f"{path}:{n}: {exc}") from None
            out.setdefault(s.prompt, s)
    return out


def evaluate(bench: str, data: Path, planner: Planner | None = None, layouts: Path | None = None,
             categories: tuple[str, ...] | None = None) -> Report:
    """Score every prompt of ``bench`` with ``planner`` (prompt -> Scene) or recorded ``layouts``.

    Args:
        bench: "geneval", "lmd" or "t2i-compbench".
        data: the bench-data folder.
        planner: plans each prompt (None: the offline planner) unless ``layouts`` is given.
        layouts: recorded layouts to score instead: an LMD reply cache (.json) or Scenes (.jsonl).
        categories: t2i-compbench lists to score (default: spatial and numeracy).
    """
    if bench not in BENCHES:
        raise ScenecraftError(f"unknown benchmark '{bench}' (choose from: {', '.join(BENCHES)})")
    try:
        scenes = _scenes_by_prompt(layouts) if layouts is not None and layouts.suffix == ".jsonl" else None
        cache = lmd.load_cache(layouts) if layouts is not None and scenes is None else None
    except (OSError, ValueError) as exc:
        raise ScenecraftError(f"cannot read --layouts '{layouts}': {exc}") from None
    if cache is not None and bench != "lmd":
        raise ScenecraftError("recorded LLM layouts (a JSON cache) only exist for lmd; give a Scenes .jsonl instead")
    plan = _quiet(planner) if planner is not None else None

    def detections(prompt: str) -> list[Detection] | None:
        if scenes is not None:
            s = scenes.get(prompt)
            return from_scene(s) if s is not None else None
        assert plan is not None
        return from_scene(plan(prompt))

    try:
        if bench == "geneval":
            return _geneval(data, detections)
        if bench == "lmd":
            return _lmd(data, detections, cache)
        return _t2i(data, detections, categories or ("spatial", "numeracy"))
    except FileNotFoundError as exc:
        raise ScenecraftError(f"benchmark data missing: {exc.filename} (give --data PATH to bench-data)") from None


def _geneval(data: Path, detections: Callable[[str], list[Detection] | None]) -> Report:
    results, failures = [], []
    items = geneval.load(data)
    for item in items:
        dets = detections(item.prompt)
        ok, why = geneval.score(item, dets) if dets is not None else (False, "no layout for this prompt")
        results.append((item, ok))
        if not ok:
            failures.append((item.tag, item.prompt, why))
    counts = {t: sum(1 for i in items if i.tag == t) for t in geneval.TAGS} | {"overall": len(items)}
    return Report("geneval", geneval.summarize(results), counts, failures)


def _lmd(data: Path, detections: Callable[[str], list[Detection] | None], cache: dict | None) -> Report:
    results, failures = [], []
    items = lmd.load(data)
    seen: dict[str, int] = {}
    for item in items:
        if cache is not None:  # the k-th repeat of a prompt uses the k-th recorded reply, as LMD does
            k = seen.get(item.prompt, 0)
            seen[item.prompt] = k + 1
            replies = cache.get(item.prompt, [])
            boxes = lmd.parse_cached_layout(replies[k]) if k < len(replies) else None
        else:
            dets = detections(item.prompt)
            boxes = lmd.boxes_from_detections(dets) if dets is not None else None
        ok, why = lmd.score(item, boxes) if boxes is not None else (False, "no layout for this prompt")
        results.append((item, ok))
        if not ok:
            failures.append((item.category, item.prompt, why))
    counts = {c: sum(1 for i in items if i.category == c) for c in lmd.CATEGORIES} | {"overall": len(items)}
    return Report("lmd", lmd.summarize(results), counts, failures)


def _t2i(data: Path, detections: Callable[[str], list[Detection] | None], cats: tuple[str, ...]) -> Report:
    items = t2i_compbench.load(data, cats)
    singular, plural = t2i_compbench.load_objects(data) if "numeracy" in cats else ([], [])
    sums: dict[str, float] = {}
    perfect: dict[str, int] = {}
    counts: dict[str, int] = {}
    failures = []
    for item in items:
        dets = detections(item.prompt) or []
        if item.category == "spatial":
            s, why = t2i_compbench.score_spatial(item.prompt, dets)
        else:
            s, why = t2i_compbench.score_numeracy(item.prompt, dets, singular, plural)
        sums[item.category] = sums.get(item.category, 0.0) + s
        perfect[item.category] = perfect.get(item.category, 0) + (s >= 1.0 - 1e-9)
        counts[item.category] = counts.get(item.category, 0) + 1
        if s < 1.0 - 1e-9:
            failures.append((item.category, item.prompt, f"score {s:.2f}: {why}"))
    scores: dict[str, float] = {}
    for cat in cats:
        if counts.get(cat):
            scores[f"{cat} (mean score)"] = sums[cat] / counts[cat]
            scores[f"{cat} (perfect)"] = perfect[cat] / counts[cat]
    shown_counts = {f"{c} (mean score)": counts.get(c, 0) for c in cats}
    return Report("t2i-compbench", scores, shown_counts, failures)


def report_json(report: Report) -> str:
    return json.dumps({"bench": report.bench, "scores": report.scores, "failures": len(report.failures)})
