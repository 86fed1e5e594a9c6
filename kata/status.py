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


@dataclass
class CheckResult:
    nodeid: str
    step: str  # a step name, or "end_to_end"
    outcome: str  # "passed", "failed" or "skipped"
    kind: str  # "passed", or why it failed: "failing", "not started", "timed out", ...
    message: str  # the sentence a learner should read; "" when passed
    duration: float
