"""The graded files, as the judge reaches them: through the learner process, never in-process.

A graded check calls ``graded.step2_pad.pad(...)`` (the ``graded`` fixture).
The arguments cross to the learner process as plain data (``kata.wire``),
the learner's function runs there (``kata.harness``), and its result comes back
as plain data, rebuilt here: arrays, a replayed dataset, a safely loaded Keras
model, the files of a ``log_dir``. A failure of the learner's code arrives as a
kind and a sentence, and is raised here as a ``StepFailure`` that fails the check.

Two transports, one protocol:

- ``Sandboxed``: a ``kata.harness`` child process in the sandbox
  (``kata.sandbox``), for any learner's code. A call that hangs past its deadline
  is stopped (its stack, dumped just before, names the learner's line); a process
  that dies or floods its output fails the check that was running, and the next
  call starts a new one.
- ``InProcess``: the same harness in this process, for the trusted reference
  solutions (``pytest solutions``) and the kata's own catalogue of wrong
  solutions. Values still cross as JSON, so both paths run the same code.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from kata import ROOT, wire
from kata.harness import STACK_FILE, Harness, folder_tree, lay_out, read_frame, write_frame
from kata.i18n import say
from kata.sandbox import CALL_SECONDS
from kata.sentences import first_difference, shown, split_name  # noqa: F401 - checks import them
from kata.steps import BY_MODULE

FLOOD_BYTES = 10_000_000  # what one call may print; a flood is stopped
STARTUP_SECONDS = 180.0  # importing TensorFlow in the learner process, on a cold machine


class StepFailure(pytest.fail.Exception):
    """A check failed because of the graded code; ``kind`` tells the grader how."""

    kind = "failing"
    error = None  # the learner's exception (rebuilt), when there was one

    def __init__(self, message):
        super().__init__(message, pytrace=False)


class StepNotDone(StepFailure):
    kind = "not started"


class StepImportError(StepFailure):
    kind = "import error"


class StepTimedOut(StepFailure):
    kind = "timed out"


class StepCrashed(StepFailure):
    kind = "crashed"


class StepFlooded(StepFailure):
    kind = "too much output"


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


# ------------------------------------------------------------------ transports


class InProcess:
    """The harness in this process: only for trusted code (the reference solutions)."""

    confined_why_not = ""
    trusted = True

    def __init__(self, folder, traceback_wanted=False):
        self.scratch = tempfile.TemporaryDirectory(prefix="kata-scratch-")
        self.harness = Harness(folder, self.scratch.name, traceback_wanted)

    def exchange(self, request: dict, deadline=None) -> dict:
        answer = self.harness.handle(wire.loads(wire.dumps(request)))
        return wire.loads(wire.dumps(answer))

    def reset(self) -> None:
        self.harness.reset()

    def stop(self) -> None:
        self.harness.reset()

    def close(self) -> None:
        self.scratch.cleanup()


class Sandboxed:
    """The learner process (``kata.harness``) in the sandbox, restarted after anything stops it."""

    trusted = False

    def __init__(self, folder, hidden=(), visible=(), traceback_wanted=False):
        self.folder = Path(folder).resolve()
        self.hidden, self.visible = list(hidden), list(visible)
        self.traceback_wanted = traceback_wanted
        self.process: subprocess.Popen | None = None
        self.printed = [0]
        self.confined_why_not = ""
        self.lock = threading.Lock()

    def start(self) -> None:
        """Start the learner process and let it import TensorFlow; do not wait for it."""
        from kata import sandbox

        self.scratch = Path(tempfile.mkdtemp(prefix="kata-learner-"))
        os.chmod(self.scratch, 0o700)
        argv = [sys.executable, "-m", "kata.harness", str(self.folder), str(self.scratch)]
        visible = [self.folder, *self.visible]
        argv, self.confined_why_not = sandbox.command(argv, self.scratch, self.hidden, visible)
        env = sandbox.environment(self.scratch)
        if self.traceback_wanted:
            env["KATA_TRACEBACK"] = "1"
        self.limits = sandbox.Limits()
        self.process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=self.scratch,
            env=env,
            preexec_fn=self.limits.preexec,
            start_new_session=True,  # its own process group, stopped as a whole
        )
        self.printed = [0]
        reader = threading.Thread(target=drain, args=(self.process.stderr, self.printed))
        reader.daemon = True
        reader.start()
        self.answers = Answers(self.process.stdout)
        self._send({"op": "hello"})
        self.hello_pending = True

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()
        self.limits.close()
        shutil.rmtree(self.scratch, ignore_errors=True)
        self.process = None

    close = stop

    def reset(self) -> None:
        if self.alive() and not self.hello_pending:
            self.exchange({"op": "reset"}, STARTUP_SECONDS)

    def _send(self, request: dict) -> None:
        write_frame(self.process.stdin, wire.dumps(request))

    def exchange(self, request: dict, deadline: float) -> dict:
        """Send ``request``; wait at most ``deadline`` seconds for its answer."""
        with self.lock:
            if not self.alive():
                if self.process is not None:
                    self.stop()
                self.start()
            try:
                if self.hello_pending:
                    self._wait(STARTUP_SECONDS, starting=True)
                    self.hello_pending = False
                self.printed[0] = 0
                if request.get("op") == "call":
                    request = {**request, "deadline": max(deadline - 1.5, 0.5)}
                self._send(request)
                return self._wait(deadline)
            except BaseException:
                self.stop()  # a half-read answer or a stopped check: never reuse the process
                raise

    def _wait(self, seconds: float, starting=False) -> dict:
        until = time.monotonic() + seconds
        while True:
            frame = self.answers.get(0.05)
            if frame is not None:
                try:
                    answer = wire.loads(frame)
                except ValueError:
                    answer = None
                if not isinstance(answer, dict) or "ok" not in answer:
                    raise StepFailure(say("the learner process sent an answer that is not one"))
                return answer
            if self.answers.ended or self.process.poll() is not None:
                status = self.process.wait()
                raise StepCrashed(ended(status, starting))
            if self.printed[0] > FLOOD_BYTES:
                raise StepFlooded(
                    say(
                        "printed more than {megabytes} MB and was stopped: print less (not once "
                        "per review or per batch).",
                        megabytes=FLOOD_BYTES // 1_000_000,
                    )
                )
            if time.monotonic() > until:
                time.sleep(0.3)  # the stack dump is written just before the deadline
                stack = (self.scratch / STACK_FILE).read_text(errors="replace") if (
                    self.scratch / STACK_FILE
                ).is_file() else ""  # fmt: skip
                raise StepTimedOut(hung(seconds, stack, self.folder))


class Answers:
    """Frames read from the learner process by a thread, so that waiting can time out."""

    def __init__(self, stream):
        self.frames: list[bytes] = []
        self.ended = False
        self.ready = threading.Condition()
        thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        thread.start()

    def _read(self, stream) -> None:
        try:
            while (frame := read_frame(stream)) is not None:
                with self.ready:
                    self.frames.append(frame)
                    self.ready.notify()
        except (OSError, ValueError):
            pass
        with self.ready:
            self.ended = True
            self.ready.notify()

    def get(self, timeout: float) -> bytes | None:
        with self.ready:
            if not self.frames and not self.ended:
                self.ready.wait(timeout)
            return self.frames.pop(0) if self.frames else None


def drain(stream, printed) -> None:
    """Read and count the learner's output (its prints); keep none of it."""
    with contextlib.suppress(OSError, ValueError):
        while chunk := stream.read1(1 << 16):
            printed[0] += len(chunk)


