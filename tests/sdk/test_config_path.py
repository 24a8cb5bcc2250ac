"""One config.toml: agent.defaults.config_path is the only resolver; the LLM client and model profiles use it."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent import defaults
from agent.llm import client
from agent.models import profiles


def test_config_path_order(tmp_path: Path) -> None:
    home = Path.home()
    assert defaults.config_path({}) == home / ".config" / "scenecraft" / "config.toml"
    assert defaults.config_path({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path / "scenecraft" / "config.toml"
    both = {"XDG_CONFIG_HOME": str(tmp_path), "SCENECRAFT_CONFIG": "~/x.toml"}
    assert defaults.config_path(both) == home / "x.toml"


def test_llm_and_profiles_read_the_same_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCENECRAFT_CONFIG", raising=False)
    for var in ("OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    cfg = tmp_path / "scenecraft" / "config.toml"
    cfg.parent.mkdir()
    cfg.write_text('[llm]\nmodel = "from-xdg"\n\n[profiles.mine]\nmodel = "some/model"\n')
    assert client.config_path is profiles.config_path is defaults.config_path
    assert client.load_config().model == "from-xdg"
    assert "mine" in profiles.load_config().get("profiles", {})
