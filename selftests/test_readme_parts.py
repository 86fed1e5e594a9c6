"""Each idea said once: every limit and environment variable in ``kata/core/settings.py``, and
README's map of ``kata/`` and table of settings generated from the code."""

import ast
import re

import pytest

from kata import ROOT, readme
from kata.core import settings

pytestmark = pytest.mark.integrity


def test_readme_says_what_the_code_says():
    assert readme.drifted() == [], "run: python -m kata readme"


def test_a_drifted_readme_is_caught(tmp_path):
    """A limit changed in README by hand (or in the code alone) is drift."""
    text = readme.README.read_text(encoding="utf-8").replace(
        "| `CALL_SECONDS` | 60 s", "| `CALL_SECONDS` | 90 s"
    )
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    assert readme.drifted(tmp_path / "README.md") == ["settings"]


def test_no_other_module_defines_a_limit():
    """A limit is a name of ``kata/core/settings.py``; no module assigns one of its own."""
    found = []
    for path in sorted((ROOT / "kata").rglob("*.py")):
        if path.name == "settings.py":
            continue
        for node in readme.syntax_tree(path).body:
            targets = (
                node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            )
            for target in targets:
                if getattr(target, "id", None) in settings.LIMITS:
                    found.append(f"{path.name}:{node.lineno} {target.id}")
    assert not found, found


def test_every_variable_the_kata_reads_is_declared():
    """Every ``KATA_*`` variable named in the code, the configuration or the docs, and every
    variable the kata reads from the environment, is in ``settings.ENVIRONMENT``."""
    named = set()
    for path in [*ROOT.glob("kata/**/*.py"), *ROOT.glob("tests/*.py"), *ROOT.glob("selftests/*.py"),
                 ROOT / "conftest.py"]:  # fmt: skip
        for node in ast.walk(readme.syntax_tree(path)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                named |= set(re.findall(r"\bKATA_[A-Z_]+\b", node.value))
    for path in (ROOT / "tox.ini", ROOT / ".ci" / "run", ROOT / "README.md"):
        named |= set(re.findall(r"\bKATA_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    named -= {"KATA_NOTEBOOK", "KATA_NOTEBOOKS", "KATA_NOTEBOOK_ZH"}  # names in the code
    read = set()
    for path in ROOT.glob("kata/**/*.py"):
        read |= set(re.findall(r'environ(?:\.get)?[(\[]"([A-Z_]+)"', path.read_text("utf-8")))
    read -= {"PYTEST_XDIST_WORKER", "DISPLAY", "WAYLAND_DISPLAY", "TF_CPP_MIN_LOG_LEVEL"}
    assert sorted((named | read) - set(settings.ENVIRONMENT)) == []
