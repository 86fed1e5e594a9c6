"""The instructor's view of a class: python -m kata class SUBMISSIONS --out REPORT."""

import csv
import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from kata import ROOT
from kata.__main__ import main as kata_main
from kata.core.steps import STEPS
from kata.platforms import class_report, classroom

pytestmark = [
    pytest.mark.integrity,
    pytest.mark.slow,
    pytest.mark.timeout(600),  # minutes
    pytest.mark.xdist_group("class"),  # one graded class, read by every test here
]

EXPECTED = {  # learner -> status of each row: load ... colour, then end to end
    "ada": ["passed"] * 9,
    "ben": ["passed"] * 3 + ["not started"] * 6,
    "cy": ["not started", "not started", "crashed"] + ["not started"] * 6,
    "dee": ["not started", "import error"] + ["not started"] * 7,
    "eve": ["not started", "timed out"] + ["not started"] * 7,
}


def stubs(folder):
    shutil.copytree(ROOT / "exercises", folder, ignore=shutil.ignore_patterns("__pycache__"))


def solve(folder, *modules):
    for module in modules:
        shutil.copy(ROOT / "solutions" / f"{module}.py", folder)


def tree_digest(folder):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(folder).rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def submissions(tmp_path_factory):
    """Solved, partly solved (in an exercises/ folder), ending Python, not importing, hanging,
    and a folder that is not a submission."""
    root = tmp_path_factory.mktemp("class") / "submissions"
    stubs(root / "ada")
    solve(root / "ada", *(f"step{n}_{s}" for n, s in enumerate(class_report.COLUMNS[:8], 1)))
    stubs(root / "ben" / "exercises")
    solve(root / "ben" / "exercises", "step1_load", "step2_pad", "step3_build")
    stubs(root / "cy")
    (root / "cy" / "step3_build.py").write_text("import os\n\nos._exit(1)\n")
    stubs(root / "dee")
    (root / "dee" / "step2_pad.py").write_text("def pad(:\n")
    stubs(root / "eve")
    (root / "eve" / "step2_pad.py").write_text(
        "def pad(train_data, test_data, batch_size=10, buffer_size=1000):\n"
        "    while True:\n"
        "        pass\n"
    )
    (root / "notes").mkdir()
    (root / "notes" / "todo.txt").write_text("grade on Friday\n")
    return root


@pytest.fixture(scope="module")
def report(submissions, tmp_path_factory):
    """The class graded once, two at a time, with a 15-second timeout per call (ada's first
    train() call, 3 s idle, took more than 8 s in a fresh-clone CI run on a loaded machine)."""
    out = tmp_path_factory.mktemp("report")
    before = tree_digest(submissions)
    said = []
    classroom.grade_class(
        submissions, out, jobs=2, timeout=15, echo=lambda *a, **k: said.append(" ".join(a)), grace=5
    )
    assert tree_digest(submissions) == before, "grading changed a submission"
    return out, "\n".join(said)


def test_every_learner_has_the_status_they_earned(report, monkeypatch):
    """grades.csv: each learner's points and status per step; a folder without step files is
    named, with 0 points."""
    out, said = report
    with open(out / "grades.csv", encoding="utf-8") as f:
        rows = {row["learner"]: row for row in csv.DictReader(f)}
    for name, statuses in EXPECTED.items():
        assert [rows[name][column] for column in class_report.COLUMNS] == statuses, name
    assert rows["ada"]["steps_passed"] == str(len(STEPS)) and rows["ben"]["steps_passed"] == "3"
    assert rows["notes"]["load"] == "not a submission"
    # The one scale of points (kata.core.steps.POINTS), as Gradescope and GitHub Classroom count it.
    assert [(rows[n]["points"], rows[n]["max_points"]) for n in ("ada", "ben", "cy", "notes")] == [
        ("9", "9"),
        ("3", "9"),
        ("0", "9"),
        ("0", "9"),
    ]
    crashed = json.loads((out / "learners" / "cy.json").read_text(encoding="utf-8"))
    assert "Step 3 (build) ended the Python process with exit status 1" in str(crashed)


def test_summary_counts_each_step(report):
    """The terminal summary: pass counts per step and the commonest failure with its count."""
    _, said = report
    assert "5 learners graded" in said and "not a submission (no step files): notes" in said
    assert "1 load        2/5 passed, 3 not started" in said
    assert "2 pad         2/5 passed, 1 not started" in said
    assert "1x step2_pad.py does not import: SyntaxError" in said
    assert "[########################] 5/5 learners" in said and "slowest so far:" in said


