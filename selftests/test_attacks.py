"""The adversarial suite: a class whose learners attack the grader, graded as a class is.

One honest learner (the reference solutions) and one learner per attack of
``selftests/attacks.py`` go through ``python -m kata class``. Afterwards: the report
exists; the honest learner has 8/8; every attack left its own step not passed
and the step after it passed (the earlier ones run before its file is imported,
and what it leaves behind shows in the calls that follow: ``graded_rows``); and nothing
outside the learners' scratch space changed.
"""

import hashlib
import os
import shutil
import socket
import tempfile
import threading
from pathlib import Path

import pytest
from attacks import ATTACKS, LAYOUTS, SPREADSHEET_NAME, STEP_NAMES, attacked_source

from kata import ROOT
from kata.core.status import PASSED
from kata.core.steps import BY_NAME, END_TO_END, STEPS
from kata.judge.sandbox import confinement
from kata.learner.reference import cache_folder, load_reference
from kata.platforms.classroom import grade_class

pytestmark = [
    pytest.mark.integrity,
    pytest.mark.slow,
    pytest.mark.timeout(1800),
    pytest.mark.xdist_group("attacks"),  # one class of attackers, graded once
]

HONEST = "0-honest"
SKIPPED = {".git", ".tox", ".ruff_cache", ".pytest_cache", "__pycache__"}  # tools' own caches
# What the outer tox writes into the repository while the suite runs (its PEP 832 `.venv`
# redirect file, the editable build's egg-info), and nothing else.
WRITTEN_BY_TOX = {ROOT / ".venv", ROOT / "embedding_projector_kata.egg-info"}
SECRET = "the grading machine's secret, 0600"
BY_ATTACK = {attack.name: attack for attack in ATTACKS}
BY_LAYOUT = {layout.name: layout for layout in LAYOUTS}


def test_the_catalogue_has_a_dozen_attacks():
    """At least 12 attacks, each with a unique name, on at least five different steps."""
    assert len(ATTACKS) >= 12
    assert len({attack.name for attack in ATTACKS}) == len(ATTACKS)
    assert len({attack.step for attack in ATTACKS}) >= 5


def fingerprint(*folders) -> dict:
    """Every file below ``folders`` with the hash of its bytes. The tools' folders are never
    entered (walking .tox alone took 18 s, for the 135 files of the repository)."""
    found = {}
    for folder in folders:
        for parent, subfolders, files in os.walk(folder):
            subfolders[:] = [
                name
                for name in subfolders
                if name not in SKIPPED and Path(parent, name) not in WRITTEN_BY_TOX
            ]
            for name in files:
                path = Path(parent, name)
                if path not in WRITTEN_BY_TOX and path.is_file():
                    found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections; it stops by itself."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.5)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        for _ in range(7200):  # at most an hour of half-second waits
            if not self.running:
                break
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()
        self.server.close()

    def stop(self):
        self.running = False
        self.thread.join(5)


class UnixListener(Listener):
    """A Unix socket in a folder of the grading machine, like Docker's or D-Bus'."""

    def __init__(self, path: Path):
        self.server = socket.socket(socket.AF_UNIX)
        self.server.bind(str(path))
        os.chmod(path, 0o777)  # anyone on the machine may connect: only the box stops it
        self.server.listen()
        self.server.settimeout(0.5)
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()


@pytest.fixture(scope="module")
def attacked_class(tmp_path_factory, data_dir):
    """The class of attackers, graded once: (learners by name, what was there before, after)."""
    root = tmp_path_factory.mktemp("attacks")
    submissions, report = root / "submissions", root / "report"
    home_file = Path.home() / "kata-attack-escaped.txt"
    repo_file = ROOT / "exercises" / "kata-attack-escaped.txt"
    machine = Path(tempfile.mkdtemp(prefix="kata-machine-"))  # the grading machine's own files
    secret_file = machine / "secret.txt"
    secret_file.write_text(SECRET)
    secret_file.chmod(0o600)
    listener, unix_listener = Listener(), UnixListener(machine / "daemon.sock")
    fields = {
        "home_file": str(home_file),
        "repo_file": str(repo_file),
        "other_file": str(submissions / HONEST / "step1_load.py"),
        "cache": str(cache_folder()),
        "port": listener.port,
        "tutorial": str(ROOT / "tutorial.ipynb"),
        "git_head": str(ROOT / ".git" / "HEAD"),
        "secret_file": str(secret_file),
        "unix_socket": str(machine / "daemon.sock"),
        "solutions": str(ROOT / "solutions"),
    }
    for layout in LAYOUTS:
        folder = submissions / layout.name
        folder.mkdir(parents=True)
        for step in STEPS:
            shutil.copy(ROOT / step.solution, folder)
        layout.make(folder, fields)
    (submissions / SPREADSHEET_NAME).mkdir(parents=True)
    for step in STEPS:  # the untouched stubs, under a name a spreadsheet would run
        shutil.copy(ROOT / step.exercise, submissions / SPREADSHEET_NAME)
    for name, attack in [(HONEST, None), *((a.name, a) for a in ATTACKS)]:
        folder = submissions / name
        folder.mkdir(parents=True)
        for step in STEPS:
            shutil.copy(ROOT / step.solution, folder)
        if attack is not None:
            step = BY_NAME[attack.step]
            path = folder / f"{step.module}.py"
            source = path.read_text(encoding="utf-8")
            path.write_text(attacked_source(attack, source, step.functions[-1], fields), "utf-8")
    load_reference(data_dir)  # the reference world exists before the "before" picture
    before = fingerprint(ROOT, cache_folder(), submissions)
    echoed = []
    try:
        learners = grade_class(
            submissions,
            report,
            jobs=2,
            # 20 s a call: a first train() call (3 s idle) in a fresh learner process took more
            # than 12 s in a fresh-clone CI run, with both cores loaded: honest, timed out
            timeout=20,
            echo=lambda *a, **k: echoed.extend(a),
            rows=graded_rows,
        )
    finally:
        listener.stop()
        unix_listener.stop()
        shutil.rmtree(machine, ignore_errors=True)
    after = fingerprint(ROOT, cache_folder(), submissions)
    outside = {"home": home_file.exists(), "repo": repo_file.exists()}
    listener.connections += unix_listener.connections  # neither may be reached
    report.joinpath("echoed.txt").write_text("\n".join(map(str, echoed)), encoding="utf-8")
    return {learner.name: learner for learner in learners}, before, after, outside, listener, report


