"""Batch from Python: run a prompt file into a folder, resumably (the same engine as ``scenecraft batch``).

    python examples/batch_run.py examples/batch/prompts.jsonl --out runs/batch
    # or from the shell:
    scenecraft batch examples/batch/prompts.jsonl --out runs/batch --width 256 --height 256
    scenecraft batch examples/batch/prompts.jsonl --out runs/batch --resume   # after an interruption

The folder gets ``items/<name>/image.png`` (+ scene, graph, trace), ``manifest.jsonl`` and ``index.html``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from agent.batch import BatchSettings, run_batch


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, nargs="?", default=Path(__file__).parent / "batch" / "prompts.jsonl")
    parser.add_argument("--out", type=Path, default=Path("runs/batch"))
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--resume", action="store_true")
    args = parser.parse_args()

    settings = BatchSettings(width=args.size, height=args.size, resume=args.resume)
    report = run_batch(args.file, args.out, settings,
                       on_record=lambda rec: print(f"{rec.status:>6}  {rec.id:<12} {rec.time:.2f}s  {rec.images}"))
    for err in report.errors:
        print(f"{args.file}:{err.line}: {err.reason}", file=sys.stderr)
    print(f"{report.ok} done, {report.skipped} skipped, {report.failed} failed -> {report.index}")
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
