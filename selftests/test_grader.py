"""The grader a learner uses: the board, hints, both languages, batch grading that loses nothing."""

import ast
import hashlib
import json
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

from kata import ROOT, readme
from kata.__main__ import main as kata_main
from kata.core import status
from kata.core.i18n import CHINESE, LANGUAGES, language, say
from kata.core.status import CheckResult
from kata.core.steps import END_TO_END, STEPS
from kata.core.zh_tw import TEXT
from kata.judge import grader
from kata.judge.board import Board
from kata.judge.supervisor import Worker

pytestmark = pytest.mark.integrity


def said_sentences():
    """Every literal sentence passed to say() in the kata, plus board words looked up by value."""
    sentences = {
        status.PASSED,
        status.FAILING,
        status.NOT_STARTED,
        status.TIMED_OUT,
        status.IMPORT_ERROR,
        status.CRASHED,
        status.FLOODED,
        status.CHECKING,
    }
    for folder in ("kata", "tests", "selftests"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(readme.syntax_tree(path)):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say":
                    if node.args and isinstance(node.args[0], ast.Constant):
                        sentences.add(node.args[0].value)
    return sentences


def fields(template):
    return sorted(name for _, name, _, _ in string.Formatter().parse(template) if name)


def test_both_languages_have_every_sentence():
    """Each sentence the kata says has a 繁體中文 entry with the same {fields}."""
    sentences = said_sentences()
    assert len(sentences) > 80
    missing = sorted(sentences - set(TEXT))
    assert not missing, f"no zh-TW entry for: {missing}"
    for english in sentences:
        assert fields(TEXT[english]) == fields(english), english
    unused = sorted(set(TEXT) - sentences)
    assert not unused, f"zh-TW entries nothing says: {unused}"


@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.name)
def test_every_step_has_a_hint_ladder_in_both_languages(step):
    """Three levels of hints per step in each language, each one new: a nudge that names no
    call, then the API, then nearly the answer (a `return`, or the assignment that matters)."""
    for lang in LANGUAGES:
        nudge, api, answer = step.hints[lang]
        assert len(set(step.hints[lang])) == 3 and all(map(str.strip, (nudge, api, answer)))
        assert not re.search(r"\w\((?!\))", nudge), f"level 1 of {step.name} names a call"
        assert re.search(r"\w[.(]\w", api), f"level 2 of {step.name} names no API"
        assert "return" in answer or "=" in answer, f"level 3 of {step.name} shows no code"
        assert step.hint(0, lang) == nudge and step.hint(9, lang) == answer
    assert step.title[CHINESE] and step.title["en"]


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"KATA_LANG": "zh-TW"}, "zh-TW"),
        ({"KATA_LANG": "en", "LANG": "zh_TW.UTF-8"}, "en"),
        ({"LANG": "zh_TW.UTF-8"}, "zh-TW"),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh-TW"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language_choice(monkeypatch, variables, expected):
    """KATA_LANG wins; otherwise a zh_TW locale means Traditional Chinese."""
    for name in ("KATA_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert language() == expected


def test_board_on_the_stubs(stub_results, monkeypatch):
    """Untouched stubs: 0/8, every step not started, step 1's sentence and first hint."""
    monkeypatch.setenv("KATA_LANG", "en")
    board = Board(ROOT / "exercises", stub_results)
    text = board.text()
    assert board.steps_passed == 0 and not board.done
    assert "0/8 steps" in text
    assert text.count("not started") == len(STEPS) + 1  # and the end-to-end row
    assert "Next: step 1 (load)" in text
    assert "Step 1 (load) is not done yet" in text
    assert f"Hint: {STEPS[0].hint(1)[:40]}" in text


def result(step, kind, message=""):
    outcome = "passed" if kind == status.PASSED else "failed"
    return CheckResult(f"tests/x.py::{step}_{kind}", step, outcome, kind, message, 0.1)


def test_the_board_says_what_the_learner_process_got(monkeypatch):
    """The board says the learner's code ran unconfined when its learner process did (as the
    worker reported it), and says nothing when it ran in the box, whatever this machine is."""
    monkeypatch.setenv("KATA_LANG", "en")
    results = [result("load", status.PASSED)]
    unconfined = Board(Path("exercises"), results, unconfined="no user namespaces here")
    assert "Your code ran unconfined: no user namespaces here." in unconfined.text()
    assert unconfined.as_json()["unconfined"] == "no user namespaces here"
    boxed = Board(Path("exercises"), results, unconfined="")
    assert "unconfined" not in boxed.text() and boxed.as_json()["unconfined"] == ""


def test_board_counts_steps_and_points_at_the_first_failing_one(monkeypatch):
    """One step solved: 1/8, the next failing step's sentence and hint; all solved: 8/8."""
    monkeypatch.setenv("KATA_LANG", "en")
    results = [result("load", status.PASSED), result("load", status.PASSED)]
    results += [result("pad", status.FAILING, "the first batch has shape (10,)")]
    results += [result(step.name, status.NOT_STARTED, "not done") for step in STEPS[2:]]
    board = Board(Path("exercises"), results)
    text = board.text()
    assert "1/8 steps" in text and board.steps_passed == 1
    assert "Next: step 2 (pad)" in text and "the first batch has shape (10,)" in text
    assert "(1 of 1 checks fail)" in text and f"Hint: {STEPS[1].hint(1)[:40]}" in text
    solved = [result(step.name, status.PASSED) for step in STEPS]
    solved.append(result(END_TO_END, status.PASSED))
    board = Board(Path("exercises"), solved)
    assert board.done and "8/8 steps" in board.text() and "All done" in board.text()


def test_board_in_traditional_chinese(stub_results, monkeypatch):
    """KATA_LANG=zh-TW: the board, titles and hint are in Traditional Chinese."""
    monkeypatch.setenv("KATA_LANG", "zh-TW")
    text = Board(ROOT / "exercises", stub_results).text()
    assert "0/8 步" in text and "尚未開始" in text and "載入影評" in text and "提示：" in text


def test_no_colours_when_not_a_terminal(stub_results, capsys):
    """Colours only on a terminal: captured output has no escape codes."""
    print(Board(ROOT / "exercises", stub_results).text(colour=True))
    assert "\033[" not in capsys.readouterr().out


def test_hint_command_steps_through_the_levels(monkeypatch, tmp_path, capsys):
    """python -m kata hint 2 shows level 1, then 2, then 3, then stays at 3."""
    monkeypatch.setattr("kata.__main__.HINT_STATE", tmp_path / "hints.json")
    monkeypatch.setenv("KATA_LANG", "en")
    seen = []
    for _ in range(4):
        assert kata_main(["hint", "2"]) == 0
        seen.append(capsys.readouterr().out.splitlines()[0])
    assert seen == [f"Step 2 (pad), hint {n} of 3:" for n in (1, 2, 3, 3)]
    assert kata_main(["hint", "9"]) == 2


def repository_files():
    """Every file of the repository, without tool folders (.tox, .venv, caches)."""
    skipped = {".tox", ".venv", ".git", "__pycache__", ".ruff_cache", ".pytest_cache"}
    found = set()
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in skipped]
        found.update(str(Path(folder, name).relative_to(ROOT)) for name in files)
    return found


