"""The learner process, as the judge drives it: started, asked, stopped.

Two transports, one protocol (``kata.learner.harness`` answers it):

- ``Sandboxed``: a ``kata.learner.harness`` child process in the sandbox
  (``kata.judge.sandbox``), for any learner's code. A call that hangs past its deadline
  is stopped (its stack, dumped just before, names the learner's line); a process
  that dies or floods its output fails the check that was running, and the next
  call starts a new one.
- ``InProcess``: the same harness in this process, for the trusted reference
  solutions (``pytest solutions``) and the kata's own catalogue of wrong
  solutions. Values still cross as JSON, so both paths run the same code.

``shared_learner`` keeps one learner process per graded folder; ``prestart`` starts it
early, so that it imports TensorFlow while the judge does.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from kata.core import settings
from kata.core.i18n import say
from kata.core.sentences import shown
from kata.core.settings import FLOOD_BYTES, STARTUP_SECONDS
from kata.core.steps import BY_MODULE
from kata.judge.step_errors import StepCrashed, StepFlooded, StepRefused, StepTimedOut
from kata.judge.watchdog import Child, Output, ended, flooded
from kata.learner import wire
from kata.learner.harness import Harness, read_frame, write_frame

# Folders whose "step files" are functions of this very process (a notebook's kernel,
# kata.notebook.in_notebook): the Harness subclass that finds them there. Trusted, like solutions/.
IN_KERNEL: dict[str, type[Harness]] = {}


class InProcess:
    """The harness in this process: only for trusted code (the reference solutions)."""

    confined_why_not = ""
    trusted = True

    def __init__(self, folder, traceback_wanted=False):
        self.scratch = tempfile.TemporaryDirectory(prefix="kata-scratch-")
        harness = IN_KERNEL.get(str(Path(folder).resolve()), Harness)
        self.harness = harness(folder, self.scratch.name, traceback_wanted)

    def refusal(self, module_name) -> str:
        return ""

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
    """The learner process (``kata.learner.harness``) in the sandbox, restarted after anything
    stops it.

    It never sees ``folder``: the judge copies the step files (plain files only) into a
    folder of its own before each start and reset, and the box shows that copy."""

    trusted = False

    def __init__(self, folder, visible=(), traceback_wanted=False):
        self.folder = Path(os.path.abspath(folder))  # not resolved: a link is refused, not followed
        self.visible = list(visible)
        self.traceback_wanted = traceback_wanted
        self.process: subprocess.Popen | None = None
        self.output = Output()
        self.confined_why_not = ""
        self.refused: dict[str, str] = {}  # step files not copied, each with its sentence
        self.copy: Path | None = None
        self.lock = threading.Lock()

    def copy_in(self) -> None:
        """Copy the learner's step files into the folder the box shows (again, for a reset)."""
        from kata.judge import sandbox

        if self.copy is None:
            self.copy = Path(tempfile.mkdtemp(prefix="kata-steps-"))
            os.chmod(self.copy, 0o755)  # the box's uid 65534 reads it
        self.refused = sandbox.copy_step_files(self.folder, BY_MODULE, self.copy)

    def refusal(self, module_name) -> str:
        """Why the step file of ``module_name`` was not copied into the box, or ""."""
        if self.copy is None:
            self.copy_in()
        return self.refused.get(module_name, "")

    @property
    def seen_folder(self) -> Path:
        """Where the learner process finds the step files: their folder's own path in the box,
        the copy itself when unconfined."""
        return self.copy if self.confined_why_not else self.folder

    def start(self) -> None:
        """Start the learner process and let it import TensorFlow; do not wait for it."""
        from kata.judge import sandbox

        self.scratch = Path(tempfile.mkdtemp(prefix="kata-learner-"))
        os.chmod(self.scratch, 0o700)
        self.copy_in()
        for folder in self.visible:  # the data dir may be prepared later: mount it now
            os.makedirs(folder, exist_ok=True)
        self.confined_why_not = sandbox.confinement().why_not
        argv = [
            sys.executable,
            "-m",
            "kata.learner.harness",
            str(self.seen_folder),
            str(self.scratch),
        ]
        argv += [str(self.folder)]  # how sentences name the step files
        argv, self.confined_why_not = sandbox.command(
            argv, self.scratch, self.copy, self.folder, self.visible
        )
        env = sandbox.environment(self.scratch)
        if self.traceback_wanted:
            env["KATA_TRACEBACK"] = "1"
        self.limits = sandbox.Limits()
        self.child = Child(argv, cwd=self.scratch, env=env, preexec_fn=self.limits.preexec)
        self.process, self.output = self.child.process, self.child.output
        self.answers = Answers(self.process.stdout)
        self._send({"op": "hello"})
        self.hello_pending = True

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is None:
            return
        self.child.stop()
        self.limits.close()
        shutil.rmtree(self.scratch, ignore_errors=True)
        self.process = None

    def close(self) -> None:
        self.stop()
        if self.copy is not None:
            shutil.rmtree(self.copy, ignore_errors=True)
            self.copy = None

    def reset(self) -> None:
        """A new grading session: the step files copied again, imported afresh on first use."""
        if self.alive():
            self.copy_in()
            if not self.hello_pending:
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
                if self.hello_pending:  # its answer to hello may be waiting already: take it
                    self._wait(STARTUP_SECONDS, starting=True)
                    self.hello_pending = False
                if self.answers.frames or self.answers.refused:  # it answered what nobody asked
                    self.stop()
                    self.start()
                    self._wait(STARTUP_SECONDS, starting=True)
                    self.hello_pending = False
                self.output.count = 0
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
            if self.answers.refused:
                raise StepRefused(self.answers.refused)
            if frame is not None:
                try:
                    answer = wire.loads(frame, settings.ANSWER_ELEMENTS)
                except wire.WireError as error:
                    raise StepRefused(say("its answer was refused: {error}", error=error)) from None
                except ValueError:
                    answer = None
                if not isinstance(answer, dict) or "ok" not in answer:
                    raise StepRefused(say("the learner process sent an answer that is not one"))
                return answer
            if self.answers.ended or self.process.poll() is not None:
                status = self.process.wait()
                raise StepCrashed(ended(status, starting, boxed=True))
            if self.output.count > FLOOD_BYTES:
                raise StepFlooded(flooded(FLOOD_BYTES))
            if time.monotonic() > until:
                time.sleep(0.3)  # the stack dump is printed just before the deadline
                stack = self.output.tail.decode(errors="replace")
                raise StepTimedOut(hung(seconds, stack, self.seen_folder, self.folder))


