"""The box and the judge's bounds, checked directly (the attack catalogue checks them through
a whole class): what the learner process can see, write and reach; what the judge refuses
to read, build or show; which threads count against a step; who is trusted."""

import importlib.util
import io
import json
import os
import socket
import struct
import subprocess
import sys
import textwrap
import threading
import zipfile
from pathlib import Path

import pytest

from kata import ROOT
from kata.core import settings
from kata.core.sentences import csv_cell, readable
from kata.judge import sandbox
from kata.judge.pytest_plugin import trusted_role
from kata.learner import wire
from kata.learner.harness import Harness, Refusal, read_frame

pytestmark = pytest.mark.integrity

CONFINED = sandbox.confinement().bwrap is not None


def in_the_box(tmp_path, code: str, data=()) -> dict:
    """Run ``code`` (which fills a dict ``found``) in the box, as the learner process runs."""
    scratch, steps = tmp_path / "scratch", tmp_path / "steps"
    scratch.mkdir()
    steps.mkdir(mode=0o755)
    program = "import json, os\nfound = {}\n" + code + "\nprint(json.dumps(found))\n"
    argv, why_not = sandbox.command(
        [sys.executable, "-c", program], scratch, steps, ROOT / "exercises", data
    )
    assert not why_not
    limits = sandbox.Limits()
    try:
        done = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            timeout=60,
            env=sandbox.environment(scratch),
            preexec_fn=limits.preexec,
        )
    finally:
        limits.close()
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.skipif(not CONFINED, reason="no bubblewrap box on this machine")
def test_the_box_shows_only_its_list(tmp_path):
    """In the box: no solutions/, tests/, notebooks, .git, README, catalogues or judge modules;
    no home, /run, /var, reference cache or file of the machine; uid 65534 with no
    capabilities; the learner side of the kata and the data dir, read-only."""
    from kata.core.cache import cache_folder

    machine = tmp_path / "machine"
    machine.mkdir()
    (machine / "secret.txt").write_text("secret")
    (machine / "secret.txt").chmod(0o600)
    data = tmp_path / "data"
    data.mkdir()
    (data / "reviews.txt").write_text("reviews")
    data.chmod(0o755)
    (data / "reviews.txt").chmod(0o644)
    hidden = [
        ROOT / "solutions", ROOT / "tests", ROOT / "tutorial.ipynb", ROOT / "kata.ipynb",
        ROOT / ".git", ROOT / "README.md", ROOT / "selftests", ROOT / "kata" / "judge",
        ROOT / "kata" / "platforms", ROOT / "kata" / "__main__.py", Path.home() / ".bashrc",
        Path("/run"), Path("/var"), cache_folder(), machine / "secret.txt",
    ]  # fmt: skip
    found = in_the_box(
        tmp_path,
        textwrap.dedent(f"""
            found["seen"] = [p for p in {[str(p) for p in hidden]!r} if os.path.lexists(p)]
            found["uid"] = os.getuid()
            status = open("/proc/self/status").read()
            found["caps"] = status.split("CapEff:")[1].split()[0]
            found["harness"] = os.path.isfile({str(ROOT / "kata" / "learner" / "harness.py")!r})
            found["data"] = open({str(data / "reviews.txt")!r}).read()
            try:
                open({str(data / "new.txt")!r}, "w")
                found["data_writable"] = True
            except OSError:
                found["data_writable"] = False
        """),
        data=[data],
    )
    assert found["seen"] == [], f"the box shows {found['seen']}"
    assert found["uid"] == sandbox.NOBODY and int(found["caps"], 16) == 0, found
    assert found["harness"] and found["data"] == "reviews" and not found["data_writable"]


