"""What a finished run's result offers over its image files, shared by the local and the remote result.

:class:`agent.api.Result` (a run on this machine) and :class:`agent.client.RemoteResult` (a server run whose
images were downloaded) both keep their images as file paths and a link to the result they were edited
from; :class:`ImageFiles` opens those files on demand and walks the edit chain, so both behave the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Self

from agent.errors import ScenecraftError

if TYPE_CHECKING:
    from PIL import Image

    from agent.scene import Scene


@dataclass
class ImageFiles:
    """The fields every run result has, and its images opened on demand (a base for both result classes).

    A subclass adds ``parent`` (what an edit edited, or None) and says why a run has no image
    (:meth:`_no_image`), for the error :meth:`image` raises.
    """

    prompt: str
    seed: int
    backend: str
    out_dir: Path
    images: list[Path]  # the run's output files (with provenance); image_1..N for several seeds
    scene: Scene | None

    def _no_image(self) -> str:
        return "the run produced no image"

    def image(self, index: int = 0) -> Image.Image:
        """Open output image ``index`` as a loaded PIL image (the file is closed again)."""
        from PIL import Image

        if not self.images:
            raise ScenecraftError(self._no_image())
        with Image.open(self.images[index]) as im:
            im.load()
            return im.copy()

    def load_images(self) -> list[Image.Image]:
        """Every output image, loaded, in order (``image_1..N`` of a run of several seeds)."""
        return [self.image(i) for i in range(len(self.images))]

    def history(self) -> list[Self]:
        """This result and the ones it was edited from, oldest first."""
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = getattr(node, "parent", None)
        return chain[::-1]
