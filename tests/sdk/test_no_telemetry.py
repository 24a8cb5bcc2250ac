"""Importing Scenecraft switches off onnxruntime's usage telemetry (a run must reach no unconfigured network)."""

import os
import subprocess
import sys

from tests.procenv import pythonpath

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _env_after_import(env: dict[str, str]) -> str:
    code = "import os, agent; print(os.environ.get('ORT_DISABLE_TELEMETRY'))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**env, "PYTHONPATH": pythonpath(REPO)})
    return proc.stdout.strip()


def test_importing_agent_disables_onnxruntime_telemetry() -> None:
    env = {k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"}
    assert _env_after_import(env) == "1"


def test_a_users_own_setting_wins() -> None:
    env = {k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"}
    assert _env_after_import({**env, "ORT_DISABLE_TELEMETRY": "0"}) == "0"
