"""The collector: run the graded checks in this process and keep one result per check.

``run_checks(folder)`` runs pytest on tests/ with the kata's ``Collector``
plugin, which turns each report into a ``CheckResult``: its step, its
outcome, its kind of failure and its curated sentence. The worker
(``kata.judge.worker``) calls it; the supervisor reads the results from outside.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

from kata import ROOT
from kata.core.i18n import say
from kata.core.sentences import readable
from kata.core.settings import GRACE_SECONDS
from kata.core.status import FAILING, PASSED, TIMED_OUT, CheckResult
from kata.core.steps import BY_ROW
from kata.judge.step_errors import (
    StepTimedOut,
)


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
    text = re.sub(r"^([\w.]+\.)?(AssertionError|Failed|Skipped|Step\w+): ", "", text)
    kept = []
    for line in text.splitlines():  # pytest appends its "assert ..." introspection: drop it
        if line.startswith(("assert ", "  +", " +  where", "  where")):
            break
        if line.strip():
            kept.append(line)
    return "\n".join(kept).strip()


def step_of(keywords) -> str | None:
    return next((name for name in BY_ROW if name in keywords), None)


class Collector:
    """A pytest plugin that keeps one CheckResult per graded check.

    When a check of a step times out, the step's later checks are not run: they
    would call the same hanging code, and grading must end in bounded time.
    """

    def __init__(self, timeout=None):
        self.results: dict[str, CheckResult] = {}
        self.timeout = timeout
        self.timed_out: set[str] = set()

    def pytest_runtest_setup(self, item):
        step = step_of(item.keywords)
        if step in self.timed_out:
            raise StepTimedOut(
                say(
                    "Not run: an earlier check of this step was stopped after {seconds} s.",
                    seconds=self.timeout,
                )
            )

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        report.kata_kind = PASSED
        if call.excinfo is not None and not report.passed:
            error = call.excinfo.value
            report.kata_kind = getattr(error, "kind", FAILING)
            if report.kata_kind == TIMED_OUT:
                self.timed_out.add(step_of(item.keywords))
            if str(error).startswith("Timeout"):  # pytest-timeout's own failure
                report.kata_kind = TIMED_OUT
                report.longrepr = say(
                    "Stopped after {seconds} s: the code hangs or loops forever.",
                    seconds=self.timeout,
                )
                self.timed_out.add(step_of(item.keywords))
        return report

    def pytest_runtest_logreport(self, report):
        step = step_of(report.keywords)
        if step is None:
            return
        current = self.results.get(report.nodeid)
        failed = report.failed or report.skipped
        if current is None or (failed and current.outcome == PASSED):
            outcome = "failed" if report.failed else report.outcome
            kind = getattr(report, "kata_kind", FAILING) if failed else PASSED
            message = sentence(report) if failed else ""
            if kind == TIMED_OUT and report.when == "call":  # a hang: say in which check
                check = report.nodeid.split("::")[-1]
                message = say("In the check {check}: {sentence}", check=check, sentence=message)
            self.results[report.nodeid] = CheckResult(  # the learner's text, bounded
                report.nodeid, step, outcome, kind, readable(message), report.duration
            )
        elif report.when == "call":
            current.duration += report.duration


def run_checks(
    folder,
    *args,
    data_dir=None,
    timeout=None,
    quiet=True,
    collector=None,
    plugins=(),
    trusted=False,
) -> list[CheckResult]:
    """Grade the step files in ``folder`` with the checks in tests/, judged in this process.

    The graded code runs in a sandboxed learner process, or here when
    ``trusted`` (the kata's own catalogue of wrong solutions). ``args`` go to
    pytest; ``timeout`` seconds per call into the graded code (None: no limit but
    pytest's default, for nested runs). ``quiet`` keeps pytest's output in memory.
    """
    collector = collector or Collector(timeout)
    argv = [str(ROOT / "tests"), "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml")]
    argv += [f"--kata-dir={os.path.abspath(folder)}"]  # a link is refused, never followed
    if data_dir:
        argv += [f"--kata-data-dir={data_dir}"]
    if timeout:
        argv += ["-o", f"timeout={timeout if trusted else timeout + GRACE_SECONDS}"]
        argv += [f"--kata-timeout={timeout}"]
    else:
        argv += ["-p", "no:timeout"]
    argv += ["--kata-trusted"] if trusted else []
    argv += ["-q", "--no-header", "--tb=no", "-p", "no:warnings"]
    with contextlib.ExitStack() as stack:
        if quiet:
            stack.enter_context(contextlib.redirect_stdout(io.StringIO()))
        else:
            argv += ["--capture=no"]
        code = pytest.main([*argv, *args], plugins=[collector, *plugins])
    if code in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.INTERNAL_ERROR):
        # The judge's own failure, never the learner's: say so instead of an empty board.
        raise RuntimeError(
            f"pytest could not run the graded checks ({code.name}): run "
            f"`pytest tests --kata-dir={Path(folder).resolve()}` to see why"
        )
    return list(collector.results.values())
