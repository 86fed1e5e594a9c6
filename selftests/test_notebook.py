"""The notebook's step code is the solutions' code: generated from solutions/, never retyped."""

import ast

import nbformat
import pytest

from kata import notebook
from kata.steps import STEPS

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
