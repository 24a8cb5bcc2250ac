"""``scenecraft batch --executor ray`` on a real local Ray instance (2 CPUs, loopback only).

One Ray instance serves the whole module (``ray.init`` costs seconds). Workers import this module
(``imports=[__name__]``) so the test backends below exist in their processes too.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agent.batch import BatchSettings, LocalRunner, run_batch
from agent.batch.items_file import read_batch_file
from agent.batch.manifest import Manifest
from agent.cli import main as cli_main
from agent.compiler import CompileOptions, build_sketch, register_backend
from agent.compiler.backends import _BUILDERS
from agent.scene import Scene
from tests.procenv import pythonpath

REPO = Path(__file__).resolve().parents[2]
SMALL = BatchSettings(width=64, height=64, progress=False)
COMPARED = ("image.png", "scene.json", "graph.json")  # trace.json holds timings


def build_crashy(scene: Scene, options: CompileOptions):
    """The sketch backend, except that a prompt saying 'crash' kills the process compiling it (its worker)."""
    if "crash" in scene.prompt:
        os.kill(os.getpid(), signal.SIGKILL)
    return build_sketch(scene, options)


def build_one_step(scene: Scene, options: CompileOptions):
    """sd-turbo with no layout step: a lone generate.one_step node, the kind group batching shares."""
    from agent.compiler.diffusion import build_diffusion

    return build_diffusion("sd-turbo", scene, CompileOptions(model=options.model, steps=options.steps,
                                                             extra={**options.extra, "layout": "none"}))


if "test-crashy" not in _BUILDERS:
    register_backend("test-crashy")(build_crashy)
if "test-one-step" not in _BUILDERS:
    register_backend("test-one-step")(build_one_step)

@pytest.fixture(scope="module")
def tiny_sd_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random-weight SD pipeline saved as a model folder (tests/tiny_models.py, diffusers' recipe)."""
    pytest.importorskip("diffusers")
    import torch

    from tests.tiny_models import tiny_model_dir

    torch.set_num_threads(1)
    return tiny_model_dir("sd", tmp_path_factory.mktemp("tiny-sd"))


@pytest.fixture(scope="module")
def ray_instance():
    ray = pytest.importorskip("ray")
    path = pythonpath(REPO, REPO / "tests", Path(__file__).resolve().parent)  # workers unpickle this module
    ctx = ray.init(num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False,
                   runtime_env={"env_vars": {"PYTHONPATH": path}})
    yield ctx
    ray.shutdown()


def _ray(tmp_path: Path, **kw):
    from agent.batch.ray_runner import RayRunner

    return RayRunner(cache_dir=tmp_path / "ray-cache", imports=[__name__], **kw)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _jsonl(path: Path, rows: list[dict]) -> Path:
    return _write(path, "\n".join(json.dumps(r) for r in rows) + "\n")


def _latest(out: Path) -> dict[str, dict]:
    recs = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    ids = [r["id"] for r in recs]
    assert len(ids) == len(set(ids)), f"an item was recorded twice: {sorted(ids)}"
    return {r["id"]: r for r in recs}


def test_ray_does_every_item_once_with_the_local_executors_bytes(tmp_path: Path, ray_instance) -> None:
    f = _jsonl(tmp_path / "p.jsonl", [
        {"prompt": "a red apple", "seed": 1},
        {"prompt": "two blue cups and a sign that says 'OPEN'", "seed": 2, "n": 2},
        {"prompt": "a green car", "seed": 3, "width": 48}, {"prompt": "three dogs", "seed": 4},
        {"prompt": "a yellow lamp", "seed": 5, "width": 48}, {"prompt": "four cats", "seed": 6}])
    local = run_batch(f, tmp_path / "local", SMALL, executor=LocalRunner(cache_dir=tmp_path / "local-cache"))
    ex = _ray(tmp_path, workers=2)
    remote = run_batch(f, tmp_path / "ray", SMALL, executor=ex)
    assert (local.ok, remote.ok, remote.failed, remote.exit_code) == (6, 6, 0, 0)
    a, b = _latest(tmp_path / "local"), _latest(tmp_path / "ray")
    assert set(a) == set(b) == {i.id for i in read_batch_file(f).items}
    workers = {r["worker"] for r in b.values()}
    assert len(workers) == 2 and all(w.startswith("ray:") for w in workers), workers
    compared = 0
    for i, r in a.items():
        assert r["paths"] == b[i]["paths"] and r["images"] == b[i]["images"]
        for p in r["paths"]:
            if p.rsplit("/", 1)[-1] in COMPARED:
                assert (tmp_path / "local" / p).read_bytes() == (tmp_path / "ray" / p).read_bytes(), p
                compared += 1
    assert compared == 3 * 7
    assert ex.slots == []  # close() ended the actors; Ray itself (not ours) stays up
    import ray

    assert ray.is_initialized()


