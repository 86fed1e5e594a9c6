"""The notebook's step code comes from solutions/: one source, as in numpy-100.

A code cell of tutorial.ipynb whose metadata names a solution file (for example
"kata": {"source": "solutions/step5_export.py"}) holds that file's code, without
its module docstring. After editing a solution, regenerate those cells:

    python -m kata notebook

A self-test fails when a cell has drifted from its file. The same command tidies
the stored outputs of a fresh run of the notebook: a progress bar keeps only its
last line, and the NBVAL_SKIP cell (it starts TensorBoard) keeps none.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from kata import ROOT

NOTEBOOK = ROOT / "tutorial.ipynb"
BANNER = "# Generated from {source}: edit that file, then regenerate this cell.\n"


def cell_code(source: str) -> str:
    """A solution file's code as a notebook cell (source: its path in the repository)."""
    text = (ROOT / source).read_text(encoding="utf-8")
    module = ast.parse(text)
    first = module.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):  # the docstring
        text = "\n".join(text.splitlines()[first.end_lineno :])
    return BANNER.format(source=source) + text.strip()


def generated_cells(notebook) -> list:
    """The code cells of ``notebook`` that say which solution file they come from."""
    return [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and cell.metadata.get("kata", {}).get("source")
    ]


def drifted(notebook) -> list[str]:
    """The sources of the generated cells that no longer hold their file's code."""
    return [
        cell.metadata.kata.source
        for cell in generated_cells(notebook)
        if cell.source != cell_code(cell.metadata.kata.source)
    ]


def tidy(cell) -> bool:
    """Keep the last line of a progress bar, and no output of an ``NBVAL_SKIP`` cell."""
    outputs = cell.get("outputs", [])
    if "NBVAL_SKIP" in cell.source:
        cell.outputs, cell.execution_count = [], None
        return bool(outputs)
    streams = [o for o in outputs if o.output_type == "stream" and o.name == "stdout"]
    text = "".join(o.text for o in streams)
    if "\x08" not in text and "\r" not in text:
        return False
    last = re.sub(r"\x1b\[[0-9;]*m", "", text.replace("\x08", "")).split("\r")[-1]
    streams[0].text = last.strip() + "\n"
    cell.outputs = [o for o in outputs if o not in streams[1:]]
    return True


def regenerate(path: Path = NOTEBOOK) -> list[str]:
    """Rewrite the generated cells of the notebook at ``path`` and tidy its outputs; return
    what changed."""
    import nbformat  # installed with nbval

    notebook = nbformat.read(path, as_version=4)
    changed = []
    for cell in generated_cells(notebook):
        code = cell_code(cell.metadata.kata.source)
        if cell.source != code:
            cell.source = code
            changed.append(f"the cell of {cell.metadata.kata.source}")
    changed += [f"the outputs of cell {i}" for i, c in enumerate(notebook.cells) if tidy(c)]
    if changed:
        nbformat.write(notebook, path)
    return changed


def main(args) -> int:
    changed = regenerate()
    for what in changed:
        print(f"tutorial.ipynb: regenerated {what}")
    if not changed:
        print("tutorial.ipynb: its step cells match solutions/, and its outputs are tidy")
    return 0
