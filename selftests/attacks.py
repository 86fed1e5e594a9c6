"""The catalogue of attacks: what a learner's code might do to the grader, and what stops it.

The sibling of ``selftests/mutants.py``. Each entry is code added to one reference
step file: at the top level (it runs when the file is imported), or as the
step's function (it runs when the function is called, and then returns None:
an attack carried by a wrong answer, so a forged pass would show), with ``{fields}`` filled
in by the test (paths, a port and a socket that must stay untouched). ``LAYOUTS`` are
submissions shaped to fool the class command itself (links to the answers, FIFOs,
huge files). The kata's own test (``selftests/test_attacks.py``) grades a class made
of one solved learner, one learner per attack and one per layout, through the class
command (``kata class``). Each attack must leave
its own step not passed, the step after it passed (the earlier ones are graded
before its file is imported), the honest learner 8/8, and nothing outside
the learner's scratch space changed: the repository, the reference cache, the
other submissions, the report, the home folder, a local listener.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Attack:
    step: str  # the step whose file carries it
    name: str
    why: str  # what it tries
    code: str  # Python, with {fields}
    when: str = "call"  # "import": at the top of the file; "call": each time the function runs
    expect: str = ""  # the status the attacked step gets ("" for any status but passed)


ATTACKS = (
    Attack(
        "pad",
        "forge_the_reporter",
        "patch the grader's reporter so every check says passed, with a wrong pad()",
        """
import kata.judge.collector, kata.judge.worker
_orig = kata.judge.collector.Collector.pytest_runtest_logreport
def _forged(self, report):
    report.outcome = "passed"
    return _orig(self, report)
kata.judge.collector.Collector.pytest_runtest_logreport = _forged
kata.judge.worker.Reporter.write = lambda self, **event: None
def pad(train_data, test_data, batch_size=10, buffer_size=1000):
    return train_data.padded_batch(batch_size), test_data.padded_batch(batch_size)
""",
        when="import",
    ),
    Attack(
        "pad",
        "forge_pytest_reports",
        "patch pytest's report object so failures look like passes, with a wrong pad()",
        """
import _pytest.reports
_pytest.reports.TestReport.passed = property(lambda self: True)
_pytest.reports.TestReport.failed = property(lambda self: False)
def pad(train_data, test_data, batch_size=10, buffer_size=1000):
    return train_data.padded_batch(batch_size), test_data.padded_batch(batch_size)
""",
        when="import",
    ),
    Attack(
        "build",
        "forge_the_answer_channel",
        "write a made-up answer frame to the judge's channel before the real one",
        """
import os, struct
for fd in range(3, 64):
    try:
        os.write(fd, struct.pack("!Q", 11) + b'{{"ok": tru}}')
    except OSError:
        pass
""",
    ),
    Attack(
        "build",
        "kill_the_parent",
        "kill the process that started it (the judge, when it runs in-process)",
        "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n",
    ),
    Attack(
        "train",
        "kill_every_process",
        "kill every process it may signal, its own group and all",
        "import os, signal\nos.kill(-1, signal.SIGKILL)\nos.killpg(0, signal.SIGKILL)\n",
    ),
    Attack(
        "export",
        "escape_to_home",
        "write a file into the user's home folder",
        "open({home_file!r}, 'w').write('escaped')\n",
    ),
    Attack(
        "export",
        "write_into_the_kata",
        "write into the kata's own exercises/ and its board JSON",
        "open({repo_file!r}, 'w').write('escaped')\n",
    ),
    Attack(
        "configure",
        "edit_its_own_submission",
        "rewrite its own step file, so that a re-grade sees another file",
        "open(__file__, 'a').write('# edited while graded\\n')\n",
    ),
    Attack(
        "configure",
        "read_another_submission",
        "copy another learner's answer",
        "open({other_file!r}).read()\n",
    ),
    Attack(
        "analyse",
        "borrow_the_answers",
        "import the grader's reference solutions",
        "from solutions.step7_analyse import nearest  # noqa\n",
        when="import",
    ),
    Attack(
        "analyse",
        "poison_the_reference_cache",
        "overwrite the reference world that every later grade starts from",
        """