def tree_digest(folder):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(folder).rglob("*"))
        if path.is_file()
    }


LEARNER_ENDINGS = {
    "step2_pad.py": (  # a segfault
        "import ctypes\n\n"
        "def pad(train_data, test_data, batch_size=10, buffer_size=1000):\n"
        "    ctypes.string_at(0)\n"
    ),
    "step3_build.py": "import os\n\nos._exit(0)\n",  # ends Python while it is imported
    "step4_train.py": (  # a hang that pytest-timeout's alarm cannot break
        "import signal\n\n"
        "def train(model, train_batches, test_batches, epochs=1, validation_steps=20):\n"
        "    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
        "    while True:\n"
        "        pass\n"
    ),
    "step5_export.py": (  # a flood of output
        "def label(token):\n"
        "    while True:\n"
        "        print('x' * 1_000_000)\n\n"
        "def export(model, vocabulary, log_dir):\n"
        "    label('')\n"
    ),
    "step6_configure.py": "import sys\n\ndef configure(log_dir):\n    sys.exit(3)\n",
    "step7_analyse.py": "import no_such_module\n",
}


@pytest.mark.slow
def test_nothing_the_graded_code_does_fakes_or_stops_the_verdict(tmp_path, data_dir, monkeypatch):
    """Segfault, os._exit, an unbreakable hang, a flood, sys.exit, an import error: each fails
    its own step with one sentence, the others are graded, the JSON is complete, and the
    learner's files are untouched."""
    monkeypatch.setenv("KATA_LANG", "en")
    learner = tmp_path / "learner"
    shutil.copytree(ROOT / "solutions", learner, ignore=shutil.ignore_patterns("test_*", "conf*"))
    for name, text in LEARNER_ENDINGS.items():
        (learner / name).write_text(text)
    before = tree_digest(learner)
    repository = repository_files()
    report = tmp_path / "r.json"

    # 6 s a call: the hang is stopped soon, and an honest load() (about 1 s) fits even on a
    # loaded machine (2 s did not, with two test workers: the end-to-end check timed out)
    board = grader.grade(learner, json_path=report, timeout=6, data_dir=data_dir, out=str, grace=2)

    assert tree_digest(learner) == before, "grading changed the learner's files"
    assert repository_files() == repository, "grading wrote outside temporary directories"
    results = json.loads(report.read_text(encoding="utf-8"))
    steps = {step["step"]: step for step in results["steps"]}
    said = "; ".join(f"{name}: {step['status']}: {step['message']}" for name, step in steps.items())
    assert {name: step["status"] for name, step in steps.items()} == {
        "load": "passed",
        "pad": "crashed",
        "build": "crashed",
        "train": "timed out",
        "export": "too much output",
        "configure": "failing",
        "analyse": "import error",
        "colour": "passed",
        "end_to_end": "crashed",
    }, said
    assert results["steps_passed"] == 2 == board.steps_passed and not results["done"]
    expected = {
        "pad": "Step 2 (pad) crashed the Python process (SIGSEGV)",
        "build": "Step 3 (build) ended the Python process with exit status 0",
        "train": "Step 4 (train) Stopped after 6 s: the code hangs or loops forever.",
        "export": "Step 5 (export) printed more than 10 MB and was stopped",
        "configure": "it raised SystemExit at step6_configure.py:4: it called sys.exit(3)",
        "analyse": "does not import: ModuleNotFoundError",
    }
    for name, sentence in expected.items():
        assert sentence in steps[name]["message"].replace(str(learner) + "/", ""), steps[name]
    assert steps["train"]["message"].startswith("In the check test_"), "name the check that hung"


