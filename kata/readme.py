"""README's generated parts: the map of ``kata/`` and the table of settings.

    python -m kata readme

rewrites the text between each pair of markers (``<!-- generated: map -->`` ...
``<!-- /generated -->``) from the code: the map lists every package and module of ``kata/``
with the first line of its docstring, on the side of the box it runs (``sandbox.LEARNER_SIDE``
or the judge);
the settings come from ``kata/core/settings.py``. A self-test fails when README has drifted.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

from kata import ROOT
from kata.core import settings
from kata.judge.sandbox import LEARNER_SIDE

README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- generated: (\w+) -->\n)(.*?)(<!-- /generated -->)", re.DOTALL)


def syntax_tree(path: Path) -> ast.Module:
    """The parsed source of ``path``: parsed once per text, however many checks read it."""
    return _parse(Path(path).read_text(encoding="utf-8"))


@functools.cache
def _parse(source: str) -> ast.Module:
    return ast.parse(source)


def summary(path: Path) -> str:
    """The first sentence of a module's docstring, on one line."""
    text = ast.get_docstring(syntax_tree(path)) or ""
    first = " ".join(text.split("\n\n")[0].split())
    return first.split(". ")[0].rstrip(".")


def module_map() -> str:
    """Every package and module of kata/, learner side first, each with its docstring's first
    sentence."""
    package = ROOT / "kata"
    inside = {package / name for name in LEARNER_SIDE}
    entries = sorted([*package.glob("*.py"), *(p.parent for p in package.glob("*/__init__.py"))])
    sides = [
        ("the learner side: imported inside the box (`sandbox.LEARNER_SIDE`)", True),
        ("the judge side: never imported inside the box", False),
    ]
    lines = []
    for heading, learner in sides:
        lines += [f"**{heading[0].upper()}{heading[1:]}**", ""]
        for entry in entries:
            if (entry in inside) != learner:
                continue
            if entry.is_file():
                lines.append(f"- `kata/{entry.name}`: {summary(entry)}.")
                continue
            lines.append(f"- `kata/{entry.name}/`: {summary(entry / '__init__.py')}.")
            for module in sorted(entry.glob("*.py")):
                if module.name != "__init__.py":
                    lines.append(f"  - `{module.name}`: {summary(module)}.")
        lines.append("")
    return "\n".join(lines).rstrip("\n")


GENERATORS = {"map": module_map, "settings": settings.markdown}


def generated(text: str) -> str:
    """``text`` (README) with every generated block written anew."""
    return BLOCK.sub(lambda m: m[1] + GENERATORS[m[2]]() + "\n" + m[4], text)


def drifted(path: Path = README) -> list[str]:
    """The generated blocks of README at ``path`` that are not what the code says."""
    text = path.read_text(encoding="utf-8")
    return [m[2] for m in BLOCK.finditer(text) if m[3] != GENERATORS[m[2]]() + "\n"]


def main(args) -> int:
    text = README.read_text(encoding="utf-8")
    fresh = generated(text)
    if fresh != text:
        README.write_text(fresh, encoding="utf-8")
    names = [m[2] for m in BLOCK.finditer(fresh)]
    print(f"README.md: {', '.join(names)} {'rewritten' if fresh != text else 'up to date'}")
    return 0
