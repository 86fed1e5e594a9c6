"""What the graded checks use beside the ``graded`` fixture (``tests/conftest.py``).

- ``once``: one expensive call (say, training) shared by the checks of a step;
- ``first_difference`` and ``split_name``: sentences that name where a value differs;
- ``StepFailure``: what a check raises to fail with a sentence of its own.
"""

from __future__ import annotations

from kata.sentences import first_difference, split_name
from kata.step_errors import StepFailure

__all__ = ["StepFailure", "first_difference", "once", "split_name"]


def once(function):
    """Run ``function`` at most once; later calls return its result or repeat its failure.

    Checks share one expensive call (say, training) by calling ``result()`` in
    their bodies, so a failure is reported by each check as a failure, not an error.
    """
    outcome = []

    def result():
        if not outcome:
            try:
                outcome.append((True, function()))
            except BaseException as error:  # pytest.fail() raises a BaseException
                outcome.append((False, error))
        ok, value = outcome[0]
        if ok:
            return value
        raise value.with_traceback(None)

    return result