@pytest.mark.slow
def test_exit_at_import_cannot_pass_the_command(tmp_path, monkeypatch):
    """python -m kata grade on a copy whose step 1 calls os._exit(0): exit 1 and a JSON."""
    monkeypatch.setenv("KATA_LANG", "en")
    learner = tmp_path / "learner"
    shutil.copytree(ROOT / "exercises", learner, ignore=shutil.ignore_patterns("__pycache__"))
    (learner / "step1_load.py").write_text("import os\n\nos._exit(0)\n")
    report = tmp_path / "r.json"
    assert kata_main(["grade", "--exercises", str(learner), "--json", str(report)]) == 1
    load = json.loads(report.read_text(encoding="utf-8"))["steps"][0]
    assert load["status"] == "crashed" and "exit status 0" in load["message"]


@pytest.mark.slow
def test_watch_regrades_the_saved_step(stub_results, data_dir, tmp_path, monkeypatch):
    """Watch mode sees which step file was saved and re-grades that step only, in a warm worker."""
    monkeypatch.setenv("KATA_LANG", "en")
    learner = tmp_path / "learner"
    shutil.copytree(ROOT / "exercises", learner, ignore=shutil.ignore_patterns("__pycache__"))
    seen = {}
    assert len(grader.saved_steps(learner, seen)) == len(STEPS)  # first look: all new
    assert grader.saved_steps(learner, seen) == []
    saved = learner / "step3_build.py"
    saved.write_text((ROOT / "solutions" / "step3_build.py").read_text(encoding="utf-8"))
    os.utime(saved, (1, 1))  # a new mtime even on coarse clocks
    assert grader.saved_steps(learner, seen) == [saved]
    board = Board(learner, stub_results)
    assert board.steps_passed == 0
    worker = Worker(data_dir)
    try:
        grader.recheck(board, saved, worker)
        assert not board.saved(), "the chain runs again only once every step passes"
    finally:
        worker.close()
    status = {row.name: row.status for row in board.rows}
    assert status["build"] == "passed" and board.steps_passed == 1
    assert status["load"] == "not started", "other steps keep their earlier results"


