"""A chat session that edits the plan: the logic behind ``scenecraft chat`` and ``scenecraft ui``.

The first message is planned into a Scene; every later message edits that Scene
(:func:`agent.edits.apply_edit`), recompiles it and runs it with one executor that lives as long as the
session, so unchanged nodes come from the cache and only what the edit touched runs again (each turn's
``trace.json`` says which nodes were cache hits). ``undo``/``redo`` step through the Scene history.
Everything is saved after each turn to ``<folder>/session.json`` plus one run folder per turn, so a
session can be closed and resumed later with :meth:`ChatSession.load`.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from pydantic import ValidationError as PydanticValidationError

from agent.artifacts import atomic_write
from agent.compiler import CompileOptions, compile_scene
from agent.defaults import CHAT_BACKEND, SIZE
from agent.errors import ScenecraftError
from agent.scene import Scene, check_prompt, first_error

log = logging.getLogger("scenecraft.chat")
SESSION_FILE = "session.json"
FORMAT = 1
TurnKind = Literal["plan", "edit", "undo", "redo", "image", "error"]
SETTINGS = ("seed", "width", "height", "backend", "model", "steps", "layout", "negative_prompt", "guidance", "strength",
            "scheduler", "loras", "n")


class Turn(BaseModel):
    """One exchange: what the user said, what changed, where the image is, what the cache saved."""

    index: int
    user: str
    kind: TurnKind
    reply: str
    scene_index: int | None = None  # into SessionState.scenes
    run_dir: str | None = None  # relative to the session folder
    images: list[str] = Field(default_factory=list)  # relative to the session folder
    nodes: int = 0
    cached: int = 0
    ran: list[str] = Field(default_factory=list)  # nodes that actually ran this turn
    failed: list[str] = Field(default_factory=list)
    wall_s: float = 0.0


class SessionState(BaseModel):
    """What ``session.json`` holds: settings, every Scene version, the undo position, the transcript."""

    format: int = FORMAT
    backend: str = CHAT_BACKEND
    seed: int = 0
    width: int = Field(default=SIZE, ge=8, le=8192)
    height: int = Field(default=SIZE, ge=8, le=8192)
    planner: Literal["offline", "llm"] = "offline"
    model: str | None = None
    steps: int | None = None
    layout: str | None = None  # a diffusion backend's layout method (None: the profile's)
    negative_prompt: str | None = None
    guidance: float | None = Field(default=None, ge=0.0, le=50.0)
    strength: float | None = Field(default=None, gt=0.0, le=1.0)
    scheduler: str | None = None  # a diffusers scheduler class name (None: the pipeline's own)
    loras: list[str] = Field(default_factory=list, max_length=16)  # ``PATH_OR_ID[:SCALE]``, as ``--lora`` takes
    n: int = Field(default=1, ge=1, le=16)  # images per turn, one seed each
    scenes: list[dict] = Field(default_factory=list)
    history: list[int] = Field(default_factory=list)  # scene indices along the undo line
    position: int = -1  # history[position] is the current Scene
    turns: list[Turn] = Field(default_factory=list)


class ChatSession:
    """Turns in, Scenes and images out; one persistent executor so follow-ups hit the cache.

    ``folder`` is created if needed; an existing ``session.json`` there is an error (use :meth:`load`).
    """

    def __init__(self, folder: Path | str, backend: str = CHAT_BACKEND, seed: int = 0, width: int = SIZE,
                 height: int = SIZE, planner: Literal["offline", "llm"] = "offline", model: str | None = None,
                 steps: int | None = None, *, _state: SessionState | None = None) -> None:
        from agent.engine.run_folder import ensure_writable_dir

        self.folder = ensure_writable_dir(folder, "session folder")
        if _state is None:
            if (self.folder / SESSION_FILE).exists():
                raise ScenecraftError(f"'{self.folder}' already holds a session: "
                                      "resume it (--resume) or pick another folder")
            _state = SessionState(backend=backend, seed=seed, width=width, height=height, planner=planner,
                                  model=model, steps=steps)
        self.state = _state
        self._executor = None

    # -- persistence -----------------------------------------------------------------------------------------
    @classmethod
    def load(cls, folder: Path | str) -> ChatSession:
        """Resume the session saved in ``folder`` (its Scenes, undo position and transcript)."""
        path = Path(folder) / SESSION_FILE
        try:
            state = SessionState.model_validate_json(path.read_bytes())
        except OSError as exc:
            raise ScenecraftError(f"cannot read session '{path}': {exc.strerror or exc}") from None
        except PydanticValidationError as exc:
            raise ScenecraftError(f"session '{path}' is not valid: {first_error(exc)}") from None
        if state.format != FORMAT:
            raise ScenecraftError(f"session '{path}' has format {state.format}; this version reads {FORMAT}")
        for i, s in enumerate(state.scenes):
            try:
                Scene.parse(s)
            except ScenecraftError as exc:
                raise ScenecraftError(f"session '{path}' scenes[{i}]: {exc}") from None
        if state.history and not (0 <= state.position < len(state.history)):
            raise ScenecraftError(f"session '{path}' position {state.position} is outside its history")
        if any(not 0 <= i < len(state.scenes) for i in state.history):
            raise ScenecraftError(f"session '{path}' history names a scene that does not exist")
        root = Path(folder).resolve()
        for t in state.turns:  # a hand-edited session file must not point the UI at files elsewhere
            for rel in [*t.images, *([t.run_dir] if t.run_dir else [])]:
                if Path(rel).is_absolute() or not (root / rel).resolve().is_relative_to(root):
                    raise ScenecraftError(f"session '{path}' turn {t.index}: path '{rel}' leaves the session folder")
            if t.scene_index is not None and not 0 <= t.scene_index < len(state.scenes):
                raise ScenecraftError(f"session '{path}' turn {t.index}: scene_index {t.scene_index} does not exist")
        return cls(folder, _state=state)

    def save(self) -> Path:
        path = self.folder / SESSION_FILE
        atomic_write(path, (self.state.model_dump_json(indent=2) + "\n").encode())
        return path

    # -- state -----------------------------------------------------------------------------------------------
    @property
    def scene(self) -> Scene | None:
        """The current Scene (after undo/redo), or None before the first turn."""
        if self.state.position < 0:
            return None
        return Scene.parse(self.state.scenes[self.state.history[self.state.position]])

    @property
    def turns(self) -> list[Turn]:
        return self.state.turns

    def last_image_turn(self) -> Turn | None:
        return next((t for t in reversed(self.state.turns) if t.images), None)

    def path(self, relative: str) -> Path:
        return self.folder / relative

    @property
    def executor(self):
        if self._executor is None:
            from agent.engine.run_folder import make_executor

            self._executor = make_executor(progress=False)
        return self._executor

    def update_settings(self, **values: object) -> None:
        """Change generation settings (the web page's panel); checked, saved, used from the next turn on."""
        unknown = set(values) - set(SETTINGS)
        if unknown:
            raise ScenecraftError(f"unknown setting(s) {', '.join(sorted(unknown))}")
        try:
            state = SessionState.model_validate({**self.state.model_dump(), **values})
        except PydanticValidationError as exc:
            raise ScenecraftError(f"setting {first_error(exc)}") from None
        controls_of(state)  # an unknown scheduler or a missing LoRA: an error, and the old settings stay
        self.state = state
        self.save()

    def controls(self) -> dict:
        """The generation controls of the settings, as compiler extras (checked)."""
        return controls_of(self.state)

    def compile_options(self) -> CompileOptions:
        """Model and steps, plus layout, strength and the controls when the backend is a diffusion one."""
        st = self.state
        extra: dict = {}
        if st.backend not in ("sketch", "sketch-layers"):
            extra = {**self.controls(), **{k: v for k, v in (("layout", st.layout), ("strength", st.strength)) if v}}
        return CompileOptions(model=st.model, steps=st.steps, extra=extra)

    # -- turns -----------------------------------------------------------------------------------------------
    def send_image(self, message: str, image: object, mask: object = None, instruction: bool = False, *,
                   outpaint: str | dict[str, int] | None = None, redraw: bool | None = None) -> Turn:
        """Edit an uploaded picture (:func:`agent.chat.image_turns.image_turn`); problems become an error turn.

        Args:
            message: what to paint (the prompt), or with ``instruction`` the InstructPix2Pix instruction.
            image: the photo (path, PIL image or array; any mode).
            mask: drawn strokes or a mask picture: inpaint where it is white or opaque.
            instruction: follow ``message`` as an instruction ("make it winter").
            outpaint: grow the canvas (``"left=256,top=128"``) and fill the margin after the edit.
            redraw: without a mask, redraw the whole photo at the session's strength (default: unless
                outpainting, which alone keeps every pixel of the photo).
        """
        from agent.chat.image_turns import image_turn, save_upload

        text = " ".join(message.strip().split())
        try:
            if image is None:
                raise ScenecraftError("no image to edit: give a photo file")
            image_path, mask_path = save_upload(self, image, mask)
            turn = Turn(**image_turn(self, text, image_path, mask_path, instruction, outpaint=outpaint,
                                     redraw=not outpaint if redraw is None else redraw))
        except ScenecraftError as exc:
            turn = Turn(index=len(self.state.turns), user=text, kind="error", reply=f"Sorry: {exc}")
        self.state.turns.append(turn)
        self.save()
        return turn

    def send(self, message: str) -> Turn:
        """Handle one user message and save the session. Problems become an ``error`` turn, not an exception."""
        text = " ".join(message.strip().split())
        word = text.lower().strip(" .!/")
        st = self.state
        saved = (len(st.scenes), list(st.history), st.position)
        try:
            if not text:
                raise ScenecraftError("empty message: describe an image, or an edit to the current one")
            check_prompt(text, "message")
            if word in ("undo", "redo"):
                turn = self._step(text, word)
            elif self.scene is None or word.startswith(("new ", "new:", "start over")):
                prompt = text.split(":", 1)[1] if word.startswith("new:") else text
                prompt = prompt[4:] if word.startswith("new ") else prompt
                turn = self._plan(text, prompt.removeprefix("start over").strip(" :,") or prompt)
            else:
                turn = self._edit(text)
        except Exception as exc:  # leave the Scene history exactly as it was before this message
            del st.scenes[saved[0]:]
            st.history, st.position = saved[1], saved[2]
            if isinstance(exc, ScenecraftError):
                reply = f"Sorry: {exc}"
            else:  # a bug, not a user error: keep the session alive, but say so and log the traceback
                log.exception("turn %r failed", text)
                reply = f"Internal error ({type(exc).__name__}: {exc}); the scene is unchanged. Details are in the log."
            shown = text.encode("utf-8", "backslashreplace").decode("utf-8")  # invalid text is kept as escapes
            turn = Turn(index=len(self.state.turns), user=shown, kind="error", reply=reply)
        self.state.turns.append(turn)
        self.save()
        return turn

    def start(self, scene: Scene, note: str = "(scene loaded from a file)") -> Turn:
        """Begin (or restart) from a ready Scene instead of planning a request; later turns edit it."""
        st = self.state
        saved = (len(st.scenes), list(st.history), st.position)
        try:
            turn = self._render(note, "plan", scene)
        except ScenecraftError:
            del st.scenes[saved[0]:]
            st.history, st.position = saved[1], saved[2]
            raise
        turn.reply = f"Loaded a scene with {len(scene.objects)} objects. " + turn.reply
        st.turns.append(turn)
        self.save()
        return turn

    def _plan(self, text: str, prompt: str) -> Turn:
        from agent.edits import describe_scene
        from agent.planners import get_planner

        st = self.state
        scene = get_planner(st.planner).plan(prompt, width=st.width, height=st.height, seed=st.seed)
        turn = self._render(text, "plan", scene)
        turn.reply = f"Planned {describe_scene(scene)}. " + turn.reply
        return turn

    def _edit(self, text: str) -> Turn:
        from agent.edits import apply_edit

        old = self.scene
        assert old is not None
        new = apply_edit(old, text, llm=None if self.state.planner == "llm" else False)
        changes = scene_changes(old, new)
        if not changes:
            raise ScenecraftError(f"'{text}' changed nothing in the scene")
        turn = self._render(text, "edit", new)
        turn.reply = "; ".join(changes) + ". " + turn.reply
        return turn

    def _step(self, text: str, word: str) -> Turn:
        st = self.state
        target = st.position - 1 if word == "undo" else st.position + 1
        if word == "undo" and target < 0:
            raise ScenecraftError("nothing to undo")
        if word == "redo" and target >= len(st.history):
            raise ScenecraftError("nothing to redo")
        old = self.scene
        st.position = target
        scene = self.scene
        assert scene is not None and old is not None
        turn = self._render(text, word, scene, new_version=False)  # type: ignore[arg-type]
        changes = scene_changes(old, scene)
        turn.reply = f"{word.capitalize()}: " + ("; ".join(changes) or "no change") + ". " + turn.reply
        return turn

    def _render(self, text: str, kind: TurnKind, scene: Scene, new_version: bool = True) -> Turn:
        from agent.chat.runs import execute_turn, turn_fields

        st = self.state
        if new_version:
            st.scenes.append(json.loads(scene.to_json(indent=None)))
            del st.history[st.position + 1:]  # a new edit drops the redo line
            st.history.append(len(st.scenes) - 1)
            st.position = len(st.history) - 1
        run_dir = f"turn-{len(st.turns):03d}"
        t0 = time.perf_counter()
        graph = compile_scene(scene, st.backend, self.compile_options())
        outcome = execute_turn(self, graph, run_dir, scene)  # one image, or n seeds (image_1..N, grid.png)
        return Turn(**turn_fields(self, text, kind, run_dir, outcome, t0, graph, st.history[st.position]))


def controls_of(st: SessionState) -> dict:
    """``st``'s generation controls as compiler extras, checked as the CLI checks ``--scheduler``/``--lora``."""
    from agent.compiler.controls import make_controls

    return make_controls(negative_prompt=st.negative_prompt, guidance=st.guidance, strength=st.strength,
                         scheduler=st.scheduler, loras=list(st.loras))


def scene_changes(old: Scene, new: Scene) -> list[str]:
    """Human-readable differences between two Scenes (what an edit did)."""
    out: list[str] = []
    before = {o.id: o for o in old.objects}
    after = {o.id: o for o in new.objects}
    out += [f"added {o.id}" + (f" ({o.color})" if o.color else "") for i, o in after.items() if i not in before]
    out += [f"removed {i}" for i in before if i not in after]
    for i, o in after.items():
        p = before.get(i)
        if p is None:
            continue
        if p.color != o.color:
            out.append(f"{i} colour {p.color or 'unset'} -> {o.color or 'unset'}")
        if p.box != o.box:
            same_size = all(abs((p.box[k + 2] - p.box[k]) - (o.box[k + 2] - o.box[k])) < 1e-3 for k in (0, 1))
            out.append(f"moved {i}" if same_size else f"resized {i}")
    t_before = {t.id: t for t in old.texts}
    t_after = {t.id: t for t in new.texts}
    for i, t in t_after.items():
        p = t_before.get(i)
        if p is None:
            out.append(f"added text '{t.content}'")
        elif p.content != t.content:
            out.append(f"text '{p.content}' -> '{t.content}'")
        elif p.color != t.color:
            out.append(f"text '{t.content}' colour {p.color or 'unset'} -> {t.color or 'unset'}")
    out += [f"removed text '{t.content}'" for i, t in t_before.items() if i not in t_after]
    if old.background != new.background and new.background:
        out.append(f"background -> {new.background}")
    if old.style != new.style:
        out.append(f"style -> {new.style or 'none'}")
    if old.negative != new.negative:
        out.append(f"excluded: {', '.join(new.negative) or 'nothing'}")
    if [r.model_dump() for r in old.relations] != [r.model_dump() for r in new.relations] and not out:
        out.append("relations updated")
    return out
