"""A user's image + what to do with it -> TaskGraph (instruct, inpaint, img2img, then optional outpaint).

Every step is a node, so the graph in a result's provenance says exactly what was done::

    source (input.image) -> edit (edit.instruct | edit.inpaint [mask <- input.image | box] | edit.img2img)
                         -> pad (image.pad) -> outpaint (edit.inpaint, mask = the new margin)

The input image (and a mask file) enter as ``input.image`` nodes whose params are handles in the
content-addressed store, so ``run --from`` finds the same pixels. Which model: the backend when it is a
diffusers profile, else ``sd-turbo`` (one step, inpainting through ``from_pipe``) for inpaint, img2img
and outpaint, and ``instruct-pix2pix`` for instructions; ``CompileOptions.model`` replaces the checkpoint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agent.artifacts import ImageRef
from agent.compiler import CompileOptions
from agent.errors import ScenecraftError
from agent.graph import OutputRef, TaskGraph
from agent.models.profiles import PROFILES, check_combination, get_profile

# Generation controls a user may set (CLI flags, batch item fields, API arguments) -> plugin param names.
CONTROL_KEYS = ("negative_prompt", "guidance_scale", "scheduler", "loras")
DEFAULT_EDIT_PROFILE = "sd-turbo"


@dataclass
class ImageEdit:
    """What to do with a user's image. Exactly one of instruction / mask / box / strength picks the first
    step (none: outpaint only); ``outpaint`` ({"left": 256, ...}) adds the outpainting step after it."""

    image: ImageRef
    image_name: str = ""
    prompt: str | None = None
    instruction: str | None = None
    mask: ImageRef | None = None
    mask_name: str = ""
    box: tuple[float, float, float, float] | None = None
    strength: float | None = None
    outpaint: dict[str, int] = field(default_factory=dict)

    def first_step(self) -> str | None:
        """``instruct``, ``inpaint``, ``img2img`` or None (outpaint only)."""
        if self.instruction:
            return "instruct"
        if self.mask is not None or self.box is not None:
            return "inpaint"
        if self.strength is not None or (self.prompt and not self.outpaint):
            return "img2img"
        return None


def check_edit(edit: ImageEdit) -> None:
    """Refuse combinations that have no single meaning, with the flags' names."""
    if edit.mask is not None and edit.box is not None:
        raise ScenecraftError("give --mask or --box, not both")
    if edit.instruction and (edit.mask is not None or edit.box is not None or edit.outpaint):
        raise ScenecraftError("--instruction edits the whole image: run --mask/--box/--outpaint as a second run "
                              "on its result")
    if edit.instruction and edit.strength is not None:
        raise ScenecraftError("--strength does not apply to --instruction (InstructPix2Pix uses --guidance)")
    if edit.strength is not None and not 0.0 < edit.strength <= 1.0:
        raise ScenecraftError(f"--strength {edit.strength} must be in (0, 1]")
    step = edit.first_step()
    if (step in ("inpaint", "img2img") or edit.outpaint) and not (edit.prompt and edit.prompt.strip()):
        what = {"inpaint": "--mask/--box", "img2img": "--strength"}.get(step or "", "--outpaint")
        raise ScenecraftError(f"{what} needs a PROMPT saying what to draw")
    if step is None and not edit.outpaint:
        raise ScenecraftError("--image needs something to do: a PROMPT with --strength, --mask or --box, "
                              "--instruction, or --outpaint")


def edit_profile(backend: str, step: str) -> str:
    """The profile a step uses: the backend when it is a diffusers profile that can do it, else the default."""
    if step == "instruct":
        return backend if backend in PROFILES and PROFILES[backend].family == "pix2pix" else "instruct-pix2pix"
    if backend in PROFILES and PROFILES[backend].family != "pix2pix":
        return backend
    return DEFAULT_EDIT_PROFILE


def controls(options: CompileOptions) -> dict[str, Any]:
    """The generation controls set in ``options.extra`` (only those given)."""
    return {k: options.extra[k] for k in CONTROL_KEYS if options.extra.get(k) not in (None, [], "")}


def _model_params(backend: str, step: str, options: CompileOptions, task: str) -> dict[str, Any]:
    prof = get_profile(edit_profile(backend, step), model=options.model)
    check_combination(prof, task)
    return {"model": prof.model, "profile": prof.name, **controls(options)}


def _steps(options: CompileOptions, strength: float) -> dict[str, Any]:
    """``--steps`` counts real denoising steps: the schedule is stretched by 1/strength (see docs/backends.md)."""
    if options.steps is None:
        return {}
    from agent.models.profiles import schedule_length

    return {"num_inference_steps": schedule_length(options.steps, strength)}