def test_rerun_grades_only_what_changed(report, submissions, tmp_path):
    """Unchanged learners are kept by content hash; a changed one is graded again."""
    out, _ = report
    changed = tmp_path / "submissions"
    shutil.copytree(submissions, changed)
    shutil.copytree(out, tmp_path / "report")
    solve(changed / "ben" / "exercises", "step4_train")
    said = []
    learners = classroom.grade_class(
        changed, tmp_path / "report", jobs=2, timeout=15, echo=lambda *a, **k: said.append(a[0])
    )
    assert "4 learners unchanged since the last report: kept" in said
    graded = {learner.name for learner in learners if learner.folder and not learner.skipped}
    assert graded == {"ben"}
    ben = json.loads((tmp_path / "report" / "learners" / "ben.json").read_text(encoding="utf-8"))
    assert ben["steps_passed"] == 4


def test_class_command_in_both_languages(submissions, tmp_path, monkeypatch, capsys):
    """python -m kata class in 繁體中文: exit 0 with the report in that language; 2 for a
    missing folder. (The language is part of each learner's cache key, so every learner is
    graded again: a small class.)"""
    small = tmp_path / "submissions"
    for name in ("dee", "notes"):
        shutil.copytree(submissions / name, small / name)
    monkeypatch.setenv("KATA_LANG", "zh-TW")
    assert kata_main(["class", str(small), "--out", str(tmp_path / "report")]) == 0
    text = capsys.readouterr().out
    assert "1 位學員已評分" in text and "不是作業" in text
    page = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    assert 'lang="zh-TW"' in page and "通過" in page
    assert kata_main(["class", str(tmp_path / "missing")]) == 2


@pytest.mark.browser
def test_report_opens_offline_in_a_browser(report, browser):
    """The HTML opens from disk in Chromium; its grid reads back as the CSV; a screenshot."""
    out, _ = report
    page = browser.new_page()
    page.route(
        "**/*",
        lambda route: route.abort() if route.request.url.startswith("http") else route.continue_(),
    )  # offline: the page must need nothing from a network
    page.goto((out / "report.html").as_uri())
    grid = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#grid tbody tr')].map(
            row => [row.dataset.learner,
                    [...row.querySelectorAll('td.cell')].map(cell => cell.dataset.status)]))"""
    )
    for name, statuses in EXPECTED.items():
        assert grid[name] == statuses, name
    assert grid["notes"] == ["not a submission"]
    counts = page.locator("tfoot td.count").all_inner_texts()
    assert counts == ["2/5", "2/5", "2/5", "1/5", "1/5", "1/5", "1/5", "1/5", "1/5"]
    stuck = page.locator("ol[data-step='pad'] li").first.inner_text()
    assert stuck.startswith("1 × ") and "SyntaxError" in stuck
    shot = Path(os.environ.get("KATA_SCREENSHOT_DIR") or tempfile.gettempdir()) / "class-report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    page.close()


HANGER = """

import os as _os


def _hang(*args, **kwargs):
    for _ in range(4):  # four busy children, then a busy hang: as costly as a learner can be
        if _os.fork() == 0:
            while True:
                pass
    while True:
        pass


for _name in list(globals()):
    if not _name.startswith("_") and callable(globals()[_name]) and _name[0].islower():
        globals()[_name] = _hang
"""


@pytest.mark.xdist_group("class-cost")
def test_a_hostile_learner_costs_only_its_own_timeouts(tmp_path):
    """One honest learner and one whose every step hangs with four busy children, graded at
    once with 8 s per call: the class ends within the honest learner's own time plus one
    timeout per row of the hanger's board (and a margin for starting the learner process
    again). The hanger is graded on three rows: each row costs the same timeout, so three show
    the bound as well as nine, in a third of the time."""
    submissions = tmp_path / "submissions"
    stubs(submissions / "honest")
    solve(
        submissions / "honest", *(f"step{n}_{s}" for n, s in enumerate(class_report.COLUMNS[:8], 1))
    )
    stubs(submissions / "hanger")
    for path in (submissions / "hanger").glob("step*_*.py"):
        with open(path, "a", encoding="utf-8") as f:
            f.write(HANGER)
    timeout = 8.0
    started = time.monotonic()
    hanged = [step.name for step in STEPS[:3]]
    learners = classroom.grade_class(
        submissions,
        tmp_path / "report",
        jobs=2,
        timeout=timeout,
        echo=lambda *a, **k: None,
        rows=lambda name: hanged if name == "hanger" else None,
    )
    took = time.monotonic() - started
    graded = {learner.name: learner for learner in learners}
    assert graded["honest"].report["steps_passed"] == len(STEPS), graded["honest"].report
    statuses = {step["step"]: step["status"] for step in graded["hanger"].report["steps"]}
    assert {statuses[name] for name in hanged} == {"timed out"}, statuses
    allowed = graded["honest"].seconds + len(hanged) * (timeout + 5)
    assert took <= allowed, f"the class took {took:.0f} s; allowed {allowed:.0f} s"
