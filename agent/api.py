"""The Python API: ``from agent import Agent``.

An :class:`Agent` holds a configuration, a planner and one engine executor (so the model pool and the
node cache are shared between calls: a follow-up edit re-runs only the nodes whose inputs changed).

    agent = Agent(AgentConfig(width=256, height=256, out_dir="runs"))
    scene = agent.plan("three red apples left of a blue cup")
    result = agent.run("three red apples left of a blue cup", seed=1)
    result.image().show()
    greener = agent.edit(result, "make the cup green")

Everything is built on :mod:`agent.engine.run_folder` (the same code path as ``scenecraft run``); nothing here
imports torch unless the chosen backend needs it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.defaults import BACKEND, SIZE
from agent.errors import ScenecraftError
from agent.findings import Finding, score
from agent.results import ImageFiles
from agent.scene import Scene, check_prompt, scene_errors

if TYPE_CHECKING:
    from agent.compiler.controls import RunOptions
    from agent.engine.executor import Executor, NodeRecord, RunResult
    from agent.graph import TaskGraph
    from agent.planners import Planner


class RunSettings(BaseModel):
    """The settings of one run, stated once: ``AgentConfig`` (below), ``BatchSettings`` (a batch's defaults)
    and ``WorkItem`` (one resolved batch item) all extend this model, so a new setting or a new bound is
    added in one place and every entry point validates it the same way."""

    model_config = ConfigDict(extra="forbid")

    backend: str = Field(default=BACKEND, description="'sketch' (no weights) or a diffusers backend name")
    model: str | None = Field(default=None, description="model id or local folder overriding the backend default")
    steps: int | None = Field(default=None, ge=1, description="inference steps for diffusion backends")
    planner: Literal["offline", "llm"] = "offline"
    width: int = Field(default=SIZE, ge=8, le=8192)
    height: int = Field(default=SIZE, ge=8, le=8192)
    seed: int = 0
    critique: int = Field(default=0, ge=0, description="critique-loop budget in rounds (0 = no loop)")


class AgentConfig(RunSettings):
    """Defaults for every call; each ``run`` argument can override its field for that call.

    The run fields (backend, model, steps, planner, width, height, seed, critique) are
    :class:`RunSettings`; this adds where runs go and whether to show progress."""

    out_dir: Path = Field(default=Path("runs"), description="each run gets its own folder under here")
    cache_dir: Path | None = Field(default=None, description="artifact + node cache; None = $SCENECRAFT_CACHE "
                                                             "or ~/.cache/scenecraft")
    progress: bool = False


def findings_of(result: RunResult) -> list[Finding]:
    """Every :class:`Finding` a verifier node produced (any output field holding findings)."""
    found: list[Finding] = []
    for out in result.outputs.values():
        for name in type(out).model_fields:
            value = getattr(out, name)
            if isinstance(value, Finding):
                found.append(value)
            elif isinstance(value, (list, tuple)):
                found.extend(v for v in value if isinstance(v, Finding))
    return found


@dataclass
class Result(ImageFiles):
    """One run: image files (with provenance), the plan, the graph, the per-node trace and findings.

    ``images`` are paths; :meth:`image` / :meth:`load_images` open them with Pillow on demand, so a
    Result stays cheap to keep around. ``parent`` and ``instruction`` link an edit to what it edited.
    """

    graph: TaskGraph
    trace: list[NodeRecord]
    findings: list[Finding] = field(default_factory=list)
    wall_s: float = 0.0
    parent: Result | None = None
    instruction: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    grid: Path | None = None  # grid.png when the run made several images (n > 1)

    @property
    def ok(self) -> bool:
        """Every node finished (ran or came from the cache)."""
        return all(r.status in ("ok", "cached") for r in self.trace)

    @property
    def errors(self) -> list[str]:
        return [f"node '{r.node}' ({r.plugin}): {r.error}" for r in self.trace if r.status == "failed"]

    @property
    def cache_hits(self) -> list[str]:
        """Ids of nodes that were served from the cache (after an edit: the parts that did not change)."""
        return [r.node for r in self.trace if r.cache_hit]

    @property
    def score(self) -> float:
        """Share of findings that passed (1.0 when no verifier ran)."""
        return score(self.findings)

    def _no_image(self) -> str:
        return f"run in '{self.out_dir}' produced no image: {'; '.join(self.errors) or 'no outputs'}"


class Agent:
    """Plan, run and edit images from Python. See :class:`AgentConfig` for the settings."""

    def __init__(self, config: AgentConfig | dict[str, Any] | None = None, **overrides: Any) -> None:
        if isinstance(config, dict):
            config = AgentConfig(**config)
        base = config or AgentConfig()
        self.config = AgentConfig.model_validate({**base.model_dump(), **overrides}) if overrides else base
        self._planners: dict[str, Planner] = {}
        self._executor: Executor | None = None
        self._counter = itertools.count(1)

    # -- pieces ------------------------------------------------------------------------------------
    def planner(self, name: str | None = None) -> Planner:
        from agent.planners import get_planner

        key = name or self.config.planner
        if key not in self._planners:
            self._planners[key] = get_planner(key)
        return self._planners[key]

    @property
    def executor(self) -> Executor:
        """One executor per Agent: its node cache makes follow-up edits cheap."""
        if self._executor is None:
            from agent.artifacts import ArtifactStore
            from agent.engine.executor import Executor, NodeCache
            from agent.engine.run_folder import cache_root
            from agent.registry import default_registry

            root = Path(self.config.cache_dir) if self.config.cache_dir is not None else cache_root()
            self._executor = Executor(store=ArtifactStore(root), registry=default_registry(),
                                      cache=NodeCache(root / "nodes"), progress=self.config.progress)
        return self._executor

    # -- the three verbs ---------------------------------------------------------------------------
    def plan(self, prompt: str, seed: int | None = None, width: int | None = None, height: int | None = None) -> Scene:
        """The Scene the configured planner writes for ``prompt`` (nothing is rendered).

        Args:
            prompt: the request, as a person wrote it.
            seed: the planner's seed (default: the config's).
            width, height: the Scene's canvas in pixels (default: the config's).
        """
        if not isinstance(prompt, str) or not prompt.strip():
            raise ScenecraftError("plan needs a non-empty prompt")
        check_prompt(prompt, "prompt")
        c = self.config
        with scene_errors("plan"):
            return self.planner().plan(prompt, width=width or c.width, height=height or c.height,
                                       seed=c.seed if seed is None else seed)

    def run(self, request: str | Scene | None = None, seed: int | None = None, backend: str | None = None,
            critique: int | None = None, model: str | None = None, steps: int | None = None,
            width: int | None = None, height: int | None = None, out: Path | str | None = None,
            **options: Any) -> Result:
        """Plan (unless given a Scene), compile for ``backend``, execute, and write a run folder.

        Node failures do not raise: they show in ``result.ok`` / ``result.errors``, as in the CLI.

        Args:
            request: a prompt, or a ready Scene (not planned again); with ``image=`` the prompt for the edit
                (None for an ``instruction`` alone).
            seed: the run seed (default: the config's); every node's seed derives from it.
            backend, model, steps: what draws the image (default: the config's).
            critique: the critique loop's budget in rounds (default: the config's; 0: no loop).
            width, height: the canvas (default: the config's; a given Scene is resized to them).
            out: the run folder (default: a fresh folder under ``config.out_dir`` named after prompt and seed).
            **options: (docs/images.md) ``image`` (a path, PIL image or array) with ``mask``, ``box``,
                ``instruction``, ``outpaint`` ({"left": 256, ...}) and ``strength`` edits your image; the
                controls ``negative_prompt``, ``guidance``, ``strength``, ``scheduler``, ``loras``
                (``"PATH[:SCALE]"``) go to every diffusion node; ``n`` makes N images, one seed each
                (``result.images``, ``result.grid``). An unknown name is an error.
        """
        from agent.compiler.controls import RunOptions

        c = self.config
        seed = c.seed if seed is None else seed
        opts = RunOptions.parse(options)
        if opts.image is not None:
            return self._run_image(request, opts, seed, backend or c.backend, model or c.model, steps or c.steps, out)
        if isinstance(request, Scene):
            scene = request
            if width or height:
                scene = scene.model_copy(update={"width": width or scene.width, "height": height or scene.height})
        elif request is None:
            raise ScenecraftError("run needs a request (a prompt or a Scene) or image=...")
        else:
            scene = self.plan(request, seed=seed, width=width, height=height)
        return self._execute(scene, seed=seed, backend=backend or c.backend, model=model or c.model,
                             steps=steps or c.steps, critique=c.critique if critique is None else critique, out=out,
                             opts=opts)

    def compile(self, request: str, seed: int | None = None, **options: Any) -> TaskGraph:
        """The graph ``run(request, seed=seed, **options)`` executes without critique (not run).

        The batch runner compiles a group's items first so their diffusion nodes can share one call
        (``Executor.prefetch``); it must be the very graph ``run`` builds, or the prefetch misses.
        """
        from agent.compiler.controls import RunOptions

        c = self.config
        seed = c.seed if seed is None else seed
        return _compile(self.plan(request, seed=seed), c.backend, c.model, c.steps, RunOptions.parse(options))

    def edit(self, result: Result, instruction: str, seed: int | None = None, out: Path | str | None = None) -> Result:
        """Apply a follow-up instruction ("make the cup green") to ``result``'s Scene and re-run it.

        The same seed, backend and model are used, so nodes whose inputs did not change come from the
        cache (see ``Result.cache_hits``). The returned Result's ``parent`` is ``result``; "undo" is just
        going back to ``result.parent``.

        Args:
            result: the run to edit: its Scene is edited; its model, steps, critique budget and controls
                carry over.
            instruction: what to change, in words.
            seed: a different run seed (default: ``result``'s).
            out: the new run folder (default: a fresh one under ``config.out_dir``).
        """
        if result.scene is None:
            raise ScenecraftError("this result has no Scene to edit (it was run from a bare graph)")
        if not isinstance(instruction, str) or not instruction.strip():
            raise ScenecraftError("edit needs a non-empty instruction")
        check_prompt(instruction, "instruction")
        with scene_errors("edit"):
            new_scene = _apply_edit(result.scene, instruction)
        opts = result.options
        from agent.compiler.controls import RunOptions

        edited = self._execute(new_scene, seed=result.seed if seed is None else seed, backend=result.backend,
                               model=opts.get("model"), steps=opts.get("steps"), critique=opts.get("critique", 0),
                               out=out, opts=RunOptions.parse(opts.get("controls") or {}))
        edited.parent, edited.instruction = result, instruction
        return edited

    # -- internals ---------------------------------------------------------------------------------
    def _run_dir(self, label: str, seed: int) -> Path:
        from agent.util.safe_names import safe_name

        base = Path(self.config.out_dir)
        stem = f"{safe_name(label, max_bytes=48, fallback='run')}-s{seed}"
        while True:
            candidate = base / f"{stem}-{next(self._counter):03d}"
            if not candidate.exists():
                return candidate

    def _execute(self, scene: Scene, seed: int, backend: str, model: str | None, steps: int | None,
                 critique: int, out: Path | str | None, opts: RunOptions) -> Result:
        from agent.compiler import CompileOptions

        if critique < 0:
            raise ScenecraftError(f"critique budget {critique} must be 0 or more")
        out_dir = Path(out) if out is not None else self._run_dir(scene.prompt or "scene", seed)
        settings = {"model": model, "steps": steps, "critique": critique, "controls": opts.settings()}
        if critique > 0:
            from agent.critique import critique_loop

            if opts.n > 1:
                raise ScenecraftError("n > 1 does not combine with critique")
            looped = critique_loop(scene, out_dir, rounds=critique, backend=backend, seed=seed, executor=self.executor,
                                   options=CompileOptions(model=model, steps=steps, extra=_extra(opts)))
            outcome, findings = looped.outcome, list(looped.best.findings)
            return _result(scene.prompt, seed, backend, outcome, findings, settings)
        graph = _compile(scene, backend, model, steps, opts)
        return self._run_graph(graph, scene, scene.prompt, seed, backend, out_dir, opts.n, settings)

    def _run_image(self, request: Any, opts: RunOptions, seed: int, backend: str, model: str | None,
                   steps: int | None, out: Path | str | None) -> Result:
        """``run(prompt, image=...)``: the photo (and mask) into the store, an edit graph, N seeds."""
        from agent.compiler import CompileOptions
        from agent.compiler.images import build_edit_graph, make_image_edit

        if request is not None and not isinstance(request, str):
            raise ScenecraftError("with image=..., the request is a prompt string (or None with instruction=...)")
        edit = make_image_edit(self.executor.store, opts.image, request, mask=opts.mask, box=opts.box,
                               instruction=opts.instruction, strength=opts.strength, outpaint=opts.outpaint,
                               what=("image", "mask"))
        graph = build_edit_graph(edit, backend, CompileOptions(model=model, steps=steps, extra=_extra(opts)))
        label = request or opts.instruction or "image"
        out_dir = Path(out) if out is not None else self._run_dir(label, seed)
        settings = {"model": model, "steps": steps, "critique": 0, "controls": opts.settings()}
        return self._run_graph(graph, None, label, seed, backend, out_dir, opts.n, settings)

    def _run_graph(self, graph: TaskGraph, scene: Scene | None, label: str, seed: int, backend: str, out_dir: Path,
                   n: int, settings: dict[str, Any]) -> Result:
        """Say which settings have no effect (warnings), then one run folder or N seeds of the graph."""
        import warnings

        from agent.compiler.notes import ineffective_settings
        from agent.engine.run_folder import execute_to_dir
        from agent.engine.variants import execute_variants, seed_variants

        for note in ineffective_settings(graph):
            warnings.warn(note, stacklevel=3)
        if n > 1:
            many = execute_variants(seed_variants(graph, seed, n, scene), out_dir, executor=self.executor)
            result = _result(label, seed, backend, many, [f for r in many.results for f in findings_of(r)], settings)
            result.scene, result.graph, result.grid = scene, graph, many.grid
            return result
        graph.validate_with(self.executor.registry)
        outcome = execute_to_dir(graph, out_dir, seed=seed, scene=scene, executor=self.executor)
        return _result(label, seed, backend, outcome, findings_of(outcome.result), settings)


def _extra(opts: RunOptions) -> dict[str, Any]:
    extra = opts.controls()
    if opts.strength is not None:
        extra["strength"] = opts.strength
    return extra


def _result(label: str, seed: int, backend: str, outcome: Any, findings: list[Finding],
            settings: dict[str, Any]) -> Result:
    """A :class:`Result` from a run folder's outcome (one image or N)."""
    result = outcome.result
    return Result(prompt=label, seed=seed, backend=backend, out_dir=outcome.out_dir, images=list(outcome.images),
                  scene=getattr(outcome, "scene", None), graph=getattr(outcome, "graph", None),
                  trace=list(result.trace), findings=findings, wall_s=result.wall_s, options=settings)


def _compile(scene: Scene, backend: str, model: str | None, steps: int | None,
             opts: RunOptions | None = None) -> TaskGraph:
    """The one place the Agent turns a Scene into a graph (``run`` and ``compile`` must agree)."""
    from agent.compiler import CompileOptions, compile_scene

    extra = _extra(opts) if opts is not None else {}
    return compile_scene(scene, backend, CompileOptions(model=model, steps=steps, extra=extra))


def _apply_edit(scene: Scene, instruction: str) -> Scene:
    """The chat's edit rules (``agent.edits.apply_edit``), the same ones ``scenecraft chat`` uses."""
    from agent.edits import apply_edit

    return apply_edit(scene, instruction)
