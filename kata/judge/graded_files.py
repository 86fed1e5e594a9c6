"""The graded files, as the judge reaches them: through the learner process, never in-process.

A graded check calls ``graded.step2_pad.pad(...)`` (the ``graded`` fixture).
The arguments cross to the learner process as plain data (``kata.learner.wire``),
the learner's function runs there (``kata.learner.harness``), and its result comes back
as plain data, rebuilt here: arrays, a replayed dataset, a safely loaded Keras
model, the files of a ``log_dir``. A failure of the learner's code arrives as a
kind and a sentence, and is raised here as a ``StepFailure`` that fails the check.

The learner process and its two transports (sandboxed, or in this process for
the trusted reference solutions) are ``kata.judge.learner_process``; the kinds of
failure, ``kata.judge.step_errors``; what the checks import, ``kata.checking``.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import shutil
from pathlib import Path

from kata.core.i18n import say
from kata.core.settings import CALL_SECONDS
from kata.core.steps import BY_MODULE, BY_NAME
from kata.judge.learner_process import InProcess, shared_learner
from kata.judge.step_errors import (
    KINDS,
    StepCrashed,
    StepFailure,
    StepFlooded,
    StepImportError,
    StepNotDone,
    StepRefused,
    StepTimedOut,
    rebuilt_error,
)
from kata.learner import wire
from kata.learner.harness import folder_tree, lay_out


class GradedFiles:
    """``graded.step2_pad`` is the graded ``step2_pad.py``, reached through a transport."""

    def __init__(self, folder: Path, traceback_wanted=False, trusted=False, timeout=None,
                 visible=()):  # fmt: skip
        self.folder = Path(os.path.abspath(folder))  # a link is refused by the box, not followed
        self.timeout = timeout or CALL_SECONDS
        self.plan = wire.Plan()
        self.context: dict = {}
        self.count_reads = False
        self._steps: dict[str, StepProxy] = {}
        self.stopped: dict[str, StepFailure] = {}  # step files that stopped the learner process
        self.not_done: dict[tuple, StepNotDone] = {}  # (module, function) that still raise
        HANDLES.clear()  # values of an earlier session: the learner process forgets them too
        if trusted:
            self.transport = InProcess(self.folder, traceback_wanted)
        else:
            self.transport = shared_learner(self.folder, visible, traceback_wanted)
            self.transport.reset()

    def __getattr__(self, module_name):
        if module_name.startswith("_") or module_name not in BY_MODULE:
            raise AttributeError(module_name)
        if module_name not in self._steps:
            self._steps[module_name] = StepProxy(self, module_name)
        return self._steps[module_name]

    def answered(self, step_name) -> StepFailure | None:
        """What a step's file already answered for good in this grading, or None: it stopped
        its learner process, or each function of the step still raises the stub's
        NotImplementedError. Its next checks fail with that sentence before their inputs (a
        model, a log dir) are built: nothing they could pass would change the answer."""
        step = BY_NAME.get(step_name)
        if step is None:  # the end-to-end check: its first call answers at once
            return None
        return self.said(step.module, step.functions)

    def said(self, module_name, functions) -> StepFailure | None:
        """The failure ``module_name`` already gave for good: it stopped the learner process,
        or each of ``functions`` still raises the stub's NotImplementedError."""
        if module_name in self.stopped:  # it crashed, hung, flooded or left a thread: no new
            # process to see it again
            earlier = self.stopped[module_name]
            return type(earlier)(earlier.msg)
        if all((module_name, name) in self.not_done for name in functions):
            return StepNotDone(self.not_done[module_name, functions[0]].msg)
        return None

    @contextlib.contextmanager
    def fake_imdb(self, train_text, test_text):
        """Calls in this block see ``tfds.load("imdb_reviews")`` serve these reviews."""
        self.context = {"fake_imdb": [list(train_text), list(test_text)]}
        try:
            yield
        finally:
            self.context = {}

    @contextlib.contextmanager
    def counting_reads(self):
        """Calls in this block count the elements read from each dataset argument."""
        self.count_reads = True
        try:
            yield
        finally:
            self.count_reads = False

    @contextlib.contextmanager
    def recording(self, passes=1, limit=256):
        """Datasets returned in this block are recorded for ``passes`` passes of ``limit``."""
        saved, self.plan = self.plan, wire.Plan(passes, limit)
        try:
            yield
        finally:
            self.plan = saved


