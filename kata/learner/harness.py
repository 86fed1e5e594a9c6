"""The learner process: the only place where a learner's step files run.

    python -m kata.learner.harness FOLDER SCRATCH [SHOWN_AS]   # kata.judge.learner_process

It imports the step files of FOLDER (a copy the judge made; its sentences name them
as in SHOWN_AS, their own folder), calls their functions on the inputs the
judge sends and answers with plain data (``kata.learner.wire``). It reads one request
per frame on its standard input and writes one answer per frame on what was its
standard output; the learner's own prints go to standard error, which the judge
drains and measures. In a sandbox (``kata.judge.sandbox``) only SCRATCH is writable.

A request names a step file, a function and its arguments. A ``log_dir``
argument arrives as the files of a folder: the harness lays them out under
SCRATCH, passes that path, and sends the folder back after the call. Datasets
and models it returns are kept by handle, so that the end-to-end check can pass
them back to the next step without a copy.

The answer says what happened: the value, or the kind of failure ("not
started", "failing", "import error") with one sentence naming the learner's file
and line. The judge decides what that means; nothing here can decide a verdict.
"""

from __future__ import annotations

import base64
import contextlib
import dis
import importlib.util
import itertools
import os
import shutil
import signal
import struct
import sys
import threading
import traceback
from pathlib import Path

from kata.core.i18n import say
from kata.core.sentences import describe, real_error, shown
from kata.core.settings import DUMPS, LOG_DIR_BYTES
from kata.core.status import FAILING, IMPORT_ERROR, NOT_STARTED
from kata.core.steps import BY_MODULE
from kata.learner import wire

HEADER = struct.Struct("!Q")  # every frame: its length, then that many bytes of JSON


def read_frame(stream, limit=wire.REQUEST_BYTES) -> bytes | None:
    """One frame, or None at the end of ``stream``; a frame over ``limit`` bytes is refused
    before it is read."""
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    (size,) = HEADER.unpack(head)
    if size > limit:
        raise wire.WireError(
            say("a frame of {size:,} bytes (at most {limit:,})", size=size, limit=limit)
        )
    data = stream.read(size)
    if len(data) < size:
        return None
    return data


def write_frame(stream, data: bytes) -> None:
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


class Refusal(Exception):
    """A call that fails because of the learner's code: ``kind`` and a sentence.

    ``restart``: the process is not fit for the next call (something was left running).
    """

    def __init__(self, kind, message, error=None, restart=False):
        super().__init__(message)
        self.kind, self.message, self.error, self.restart = kind, message, error, restart


def folder_tree(path: Path) -> dict:
    """A folder as plain data: its files (base64), its subfolders; links are refused."""
    if not path.is_dir() or path.is_symlink():
        return {"exists": False, "files": {}, "dirs": []}
    files, dirs, total = {}, [], 0
    for current, subdirs, names in os.walk(path):
        here = Path(current)
        for name in sorted(subdirs):
            relative = (here / name).relative_to(path).as_posix()
            if (here / name).is_symlink():
                raise Refusal(FAILING, say("{name} is a link: write plain files", name=relative))
            dirs.append(relative)
        for name in sorted(names):
            file = here / name
            relative = file.relative_to(path).as_posix()
            if file.is_symlink() or not file.is_file():
                raise Refusal(FAILING, say("{name} is a link: write plain files", name=relative))
            total += file.stat().st_size
            if total > LOG_DIR_BYTES:
                raise Refusal(
                    FAILING,
                    say("the log dir holds more than {megabytes} MB", megabytes=total >> 20),
                )
            files[relative] = base64.b64encode(file.read_bytes()).decode("ascii")
    return {"exists": True, "files": files, "dirs": dirs}


def lay_out(tree: dict, path: Path) -> None:
    """Write a folder tree (from ``folder_tree``) at ``path``, which must not exist yet."""
    if not tree["exists"]:
        return
    path.mkdir(parents=True)
    for relative in tree["dirs"]:
        (path / safe(relative)).mkdir(parents=True, exist_ok=True)
    for relative, data in tree["files"].items():
        target = path / safe(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(data.encode("ascii"), validate=True))


def safe(relative: str) -> str:
    """A relative path that stays inside its folder."""
    parts = Path(relative).parts
    if not parts or Path(relative).is_absolute() or ".." in parts:
        raise wire.WireError(f"a path that leaves its folder: {relative!r}")
    return relative


