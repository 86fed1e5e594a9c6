"""The notebooks' code comes from the step files: one source, as in numpy-100.

``tutorial.ipynb`` is the answer key: its step cells hold ``solutions/``.
``kata.ipynb`` is the kata in a notebook: generated whole from ``tutorial.ipynb``'s
sections, the registry and ``exercises/``, each step's stub is followed by its
check cell (``kata.check("pad")``, see ``kata.in_notebook``).

A code cell of tutorial.ipynb whose metadata names a solution file (for example
"kata": {"source": "solutions/step5_export.py"}) holds that file's code, without
its module docstring. After editing a solution, regenerate those cells:

    python -m kata notebook

A self-test fails when a cell has drifted from its file, or kata.ipynb from what this
module generates. The same command tidies
the stored outputs of a fresh run of the notebook: a progress bar keeps only its
last line, and the NBVAL_SKIP cell (it starts TensorBoard) keeps none.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from kata import ROOT

NOTEBOOK = ROOT / "tutorial.ipynb"
KATA_NOTEBOOK = ROOT / "kata.ipynb"
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


INTRO = """\
# The Embedding Projector kata, in a notebook

[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab})

Eight steps take IMDB reviews to TensorBoard's Embedding Projector, as in the TensorFlow
tutorial *Visualizing Data using the Embedding Projector in TensorBoard*. For each step: read
what it asks, fill in the TODOs of its cell, run it, then run the check cell below it.
`kata.check("pad")` runs the very checks `tox` runs on `exercises/`, on the functions this
notebook defines, and shows the step's row of the board and what to fix. Steps are checked
independently: stuck on one, go on with the next. `kata.hint("pad")` gives the next hint;
`kata.progress()` shows where you stand.

The checks run in this notebook's own kernel: they are feedback for you, not a grade. (Grades
for a class come from `python -m kata class`, Gradescope or GitHub Classroom.) The answers are
in `tutorial.ipynb`: try first.
"""
COLAB = (
    "https://colab.research.google.com/github/embedding-projector-kata/"
    "embedding-projector-kata/blob/main/kata.ipynb"
)
CHECK = 'kata.check("{name}")'
FINISH = """\
## Your own embedding in the projector