@pytest.mark.skipif(not CONFINED, reason="no bubblewrap box on this machine")
def test_the_box_writes_only_within_its_quotas_and_reaches_no_socket(tmp_path):
    """/tmp, /dev/shm and the scratch folder stop a writer at their size; a Unix socket of
    the machine does not exist in there; no network."""
    path = tmp_path / "daemon.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen()
    code = textwrap.dedent(f"""
        import socket
        def fill(name, limit, keep=False):
            written = 0
            try:
                with open(name, "wb") as f:
                    while written < limit:
                        f.write(b"x" * (1 << 20))
                        f.flush()
                        written += 1 << 20
            except OSError:
                pass
            if not keep:
                os.remove(name)
            return written >> 20
        found["tmp"] = fill("/tmp/fill", 200 << 20)
        found["shm"] = fill("/dev/shm/fill", 200 << 20)
        found["scratch"] = sum(fill(f"fill-{{n}}", 250 << 20, keep=True) for n in range(3))
        try:
            s = socket.socket(socket.AF_UNIX)
            s.connect({str(path)!r})
            found["unix"] = "connected"
        except OSError as error:
            found["unix"] = type(error).__name__
        try:
            socket.create_connection(("127.0.0.1", 9), timeout=2)
            found["tcp"] = "connected"
        except OSError as error:
            found["tcp"] = type(error).__name__
    """)
    try:
        found = in_the_box(tmp_path, code)
    finally:
        server.close()
    assert found["tmp"] <= settings.TMP_BYTES >> 20, found
    assert found["shm"] <= settings.SHM_BYTES >> 20, found
    assert found["scratch"] <= settings.SCRATCH_BYTES >> 20, found
    assert found["unix"] == "FileNotFoundError" and found["tcp"] != "connected", found


@pytest.mark.slow  # it starts processes: seconds
@pytest.mark.skipif(
    not (CONFINED and sandbox.as_root() and sandbox.CGROUP_CPU.is_dir()),
    reason="no cpu cgroup to bound the learner here",
)
def test_busy_children_share_one_core(tmp_path, monkeypatch):
    """In a class that gives each learner one core, three busy processes in the box for 1.5 s
    get at most that core between them."""
    monkeypatch.setenv(sandbox.CORES_VARIABLE, "1")
    found = in_the_box(
        tmp_path,
        textwrap.dedent("""
            import resource, time
            children = []
            for _ in range(3):
                pid = os.fork()
                if pid == 0:
                    end = time.monotonic() + 1.5
                    while time.monotonic() < end:
                        pass
                    os._exit(0)
                children.append(pid)
            for pid in children:
                os.waitpid(pid, 0)
            found["cpu"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
        """),
    )
    assert found["cpu"] < 1.5 * sandbox.cores() + 0.5, found


def test_step_files_cross_as_plain_files_only(tmp_path):
    """The judge copies plain step files; a link, a FIFO or a file over the cap is refused with
    a sentence, without being followed or read; a folder that is a link refuses every file."""
    folder, copy = tmp_path / "exercises", tmp_path / "copy"
    folder.mkdir()
    copy.mkdir()
    (folder / "step1_load.py").write_text("LOAD = 1\n")
    (folder / "step2_pad.py").symlink_to(ROOT / "solutions" / "step2_pad.py")
    os.mkfifo(folder / "step3_build.py")
    (folder / "step4_train.py").write_bytes(b"#" * (settings.STEP_FILE_BYTES + 1))
    names = ["step1_load", "step2_pad", "step3_build", "step4_train", "step5_export"]
    refused = sandbox.copy_step_files(folder, names, copy)
    assert sorted(refused) == ["step2_pad", "step3_build", "step4_train"], refused
    assert "link" in refused["step2_pad"] and "plain" in refused["step3_build"]
    assert sorted(p.name for p in copy.iterdir()) == ["step1_load.py"]
    (tmp_path / "linked").symlink_to(ROOT / "solutions", target_is_directory=True)
    refused = sandbox.copy_step_files(tmp_path / "linked", names, copy)
    assert sorted(refused) == names and not list(copy.iterdir())


def test_trust_is_the_commands_role_never_a_folder(tmp_path):
    """Only `pytest solutions` (no --kata-dir) is trusted; a --kata-dir that is, or links to,
    solutions/ is graded in the box like any learner's folder."""
    link = tmp_path / "exercises"
    link.symlink_to(ROOT / "solutions", target_is_directory=True)
    assert trusted_role(None, [str(ROOT / "solutions")])
    assert not trusted_role(None, [str(ROOT / "tests")])
    assert not trusted_role(str(link), [str(ROOT / "tests")])
    assert not trusted_role(str(ROOT / "solutions"), [str(ROOT / "tests")])


def keras_file(config: dict, extra=None) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("config.json", json.dumps(config))
        for name, size in (extra or {}).items():
            archive.writestr(name, b"\0" * size, compress_type=zipfile.ZIP_DEFLATED)
    return data.getvalue()


