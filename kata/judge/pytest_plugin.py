"""The kata's pytest options, loaded before pytest reads its arguments.

Installed as a pytest plugin (an entry point in pyproject.toml), so that
``pytest --kata-dir PATH`` works with a space too: without it, pytest would
take PATH for a test path and look for its settings next to PATH.

- ``pytest`` (or ``tox``) grades ``exercises/``;
- ``pytest solutions`` runs the very same checks against ``solutions/``, plus
  the kata's self-tests that take seconds; its last line says how to run the
  rest (``-m slow -n 2``: the ones that take minutes, two at a time); ``tox -e solutions``
  runs both;
- ``pytest --kata-dir PATH`` grades any folder of step files (an instructor
  grading one learner's copy).
"""

import gc
import os
import sys
from pathlib import Path

import pytest

from kata import ROOT
from kata.core.i18n import language, say
from kata.core.sentences import shown
from kata.core.steps import ROWS

KATA_DIR = pytest.StashKey[Path]()
TRUSTED = pytest.StashKey[bool]()  # the command's role: the instructor's own solutions/
LEFT_OUT = pytest.StashKey[list]()  # the slow self-tests a quick `pytest solutions` left out
QUICK = "not slow"


def pytest_addoption(parser):
    group = parser.getgroup("kata")
    group.addoption("--kata-dir", help="folder of step files to grade (default: exercises/)")
    group.addoption(
        "--kata-data-dir",
        help="TFDS data dir where the built-in corpus is (or gets) prepared (default: a temp dir)",
    )
    group.addoption(
        "--kata-trusted",
        action="store_true",
        help="run the graded code in this process (only for the kata's own catalogue of wrong "
        "solutions; solutions/ always is)",
    )
    group.addoption(
        "--kata-timeout",
        type=float,
        help="seconds one call into the graded code may take (default: pytest-timeout's)",
    )
    group.addoption(
        "--kata-traceback",
        action="store_true",
        help="let errors from the graded code show their full traceback",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    """With ``--nbval`` (or ``--nbval-lax``): load nbval, which pyproject.toml keeps from every
    other run.

    ``pytest --kata-dir PATH`` with PATH outside the repository: pytest read PATH as a
    test path before this plugin loaded, and found no settings beside it. Start pytest
    again as ``--kata-dir=PATH``, which it reads right (only for the command line)."""
    if any(arg.split("=")[0] in ("--nbval", "--nbval-lax") for arg in args):
        early_config.pluginmanager.unblock("nbval")  # blocked in pyproject.toml: see there
        early_config.pluginmanager.import_plugin("nbval", consider_entry_points=True)
    argv = sys.argv[1:]
    if early_config.inipath is not None or "--kata-dir" not in argv[:-1]:
        start_the_learner_early(early_config.known_args_namespace)
        return
    if "pytest" not in sys.argv[0]:  # pytest.main(...) inside a program: leave it alone
        return
    at = argv.index("--kata-dir")
    fixed = [*argv[:at], f"--kata-dir={argv[at + 1]}", *argv[at + 2 :]]
    capture = early_config.pluginmanager.getplugin("capturemanager")
    if capture is not None:
        capture.stop_global_capturing()  # give the new pytest the real stdout and stderr
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", "pytest", *fixed])


def start_the_learner_early(options) -> None:
    """Start the learner process of a graded folder now, before conftest.py imports
    TensorFlow: both processes then import it at once, on two cores."""
    if options.kata_trusted or options.collectonly or options.help or options.version:
        return
    if getattr(options, "numprocesses", None) and not os.environ.get("PYTEST_XDIST_WORKER"):
        return  # pytest -n N: this process only hands out tests; its workers grade
    paths = options.file_or_dir or []
    folder = graded_folder(options.kata_dir, paths)
    if trusted_role(options.kata_dir, paths):  # it runs in the judge's process; but the
        if options.kata_traceback or not any(holds_self_tests(arg) for arg in paths):
            return
        folder = ROOT / "exercises"  # self-tests grade the untouched stubs (stub_results)
    elif paths and not any(holds_graded_checks(arg) for arg in paths):
        return  # no graded check asked for (say, pytest --nbval tutorial.ipynb): no learner
    from kata.core.cache import default_data_dir
    from kata.judge.learner_process import prestart

    data_dir = Path(options.kata_data_dir) if options.kata_data_dir else default_data_dir()
    prestart(folder, [data_dir], options.kata_traceback)


def holds_graded_checks(arg) -> bool:
    """Whether the test path ``arg`` is tests/, a file in it, or a folder above it."""
    path, tests = Path(arg.split("::")[0]).resolve(), ROOT / "tests"
    return path == tests or path in tests.parents or tests in path.parents


def holds_self_tests(arg) -> bool:
    """Whether the test path ``arg`` is solutions/ (tests/ and selftests/) or selftests/."""
    path = Path(arg.split("::")[0]).resolve()
    return path in (ROOT / "solutions", ROOT / "selftests")


def graded_folder(kata_dir, paths) -> Path:
    """The folder graded: --kata-dir (or $KATA_DIR); else solutions/ when the paths asked
    for are in solutions/ or selftests/; else exercises/. A link is kept as a link (the box
    refuses it), never followed."""
    folder = kata_dir or os.environ.get("KATA_DIR")
    if folder:
        return Path(os.path.abspath(folder))
    asked = {Path(arg.split("::")[0]).resolve() for arg in paths}
    solutions, selftests = ROOT / "solutions", ROOT / "selftests"
    for path in asked:
        if path in (solutions, selftests) or {solutions, selftests} & set(path.parents):
            return solutions
    return ROOT / "exercises"


def trusted_role(kata_dir, paths) -> bool:
    """Whether the command is the instructor's ``pytest solutions`` (or selftests/): its
    graded code, the kata's own solutions/, runs in this process. A folder given by
    --kata-dir or $KATA_DIR never is, whatever it holds or links to."""
    if kata_dir or os.environ.get("KATA_DIR"):
        return False
    return graded_folder(None, paths) == ROOT / "solutions"


def is_trusted(config) -> bool:
    """The role the command declared: ``pytest solutions``, or --kata-trusted (the kata's
    catalogue of wrong solutions, run by its own self-test)."""
    return config.getoption("kata_trusted") or config.stash[TRUSTED]


SESSIONS = [0]  # pytest sessions configured in this process and not yet unconfigured


def pytest_configure(config):
    SESSIONS[0] += 1
    for row in ROWS:  # one marker per row of the board, from the registry: `pytest -m pad`
        config.addinivalue_line("markers", row.marker(language()))
    folder = graded_folder(config.getoption("kata_dir"), config.args)
    config.stash[TRUSTED] = trusted_role(config.getoption("kata_dir"), config.args)
    solutions = ROOT / "solutions"
    if not config.getoption("kata_dir") and not os.environ.get("KATA_DIR"):
        asked = [arg for arg in config.args if Path(arg).resolve() == solutions]
        if asked:  # `pytest solutions`: the graded checks and the self-tests
            config.args.remove(asked[0])
            config.args += [str(ROOT / "tests"), str(ROOT / "selftests")]
            if not config.option.markexpr:  # as typed: the quick part; `-m slow`: the rest
                config.option.markexpr = QUICK
                config.stash[LEFT_OUT] = []
    config.stash[KATA_DIR] = folder


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """At the end of the command's own pytest (not of one that a program runs, as the judge
    runs the checks for each learner) the process is about to exit: ``gc.freeze()`` keeps
    Python's exit from walking every object the checks made, models, datasets and graphs
    (0.3 s of every run)."""
    SESSIONS[0] -= 1
    if SESSIONS[0] == 0 and sys.argv[0].endswith(("pytest", os.path.join("pytest", "__main__.py"))):
        gc.freeze()


def pytest_deselected(items):
    config = items[0].config if items else None
    if config is not None and LEFT_OUT in config.stash:
        config.stash[LEFT_OUT] += [item for item in items if item.get_closest_marker("slow")]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_sessionfinish(session):
    """After pytest's own summary, the last line of a quick `pytest solutions`: the rest."""
    result = yield
    left_out = session.config.stash.get(LEFT_OUT, None)
    reporter = session.config.pluginmanager.getplugin("terminalreporter")
    if left_out and reporter is not None:
        reporter.write_line(
            say(
                "Quick run: {count} self-tests that take minutes were left out (the command "
                "ledger, the catalogues of wrong solutions and attacks, the class, Gradescope, "
                "the kata notebook, TensorBoard, the browser, IMDB). Run them: pytest solutions "
                "-m slow -n 2; everything, as CI does: tox -e solutions",
                count=len(left_out),
            )
        )
    return result


def pytest_report_header(config):
    return f"kata: grading {shown(config.stash[KATA_DIR])}/"


def kata_dir_of(config) -> Path:
    return config.stash[KATA_DIR]
