"""Fixtures every test shares: the folder being graded, its step files, the TFDS data dir.

Which folder is graded is chosen by the kata's pytest plugin (kata/judge/pytest_plugin.py).
"""

from pathlib import Path

import pytest

from kata.core.quiet import import_tensorflow
from kata.core.settings import CALL_SECONDS
from kata.judge.graded_files import GradedFiles
from kata.judge.pytest_plugin import is_trusted, kata_dir_of
from kata.learner.reference import default_data_dir

import_tensorflow()  # once, before any test module: without its C++ start-up chatter


@pytest.fixture(scope="session")
def kata_dir(request) -> Path:
    """The folder of step files being graded."""
    return kata_dir_of(request.config)


@pytest.fixture(scope="session")
def graded(request, kata_dir, data_dir) -> GradedFiles:
    """The graded step files: ``graded.step1_load.load(...)`` runs in the learner process.

    Trust is the command's role, never a property of the folder: ``pytest solutions`` (the
    instructor's) and --kata-trusted (the kata's catalogue of wrong solutions) run the code in
    this process; anything else runs sandboxed, a link to solutions/ included.
    """
    config = request.config
    files = GradedFiles(
        kata_dir,
        traceback_wanted=config.getoption("kata_traceback"),
        trusted=is_trusted(config),
        timeout=config.getoption("kata_timeout") or CALL_SECONDS,
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
