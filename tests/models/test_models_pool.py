"""The model pool on tiny real pipelines: sharing, LRU eviction, errors users hit, LoRA, OOM retry."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.procenv import pythonpath

torch = pytest.importorskip("torch")
pytest.importorskip("diffusers")

from agent.errors import ModelUnavailableError, ScenecraftError
from agent.models import ModelPool, OutOfMemoryError, pipeline_bytes
from agent.models.profiles import LoraSpec, fetch_hint, get_profile
from agent.models.settings import PoolSettings
from tests.tiny_models import tiny_lora_dir, tiny_model_dir, tiny_pipeline

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", autouse=True)
def _one_thread() -> None:
    torch.set_num_threads(1)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tiny")


@pytest.fixture(scope="module")
def sd(root: Path) -> str:
    return str(tiny_model_dir("sd", root))


@pytest.fixture(scope="module")
def pix2pix(root: Path) -> str:
    return str(tiny_model_dir("pix2pix", root))


def one_image(pipe, seed: int = 0):
    return pipe("a red apple", num_inference_steps=1, guidance_scale=0.0, width=64, height=64,
                generator=torch.Generator().manual_seed(seed), output_type="np").images[0]


def test_three_tasks_share_one_load(sd):
    pool = ModelPool(offline=True)
    t2i = pool.pipeline(sd, "text2image")
    i2i = pool.pipeline(sd, "image2image")
    inp = pool.pipeline(sd, "inpaint")
    assert [type(p).__name__ for p in (t2i, i2i, inp)] == [
        "StableDiffusionPipeline", "StableDiffusionImg2ImgPipeline", "StableDiffusionInpaintPipeline"]
    assert pool.loads == 1
    assert t2i.unet is i2i.unet is inp.unet and t2i.vae is inp.vae and t2i.text_encoder is i2i.text_encoder
    assert pool.resident_bytes() == pipeline_bytes(t2i)
    assert pool.pipeline(sd, "image2image") is i2i  # derived pipelines are cached too


@pytest.mark.parametrize("dtype", [None, "float16"])  # float16: float32 folders take half their disk size (GPU default)
def test_lru_eviction_under_budget(root, sd, pix2pix, dtype):
    gligen = str(tiny_model_dir("gligen", root))
    one = pipeline_bytes(ModelPool(offline=True, dtype=dtype).pipeline(sd))
    pool = ModelPool(offline=True, dtype=dtype, memory_budget_gb=2.5 * one / 2**30)  # room for two tiny models
    pool.pipeline(sd)
    pool.pipeline(pix2pix, "instruct")
    pool.pipeline(sd)  # touch: pix2pix is now least recently used
    pool.pipeline(gligen, "gligen")
    assert pool.loaded() == [sd, gligen] and pool.evictions == [pix2pix]
    assert pool.resident_bytes() <= pool.budget_bytes
    pool.pipeline(pix2pix, "instruct")  # comes back with one more load, evicting sd
    assert pool.loads == 4 and pool.evictions == [pix2pix, sd]


def test_estimate_counts_one_file_set_at_the_loaded_dtype(sd, tmp_path):
    import shutil

    from agent.models.pipeline_info import estimate_bytes

    half = pipeline_bytes(ModelPool(offline=True, dtype="float16").pipeline(sd))
    assert estimate_bytes(sd, 2) == pytest.approx(half, rel=0.01)
    assert estimate_bytes(sd, 4) == pytest.approx(2 * half, rel=0.01)
    assert estimate_bytes(sd) == estimate_bytes(sd, 4)  # the folder is float32: stored size = loaded size
    twin = tmp_path / "twin"
    shutil.copytree(sd, twin)
    for f in list(twin.rglob("*.safetensors")):  # the same weights shipped again as a variant, as hub repos do
        shutil.copy(f, f.with_name(f.stem + ".fp16.safetensors"))
    assert estimate_bytes(str(twin), 2) == estimate_bytes(sd, 2)
    for f in list(twin.rglob("*.safetensors")):
        if "." not in f.stem:
            f.unlink()  # variants only: still one set
    assert estimate_bytes(str(twin), 2) == estimate_bytes(sd, 2)
    assert estimate_bytes("stabilityai/sd-turbo", 2) == 0  # a hub id: nothing local to measure


def test_unsupported_task_is_a_clear_error(pix2pix):
    with pytest.raises(ScenecraftError, match="cannot do text2image; it supports instruct"):
        ModelPool(offline=True).pipeline(pix2pix, "text2image")


def test_missing_tokenizer_files_are_refused(root, sd):
    broken = root / "broken-tokenizer"
    if not broken.exists():
        import shutil

        shutil.copytree(sd, broken)
        for f in (broken / "tokenizer").iterdir():
            if f.name != "tokenizer_config.json":
                f.unlink()
    with pytest.raises(ModelUnavailableError, match="tokenizer has only 2 tokens"):
        ModelPool(offline=True).pipeline(str(broken))


def test_pickle_weights_are_not_loaded(root):
    folder = root / "bin-only"
    if not folder.exists():
        tiny_pipeline("sd").save_pretrained(folder, safe_serialization=False)
    with pytest.raises(ModelUnavailableError, match="no .safetensors weights"):
        ModelPool(offline=True).pipeline(str(folder))


def test_missing_weights_offline_name_id_command_and_setting(tmp_path):
    prof = get_profile("sdxl-turbo", config={}, env={})
    with pytest.raises(ModelUnavailableError) as err:
        ModelPool(offline=True).pipeline(prof.model, hint=fetch_hint(prof))
    msg = str(err.value)
    assert "stabilityai/sdxl-turbo" in msg and "offline" in msg
    assert "hf download stabilityai/sdxl-turbo" in msg and "SCENECRAFT_MODEL_SDXL_TURBO" in msg
    assert "\n" not in msg
    with pytest.raises(ModelUnavailableError, match="does not exist"):
        ModelPool(offline=True).pipeline(str(tmp_path / "no-such-model"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelUnavailableError, match="no model_index.json"):
        ModelPool(offline=True).pipeline(str(tmp_path / "empty"))


def test_offline_is_set_before_the_hub_is_imported():
    code = ("import sys, os; from agent.models import ModelPool; ModelPool(offline=True); "
            "assert 'huggingface_hub' not in sys.modules; import huggingface_hub.constants as c; "
            "print(os.environ['HF_HUB_OFFLINE'], c.HF_HUB_OFFLINE)")
    env = {k: v for k, v in os.environ.items() if k != "HF_HUB_OFFLINE"} | {"PYTHONPATH": pythonpath(REPO)}
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1", "True"]


def test_lora_changes_the_output_and_weight_zero_does_not(root, sd):
    lora = str(tiny_lora_dir(sd, root))
    pool = ModelPool(offline=True)
    plain = one_image(pool.pipeline(sd))
    with_lora = one_image(pool.pipeline(sd, loras=[LoraSpec(lora, 1.0)]))
    zero = one_image(pool.pipeline(sd, loras=[LoraSpec(lora, 0.0)]))
    assert abs(with_lora - plain).max() > 1e-3
    assert abs(zero - plain).max() < 1e-5
    assert pool.loads == 3  # a LoRA variant is its own base entry: the plain pipeline stays unpatched
    with pytest.raises(ModelUnavailableError, match="LoRA"):
        ModelPool(offline=True).pipeline(sd, loras=[LoraSpec(str(root / "no-lora"))])


def test_oom_retries_once_with_smaller_batches_and_says_so(sd, caplog):
    pool = ModelPool(offline=True)
    pipe = pool.pipeline(sd)
    calls: list[list[int]] = []

    def call(batch):
        calls.append(list(batch))
        if len(batch) > 2:  # what a GPU does when the batch does not fit
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return [x * 10 for x in batch]

    with caplog.at_level(logging.WARNING, logger="scenecraft.models"):
        assert pool.run_batched(pipe, [1, 2, 3, 4], call) == [10, 20, 30, 40]
    assert calls == [[1, 2, 3, 4], [1, 2], [3, 4]]
    assert "out of GPU memory; retrying once" in caplog.text

    def always(batch):
        raise torch.OutOfMemoryError("CUDA out of memory")

    with pytest.raises(OutOfMemoryError, match="even with (offload and )?batch size 1"):  # offload: CUDA only
        pool.run_batched(pipe, [1], always)


def test_settings_from_env_and_config(tmp_path):
    s = PoolSettings.from_env(env={"SCENECRAFT_MEMORY_BUDGET_GB": "6", "SCENECRAFT_OFFLOAD": "1",
                                   "SCENECRAFT_THREADS": "3"},
                              config={"models": {"dtype": "bfloat16", "offload": False}})
    assert (s.memory_budget_gb, s.offload, s.threads, s.dtype, s.offline) == (6.0, True, 3, "bfloat16", False)
    assert PoolSettings.from_env(env={"HF_HUB_OFFLINE": "1"}, config={}).offline
    with pytest.raises(ScenecraftError, match="unknown key"):
        PoolSettings.from_env(env={}, config={"models": {"gpu": 1}, "_path": "x.toml"})


def test_device_dtype_and_threads(sd):
    pool = ModelPool(offline=True, threads=1)
    if torch.cuda.is_available():
        assert pool.device == "cuda" and pool.dtype_for() == torch.float16
    else:
        assert pool.device == "cpu" and pool.dtype_for("float16") == torch.float32  # half precision is slow on CPU
    assert ModelPool(dtype="bfloat16").dtype_for() == torch.bfloat16
    with pytest.raises(ScenecraftError, match="unknown dtype"):
        ModelPool(dtype="float7").dtype_for()
    half = ModelPool(offline=True, dtype="bfloat16")
    pipe = half.pipeline(sd)
    inpaint = half.pipeline(sd, "inpaint")  # from_pipe would cast the shared modules to float32 by default
    assert pipe.unet.dtype == inpaint.unet.dtype == pipe.text_encoder.dtype == torch.bfloat16
    pool.pipeline(sd)
    assert torch.get_num_threads() == 1


def test_calls_on_one_base_are_serialised_across_threads(sd):
    import threading
    import time

    pool = ModelPool(offline=True)
    t2i, i2i = pool.pipeline(sd), pool.pipeline(sd, "image2image")  # share a scheduler: must not overlap
    active, worst = [0], [0]
    guard = threading.Lock()

    def call(batch):
        with guard:
            active[0] += 1
            worst[0] = max(worst[0], active[0])
        time.sleep(0.02)
        with guard:
            active[0] -= 1
        return list(batch)

    threads = [threading.Thread(target=pool.run_batched, args=(p, [i], call)) for i, p in enumerate([t2i, i2i] * 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert worst[0] == 1


def test_turbo_profile_forces_trailing_timesteps(root):
    """A folder saved with 'leading' spacing would start a 1-step schedule at t=1; the turbo profile fixes it."""
    folder = root / "leading"
    if not folder.exists():
        pipe = tiny_pipeline("sd")
        pipe.scheduler = type(pipe.scheduler).from_config({**pipe.scheduler.config, "timestep_spacing": "leading"})
        pipe.save_pretrained(folder, safe_serialization=True)
    prof = get_profile("sd-turbo", model=str(folder), config={}, env={})
    pool = ModelPool(offline=True)
    plain = pool.pipeline(str(folder))
    plain.scheduler.set_timesteps(1)
    assert plain.scheduler.timesteps.tolist() == [1]
    turbo = pool.pipeline(prof.model, "image2image", scheduler=dict(prof.scheduler))
    turbo.scheduler.set_timesteps(1)
    assert turbo.scheduler.timesteps.tolist() == [999]
    assert pool.pipeline(prof.model, "text2image", scheduler=dict(prof.scheduler)).scheduler is turbo.scheduler
    assert plain.scheduler.config.timestep_spacing == "leading"  # the unpatched entry is untouched
