"""A step's status words, and a check's result, said once.

The harness answers with them, the step errors carry them, the collector and
the board decide with them, and the JSON, the class report, Gradescope's
results, GitHub Classroom's verdicts and the notebook show them (through
``say()``, in the learner's language). Plain strings, so the JSON stays plain.
``CheckResult`` is one check's verdict as every reader gets it (no pytest needed to read it).
"""

from dataclasses import dataclass

PASSED = "passed"
FAILING = "failing"
NOT_STARTED = "not started"
IMPORT_ERROR = "import error"
CRASHED = "crashed"
TIMED_OUT = "timed out"
FLOODED = "too much output"
CHECKING = "checking"  # watch's board only: a row being checked again after a save

# How a status looks, said once: its mark and terminal colour (the board, the notebook's
# rows) and its HTML colour (the notebook's table, the class report). Any other: ✘, red.
MARKS = {PASSED: ("✔", "green"), NOT_STARTED: ("·", "dim"), CHECKING: ("…", "dim")}
HTML_COLOURS = {
    PASSED: "#2e7d32",
    FAILING: "#c62828",
    NOT_STARTED: "#9e9e9e",
    TIMED_OUT: "#ef6c00",
    IMPORT_ERROR: "#6a1b9a",
    CRASHED: "#37474f",
    FLOODED: "#ad1457",
}


def mark_of(status: str) -> tuple[str, str]:
    """A status's mark and its terminal colour: ✔ passed, · not started, ✘ anything else."""
    return MARKS.get(status, ("✘", "red"))


def html_colour(status: str) -> str:
    """A status's colour in HTML (a failure of an unknown kind: a failing red)."""
    return HTML_COLOURS.get(status, HTML_COLOURS[FAILING])


@dataclass
class CheckResult:
    nodeid: str
    step: str  # a step name, or "end_to_end"
    outcome: str  # "passed", "failed" or "skipped"
    kind: str  # "passed", or why it failed: "failing", "not started", "timed out", ...
    message: str  # the sentence a learner should read; "" when passed
    duration: float
