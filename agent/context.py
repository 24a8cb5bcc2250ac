"""What a plugin sees while it runs: the artifact store, its own seed, the model pool, options."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

    from agent.artifacts import ArtifactStore, ImageRef


@dataclass
class RunContext:
    """Per-node context. ``seed`` is derived from the run seed and the node id (see ``node_seed``)."""

    store: ArtifactStore
    seed: int = 0
    node_id: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    log: logging.Logger = field(default_factory=lambda: logging.getLogger("scenecraft"))
    _models: Any = None

    @property
    def models(self) -> Any:
        """The process-wide model pool, created on first use so runs without models never import torch."""
        if self._models is None:
            from agent.models import default_pool

            self._models = default_pool()
        return self._models

    @models.setter
    def models(self, pool: Any) -> None:
        self._models = pool

    # Small conveniences so plugins read/write pixels through the store, never through paths.
    def load_image(self, ref: ImageRef) -> Image.Image:
        return self.store.get_image(ref)

    def save_image(self, image: Image.Image) -> ImageRef:
        return self.store.put_image(image)

    def save_mask(self, image: Image.Image) -> ImageRef:
        return self.store.put_image(image, mask=True)