def test_workers_stay_on_the_group_whose_model_they_hold(tmp_path: Path, ray_instance) -> None:
    """Two groups (by size), two workers: each takes one group and only the first done helps the other."""
    rows = [{"prompt": f"{k} red apples", "id": f"{w}-{k}", "width": w, "height": w}
            for w in (48, 64) for k in range(1, 9)]
    f = _jsonl(tmp_path / "p.jsonl", rows)
    report = run_batch(f, tmp_path / "out", SMALL, executor=_ray(tmp_path, workers=2))
    assert report.ok == 16
    held: dict[str, list[str]] = {}
    for r in _latest(tmp_path / "out").values():
        held.setdefault(r["worker"], []).append(r["id"].split("-")[0])
    assert len(held) == 2
    # Round-robin would give each worker both groups from the start (4 pairs); affinity gives 2, or 3
    # once the faster worker runs out of its own group and helps with the tail of the other one. How many
    # items each worker gets depends on when its process starts (a loaded machine starts one late), so
    # the test counts groups per worker, not items.
    assert sum(len(set(groups)) for groups in held.values()) <= 3, held
    assert any(len(set(groups)) == 1 for groups in held.values()), held


@pytest.mark.slow
def test_tiny_diffusers_on_ray_loads_once_per_worker_and_matches_local_bytes(
        tmp_path: Path, ray_instance, tiny_sd_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real sd-turbo backend and model pool, a tiny model folder standing in for the real weights."""
    from agent.models import pool as pool_module

    monkeypatch.setattr(pool_module, "_default_pool", None)
    rows = [{"prompt": p, "id": f"sd{i}", "seed": 10 + i, "backend": "sd-turbo", "model": str(tiny_sd_folder)}
            for i, p in enumerate(["a red apple", "two blue cups", "a green car", "three dogs", "a cat", "a boat"])]
    rows[1]["n"] = 2
    f = _jsonl(tmp_path / "p.jsonl", rows)
    settings = BatchSettings(width=64, height=64, steps=1, progress=False)
    local = run_batch(f, tmp_path / "local", settings, executor=LocalRunner(cache_dir=tmp_path / "local-cache"))
    assert pool_module.default_pool().loads == 1  # the local run: one load for seven images
    executor = _ray(tmp_path, workers=2)
    remote = run_batch(f, tmp_path / "ray", settings, executor=executor)
    assert (local.ok, remote.ok, remote.failed) == (6, 6, 0), _latest(tmp_path / "ray")
    a, b = _latest(tmp_path / "local"), _latest(tmp_path / "ray")
    images = [p for r in a.values() for p in r["images"]]
    assert len(images) == 7 and all(a[i]["images"] == b[i]["images"] for i in a)
    for p in images:
        assert (tmp_path / "local" / p).read_bytes() == (tmp_path / "ray" / p).read_bytes(), p
    assert len({(tmp_path / "ray" / p).read_bytes() for p in images}) == 7  # seeds differ, so do the images
    busy = {r["worker"].rsplit(":", 1)[1] for r in b.values()}
    loads = {str(info["pid"]): info["model_loads"] for info in executor.final_info}
    assert busy <= set(loads) and all(loads[pid] == 1 for pid in busy), (loads, busy)  # one load per worker


def test_group_batch_on_ray_shares_pipeline_calls_like_local(tmp_path: Path, ray_instance,
                                                             tiny_sd_folder: Path) -> None:
    rows = [{"prompt": p, "id": f"g{i}", "seed": 20 + i, "backend": "test-one-step", "model": str(tiny_sd_folder)}
            for i, p in enumerate(["a red apple", "two blue cups", "a green car", "three dogs", "a cat"])]
    f = _jsonl(tmp_path / "p.jsonl", rows)
    settings = BatchSettings(width=64, height=64, steps=1, progress=False)
    local = run_batch(f, tmp_path / "local", settings,
                      executor=LocalRunner(cache_dir=tmp_path / "local-cache", group_batch=4))
    executor = _ray(tmp_path, workers=1, group_batch=4)
    remote = run_batch(f, tmp_path / "ray", settings, executor=executor)
    assert (local.ok, remote.ok) == (5, 5), _latest(tmp_path / "ray")
    for row in rows[:4]:  # the first chunk of four ran as one pipeline call: the items found their images cached
        trace = json.loads((tmp_path / "ray" / "items" / row["id"] / "trace.json").read_text())
        assert [n["cache_hit"] for n in trace["nodes"] if n["plugin"] == "generate.one_step"] == [True], row["id"]
        for name in ("image.png", "graph.json"):  # same chunks as the local run, so the same bytes
            path = Path("items") / row["id"] / name
            assert (tmp_path / "local" / path).read_bytes() == (tmp_path / "ray" / path).read_bytes(), path
    assert [info["model_loads"] for info in executor.final_info] == [1]


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(tmp_path: Path, ray_instance) -> None:
    rows = [{"prompt": f"{k} red apples and a blue cup with a sign that says 'NO {i}'", "id": f"i{i}", "seed": i}
            for i, k in zip(range(14), [1, 2, 3, 4] * 4, strict=False)]
    f = _jsonl(tmp_path / "p.jsonl", rows)
    ex = _ray(tmp_path, workers=2)
    killed: list[int] = []

    def kill_one(rec) -> None:
        if not killed:
            pid = ex.worker_pids()[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    report = run_batch(f, tmp_path / "out", BatchSettings(width=192, height=192, progress=False), executor=ex,
                       on_record=kill_one)
    assert (report.ok, report.failed, report.exit_code) == (14, 0, 0)
    recs = _latest(tmp_path / "out")
    assert set(recs) == {r["id"] for r in rows} and all(r["status"] == "ok" for r in recs.values())
    assert ex.replacements == 1 and ex.retried >= 1, (ex.replacements, ex.retried)
    for r in recs.values():
        assert (tmp_path / "out" / r["images"][0]).is_file()


def test_an_item_that_keeps_killing_its_worker_fails_after_bounded_retries(tmp_path: Path, ray_instance) -> None:
    f = _jsonl(tmp_path / "p.jsonl", [{"prompt": "a red apple", "id": "ok1"},
                                      {"prompt": "a crash test dummy", "id": "boom", "backend": "test-crashy"},
                                      {"prompt": "a blue cup", "id": "ok2", "backend": "test-crashy"}])
    ex = _ray(tmp_path, workers=2, max_retries=1)
    report = run_batch(f, tmp_path / "out", SMALL, executor=ex)
    assert (report.ok, report.failed, report.exit_code) == (2, 1, 1)
    recs = _latest(tmp_path / "out")
    assert recs["boom"]["status"] == "failed" and recs["boom"]["images"] == []
    assert "worker died 2 time(s)" in recs["boom"]["error"] and "Actor" in recs["boom"]["error"], recs["boom"]["error"]
    assert ex.replacements == 2
    assert "worker died" in (tmp_path / "out" / "index.html").read_text()


def test_driver_killed_then_resumed_on_ray_does_every_item_once(tmp_path: Path, ray_instance) -> None:
    address = ray_instance.address_info["gcs_address"]
    rows = [{"prompt": f"{k} green pears and a sign that says 'P{i}'", "id": f"p{i}", "seed": i}
            for i, k in zip(range(12), [1, 2, 3] * 4, strict=False)]
    f = _jsonl(tmp_path / "p.jsonl", rows)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": pythonpath(REPO),
           "SCENECRAFT_CACHE": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "agent.cli", "batch", str(f), "--out", str(out), "--width", "192", "--height", "192",
           "--no-progress", "--executor", "ray", "--address", address, "--workers", "2"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    manifest = out / "manifest.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and manifest.read_bytes().count(b"\n") >= 3:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()[-2000:]
    before = len(Manifest(manifest).records())
    assert 3 <= before < len(rows)
    done = subprocess.run([*cmd, "--resume"], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"{before} already done" in done.stderr
    recs = _latest(out)
    assert set(recs) == {r["id"] for r in rows} and all(r["status"] == "ok" for r in recs.values())


# -- no Ray needed ----------------------------------------------------------------------------------
def test_local_runs_and_cli_start_never_import_ray(tmp_path: Path) -> None:
    f = _write(tmp_path / "p.txt", "a red apple\n")
    code = ("import sys; from agent.cli import main; "
            f"rc = main(['batch', {str(f)!r}, '--out', {str(tmp_path / 'out')!r}, '--width', '32', '--height', '32']); "
            "assert 'ray' not in sys.modules, 'ray imported'; print('rc', rc)")
    env = {**os.environ, "PYTHONPATH": pythonpath(REPO), "SCENECRAFT_CACHE": str(tmp_path / "cache")}
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert res.returncode == 0 and "rc 0" in res.stdout, res.stderr
    helped = subprocess.run([sys.executable, "-c",
                             ("import sys; from agent.cli import main\ntry: main(['batch', '--help'])\n"
                             "except SystemExit: pass\nassert 'ray' not in sys.modules")],
                            env=env, capture_output=True, text=True, timeout=60, check=False)
    assert helped.returncode == 0 and "--executor" in helped.stdout, helped.stderr


def test_without_ray_installed_the_cli_names_the_extra(tmp_path: Path) -> None:
    f = _write(tmp_path / "p.txt", "a red apple\n")
    code = ("import sys; sys.modules['ray'] = None  # what an absent package looks like to import\n"
            "from agent.cli import main\n"
            f"sys.exit(main(['batch', {str(f)!r}, '--out', {str(tmp_path / 'out')!r}, '--executor', 'ray']))")
    env = {**os.environ, "PYTHONPATH": pythonpath(REPO)}
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert res.returncode == 2, res.stderr
    assert res.stderr.strip().splitlines() == [("error: the ray executor needs Ray, which is not installed: "
                                               "pip install 'scenecraft[ray]'")]
    assert not (tmp_path / "out").exists()


def test_an_unreachable_address_fails_fast_in_one_line(tmp_path: Path, capsys) -> None:
    pytest.importorskip("ray")
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    f = _write(tmp_path / "p.txt", "a red apple\n")
    t0 = time.monotonic()
    rc = cli_main(["batch", str(f), "--out", str(tmp_path / "out"), "--executor", "ray", "--address",
                   f"127.0.0.1:{port}"])
    assert rc == 2 and time.monotonic() - t0 < 15
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: cannot reach Ray at 127.0.0.1:{port}"), err
    assert not (tmp_path / "out").exists()
    assert cli_main(["batch", str(f), "--out", str(tmp_path / "out"), "--executor", "ray", "--address", "x"]) == 2
    assert "is not auto, HOST:PORT or ray://HOST:PORT" in capsys.readouterr().err


def test_ray_options_without_the_ray_executor_are_a_usage_error(tmp_path: Path, capsys) -> None:
    f = _write(tmp_path / "p.txt", "a red apple\n")
    rc = cli_main(["batch", str(f), "--out", str(tmp_path / "out"), "--workers", "2", "--address", "auto"])
    assert rc == 2
    assert "error: --address, --workers need --executor ray" in capsys.readouterr().err
