"""Fixtures every test shares: the folder being graded, its step files, the TFDS data dir.

Which folder is graded is chosen by the kata's pytest plugin (kata/pytest_plugin.py).
"""

from pathlib import Path

import pytest

from kata import ROOT
from kata.graded_files import GradedFiles
from kata.pytest_plugin import kata_dir_of
from kata.quiet import import_tensorflow
from kata.reference import default_data_dir
from kata.sandbox import CALL_SECONDS

import_tensorflow()  # once, before any test module: without its C++ start-up chatter


@pytest.fixture(scope="session")
def kata_dir(request) -> Path:
    """The folder of step files being graded."""
    return kata_dir_of(request.config)


@pytest.fixture(scope="session")
def graded(request, kata_dir, data_dir) -> GradedFiles:
    """The graded step files: ``graded.step1_load.load(...)`` runs in the learner process.

    The reference solutions (and, with --kata-trusted, the kata's catalogue of
    wrong solutions) run in this process; any other folder runs sandboxed.
    """
    config = request.config
    files = GradedFiles(
        kata_dir,
        traceback_wanted=config.getoption("kata_traceback"),
        trusted=config.getoption("kata_trusted") or kata_dir == ROOT / "solutions",
        timeout=config.getoption("kata_timeout") or CALL_SECONDS,
        hidden=config.getoption("kata_hide"),
        visible=[data_dir],
    )
    yield files
    if files.transport.trusted:
        files.transport.close()


@pytest.fixture(scope="session")
def data_dir(request) -> Path:
    """The TFDS data dir where the built-in corpus is (or gets) prepared, once per machine."""
    given = request.config.getoption("kata_data_dir")
    return Path(given) if given else default_data_dir()