def test_watch_never_shows_a_stale_row(monkeypatch):
    """After a save, the end-to-end row (which chains every step) is never the old verdict:
    "checking" when every step passes (it runs next), else not started; "Next" names the
    first step that does not pass now."""
    from kata.core.status import CheckResult
    from kata.core.steps import ROWS

    monkeypatch.setenv("KATA_LANG", "en")

    def results(failing=()):
        return [
            CheckResult(f"t::{row.name}", row.name, "failed" if row.name in failing else "passed",
                        "failing" if row.name in failing else "passed", "", 0.1)
            for row in ROWS
        ]  # fmt: skip

    board = Board("learner", results())
    board.update([r for r in results(failing=("pad",)) if r.step == "pad"])
    assert not board.saved()
    assert board.rows[-1].status == "not started"
    assert "Next: step 2 (pad)" in board.text()
    board.update([r for r in results() if r.step == "pad"])
    assert board.saved() and board.rows[-1].status == "checking"
    assert "Checking the end-to-end chain" in board.text() and "Next:" not in board.text()


@pytest.mark.slow
def test_grade_command_exit_status(tmp_path, monkeypatch):
    """python -m kata grade exits 1 below 8/8 and 2 for a folder that does not exist."""
    assert kata_main(["grade", "--exercises", str(tmp_path / "missing")]) == 2
    monkeypatch.setattr(grader, "grade", lambda *args, **kwargs: Board("x", []))
    assert kata_main(["grade"]) == 1


def test_say_fills_fields_in_both_languages(monkeypatch):
    monkeypatch.setenv("KATA_LANG", "zh-TW")
    assert say("{passed}/{total} steps", passed=1, total=6) == "1/6 步"
    monkeypatch.setenv("KATA_LANG", "en")
    assert say("{passed}/{total} steps", passed=1, total=6) == "1/6 steps"


@pytest.mark.slow
@pytest.mark.parametrize(("readme", "lang"), [("README.md", "en"), ("README.zh-TW.md", "zh-TW")])
def test_the_readme_shows_the_real_board(readme, lang, tmp_path, data_dir, monkeypatch):
    """The board at the top of each README is what `tox` prints with step 1 done."""
    monkeypatch.setenv("KATA_LANG", lang)
    learner = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises", learner, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "solutions" / "step1_load.py", learner)
    board = grader.grade(learner, data_dir=data_dir, out=lambda text: None)
    assert board.unconfined_as_run is not None  # the worker said how the learner's code ran
    printed = board.text().replace(str(learner), "exercises")
    shown = (ROOT / readme).read_text(encoding="utf-8").split("```text\n", 1)[1].split("```")[0]
    assert " ".join(printed.split()) == " ".join(shown.split())  # (lines wrap by path length)


@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.name)
def test_every_step_says_why_it_matters(step):
    """A sentence in each language and a link to TensorFlow's or Keras's own docs."""
    for lang in LANGUAGES:
        sentence, link = step.why(lang).rsplit(" (", 1)
        assert len(sentence) > 20 and "None" not in sentence, sentence
        assert re.match(r"https://(www\.tensorflow\.org|keras\.io)/\S+\)$", link), link


def test_the_board_says_why_once_a_step_first_passes(tmp_path, monkeypatch):
    """Grading exercises/ remembers passed steps in .kata/: the first pass says why it
    matters, the next board does not; any other folder remembers nothing."""
    monkeypatch.setenv("KATA_LANG", "en")
    from kata import stubs

    monkeypatch.setattr(stubs, "PASSED_STATE", tmp_path / "passed.json")
    passed = CheckResult("tests/test_step1_load.py::test_x", "load", "passed", "passed", "", 0.1)
    board = Board(ROOT / "exercises", [passed])
    assert grader.first_passes(board) == ["load"]
    text = board.text(first_passes=["load"])
    assert "Step 1 (load) passes. Why it matters: A model reads numbers" in text
    assert "tensorflow.org" in text
    assert grader.first_passes(board) == []
    assert grader.first_passes(Board(tmp_path, [passed])) == []


