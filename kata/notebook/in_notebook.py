"""The kata in a notebook: check the steps a notebook defines, with the checks ``tox`` runs.

    import kata
    kata.check("pad")    # step 2's graded checks, on the pad() this notebook defines
    kata.hint("pad")     # step 2's next hint
    kata.progress()      # where you stand: k/8 steps, as a table (the board)

``check`` runs the very graded checks of ``tests/`` (the same fixtures, the same
reference world, the same sentences), step by step, on the functions of the
notebook's own namespace: steps stay independent, so a learner stuck on step 1
can still check step 5. They run in the learner's own kernel, unsandboxed: the
verdict is feedback for the learner, not a grade. ``projector`` chains the
learner's steps on real data into a log dir, checks it, and says how to open it.
"""

from __future__ import annotations

import contextlib
import html
import io
import sys
import tempfile
import warnings
from pathlib import Path
from types import SimpleNamespace

from kata.core.i18n import CHINESE, language, say
from kata.core.settings import CALL_SECONDS
from kata.core.status import NOT_STARTED, PASSED, html_colour, mark_of
from kata.core.steps import BY_MODULE, BY_NAME, ROWS, STEPS, title
from kata.judge.board import hint_ladder, hint_line, padded, short_name, status_of
from kata.judge.learner_process import IN_KERNEL
from kata.learner.harness import Harness

ROW_NAMES = [row.name for row in ROWS]
_verdicts: dict[str, tuple[str, str]] = {}  # step -> (status, sentence), this kernel's checks
_passed: set[str] = set()  # the steps that passed in this kernel: why it matters, shown once
_hints: dict[str, int] = {}  # step -> the hint level shown last
_folder: list[Path] = []  # the kernel's folder of "step files" (none on disk)


def notebook_names() -> dict:
    """The namespace the learner's cells define their functions in."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            return shell.user_ns
    except ImportError:
        pass
    return sys.modules["__main__"].__dict__


class Names:
    """A step file, as the harness sees it: the names the notebook defines."""

    def __init__(self, names: dict):
        self._names = names

    def __getattr__(self, name):
        try:
            return self._names[name]
        except KeyError:
            raise AttributeError(name) from None


def kernel_harness(names: dict) -> type[Harness]:
    class KernelHarness(Harness):
        """The harness, with the notebook's functions for step files and its cells for files."""

        def load(self, module_name):
            return Names(names)

        def path(self, module_name) -> Path:
            function = names.get(BY_MODULE[module_name].functions[-1])
            code = getattr(function, "__code__", None)
            return Path(code.co_filename) if code else Path(f"<{module_name}>")

        def mine(self, filename) -> bool:
            return any(Path(filename) == self.path(module) for module in BY_MODULE)

        def where(self, path: Path) -> str:
            for module, step in BY_MODULE.items():
                if path == self.path(module):
                    return say(
                        "the cell of step {number} ({name})", number=step.number, name=step.name
                    )
            return say("a cell of this notebook")

    return KernelHarness


class Verdict:
    """A step's row of the board and its sentence, shown by the notebook (HTML or text)."""

    def __init__(self, name: str, status: str, sentence: str, first_pass: bool = False):
        self.name, self.status, self.sentence = name, status, sentence
        self.first_pass = first_pass

    @property
    def hint(self) -> str:
        if self.status == PASSED or self.name not in BY_NAME:
            return ""
        step = BY_NAME[self.name]
        more = say("(more: kata.hint({name!r}))", name=step.name)
        space = "" if language() == CHINESE else " "  # （ needs no space before it
        return hint_line(step) + space + more

    @property
    def why(self) -> str:
        """Why the step matters, shown when it passes for the first time in this kernel."""
        if not self.first_pass or self.name not in BY_NAME:
            return ""
        step = BY_NAME[self.name]
        said = say(
            "Step {number} ({name}) passes. Why it matters:", number=step.number, name=step.name
        )
        return f"{said} {step.why(language())}"

    def lines(self) -> list[str]:
        mark, _ = mark_of(self.status)
        heading = say(
            "{title}: {status}", title=title(self.name, language()), status=say(self.status)
        )
        row = f"{mark} {short_name(self.name)}  {heading}"
        return [row, *(text for text in (self.sentence, self.hint, self.why) if text)]

    def __repr__(self) -> str:
        return "\n".join(self.lines())

    def _repr_html_(self) -> str:
        row, *rest = self.lines()
        colour = html_colour(self.status)
        paragraphs = "".join(f"<p>{html.escape(text)}</p>" for text in rest)
        return f"<p style='color:{colour}'><b>{html.escape(row)}</b></p>{paragraphs}"


