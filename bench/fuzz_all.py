"""Throw N hostile inputs (default 10,000) at Scenecraft and count what happens (issue 18).

    PYTHONPATH=. .venv/bin/python bench/fuzz_all.py [--cases 10000] [--seed 0]

Inputs are mutations of valid ones (hostile values, huge lists, deep nesting, surrogates, NUL, flipped
bytes): Scene and graph files, prompts, batch files, provenance PNGs, LLM replies (stub server), and
CLI runs (``run --from/--scene/--graph`` in a sandbox). Prints counts of clean errors, successes,
tracebacks and cases over 10 s, the peak memory of the biggest rejected inputs, files written outside
``--out`` (and the cache), and requests a stub hub and stub LLM on 127.0.0.1 got from ``run --from``
without ``--allow-remote``. Targets: 0 tracebacks, 0 over 10 s, < 1 GiB, 0 writes, 0 requests.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import os
import random
import sys
import tempfile
import time
import tracemalloc
import warnings
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SANDBOX = Path(tempfile.mkdtemp(prefix="scenecraft-fuzz-"))
os.environ.update(HOME=str(SANDBOX / "home"), SCENECRAFT_CACHE=str(SANDBOX / "cache"), HF_HUB_OFFLINE="0",
                  SCENECRAFT_CONFIG=str(SANDBOX / "absent.toml"))

from tests.hostile import CountingHub, itxt, png
from tests.llm_stub import Reply, StubServer

HOSTILE: list[Any] = [float("nan"), float("inf"), -1, 10**30, "", "\ud800", "\udcff", "\x00", "a" * 5000, [], {},
                      None, True, "~", "/usr", "evil-org/evil-model", "../../etc/passwd", "<script>", "1e309",
                      "漢字" * 100, "\u202e", -0.0, 2**63]
PIECES = ["\ud800", "\udcff", "\x00", "\x1b[31m", "\n", '"', "\\", "{", "[", "]", "}", ",", "'", "é", "🙂", "\ufeff",
          "zero", "0.5", "-3", "ten thousand", "left of", " above ", "sign that says \"", "\t", "\r", "x" * 3000]
PROMPTS = ["two red apples left of a blue cup", "a sign that says \"OPEN\" above a door", "three cats on a sofa",
           "a dog wearing a hat in the bottom left corner", "an empty room", "ramen in a bowl next to chopsticks"]


def deep(n: int) -> Any:
    value: Any = 1
    for _ in range(n):
        value = [value]
    return value


def hostile(rng: random.Random) -> Any:
    """A fresh copy of a hostile value (shared containers would let a mutation build a cycle)."""
    return copy.deepcopy(rng.choice(HOSTILE))


def dumps(data: Any) -> str:
    """JSON text of ``data``; data nested past Python's limit becomes the text of deep nesting."""
    try:
        return json.dumps(data)
    except (RecursionError, ValueError):
        return "[" * 100_000


def mutate_json(rng: random.Random, data: Any, rounds: int = 3) -> Any:
    data = json.loads(dumps(data))
    for _ in range(rng.randint(1, rounds)):
        data = _mutate_once(rng, data)
    return data


def _mutate_once(rng: random.Random, data: Any) -> Any:
    path: list[Any] = []
    node = data
    while isinstance(node, (dict, list)) and node and rng.random() < 0.75:
        key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
        path.append((node, key))
        node = node[key]
    choice = rng.random()
    if choice < 0.5:
        new = hostile(rng)
    elif choice < 0.6:
        new = deep(rng.choice([40, 200, 2000]))
    elif choice < 0.75 and isinstance(node, list) and node:
        new = node * rng.choice([2, 300, 3000])
    elif choice < 0.85 and isinstance(node, str):
        new = mutate_text(rng, node)
    elif isinstance(node, dict):
        node[rng.choice(["extra", "id", "model", "plugin", ""])] = hostile(rng)
        return data
    else:
        new = hostile(rng)
    if not path:
        return new
    parent, key = path[-1]
    if rng.random() < 0.1 and isinstance(parent, dict):
        del parent[key]
    else:
        parent[key] = new
    return data


