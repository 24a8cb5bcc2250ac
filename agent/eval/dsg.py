"""DSG-1k scoring: plan level (does the Scene show each tuple?) and the report both levels share.

Plan level follows SCORING_RULES.md (rules in :mod:`agent.eval.dsg_rules`): per category (entity, count,
color, spatial, text, style) the share of tuples the plan shows, the same per source, and the spurious-object
rate (planned objects naming nothing the prompt asked for). Tuples a plan cannot show (actions, states,
materials, ...) are counted as "not plan-checkable". Image level lives in :mod:`agent.eval.dsg_vqa`.

Python use (stable API)::

    from agent.eval.dsg import load, score_plans
    report = score_plans(load(path), lambda prompt: planner.plan(prompt))
    report.scores["tuples"], report.scores["count"], report.scores["spurious"]
"""

from __future__ import annotations

import json
import time
import warnings
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from agent.errors import ScenecraftError
from agent.eval.dsg_data import CATEGORIES, DsgPrompt, DsgTuple, load
from agent.eval.dsg_rules import BY_BACKGROUND, check, spurious
from agent.scene import Scene

__all__ = [
    "CATEGORIES", "DsgReport", "PromptResult", "load", "load_scenes", "score_plans", "score_scene", "score_scenes",
]


@dataclass
class PromptResult:
    """One prompt's tuples: ``results`` maps proposition id -> (category, shown, reason)."""

    prompt: DsgPrompt
    results: dict[int, tuple[str, bool, str]]
    objects: int = 0
    spurious: list[str] = field(default_factory=list)
    unscored: int = 0
    ms: float = 0.0

    @property
    def score(self) -> float | None:
        return sum(ok for _, ok, _ in self.results.values()) / len(self.results) if self.results else None


@dataclass
class _Tally:
    shown: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.shown += ok
        self.total += 1

    @property
    def rate(self) -> float:
        return self.shown / self.total if self.total else 0.0


@dataclass
class DsgReport:
    """``scores``: "tuples" (all scored tuples), each category, "entity+part" (plan level: every thing asked
    for), "prompt mean" (DSG's per-prompt mean) and "spurious" (spurious / planned objects; lower is better).
    ``by_source[src]`` has the same keys."""

    level: str
    results: list[PromptResult]
    categories: tuple[str, ...] = CATEGORIES
    scores: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, dict[str, float]] = field(default_factory=dict)
    source_counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.scores, self.counts = _summary(self.results, self.categories)
        for src in sorted({r.prompt.source for r in self.results}):
            rows = [r for r in self.results if r.prompt.source == src]
            self.by_source[src], _ = _summary(rows, self.categories)
            self.source_counts[src] = len(rows)

    @property
    def failures(self) -> list[tuple[str, str, str]]:
        """(category, prompt, reason) for every tuple not shown, then every spurious object."""
        out = [(cat, r.prompt.text, why) for r in self.results for cat, ok, why in r.results.values() if not ok]
        out += [("spurious", r.prompt.text, f"object '{n}'") for r in self.results for n in r.spurious]
        return out

    def lines(self, show_failures: bool = False, by_source: bool = False, limit: int = 50) -> list[str]:
        out = [f"dsg ({self.level} level, {len(self.results)} prompts)"]
        for k, v in self.scores.items():
            out.append(f"  {k:<22} {100 * v:7.2f}%  ({self.counts.get(k, 0)} {_unit(k)})")
        out += [f"  {n}" for n in self.notes]
        by_bg = sum(why == BY_BACKGROUND for r in self.results for _, ok, why in r.results.values())
        if by_bg:
            out.append(f"  entity tuples shown only by the background/style: {by_bg}")
        unscored = sum(r.unscored for r in self.results)
        if unscored:
            out.append(f"  not {self.level}-checkable: {unscored} tuples (actions, states, materials, ...)")
        if by_source:
            out += _source_lines(self)
        fails = self.failures
        out.append(f"  failures: {len(fails)}")
        if show_failures:
            out += [f"    [{cat}] {prompt!r}: {why}" for cat, prompt, why in fails[:limit]]
            if len(fails) > limit:
                out.append(f"    ... {len(fails) - limit} more")
        return out

    def to_json(self) -> str:
        return json.dumps({"bench": "dsg", "level": self.level, "prompts": len(self.results), "scores": self.scores,
                           "counts": self.counts, "by_source": self.by_source, "failures": len(self.failures)})