@contextlib.contextmanager
def quiet_kernel():
    """No warning, stderr line or absl log line (TFDS's) reaches the notebook meanwhile."""
    import logging

    absl = logging.getLogger("absl")
    level = absl.level
    absl.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            yield
    finally:
        absl.setLevel(level)


def check(name: str, names: dict | None = None) -> Verdict:
    """Run step ``name``'s graded checks (or the end-to-end check) on this notebook's
    functions; return its row and sentence."""
    from kata.judge.collector import run_checks
    from kata.learner.reference import default_data_dir

    if name not in ROW_NAMES:
        raise ValueError(say("{name}: no such step", name=name) + f" ({', '.join(ROW_NAMES)})")
    if not _folder:
        _folder.append(Path(tempfile.mkdtemp(prefix="kata-notebook-")).resolve())
    IN_KERNEL[str(_folder[0])] = kernel_harness(notebook_names() if names is None else names)
    # Nothing of pytest's reaches the notebook: its output, its warnings, Keras's, TFDS's.
    with quiet_kernel():
        results = run_checks(
            _folder[0],
            "-m",
            name,
            data_dir=default_data_dir(),
            timeout=CALL_SECONDS,
            trusted=True,
        )
    status = status_of(results)
    failure = next((r for r in results if r.outcome != PASSED), None)
    first_pass = status == PASSED and name not in _passed
    if status == PASSED:
        _passed.add(name)
    _verdicts[name] = (status, failure.message if failure else "")
    return Verdict(name, *_verdicts[name], first_pass=first_pass)


def hint(name: str) -> None:
    """The next hint of step ``name``'s ladder (1, 2, then 3, which stays)."""
    _hints[name], text = hint_ladder(BY_NAME[name], _hints.get(name, 0))
    print(text)


class Board:
    """Every row as this kernel last checked it, and k/8 steps."""

    def rows(self) -> list[tuple[str, str]]:
        return [(name, _verdicts.get(name, (NOT_STARTED, ""))[0]) for name in ROW_NAMES]

    def total(self) -> str:
        passed = sum(status == PASSED for name, status in self.rows() if name in BY_NAME)
        return say("{passed}/{total} steps", passed=passed, total=len(STEPS))

    def __repr__(self) -> str:
        lines = [  # aligned as on the terminal's board: CJK characters take two columns
            f"{mark_of(status)[0]} {padded(short_name(name), 13)} "
            f"{padded(title(name, language()), 38)} {say(status)}"
            for name, status in self.rows()
        ]
        return "\n".join([*lines, self.total()])

    def _repr_html_(self) -> str:
        cells = "".join(
            f"<tr><td>{html.escape(short_name(name))}</td>"
            f"<td>{html.escape(title(name, language()))}</td>"
            f"<td style='color:{html_colour(status)}'>{html.escape(say(status))}</td>"
            "</tr>"
            for name, status in self.rows()
        )
        return f"<table>{cells}</table><p><b>{html.escape(self.total())}</b></p>"


def progress() -> Board:
    """Where you stand, from the checks this kernel ran: the board, k/8 steps."""
    return Board()


def projector(source, log_dir, data_dir=None) -> None:
    """Chain this notebook's load ... configure on the data source into ``log_dir``, check the log
    dir as TensorBoard's projector needs it, and say how to open it."""
    from kata.pipeline import logdir
    from kata.pipeline.main_job import run_pipeline

    names = notebook_names()
    files = SimpleNamespace(**{step.module: Names(names) for step in STEPS})
    stages = []
    print(
        say(
            "Training a model with your own steps on {source}; writing {log_dir}",
            source=source,
            log_dir=log_dir,
        )
    )
    with quiet_kernel():
        try:
            run_pipeline(
                source,
                log_dir,
                data_dir,
                step_files=files,
                report=lambda stage, *_: stages.append(stage),
                verbose=False,
            )
        except Exception as error:
            step = STEPS[len(stages)]
            what = say("is not done yet")
            if not isinstance(error, NotImplementedError):
                what = say("raised {error}", error=f"{type(error).__name__}: {str(error)[:200]}")
            print(
                say(
                    "Step {number} ({name}) {what}: finish it first (its check cell says how).",
                    number=step.number,
                    name=step.name,
                    what=what,
                )
            )
            return
    findings = logdir.check(log_dir)
    for finding in findings:
        print(f"  {finding}")
    if not findings:
        print(
            say(
                "Checked: {log_dir} is a valid projector log dir. Open it in the next cell.",
                log_dir=log_dir,
            )
        )