import pathlib
for path in pathlib.Path({cache!r}).glob('*'):
    path.write_bytes(b'poison')
open(pathlib.Path({cache!r}) / 'reference-poison.npz', 'wb').write(b'poison')
""",
    ),
    Attack(
        "load",
        "phone_home",
        "open a TCP connection to a listener on this machine",
        "import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=5).sendall(b'x')\n",
    ),
    Attack(
        "train",
        "fork_bomb",
        "fork until the machine runs out of processes",
        "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
        expect="timed out",
    ),
    Attack(
        "load",
        "memory_bomb",
        "allocate far more memory than the machine has",
        "hog = bytearray(64 << 30)\n",
    ),
    Attack(
        "build",
        "flood",
        "print without end",
        "import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n",
        expect="too much output",
    ),
    Attack(
        "analyse",
        "unkillable_hang",
        "ignore every signal it can and loop forever",
        """
import signal
for number in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGUSR1):
    signal.signal(number, signal.SIG_IGN)
while True:
    pass
""",
        expect="timed out",
    ),
    Attack(
        "pad",
        "stray_thread",
        "leave a thread behind that ends the process while a later step is graded",
        """
import os, threading, time
threading.Thread(target=lambda: (time.sleep(3), os._exit(0)), daemon=True).start()
""",
    ),
    Attack(
        "load",
        "close_the_channel",
        "close the judge's channel and every other descriptor",
        "import os\nos.closerange(0, 1024)\n",
    ),
    # --- what the allowlist box keeps out of reach
    Attack(
        "configure",
        "run_the_tutorials_answers",
        "read tutorial.ipynb (it holds every answer) and run its configure() cell",
        """
import json
cells = json.load(open({tutorial!r}, encoding="utf-8"))["cells"]
code = next("".join(c["source"]) for c in cells if "def configure(" in "".join(c["source"]))
found = {{}}
exec(code, found)
return found["configure"](*args, **kwargs)
""",
    ),
    Attack(
        "configure",
        "read_the_git_history",
        "read the kata's .git (every solution is in its history)",
        "open({git_head!r}).read()\nreturn None\n",
    ),
    Attack(
        "analyse",
        "read_a_root_only_file",
        "read a file only root may read, and show its text on the board",
        "raise ValueError(open({secret_file!r}).read())\n",
    ),
    Attack(
        "load",
        "connect_a_host_socket",
        "connect to a Unix socket of the grading machine (Docker's, D-Bus', a database's)",
        """
import socket
s = socket.socket(socket.AF_UNIX)
s.connect({unix_socket!r})
s.sendall(b"x")
""",
    ),
    Attack(
        "export",
        "fill_the_disk",
        "write without end into its scratch folder, to fill the grading machine's disk",
        """
import os
for n in range(4):
    with open(f"filler-{{n}}", "wb") as f:
        for _ in range(256):
            f.write(b"x" * (1 << 20))
""",
    ),
    Attack(
        "pad",
        "fill_shared_memory",
        "pin memory in /dev/shm, outside its memory limit",
        """
with open("/dev/shm/kata-hog", "wb") as f:
    for _ in range(1536):
        f.write(b"x" * (1 << 20))
""",
    ),
    Attack(
        "build",
        "swamp_with_frames",
        "write thousands of answer frames to the judge's channel",
        """
import fcntl, json, os, stat, struct
frame = json.dumps({{"ok": True, "value": "x" * 60000}}).encode()
for fd in range(3, 64):  # the answer channel: a pipe this process writes to
    try:
        writable = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY
        if writable and stat.S_ISFIFO(os.fstat(fd).st_mode):
            for _ in range(4000):
                os.write(fd, struct.pack("!Q", len(frame)) + frame)
    except OSError:
        pass
