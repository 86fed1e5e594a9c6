"""The graded checks' one door into the kata: ``tests/`` imports nothing else of it.

- ``once``: one expensive call (say, training) shared by the checks of a step;
- ``first_difference`` and ``split_name``: sentences that name where a value differs;
- ``StepFailure``: what a check raises to fail with a sentence of its own; ``say``: in the
  learner's language;
- ``ref`` (``kata.learner.reference``), with ``TENSOR``, ``Reviews``, ``model_with_known_weights``
  and ``solutions``: the reference world every check starts from;
- ``corpus``, ``chain``, ``logdir`` and ``metadata_lines``: the built-in reviews (registered
  with TFDS on import), the pipeline as the registry chains it, the log-dir checker.

An import-linter contract (``tox -e lint``) keeps ``tests/`` to this module.
"""

from __future__ import annotations

import kata.data.corpus as corpus  # registers the built-in corpus with TFDS
from kata.core.i18n import say
from kata.core.sentences import first_difference, split_name
from kata.judge import chain
from kata.judge.step_errors import StepFailure
from kata.learner import reference as ref
from kata.learner.reference import TENSOR, Reviews, model_with_known_weights, solutions
from kata.pipeline import logdir
from kata.pipeline.logdir import metadata_lines

__all__ = [
    "TENSOR",
    "Reviews",
    "StepFailure",
    "chain",
    "corpus",
    "first_difference",
    "logdir",
    "metadata_lines",
    "model_with_known_weights",
    "once",
    "ref",
    "say",
    "solutions",
    "split_name",
]


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
