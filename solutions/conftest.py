"""Fixtures of the kata's own checks (instructors, CI)."""

import pytest

from kata.grader import run_checks
from kata.target import ROOT


@pytest.fixture(scope="session")
def stub_results(data_dir):
    """The graded checks run on the untouched exercises/, in this process (English)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KATA_LANG", "en")
        return run_checks(ROOT / "exercises", data_dir=data_dir)
