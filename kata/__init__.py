"""What is not graded: the machinery around the steps, in packages on each side of the box.

Inside the box (``kata.judge.sandbox.LEARNER_SIDE``), and shared with the judge:

- ``core``: the limits, the status words, the registry of steps, the two languages;
- ``data``: the reviews a learner's load() reads, offline;
- ``learner``: the learner process (``harness``), the wire, the reference world.

Outside it, never imported in the box:

- ``judge``: grade a folder (supervisor, worker, collector, board, the box itself);
- ``pipeline``: the tutorial's pipeline end to end, the log-dir checker, TensorBoard;
- ``platforms``: a class on one machine, Gradescope, GitHub Classroom;
- ``notebook``: ``kata.check``, ``kata.hint``, ``kata.progress`` and the notebooks' cells;
- ``curriculum``: the stubs' text in both languages, and how the kata writes 繁體中文;
- ``checking``: the graded checks' one door; ``stubs``: reset, compare, lang;
  ``readme``: README's generated parts; ``__main__``: the command line.

The catalogues of wrong solutions and attacks live beside the self-tests that use them
(``selftests/mutants.py``, ``selftests/attacks.py``).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository
IN_NOTEBOOK = ("check", "hint", "progress", "projector")


def __getattr__(name):
    """``kata.check("pad")`` & co. in a notebook (``kata.notebook.in_notebook``), loaded on
    first use."""
    if name in IN_NOTEBOOK:
        from kata.notebook import in_notebook

        return getattr(in_notebook, name)
    raise AttributeError(f"module 'kata' has no attribute {name!r}")
