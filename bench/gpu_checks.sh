#!/usr/bin/env bash
# The device checks in one run (a lent CUDA machine with no model hub): the issue-4 benches at SD-Turbo's
# real size with random fp16 weights, the batching bench on the machine's CPU cores, the tiny-model
# diffusion tests on CUDA, and the CLI end to end.
# Usage: bench/gpu_checks.sh OUTDIR [pool]   (log in OUTDIR; python3 must hold torch with CUDA and our deps;
#        "pool" adds the peak-memory bench, ~70 s)
set -u
OUTDIR=${1:-gpu-out}; mkdir -p "$OUTDIR"
export HF_HUB_OFFLINE=1 PYTHONUNBUFFERED=1 PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
PY=${PYTHON:-python3}
step() { echo; echo "=== $1 ($(date +%T))"; shift; timeout "$@"; echo "[rc=$?]"; }
{
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
  $PY -c "import torch, diffusers, transformers, pydantic; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), 'diffusers', diffusers.__version__, 'transformers', transformers.__version__)"
  nproc
  if [ "${2:-}" = pool ]; then
    step "pool peak memory, real size, fp16" 150 $PY bench/bench_pool_memory.py --size real --device cuda
  fi
  step "batched vs loop, N=8, real size 512px fp16" 150 $PY bench/bench_batch.py --size real --res 512 \
      --device cuda --dtype float16 --n 8 --repeats 5
  step "agent vs bare, real size 512px fp16" 90 $PY bench/bench_overhead.py --size real --res 512 --device cuda \
      --dtype float16 --repeats 15
  step "batched vs loop, N=8, tiny 64px, cuda" 40 $PY bench/bench_batch.py --device cuda --n 8 --repeats 5
  for t in 1 4 16; do
    step "batched vs loop, N=8, tiny 64px, CPU, $t thread(s)" 60 $PY bench/bench_batch.py --device cpu \
        --threads $t --n 8 --repeats 5
  done
  step "batched vs loop, N=8, medium 256px, CPU, 16 threads" 90 $PY bench/bench_batch.py --device cpu \
      --size medium --res 256 --threads 16 --n 8 --repeats 3
  step "tiny-model diffusion tests on CUDA" 150 $PY -m pytest -q -p no:cacheprovider -o addopts= \
      tests/plugins/test_diffusion_plugins.py tests/plugins/test_diffusion_backends.py tests/models/test_models_pool.py \
      tests/critique/test_critique_diffusion.py tests/plugins/test_text_harmonize.py tests/batch/test_group_batch.py tests/sdk/test_artifacts.py
  step "CLI end to end on the random real-size folder" 60 $PY -m agent.cli run "a red apple left of a blue cup" \
      --backend sd-turbo --model /tmp/scenecraft-bench/sd-real-float16 --steps 1 --width 512 --height 512 \
      --out /tmp/scenecraft-gpu/run
  $PY -c "import numpy as np, os; from PIL import Image; p='/tmp/scenecraft-gpu/run/image.png'; a=np.asarray(Image.open(p)).astype(float); print('CLI image: pixel std', round(a.std(), 1), 'PNG bytes', os.path.getsize(p))"
} 2>&1 | tee "$OUTDIR/gpu_checks.log"
