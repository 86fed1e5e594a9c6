"""The graded files: the step files being graded (a learner's or the reference), called kindly.

A graded check calls ``graded.step2_pad.pad(...)`` (the ``graded`` fixture).
The file is imported from disk, fresh for every test session, and every call
goes through ``call()``: a stub's ``NotImplementedError`` or a crash inside TensorFlow becomes one
sentence that names the step, the file and the line, instead of a traceback.
"""

from __future__ import annotations

import importlib.util
import itertools
import re
import sys
import traceback
from pathlib import Path

import pytest

from kata import ROOT
from kata.i18n import say
from kata.steps import BY_MODULE

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
    if isinstance(value, (str, Path)) and Path(value).is_absolute() and len(str(value)) > 30:
        return repr(f".../{Path(value).name}")  # a temporary folder's name says nothing
    if isinstance(value, (str, int, float, bool, type(None), Path)):
        return repr(str(value) if isinstance(value, Path) else value)
    return f"<{type(value).__name__}>"


def short(value, width=60) -> str:
    """``repr(value)``, cut to ``width`` characters."""
    text = repr(value.tolist() if hasattr(value, "tolist") else value)
    return text if len(text) <= width else text[: width - 3] + "..."


def first_difference(found, expected, name="item") -> str:
    """Where two sequences first differ, as a phrase: 'item 17 is 'x' where 'y' was expected'."""
    found, expected = list(found), list(expected)
    for index, (mine, theirs) in enumerate(zip(found, expected, strict=False)):
        if mine != theirs:
            return say(
                "{name} {index} is {found} where {expected} was expected",
                name=name,
                index=index,
                found=short(mine),
                expected=short(theirs),
            )
    if len(found) > len(expected):
        return say(
            "{count} extra at the end, from {name} {index}: {found}",
            count=len(found) - len(expected),
            name=name,
            index=len(expected),
            found=short(found[len(expected) :]),
        )
    if len(found) < len(expected):
        return say(
            "it stops after {count}; {name} {index} should be {expected}",
            count=len(found),
            name=name,
            index=len(found),
            expected=short(expected[len(found)]),
        )
    return say("no difference")


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
        except (Exception, SystemExit) as error:  # a learner's file can fail in any way
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
        except (Exception, SystemExit) as error:  # sys.exit() in a step fails that step
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
        lines = [
            f.lineno for f in traceback.extract_tb(error.__traceback__) if self._mine(f.filename)
        ]
        if isinstance(error, SyntaxError) and error.lineno:
            lines.append(error.lineno)
        kind, message, line = real_error(error, self._mine)
        lines += [line] if line else []
        where = f" at {shown(self.path)}:{lines[-1]}" if lines else ""
        return f"{what} {kind}{where}: {message[:300]}\n  " + say(
            "(run pytest with --kata-traceback to see the full traceback)"
        )

    def _mine(self, filename) -> bool:
        return Path(filename) == self.path


ANSI = re.compile(r"\x1b\[[0-9;]*m")
ERROR_LINE = re.compile(r"^(\w+(?:Error|Exception|Exit|Interrupt)): (.*)$")
USER_LINE = re.compile(r'File "([^"]+)", line (\d+)')


def real_error(error, is_mine) -> tuple[str, str, int | None]:
    """``(type name, message, learner's line or None)`` of ``error``, however deep it was raised.

    TensorFlow wraps an error raised inside ``Dataset.map`` or ``tf.function`` code in
    "in user code:" followed by the frames and, last, the real error; Keras starts with
    "Exception encountered when calling ...". Both keep the real message further down.
    """
    text = ANSI.sub("", str(error)).strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    kind, message = type(error).__name__, lines[0] if lines else ""
    learner_line = None
    for path, number in USER_LINE.findall(text):
        if is_mine(path):
            learner_line = int(number)
    if lines and lines[0].startswith("in user code:"):
        inner = [ERROR_LINE.match(line) for line in lines[1:]]
        inner = [match for match in inner if match]
        if inner:
            kind, message = inner[-1].group(1), inner[-1].group(2)
        else:
            message = lines[-1]
    elif lines and lines[0].startswith("Exception encountered when calling") and len(lines) > 1:
        message = f"{lines[1]} ({lines[0].rstrip('.')})"
    message = re.sub(r"outer_factory\.<locals>\.inner_factory\.<locals>\.", "", message)
    message = re.sub(r"\btf__(\w+)", r"\1", message)
    if isinstance(error, SystemExit):
        message = say("it called sys.exit({code})", code=repr(error.code))
    return kind, message, learner_line


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


class GradedFiles:
    """``graded.step2_pad`` is the graded ``step2_pad.py`` file, imported once per session."""

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
