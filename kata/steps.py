"""The kata's steps: one file name in exercises/, solutions/ and tests/."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    number: int
    name: str  # also the pytest marker: `pytest -m pad`
    function: str  # what the learner writes

    @property
    def module(self) -> str:
        return f"step{self.number}_{self.name}"

    @property
    def exercise(self) -> str:
        return f"exercises/{self.module}.py"

    @property
    def test_file(self) -> str:
        return f"tests/test_{self.module}.py"


STEPS = (
    Step(1, "load", "load"),
    Step(2, "pad", "pad"),
    Step(3, "build", "build"),
    Step(4, "train", "train"),
    Step(5, "export", "export"),
    Step(6, "configure", "configure"),
    Step(7, "analyse", "nearest"),
)
BY_MODULE = {step.module: step for step in STEPS}
BY_NAME = {step.name: step for step in STEPS}
