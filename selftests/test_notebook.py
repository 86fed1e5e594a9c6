"""The notebook's step code is the solutions' code: generated from solutions/, never retyped."""

import ast
import re

import nbformat
import pytest

from kata.core.steps import STEPS
from kata.notebook import cells as notebook

pytestmark = pytest.mark.integrity


@pytest.fixture
def tutorial():
    return nbformat.read(notebook.NOTEBOOK, as_version=4)


def python_of(cell) -> ast.Module:
    """A code cell as Python, without its IPython magics."""
    lines = [line for line in cell.source.splitlines() if not line.lstrip().startswith("%")]
    return ast.parse("\n".join(lines))


def test_every_step_has_one_generated_cell_holding_its_solution(tutorial):
    """One cell per step, in step order, each equal to its solution file (no drift)."""
    sources = [cell.metadata.kata.source for cell in notebook.generated_cells(tutorial)]
    assert sources == [step.solution for step in STEPS]
    assert notebook.drifted(tutorial) == [], "run: python -m kata notebook"


def test_a_drifted_cell_is_caught(tutorial):
    """Editing a step cell by hand (here: the padding buffer) is reported as drift."""
    cell = notebook.generated_cells(tutorial)[1]
    cell.source = cell.source.replace("shuffle(buffer_size)", "shuffle(100)", 1)
    assert notebook.drifted(tutorial) == ["solutions/step2_pad.py"]


def test_no_other_cell_defines_or_imports_step_code(tutorial):
    """The rest of the notebook calls the step functions: it never redefines them, nor
    imports them from solutions/ (one rule for every step)."""
    names = {name for step in STEPS for name in step.functions}
    generated = notebook.generated_cells(tutorial)
    for cell in tutorial.cells:
        if cell.cell_type != "code" or cell in generated:
            continue
        for node in ast.walk(python_of(cell)):
            if isinstance(node, ast.FunctionDef):
                assert node.name not in names, f"a cell redefines {node.name}()"
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("solutions"), cell.source


# ---------------------------------------------------------------- kata.ipynb: the kata itself


@pytest.fixture
def kata_notebook():
    return nbformat.read(notebook.KATA_NOTEBOOK, as_version=4)


def cells_named(book) -> dict:
    return {cell.metadata.kata.cell: cell for cell in book.cells}


def test_the_kata_notebook_is_generated(kata_notebook):
    """kata.ipynb is what kata/notebook/cells.py generates from tutorial.ipynb's sections, the
    registry and exercises/: for each step its story, its stub, then its check cell."""
    assert notebook.kata_drift() == [], "run: python -m kata notebook"
    names = [cell.metadata.kata.cell for cell in kata_notebook.cells]
    for step in STEPS:
        at = names.index(f"step {step.name}")
        assert names[at - 1 : at + 2] == [
            f"story {step.name}",
            f"step {step.name}",
            f"check {step.name}",
        ]
        code = kata_notebook.cells[at].source
        assert "raise NotImplementedError" in code and "TODO" in code, step.name
        assert kata_notebook.cells[at + 1].source == f'kata.check("{step.name}")'
    assert names[-4:] == ["check end_to_end", "progress", "projector", "tensorboard"]
    intro = kata_notebook.cells[0].source
    assert "colab.research.google.com" in intro and "not a grade" in intro


def test_a_drifted_kata_cell_is_caught(kata_notebook, tmp_path):
    """Editing a generated cell of kata.ipynb by hand is reported as drift."""
    cells_named(kata_notebook)["check pad"].source = 'kata.check("build")'
    nbformat.write(kata_notebook, tmp_path / "kata.ipynb")
    assert notebook.kata_drift(tmp_path / "kata.ipynb") == ["check pad"]


def test_its_stored_outputs_are_the_stubs_sentences(kata_notebook):
    """As shipped, each check cell shows its step not started, naming the step's cell."""
    cells = cells_named(kata_notebook)
    for step in STEPS:
        (output,) = cells[f"check {step.name}"].outputs
        text = output["data"]["text/plain"]
        assert text.startswith(f"· {step.number} {step.name}  "), text  # as the board marks it
        assert f"Step {step.number} ({step.name}) is not done yet" in text, text
        assert f"in the cell of step {step.number} ({step.name}) still raises" in text, text
    assert "0/8 steps" in cells["progress"].outputs[0]["data"]["text/plain"]


# ---------------------------------------------------------------- the 繁體中文 twins


def test_the_tutorial_twin_is_the_tutorial_in_chinese():
    """tutorial.zh-TW.ipynb has tutorial.ipynb's very cells, code and outputs; only the text of
    its markdown cells is its own, and every one of them is in Chinese."""
    assert notebook.twin_drift() == [], "run: python -m kata notebook"
    english = nbformat.read(notebook.NOTEBOOK, as_version=4)
    twin = nbformat.read(notebook.NOTEBOOK_ZH, as_version=4)
    for mine, theirs in zip(twin.cells, english.cells, strict=True):
        if mine.cell_type == "markdown":
            assert mine.source != theirs.source and re.search("[\u4e00-\u9fff]", mine.source)


def test_a_drifted_twin_is_caught(tmp_path):
    """A code cell of the twin edited by hand (it must stay tutorial.ipynb's) is drift."""
    twin = nbformat.read(notebook.NOTEBOOK_ZH, as_version=4)
    code = next(cell for cell in twin.cells if cell.cell_type == "code")
    code.source += "\nprint('mine')"
    nbformat.write(twin, tmp_path / "twin.ipynb")
    assert notebook.twin_drift(tmp_path / "twin.ipynb") == [code.id]