def graded_rows(name):
    """The rows graded for a learner of the class: every row for the honest learner; for an
    attacker, its attacked step and the one after it. A step file is imported when its own step
    is graded, so the steps before the attacked one ran before the attack existed: they are the
    honest learner's steps, graded already. What an attack leaves behind (a patch, a dead or
    replaced learner process, a full disk, a poisoned cache) shows in the next step's calls,
    several of them. A layout: the steps it must not pass (the others are the honest learner's
    files). The end-to-end row chains every step: not judged for an attacker or a layout."""
    names = [step.name for step in STEPS]
    if name in BY_ATTACK:
        start = names.index(BY_ATTACK[name].step)
        return names[start : start + 2]
    if name in BY_LAYOUT:
        return [step for step in names if step in BY_LAYOUT[name].steps]
    return None if name == HONEST else names


def status(learner, step):
    return next(s for s in learner.report["steps"] if s["step"] == step)


def test_the_report_exists_and_the_honest_learner_has_every_step(attacked_class):
    """After a class full of attacks the report is written, and the honest learner has 8/8."""
    learners, *_, report = attacked_class
    assert (report / "report.html").is_file() and (report / "grades.csv").is_file()
    honest = learners[HONEST].report
    assert honest["steps_passed"] == len(STEPS), [s["message"] for s in honest["steps"]]
    assert status(learners[HONEST], END_TO_END)["status"] == PASSED


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda attack: f"{attack.step}-{attack.name}")
def test_an_attack_fails_its_own_step_only(attacked_class, attack):
    """The attacked step is not passed (with the expected status, if any); the step after it
    passes (the earlier ones ran before the attacked file was imported: see graded_rows)."""
    learners = attacked_class[0]
    learner = learners[attack.name]
    graded = graded_rows(attack.name)
    mine = status(learner, attack.step)
    assert mine["status"] != PASSED, f"{attack.name} passed {attack.step}: {attack.why}"
    if attack.expect:
        assert mine["status"] == attack.expect, (attack.name, mine)
    assert mine["message"], f"{attack.name}: no sentence for the learner"
    others = [
        (s["step"], s["status"], s["message"])
        for s in learner.report["steps"]
        if s["step"] in graded and s["step"] != attack.step and s["status"] != PASSED
    ]
    assert not others, f"{attack.name} also failed {others}"


def test_nothing_outside_the_scratch_space_changed(attacked_class):
    """The repository, the reference cache and the submissions are as they were; no file in the
    home folder or in exercises/; no connection reached the local listener."""
    _, before, after, outside, listener, _ = attacked_class
    changed = sorted(set(before.items()) ^ set(after.items()))
    assert not changed, changed[:5]
    assert outside == {"home": False, "repo": False}, outside
    assert listener.connections == 0


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_a_submission_shaped_to_cheat_passes_none_of_its_steps(attacked_class, layout):
    """A link to the answers, a FIFO, /dev/zero, a huge file: the class finishes, and none of
    the steps it touches passes, each with a sentence."""
    learner = attacked_class[0][layout.name]
    if learner.report is None:  # no step file where a submission keeps them: 0 points
        assert learner.folder is None and layout.steps == STEP_NAMES, layout.name
        return
    for step in layout.steps:
        mine = status(learner, step)
        assert mine["status"] != PASSED, f"{layout.name} passed {step}: {layout.why}"
        assert mine["message"], f"{layout.name}: no sentence for {step}"


def test_no_secret_no_escape_and_no_formula_reaches_a_reader(attacked_class):
    """Nothing of the machine's root-only file in any report; no terminal escape in the JSON,
    the CSV, the HTML or what the class command printed; a folder name a spreadsheet would run
    is quoted in grades.csv; each learner's JSON, the CSV and the HTML stay under 1 MB."""
    report = attacked_class[-1]
    for path in report.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert SECRET not in text, path
            assert "\x1b" not in text and "\\u001b" not in text, path
            assert path.stat().st_size < 1_000_000, (path, path.stat().st_size)
    rows = (report / "grades.csv").read_text(encoding="utf-8").splitlines()
    formula = [row for row in rows if "HYPERLINK" in row]
    assert formula and all(row.lstrip('"').startswith("'=") for row in formula), formula


def test_the_sandbox_is_on_where_it_can_be():
    """On Linux with bubblewrap (CI), the learners really ran in the sandbox."""
    state = confinement()
    if state.bwrap is None:
        pytest.skip(f"no sandbox here: {state.why_not}")
    assert Path(state.bwrap).is_file()
