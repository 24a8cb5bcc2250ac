"""Issue 18 item 6: ``run --from`` on an untrusted PNG reaches no network and no key without ``--allow-remote``;
the Python path (``agent.jobs.rerun_from_png``) makes the same check (``allow_remote=True`` to opt in).

A stub hub and a stub LLM on 127.0.0.1 count the requests the run makes."""

from __future__ import annotations

import pytest

from tests.hostile import CountingHub, one_error_line, provenance_png, run_cli
from tests.llm_stub import Reply, StubServer

SCENE = {"objects": [{"id": "cat_1", "name": "cat", "box": [0.1, 0.1, 0.6, 0.6]}], "width": 64, "height": 64}


def _evil_model_png(tmp_path):
    graph = {"nodes": [{"id": "g", "plugin": "generate.one_step",
                        "params": {"prompt": "a cat", "model": "evil-org/evil-model"}}],
             "outputs": [{"node": "g", "field": "image"}]}
    path = tmp_path / "evil.png"
    path.write_bytes(provenance_png({"graph": graph, "seed": 1, "models": ["evil-org/evil-model"]}))
    return path


def _critic_png(tmp_path):
    graph = {"nodes": [{"id": "sketch", "plugin": "sketch.render", "params": {"scene": SCENE}},
                       {"id": "critic", "plugin": "critic.mllm", "params": {"scene": SCENE}}],
             "edges": [{"source": "sketch", "output": "image", "target": "critic", "input": "image"}],
             "outputs": [{"node": "sketch", "field": "image"}]}
    path = tmp_path / "critic.png"
    path.write_bytes(provenance_png({"graph": graph, "seed": 1, "scene": SCENE}))
    return path


def test_a_png_naming_an_unknown_hub_model_makes_no_request(tmp_path):
    with CountingHub() as hub:
        proc = run_cli(["run", "--from", str(_evil_model_png(tmp_path)), "--out", str(tmp_path / "o")],
                       env={"HF_ENDPOINT": hub.url, "HF_HUB_OFFLINE": "0"})
    assert hub.count == 0
    assert proc.returncode == 2
    assert "--allow-remote" in one_error_line(proc)
    assert b"wants: node 'g' (generate.one_step) loads model 'evil-org/evil-model'" in proc.stderr
    assert not (tmp_path / "o").exists()
    with CountingHub() as hub:  # the probe is live: with the opt-in the hub is asked
        run_cli(["run", "--from", str(_evil_model_png(tmp_path)), "--out", str(tmp_path / "o"), "--allow-remote"],
                env={"HF_ENDPOINT": hub.url, "HF_HUB_OFFLINE": "0"})
    assert hub.count > 0


def test_a_png_with_an_llm_critic_sends_nothing_without_the_opt_in(tmp_path):
    reply = Reply(content='{"findings": []}')
    env = {"SCENECRAFT_LLM_BASE_URL": "", "SCENECRAFT_LLM_API_KEY": "sk-secret", "SCENECRAFT_LLM_MAX_RETRIES": "0"}
    with StubServer([reply]) as llm:
        env["SCENECRAFT_LLM_BASE_URL"] = llm.base_url
        png = _critic_png(tmp_path)
        proc = run_cli(["run", "--from", str(png), "--out", str(tmp_path / "o")], env=env)
        assert proc.returncode == 2 and "--allow-remote" in one_error_line(proc)
        assert b"sends data to your LLM endpoint" in proc.stderr
        assert llm.requests == []
        # The probe is live: with the opt-in the same PNG does reach the endpoint.
        proc = run_cli(["run", "--from", str(png), "--out", str(tmp_path / "o2"), "--allow-remote"], env=env)
        assert llm.requests, proc.stderr


def test_a_png_using_only_profiles_runs_without_asking(tmp_path):
    graph = {"nodes": [{"id": "sketch", "plugin": "sketch.render", "params": {"scene": SCENE}}],
             "outputs": [{"node": "sketch", "field": "image"}]}
    png = tmp_path / "ok.png"
    png.write_bytes(provenance_png({"graph": graph, "seed": 1}))
    proc = run_cli(["run", "--from", str(png), "--out", str(tmp_path / "o")])
    assert proc.returncode == 0, proc.stderr
    assert b"wants:" not in proc.stderr


@pytest.mark.parametrize("model", ["sd-turbo", "stabilityai/sd-turbo"])
def test_configured_models_need_no_opt_in(model):
    from agent.graph import TaskGraph
    from agent.models.trust import png_wants
    from agent.registry import default_registry

    graph = TaskGraph.parse({"nodes": [{"id": "g", "plugin": "generate.one_step",
                                        "params": {"prompt": "x", "model": model}}]})
    assert png_wants(graph, default_registry()) == []


