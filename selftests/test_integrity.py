"""The kata checks itself: stubs are loud, stubs fail every graded check, names match.

These run with ``pytest solutions`` (instructors, CI), never in a learner's grade.
"""

import ast
import importlib.util
import inspect
import re
from pathlib import Path

import pytest

from kata import ROOT
from kata.core.status import NOT_STARTED
from kata.core.steps import BY_NAME, END_TO_END, STEPS

pytestmark = pytest.mark.integrity

EXERCISES = ROOT / "exercises"
SOLUTIONS = ROOT / "solutions"


def public_functions(folder, step):
    """The public functions of a step file (the kata's own files: imported here, trusted)."""
    spec = importlib.util.spec_from_file_location(
        f"_kata_{folder.name}_{step.module}", folder / f"{step.module}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {
        name: function
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and function.__module__ == module.__name__
    }


def step_files(folder):
    return sorted(path.stem for path in Path(folder).glob("step*.py"))


def test_one_file_per_step_in_each_room():
    """exercises/, solutions/ and tests/ hold the same step files, one per step."""
    expected = [step.module for step in STEPS]
    assert step_files(EXERCISES) == expected
    assert step_files(SOLUTIONS) == expected
    tests = sorted(p.stem.removeprefix("test_") for p in (ROOT / "tests").glob("test_step*.py"))
    assert tests == expected


@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.module)
def test_same_names_and_signatures(step):
    """An exercise exposes the reference's public functions with the same signatures."""
    mine, reference = public_functions(EXERCISES, step), public_functions(SOLUTIONS, step)
    assert sorted(mine) == sorted(reference) == sorted(step.functions)  # as the registry says
    for name, function in reference.items():
        assert inspect.signature(mine[name]) == inspect.signature(function), name


@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.module)
def test_stub_is_loud_and_documented(step):
    """Stubs have docstrings and TODOs, and raise NotImplementedError naming their step."""
    path = EXERCISES / f"{step.module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstring = ast.get_docstring(tree) or ""
    assert docstring.startswith(f"Step {step.number}, {step.name}: "), path.name  # the registry's
    assert f"Grade: ``pytest -m {step.name}``" in docstring, (
        f"{path.name} does not say how to grade"
    )
    solution = ast.get_docstring(ast.parse((SOLUTIONS / path.name).read_text(encoding="utf-8")))
    assert solution.splitlines()[0] == docstring.splitlines()[0], f"{path.name}: not the same step"
    for name, function in public_functions(EXERCISES, step).items():
        assert inspect.getdoc(function), f"{path.name}: {name}() has no docstring"
        assert "# TODO" in inspect.getsource(function), f"{path.name}: {name}() has no TODO"
        todo = "\n".join(
            line for line in inspect.getsource(function).splitlines() if line.strip()[:1] == "#"
        )
        assert not re.search(r"\w\(|\.\w+\(|ATTRIBUTES", todo), (
            f"{path.name}: the TODO of {name}() names a call: state the goal; hints name the API"
        )
        arguments = [None] * sum(
            p.default is p.empty for p in inspect.signature(function).parameters.values()
        )
        with pytest.raises(NotImplementedError, match=rf"^step {step.number} \({step.name}\)"):
            function(*arguments)


def test_every_graded_check_fails_on_the_stubs_for_the_right_reason(stub_grading):
    """Run the graded checks on exercises/: each one fails because its step is still a stub,
    as a failed check (pytest's F), never as an error in the kata's set-up (E), though a step's
    checks after the first fail before their inputs are built."""
    stub_results, phases = stub_grading
    assert phases == ["call"] * len(stub_results), "a check on a stub failed in its set-up"
    graded = {path.stem for path in (ROOT / "tests").glob("test_*.py")}
    assert {r.nodeid.split("::")[0].split("/")[-1][:-3] for r in stub_results} == graded
    for result in stub_results:
        step = BY_NAME["load"] if result.step == END_TO_END else BY_NAME[result.step]
        assert result.outcome == "failed", f"{result.nodeid} passes on the untouched stub"
        assert result.kind == NOT_STARTED, f"{result.nodeid} fails for another reason"
        assert re.match(rf"Step {step.number} \({step.name}\) is not done yet", result.message), (
            f"{result.nodeid} fails for another reason: {result.message}"
        )


