"""DSG-1k at image level: each DSG question is asked of the image by a vision LLM (Cho et al., ICLR 2024).

The question goes, with the image, to the project's OpenAI-compatible client (``[llm]`` settings,
``vision_model`` or ``model``); the reply's first "yes"/"no" is the answer (anything else counts as "no").
As in the paper, a question whose parent (the ``dependency`` column) was answered "no" counts as "no"
without being asked. A prompt's score is the mean over its questions; the report gives the mean over
prompts and the share of "yes" per broad category (entity, attribute, relation, global, other) and source.

Which image belongs to which prompt:
- a ``scenecraft batch`` run folder (``DIR/manifest.jsonl``): the latest "ok" record whose id is the
  DSG item_id (else whose prompt is the DSG prompt), its first image;
- otherwise ``DIR/<item_id>.png`` (or ``.jpg``, ``.jpeg``, ``.webp``).
A prompt without an image scores 0 and is named in the report.
"""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from agent.errors import ScenecraftError
from agent.eval.dsg import DsgReport, PromptResult
from agent.eval.dsg_data import DsgPrompt, DsgTuple

BROAD = ("entity", "attribute", "relation", "global", "other")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
SYSTEM = "You answer questions about an image. Reply with one word: yes or no."
Ask = Callable[[str, Path], str]  # (question, image) -> the model's reply text
_YES_NO = re.compile(r"\b(yes|no)\b", re.IGNORECASE)


def parse_answer(text: str) -> bool | None:
    """The first "yes" or "no" in a reply (True/False), or None when it says neither."""
    m = _YES_NO.search(text or "")
    return None if m is None else m.group(1).lower() == "yes"


