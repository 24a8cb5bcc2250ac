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

from agent.artifacts import ImageRef
from agent.batch import BatchSettings, LocalExecutor, run_batch
from agent.batchfile import read_batch_file
from agent.cli import main as cli_main
from agent.compiler import _BUILDERS, CompileOptions, build_sketch, register_backend
from agent.graph import OutputRef, TaskGraph
from agent.manifest import Manifest
from agent.registry import Plugin, PluginIO, register
from agent.scene import Scene

REPO = Path(__file__).resolve().parents[1]
SMALL = BatchSettings(width=64, height=64, progress=False)
COMPARED = ("image.png", "scene.json", "graph.json")  # trace.json holds timings


def build_crashy(scene: Scene, options: CompileOptions):
    """The sketch backend, except that a prompt saying 'crash' kills the process compiling it (its worker)."""
    if "crash" in scene.prompt:
        os.kill(os.getpid(), signal.SIGKILL)
    return build_sketch(scene, options)


if "test-crashy" not in _BUILDERS:
    register_backend("test-crashy")(build_crashy)

_PIPES: dict[str, object] = {}  # one loaded pipeline per model folder per process: what a worker's pool keeps


@register
class TinySD(Plugin):
    """Text-to-image with a tiny random-weight Stable Diffusion folder, loaded once per process.

    Each load appends this process's pid to ``<model>/../loads.log`` so the test can count loads.
    """

    id = "test.tiny_sd"
    version = "1"

    class Input(PluginIO):
        prompt: str
        model: str
        num_inference_steps: int = 2
        width: int = 64
        height: int = 64

    class Output(PluginIO):
        image: ImageRef

    def run(self, inp, ctx):
        import torch
        from diffusers import StableDiffusionPipeline

        if inp.model not in _PIPES:
            pipe = StableDiffusionPipeline.from_pretrained(inp.model, local_files_only=True)
            pipe.set_progress_bar_config(disable=True)
            _PIPES[inp.model] = pipe
            with open(Path(inp.model).parent / "loads.log", "a") as fh:
                fh.write(f"{os.getpid()}\n")
        image = _PIPES[inp.model](inp.prompt, num_inference_steps=inp.num_inference_steps, width=inp.width,
                                  height=inp.height, guidance_scale=1.0,
                                  generator=torch.Generator("cpu").manual_seed(ctx.seed)).images[0]
        return self.Output(image=ctx.save_image(image))


def build_tiny_sd(scene: Scene, options: CompileOptions) -> TaskGraph:
    if options.model is None:
        raise ValueError("test-tiny-sd needs a model folder")
    g = TaskGraph()
    g.add("sd", "test.tiny_sd", prompt=scene.prompt, model=options.model, num_inference_steps=options.steps or 2,
          width=scene.width, height=scene.height)
    g.outputs = [OutputRef(node="sd", field="image")]
    return g


if "test-tiny-sd" not in _BUILDERS:
    register_backend("test-tiny-sd")(build_tiny_sd)


def _byte_vocab() -> dict[str, int]:
    """CLIP's byte-level alphabet (each byte a token, and each as a word end): no vocabulary files needed."""
    bs = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    cs, extra = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + extra)
            extra += 1
    chars = [chr(c) for c in cs]
    return {t: i for i, t in enumerate(["<|startoftext|>", "<|endoftext|>", *chars, *(c + "</w>" for c in chars)])}


@pytest.fixture(scope="module")
def tiny_sd_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random-weight SD 1.x pipeline saved the way a real one is, built as diffusers' tests do."""
    torch = pytest.importorskip("torch")
    diffusers = pytest.importorskip("diffusers")
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    torch.set_num_threads(1)
    torch.manual_seed(0)
    unet = diffusers.UNet2DConditionModel(block_out_channels=(32, 64), layers_per_block=1, sample_size=32, in_channels=4,
                                          out_channels=4, down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
                                          up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"), cross_attention_dim=32,
                                          norm_num_groups=2)
    vae = diffusers.AutoencoderKL(block_out_channels=[32, 64], in_channels=3, out_channels=3, latent_channels=4,
                                  down_block_types=["DownEncoderBlock2D"] * 2, up_block_types=["UpDecoderBlock2D"] * 2,
                                  norm_num_groups=2)
    vocab = _byte_vocab()
    text = CLIPTextModel(CLIPTextConfig(bos_token_id=0, eos_token_id=1, pad_token_id=1, hidden_size=32,
                                        intermediate_size=37, num_attention_heads=4, num_hidden_layers=5,
                                        vocab_size=len(vocab)))
    scheduler = diffusers.DDIMScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                                        clip_sample=False, set_alpha_to_one=False, steps_offset=1)
    pipe = diffusers.StableDiffusionPipeline(unet=unet, vae=vae, text_encoder=text, scheduler=scheduler,
                                             tokenizer=CLIPTokenizer(vocab=vocab, merges=[], model_max_length=77),
                                             safety_checker=None, feature_extractor=None, requires_safety_checker=False)
    folder = tmp_path_factory.mktemp("tiny-sd") / "model"
    pipe.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def ray_instance():
    ray = pytest.importorskip("ray")
    path = os.pathsep.join([str(REPO), str(REPO / "tests"), os.environ.get("PYTHONPATH", "")])
    ctx = ray.init(num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False,
                   runtime_env={"env_vars": {"PYTHONPATH": path}})
    yield ctx
    ray.shutdown()