def sequential(*layers) -> dict:
    return {
        "class_name": "Sequential",
        "config": {"layers": [{"class_name": n, "config": c} for n, c in layers]},
    }


def test_the_judge_bounds_what_it_reads_before_building_it():
    """A frame over its cap is refused from its length; an answer with too many values before
    JSON builds it; a model over its parameters from its config, before Keras builds it (the
    kata's own model passes); a .keras file that unpacks too big, before it is unpacked."""
    head = struct.pack("!Q", settings.ANSWER_BYTES + 1)
    with pytest.raises(wire.WireError, match="frame"):
        read_frame(io.BytesIO(head + b"x" * 10), settings.ANSWER_BYTES)
    with pytest.raises(wire.WireError, match="values"):
        wire.loads(
            json.dumps([[]] * (settings.ANSWER_ELEMENTS + 1)).encode(), settings.ANSWER_ELEMENTS
        )
    assert wire.loads(b'{"ok": true}', settings.ANSWER_ELEMENTS) == {"ok": True}
    kata_model = sequential(
        ("Embedding", {"input_dim": 8185, "output_dim": 16}),
        ("GlobalAveragePooling1D", {}),
        ("Dense", {"units": 16}),
        ("Dense", {"units": 1}),
    )
    assert 131_000 < wire.model_size(keras_file(kata_model)) < 200_000
    huge = sequential(("Embedding", {"input_dim": 12_500_000, "output_dim": 16}))
    with pytest.raises(wire.WireError, match="parameters"):
        wire.model_size(keras_file(huge))
    bomb = keras_file(kata_model, {"model.weights.h5": settings.MODEL_FILE_BYTES + 1})
    with pytest.raises(wire.WireError, match="unpacks"):
        wire.model_size(bomb)


def test_learner_text_is_made_safe_for_every_reader():
    """Escape sequences and control characters are removed (newline and tab kept), the text is
    cut with a count of the rest; a cell a spreadsheet would run is quoted."""
    loud = "a\x1b[2Jb\x1b]0;title\x07c\x1b[31md\u202ee\tf\ng\x00" + "x" * 5000
    shown = readable(loud, 100)
    assert shown.startswith("abcde\tf\ng") and "\x1b" not in shown and len(shown) < 200
    assert csv_cell('=HYPERLINK("#","x")').startswith("'=") and csv_cell("-1").startswith("'")
    assert csv_cell("alice") == "alice" and csv_cell(3) == 3


@pytest.mark.timeout(60, method="thread")  # the harness checks for alarms: pytest's is one
def test_only_the_learners_threads_count_against_a_step(tmp_path):
    """A thread the learner's file starts (its target there) fails the call; a library's own
    thread (here a threading.Timer, as tqdm's monitor) does not."""
    (tmp_path / "step1_load.py").write_text(
        textwrap.dedent("""
            import threading, time

            def mine():
                threading.Thread(target=lambda: time.sleep(2), daemon=True).start()

            def library():
                timer = threading.Timer(2, print)
                timer.daemon = True
                timer.start()
        """)
    )
    harness = Harness(tmp_path, tmp_path)
    harness.own_process = True
    module = harness.module("step1_load")
    harness.run(module.library, "step1_load", [], {})
    with pytest.raises(Refusal, match="thread"):
        harness.run(module.mine, "step1_load", [], {})
    assert threading.active_count() >= 1


@pytest.mark.slow  # it starts a learner process: seconds
def test_a_step_that_left_a_thread_fails_its_other_checks_without_a_new_process(tmp_path):
    """The call that left a thread stops its learner process; the step's next call fails with
    the same sentence at once, instead of starting a process (TensorFlow's import, 4 s) that
    the same code would spoil again. Another step gets a new process."""
    from kata.judge.graded_files import GradedFiles
    from kata.judge.learner_process import stop_learners
    from kata.judge.step_errors import StepFailure

    (tmp_path / "step2_pad.py").write_text(
        "import threading, time\n\n"
        "def pad(*args):\n"
        "    threading.Thread(target=lambda: time.sleep(30), daemon=True).start()\n"
    )
    (tmp_path / "step3_build.py").write_text("def build(*args):\n    return 3\n")
    try:
        files = GradedFiles(tmp_path, timeout=60)
        with pytest.raises(StepFailure, match="left a thread") as first:
            files.step2_pad.pad()
        assert files.transport.process is None
        started, start = [], files.transport.start
        files.transport.start = lambda: started.append(1) or start()
        with pytest.raises(StepFailure) as second:
            files.step2_pad.pad()
        assert second.value.msg == first.value.msg and not started
        assert files.step3_build.build() == 3 and started == [1]
    finally:
        stop_learners()


