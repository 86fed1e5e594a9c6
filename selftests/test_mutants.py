"""The mutation suite: every wrong solution in the catalogue fails its own step only.

Each entry of ``selftests/mutants.py`` is applied to a copy of ``solutions/`` and
graded in this process (trusted: it is the kata's own code; TensorFlow is imported
once). Its own step must fail with the catalogue's sentence; every later step
must still pass, which proves that the wrong code left nothing behind for them.
(Earlier steps ran before it was imported.)
"""

import re
import shutil
from collections import Counter

import pytest
from mutants import MUTANTS

from kata import ROOT
from kata.core.status import PASSED
from kata.core.steps import BY_NAME, STEPS
from kata.judge.collector import run_checks

pytestmark = [pytest.mark.integrity, pytest.mark.slow]


def test_the_catalogue_covers_every_step():
    """At least 30 wrong solutions, at least three for each step, each with a unique name."""
    per_step = Counter(mutant.step for mutant in MUTANTS)
    assert len(MUTANTS) >= 30
    assert all(per_step[step.name] >= 3 for step in STEPS), per_step
    assert len({mutant.name for mutant in MUTANTS}) == len(MUTANTS)


FIRST_OF_STEP = {step.name: next(m.name for m in MUTANTS if m.step == step.name) for step in STEPS}


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    """A copy of the reference step files for each wrong solution, with its one edit."""
    folders = {}
    for mutant in MUTANTS:
        folder = tmp_path_factory.mktemp(mutant.name)
        for step in STEPS:
            shutil.copy(ROOT / "solutions" / f"{step.module}.py", folder)
        path = folder / f"{BY_NAME[mutant.step].module}.py"
        text = path.read_text(encoding="utf-8")
        assert text.count(mutant.old) == 1, f"{mutant.name}: its text is not in {path.name} once"
        path.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")
        folders[mutant.name] = folder
    return folders


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # a wrong solution may divide by 0
@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda mutant: f"{mutant.step}-{mutant.name}")
def test_wrong_solution_fails_its_own_step_only(mutant, copies, data_dir, monkeypatch):
    """The wrong step fails with its sentence. With the first wrong solution of each step,
    every later step passes too: their checks start from the reference world, never from the
    learner's earlier steps, and one wrong solution per step shows it (grading every later
    step for all 49 took six minutes of CI)."""
    monkeypatch.setenv("KATA_LANG", "en")
    later = [step.name for step in STEPS[BY_NAME[mutant.step].number - 1 :]]
    first = []  # its step only: its first failing check is the one read (the board's)
    if mutant.name != FIRST_OF_STEP[mutant.step]:
        later, first = [mutant.step], ["-x"]
    # The catalogue is the kata's own code: graded in this process (trusted).
    folder = copies[mutant.name]
    marks = " or ".join(later)
    results = run_checks(folder, "-m", marks, *first, data_dir=data_dir, trusted=True)
    mine = [r for r in results if r.step == mutant.step]
    failures = [r for r in mine if r.kind != PASSED]
    assert failures, f"{mutant.name} passes step {mutant.step}: {mutant.why}"
    assert mutant.expect in failures[0].message, (
        f"{mutant.name}: expected {mutant.expect!r} in {failures[0].message!r}"
    )
    others = {r.step for r in results if r.step != mutant.step and r.kind != PASSED}
    assert not others, f"{mutant.name} also fails {sorted(others)}: " + "; ".join(
        r.message for r in results if r.step in others
    )


STORIES = {  # a wrong solution, and what none of its step's other sentences may blame
    "shuffled_batches": ("pass buffer_size", "batch_size"),  # both were passed
    "no_shuffle": ("pass buffer_size", "batch_size"),
    "padding_label_kept": ("tab or newline",),  # no token was split: a line was added
    "header_line": ("tab or newline",),
}


@pytest.mark.parametrize("name", sorted(STORIES))
def test_a_wrong_step_tells_one_story(name, copies, data_dir, monkeypatch):
    """The step's other checks never contradict its first sentence (they say "see above", or
    stay silent), as learners met them."""
    monkeypatch.setenv("KATA_LANG", "en")
    step = next(mutant.step for mutant in MUTANTS if mutant.name == name)
    results = run_checks(copies[name], "-m", step, data_dir=data_dir, trusted=True)
    failing = [result.message for result in results if result.kind != PASSED]
    assert failing and not [m for m in failing if any(word in m for word in STORIES[name])], failing


CODE = re.compile(
    r"\w+\((?:[^()]|\([^()]*\))*\)"  # a call with its arguments, an error with its message
    r"|`[^`]*`|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\[[^\]]*\]|<[^>]*>"  # code, quotes, values
    r"|\S*[_./=():\[\]\d]\S*|\b\w+Error\b"  # calls, paths, numbers, error names
)
TERMS = {  # names, not English: products, the API's words, Python's values
    *("TensorBoard", "TensorFlow", "Keras", "TFDS", "IMDB", "UTF", "kata", "pytest", "tox"),
    *("id", "epoch", "logit", "tab", "log", "metadata", "token"),
    *("Dense", "Embedding", "TextVectorization", "NotImplementedError", "TODO", "relu", "Adam"),
    *("str", "tuple", "list", "dict", "None", "True", "False", "nan", "np", "tf", "run"),
}


def english_words(message: str) -> list[str]:
    """English words in a 繁體中文 sentence, outside code, quotes, values and the learner's own
    error text (Python's, after "它拋出了 TypeError（在 ...）：")."""
    ours = re.split(r"拋出了 \w+(?:（[^）]*）)?[:：] ?", message.splitlines()[0])[0]
    return [word for word in re.findall(r"[A-Za-z]{2,}", CODE.sub(" ", ours)) if word not in TERMS]


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda mutant: f"{mutant.step}-{mutant.name}")
def test_the_sentence_is_all_traditional_chinese(mutant, copies, data_dir, monkeypatch):
    """In 繁體中文, the board's sentence for each wrong solution holds no English phrase (code,
    values and Python's own error text aside) and no None. (The board shows the first failing
    check's sentence: -x stops there.)"""
    monkeypatch.setenv("KATA_LANG", "zh-TW")
    folder = copies[mutant.name]
    results = run_checks(folder, "-m", mutant.step, "-x", data_dir=data_dir, trusted=True)
    first = next(result for result in results if result.kind != PASSED).message
    assert english_words(first) == [] and "None" not in CODE.sub(" ", first), first
