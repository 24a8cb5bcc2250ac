"""Diffusion plugins (one class per file). Importing registers them; torch/diffusers load only in ``run``."""

from plugins.diffusion import (  # noqa: F401
    gligen,
    img2img,
    inpaint,
    instruct,
    one_step,
    regional,
    sketch_guided,
)
