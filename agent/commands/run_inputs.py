"""``scenecraft run``'s image inputs and generation controls: the flags and what they turn into.

``--image PHOTO`` with ``--instruction``, ``--mask``/``--box``, ``--strength`` and/or ``--outpaint``
builds an edit graph (see ``agent/compiler/images.py``); the controls (``--negative-prompt``,
``--guidance``, ``--strength``, ``--scheduler``, ``--lora``) go to every diffusion node; ``--n`` runs the
graph with N seeds. Every check here runs before anything is written to ``--out``.
"""

from __future__ import annotations

import argparse
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


def controls(args: argparse.Namespace) -> dict[str, Any]:
    """The generation controls given on the command line, checked, as compiler ``extra`` keys."""
    from agent.compiler.controls import make_controls

    if not 1 <= args.n <= MAX_N:
        raise ScenecraftError(f"--n {args.n} must be 1..{MAX_N}")
    return make_controls(negative_prompt=args.negative_prompt, guidance=args.guidance, strength=args.strength,
                         scheduler=args.scheduler, loras=args.lora)


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
    from agent.compiler.images import make_image_edit

    return make_image_edit(store, args.image, args.prompt, mask=args.mask, box=args.box,
                           instruction=args.instruction, strength=args.strength, outpaint=args.outpaint)