def test_the_kata_twin_is_generated_in_chinese():
    """kata.zh-TW.ipynb is generated like kata.ipynb: the same cells and code, the stubs' text,
    the stories and the stored sentences in 繁體中文."""
    from kata.core.i18n import CHINESE

    assert notebook.kata_drift(notebook.KATA_NOTEBOOK_ZH, CHINESE) == []
    twin = cells_named(nbformat.read(notebook.KATA_NOTEBOOK_ZH, as_version=4))
    english = cells_named(nbformat.read(notebook.KATA_NOTEBOOK, as_version=4))
    assert list(twin) == list(english)
    for step in STEPS:
        assert twin[f"story {step.name}"].source.startswith(
            f"### 第 {step.number} 步，{step.name}："
        )
        stub = twin[f"step {step.name}"].source
        assert f"請在這本筆記本裡寫出 {step.functions[-1]}()" in stub, stub
        (output,) = twin[f"check {step.name}"].outputs
        assert f"第 {step.number} 步（{step.name}）尚未完成" in output["data"]["text/plain"]
    assert 'os.environ["KATA_LANG"] = "zh-TW"' in twin["setup"].source
    assert "0/8 步" in twin["progress"].outputs[0]["data"]["text/plain"]


@pytest.mark.slow
def test_check_grades_the_functions_a_notebook_defines(data_dir):
    """kata.check runs the step's graded checks on a namespace's functions: the reference
    build() passes; a build() that forgets from_logits fails with the checks' own sentence;
    the stub is not started, and its sentence names the step's cell."""
    import kata
    from solutions import step3_build

    passed = kata.check("build", {"build": step3_build.build})
    assert passed.status == "passed" and repr(passed).startswith("✔ 3 build")

    source = (notebook.ROOT / "solutions" / "step3_build.py").read_text()
    assert "from_logits=True" in source
    wrong = {}
    exec(compile(source.replace("from_logits=True", "from_logits=False"), "<cell>", "exec"), wrong)
    failing = kata.check("build", wrong)
    assert failing.status == "failing" and "from_logits" in failing.sentence, failing.sentence

    stub = {}
    exec(
        compile((notebook.ROOT / "exercises" / "step3_build.py").read_text(), "<cell>", "exec"),
        stub,
    )
    waiting = kata.check("build", stub)
    assert waiting.status == "not started"
    assert "build() in the cell of step 3 (build) still raises" in waiting.sentence
    assert "3 build" in repr(kata.progress()) and "0/8 steps" in repr(kata.progress())


def expected_outputs(book, data_line) -> None:
    """Store in ``book`` (kata.ipynb with the solutions) the outputs a solved run must give:
    every check passed (a step's first pass says why it matters), the board at 8/8, the data
    cell's ``data_line``; no other output."""
    from kata.notebook import in_notebook

    every = [*(step.name for step in STEPS), "end_to_end"]
    code = [cell for cell in book.cells if cell.cell_type == "code"]
    for count, cell in enumerate(code, 1):
        name = cell.metadata.kata.cell
        cell.outputs, cell.execution_count = [], count  # nbval compares only cells that ran
        if name == "data":
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=data_line)]
        shown = None
        if name.startswith("check "):
            step = name.removeprefix("check ")
            shown = in_notebook.Verdict(step, "passed", "", first_pass=step != "end_to_end")
        if name == "progress":
            saved = dict(in_notebook._verdicts)
            in_notebook._verdicts.update({row: ("passed", "") for row in every})
            shown = in_notebook.progress()
            text, page = repr(shown), shown._repr_html_()
            in_notebook._verdicts.clear()
            in_notebook._verdicts.update(saved)
        elif shown is not None:
            text, page = repr(shown), shown._repr_html_()
        if shown is not None:
            data = {"text/plain": text, "text/html": page}
            cell.outputs = [nbformat.v4.new_output("execute_result", data, execution_count=count)]


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_solved_kata_notebook_passes_under_strict_nbval(tmp_path, data_dir):
    """kata.ipynb with the solutions filled in, and the outputs a solved run must give (every
    check passed, the board at 8/8): strict nbval runs it from start to end and finds them;
    the learner's own embedding it wrote is a valid projector log dir. On the built-in corpus
    (KATA_DATA): the data cell's line says so; the kata notebook on IMDB, as shipped, is
    tox -e notebook's."""
    import os
    import subprocess
    import sys

    from kata.pipeline import logdir

    solved = tmp_path / "kata-solved.ipynb"
    book = notebook.kata_notebook(solved=True)
    # Not the cell that starts a TensorBoard server (nbval skips it; the tutorial's is run by
    # test_readme_notebook_outputs_command): nothing here serves on port 6006.
    book.cells = [cell for cell in book.cells if cell.metadata.kata.cell != "tensorboard"]
    expected_outputs(book, "Data: kata_reviews, as asked (--data or KATA_DATA).\n")
    nbformat.write(book, solved)
    log_dir = tmp_path / "logs" / "mine"
    env = {**os.environ, "KATA_LOG_DIR": str(log_dir), "KATA_DATA_DIR": str(data_dir)}
    env.update(KATA_DATA="kata_reviews", KATA_LANG="en")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    nbval = [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env"]
    done = subprocess.run(
        [*nbval, "-p", "no:cacheprovider", str(solved)], cwd=tmp_path, env=env, capture_output=True
    )
    assert done.returncode == 0, done.stdout.decode()[-4000:]
    assert logdir.check(log_dir) == []