def ended(status: int, starting: bool) -> str:
    if 128 < status < 128 + 32:  # bubblewrap exits 128 + N when its child dies of signal N
        status = 128 - status
    if starting and status > 0:
        return say("the learner process could not start (exit status {status})", status=status)
    if status < 0:
        return say(
            "crashed the Python process ({signal}): look for code that kills the interpreter.",
            signal=signal.Signals(-status).name,
        )
    return say(
        "ended the Python process with exit status {status} (os._exit or exit in a thread): "
        "a step must return its result, never end the program.",
        status=status,
    )


STACK_LINE = re.compile(r'File "([^"]+)", line (\d+) in (\S+)')


def hung(seconds: float, stack: str, folder: Path) -> str:
    """The sentence for a call stopped at its deadline, with the learner's line if the stack
    dump shows one (the innermost frame of a step file in the thread that was running)."""
    current = stack.split("Current thread", 1)[-1] if "Current thread" in stack else stack
    current = current.split("\n\n", 1)[0]
    mine = [
        (Path(path), int(line), function)
        for path, line, function in STACK_LINE.findall(current)
        if Path(path).parent == folder and Path(path).stem in BY_MODULE
    ]
    text = say(
        "Stopped after {seconds} s: the code hangs or loops forever.", seconds=f"{seconds:g}"
    )
    if mine:
        path, line, function = mine[0]  # faulthandler lists the innermost frame first
        text += " " + say(
            "It was running {function}() at {place}.",
            function=function,
            place=f"{shown(path)}:{line}",
        )
    return text