def build_edit_graph(edit: ImageEdit, backend: str = "sketch", options: CompileOptions | None = None) -> TaskGraph:
    """The graph for ``edit``; its output is the last step's image."""
    options = options or CompileOptions()
    check_edit(edit)
    graph = TaskGraph()
    graph.add("source", "input.image", image=edit.image.model_dump(mode="json"), name=edit.image_name)
    last = "source"
    step = edit.first_step()
    if step == "instruct":
        params = _model_params(backend, step, options, "instruct")
        if options.steps:
            params["num_inference_steps"] = options.steps
        graph.add("edit", "edit.instruct", links={"image": (last, "image")}, prompt=edit.instruction, **params)
        last = "edit"
    elif step == "inpaint":
        strength = edit.strength if edit.strength is not None else 1.0
        params = {**_model_params(backend, step, options, "inpaint"), **_steps(options, strength)}
        links: dict[str, tuple[str, str]] = {"image": (last, "image")}
        if edit.mask is not None:
            graph.add("mask", "input.image", image=edit.mask.model_dump(mode="json"), name=edit.mask_name)
            links["mask"] = ("mask", "image")
        else:
            params["box"] = list(edit.box or ())
        graph.add("edit", "edit.inpaint", links=links, prompt=edit.prompt, strength=strength, **params)
        last = "edit"
    elif step == "img2img":
        strength = edit.strength if edit.strength is not None else get_profile(edit_profile(backend, step)).strength
        params = {**_model_params(backend, step, options, "image2image"), **_steps(options, strength)}
        graph.add("edit", "edit.img2img", links={"image": (last, "image")}, prompt=edit.prompt, strength=strength,
                  **params)
        last = "edit"
    if edit.outpaint:
        graph.add("pad", "image.pad", links={"image": (last, "image")}, **edit.outpaint)
        params = {**_model_params(backend, "inpaint", options, "inpaint"), **_steps(options, 1.0)}
        graph.add("outpaint", "edit.inpaint", links={"image": ("pad", "image"), "mask": ("pad", "mask")},
                  prompt=edit.prompt, **params)
        last = "outpaint"
    graph.outputs = [OutputRef(node=last, field="image")]
    return graph


def make_image_edit(store: Any, image: Any, prompt: str | None = None, *, mask: Any = None, box: Any = None,
                    instruction: str | None = None, strength: float | None = None, outpaint: Any = None,
                    what: tuple[str, str] = ("--image", "--mask")) -> ImageEdit:
    """Read the image (and mask) into ``store`` and return the checked :class:`ImageEdit`.

    Args:
        store: the artifact store (the graph names the pixels by their hash).
        image: the photo: a path, a PIL image or an array (any mode; EXIF rotation applied).
        prompt: what to paint (inpaint, img2img, outpaint).
        mask: white = redraw, the photo's size (a path, PIL image or array).
        box: ``"x0,y0,x1,y1"`` or four numbers, fractions of the image.
        instruction: an InstructPix2Pix instruction (runs alone).
        strength: img2img strength in (0, 1].
        outpaint: ``"left=256,top=128"`` or a dict of margins in pixels.
        what: the names of the image and mask in errors (``--image``/``--mask``, or ``upload``/``mask``).

    Errors are one line naming the value.
    """
    from pathlib import Path

    from agent.util.images import parse_box, parse_outpaint, read_user_image, read_user_mask, store_image

    if mask is not None and box is not None:
        raise ScenecraftError("give --mask or --box, not both")
    if box is not None and not isinstance(box, str):
        box = ",".join(str(v) for v in box)
    if isinstance(outpaint, dict):
        outpaint = ",".join(f"{k}={v}" for k, v in outpaint.items())
    parsed_box = parse_box(box) if box is not None else None
    margins = parse_outpaint(outpaint) if outpaint else {}
    picture = read_user_image(image, what[0])
    mask_image = read_user_mask(mask, picture.size, what[1]) if mask is not None else None
    name = Path(image).name if isinstance(image, (str, Path)) else ""
    edit = ImageEdit(image=store_image(store, picture), image_name=name, prompt=prompt, instruction=instruction,
                     box=parsed_box, strength=strength, outpaint=margins)
    if mask_image is not None:
        edit.mask = store_image(store, mask_image, mask=True)
        edit.mask_name = Path(mask).name if isinstance(mask, (str, Path)) else ""
    check_edit(edit)
    return edit