def _manifest_images(folder: Path) -> dict[str, Path]:
    """id -> image and prompt -> image from a batch run folder's manifest (latest "ok" record wins)."""
    out: dict[str, Path] = {}
    try:
        lines = (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenecraftError(f"cannot read '{folder / 'manifest.jsonl'}': {exc}") from None
    for line in lines:
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue  # a partial last line from a crash: the manifest itself never trusts it
        if isinstance(rec, dict) and rec.get("status") == "ok" and rec.get("images"):
            image = _inside(folder, rec["images"][0])
            out[f"id:{rec.get('id')}"] = image
            out.setdefault(f"prompt:{rec.get('prompt')}", image)
    return out


def _inside(folder: Path, name: object) -> Path:
    """``folder / name`` resolved; a manifest (untrusted) naming a file outside the folder is refused."""
    image = folder / str(name)
    if not image.resolve().is_relative_to(folder.resolve()):
        raise ScenecraftError(f"'{folder / 'manifest.jsonl'}' names an image outside the folder: {str(name)[:120]!r}")
    return image


def find_images(folder: Path, prompts: list[DsgPrompt]) -> dict[str, Path]:
    """item_id -> image file for every prompt that has one (see the module docstring for the naming)."""
    if not folder.is_dir():
        raise ScenecraftError(f"--images '{folder}' is not a folder")
    out: dict[str, Path] = {}
    if (folder / "manifest.jsonl").is_file():
        found = _manifest_images(folder)
        for p in prompts:
            image = found.get(f"id:{p.item_id}") or found.get(f"prompt:{p.text}")
            if image is not None and image.is_file():
                out[p.item_id] = image
        return out
    for p in prompts:
        image = next((folder / f"{p.item_id}{s}" for s in IMAGE_SUFFIXES if (folder / f"{p.item_id}{s}").is_file()),
                     None)
        if image is not None:
            out[p.item_id] = image
    return out


def data_url(path: Path, max_side: int = 1024) -> str:
    """The image as a ``data:image/png;base64,...`` URL, downscaled to ``max_side``."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            img = im.convert("RGB")
    except (OSError, UnidentifiedImageError) as exc:
        raise ScenecraftError(f"cannot read image '{path}': {exc}".splitlines()[0]) from None
    img.thumbnail((max_side, max_side))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def vlm_asker(model: str | None = None, config: Any = None) -> Ask:
    """An :data:`Ask` backed by the project's chat client (one HTTP request per question)."""
    from agent.llm.client import chat_model, load_config

    cfg = config if config is not None else load_config()
    llm = chat_model(cfg, model=model or cfg.vision_model)

    def ask(question: str, image: Path) -> str:
        import openai
        from langchain_core.messages import HumanMessage, SystemMessage

        content = [{"type": "text", "text": question}, {"type": "image_url", "image_url": {"url": data_url(image)}}]
        try:
            reply = llm.invoke([SystemMessage(content=SYSTEM), HumanMessage(content=content)])
        except openai.APITimeoutError:
            raise ScenecraftError(f"VLM {cfg.describe()} timed out after {cfg.timeout:g}s") from None
        except openai.APIConnectionError as exc:
            raise ScenecraftError(f"VLM {cfg.describe()} is unreachable ({exc.__cause__ or exc})") from None
        except openai.APIStatusError as exc:
            raise ScenecraftError(f"VLM {cfg.describe()} answered HTTP {exc.status_code}: "
                                  f"{str(exc.message)[:160]}") from None
        text = reply.content
        if isinstance(text, list):
            text = " ".join(c.get("text", "") if isinstance(c, dict) else str(c) for c in text)
        return str(text or "")

    return ask


def answer_prompt(prompt: DsgPrompt, image: Path | None, ask: Ask) -> PromptResult:
    """Every question of one prompt, parents first; a "no" parent makes its children "no" unasked."""
    answers: dict[int, bool] = {}
    results: dict[int, tuple[str, bool, str]] = {}
    by_id = {t.pid: t for t in prompt.tuples}

    def answer(t: DsgTuple, path: tuple[int, ...] = ()) -> bool:
        if t.pid in answers:
            return answers[t.pid]
        parents = [by_id[p] for p in t.parents if p in by_id and p not in path and p != t.pid]
        failed = [p for p in parents if not answer(p, (*path, t.pid))]
        if image is None:
            ok, why = False, "no image"
        elif failed:
            ok, why = False, f"parent {failed[0].pid} answered no"
        else:
            reply = ask(t.question, image)
            said = parse_answer(reply)
            ok, why = bool(said), "yes" if said else ("no" if said is False else f"unclear reply {reply[:40]!r}")
        answers[t.pid] = ok
        results[t.pid] = (_broad(t), ok, "ok" if ok else f"{t.question} -> {why}")
        return ok

    for t in prompt.tuples:
        answer(t)
    return PromptResult(prompt, dict(sorted(results.items())))


def _broad(t: DsgTuple) -> str:
    return t.broad if t.broad in BROAD else "other"


def score_images(prompts: list[DsgPrompt], images: Path, model: str | None = None, ask: Ask | None = None,
                 workers: int = 4) -> DsgReport:
    """Image-level DSG over ``images`` (see the module docstring).

    Args:
        prompts: the DSG items with their questions.
        images: a folder of ``<item_id>.png`` files or a batch run folder with ``manifest.jsonl``.
        model: the vision model to ask (default: the LLM config's ``vision_model``).
        ask: replaces the VLM (tests): (question, image path) -> the reply text.
        workers: prompts asked in parallel.

    A prompt without an image scores 0 and is named in the report's notes.
    """
    found = find_images(images, prompts)
    if not found:
        raise ScenecraftError(f"no image in '{images}' matches a DSG item_id (expected <item_id>.png or a batch "
                              "run folder with manifest.jsonl)")
    asker = ask if ask is not None else vlm_asker(model)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = list(pool.map(lambda p: answer_prompt(p, found.get(p.item_id), asker), prompts))
    missing = [p.item_id for p in prompts if p.item_id not in found]
    notes = [f"no image for {len(missing)} prompt(s), scored 0: {', '.join(missing[:5])}"
             + (" ..." if len(missing) > 5 else "")] if missing else []
    return DsgReport("image", results, categories=BROAD, notes=notes)