def _unit(key: str) -> str:
    return {"spurious": "objects", "prompt mean": "prompts"}.get(key, "tuples")


def _source_lines(report: DsgReport) -> list[str]:
    keys = ["tuples", *report.categories, "spurious"]
    out = ["  by source:", "    " + f"{'source':<22}{'prompts':>8}" + "".join(f"{k[:8]:>9}" for k in keys)]
    for src, scores in report.by_source.items():
        cells = "".join(f"{100 * scores[k]:8.1f}%" if k in scores else f"{'-':>9}" for k in keys)
        out.append(f"    {src:<22}{report.source_counts[src]:>8}{cells}")
    return out


def _summary(results: list[PromptResult], cats: tuple[str, ...]) -> tuple[dict[str, float], dict[str, int]]:
    tallies = {c: _Tally() for c in ("tuples", *cats)}
    if "part" in cats:  # the things asked for, whole or part: issue 13's "tuples shown"
        tallies["entity+part"] = _Tally()
    for r in results:
        for cat, ok, _ in r.results.values():
            tallies["tuples"].add(ok)
            tallies.setdefault(cat, _Tally()).add(ok)
            if cat in ("entity", "part") and "entity+part" in tallies:
                tallies["entity+part"].add(ok)
    scores = {k: t.rate for k, t in tallies.items() if t.total}
    counts = {k: t.total for k, t in tallies.items() if t.total}
    per_prompt = [s for s in (r.score for r in results) if s is not None]
    if per_prompt:
        scores["prompt mean"], counts["prompt mean"] = sum(per_prompt) / len(per_prompt), len(per_prompt)
    objects = sum(r.objects for r in results)
    if objects:
        scores["spurious"], counts["spurious"] = sum(len(r.spurious) for r in results) / objects, objects
    return scores, counts


def score_scene(prompt: DsgPrompt, scene: Scene) -> PromptResult:
    """Plan-level result of one prompt's Scene."""
    results = {}
    unscored = 0
    for t in prompt.tuples:
        if t.category is None:
            unscored += 1
            continue
        ok, why = check(t, scene)
        results[t.pid] = (t.category, ok, why if ok else f"{_label(t)}: {why}")
    return PromptResult(prompt, results, len(scene.objects), spurious(prompt, scene), unscored)


def _label(t: DsgTuple) -> str:
    return f"({', '.join(t.args)})"


Planner = Callable[[str], Scene]


def score_plans(prompts: list[DsgPrompt], planner: Planner) -> DsgReport:
    """Plan every prompt with ``planner`` (prompt -> Scene) and score the plans; records ms per plan.

    A prompt the planner refuses (a :class:`ScenecraftError`) scores as an empty plan and is named in the
    report's notes, so one bad prompt does not end the run."""
    out, refused = [], []
    for p in prompts:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            try:
                scene = planner(p.text)
            except ScenecraftError as exc:
                scene = Scene(prompt=p.text)
                refused.append(f"{p.item_id} ({exc})")
            ms = 1000 * (time.perf_counter() - t0)
        r = score_scene(p, scene)
        r.ms = ms
        out.append(r)
    notes = [f"the planner refused {len(refused)} prompt(s), scored as empty plans: {'; '.join(refused[:3])}"
             + (" ..." if len(refused) > 3 else "")] if refused else []
    return DsgReport("plan", out, notes=notes)


def score_scenes(prompts: list[DsgPrompt], scenes: Mapping[str, Scene]) -> DsgReport:
    """Score recorded Scenes (keyed by prompt text); a prompt without a Scene scores as an empty plan."""
    return DsgReport("plan", [score_scene(p, scenes.get(p.text) or Scene(prompt=p.text)) for p in prompts])


def spurious_names(report: DsgReport, top: int = 20) -> list[tuple[str, int]]:
    """The most frequent spurious object names (what the planner invents most)."""
    return Counter(n for r in report.results for n in r.spurious).most_common(top)


def load_scenes(path: Path) -> dict[str, Scene]:
    """Recorded Scenes (a JSONL file, one per line) keyed by their prompt; a bad line is one error line."""
    from agent.eval import _scenes_by_prompt

    try:
        return _scenes_by_prompt(path)
    except OSError as exc:
        raise ScenecraftError(f"cannot read --layouts '{path}': {exc}") from None
