"""Load the step files being graded (a learner's or the reference) and call them kindly.

A graded check calls ``steps.step2_pad.pad(...)``. The file is imported from
disk, fresh for every test session, and every call goes through ``call()``:
a stub's ``NotImplementedError`` or a crash inside TensorFlow becomes one
sentence that names the step, the file and the line, instead of a traceback.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
import traceback
from pathlib import Path

import pytest

from kata.i18n import say
from kata.steps import BY_MODULE

ROOT = Path(__file__).resolve().parent.parent
_sessions = itertools.count()


class StepFailure(pytest.fail.Exception):
    """A check failed because of the graded code; ``kind`` tells the grader how."""

    kind = "failing"
    error = None  # the learner's exception, when there was one

    def __init__(self, message):
        super().__init__(message, pytrace=False)


class StepNotDone(StepFailure):
    kind = "not started"


class StepImportError(StepFailure):
    kind = "import error"


def shown(path: Path) -> str:
    """``path`` relative to the repository when it is inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def describe(value) -> str:
    """A short picture of an argument for a failure message."""
    if isinstance(value, (list, tuple)) and len(value) > 4:
        return f"[{len(value)} items]"
    if isinstance(value, (str, int, float, bool, type(None), Path)):
        return repr(str(value) if isinstance(value, Path) else value)
    return f"<{type(value).__name__}>"


class StepFile:
    """One step file, imported from ``folder``; its functions fail with clear sentences."""

    def __init__(self, module_name: str, folder: Path, session: int, traceback_wanted: bool):
        self.step = BY_MODULE[module_name]
        self.path = folder / f"{module_name}.py"
        self.traceback_wanted = traceback_wanted
        self.module = self._import(f"_kata_graded_{session}.{module_name}")

    def _import(self, name):
        if not self.path.is_file():
            raise StepImportError(
                say(
                    "{path} is missing: step {number} lives there.",
                    path=shown(self.path),
                    number=self.step.number,
                )
            )
        spec = importlib.util.spec_from_file_location(name, self.path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        writes_bytecode = sys.dont_write_bytecode
        sys.dont_write_bytecode = True  # grading writes nothing into the graded folder
        try:
            spec.loader.exec_module(module)
        except Exception as error:  # a learner's file can fail in any way
            sys.modules.pop(name, None)
            failure = self._failure(say("{path} does not import:", path=shown(self.path)), error)
        else:
            return module
        finally:
            sys.dont_write_bytecode = writes_bytecode
        raise StepImportError(failure)

    def __getattr__(self, name):
        function = getattr(self.module, name, None)
        if not callable(function):
            raise StepFailure(
                say(
                    "{path} has no function {name}(): keep the names the stub gave you.",
                    path=shown(self.path),
                    name=name,
                )
            )

        def checked(*args, **kwargs):
            return self.call(function, *args, **kwargs)

        checked.__wrapped__ = function
        return checked

    def call(self, function, *args, **kwargs):
        """Call ``function``; a stub or a crash fails the check with a sentence, not a traceback."""
        try:
            return function(*args, **kwargs)
        except NotImplementedError as error:
            caught = error
            if self.traceback_wanted or not self._raised_here(error):
                failure = StepFailure(self._failure(self._called(function, args, kwargs), error))
            else:
                failure = StepNotDone(
                    say(
                        "Step {number} ({name}) is not done yet: {function}() in {path} still "
                        "raises NotImplementedError. Replace its TODO with your code.",
                        number=self.step.number,
                        name=self.step.name,
                        function=function.__name__,
                        path=shown(self.path),
                    )
                )
        except Exception as error:
            caught = error
            failure = StepFailure(self._failure(self._called(function, args, kwargs), error))
        failure.error = caught
        raise failure  # outside `except`: no chained traceback

    def raises(self, expected, name, *args, **kwargs):
        """Call function ``name`` expecting it to raise ``expected``; return the error."""
        function = getattr(self, name).__wrapped__
        try:
            self.call(function, *args, **kwargs)
        except expected as error:  # with --kata-traceback, errors are not wrapped
            return error
        except StepFailure as failure:
            if isinstance(failure.error, expected) and not isinstance(failure, StepNotDone):
                return failure.error
            raise
        raise StepFailure(
            say(
                "Called {call}: expected {error}, but it returned normally",
                call=f"{name}(...)",
                error=expected.__name__,
            )
        )

    @staticmethod
    def _called(function, args, kwargs):
        shown_args = [describe(a) for a in args] + [f"{k}={describe(v)}" for k, v in kwargs.items()]
        return say("Called {call}: it raised", call=f"{function.__name__}({', '.join(shown_args)})")

    def _raised_here(self, error) -> bool:
        frames = traceback.extract_tb(error.__traceback__)
        return bool(frames) and Path(frames[-1].filename) == self.path

    def _failure(self, what, error) -> str:
        """One sentence for ``error``: its type, the learner's line that ran last, its message."""
        if self.traceback_wanted:
            raise error
        mine = [
            f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename) == self.path
        ]
        where = f" at {shown(self.path)}:{mine[-1].lineno}" if mine else ""
        if isinstance(error, SyntaxError) and error.lineno:
            where = f" at {shown(self.path)}:{error.lineno}"
        message = str(error).strip().splitlines()
        first = message[0] if message else ""
        return f"{what} {type(error).__name__}{where}: {first[:300]}\n  " + say(
            "(run pytest with --kata-traceback to see the full traceback)"
        )


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


class Steps:
    """``steps.step2_pad`` is the graded ``step2_pad.py`` file, imported once per session."""

    def __init__(self, folder: Path, traceback_wanted: bool = False):
        self.folder = folder
        self.traceback_wanted = traceback_wanted
        self.session = next(_sessions)
        self._files = {}

    def __getattr__(self, module_name):
        if module_name not in BY_MODULE:
            raise AttributeError(module_name)
        if module_name not in self._files:
            self._files[module_name] = StepFile(
                module_name, self.folder, self.session, self.traceback_wanted
            )
        return self._files[module_name]
