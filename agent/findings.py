"""Typed verifier findings: what a check saw, about which object or text, and how sure it is.

Verifiers (OCR, colour, layout rules, an MLLM critic) all return these, so the critique loop can turn
any of them into an edit without knowing which verifier spoke.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.scene import Box

Problem = Literal[
    "ok",
    "missing",
    "misspelled",
    "wrong_color",
    "wrong_count",
    "wrong_position",
    "extra",
    "clipped",
    "other",
]


class Finding(BaseModel):
    """One verdict. ``problem == "ok"`` means the check passed for ``target``."""

    model_config = ConfigDict(extra="forbid")

    check: str = Field(description="which verifier produced it: 'ocr', 'color', 'layout', 'mllm', ...")
    target: str | None = Field(default=None, description="the Scene object or text id it is about")
    problem: Problem = "ok"
    expected: str | None = None
    observed: str | None = None
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    box: Box | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.problem == "ok"


def score(findings: list[Finding]) -> float:
    """Share of findings that passed (1.0 when there is nothing to check)."""
    if not findings:
        return 1.0
    return sum(f.ok for f in findings) / len(findings)