def test_readme_step_table_is_the_registry():
    """README's table of steps says what kata/core/steps.py says: number, functions, title,
    files."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if re.match(r"\| \d+ \|", line)]
    expected = [
        f"| {step.number} | {', '.join(f'`{name}()`' for name in step.functions)}: "
        f"{step.title['en']} | `{step.exercise}` | `{step.test_file}` | `{step.name}` |"
        for step in STEPS
    ]
    assert rows == expected


def code_of(source: str) -> str:
    """A stub's code: its syntax tree without docstrings and without the stubs' messages."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                node.body = body[1:]
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            node.exc.args = []
    return ast.dump(tree)


@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.module)
def test_each_stub_is_the_same_code_in_both_languages(step):
    """exercises/ ships the English text of kata/curriculum/stub_text.py; the 繁體中文 stub is
    the same code, every line of its text rewritten, and it turns back into the English one."""
    from kata.core.i18n import CHINESE, ENGLISH
    from kata.curriculum.stub_text import in_language, language_of, spans

    shipped = (EXERCISES / f"{step.module}.py").read_text(encoding="utf-8")
    assert in_language(shipped, step, ENGLISH) == shipped, (
        f"{step.exercise} and kata/curriculum/stub_text.py disagree: write the text in both"
    )
    chinese = in_language(shipped, step, CHINESE)
    assert language_of(shipped, step) == ENGLISH and language_of(chinese, step) == CHINESE
    assert code_of(chinese) == code_of(shipped)
    lines = shipped.splitlines()
    prose = {
        line
        for first, end, key, _ in spans(shipped, step)
        for line in lines[first:end]
        if line.strip() not in ("", '"""') and not key.endswith(" raise")
    }
    assert not prose & set(chinese.splitlines()), "a line of text left in English"
    assert in_language(chinese, step, ENGLISH) == shipped
    edited = shipped.replace("# TODO", "# my notes\n    # TODO", 1)
    assert language_of(edited, step) is None  # a learner's edit: left alone


def test_lang_rewrites_the_untouched_stubs_only(tmp_path, monkeypatch, capsys):
    """``python -m kata lang zh-TW`` keeps the choice and rewrites each untouched stub; a step
    the learner has begun stays byte for byte."""
    import argparse
    import shutil

    from kata import stubs
    from kata.core import i18n

    folder = tmp_path / "exercises"
    shutil.copytree(EXERCISES, folder)
    begun = folder / "step2_pad.py"
    begun.write_text(
        begun.read_text(encoding="utf-8").replace(
            "    raise NotImplementedError",
            "    return train_data, test_data\n    raise NotImplementedError",
        ),
        encoding="utf-8",
    )
    before = begun.read_bytes()
    monkeypatch.setattr(i18n, "CHOSEN", tmp_path / ".kata" / "lang")
    monkeypatch.setattr(stubs, "CHOSEN", tmp_path / ".kata" / "lang")
    monkeypatch.delenv("KATA_LANG", raising=False)
    assert stubs.choose_language(argparse.Namespace(language="zh_TW", exercises=folder)) == 0
    assert i18n.language() == "zh-TW"
    assert begun.read_bytes() == before
    load = (folder / "step1_load.py").read_text(encoding="utf-8")
    assert (
        load.startswith('"""第 1 步，load：') and "請在 exercises/step1_load.py 寫出 load()" in load
    )
    said = capsys.readouterr().out
    assert "step2_pad.py：你已經改過了" in said and "繁體中文" in said
    assert stubs.choose_language(argparse.Namespace(language="klingon", exercises=folder)) == 2