def test_the_python_rerun_makes_the_same_check(tmp_path, monkeypatch):
    from agent.errors import ScenecraftError
    from agent.jobs import rerun_from_png
    from agent.models.trust import UntrustedPngError
    from agent.runner import rerun_from_png as old_name

    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path / "cache"))
    assert old_name is rerun_from_png  # the kept-for-one-release import is the checked one too
    with CountingHub() as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        monkeypatch.setenv("HF_HUB_OFFLINE", "0")
        with pytest.raises(UntrustedPngError, match="allow_remote=True") as err:
            rerun_from_png(_evil_model_png(tmp_path), tmp_path / "o")
    assert hub.count == 0 and not (tmp_path / "o").exists()
    assert err.value.wants == ["node 'g' (generate.one_step) loads model 'evil-org/evil-model' "
                               "(hub download or local path)"]
    assert "\n" not in str(err.value) and isinstance(err.value, ScenecraftError)
    with pytest.raises(UntrustedPngError, match="sends data to your LLM endpoint"):
        rerun_from_png(_critic_png(tmp_path), tmp_path / "o")
    graph = {"nodes": [{"id": "sketch", "plugin": "sketch.render", "params": {"scene": SCENE}}],
             "outputs": [{"node": "sketch", "field": "image"}]}
    png = tmp_path / "ok.png"
    png.write_bytes(provenance_png({"graph": graph, "seed": 1}))
    assert rerun_from_png(png, tmp_path / "ok").ok  # the user's own setup: no opt-in needed


def _background(node_id: str, side: int) -> dict:
    return {"id": node_id, "plugin": "sketch.background",
            "params": {"sky": [90, 140, 220], "ground": [90, 160, 90], "horizon": 0.5, "width": side, "height": side}}


def test_a_png_asking_for_500_huge_images_is_refused_before_any_work(tmp_path, monkeypatch):
    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path))
    graph = {"nodes": [_background(f"b{i}", 8192) for i in range(500)], "outputs": [{"node": "b0", "field": "image"}]}
    png = tmp_path / "huge.png"
    png.write_bytes(provenance_png({"graph": graph, "seed": 1}))
    proc = run_cli(["run", "--from", str(png), "--out", str(tmp_path / "o")], env={"SCENECRAFT_CACHE": str(tmp_path)})
    assert proc.returncode == 2
    line = one_error_line(proc)
    assert "500 nodes would make or process 33.6 G pixels; the limit is 4.3 G" in line, line
    assert not (tmp_path / "o").exists()
    from agent.errors import ValidationError
    from agent.jobs import rerun_from_png

    with pytest.raises(ValidationError, match="33.6 G pixels"):  # the Python path: the same shared check
        rerun_from_png(png, tmp_path / "o")
    assert not (tmp_path / "o").exists()


def test_pixel_work_counts_declared_and_inherited_sizes():
    from agent.defaults import MAX_GRAPH_PIXELS
    from agent.errors import ValidationError
    from agent.graph import TaskGraph, check_graph_pixels, graph_pixels

    def chain(pads: int, side: int) -> TaskGraph:
        nodes = [_background("b", side)] + [{"id": f"p{i}", "plugin": "image.pad", "params": {"left": 8}}
                                            for i in range(pads)]
        edges = [{"source": "b" if i == 0 else f"p{i - 1}", "output": "image", "target": f"p{i}", "input": "image"}
                 for i in range(pads)]
        return TaskGraph.parse({"nodes": nodes, "edges": edges})

    assert graph_pixels(chain(2, 64)) == 64 * 64 + 72 * 64 + 80 * 64  # each pad: its input grown by 8 px
    small = TaskGraph.parse({"nodes": [{"id": "s", "plugin": "sketch.render", "params": {"scene": SCENE}}]})
    assert graph_pixels(small) == 64 * 64  # a Scene param: the Scene's size
    big = chain(63, 8192)  # one declared 8192x8192 image, then 63 nodes that each process one that size
    assert graph_pixels(big) > MAX_GRAPH_PIXELS
    with pytest.raises(ValidationError, match="64 nodes would make or process"):
        check_graph_pixels(big)
    check_graph_pixels(chain(40, 8192))  # within the limit: no error


def test_a_small_declared_scene_does_not_hide_the_big_image_a_node_is_fed():
    from agent.defaults import MAX_GRAPH_PIXELS
    from agent.graph import TaskGraph, graph_pixels

    tiny = {**SCENE, "width": 8, "height": 8}
    nodes = [_background("b", 8192)] + [{"id": f"i{i}", "plugin": "edit.inpaint", "params": {"scene": tiny}}
                                        for i in range(400)]
    edges = [{"source": "b" if i == 0 else f"i{i - 1}", "output": "image", "target": f"i{i}", "input": "image"}
             for i in range(400)]
    graph = TaskGraph.parse({"nodes": nodes, "edges": edges})
    assert graph_pixels(graph) == 401 * 8192 * 8192 > MAX_GRAPH_PIXELS