class StepProxy:
    """One graded step file: ``proxy.pad(...)`` calls the learner's ``pad`` in its process."""

    def __init__(self, files: GradedFiles, module_name: str):
        self.files = files
        self.module_name = module_name
        self.step = BY_MODULE[module_name]
        self.reads: list = []  # elements read from each dataset argument by the last call

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args, **kwargs):
            return self.call(name, args, kwargs)

        call.__name__ = name
        return call

    def call(self, name, args, kwargs):
        files = self.files
        failure = files.said(self.module_name, (name,))  # a crash, a hang, the stub: no need
        if failure is not None:  # to ask again
            raise failure
        refused = files.transport.refusal(self.module_name)
        if refused:  # a link, a FIFO, a device, a huge file: never read, never run
            raise StepImportError(
                say(
                    "Not graded: {why}. Keep each step file as a plain file in its folder.",
                    why=refused,
                )
            )
        folders = {}  # argument key -> the judge's folder it stands for
        keys = log_dir_keys(self.module_name, name, args, kwargs)
        request = {
            "op": "call",
            "module": self.module_name,
            "function": name,
            "args": [self.encode(a, str(i), keys, folders) for i, a in enumerate(args)],
            "kwargs": {k: self.encode(v, k, keys, folders) for k, v in kwargs.items()},
            "plan": {"passes": files.plan.passes, "limit": files.plan.limit},
            "count_reads": files.count_reads,
            **files.context,
        }
        try:
            answer = files.transport.exchange(request, files.timeout)
        except wire.WireError as error:
            failure = say("a value could not cross to your code: {error}", error=error)
            raise StepFailure(failure) from None
        except (StepCrashed, StepTimedOut, StepFlooded, StepRefused) as stopped:  # whose call
            step = say("Step {number} ({name})", number=self.step.number, name=self.step.name)
            failure = type(stopped)(f"{step} {stopped.msg}")
            files.stopped[self.module_name] = failure
            raise failure from None
        if answer.get("restart"):
            files.transport.stop()  # something of the learner's still runs there: a new process
        if not answer.get("ok"):
            failure = KINDS.get(answer.get("kind"), StepFailure)(str(answer.get("message"))[:4000])
            if "error" in answer:
                failure.error = rebuilt_error(answer["error"])
            if answer.get("restart"):  # it left something running: the step's other checks say
                files.stopped[self.module_name] = failure  # so too, with no new process for each
            if isinstance(failure, StepNotDone):
                files.not_done[self.module_name, name] = failure
            raise failure
        try:
            value = wire.decode(answer["value"])
            for key, tree in answer.get("dirs", {}).items():
                mirror(tree, folders[key])
            for index, weights in answer.get("models", {}).items():
                model = args[int(index)]
                model.set_weights(wire.decode(weights))
        except (wire.WireError, KeyError, ValueError, TypeError) as error:
            raise StepFailure(
                say(
                    "{function}() returned something the judge cannot read: {error}",
                    function=name,
                    error=str(error)[:200],
                )  # fmt: skip
            ) from None
        self.reads = answer.get("reads", [])
        keep_handles(answer["value"], value)
        return value

    def encode(self, value, key, keys, folders):
        if key in keys:
            folder = Path(value)
            folders[key] = folder
            return {"$": "folder", "name": folder.name, **folder_tree(folder)}
        handle = HANDLES.get(id(value))
        if handle is not None and handle[0] is value:
            return {"$": "handle-of", "handle": handle[1]}
        return wire.encode(value, ARGUMENTS)

    def raises(self, expected, name, *args, **kwargs):
        """Call function ``name`` expecting it to raise ``expected``; return the error."""
        try:
            self.call(name, args, kwargs)
        except StepNotDone:
            raise
        except StepFailure as failure:
            if isinstance(failure.error, expected):
                return failure.error
            raise
        raise StepFailure(
            say(
                "Called {call}: expected {error}, but it returned normally",
                call=f"{name}(...)",
                error=expected.__name__,
            )
        )


ARGUMENTS = wire.Plan(passes=1, limit=1_000_000, cycle=True)  # a dataset argument: all of it
HANDLES: dict[int, tuple] = {}  # id(a rebuilt value) -> (value, its handle in the learner)


def keep_handles(tree, value) -> None:
    """Remember which rebuilt values stand for kept learner values (datasets, models)."""
    if isinstance(tree, dict) and "handle" in tree:
        HANDLES[id(value)] = (value, tree["handle"])
    elif isinstance(tree, dict) and tree.get("$") == "tuple":
        for item, part in zip(tree["items"], value, strict=False):
            keep_handles(item, part)


def log_dir_keys(module_name, function, args, kwargs) -> set[str]:
    """Which arguments are a ``log_dir``, by the reference signature of ``function``."""
    from kata.learner.reference import solutions

    reference = getattr(getattr(solutions(), module_name), function, None)
    if reference is None:
        return set()
    try:
        bound = inspect.signature(reference).bind_partial(*args, **kwargs)
    except TypeError:
        return set()
    keys = set()
    for position, name in enumerate(bound.arguments):
        if name == "log_dir":
            keys.add(str(position) if position < len(args) else name)
    return keys


def mirror(tree: dict, folder: Path) -> None:
    """Make ``folder`` hold what the learner's folder held after the call."""
    if folder.exists():
        shutil.rmtree(folder)
    lay_out(tree, folder)
