"""Run the graded checks on a folder of step files and collect one result per check.

``run_checks(folder)`` runs pytest *in this process* (TensorFlow is imported
once, which keeps re-grading fast) and returns a ``CheckResult`` for every
graded check: its step, its outcome and its curated failure sentence.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from kata.steps import BY_NAME, STEPS
from kata.target import ROOT

END_TO_END = "end_to_end"


@dataclass
class CheckResult:
    nodeid: str
    step: str  # a step name, or "end_to_end"
    outcome: str  # "passed", "failed" or "skipped"
    message: str  # the first line(s) a learner should read; "" when passed
    duration: float


def sentence(report) -> str:
    """The curated failure sentence of a report, without the traceback."""
    longrepr = report.longrepr
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None:
        text = crash.message
    elif isinstance(longrepr, tuple):  # a skip: (path, line, reason)
        text = longrepr[2]
    else:
        text = str(longrepr)
    for prefix in ("AssertionError: ", "Failed: "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    # pytest appends its own "assert ..." introspection under our sentence
    lines = [line for line in text.splitlines() if line.strip()]
    kept = []
    for line in lines:
        if line.startswith(("assert ", "  +", " +  where", "  where")):
            break
        kept.append(line)
    if "Timeout" in text and not kept:
        kept = ["stopped by the timeout: the code hangs or loops forever"]
    return "\n".join(kept).strip()


class Collector:
    """A pytest plugin that keeps one CheckResult per graded check."""

    def __init__(self):
        self.results: dict[str, CheckResult] = {}

    def pytest_runtest_logreport(self, report):
        step = next((name for name in (*BY_NAME, END_TO_END) if name in report.keywords), None)
        if step is None:
            return
        current = self.results.get(report.nodeid)
        failed = report.failed or report.skipped
        if current is None or (failed and current.outcome == "passed"):
            outcome = "failed" if report.failed else report.outcome
            message = sentence(report) if failed else ""
            self.results[report.nodeid] = CheckResult(
                report.nodeid, step, outcome, message, report.duration
            )
        elif report.when == "call":
            current.duration += report.duration


def run_checks(
    folder, *args: str, data_dir=None, timeout: float | None = None, quiet=True
) -> list[CheckResult]:
    """Grade the step files in ``folder`` with the checks in tests/; ``args`` go to pytest.

    ``timeout`` seconds per check (None: pytest-timeout stays off, for nested runs).
    """
    collector = Collector()
    argv = [str(ROOT / "tests"), "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml")]
    argv += ["--kata-dir", str(Path(folder).resolve()), "-p", "no:randomly"]
    if data_dir:
        argv += ["--kata-data-dir", str(data_dir)]
    argv += ["-o", f"timeout={timeout}"] if timeout else ["-p", "no:timeout"]
    output = io.StringIO()
    with contextlib.ExitStack() as stack:
        if quiet:
            argv += ["-q", "--no-header", "--tb=no", "-p", "no:warnings"]
            stack.enter_context(contextlib.redirect_stdout(output))
        pytest.main([*argv, *args], plugins=[collector])
    return list(collector.results.values())


def by_step(results: list[CheckResult]) -> dict[str, list[CheckResult]]:
    """Results grouped by step name, in the kata's order (end-to-end last)."""
    grouped = {step.name: [] for step in STEPS}
    grouped[END_TO_END] = []
    for result in results:
        grouped.setdefault(result.step, []).append(result)
    return grouped
