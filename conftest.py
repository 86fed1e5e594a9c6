"""Which step files the graded checks in tests/ grade.

- ``pytest tests`` (or plain ``pytest``, or ``tox``) grades ``exercises/``;
- ``pytest solutions`` runs the very same checks against ``solutions/``, plus
  the kata's own integrity checks that live in ``solutions/``;
- ``pytest --kata-dir PATH`` grades any folder of step files (an instructor
  grading one learner's copy).
"""

import os
from pathlib import Path

import pytest

from kata.quiet import import_tensorflow
from kata.reference import default_data_dir
from kata.target import ROOT, Steps, shown

import_tensorflow()  # once, before any test module: without its C++ start-up chatter

KATA_DIR = pytest.StashKey[Path]()


def pytest_addoption(parser):
    group = parser.getgroup("kata")
    group.addoption("--kata-dir", help="folder of step files to grade (default: exercises/)")
    group.addoption(
        "--kata-data-dir",
        help="TFDS data dir where the built-in corpus is (or gets) prepared (default: a temp dir)",
    )
    group.addoption(
        "--kata-traceback",
        action="store_true",
        help="let errors from the graded code show their full traceback",
    )


def pytest_configure(config):
    folder = config.getoption("kata_dir") or os.environ.get("KATA_DIR")
    if not folder:
        asked = {Path(arg.split("::")[0]).resolve() for arg in config.args}
        solutions = ROOT / "solutions"
        folder = ROOT / "exercises"
        if any(path == solutions or solutions in path.parents for path in asked):
            folder = solutions
        if solutions in asked:  # `pytest solutions`: the graded checks too
            config.args.append(str(ROOT / "tests"))
    config.stash[KATA_DIR] = Path(folder).resolve()


def pytest_report_header(config):
    return f"kata: grading {shown(config.stash[KATA_DIR])}/"


@pytest.fixture(scope="session")
def kata_dir(request) -> Path:
    """The folder of step files being graded."""
    return request.config.stash[KATA_DIR]


@pytest.fixture(scope="session")
def steps(request, kata_dir) -> Steps:
    """The graded step files: ``steps.step1_load.load(...)``."""
    return Steps(kata_dir, request.config.getoption("kata_traceback"))


@pytest.fixture(scope="session")
def data_dir(request) -> Path:
    """The TFDS data dir where the built-in corpus is (or gets) prepared, once per machine."""
    given = request.config.getoption("kata_data_dir")
    return Path(given) if given else default_data_dir()