def _ray(tmp_path: Path, **kw):
    from agent.batch_ray import RayExecutor

    return RayExecutor(cache_dir=tmp_path / "ray-cache", imports=[__name__], **kw)


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
        {"prompt": "a red apple", "seed": 1}, {"prompt": "two blue cups and a sign that says 'OPEN'", "seed": 2, "n": 2},
        {"prompt": "a green car", "seed": 3, "width": 48}, {"prompt": "three dogs", "seed": 4},
        {"prompt": "a yellow lamp", "seed": 5, "width": 48}, {"prompt": "four cats", "seed": 6}])
    local = run_batch(f, tmp_path / "local", SMALL, executor=LocalExecutor(cache_dir=tmp_path / "local-cache"))
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
    # once the faster worker runs out of its own group and helps with the tail of the other one.
    assert sum(len(set(groups)) for groups in held.values()) <= 3, held
    assert any(len(set(groups)) == 1 and len(groups) >= 4 for groups in held.values()), held


@pytest.mark.slow
def test_tiny_diffusers_on_ray_loads_once_per_worker_and_matches_local_bytes(
        tmp_path: Path, ray_instance, tiny_sd_folder: Path) -> None:
    rows = [{"prompt": p, "id": f"sd{i}", "seed": 10 + i, "backend": "test-tiny-sd", "model": str(tiny_sd_folder)}
            for i, p in enumerate(["a red apple", "two blue cups", "a green car", "three dogs", "a cat", "a boat"])]
    rows[1]["n"] = 2
    f = _jsonl(tmp_path / "p.jsonl", rows)
    log = tiny_sd_folder.parent / "loads.log"
    log.unlink(missing_ok=True)
    settings = BatchSettings(width=64, height=64, steps=2, progress=False)
    local = run_batch(f, tmp_path / "local", settings, executor=LocalExecutor(cache_dir=tmp_path / "local-cache"))
    remote = run_batch(f, tmp_path / "ray", settings, executor=_ray(tmp_path, workers=2))
    assert (local.ok, remote.ok, remote.failed) == (6, 6, 0), _latest(tmp_path / "ray")
    a, b = _latest(tmp_path / "local"), _latest(tmp_path / "ray")
    images = [p for r in a.values() for p in r["images"]]
    assert len(images) == 7 and all(a[i]["images"] == b[i]["images"] for i in a)
    for p in images:
        assert (tmp_path / "local" / p).read_bytes() == (tmp_path / "ray" / p).read_bytes(), p
    assert len({(tmp_path / "ray" / p).read_bytes() for p in images}) == 7  # seeds differ, so do the images
    loads = log.read_text().split()
    ray_pids = {r["worker"].rsplit(":", 1)[1] for r in b.values()}
    assert loads.count(str(os.getpid())) == 1  # the local run: one load for six items
    assert sorted(x for x in loads if x != str(os.getpid())) == sorted(ray_pids), (loads, ray_pids)


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
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
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
    env = {**os.environ, "PYTHONPATH": str(REPO), "SCENECRAFT_CACHE": str(tmp_path / "cache")}
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert res.returncode == 0 and "rc 0" in res.stdout, res.stderr
    helped = subprocess.run([sys.executable, "-c", ("import sys; from agent.cli import main\ntry: main(['batch', '--help'])\n"
                             "except SystemExit: pass\nassert 'ray' not in sys.modules")],
                            env=env, capture_output=True, text=True, timeout=60, check=False)
    assert helped.returncode == 0 and "--executor" in helped.stdout, helped.stderr


def test_without_ray_installed_the_cli_names_the_extra(tmp_path: Path) -> None:
    f = _write(tmp_path / "p.txt", "a red apple\n")
    code = ("import sys; sys.modules['ray'] = None  # what an absent package looks like to import\n"
            "from agent.cli import main\n"
            f"sys.exit(main(['batch', {str(f)!r}, '--out', {str(tmp_path / 'out')!r}, '--executor', 'ray']))")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
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
    rc = cli_main(["batch", str(f), "--out", str(tmp_path / "out"), "--executor", "ray", "--address", f"127.0.0.1:{port}"])
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
