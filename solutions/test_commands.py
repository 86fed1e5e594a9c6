"""Documented commands, run as written (from the repository root, and from elsewhere)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kata.target import ROOT

pytestmark = pytest.mark.integrity

BIN = str(Path(sys.executable).parent)  # the test environment's pytest and python


def run(command, cwd=ROOT, **variables):
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "KATA_LANG": "en", **variables}
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def copy_outside(tmp_path_factory):
    """A learner's copy outside the repository: the reference step files."""
    folder = tmp_path_factory.mktemp("learner") / "exercises"
    shutil.copytree(ROOT / "solutions", folder, ignore=shutil.ignore_patterns("test_*", "conf*"))
    return folder


@pytest.mark.parametrize(
    "command",
    [
        "pytest --kata-dir {path} -m build",  # conftest/plugin docstring: with a space
        "pytest --kata-dir={path} -m build",
        "cd {elsewhere} && pytest {root}/tests --kata-dir {path} -m build",
        "cd {elsewhere} && python -m pytest {root}/tests --kata-dir={path} -m build",
    ],
)
def test_kata_dir_commands(command, copy_outside, tmp_path):
    """pytest --kata-dir PATH grades PATH, whatever the spelling and the working directory."""
    done = run(command.format(path=copy_outside, elsewhere=tmp_path, root=ROOT))
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "4 passed" in done.stdout, done.stdout[-2000:]


def test_readme_class_loop(tmp_path):
    """README's loop grades each copy, writes each JSON beside it, and touches nothing else."""
    for name in ("ada", "grace"):
        copy = tmp_path / "submissions" / name / "exercises"
        shutil.copytree(ROOT / "exercises", copy, ignore=shutil.ignore_patterns("__pycache__"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    loop = readme.split("  for copy in submissions/*/exercises; do")[1].split("  done")[0]
    command = "for copy in submissions/*/exercises; do" + loop + "done"
    assert "python -m kata grade" in command
    done = run(command, cwd=tmp_path)  # in the folder that holds submissions/
    for name in ("ada", "grace"):
        assert (tmp_path / "submissions" / name / "exercises.json").is_file(), done.stdout


def test_check_command_on_a_log_dir(tmp_path):
    """python -m kata check LOGDIR: one line per problem, paths relative to the log dir."""
    (tmp_path / "projector_config.pbtxt").write_text('embeddings { tensor_name: "x" }\n')
    done = run(f"python -m kata check {tmp_path}")
    assert done.returncode == 1
    assert "problem(s), paths relative to it" in done.stdout
