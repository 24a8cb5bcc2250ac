import json

from agent.artifacts import ArtifactStore
from agent.engine.executor import Executor, NodeCache, node_seed
from agent.graph import TaskGraph
from tests.plugins_for_tests import Add, Const, make_registry


def six_chain(first: int = 1) -> TaskGraph:
    g = TaskGraph()
    g.add("n0", "test.const", value=first)
    for i in range(1, 6):
        g.add(f"n{i}", "test.add", links={"a": (f"n{i - 1}", "value")}, b=i)
    return g


def make(tmp_path, cache_dir=None):
    return Executor(ArtifactStore(tmp_path / "store"), registry=make_registry(), cache=NodeCache(cache_dir),
                    progress=False)


def test_runs_in_topological_order_and_computes(tmp_path):
    result = make(tmp_path).run(six_chain())
    assert result.ok
    assert result.outputs["n5"].value == 1 + 1 + 2 + 3 + 4 + 5
    assert [r.node for r in result.trace] == [f"n{i}" for i in range(6)]
    assert Add.calls == ["n1", "n2", "n3", "n4", "n5"]


def test_editing_one_node_reruns_only_it_and_descendants(tmp_path):
    ex = make(tmp_path)
    ex.run(six_chain())
    Const.calls.clear()
    Add.calls.clear()
    g = six_chain()
    g.node("n3").params["b"] = 100
    result = ex.run(g)
    assert Const.calls == []
    assert Add.calls == ["n3", "n4", "n5"]
    assert [r.cache_hit for r in result.trace] == [True, True, True, False, False, False]
    assert result.outputs["n5"].value == 1 + 1 + 2 + 100 + 4 + 5


def test_disk_cache_survives_a_new_executor(tmp_path):
    make(tmp_path, tmp_path / "nodes").run(six_chain())
    Add.calls.clear()
    result = make(tmp_path, tmp_path / "nodes").run(six_chain())
    assert Add.calls == []
    assert all(r.status == "cached" for r in result.trace)


def test_seed_changes_the_key(tmp_path):
    ex = make(tmp_path)
    ex.run(six_chain(), seed=1)
    Add.calls.clear()
    ex.run(six_chain(), seed=2)
    assert len(Add.calls) == 5


def test_failure_skips_descendants_and_independent_branch_finishes(tmp_path):
    g = TaskGraph()
    g.add("src", "test.const", value=1)
    g.add("bad", "test.fail", links={"a": ("src", "value")})
    g.add("after_bad", "test.add", links={"a": ("bad", "value")})
    g.add("good", "test.add", links={"a": ("src", "value")}, b=1)
    result = make(tmp_path).run(g)
    assert not result.ok
    status = {r.node: r.status for r in result.trace}
    assert status == {"src": "ok", "bad": "failed", "after_bad": "skipped", "good": "ok"}
    failure = result.failures[0]
    assert failure.node == "bad" and "RuntimeError: boom on purpose" in failure.error
    assert "upstream node 'bad'" in result.record("after_bad").error
    assert result.outputs["good"].value == 2


def test_per_node_seeds_are_stable_and_distinct(tmp_path):
    g = TaskGraph()
    g.add("s1", "test.seed")
    g.add("s2", "test.seed")
    r1 = make(tmp_path).run(g, seed=7)
    r2 = make(tmp_path).run(g, seed=7)
    assert r1.outputs["s1"].seed == r2.outputs["s1"].seed == node_seed(7, "s1")
    assert r1.outputs["s1"].seed != r1.outputs["s2"].seed
    assert node_seed(8, "s1") != node_seed(7, "s1")


def test_trace_has_time_cache_and_status(tmp_path):
    result = make(tmp_path).run(six_chain())
    trace = json.loads(result.trace_json())
    row = trace["nodes"][0]
    assert {"node", "plugin", "version", "status", "cache_hit", "wall_s", "seed", "error"} <= set(row)
    assert row["status"] == "ok" and row["cache_hit"] is False and row["wall_s"] >= 0


def test_changed_weights_in_a_model_folder_miss_the_cache(tmp_path):
    """A plugin naming a local model folder: new files there change the key, so nothing stale is served."""
    from agent.registry import Plugin, PluginIO

    class UsesModel(Plugin):
        id = "test.uses_model"

        class Input(PluginIO):
            model: str

        class Output(PluginIO):
            value: int

        runs = 0

        def model_ids(self, inp):
            return [inp.model]

        def run(self, inp, ctx):
            UsesModel.runs += 1
            return self.Output(value=UsesModel.runs)

    folder = tmp_path / "weights"
    folder.mkdir()
    (folder / "unet.safetensors").write_bytes(b"v1")
    reg = make_registry()
    reg.add(UsesModel)
    ex = Executor(ArtifactStore(tmp_path / "store"), registry=reg, cache=NodeCache(), progress=False)
    g = TaskGraph()
    g.add("m", "test.uses_model", model=str(folder))
    assert ex.run(g).record("m").models == [str(folder)]
    assert ex.run(g).record("m").cache_hit
    (folder / "unet.safetensors").write_bytes(b"version two")
    again = ex.run(g)
    assert not again.record("m").cache_hit and again.outputs["m"].value == 2