def test_one_word_for_padding_in_traditional_chinese():
    """Padding is 補齊 everywhere in 繁體中文 (step 2 pads, step 5 drops the padding row)."""
    from kata.core.steps import WHY

    texts = [*TEXT.values(), *(hint for step in STEPS for hint in step.hints[CHINESE])]
    texts += [step.title[CHINESE] for step in STEPS] + [WHY[step.name][CHINESE] for step in STEPS]
    assert [text for text in texts if "填充" in text] == []
    assert sum("補齊" in text for text in texts) >= 5


def test_reset_puts_the_stub_back_and_keeps_yours(tmp_path, capsys, monkeypatch):
    """reset 2: the stub as shipped (from git), the learner's version in .kata/backups/ (.backup,
    then .backup.2), nothing left beside the step file."""
    from kata import stubs

    monkeypatch.setenv("KATA_LANG", "en")
    backups = tmp_path / ".kata" / "backups"
    monkeypatch.setattr(stubs, "BACKUPS", backups)
    stub = stubs.stub_as_shipped(STEPS[1], ROOT)
    assert stub is not None and 'raise NotImplementedError("step 2 (pad)' in stub
    learner = tmp_path / "exercises"
    learner.mkdir()
    (learner / "step2_pad.py").write_text("def pad(*args):\n    return 'mine'\n")
    argv = ["reset", "2", "--exercises", str(learner)]
    assert kata_main(argv) == 0
    assert (learner / "step2_pad.py").read_text() == stub
    assert (backups / "step2_pad.py.backup").read_text() == "def pad(*args):\n    return 'mine'\n"
    assert "step2_pad.py.backup" in capsys.readouterr().out
    assert kata_main(argv) == 0 and "already the stub" in capsys.readouterr().out
    (learner / "step2_pad.py").write_text("# again\n")
    assert kata_main(argv) == 0 and (backups / "step2_pad.py.backup.2").read_text() == "# again\n"
    assert sorted(p.name for p in learner.iterdir()) == ["step2_pad.py"]
    monkeypatch.setattr(stubs, "REPOSITORY", tmp_path)  # no git history here: nothing changes
    (learner / "step2_pad.py").write_text("# mine\n")
    assert kata_main(argv) == 2 and "needs the kata's git history" in capsys.readouterr().err
    assert (learner / "step2_pad.py").read_text() == "# mine\n"


@pytest.mark.slow
def test_compare_shows_the_reference_only_once_the_step_passes(tmp_path, capsys, monkeypatch):
    """compare grades the step first: a stub gets no answer; a passing step gets the diff."""
    monkeypatch.setenv("KATA_LANG", "en")
    learner = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises", learner, ignore=shutil.ignore_patterns("__pycache__"))
    assert kata_main(["compare", "3", "--exercises", str(learner)]) == 1
    said = capsys.readouterr().out
    assert "Step 3 (build) does not pass yet" in said and "keras.Sequential" not in said
    mine = (ROOT / "solutions" / "step3_build.py").read_text()
    mine = mine.replace("    model.compile(", "    # my own note\n    model.compile(")
    mine = mine.replace("Return a compiled", "My docstring: a compiled") + "# noqa: the end\n"
    (learner / "step3_build.py").write_text(mine)
    assert kata_main(["compare", "3", "--exercises", str(learner)]) == 0
    said = capsys.readouterr().out
    assert "Your step 3 (build) passes" in said and "-    # my own note" in said
    assert "docstring" not in said and "noqa" not in said, "only the code the learner wrote"