Once the steps pass, the end-to-end check chains them; then `kata.projector` trains your
own steps on the IMDB reviews, writes the log dir, checks it as the projector needs it, and
the last cell opens TensorBoard on it (run it yourself: it starts a server).
"""


def kata_cell(kind: str, text: str, cell: str, **kata):
    import nbformat

    make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
    made = make(text)
    made.metadata["kata"] = {"cell": cell, **kata}
    return made


def stub_parts(step, solved=False) -> tuple[str, str]:
    """A step's story (its stub's docstring, as markdown) and its cell's code (the stub, or
    with ``solved`` the reference answer)."""
    text = (ROOT / step.exercise).read_text(encoding="utf-8")
    module = ast.parse(text)
    story = ast.get_docstring(module) or ""
    story = "\n".join(line for line in story.splitlines() if not line.startswith("Grade: "))
    heading, _, rest = story.partition("\n")
    markdown = f"### {heading}\n\n{rest.strip()}\n\n".replace("\n\n\n\n", "\n\n") + (
        f"Fill in the next cell, run it, then run its check, `{CHECK.format(name=step.name)}`."
    )
    source = step.solution if solved else step.exercise
    code = cell_code(source).split("\n", 1)[1]  # without the banner
    code = code.replace(f"in {step.exercise}", "in this notebook")
    banner = f"# Step {step.number} ({step.name}): your code. Then run the check below.\n"
    return markdown, formatted(banner + code)


def formatted(code: str) -> str:
    """``code`` as ``ruff format`` writes it (the project's style), when ruff is here."""
    import shutil
    import subprocess
    import sys

    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        return code
    done = subprocess.run(
        [ruff, "format", "--line-length", "100", "-"], input=code, capture_output=True, text=True
    )
    return done.stdout.rstrip("\n") if done.returncode == 0 else code


def kata_notebook(solved=False):
    """kata.ipynb, generated: the tutorial's sections, each step's story, stub and check."""
    import nbformat

    from kata.steps import STEPS

    tutorial = nbformat.read(NOTEBOOK, as_version=4)
    cells = [kata_cell("markdown", INTRO.format(colab=COLAB), "intro")]
    sections = {}  # a step's module -> the tutorial's section heading that comes before it
    heading = None
    for cell in tutorial.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            heading = cell
        source = cell.metadata.get("kata", {}).get("source", "")
        if heading is not None and source.startswith("solutions/"):
            sections[Path(source).stem] = heading
            heading = None
    colab, setup, data = tutorial.cells[1], tutorial.cells[3], tutorial.cells[5]
    cells.append(kata_cell("code", colab.source, "colab"))
    cells.append(kata_cell("markdown", "## Setup", "setup heading"))
    setup_code = (
        setup.source + "\n\nimport kata  # noqa: E402  kata.check, kata.hint, kata.progress"
    )
    cells.append(kata_cell("code", setup_code, "setup"))
    for step in STEPS:
        section = sections.get(step.module)
        if section is not None:
            title = section.source.splitlines()[0]
            extra = ""
            if step.number == 1:  # the data source is chosen in the next cell
                extra = "\n\n" + section.source[section.source.index("Choose the data source") :]
            cells.append(kata_cell("markdown", title + extra, f"section {step.name}"))
            if step.number == 1:
                choose = data.source.replace('"imdb-example"', '"mine"')
                cells.append(kata_cell("code", choose, "data"))
        markdown, code = stub_parts(step, solved)
        cells.append(kata_cell("markdown", markdown, f"story {step.name}"))
        cells.append(kata_cell("code", code, f"step {step.name}", file=step.exercise))
        cells.append(kata_cell("code", CHECK.format(name=step.name), f"check {step.name}"))
    cells.append(kata_cell("markdown", FINISH, "finish"))
    cells.append(kata_cell("code", CHECK.format(name="end_to_end"), "check end_to_end"))
    cells.append(kata_cell("code", "kata.progress()", "progress"))
    projector = (
        "# NBVAL_IGNORE_OUTPUT\n# (training prints its progress)\n"
        "kata.projector(source, LOG_DIR, DATA_DIR)"
    )
    cells.append(kata_cell("code", projector, "projector"))
    tensorboard = (
        "# NBVAL_SKIP\n# (starts a TensorBoard server; run it yourself)\n"
        "%load_ext tensorboard\n%tensorboard --logdir $LOG_DIR"
    )
    cells.append(kata_cell("code", tensorboard, "tensorboard"))
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=tutorial.metadata)
    return notebook


def kata_drift(path: Path = KATA_NOTEBOOK) -> list[str]:
    """The cells of kata.ipynb at ``path`` that are not what this module generates."""
    import nbformat

    shipped = nbformat.read(path, as_version=4).cells
    wanted = kata_notebook().cells
    if [c.metadata.kata.cell for c in shipped] != [c.metadata.kata.cell for c in wanted]:
        return ["its cells (added, removed or reordered)"]
    return [
        w.metadata.kata.cell for s, w in zip(shipped, wanted, strict=True) if s.source != w.source
    ]


def regenerate_kata(path: Path = KATA_NOTEBOOK) -> list[str]:
    """Rewrite kata.ipynb from its sources, keeping the outputs of every unchanged cell, and
    tidy them; return what changed."""
    import nbformat

    old = {}
    if path.is_file():
        old = {c.metadata.kata.cell: c for c in nbformat.read(path, as_version=4).cells}
    notebook = kata_notebook()
    changed = []
    for i, cell in enumerate(notebook.cells):
        before = old.get(cell.metadata.kata.cell)
        if before is not None and before.source == cell.source:
            notebook.cells[i] = before
        else:
            changed.append(f"the cell {cell.metadata.kata.cell!r}")
    changed += [f"the outputs of cell {i}" for i, c in enumerate(notebook.cells) if tidy(c)]
    if changed or len(old) != len(notebook.cells):
        nbformat.write(notebook, path)
    return changed


def main(args) -> int:
    changed = regenerate()
    for what in changed:
        print(f"tutorial.ipynb: regenerated {what}")
    if not changed:
        print("tutorial.ipynb: its step cells match solutions/, and its outputs are tidy")
    changed = regenerate_kata()
    for what in changed:
        print(f"kata.ipynb: regenerated {what}")
    if not changed:
        print("kata.ipynb: its cells match exercises/ and the registry, and its outputs are tidy")
    return 0