def mutate_text(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 3)):
        i = rng.randint(0, len(text))
        op = rng.random()
        if op < 0.6:
            text = text[:i] + rng.choice(PIECES) + text[i:]
        elif op < 0.8:
            text = text[:i] + text[i + rng.randint(1, 20):]
        else:
            text = text[:i] + text[i:i + 50] * rng.choice([2, 50]) + text[i + 50:]
    return text


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if buf and rng.random() < 0.8:
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        else:
            del buf[rng.randrange(len(buf) + 1):]
    return bytes(buf)


class Fuzz:
    """The cases, their seeds (valid inputs to mutate) and the tallies."""

    def __init__(self, seed: int) -> None:
        import langchain_openai  # noqa: F401 - imported once (2-9 s on a busy machine), not inside a timed case

        from agent import Agent
        from agent.compiler import compile_scene
        from agent.registry import default_registry

        self.rng = random.Random(seed)
        self.agent = Agent(out_dir=SANDBOX / "runs")
        self.registry = default_registry()
        self.scenes = [json.loads(self.agent.plan(p).to_json()) for p in PROMPTS]
        self.graphs = [json.loads(compile_scene(self.agent.plan(p), "sketch").to_json()) for p in PROMPTS[:3]]
        self.graphs.append({"nodes": [{"id": "g", "plugin": "generate.one_step", "params": {"prompt": "x"}}],
                            "outputs": [{"node": "g"}]})
        self.counts: Counter[str] = Counter()
        self.by_kind: dict[str, Counter[str]] = {}
        self.examples: list[str] = []
        self.slow: list[str] = []
        self.inputs = SANDBOX / "inputs"
        self.inputs.mkdir(parents=True)
        self.outs = SANDBOX / "outs"
        first = self.agent.run(PROMPTS[0], out=self.outs / "seed-run")
        self.png = first.images[0].read_bytes()

    def record(self, kind: str, fn: Callable[[], str | None], sample: Any = None) -> None:
        from agent.errors import ScenecraftError

        t0 = time.perf_counter()
        try:
            outcome = fn() or "success"
        except ScenecraftError:
            outcome = "clean error"
        except Exception as exc:  # noqa: BLE001 - this is what we count
            outcome = "traceback"
            if len(self.examples) < 10:
                self.examples.append(f"{kind}: {type(exc).__name__}: {str(exc)[:160]}")
        dt = time.perf_counter() - t0
        if dt > 2:  # keep slow inputs to look at
            keep = SANDBOX / "outs" / f"slow-{len(self.slow)}-{kind.replace(' ', '_')}.json"
            keep.write_text(dumps(sample), encoding="utf-8", errors="surrogatepass")
            self.slow.append(f"{kind} {dt:.1f}s {outcome}: {keep}")
        if dt > 10:
            self.counts["over 10 s"] += 1
        self.counts[outcome] += 1
        self.by_kind.setdefault(kind, Counter())[outcome] += 1

    # -- the case kinds -----------------------------------------------------------------------------
    def scene(self) -> None:
        from agent.scene import Scene

        data = mutate_json(self.rng, self.rng.choice(self.scenes))
        given = dumps(data) if self.rng.random() < 0.5 else data  # serialised outside the timed part
        self.record("scene", lambda: Scene.parse(given).to_json() and None, data)

    def graph(self) -> None:
        from agent.graph import TaskGraph

        data = mutate_json(self.rng, self.rng.choice(self.graphs))
        text = dumps(data)
        self.record("graph", lambda: TaskGraph.parse(text).validate_with(self.registry).to_json() and None, data)

    def prompt(self) -> None:
        text = mutate_text(self.rng, self.rng.choice(PROMPTS))
        self.record("prompt", lambda: self.agent.plan(text).to_json() and None, text)

    def batch(self) -> None:
        from agent.batch.contact_sheet import render_index
        from agent.batch.items_file import read_batch_file

        suffix = self.rng.choice([".txt", ".jsonl", ".csv"])
        rows = [json.dumps({"id": f"i{i}", "prompt": p}) if suffix == ".jsonl" else
                (f'i{i},"{p}"' if suffix == ".csv" else p) for i, p in enumerate(PROMPTS)]
        text = mutate_text(self.rng, ("id,prompt\n" if suffix == ".csv" else "") + "\n".join(rows))
        path = self.inputs / f"b{self.rng.randrange(10**9)}{suffix}"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))

        def case() -> None:
            b = read_batch_file(path)
            if "\x00" in render_index("t", b.items, {}, b.errors):
                raise AssertionError("NUL reached index.html")

        self.record("batch", case, str(path))

    def provenance(self) -> None:
        from agent.artifacts import read_provenance

        if self.rng.random() < 0.5:
            data = mutate_bytes(self.rng, self.png)
        else:
            prov = {"graph": mutate_json(self.rng, self.rng.choice(self.graphs)),
                    "seed": self.rng.choice([float("nan"), -1, 10**30, "1", 1]),
                    "plugins": self.rng.choice([{"a.b": "1"}, ["x"], "s"]), "models": self.rng.choice([[], [1], "m"])}
            side = self.rng.choice([8, 60000, 2**31 - 1])
            data = png([itxt("scenecraft:" + k, dumps(v)) for k, v in prov.items()], side, side)
        path = self.inputs / f"p{self.rng.randrange(10**9)}.png"
        path.write_bytes(data)
        self.record("provenance", lambda: read_provenance(path) and None, str(path))

    def llm(self, server: StubServer) -> None:
        from agent.planners.llm import LLMPlanner

        base = self.scenes[0] if self.rng.random() < 0.5 else self.rng.choice(self.scenes)
        reply = dumps(mutate_json(self.rng, base, rounds=1) if self.rng.random() < 0.8 else base)
        if self.rng.random() < 0.3:
            reply = mutate_text(self.rng, reply)
        server.script[:] = [Reply(content=reply)]  # type: ignore[index]
        planner = LLMPlanner(base_url=server.base_url, model="stub", timeout=5, max_retries=0, repairs=0,
                             fallback=False)
        self.record("llm reply", lambda: planner.plan(PROMPTS[0]).to_json() and None, reply)

    def cli(self, index: int) -> None:
        from agent.cli import main

        out = self.outs / f"cli{index}"
        kind = self.rng.choice(["from", "scene", "graph"])
        if kind == "from":
            src = self.inputs / f"c{index}.png"
            graph = mutate_json(self.rng, self.rng.choice(self.graphs), rounds=1)
            src.write_bytes(mutate_bytes(self.rng, self.png) if self.rng.random() < 0.3 else
                            png([itxt("scenecraft:graph", dumps(graph)), itxt("scenecraft:seed", "1")]))
            args = ["run", "--from", str(src)]
        else:
            src = self.inputs / f"c{index}.json"
            base = self.rng.choice(self.scenes if kind == "scene" else self.graphs)
            src.write_text(dumps(mutate_json(self.rng, base, rounds=1)), encoding="utf-8", errors="surrogatepass")
            args = ["run", f"--{kind}", str(src)]
        err = io.StringIO()

        def case() -> str | None:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = main([*args, "--out", str(out), "--no-progress"])
            if "internal error" in err.getvalue():
                raise RuntimeError(err.getvalue().strip()[:200])
            return {0: "success", 2: "clean error"}.get(code, "node failure (exit 1)")

        self.record(f"cli run --{kind}", case, {"args": args,
                                                "input": src.read_bytes()[:4000].decode("latin-1")})


