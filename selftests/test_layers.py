"""The layers of the tree, enforced: import-linter's contracts (``tox -e lint``) hold today,
say what ``kata.judge.sandbox.LEARNER_SIDE`` says, and fail on a planted wrong-way import."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

from kata import ROOT
from kata.judge.sandbox import LEARNER_SIDE

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
    """The contract's learner side is the box's list; everything else of kata/ (each package,
    each module beside them) is forbidden to it: a new package or module is on one side."""
    package = ROOT / "kata"
    everything = {f"kata.{p.stem}" for p in package.glob("*.py")} - {"kata.__init__"}
    everything |= {f"kata.{p.parent.name}" for p in package.glob("*/__init__.py")}
    learner = {f"kata.{name}" for name in LEARNER_SIDE} - {"kata.__init__.py"}
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
        ("kata/learner/harness.py", "judge.supervisor"),  # the learner side into the judge
        ("kata/core/i18n.py", "data.corpus"),  # the core reaching above itself
        ("kata/curriculum/stub_text.py", "judge.collector"),  # the curriculum into the machinery
        ("tests/test_step2_pad.py", "judge.sandbox"),  # a graded check past kata.checking
    ],
)
def test_a_wrong_way_import_breaks_a_contract(tree, file, module):
    assert lint_imports(tree).returncode == 0  # the copy as it is: every contract kept
    path = tree / file
    text = path.read_text(encoding="utf-8") + f"\nimport kata.{module}  # noqa\n"
    path.write_text(text, encoding="utf-8")
    done = lint_imports(tree)
    source = file.removesuffix(".py").replace("/", ".")
    assert done.returncode != 0, done.stdout[-2000:]
    assert f"{source} -> kata.{module}" in done.stdout, done.stdout[-2000:]
