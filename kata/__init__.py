"""What is not graded: the machinery around the steps.

- ``steps``: the registry of steps (names, functions, titles, hints).
- ``graded_files``: the judge's view of the step files being graded; every call crosses
  to the learner process (``learner_process``, running ``harness``) as plain data
  (``wire``), inside a ``sandbox``; a failure comes back as one of ``step_errors``.
- ``checking``: what the graded checks import beside the ``graded`` fixture.
- ``collector``, ``board``, ``supervisor``, ``worker``, ``grader``: the grader
  (checks run in a worker; the board, the JSON and the exit status come from
  the supervising process; ``grade`` and ``watch`` drive it).
- ``classroom``: a whole class graded; ``class_report``: its CSV, HTML page and summary.
- ``gradescope``, ``github_classroom``: the class platforms' doors to the same grader.
- ``logdir``: the log-dir checker (what TensorBoard's projector does not check).
- ``data``, ``corpus``, ``imdb``: the data sources and the policy between them.
- ``reference``: the reference world the graded checks start from.
- ``main_job``, ``tensorboard_server``: train, export, analyse, serve.
- ``mutants``, ``attacks``: the catalogues of wrong solutions and of attacks on the grader.
- ``sentences``, ``fakes``: a learner's error as a sentence; the IMDB stand-in.
- ``in_notebook``: ``kata.check``, ``kata.hint``, ``kata.progress``: the kata in a notebook.
- ``i18n`` and ``zh_tw``: the languages; ``stub_text``: the stubs' text in both;
  ``zh_style``: how the kata writes 繁體中文, and its linter.
- ``settings``: every limit and environment variable, once; ``lab``: Jupyter Lab.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository
IN_NOTEBOOK = ("check", "hint", "progress", "projector")


def __getattr__(name):
    """``kata.check("pad")`` & co. in a notebook (``kata.in_notebook``), loaded on first use."""
    if name in IN_NOTEBOOK:
        from kata import in_notebook

        return getattr(in_notebook, name)
    raise AttributeError(f"module 'kata' has no attribute {name!r}")
