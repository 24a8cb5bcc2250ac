"""Several images from one request: N seeds of one graph (``run --n``), or the scenes ``plan --variations``
wrote (``run --scene list.json``), into one run folder.

The folder gets ``image_1.png`` .. ``image_N.png`` (each with its own provenance: graph, seed, Scene, so
``run --from image_3.png`` reproduces that one), ``grid.png`` (all of them, row by row), ``graph.json``
and ``scene.json`` (one object when every variant shares it, else a list) and ``trace.json``
(``{"seed", "wall_s", "nodes": <image_1's>, "variants": [{"image", "seed", "nodes", ...}]}``).

The variants run one after another, not as one batched call: on CPU a batched image can differ from the
same image made alone by float rounding, and each ``image_i.png`` must be exactly what ``run --from``
makes from it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from agent.artifacts import ImageRef, atomic_write, write_png_with_provenance
from agent.engine.executor import Executor, RunResult
from agent.engine.run_folder import ensure_writable_dir, make_executor, provenance
from agent.graph import TaskGraph
from agent.scene import Scene

if TYPE_CHECKING:
    from PIL import Image


@dataclass
class Variant:
    """One image to make: a graph, the run seed it runs with, and the Scene it came from (if any)."""

    graph: TaskGraph
    seed: int
    scene: Scene | None = None


@dataclass
class VariantsOutcome:
    """What a multi-image run produced. ``result`` merges the traces (node ids get ``#i``) for reporting."""

    out_dir: Path
    images: list[Path]
    grid: Path | None
    results: list[RunResult]
    variants: list[Variant]
    refs: list[ImageRef] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def result(self) -> RunResult:
        trace = [rec.model_copy(update={"node": f"{rec.node}#{i}"})
                 for i, r in enumerate(self.results, 1) for rec in r.trace]
        return RunResult(seed=self.variants[0].seed if self.variants else 0, outputs={}, trace=trace,
                         wall_s=sum(r.wall_s for r in self.results))


def seed_variants(graph: TaskGraph, seed: int, n: int, scene: Scene | None = None) -> list[Variant]:
    """The same graph with run seeds ``seed`` .. ``seed + n - 1`` (every node's seed differs).

    Args:
        graph: the graph to run n times.
        seed: the first run seed.
        n: how many variants.
        scene: the Scene the graph was compiled from (kept with each variant).
    """
    return [Variant(graph, seed + i, scene) for i in range(n)]


def grid_image(images: list[Image.Image], gap: int = 4) -> Image.Image:
    """Images in a near-square grid (columns = ceil(sqrt(n))), each cell the first image's size."""
    from PIL import Image

    cols = math.ceil(math.sqrt(len(images)))
    rows = math.ceil(len(images) / cols)
    w, h = images[0].size
    sheet = Image.new("RGB", (cols * w + (cols - 1) * gap, rows * h + (rows - 1) * gap), "white")
    for i, im in enumerate(images):
        cell = im if im.size == (w, h) else im.resize((w, h))
        sheet.paste(cell.convert("RGB"), ((i % cols) * (w + gap), (i // cols) * (h + gap)))
    return sheet


def _one_or_list(items: list[dict]) -> dict | list[dict]:
    return items[0] if all(x == items[0] for x in items) else items


def execute_variants(variants: list[Variant], out_dir: Path | str,
                     executor: Executor | None = None) -> VariantsOutcome:
    """Run every variant and write the folder; node failures are reported in the outcome, not raised."""
    executor = executor or make_executor()
    for v in variants:  # every graph is checked before anything is written
        v.graph.validate_with(executor.registry)
    out = ensure_writable_dir(out_dir)
    images, refs, results, pixels, traces = [], [], [], [], []
    for i, v in enumerate(variants, 1):
        result = executor.run(v.graph, seed=v.seed)
        results.append(result)
        name = f"image_{i}.png"
        traces.append({"image": name, **json.loads(result.trace_json())})
        o = v.graph.outputs[0] if v.graph.outputs else None
        value = getattr(result.outputs.get(o.node), o.field, None) if o is not None else None
        if isinstance(value, ImageRef):
            image = executor.store.get_image(value)
            prov = provenance(v.graph, result, v.seed, v.scene, o.node)  # type: ignore[union-attr]
            images.append(write_png_with_provenance(image, out / name, prov))
            refs.append(value)
            pixels.append(image)
    atomic_write(out / "graph.json", (json.dumps(_one_or_list([json.loads(v.graph.to_json()) for v in variants]),
                                                 indent=2) + "\n").encode())
    scenes = [json.loads(v.scene.to_json()) for v in variants if v.scene is not None]
    if scenes:
        atomic_write(out / "scene.json", (json.dumps(_one_or_list(scenes), indent=2) + "\n").encode())
    # "nodes" is the first image's trace (what readers of a single run's trace.json expect); all in "variants"
    first = traces[0] if traces else {"seed": 0, "nodes": []}
    summary = {"seed": first["seed"], "wall_s": round(sum(r.wall_s for r in results), 6), "nodes": first["nodes"],
               "variants": traces}
    atomic_write(out / "trace.json", (json.dumps(summary, indent=2) + "\n").encode())
    grid = None
    if pixels:
        grid = out / "grid.png"
        grid_image(pixels).save(grid, format="PNG", compress_level=6)
    return VariantsOutcome(out_dir=out, images=images, grid=grid, results=results, variants=variants, refs=refs)