def test_a_call_stopped_at_its_deadline_is_told_slow_or_stuck(tmp_path):
    """Two stack dumps on one line: stuck, with the learner's line; on different lines of
    library code under the learner's call: still working, too slow."""
    from kata.judge.learner_process import hung

    def dump(line, inner):
        return (
            "Current thread 0x1 (most recent call first):\n"
            f'  File "/lib/keras/adapt.py", line {inner} in adapt\n'
            f'  File "{tmp_path}/step1_load.py", line {line} in load\n\n'
        )

    stuck = hung(60, dump(12, 40) * 2, tmp_path, ROOT / "exercises")
    slow = hung(60, dump(12, 40) + dump(12, 55), tmp_path, ROOT / "exercises")
    assert "hangs or loops forever" in stuck and "load() at exercises/step1_load.py:12" in stuck
    assert "too slow" in slow and "load() at exercises/step1_load.py:12" in slow


def test_a_function_that_still_raises_is_asked_once(tmp_path):
    """Once the learner's own function raised NotImplementedError (the stub, not started), the
    session's other checks of that function say so at once, without calling it again; another
    function of the same step file is still called."""
    from kata.judge.graded_files import GradedFiles
    from kata.judge.step_errors import StepNotDone

    calls = tmp_path / "calls.txt"
    (tmp_path / "step5_export.py").write_text(
        f"def export(*args):\n    open({str(calls)!r}, 'a').write('e')\n"
        "    raise NotImplementedError('step 5')\n\n"
        f"def label(token):\n    open({str(calls)!r}, 'a').write('l')\n    return token\n"
    )
    files = GradedFiles(tmp_path, trusted=True)
    try:
        for _ in range(3):
            with pytest.raises(StepNotDone, match="not done yet"):
                files.step5_export.export()
            assert files.step5_export.label("x") == "x"
    finally:
        files.transport.close()
    assert calls.read_text() == "elll"


def test_an_untouched_stub_fails_before_its_arguments_cross(tmp_path, monkeypatch):
    """A function that is still the stub (it only raises NotImplementedError) says "not done"
    without its arguments being rebuilt in the learner process; one that only looks like it
    (its module's NotImplementedError is something else) is called with its real arguments."""
    from kata.judge.graded_files import GradedFiles
    from kata.judge.step_errors import StepFailure, StepNotDone
    from kata.learner import harness

    rebuilt = []
    decode = harness.wire.decode
    monkeypatch.setattr(
        harness.wire, "decode", lambda *a, **k: rebuilt.append(1) or decode(*a, **k)
    )
    (tmp_path / "step4_train.py").write_text(
        "def train(model, train_batches, test_batches, epochs=1, validation_steps=20):\n"
        '    """Its docstring."""\n'
        "    # TODO: the learner's part\n"
        '    raise NotImplementedError("step 4 (train): write train()")\n'
    )
    (tmp_path / "step5_export.py").write_text(
        "NotImplementedError = ValueError\n\n\n"
        "def export(model, vocabulary, log_dir):\n"
        '    raise NotImplementedError("step 5 (export)")\n'
    )
    files = GradedFiles(tmp_path, trusted=True)
    try:
        with pytest.raises(StepNotDone, match="not done yet"):
            files.step4_train.train([1.5], [2], [3])
        assert not rebuilt
        assert files.answered("train") is not None and files.answered("export") is None
        with pytest.raises(StepFailure, match="ValueError") as failure:
            files.step5_export.export([1.5], ["a"], "x")
        assert not isinstance(failure.value, StepNotDone) and rebuilt
    finally:
        files.transport.close()
    assert harness.untouched(harness.untouched) is False