class Harness:
    """Imports the step files of ``folder`` and runs calls on them."""

    def __init__(self, folder, scratch, traceback_wanted=False, shown_as=None):
        self.folder = Path(folder)
        self.shown_as = Path(shown_as) if shown_as else self.folder
        self.scratch = Path(scratch)
        self.traceback_wanted = traceback_wanted
        self.own_process = False  # True in ``python -m kata.learner.harness``
        self.sessions = itertools.count()
        self.calls = itertools.count()
        self.reset()

    def reset(self) -> None:
        """Forget imported files and kept values: the next call imports the files afresh."""
        self.session = next(self.sessions)
        self.modules: dict[str, object] = {}
        self.handles: dict[int, object] = {}

    def keep(self, value) -> int:
        handle = len(self.handles) + 1
        self.handles[handle] = value
        return handle

    # ------------------------------------------------------------ one request

    def handle(self, request: dict) -> dict:
        if request.get("op") == "reset":
            self.reset()
            return {"ok": True}
        if request.get("op") == "hello":
            from kata.core.quiet import import_tensorflow

            import_tensorflow()
            return {"ok": True, "pid": os.getpid()}
        try:
            return self.call(request)
        except Refusal as refusal:
            answer = {"ok": False, "kind": refusal.kind, "message": refusal.message}
            answer["restart"] = refusal.restart
            if refusal.error is not None:
                answer["error"] = {
                    "types": [k.__name__ for k in type(refusal.error).__mro__],
                    "message": str(refusal.error)[:2000],
                }
            return answer

    def call(self, request: dict) -> dict:
        from kata.data import fakes
        from kata.learner.reference import reset

        module = self.module(request["module"])
        name = request["function"]
        function = getattr(module, name, None)
        if not callable(function):
            raise Refusal(
                FAILING,
                say(
                    "{path} has no function {name}(): keep the names the stub gave you.",
                    path=self.where(self.path(request["module"])),
                    name=name,
                ),
            )
        if untouched(function):  # the stub as given: say so before building its arguments
            try:
                self.run(function, request["module"], [None] * positional(function), {})
            except Refusal as refusal:
                if refusal.kind == NOT_STARTED:
                    raise
        folder = self.scratch / f"call-{next(self.calls)}"
        folder.mkdir(parents=True)
        dirs = {}
        args = [self.argument(tree, folder, dirs, str(i)) for i, tree in enumerate(request["args"])]
        kwargs = {k: self.argument(tree, folder, dirs, k) for k, tree in request["kwargs"].items()}
        counters = [counted(value) if request.get("count_reads") else None for value in args]
        args = [
            counter.dataset if counter else value
            for counter, value in zip(counters, args, strict=False)
        ]
        plan = wire.Plan(**request.get("plan", {}))
        reset()
        with contextlib.ExitStack() as stack:
            if request.get("fake_imdb"):
                stack.enter_context(fakes.fake_imdb(*request["fake_imdb"]))
            if request.get("deadline"):
                stack.enter_context(stack_dump_before(request["deadline"]))
            value = self.run(function, request["module"], args, kwargs)
            try:
                answer = {"ok": True, "value": wire.encode(value, plan, self.keep)}
            except Exception as error:  # iterating the learner's dataset runs the learner's code
                failure = self.failure(self.called(function, args, kwargs), error)
                raise Refusal(FAILING, failure) from None
        answer["reads"] = [counter.read[0] if counter else None for counter in counters]
        answer["models"] = {  # a model the judge sent, as the call left it (train() fits it)
            str(i): wire.encode(list(value.get_weights()))
            for i, (value, tree) in enumerate(zip(args, request["args"], strict=False))
            if is_model(value) and "handle" not in tree
        }
        answer["dirs"] = {key: folder_tree(path) for key, path in dirs.items()}
        shutil.rmtree(folder, ignore_errors=True)
        return answer

    def argument(self, tree, folder: Path, dirs: dict, key: str):
        if isinstance(tree, dict) and tree.get("$") == "folder":
            path = folder / "dir" / key / safe(tree["name"])
            path.parent.mkdir(parents=True)
            lay_out(tree, path)
            dirs[key] = path
            return str(path)
        return wire.decode(tree, self.handles)

    def run(self, function, module_name, args, kwargs):
        """Call the learner's ``function``; its failure becomes a Refusal with a sentence.

        A call must leave nothing of the learner's running behind it (a thread, an alarm):
        that could strike while another step is graded, and fail the wrong step. Threads
        that TensorFlow, TFDS, tqdm or Keras start are theirs, not the learner's
        (``learners_threads``).
        """
        threads = set(threading.enumerate())
        try:
            value = function(*args, **kwargs)
            if (
                not self.own_process
            ):  # in the judge's process (trusted code): its alarms are not ours
                return value
            new = [t for t in threading.enumerate() if t not in threads and t.is_alive()]
            left = self.learners_threads(new)
            if left or signal.alarm(0):
                raise Refusal(
                    FAILING,
                    say(
                        "{function}() left {what} running after it returned: a step must "
                        "finish its work before it returns.",
                        function=function.__name__,
                        what=say("a thread") if left else say("an alarm"),
                    ),
                    restart=True,
                )
            return value
        except Refusal:
            raise
        except NotImplementedError as error:
            if self.traceback_wanted or not self.raised_here(error, module_name):
                raise Refusal(
                    FAILING, self.failure(self.called(function, args, kwargs), error), error
                ) from None
            step = BY_MODULE[module_name]
            raise Refusal(
                NOT_STARTED,
                say(
                    "Step {number} ({name}) is not done yet: {function}() in {path} still "
                    "raises NotImplementedError. Replace its TODO with your code.",
                    number=step.number,
                    name=step.name,
                    function=function.__name__,
                    path=self.where(self.path(module_name)),
                ),
                error,
            ) from None
        except (Exception, SystemExit) as error:  # sys.exit() in a step fails that step
            raise Refusal(
                FAILING, self.failure(self.called(function, args, kwargs), error), error
            ) from None

    # ------------------------------------------------------------ the step files

    def path(self, module_name) -> Path:
        return self.folder / f"{module_name}.py"

    def where(self, path: Path) -> str:
        """How a sentence names the learner's file ``path`` (in its own folder, not the copy)."""
        if Path(path).parent == self.folder:
            path = self.shown_as / Path(path).name
        return shown(path)

    def module(self, module_name):
        if module_name not in BY_MODULE:
            raise wire.WireError(f"no step file {module_name!r}")
        if module_name not in self.modules:
            self.modules[module_name] = self.load(module_name)
        return self.modules[module_name]

    def load(self, module_name):
        path = self.path(module_name)
        if not path.is_file():
            raise Refusal(
                IMPORT_ERROR,
                say(
                    "{path} is missing: step {number} lives there.",
                    path=self.where(path),
                    number=BY_MODULE[module_name].number,
                ),
            )
        name = f"_kata_graded_{self.session}.{module_name}"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        writes_bytecode = sys.dont_write_bytecode
        sys.dont_write_bytecode = True  # grading writes nothing into the graded folder
        try:
            spec.loader.exec_module(module)
        except (Exception, SystemExit) as error:  # a learner's file can fail in any way
            sys.modules.pop(name, None)
            failure = self.failure(say("{path} does not import:", path=self.where(path)), error)
        else:
            return module
        finally:
            sys.dont_write_bytecode = writes_bytecode
        raise Refusal(IMPORT_ERROR, failure)

    # ------------------------------------------------------------ sentences

    @staticmethod
    def called(function, args, kwargs) -> str:
        shown_args = [describe(a) for a in args] + [f"{k}={describe(v)}" for k, v in kwargs.items()]
        return say("Called {call}: it raised", call=f"{function.__name__}({', '.join(shown_args)})")

    def learners_threads(self, threads) -> list:
        """The threads among ``threads`` that the learner's code owns: their target (or run
        method) is in a step file, or a step file is on their stack right now. A library's
        own thread (tqdm's monitor, TFDS's or TensorFlow's pools) is not the learner's."""
        import functools

        stacks = sys._current_frames()
        mine = []
        for thread in threads:
            target = getattr(thread, "_target", None)
            while isinstance(target, functools.partial):
                target = target.func
            code = getattr(target, "__code__", None) or getattr(type(thread).run, "__code__", None)
            frame = stacks.get(thread.ident)
            on_stack = []
            while frame is not None:
                on_stack.append(frame.f_code.co_filename)
                frame = frame.f_back
            if (code is not None and self.mine(code.co_filename)) or any(map(self.mine, on_stack)):
                mine.append(thread)
        return mine

    def raised_here(self, error, module_name) -> bool:
        frames = traceback.extract_tb(error.__traceback__)
        return bool(frames) and Path(frames[-1].filename) == self.path(module_name)

    def mine(self, filename) -> bool:
        return Path(filename).parent == self.folder and Path(filename).stem in BY_MODULE

    def failure(self, what, error) -> str:
        """One sentence for ``error``: its type, the learner's line that ran last, its message."""
        if self.traceback_wanted:
            text = "".join(traceback.format_exception(error)).rstrip()
            return f"{what} {type(error).__name__}:\n{text[-6000:]}"
        frames = [f for f in traceback.extract_tb(error.__traceback__) if self.mine(f.filename)]
        places = [(f.filename, f.lineno) for f in frames]
        if isinstance(error, SyntaxError) and error.lineno and error.filename:
            places.append((error.filename, error.lineno))
        kind, message, line = real_error(error, self.mine)
        if line:
            places.append((places[-1][0] if places else None, line))
        head = kind
        if places:
            filename, number = places[-1]
            place = f"{self.where(Path(filename))}:{number}" if filename else str(number)
            head = say("{kind} at {place}", kind=kind, place=place)
        said = say("{head}: {message}", head=head, message=message[:300])
        return f"{what} {said}\n  " + say(
            "(run pytest with --kata-traceback to see the full traceback)"
        )


