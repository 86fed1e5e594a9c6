"""Grade a folder of step files: run the graded checks, then draw the progress board.

``run_checks(folder)`` runs pytest *in this process* (TensorFlow is imported
once, which keeps re-grading fast) and returns a ``CheckResult`` per graded
check: its step, its outcome, its kind of failure and its curated sentence.
``Board`` turns them into one row per step, ``k/7 steps``, and the first
failure with its first hint.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import textwrap
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pytest

from kata.hints import hint
from kata.i18n import language, say
from kata.steps import BY_NAME, STEPS
from kata.target import ROOT, StepFailure, StepImportError, StepNotDone, shown

END_TO_END = "end_to_end"
PASSED, TIMED_OUT = "passed", "timed out"
CRASHED, FLOODED = "crashed", "too much output"  # found by the supervisor (kata.supervisor)
FAILING, NOT_STARTED, IMPORT_ERROR = StepFailure.kind, StepNotDone.kind, StepImportError.kind


class StepTimedOut(StepFailure):
    kind = TIMED_OUT


@dataclass
class CheckResult:
    nodeid: str
    step: str  # a step name, or "end_to_end"
    outcome: str  # "passed", "failed" or "skipped"
    kind: str  # "passed", or why it failed: "failing", "not started", "timed out", ...
    message: str  # the sentence a learner should read; "" when passed
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
    text = re.sub(r"^([\w.]+\.)?(AssertionError|Failed|Step\w+): ", "", text)
    kept = []
    for line in text.splitlines():  # pytest appends its "assert ..." introspection: drop it
        if line.startswith(("assert ", "  +", " +  where", "  where")):
            break
        if line.strip():
            kept.append(line)
    return "\n".join(kept).strip()


def step_of(keywords) -> str | None:
    return next((name for name in (*BY_NAME, END_TO_END) if name in keywords), None)


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
            self.results[report.nodeid] = CheckResult(
                report.nodeid,
                step,
                outcome,
                getattr(report, "kata_kind", FAILING) if failed else PASSED,
                sentence(report) if failed else "",
                report.duration,
            )
        elif report.when == "call":
            current.duration += report.duration


def run_checks(
    folder, *args, data_dir=None, timeout=None, quiet=True, collector=None, plugins=()
) -> list[CheckResult]:
    """Grade the step files in ``folder`` with the checks in tests/, in this process.

    ``args`` go to pytest; ``timeout`` seconds per check (None: pytest-timeout
    stays off, for nested runs). ``quiet`` keeps pytest's and the graded code's
    output in memory; the worker lets it through instead, for the supervisor to
    measure (``--capture=no``).
    """
    collector = collector or Collector(timeout)
    argv = [str(ROOT / "tests"), "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml")]
    argv += [f"--kata-dir={Path(folder).resolve()}"]
    if data_dir:
        argv += [f"--kata-data-dir={data_dir}"]
    argv += ["-o", f"timeout={timeout}"] if timeout else ["-p", "no:timeout"]
    argv += ["-q", "--no-header", "--tb=no", "-p", "no:warnings"]
    with contextlib.ExitStack() as stack:
        if quiet:
            stack.enter_context(contextlib.redirect_stdout(io.StringIO()))
        else:
            argv += ["--capture=no"]
        pytest.main([*argv, *args], plugins=[collector, *plugins])
    return list(collector.results.values())


@dataclass
class StepRow:
    name: str
    number: int | None  # None for the end-to-end row
    status: str
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def first_failure(self) -> CheckResult | None:
        return next((c for c in self.checks if c.outcome != PASSED), None)


def status_of(checks: list[CheckResult]) -> str:
    if not checks:
        return NOT_STARTED
    kinds = {check.kind for check in checks}
    if kinds == {PASSED}:
        return PASSED
    if kinds == {NOT_STARTED}:
        return NOT_STARTED
    for kind in (IMPORT_ERROR, CRASHED, FLOODED, TIMED_OUT):
        if kind in kinds:
            return kind
    return FAILING


class Board:
    """Where a learner stands: one row per step, then the first failure and its hint."""

    def __init__(self, folder, results: list[CheckResult]):
        self.folder = Path(folder)
        self.rows = [StepRow(step.name, step.number, NOT_STARTED) for step in STEPS]
        self.rows.append(StepRow(END_TO_END, None, NOT_STARTED))
        self.update(results)

    def update(self, results: list[CheckResult]) -> None:
        """Replace the results of every step that ``results`` cover."""
        for row in self.rows:
            mine = [r for r in results if r.step == row.name]
            if mine:
                row.checks = mine
                row.status = status_of(mine)

    @property
    def steps_passed(self) -> int:
        return sum(row.status == PASSED for row in self.rows if row.number)

    @property
    def done(self) -> bool:
        return all(row.status == PASSED for row in self.rows)

    def text(self, colour=False) -> str:
        paint = colours() if colour else {}
        marks = {PASSED: ("✔", "green"), NOT_STARTED: ("·", "dim")}
        lines = [say("Embedding Projector kata: grading {folder}/", folder=shown(self.folder))]
        for row in self.rows:
            mark, tone = marks.get(row.status, ("✘", "red"))
            failing = sum(c.outcome != PASSED for c in row.checks)
            detail = say(row.status)
            if row.status not in (PASSED, NOT_STARTED) and row.checks:
                detail += "  " + say(
                    "({failing} of {total} checks fail)", failing=failing, total=len(row.checks)
                )
            title = f"{row.number} {row.name}" if row.number else say("end to end")
            line = f"  {mark} {padded(title, 13)} {padded(say(TITLES[row.name]), 38)} {detail}"
            lines.append(paint.get(tone, "") + line + paint.get("reset", ""))
        lines.append(say("{passed}/{total} steps", passed=self.steps_passed, total=len(STEPS)))
        failing = next((row for row in self.rows if row.status != PASSED), None)
        if failing is None:
            lines.append(
                say(
                    "All done: open the projector on what your own steps write with "
                    "`tox -e projector -- --mine`."
                )
            )
            return "\n".join(lines)
        first = failing.first_failure
        if failing.number:
            lines.append("")
            lines.append(
                say("Next: step {number} ({name})", number=failing.number, name=failing.name)
            )
        else:
            lines.append("")
            lines.append(say("Next: the end-to-end check chains your six steps"))
        if first is not None:
            lines.extend(wrap(first.message, "  "))
        if failing.number:
            lines.extend(wrap(say("Hint: {hint}", hint=hint(failing.name, 1, language())), ""))
            lines.append(
                say(
                    "  (more: python -m kata hint {number}; grade one step: pytest -m {name})",
                    number=failing.number,
                    name=failing.name,
                )
            )
        return "\n".join(lines)

    def as_json(self) -> dict:
        return {
            "folder": str(self.folder),
            "language": language(),
            "steps_passed": self.steps_passed,
            "steps_total": len(STEPS),
            "done": self.done,
            "steps": [
                {
                    "step": row.name,
                    "number": row.number,
                    "status": row.status,
                    "message": row.first_failure.message if row.first_failure else "",
                    "duration": round(sum(c.duration for c in row.checks), 3),
                    "checks": [asdict(check) for check in row.checks],
                }
                for row in self.rows
            ],
        }

    def write_json(self, path) -> None:
        Path(path).write_text(
            json.dumps(self.as_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


TITLES = {
    "load": "load the reviews, learn a vocabulary",
    "pad": "shuffle and pad into batches",
    "build": "build and compile the model",
    "train": "train for one epoch",
    "export": "write metadata.tsv and a checkpoint",
    "configure": "write projector_config.pbtxt",
    "analyse": "nearest neighbours, as the projector",
    END_TO_END: "your six steps, served by TensorBoard",
}


def padded(text, width) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (CJK characters take two)."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - columns, 0)


def wrap(text, indent) -> list[str]:
    """``text`` wrapped to 100 columns (CJK text wraps per character), each line indented."""
    lines = []
    for paragraph in text.splitlines():
        lines.extend(
            textwrap.wrap(
                paragraph,
                100,
                initial_indent=indent,
                subsequent_indent=indent + "  ",
                break_long_words=False,  # never inside a path or a word
                break_on_hyphens=False,
            )
            or [indent]
        )
    return lines


def colours() -> dict:
    """ANSI colours when writing to a terminal and NO_COLOR is not set."""
    if not sys.stdout.isatty() or os.environ.get("NO_COLOR"):
        return {}
    return {"green": "\033[32m", "red": "\033[31m", "dim": "\033[2m", "reset": "\033[0m"}


def grade(folder, json_path=None, timeout=60.0, data_dir=None, out=print, **limits) -> Board:
    """Grade ``folder`` once in a supervised worker; write JSON when asked; print the board.

    ``limits`` go to the worker (``grace``, ``flood_bytes``): see kata.supervisor.
    """
    from kata.reference import default_data_dir
    from kata.supervisor import Worker

    worker = Worker(data_dir or default_data_dir(), timeout, **limits)
    try:
        board = Board(folder, worker.run(folder))
    finally:
        worker.close()
    if json_path:
        board.write_json(json_path)
    out(board.text(colour=True))
    return board


def saved_steps(folder, seen: dict) -> list[Path]:
    """Step files of ``folder`` saved since ``seen`` (path -> mtime) was last updated."""
    saved = []
    for path in sorted(Path(folder).glob("step*.py")):
        mtime = path.stat().st_mtime
        if seen.get(path) != mtime:
            seen[path] = mtime
            if path.stem.split("_", 1)[-1] in BY_NAME:
                saved.append(path)
    return saved


def recheck(board, path, worker) -> float:
    """Re-grade the step of ``path`` on ``board`` (and the end-to-end check once every other
    step passes) with the supervised ``worker``; return the seconds it took."""
    start = time.perf_counter()
    name = path.stem.split("_", 1)[-1]
    steps = [name]
    if all(row.status == PASSED for row in board.rows if row.number and row.name != name):
        steps.append(END_TO_END)
    board.update(worker.run(board.folder, steps))
    return time.perf_counter() - start


def flushed(*args, **kwargs) -> None:
    print(*args, **kwargs, flush=True)  # watch runs until Ctrl-C: never hold a line back


def watch(folder, timeout=60.0, interval=0.5, out=flushed) -> None:
    """Re-grade the step whose file was saved, until Ctrl-C. The worker keeps TensorFlow loaded."""
    from kata.reference import default_data_dir
    from kata.supervisor import Worker

    folder = Path(folder)
    worker = Worker(default_data_dir(), timeout)
    try:
        board = Board(folder, worker.run(folder))
        out(board.text(colour=True))
        seen = {}
        saved_steps(folder, seen)
        out(say("Watching {folder}/ for saves (Ctrl-C to stop)", folder=shown(folder)))
        while True:
            time.sleep(interval)
            for path in saved_steps(folder, seen):
                seconds = recheck(board, path, worker)
                out(board.text(colour=True))
                out(say("Re-checked {file} in {seconds:.1f} s", file=path.name, seconds=seconds))
    except KeyboardInterrupt:
        out("")
    finally:
        worker.close()