def big_inputs() -> dict[str, float]:
    """Peak traced memory (MiB) to reject each of the biggest inputs."""
    from agent.artifacts import read_provenance
    from agent.errors import ScenecraftError
    from agent.graph import TaskGraph
    from agent.scene import Scene
    from tests.hostile import chunk

    box = [0.1, 0.1, 0.5, 0.5]
    bomb = SANDBOX / "bomb.png"
    bomb_chunk = chunk(b"iTXt", b"scenecraft:graph\0\1\0\0\0" + zlib.compress(b" " * 2**26, 9))
    bomb.write_bytes(png([bomb_chunk], 60000, 60000))
    objects = [{"id": "a", "name": "b", "box": box}] * 10**6
    big_text = json.dumps({"objects": objects})
    nodes = [{"id": f"n{i}", "plugin": "a.b"} for i in range(10**5)]
    cases: dict[str, Callable[[], Any]] = {  # inputs are built before tracing: only rejecting them is measured
        "10^6 objects (dict)": lambda: Scene.parse({"objects": objects}),
        f"10^6 objects ({len(big_text) >> 20} MiB of JSON)": lambda: Scene.parse(big_text),
        "10^5-node graph": lambda: TaskGraph.parse({"nodes": nodes}),
        "1 MiB string": lambda: Scene.parse({"prompt": "x" * 2**20}),
        "deep JSON": lambda: Scene.parse("[" * 10**6),
        "64 MiB bomb in a 60000^2 PNG": lambda: read_provenance(bomb),
    }
    peaks = {}
    for name, fn in cases.items():
        tracemalloc.start()
        try:
            fn()
        except ScenecraftError:
            pass
        peaks[name] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return peaks