def is_model(value) -> bool:
    keras = sys.modules.get("keras")
    return keras is not None and isinstance(value, keras.Model)


class counted:  # noqa: N801 - used like a function: counted(value) or None
    """A dataset argument that counts the elements the learner's code reads from it.

    The learner gets a new dataset that yields the argument's elements (one pass, read here
    first) from a Python generator: no ``_input_dataset`` leads back to uncounted data, so
    every batch the learner's code reads (to validate, or to fit on) is counted. The generator
    runs no TensorFlow op itself (a tf.data pipeline iterated inside another's callback can
    deadlock or crash)."""

    def __new__(cls, value):
        tf = sys.modules.get("tensorflow")
        if tf is None or not isinstance(value, tf.data.Dataset):
            return None
        return super().__new__(cls)

    def __init__(self, dataset):
        import tensorflow as tf

        self.read = [0]
        elements = list(dataset.as_numpy_iterator())

        def generate():
            for element in elements:
                self.read[0] += 1
                yield element

        counting = tf.data.Dataset.from_generator(generate, output_signature=dataset.element_spec)
        counting = counting.apply(tf.data.experimental.assert_cardinality(len(elements)))
        self.dataset = counting


STUB_CODE = {"RESUME", "NOP", "PUSH_NULL", "LOAD_GLOBAL", "LOAD_CONST", "PRECALL", "CALL"}


