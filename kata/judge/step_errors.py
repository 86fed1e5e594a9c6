"""How a learner's step fails a check: the kinds of failure the judge raises, each a sentence.

A failure of the learner's code arrives from the learner process as a kind and a
sentence (``kata.judge.learner_process``); the judge raises it here as a ``StepFailure``
that fails the check, and the collector (``kata.judge.collector``) reads its kind for the board.
"""

from __future__ import annotations

import pytest

from kata.core.status import CRASHED, FAILING, FLOODED, IMPORT_ERROR, NOT_STARTED, TIMED_OUT


class StepFailure(pytest.fail.Exception):
    """A check failed because of the graded code; ``kind`` tells the grader how."""

    kind = FAILING
    error = None  # the learner's exception (rebuilt), when there was one

    def __init__(self, message):
        super().__init__(message, pytrace=False)


class StepNotDone(StepFailure):
    kind = NOT_STARTED


class StepImportError(StepFailure):
    kind = IMPORT_ERROR


class StepTimedOut(StepFailure):
    kind = TIMED_OUT


class StepCrashed(StepFailure):
    kind = CRASHED


class StepFlooded(StepFailure):
    kind = FLOODED


class StepRefused(StepFailure):
    """The learner process broke the protocol (an answer over a bound, a second answer, one
    that is not an answer): the judge stopped it, and the step's later checks fail at once."""


KINDS = {k.kind: k for k in (StepFailure, StepNotDone, StepImportError)}


class RemoteError(Exception):
    """An error raised by the learner's code, rebuilt from its type names and message."""


def rebuilt_error(error: dict) -> Exception:
    """The learner's exception as a built-in exception type when it is one, else RemoteError."""
    import builtins

    for name in error.get("types", []):
        kind = getattr(builtins, str(name), None)
        if isinstance(kind, type) and issubclass(kind, Exception):
            try:
                return kind(str(error.get("message", "")))
            except Exception:  # an exception type with another signature
                break
    return RemoteError(str(error.get("message", "")))