# ------------------------------------------------------------------ the judge's view


class GradedFiles:
    """``graded.step2_pad`` is the graded ``step2_pad.py``, reached through a transport."""

    def __init__(self, folder: Path, traceback_wanted=False, trusted=False, timeout=None,
                 hidden=(), visible=()):  # fmt: skip
        self.folder = Path(folder).resolve()
        self.timeout = timeout or CALL_SECONDS
        self.plan = wire.Plan()
        self.context: dict = {}
        self.count_reads = False
        self._steps: dict[str, StepProxy] = {}
        self.stopped: dict[str, StepFailure] = {}  # step files that stopped the learner process
        HANDLES.clear()  # values of an earlier session: the learner process forgets them too
        if trusted:
            self.transport = InProcess(self.folder, traceback_wanted)
        else:
            self.transport = shared_learner(self.folder, hidden, visible, traceback_wanted)
            self.transport.reset()

    def __getattr__(self, module_name):
        if module_name.startswith("_") or module_name not in BY_MODULE:
            raise AttributeError(module_name)
        if module_name not in self._steps:
            self._steps[module_name] = StepProxy(self, module_name)
        return self._steps[module_name]

    @property
    def confined_why_not(self) -> str:
        return self.transport.confined_why_not

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


_learners: dict[tuple, Sandboxed] = {}


def shared_learner(folder, hidden=(), visible=(), traceback_wanted=False) -> Sandboxed:
    """One learner process per graded folder in this process (``watch`` keeps it warm).

    It never sees the reference cache, nor ``solutions/`` (unless that is what
    it grades), nor the ``hidden`` folders; the ``visible`` ones (the TFDS data
    dir) it may read.
    """
    from kata.reference import cache_folder

    folder = Path(folder).resolve()
    key = (str(folder), traceback_wanted)
    if key not in _learners:
        hidden = [cache_folder(), *hidden]
        if not is_mine(folder):
            hidden.append(ROOT / "solutions")
        _learners[key] = Sandboxed(folder, hidden, visible, traceback_wanted)
    return _learners[key]


def prestart(folder, hidden=(), visible=(), traceback_wanted=False) -> None:
    """Start the learner process now, so that it imports TensorFlow while the judge does."""
    learner = shared_learner(folder, hidden, visible, traceback_wanted)
    if not learner.alive():
        learner.start()


def stop_learners(keep=()) -> None:
    """Stop every learner process this process started, except those grading ``keep``."""
    kept = {str(Path(folder).resolve()) for folder in keep}
    for key in list(_learners):
        if key[0] not in kept:
            _learners.pop(key).stop()


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
        if self.module_name in files.stopped:  # it crashed, hung or flooded in an earlier check:
            earlier = files.stopped[self.module_name]  # no new process to see it again
            raise type(earlier)(earlier.msg)
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
        except (StepCrashed, StepTimedOut, StepFlooded) as stopped:  # say whose call it was
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
    from kata.reference import solutions

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


def is_mine(folder: Path) -> bool:
    return Path(folder).resolve() == (ROOT / "solutions").resolve()