class Answers:
    """Frames read from the learner process by a thread, so that waiting can time out.

    One answer per request: a frame over ``settings.ANSWER_BYTES``, or a second frame before the
    first was taken, is refused and nothing more is read (the judge's memory stays flat)."""

    def __init__(self, stream):
        self.frames: list[bytes] = []
        self.ended = False
        self.refused = ""  # why reading stopped, when the learner process broke the protocol
        self.ready = threading.Condition()
        thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        thread.start()

    def _read(self, stream) -> None:
        try:
            while (frame := read_frame(stream, settings.ANSWER_BYTES)) is not None:
                with self.ready:
                    if self.frames:
                        self.refused = say("it sent more than one answer to one request")
                        self.ready.notify()
                        return
                    self.frames.append(frame)
                    self.ready.notify()
        except wire.WireError as error:
            with self.ready:
                self.refused = say("its answer was refused: {error}", error=error)
                self.ready.notify()
            return
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


STACK_LINE = re.compile(r'File "([^"]+)", line (\d+) in (\S+)')


def hung(seconds: float, stack: str, folder: Path, shown_as: Path | None = None) -> str:
    """The sentence for a call stopped at its deadline, with the learner's line if the stack
    dumps show one (the innermost frame of a step file in the thread that was running).
    When the last two dumps differ, the code was still moving: slow, not stuck.
    ``folder`` is where the learner process read the step files; ``shown_as``, their folder."""
    dumps = [block.split("\n\n", 1)[0] for block in stack.split("Current thread")[1:]]
    current = dumps[-1] if dumps else stack
    mine = [
        ((shown_as or folder) / Path(path).name, int(line), function)
        for path, line, function in STACK_LINE.findall(current)
        if Path(path).parent == folder and Path(path).stem in BY_MODULE
    ]
    moving = len(dumps) >= 2 and STACK_LINE.findall(dumps[-1]) != STACK_LINE.findall(dumps[-2])
    text = say(
        "Stopped after {seconds} s: the code hangs or loops forever.", seconds=f"{seconds:g}"
    )
    if moving:
        text = say(
            "Stopped after {seconds} s: still working, but too slow (it was not stuck). Work "
            "on batches rather than one review at a time, and read no more data than the "
            "step needs.",
            seconds=f"{seconds:g}",
        )
    if mine:
        path, line, function = mine[0]  # faulthandler lists the innermost frame first
        text += " " + say(
            "It was running {function}() at {place}.",
            function=function,
            place=f"{shown(path)}:{line}",
        )
    return text


_learners: dict[tuple, Sandboxed] = {}


def shared_learner(folder, visible=(), traceback_wanted=False) -> Sandboxed:
    """One learner process per graded folder in this process (``watch`` keeps it warm).

    The box shows it a copy of the folder's step files and the ``visible`` folders
    (the TFDS data dir), and nothing else of the kata (``kata.judge.sandbox``).
    """
    folder = os.path.abspath(folder)
    key = (folder, traceback_wanted)
    if key not in _learners:
        _learners[key] = Sandboxed(folder, visible, traceback_wanted)
    return _learners[key]


def prestart(folder, visible=(), traceback_wanted=False) -> None:
    """Start the learner process now, so that it imports TensorFlow while the judge does."""
    learner = shared_learner(folder, visible, traceback_wanted)
    if not learner.alive():
        learner.start()


def unconfined_why(folder) -> str | None:
    """Why the learner process of ``folder`` ran unconfined ("" when it ran in the box), or None
    when none was started: what the learner's code actually got, for the board to say."""
    folder = os.path.abspath(folder)
    started = [learner for key, learner in _learners.items() if key[0] == folder]
    return started[0].confined_why_not if started and started[0].process else None


def stop_learners(keep=()) -> None:
    """Stop every learner process this process started, except those grading ``keep``."""
    kept = {os.path.abspath(folder) for folder in keep}
    for key in list(_learners):
        if key[0] not in kept:
            _learners.pop(key).close()


atexit.register(stop_learners)  # a pytest run that graded a folder leaves nothing behind
