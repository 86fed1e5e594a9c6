"""Every level-3 hint is code that passes: pasted in place of the stub's TODOs, in either
language, the step's graded checks pass."""

import ast
import re
import shutil
import textwrap

import pytest

from kata import ROOT
from kata.core.i18n import LANGUAGES
from kata.core.status import PASSED
from kata.core.steps import STEPS
from kata.curriculum.stub_text import in_language
from kata.judge.collector import run_checks

pytestmark = pytest.mark.integrity

HEAD = re.compile(r"^# [^\n]*?(\w+)\(\)[^\n]*$", re.MULTILINE)


def bodies(hint: str) -> dict[str, str]:
    """The level-3 hint as ``{function: the lines to paste}``."""
    parts = HEAD.split(hint)
    assert parts[0].strip() == "", f"a level-3 hint starts with its function: {hint[:60]!r}"
    return dict(zip(parts[1::2], (part.strip("\n") for part in parts[2::2]), strict=True))


def pasted(source: str, function: str, body: str) -> str:
    """``source`` with ``function``'s TODO comment and ``raise NotImplementedError`` replaced
    by ``body``, at their indentation, as a learner pastes it."""
    lines = source.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"def {function}("))
    todo = next(i for i in range(start, len(lines)) if lines[i].lstrip().startswith("# TODO"))
    end = next(i for i in range(todo, len(lines)) if "raise NotImplementedError" in lines[i])
    depth = lines[end].count("(") - lines[end].count(")")
    while depth > 0:  # a raise over several lines
        end += 1
        depth += lines[end].count("(") - lines[end].count(")")
    indent = lines[todo][: len(lines[todo]) - len(lines[todo].lstrip())]
    block = [indent + line if line.strip() else "" for line in body.splitlines()]
    return "\n".join([*lines[:todo], *block, *lines[end + 1 :]]) + "\n"


def test_every_level_3_hint_names_each_function_of_its_step():
    """Each step's level-3 hint has one block per function the learner writes, in order, that
    parses as a function body, and the same code in both languages."""
    for step in STEPS:
        found = {lang: bodies(step.hints[lang][2]) for lang in LANGUAGES}
        for lang in LANGUAGES:
            assert list(found[lang]) == list(step.functions), (step.name, lang)
        assert len({tuple(blocks.values()) for blocks in found.values()}) == 1, step.name
        for function, body in found["en"].items():
            ast.parse(f"def {function}():\n" + textwrap.indent(body, "    "))


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_level_3_hints_pasted_into_the_stubs_pass(lang, tmp_path, data_dir, monkeypatch):
    """The untouched stubs, in ``lang``, with every level-3 hint pasted in: every step and
    the end-to-end check pass."""
    monkeypatch.setenv("KATA_LANG", lang)
    for step in STEPS:
        source = in_language((ROOT / step.exercise).read_text(encoding="utf-8"), step, lang)
        for function, body in bodies(step.hints[lang][2]).items():
            source = pasted(source, function, body)
        (tmp_path / f"{step.module}.py").write_text(source, encoding="utf-8")
    shutil.copy(ROOT / "exercises" / "__init__.py", tmp_path)
    results = run_checks(tmp_path, data_dir=data_dir, trusted=True)
    failed = [(r.step, r.nodeid.split("::")[-1], r.message) for r in results if r.kind != PASSED]
    assert results and not failed, failed
