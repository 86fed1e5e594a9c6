"""The progress board: one row per step, ``k/8 steps``, the first failure and its hint.

``Board(folder, results)`` turns the collector's results into rows; ``text()``
draws it for a terminal (English or Traditional Chinese), ``as_json()`` and
``write_json()`` give the same verdict to a program.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kata.core.i18n import language, say
from kata.core.sentences import shown
from kata.core.status import (
    CHECKING,
    CRASHED,
    FAILING,
    FLOODED,
    IMPORT_ERROR,
    NOT_STARTED,
    PASSED,
    TIMED_OUT,
    CheckResult,
    mark_of,
)
from kata.core.steps import BY_NAME, BY_ROW, POINTS, ROWS, STEPS, title


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

    def __init__(self, folder, results: list[CheckResult], unconfined: str | None = None):
        self.folder = Path(folder)
        self.unconfined_as_run = unconfined  # what the worker's learner process got, if known
        self.rows = [StepRow(row.name, row.number, NOT_STARTED) for row in ROWS]
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

    @property
    def unconfined(self) -> str:
        """Why the learner's code ran without a sandbox, or "": as its learner process was
        started, when the worker said; else what this machine allows (kata.judge.sandbox)."""
        if self.unconfined_as_run is not None:
            return self.unconfined_as_run
        from kata.judge.sandbox import confinement

        return confinement().why_not

    def saved(self) -> bool:
        """A step file was saved and its row checked again: the end-to-end row, which chains
        every step, is stale. Shown as "checking" when every step passes (it runs next; return
        True), else as not started (it waits for them)."""
        end_to_end = self.rows[-1]
        ready = all(row.status == PASSED for row in self.rows if row.number)
        end_to_end.status, end_to_end.checks = (CHECKING if ready else NOT_STARTED), []
        return ready

    def text(self, colour=False, first_passes=()) -> str:
        """The board; for each step in ``first_passes`` (passing for the first time), why it
        matters."""
        paint = colours() if colour else {}
        lines = [say("Embedding Projector kata: grading {folder}/", folder=shown(self.folder))]
        if self.unconfined:
            lines.append(say("Your code ran unconfined: {why}.", why=self.unconfined))
        for row in self.rows:
            mark, tone = mark_of(row.status)
            failing = sum(c.outcome != PASSED for c in row.checks)
            detail = say(row.status)
            if row.status not in (PASSED, NOT_STARTED) and row.checks:
                detail += "  " + say(
                    "({failing} of {total} checks fail)", failing=failing, total=len(row.checks)
                )
            heading = padded(title(row.name, language()), 38)
            line = f"  {mark} {padded(short_name(row.name), 13)} {heading} {detail}"
            lines.append(paint.get(tone, "") + line + paint.get("reset", ""))
        lines.append(say("{passed}/{total} steps", passed=self.steps_passed, total=len(STEPS)))
        for name in first_passes:
            step = BY_NAME[name]
            lines.append("")
            said = say(
                "Step {number} ({name}) passes. Why it matters:", number=step.number, name=name
            )
            lines.extend(wrap(f"{said} {step.why(language())}", ""))
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
        lines.append("")
        if failing.number:
            lines.append(
                say("Next: step {number} ({name})", number=failing.number, name=failing.name)
            )
        elif failing.status == CHECKING:
            lines.append(say("Checking the end-to-end chain of your steps again..."))
            return "\n".join(lines)
        else:
            lines.append(say("Next: the end-to-end check chains your steps"))
        if first is not None:
            lines.extend(wrap(first.message, "  "))
        if failing.number:
            lines.extend(wrap(hint_line(BY_NAME[failing.name]), ""))
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
            "unconfined": self.unconfined,
            "points": sum(POINTS[row.name] for row in self.rows if row.status == PASSED),
            "max_points": sum(POINTS.values()),
            "steps": [
                {
                    "step": row.name,
                    "number": row.number,
                    "status": row.status,
                    "points": POINTS[row.name] if row.status == PASSED else 0,
                    "max_points": POINTS[row.name],
                    "message": row.first_failure.message if row.first_failure else "",
                    "duration": round(sum(c.duration for c in row.checks), 3),
                    "checks": [asdict(check) for check in row.checks],
                }
                for row in self.rows
            ],
        }

    def write_json(self, path, **extra) -> dict:
        """Write the board's JSON (with ``extra`` keys) to ``path``; return what was written.
        The one writer: ``grade --json``, the class report's learners/, Gradescope's input."""
        report = {**self.as_json(), **extra}
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
        Path(path).write_text(text, encoding="utf-8")
        return report


def hint_line(step) -> str:
    """The first rung of ``step``'s hint ladder, as every verdict shows it."""
    return say("Hint: {hint}", hint=step.hint(1, language()))


def hint_ladder(step, previous: int, asked: int | None = None) -> tuple[int, str]:
    """The hint ladder, said once: the rung after ``previous`` (or the ``asked`` one), capped at
    the last, which stays; return its level and its text under a heading."""
    levels = len(step.hints[language()])
    level = asked or min(previous + 1, levels)
    heading = say(
        "Step {number} ({name}), hint {level} of {levels}:",
        number=step.number,
        name=step.name,
        level=level,
        levels=levels,
    )
    return level, heading + "\n" + step.hint(level, language())


def short_name(name: str) -> str:
    """A row's name: "2 pad", or "end to end" in the learner's language."""
    return BY_ROW[name].label(language())


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