def untouched(function) -> bool:
    """Whether ``function`` is still a stub: its code does nothing but raise
    ``NotImplementedError("...")`` (its docstring and comments aside). Such a call fails the
    same way whatever it is given, so its arguments need not cross to it."""
    code = getattr(function, "__code__", None)
    if code is None or code.co_names != ("NotImplementedError",):
        return False
    operations = [instruction.opname for instruction in dis.get_instructions(code)]
    return operations[-1:] == ["RAISE_VARARGS"] and set(operations[:-1]) <= STUB_CODE


def positional(function) -> int:
    """How many arguments ``function`` needs (its parameters without a default)."""
    code = function.__code__
    return code.co_argcount - len(function.__defaults__ or ())


@contextlib.contextmanager
def stack_dump_before(seconds: float):
    """Print the calling thread's stack (to standard error, which the judge drains) a few
    times, the last just before the judge's deadline: a hang is then reported with the line it
    was on, and whether it was still moving (slow) or not (stuck).

    A Python thread takes the dumps, holding the GIL, in faulthandler's format. (faulthandler's
    own timer reads every thread's frames without the GIL: while Keras ran a generator-fed
    dataset in TensorFlow's threads, that crashed a correct learner's process, SIGSEGV, on a
    busy machine.) Code that never lets the GIL go gets no dump: the sentence then says it
    hangs, without a line."""
    caller, done = threading.get_ident(), threading.Event()
    every = max(seconds / DUMPS, 0.25)

    def dump():
        while not done.wait(every):
            frame = sys._current_frames().get(caller)
            if frame is None:
                return
            innermost_first = traceback.walk_stack(frame)  # no source read: lookup_lines=False
            lines = [
                f'  File "{entry.filename}", line {entry.lineno} in {entry.name}\n'
                for entry in traceback.StackSummary.extract(innermost_first, lookup_lines=False)
            ]
            header = f"Current thread 0x{caller:016x} (most recent call first):\n"
            try:
                sys.__stderr__.write(header + "".join(lines) + "\n")
                sys.__stderr__.flush()
            except (OSError, ValueError):
                return

    watchdog = threading.Thread(target=dump, name="kata-stack-dumps", daemon=True)
    watchdog.start()
    try:
        yield
    finally:
        done.set()
        watchdog.join(1)


def main(folder, scratch, shown_as=None) -> int:
    """Serve the judge: frames in on stdin, frames out on the original stdout."""
    answers = os.fdopen(os.dup(1), "wb")
    requests = os.fdopen(os.dup(0), "rb")
    with open(os.devnull) as nothing:  # graded code that reads stdin gets nothing
        os.dup2(nothing.fileno(), 0)
    os.dup2(2, 1)  # the learner's prints go to stderr, which the judge drains and counts
    for name in ("kata.data.corpus", "kata.data.imdb"):  # register the packaged datasets with TFDS
        __import__(name)
    traceback_wanted = os.environ.get("KATA_TRACEBACK") == "1"
    harness = Harness(folder, scratch, traceback_wanted, shown_as)
    harness.own_process = True
    while (frame := read_frame(requests)) is not None:
        try:
            answer = harness.handle(wire.loads(frame))
            data = wire.dumps(answer)
        except wire.WireError as error:
            data = wire.dumps({"ok": False, "kind": FAILING, "message": str(error)})
        write_frame(answers, data)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
