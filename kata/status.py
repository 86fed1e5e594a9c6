"""A step's status words, said once.

The harness answers with them, the step errors carry them, the collector and
the board decide with them, and the JSON, the class report, Gradescope's
results, GitHub Classroom's verdicts and the notebook show them (through
``say()``, in the learner's language). Plain strings, so the JSON stays plain.
"""

PASSED = "passed"
FAILING = "failing"
NOT_STARTED = "not started"
IMPORT_ERROR = "import error"
CRASHED = "crashed"
TIMED_OUT = "timed out"
FLOODED = "too much output"
CHECKING = "checking"  # watch's board only: a row being checked again after a save
