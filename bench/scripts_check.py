"""Texts in other scripts: each prompt renders with real glyphs (the font's cmap covers every character),
and RapidOCR reads back the scripts its bundled PP-OCR model knows (Chinese and Latin, not Arabic).

    PYTHONPATH=$PWD python bench/scripts_check.py
"""

from __future__ import annotations

import sys
from pathlib import Path

PROMPTS = {
    "CJK": ('a red shop sign that says "欢迎光临" above a white cat', "欢迎光临", True),
    "Arabic": ('a blue sign that says "مرحبا"', "مرحبا", False),
    "Hebrew": ('a white sign that says "שלום"', "שלום", False),
    "Thai": ('a green sign that says "สวัสดี"', "สวัสดี", False),
    "Devanagari": ('a poster that says "नमस्ते"', "नमस्ते", False),
    "Cyrillic and Greek": ('a poster that says "Привет Γειά"', "Привет Γειά", False),
}


def main() -> int:
    from agent.compiler import compile_scene
    from agent.engine.run_folder import make_executor
    from agent.planners import get_planner
    from agent.text.fonts import choose_font, missing_glyphs
    from agent.verify.ocr import get_engine, squash

    ocr = get_engine("rapidocr")
    executor = make_executor(progress=False)
    failed = 0
    for script, (prompt, text, check_ocr) in PROMPTS.items():
        scene = get_planner("offline").plan(prompt, width=1024, height=1024)
        face = choose_font(None, text)
        covered = not missing_glyphs(face, text)
        graph = compile_scene(scene, "sketch")
        result = executor.run(graph, seed=0)
        out = result.outputs.get(graph.outputs[0].node)
        drawn = out is not None and not result.failures
        read = ""
        if drawn and check_ocr:
            img = executor.store.get_image(out.image)
            read = " ".join(ln.text for ln in ocr.read(img))
        ok = covered and drawn and (not check_ocr or squash(text) in squash(read))
        failed += not ok
        print(f"{script:20s} font {face.path.name if face.path else 'none':28s} covers all: {covered}  drawn: {drawn}"
              + (f"  RapidOCR: {read!r}" if check_ocr else "  (RapidOCR has no model for it)"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())
