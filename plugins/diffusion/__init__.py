"""Diffusion plugins (one class per file). Importing registers them; torch/diffusers load only in ``run``."""

from plugins.diffusion import gligen, img2img, inpaint, instruct, one_step, regional, sketch_guided  # noqa: F401
