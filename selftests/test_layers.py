"""The layers of the tree, enforced: import-linter's contracts (``tox -e lint``) hold today,
say what ``kata.sandbox.LEARNER_SIDE`` says, and fail on a planted wrong-way import."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

from kata import ROOT
from kata.sandbox import LEARNER_SIDE

pytestmark = pytest.mark.integrity

LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")


def contracts() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    """lint-imports on a copy of the kata at ``tree`` (its own kata/ and tests/)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"], cwd=tree, env=env, capture_output=True, text=True
    )


def test_the_learner_side_contract_is_the_boxs_list():
    everything = {f"kata.{p.stem}" for p in (ROOT / "kata").glob("*.py")} - {"kata.__init__"}
    learner = {f"kata.{name}" for name in LEARNER_SIDE} - {"kata.__init__"}
    contract = contracts()["learner-side"]
    assert set(contract["source_modules"]) == learner
    assert set(contract["forbidden_modules"]) == everything - learner


@pytest.fixture
def tree(tmp_path):
    for folder in ("kata", "tests"):
        shutil.copytree(
            ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


@pytest.mark.slow  # lint-imports once per planted import: seconds
@pytest.mark.parametrize(
    ("file", "module"),
    [
        ("kata/harness.py", "supervisor"),  # the learner side reaching into the judge
        ("kata/i18n.py", "board"),  # the core reaching above itself
        ("kata/steps.py", "collector"),  # the curriculum reaching into the machinery
        ("tests/test_step2_pad.py", "sandbox"),  # a graded check past kata.checking
    ],
)
def test_a_wrong_way_import_breaks_a_contract(tree, file, module):
    assert lint_imports(tree).returncode == 0  # the copy as it is: every contract kept
    path = tree / file
    text = path.read_text(encoding="utf-8") + f"\nfrom kata import {module}  # noqa\n"
    path.write_text(text, encoding="utf-8")
    done = lint_imports(tree)
    source = file.removesuffix(".py").replace("/", ".")
    assert done.returncode != 0, done.stdout[-2000:]
    assert f"{source} -> kata.{module}" in done.stdout, done.stdout[-2000:]
