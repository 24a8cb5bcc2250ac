"""One path from a TaskGraph to a run folder: validate -> execute -> write the folder.

The run folder gets the final image(s) as PNG with provenance chunks, plus ``scene.json``,
``graph.json`` and ``trace.json``. Artifacts and node outputs are cached under the cache root
(``$SCENECRAFT_CACHE``, default ``~/.cache/scenecraft``) so a re-run after an edit is cheap.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent import __version__
from agent.artifacts import ArtifactStore, ImageRef, atomic_write, write_png_with_provenance
from agent.engine.executor import Executor, NodeCache, RunResult
from agent.errors import ScenecraftError
from agent.graph import TaskGraph
from agent.registry import Registry, default_registry
from agent.scene import Scene, dumps_scene_dict


def cache_root() -> Path:
    return Path(os.environ.get("SCENECRAFT_CACHE") or Path.home() / ".cache" / "scenecraft")


def ensure_writable_dir(path: Path | str, what: str = "--out") -> Path:
    """Create ``path`` and prove it is writable now, before any work is done."""
    p = Path(path)
    try:
        p.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=p, prefix=".probe-"):
            pass
    except OSError as exc:
        raise ScenecraftError(f"cannot write to {what} '{p}': {exc.strerror or exc}") from None
    return p


@dataclass
class RunOutcome:
    """What a run produced: file paths, the plan, and the executor's result."""

    out_dir: Path
    images: list[Path]
    scene: Scene | None
    graph: TaskGraph
    result: RunResult
    refs: list[ImageRef] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result.ok


def make_executor(registry: Registry | None = None, progress: bool | None = None, use_cache: bool = True,
                  options: dict[str, Any] | None = None) -> Executor:
    """An engine executor on the cache root (``$SCENECRAFT_CACHE``, default ``~/.cache/scenecraft``).

    Args:
        registry: the plugins to run (default: the built-ins and entry points).
        progress: show a progress bar (None: only on a terminal).
        use_cache: False runs every node again (the artifact store is still used).
        options: run-wide options handed to every plugin's context.
    """
    root = cache_root()
    return Executor(
        store=ArtifactStore(root),
        registry=registry or default_registry(),
        cache=NodeCache(root / "nodes" if use_cache else None),
        progress=progress,
        options=options,
    )


def execute_to_dir(graph: TaskGraph, out_dir: Path | str, seed: int = 0, scene: Scene | None = None,
                   executor: Executor | None = None) -> RunOutcome:
    """Run ``graph`` and write the run folder. Node failures are reported in the outcome, not raised.

    The graph is validated once, here, before ``out_dir`` is created (an invalid graph leaves no folder);
    :meth:`Executor.run` is told not to validate it again.

    Args:
        graph: the TaskGraph to run.
        out_dir: the run folder (created; must be writable).
        seed: the run seed (each node derives its own).
        scene: the Scene the graph was compiled from, if any
            (written as scene.json and into each PNG's provenance).
        executor: the executor to use (default: :func:`make_executor`).
    """
    executor = executor or make_executor()
    graph.validate_with(executor.registry)
    out = ensure_writable_dir(out_dir)
    result = executor.run(graph, seed=seed, validated=True)
    if scene is not None:
        atomic_write(out / "scene.json", (scene.to_json() + "\n").encode())
    atomic_write(out / "graph.json", (graph.to_json() + "\n").encode())
    atomic_write(out / "trace.json", (result.trace_json() + "\n").encode())
    images, refs = [], []
    for i, o in enumerate(graph.outputs):
        value = getattr(result.outputs.get(o.node), o.field, None) if o.node in result.outputs else None
        if not isinstance(value, ImageRef):
            continue
        name = "image.png" if i == 0 else f"{o.node}-{o.field}.png"
        prov = provenance(graph, result, seed, scene, o.node)
        images.append(write_png_with_provenance(executor.store.get_image(value), out / name, prov))
        refs.append(value)
    return RunOutcome(out_dir=out, images=images, scene=scene, graph=graph, result=result, refs=refs)


def provenance(graph: TaskGraph, result: RunResult, seed: int, scene: Scene | None, node: str) -> dict[str, Any]:
    """What a final PNG carries: the graph, seed, plugin versions, model ids, the output node (and Scene).

    Args:
        graph: the graph that ran (``run --from`` runs it again).
        result: the run's result (plugin versions and model ids from its trace).
        seed: the run seed.
        scene: the Scene the graph was compiled from, if any.
        node: the output node the PNG holds.
    """
    prov: dict[str, Any] = {"scenecraft": __version__, "graph": graph.model_dump(mode="json"), "seed": seed,
                            "plugins": {r.plugin: r.version for r in result.trace},
                            "models": sorted({m for r in result.trace for m in r.models}), "node": node}
    if scene is not None:
        prov["scene"] = dumps_scene_dict(scene)
    return prov
