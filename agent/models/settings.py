"""How the model pool places and budgets models: its settings and where they come from.

Priority (lowest first): defaults, the config file's ``[models]`` table, ``SCENECRAFT_*`` environment
variables. ``None`` means "choose for this machine" (see :class:`agent.models.ModelPool`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from agent.errors import ScenecraftError


def _env_bool(value: str | None) -> bool | None:
    return None if value is None or value == "" else value.strip().lower() in ("1", "true", "yes", "on")


@dataclass
class PoolSettings:
    """How the pool places and budgets models. ``None`` means: choose for this machine."""

    device: str | None = None
    dtype: str | None = None
    memory_budget_gb: float | None = None
    offload: bool = False
    threads: int | None = None
    offline: bool = False
    use_safetensors: bool = True

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, config: dict[str, Any] | None = None) -> PoolSettings:
        """Config file ``[models]`` first, then ``SCENECRAFT_DEVICE/DTYPE/MEMORY_BUDGET_GB/OFFLOAD/THREADS/OFFLINE``."""
        env = os.environ if env is None else env
        if config is None:
            from agent.models.profiles import load_config

            config = load_config(env=env)
        section = dict(config.get("models") or {})
        unknown = set(section) - set(cls.__dataclass_fields__)
        if unknown:
            raise ScenecraftError(f"config file '{config.get('_path')}' [models] has unknown key(s) "
                                  f"{', '.join(sorted(unknown))}")
        s = cls(**section)
        s.device = env.get("SCENECRAFT_DEVICE") or s.device
        s.dtype = env.get("SCENECRAFT_DTYPE") or s.dtype
        if env.get("SCENECRAFT_MEMORY_BUDGET_GB"):
            s.memory_budget_gb = float(env["SCENECRAFT_MEMORY_BUDGET_GB"])
        if env.get("SCENECRAFT_THREADS"):
            s.threads = int(env["SCENECRAFT_THREADS"])
        for name in ("offload", "offline"):
            flag = _env_bool(env.get(f"SCENECRAFT_{name.upper()}"))
            if flag is not None:
                setattr(s, name, flag)
        if _env_bool(env.get("HF_HUB_OFFLINE")):
            s.offline = True
        return s