""",
    ),
    Attack(
        "build",
        "a_model_too_big_to_build",
        "return an unbuilt model whose embedding the judge would build with 200 million weights",
        """
import keras
return keras.Sequential([keras.layers.Embedding(12_500_000, 16)])
""",
        expect="failing",
    ),
    Attack(
        "analyse",
        "an_answer_too_big_to_read",
        "return 40 MB of text for the judge to read",
        'return "x" * 40_000_000\n',
        expect="failing",
    ),
    Attack(
        "analyse",
        "an_answer_with_too_many_values",
        "return two million numbers for the judge to build one by one",
        "return [0] * 2_000_000\n",
        expect="failing",
    ),
    Attack(
        "analyse",
        "a_sentence_too_long_and_loud",
        "fail with terminal escapes (clear the screen, set the title) in a huge message",
        """
raise ValueError("\\x1b[2J\\x1b]0;pwned\\x07\\x1b[31m" + " ".join(["token"] * 400_000))
""",
        expect="failing",
    ),
    Attack(
        "train",
        "busy_children_hang",
        "start four busy processes and hang, to slow the whole class",
        """
import os
for _ in range(4):
    if os.fork() == 0:
        while True:
            pass
while True:
    pass
""",
        expect="timed out",
    ),
)


@dataclass(frozen=True)
class Layout:
    """A submission shaped to fool the class command rather than its checks: links, FIFOs,
    devices, huge files, a folder name a spreadsheet would run. ``make(folder, fields)`` lays
    it out; ``steps`` are the steps it must not pass (all others may do as they like)."""

    name: str
    why: str
    make: object  # (folder: Path, fields: dict) -> None
    steps: tuple[str, ...]


def _link_folder_to_solutions(folder, fields):
    import shutil

    shutil.rmtree(folder / "exercises", ignore_errors=True)
    for file in folder.glob("step*_*.py"):
        file.unlink()
    (folder / "exercises").symlink_to(fields["solutions"], target_is_directory=True)


def _link_files_to_solutions(folder, fields):
    from pathlib import Path

    for file in sorted(folder.glob("step*_*.py")):
        file.unlink()
        file.symlink_to(Path(fields["solutions"]) / file.name)


def _fifo_and_device(folder, fields):
    import os

    (folder / "step2_pad.py").unlink()
    os.mkfifo(folder / "step2_pad.py")
    (folder / "step3_build.py").unlink()
    (folder / "step3_build.py").symlink_to("/dev/zero")


def _huge_file(folder, fields):
    with open(folder / "step6_configure.py", "a", encoding="utf-8") as file:
        file.write("# " + "x" * (2 << 20) + "\n")


STEP_NAMES = ("load", "pad", "build", "train", "export", "configure", "analyse", "colour")
LAYOUTS = (
    Layout(
        "exercises_links_to_solutions",
        "an exercises/ that is a link to the kata's own solutions/",
        _link_folder_to_solutions,
        STEP_NAMES,
    ),
    Layout(
        "step_files_link_to_solutions",
        "step files that are links to the kata's own solutions",
        _link_files_to_solutions,
        STEP_NAMES,
    ),
    Layout(
        "a_fifo_and_dev_zero",
        "a step file that is a FIFO (hangs a reader) and one that links to /dev/zero",
        _fifo_and_device,
        ("pad", "build"),
    ),
    Layout("a_huge_step_file", "a step file of 2 MB", _huge_file, ("configure",)),
)
SPREADSHEET_NAME = '=HYPERLINK("#","pwned")'  # a learner's folder name


def attacked_source(attack: Attack, source: str, function: str, fields: dict) -> str:
    """The text of a reference step file, source, with ``attack`` added."""
    code = attack.code.format(**fields)
    if attack.when == "import":
        return source + "\n\n# --- attack: " + attack.name + "\n" + code
    body = "\n".join("    " + line for line in code.strip().splitlines())
    return f"{source}\n\n# --- attack: {attack.name}\ndef {function}(*args, **kwargs):\n{body}\n"