def test_compare_does_not_grade_a_file_unchanged_since_it_passed(tmp_path, capsys, monkeypatch):
    """A step file whose hash .kata/passed.json kept when it passed is not graded again: compare
    answers at once."""
    from kata import stubs
    from kata.judge import supervisor

    monkeypatch.setenv("KATA_LANG", "en")
    monkeypatch.setattr(stubs, "PASSED_STATE", tmp_path / "passed.json")
    learner = tmp_path / "exercises"
    learner.mkdir()
    shutil.copy(ROOT / "solutions" / "step3_build.py", learner)
    board = Board(learner, [])
    board.rows[2].status = "passed"
    assert stubs.record_passes(board) == ["build"] and stubs.record_passes(board) == []
    monkeypatch.setattr(supervisor, "Worker", None)  # grading now would raise
    assert kata_main(["compare", "3", "--exercises", str(learner)]) == 0
    assert "is the reference solution" in capsys.readouterr().out
    (learner / "step3_build.py").write_text("# changed\n")
    with pytest.raises(TypeError):  # changed since it passed: graded again
        kata_main(["compare", "3", "--exercises", str(learner)])


def test_events_are_read_in_whole_lines_even_mid_character(tmp_path):
    """The judge reads the worker's events while they are written: a line cut inside a
    繁體中文 character waits for its end instead of failing to decode."""
    worker = Worker(tmp_path)
    worker.events_path, worker.offset = tmp_path / "events.jsonl", 0
    first = json.dumps({"event": "start", "nodeid": "a"}, ensure_ascii=False) + "\n"
    result = {"event": "result", "message": "步驟"}
    second = (json.dumps(result, ensure_ascii=False) + "\n").encode()
    worker.events_path.write_bytes(first.encode() + second[:-4])  # cut inside 驟
    assert worker._events() == [{"event": "start", "nodeid": "a"}]
    with open(worker.events_path, "ab") as events:
        events.write(second[-4:])
    assert worker._events() == [result]
    worker.folder.cleanup()


SUPERVISOR_ONLY = """
import sys
from kata.judge import supervisor
from kata.__main__ import main
from kata.core.status import CheckResult


class Worker:  # stands in for the judge, which imports TensorFlow in its own process
    unconfined = ""  # its learner process ran in the box

    def __init__(self, *args, **kwargs):
        pass

    def run(self, folder, steps=None, following=None):
        return [CheckResult("tests/test_step3_build.py::t", "build", "passed", "passed", "", 0)]

    def close(self):
        pass


supervisor.Worker = Worker
main(sys.argv[1:])
print("tensorflow" in sys.modules)
"""


@pytest.mark.slow  # it starts processes: seconds
@pytest.mark.parametrize("command", [["grade"], ["compare", "3"]])
def test_the_supervising_process_never_imports_tensorflow(command, tmp_path):
    """grade, watch and compare wait for their worker, which imports TensorFlow: a second
    import in the process that waits would cost seconds on every run (watch runs grade's
    code first)."""
    (tmp_path / "step3_build.py").write_text((ROOT / "solutions/step3_build.py").read_text())
    argv = [*command, "--exercises", str(tmp_path)]
    run = subprocess.run(
        [sys.executable, "-c", SUPERVISOR_ONLY, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "KATA_LANG": "en"},
    )
    assert run.stdout.strip().splitlines()[-1] == "False", run.stdout + run.stderr


def test_only_the_commands_own_pytest_freezes_its_objects(monkeypatch):
    """gc.freeze() at the end of the command's own pytest, whose process exits next; never at
    the end of one a program runs (the judge grades learner after learner: their garbage must
    still be collected)."""
    import gc

    from kata.judge import pytest_plugin

    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append("frozen"))
    monkeypatch.setattr(pytest_plugin, "SESSIONS", [2])  # the command's, and one inside it
    monkeypatch.setattr(sys, "argv", ["/venv/bin/pytest", "solutions"])
    pytest_plugin.pytest_unconfigure(None)
    assert frozen == []  # the inner one ended; the command's goes on
    pytest_plugin.pytest_unconfigure(None)
    assert frozen == ["frozen"]
    monkeypatch.setattr(pytest_plugin, "SESSIONS", [1])
    monkeypatch.setattr(sys, "argv", [str(ROOT / "kata" / "judge" / "worker.py")])
    pytest_plugin.pytest_unconfigure(None)
    assert frozen == ["frozen"]