def writes_outside() -> list[str]:
    allowed = ("inputs", "outs", "cache", "runs", "bomb.png")
    return [str(p.relative_to(SANDBOX)) for p in SANDBOX.rglob("*")
            if p.is_file() and p.relative_to(SANDBOX).parts[0] not in allowed]


def run(n: int, seed: int) -> int:
    import resource

    fuzz = Fuzz(seed)
    plan = [("scene", 0.25), ("graph", 0.2), ("prompt", 0.2), ("batch", 0.15), ("provenance", 0.2)]
    n_llm, n_cli = max(1, n * 3 // 100), max(1, n * 2 // 100)
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for kind, share in plan:
            for _ in range(round((n - n_llm - n_cli) * share)):
                getattr(fuzz, kind)()
        with StubServer([Reply(content="{}")]) as server:
            for _ in range(n_llm):
                fuzz.llm(server)
        with CountingHub() as hub, StubServer([Reply(content='{"findings": []}')]) as trap:
            os.environ.update(HF_ENDPOINT=hub.url, SCENECRAFT_LLM_BASE_URL=trap.base_url, SCENECRAFT_LLM_API_KEY="sk-x")
            for i in range(n_cli):
                fuzz.cli(i)
            requests = hub.count + len(trap.requests)
    total = sum(v for k, v in fuzz.counts.items() if k != "over 10 s")
    print(f"{total} cases in {time.perf_counter() - t0:.0f}s (seed {seed})")
    for kind, c in fuzz.by_kind.items():
        print(f"  {kind:<18} " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    print("totals: " + ", ".join(f"{k} {fuzz.counts.get(k, 0)}" for k in
                                 ("clean error", "success", "node failure (exit 1)", "traceback", "over 10 s")))
    for line in fuzz.examples + fuzz.slow:
        print("  !", line)
    peaks = big_inputs()
    for name, mib in peaks.items():
        print(f"peak memory to reject {name}: {mib:.0f} MiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    outside = writes_outside()
    print(f"process peak RSS {rss:.0f} MiB; files written outside --out/cache: {len(outside)} {outside[:5]}")
    print(f"network requests from run --from without --allow-remote: {requests}")
    bad = fuzz.counts["traceback"] + fuzz.counts["over 10 s"] + len(outside) + requests
    return 1 if bad or max(peaks.values()) >= 1024 else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    return run(args.cases, args.seed)


if __name__ == "__main__":
    sys.exit(main())
