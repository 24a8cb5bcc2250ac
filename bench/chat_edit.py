"""How much a chat follow-up costs compared with the first render, per sketch backend.

Runs one session per backend in a fresh cache: plan a scene of eight objects and a sign, then
"make the cup green", "change the sign to CLOSED", "add a dog" and "undo". Prints seconds per turn,
nodes run / cached, and each follow-up's time as a share of the first render. Run from the repo root:

    PYTHONPATH=$PWD python bench/chat_edit.py [--size 512] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

SCENE = {
    "prompt": "three red apples, two bananas, a blue cup, a teddy bear and a sign that says OPEN",
    "background": "a wooden kitchen table",
    "objects": [
        {"id": "apple_1", "name": "apple", "color": "red", "box": [0.02, 0.55, 0.16, 0.72]},
        {"id": "apple_2", "name": "apple", "color": "red", "box": [0.18, 0.55, 0.32, 0.72]},
        {"id": "apple_3", "name": "apple", "color": "red", "box": [0.34, 0.55, 0.48, 0.72]},
        {"id": "banana_1", "name": "banana", "color": "yellow", "box": [0.02, 0.75, 0.2, 0.95]},
        {"id": "banana_2", "name": "banana", "color": "yellow", "box": [0.22, 0.75, 0.4, 0.95]},
        {"id": "cup_1", "name": "cup", "color": "blue", "box": [0.5, 0.5, 0.68, 0.75]},
        {"id": "teddy_bear_1", "name": "teddy bear", "color": "brown", "box": [0.5, 0.76, 0.75, 0.98]},
        {"id": "sign_1", "name": "sign", "box": [0.72, 0.05, 0.97, 0.45]},
    ],
    "texts": [{"id": "text_1", "content": "OPEN", "box": [0.74, 0.1, 0.95, 0.3], "on": "sign_1"}],
}
FOLLOW_UPS = ["make the cup green", "change the sign to CLOSED", "add a dog", "undo"]


def one_session(backend: str, size: int) -> list[tuple[str, float, int, int]]:
    from agent.chat import ChatSession
    from agent.scene import Scene

    os.environ["SCENECRAFT_CACHE"] = tempfile.mkdtemp(prefix="bench-cache-")
    scene = Scene.parse({**SCENE, "width": size, "height": size})
    session = ChatSession(tempfile.mkdtemp(prefix="bench-chat-"), backend=backend, width=size, height=size)
    rows = []
    t0 = time.perf_counter()
    turn = session.start(scene)
    rows.append(("first render", time.perf_counter() - t0, len(turn.ran), turn.cached))
    for msg in FOLLOW_UPS:
        t0 = time.perf_counter()
        turn = session.send(msg)
        assert turn.kind != "error", turn.reply
        rows.append((msg, time.perf_counter() - t0, len(turn.ran), turn.cached))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    one_session("sketch", 64)  # warm fonts and imports so the first backend measured is not penalised
    results = {}
    for backend in ("sketch", "sketch-layers"):
        runs = [one_session(backend, args.size) for _ in range(args.repeat)]
        results[backend] = [(row[0], statistics.median(x[i][1] for x in runs), row[2], row[3])
                            for i, row in enumerate(runs[0])]
    print(f"{args.size}x{args.size}, 8 objects + 1 text, "
          f"median of {args.repeat} sessions each (fresh cache per session)")
    for backend, rows in results.items():
        first = rows[0][1]
        print(f"\n{backend}:")
        for name, sec, ran, cached in rows:
            print(f"  {name:28s} {sec * 1000:8.1f} ms  ran {ran:2d} cached {cached:2d}  "
                  f"= {sec / first:5.2f} x first render")
    a, b = results["sketch"], results["sketch-layers"]
    print("\nsketch-layers follow-up time / sketch follow-up time:")
    for (name, sa, _, _), (_, sb, _, _) in zip(a[1:], b[1:], strict=True):
        print(f"  {name:28s} {sb / sa:5.2f}")


if __name__ == "__main__":
    main()
