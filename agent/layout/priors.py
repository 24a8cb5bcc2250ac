"""Re-export of :mod:`agent.vocab.priors` (size and place priors are word tables), kept for one release."""

from agent.vocab.priors import DEFAULT_SIZE, PLACE_XY, SIZE_PRIORS

__all__ = ["DEFAULT_SIZE", "PLACE_XY", "SIZE_PRIORS"]
