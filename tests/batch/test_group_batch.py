"""Compatible one-step items share one pipeline call (``Executor.prefetch``), on the tiny random SD.

The calls are counted on the real pool (a subclass that counts ``run_batched``), the images are real.
On CPU a batched image is not byte-identical to the same image made alone: float rounding in the
batched kernels moves a few pixel channels by 1/255. The tests pin that bound, and prove the per-item
seeding exact with batches of one (which are byte-identical).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("diffusers")

from agent.artifacts import ArtifactStore
from agent.compiler import CompileOptions, compile_scene
from agent.engine.executor import Executor, NodeCache
from agent.graph import TaskGraph
from agent.models import ModelPool
from agent.registry import Registry, default_registry
from agent.scene import Scene
from plugins.diffusion.one_step import OneStepGenerate
from tests.tiny_models import tiny_model_dir

PROMPTS = ["a red apple", "a blue cup", "a green pear", "a small dog"]


class CountingPool(ModelPool):
    """The real pool; remembers the size of every pipeline call."""

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.calls: list[int] = []

    def run_batched(self, pipe, items, call):
        self.calls.append(len(items))
        return super().run_batched(pipe, items, call)


class FlakyOneStep(OneStepGenerate):
    """``generate.one_step`` that fails on the prompt 'bad' (so its batched call fails too)."""

    id = "test.flaky_one_step"

    def run(self, inp, ctx):
        if inp.prompt == "bad":
            raise ValueError("bad prompt")
        return super().run(inp, ctx)

    def run_batch(self, inps, ctxs):
        if any(i.prompt == "bad" for i in inps):
            raise ValueError("bad prompt in the batch")
        return super().run_batch(inps, ctxs)


@pytest.fixture(scope="module", autouse=True)
def _one_thread() -> None:
    torch.set_num_threads(1)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tiny_model_dir("sd", tmp_path_factory.mktemp("tiny")))


@pytest.fixture(scope="module")
def pool() -> CountingPool:
    return CountingPool(offline=True)


def executor(pool: ModelPool, root: Path, registry: Registry | None = None) -> Executor:
    return Executor(store=ArtifactStore(root), registry=registry or default_registry(), cache=NodeCache(),
                    progress=False, models=pool)


def graph(prompt: str, folder: str, size: int = 64) -> TaskGraph:
    scene = Scene.parse({"prompt": prompt, "width": size, "height": size})
    return compile_scene(scene, "sd-turbo", CompileOptions(model=folder, steps=1, extra={"layout": "none"}))


def image_bytes(ex: Executor, g: TaskGraph, seed: int) -> tuple[bytes, bool]:
    res = ex.run(g, seed=seed)
    assert res.ok, res.failures
    ref = res.outputs["generate"].image
    return ex.store.path_of(ref).read_bytes(), res.record("generate").cache_hit


def pixels(data: bytes) -> np.ndarray:
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(np.int16)


def test_four_compatible_items_make_one_call_and_the_same_images(pool, folder, tmp_path):
    jobs = [(graph(p, folder), 10 + i) for i, p in enumerate(PROMPTS)]
    alone = executor(pool, tmp_path / "alone")
    expected = [image_bytes(alone, g, s)[0] for g, s in jobs]
    assert pool.calls[-4:] == [1, 1, 1, 1]

    batched = executor(pool, tmp_path / "batched")
    pool.calls.clear()
    assert batched.prefetch(jobs) == 4
    assert pool.calls == [4]  # one pipeline call for the four items
    assert batched.prefetch(jobs) == 0 and pool.calls == [4]  # all cached now: nothing to do
    got = [image_bytes(batched, g, s) for g, s in jobs]
    assert pool.calls == [4] and all(hit for _, hit in got)  # every run served from the prefetch
    for (data, _), want in zip(got, expected, strict=True):
        # CPU batch rounding: not byte-identical, but never more than one level in a channel.
        assert np.abs(pixels(data) - pixels(want)).max() <= 1

    # Batches of one go through run_batch too, and are byte-identical: each item keeps its own seed.
    single = executor(pool, tmp_path / "single")
    pool.calls.clear()
    assert single.prefetch(jobs, max_batch=1) == 4 and pool.calls == [1, 1, 1, 1]
    assert [image_bytes(single, g, s) for g, s in jobs] == [(e, True) for e in expected]


def test_chunks_and_incompatible_sizes_are_separate_calls(pool, folder, tmp_path):
    jobs = [(graph(p, folder, size=64 if i % 2 else 32), i) for i, p in enumerate(PROMPTS)]
    jobs.append((graph("a yellow kite", folder, size=64), 9))
    pool.calls.clear()
    assert executor(pool, tmp_path).prefetch(jobs, max_batch=2) == 5
    assert sorted(pool.calls) == [1, 2, 2]  # 32 px: one call of 2; 64 px: 3 items in chunks of 2 and 1


def test_a_failing_batch_falls_back_to_one_run_per_item(pool, folder, tmp_path):
    reg = Registry()
    reg.add(FlakyOneStep)
    jobs = []
    for i, p in enumerate(["a red apple", "bad", "a blue cup"]):
        g = TaskGraph()
        g.add("generate", "test.flaky_one_step", model=folder, profile="sd-turbo", prompt=p, width=64, height=64,
              num_inference_steps=1)
        jobs.append((g, i))
    ex = executor(pool, tmp_path / "flaky", registry=reg)
    pool.calls.clear()
    assert ex.prefetch(jobs) == 0 and pool.calls == []  # the batched call failed: nothing cached
    results = [ex.run(g, seed=s) for g, s in jobs]
    assert [r.record("generate").status for r in results] == ["ok", "failed", "ok"]
    assert results[1].record("generate").error == "ValueError: bad prompt"
    assert pool.calls == [1, 1]


def test_cli_batch_group_batch_hits_the_cache(folder, tmp_path, monkeypatch, capsys):
    from agent.cli import main as cli
    from agent.models import pool as pool_module

    counting = CountingPool(offline=True)
    monkeypatch.setattr(pool_module, "_default_pool", counting)
    cfg = tmp_path / "c.toml"
    cfg.write_text('[profiles.sd-turbo]\nlayout = "none"\n')
    monkeypatch.setenv("SCENECRAFT_CONFIG", str(cfg))
    lines = tmp_path / "items.jsonl"
    lines.write_text("".join(json.dumps({"id": f"i{k}", "prompt": p, "seed": k}) + "\n" for k, p in enumerate(PROMPTS)))
    common = ["--backend", "sd-turbo", "--model", folder, "--steps", "1", "--width", "64", "--height", "64",
              "--no-progress"]
    assert cli(["batch", str(lines), "--out", str(tmp_path / "b"), "--group-batch", "8", *common]) == 0, \
        capsys.readouterr().err
    assert counting.calls == [4]
    records = [json.loads(x) for x in (tmp_path / "b" / "manifest.jsonl").read_text().splitlines()]
    assert sorted(r["id"] for r in records if r["status"] == "ok") == ["i0", "i1", "i2", "i3"]
    for k in range(4):
        trace = json.loads((tmp_path / "b" / "items" / f"i{k}" / "trace.json").read_text())
        gen = [n for n in trace["nodes"] if n["plugin"] == "generate.one_step"]
        assert len(gen) == 1 and gen[0]["cache_hit"] is True

    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path / "fresh-cache"))
    assert cli(["batch", str(lines), "--out", str(tmp_path / "plain"), *common]) == 0
    assert counting.calls == [4, 1, 1, 1, 1]  # without --group-batch every item calls alone
    for k in range(4):
        a, b = ((tmp_path / d / "items" / f"i{k}" / "image.png").read_bytes() for d in ("b", "plain"))
        assert np.abs(pixels(a) - pixels(b)).max() <= 1


def test_group_batch_flag_must_be_positive(tmp_path, capsys):
    from agent.cli import main as cli

    lines = tmp_path / "p.txt"
    lines.write_text("a cup\n")
    assert cli(["batch", str(lines), "--out", str(tmp_path / "o"), "--group-batch", "0"]) == 2
    assert "--group-batch 0 must be 1 or more" in capsys.readouterr().err
