"""The catalogue of attacks: what a learner's code might do to the grader, and what stops it.

The sibling of ``kata/mutants.py``. Each entry is code added to one reference
step file: at the top level (it runs when the file is imported), or as the
step's function (it runs when the function is called, and then returns None:
an attack carried by a wrong answer, so a forged pass would show), with ``{fields}`` filled
in by the test (paths and a port that must stay untouched). The kata's own test
(``selftests/test_attacks.py``) grades a class made of one solved learner and
one learner per attack, through the class command (``kata class``). Each attack must leave
its own step not passed, every other step passed (the end-to-end check, which
chains every step, may fail too), the honest learner 7/7, and nothing outside
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
import kata.collector, kata.worker
_orig = kata.collector.Collector.pytest_runtest_logreport
def _forged(self, report):
    report.outcome = "passed"
    return _orig(self, report)
kata.collector.Collector.pytest_runtest_logreport = _forged
kata.worker.Reporter.write = lambda self, **event: None
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
)


def attacked_source(attack: Attack, source: str, function: str, fields: dict) -> str:
    """The text of a reference step file, source, with ``attack`` added."""
    code = attack.code.format(**fields)
    if attack.when == "import":
        return source + "\n\n# --- attack: " + attack.name + "\n" + code
    body = "\n".join("    " + line for line in code.strip().splitlines())
    return f"{source}\n\n# --- attack: {attack.name}\ndef {function}(*args, **kwargs):\n{body}\n"
