"""``scenecraft run``'s image inputs and generation controls: the flags and what they turn into.

``--image PHOTO`` with ``--instruction``, ``--mask``/``--box``, ``--strength`` and/or ``--outpaint``
builds an edit graph (see ``agent/compiler/images.py``); the controls (``--negative-prompt``,
``--guidance``, ``--strength``, ``--scheduler``, ``--lora``) go to every diffusion node; ``--n`` runs the
graph with N seeds. Every check here runs before anything is written to ``--out``.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from agent.errors import ScenecraftError

IMAGE_FLAGS = ("instruction", "mask", "box", "outpaint")
MAX_N = 64


def add_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("your own image (docs/images.md)")
    g.add_argument("--image", type=Path, default=None, help="edit this image (any size or mode; EXIF rotation applied)")
    g.add_argument("--instruction", default=None, help='with --image: an edit instruction ("make it winter")')
    g.add_argument("--mask", type=Path, default=None, help="with --image and PROMPT: redraw where the mask is white")
    g.add_argument("--box", default=None, metavar="X0,Y0,X1,Y1", help="with --image and PROMPT: redraw this box (0..1)")
    g.add_argument("--outpaint", default=None, metavar="left=256,top=128",
                   help="with --image and PROMPT: grow the canvas by these pixels and fill the margin")
    c = p.add_argument_group("generation controls")
    c.add_argument("--negative-prompt", default=None, help="what the image should not show (needs guidance > 1)")
    c.add_argument("--guidance", type=float, default=None, help="classifier-free guidance scale (turbo: 0)")
    c.add_argument("--strength", type=float, default=None,
                   help="img2img / sketch-guided strength in (0, 1]: how much to redraw")
    c.add_argument("--scheduler", default=None, help="a diffusers scheduler class, e.g. EulerDiscreteScheduler")
    c.add_argument("--lora", action="append", default=None, metavar="PATH_OR_ID[:SCALE]",
                   help="a LoRA adaptor (repeatable)")
    c.add_argument("--n", type=int, default=1, help="N images, one seed each (image_1..N.png and grid.png)")


def parse_lora(text: str) -> dict[str, Any]:
    """``PATH_OR_ID[:SCALE]`` -> {"path", "scale"}; a local path that does not exist is a one-line error."""
    path, scale = text, 1.0
    head, sep, tail = text.rpartition(":")
    if sep and head and re.fullmatch(r"[-+]?\d*\.?\d+", tail):
        path, scale = head, float(tail)
    if not path.strip():
        raise ScenecraftError(f"--lora '{text}': give a folder, a .safetensors file or a hub id")
    local = path.startswith(("/", ".", "~")) or path.endswith(".safetensors") or path.count("/") > 1
    if local and not Path(path).expanduser().exists():
        raise ScenecraftError(f"--lora '{path}': no such file or folder")
    if not -10.0 <= scale <= 10.0:
        raise ScenecraftError(f"--lora '{text}': scale {scale} is outside -10..10")
    return {"path": str(Path(path).expanduser().resolve()) if Path(path).expanduser().exists() else path,
            "scale": scale}


def controls(args: argparse.Namespace) -> dict[str, Any]:
    """The generation controls given on the command line, checked, as compiler ``extra`` keys."""
    out: dict[str, Any] = {}
    if args.negative_prompt:
        out["negative_prompt"] = args.negative_prompt
    if args.guidance is not None:
        if not 0.0 <= args.guidance <= 50.0:
            raise ScenecraftError(f"--guidance {args.guidance} is outside 0..50")
        out["guidance_scale"] = args.guidance
    if args.strength is not None and not 0.0 < args.strength <= 1.0:
        raise ScenecraftError(f"--strength {args.strength} must be in (0, 1]")
    if args.scheduler:
        out["scheduler"] = args.scheduler
    if args.lora:
        out["loras"] = [parse_lora(x) for x in args.lora]
    if not 1 <= args.n <= MAX_N:
        raise ScenecraftError(f"--n {args.n} must be 1..{MAX_N}")
    check_controls(out)
    return out


def check_controls(values: dict[str, Any]) -> None:
    """Check ``scheduler`` and ``loras`` against the diffusion plugins' own field types (the registry's
    ``generate.one_step`` Input), so an unknown scheduler fails before anything is planned or written."""
    if not any(k in values for k in ("scheduler", "loras")):
        return
    from typing import Annotated

    from pydantic import TypeAdapter
    from pydantic import ValidationError as PydanticValidationError

    from agent.registry import default_registry

    registry = default_registry()
    if "generate.one_step" not in registry:
        raise ScenecraftError("--scheduler/--lora need the diffusion plugins (pip install 'scenecraft[diffusers]')")
    fields = registry.get_class("generate.one_step").Input.model_fields
    for key, flag in (("scheduler", "--scheduler"), ("loras", "--lora")):
        if key not in values:
            continue
        try:
            TypeAdapter(Annotated[fields[key].annotation, fields[key]]).validate_python(values[key])
        except PydanticValidationError as exc:
            msg = exc.errors(include_url=False)[0].get("msg", "invalid").removeprefix("Value error, ")
            raise ScenecraftError(f"{flag}: {msg}") from None


def check_image_flags(args: argparse.Namespace) -> None:
    """Image-only flags need --image; --image excludes the other sources."""
    given = [f for f in IMAGE_FLAGS if getattr(args, f) is not None]
    if args.image is None:
        if given:
            raise ScenecraftError(f"--{given[0]} needs --image PHOTO")
        return
    others = [name for name, v in (("--from", args.from_png), ("--scene", args.scene), ("--graph", args.graph))
              if v is not None]
    if others:
        raise ScenecraftError(f"--image cannot be combined with {others[0]}")
    if args.critique:
        raise ScenecraftError("--critique needs a planned scene; it does not apply to --image edits")
    if args.layout:
        raise ScenecraftError("--layout applies to planned scenes, not to --image edits")
    if args.width or args.height:
        raise ScenecraftError("--width/--height do not apply to --image (the result keeps the photo's size; "
                              "--outpaint grows it)")


def image_edit(args: argparse.Namespace, store: Any) -> Any:
    """Read --image (and --mask) into the store and return the ``ImageEdit`` the flags describe."""
    from agent.compiler.images import ImageEdit, check_edit
    from agent.util.images import parse_box, parse_outpaint, read_user_image, read_user_mask, store_image

    if args.mask is not None and args.box is not None:
        raise ScenecraftError("give --mask or --box, not both")
    box = parse_box(args.box) if args.box is not None else None
    outpaint = parse_outpaint(args.outpaint) if args.outpaint is not None else {}
    image = read_user_image(args.image, "--image")
    mask = read_user_mask(args.mask, image.size, "--mask") if args.mask is not None else None
    edit = ImageEdit(image=store_image(store, image), image_name=args.image.name, prompt=args.prompt,
                     instruction=args.instruction, box=box, strength=args.strength, outpaint=outpaint)
    if mask is not None:
        edit.mask, edit.mask_name = store_image(store, mask, mask=True), args.mask.name
    check_edit(edit)
    return edit