@pytest.mark.slow  # a second of looping
def test_the_stack_dumps_name_the_learners_line_and_leave_no_thread(tmp_path, capfd):
    """The dumps a call gets before its deadline are in the format the judge reads (its
    sentence names the learner's line), and the thread that took them is gone after the call."""
    from kata.judge.learner_process import hung
    from kata.learner.harness import stack_dump_before

    path = tmp_path / "step1_load.py"
    path.write_text(
        "import time\n\n\ndef load():\n"
        "    end = time.monotonic() + 0.8\n"
        "    while time.monotonic() < end: pass\n"
    )
    spec = importlib.util.spec_from_file_location("step1_load", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    before = set(threading.enumerate())
    with stack_dump_before(0.6):
        module.load()
    assert set(threading.enumerate()) == before
    stack = capfd.readouterr().err
    assert stack.count("Current thread") >= 2, stack
    said = hung(0.8, stack, tmp_path)
    assert "hangs or loops forever" in said and f"load() at {path}:6" in said, said


@pytest.mark.slow
def test_the_learner_side_is_what_the_learner_process_imports(tmp_path, monkeypatch):
    """Unconfined, the learner process imports the kata from a copy of ``LEARNER_SIDE`` alone,
    and what it imports (its harness, the datasets, the fakes, the reference seeds, both
    languages) is exactly every module there: nothing of the judge, nothing missing in the
    box, no module of the learner side it does not need."""
    monkeypatch.setattr(sandbox, "confinement", lambda: sandbox.Confinement(None, "a test"))
    env = sandbox.environment(tmp_path)
    assert Path(env["PYTHONPATH"]) != ROOT
    copy = Path(env["PYTHONPATH"], "kata")
    found = sorted(str(p.relative_to(copy)) for p in copy.rglob("*.py"))
    side = sandbox.learner_side_files()
    assert found == sorted(str(p.relative_to(ROOT / "kata")) for p in side)
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__") for p in side
    )
    program = textwrap.dedent("""
        import json, os, sys
        import kata.learner.harness, kata.data.corpus, kata.data.imdb, kata.data.fakes
        import kata.core.quiet
        from kata.learner.reference import reset
        os.environ["KATA_LANG"] = "zh-TW"
        from kata.core.i18n import say
        say("Stopped.")
        try:
            import solutions
            reached = True
        except ImportError:
            reached = False
        names = sorted(m for m in sys.modules if m == "kata" or m.startswith("kata."))
        print(json.dumps({"modules": names, "solutions": reached,
                          "from": os.path.dirname(kata.__file__)}))
    """)
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=tmp_path, env=env,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    imported = json.loads(done.stdout.splitlines()[-1])
    assert imported["modules"] == modules, imported["modules"]
    assert not imported["solutions"] and Path(imported["from"]).parent == Path(env["PYTHONPATH"])


@pytest.mark.slow
def test_grading_leaves_nothing_in_the_temporary_folder(tmp_path, monkeypatch):
    """The learner process's copy and scratch live in its worker's folder: removed with the
    worker, even one killed in the middle of a grading (Ctrl-C, a watchdog)."""
    import tempfile

    from kata.core.cache import default_data_dir
    from kata.judge.supervisor import Worker

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    worker = Worker(default_data_dir())
    try:
        worker.run(ROOT / "exercises", ["load"])  # its learner process started and stays warm
        inside = [p.name for p in Path(worker.folder.name).iterdir()]
        assert any(name.startswith("kata-learner-") for name in inside), inside
        worker.stop()  # killed: it could not stop its learner process itself
    finally:
        worker.close()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_the_prestarted_learner_process_answers_the_first_call(tmp_path):
    """``prestart`` lets the learner process import TensorFlow while the judge does; its answer
    to hello, already waiting when the first call comes, is taken as that, and the same process
    answers the call (never stopped for an answer nobody asked, then started again)."""
    import time

    from kata.judge.learner_process import Sandboxed

    (tmp_path / "step6_configure.py").write_text("def configure(log_dir):\n    return 42\n")
    learner = Sandboxed(tmp_path, [])
    starts = []
    start = learner.start
    learner.start = lambda: (starts.append(time.monotonic()), start())
    try:
        learner.start()
        until = time.monotonic() + 120
        while not learner.answers.frames and time.monotonic() < until:
            time.sleep(0.05)
        assert learner.answers.frames, "the learner process never answered hello"
        pid = learner.process.pid
        request = {"op": "call", "module": "step6_configure", "function": "configure"}
        answer = learner.exchange({**request, "args": ["x"], "kwargs": {}}, 60)
        assert answer["ok"] and learner.process.pid == pid and len(starts) == 1, answer
    finally:
        learner.close()
