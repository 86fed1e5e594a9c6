"""Grade on GitHub Classroom: the autograding workflow of an assignment made from this kata.

    python -m kata github-classroom          # writes .github/workflows/classroom.yml

Commit the file to the assignment's template repository (this kata, or your copy
of it). On every push, GitHub grades the learner's ``exercises/`` once, with the
sandboxed grader (``tox -e grade -- --json kata-grade.json``); then one
autograding step per kata step, and one for the end-to-end check, reads its
verdict with GitHub Classroom's own command grader and earns its points
(``kata.core.steps.POINTS``); GitHub Classroom's reporter adds them up.

Each step's command runs in any Python 3, without TensorFlow:

    python3 -m kata.platforms.github_classroom pad kata-grade.json

prints the step's row, its sentence and its first hint, and exits 0 only when
the step passed. This module imports nothing beyond the standard library and
the kata's registry, for that reason.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kata.core.i18n import language, say
from kata.core.status import PASSED
from kata.core.steps import BY_NAME, BY_ROW, POINTS, title
from kata.judge.board import hint_line

WORKFLOW = Path(".github") / "workflows" / "classroom.yml"
GRADE_JSON = "kata-grade.json"
GRADE_COMMAND = f"python3 -m pip install -q tox tox-uv && tox -e grade -- --json {GRADE_JSON}"

HEAD = """\
# GitHub Classroom autograding for the Embedding Projector kata, written by
# `python -m kata github-classroom`: one autograding step per kata step and one for the
# end-to-end check, with the points of kata/core/steps.py (POINTS). The kata grades every step
# once, sandboxed; each autograding step then reads its own verdict.
name: Autograding Tests
"on":
  - push
  - repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
      - name: Checkout code
        uses: actions/checkout@v4
      - name: Set up Python
        uses: actions/setup-python@v5
        with:
          python-version: "{python}"
      - name: Grade every step once, sandboxed
        continue-on-error: true  # a step that fails is scored below, not here
        timeout-minutes: 30
        run: {grade}
"""

STEP = """\
      - name: {test}
        id: {id}
        uses: classroom-resources/autograding-command-grader@v1
        with:
          test-name: {test}
          command: python3 -m kata.platforms.github_classroom {name} {json}
          timeout: 1
          max-score: {points}
"""


def test_name(name: str) -> str:
    return BY_ROW[name].label()


def workflow() -> str:
    """The workflow's YAML text."""
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    text = HEAD.format(python=python, grade=GRADE_COMMAND)
    for name, points in POINTS.items():
        text += STEP.format(
            test=test_name(name), id=name, name=name, json=GRADE_JSON, points=points
        )
    text += (
        "      - name: Autograding Reporter\n"
        "        uses: classroom-resources/autograding-grading-reporter@v1\n"
        "        env:\n"
    )
    for name in POINTS:
        text += f'          {name.upper()}_RESULTS: "${{{{ steps.{name}.outputs.result }}}}"\n'
    text += "        with:\n"
    text += f"          runners: {','.join(POINTS)}\n"
    return text


def verdict(name: str, json_path) -> int:
    """Print step ``name``'s verdict from the grader's JSON; 0 when it passed, else 1."""
    if name not in POINTS:
        print(say("{name}: no such step", name=name))
        return 2
    path = Path(json_path)
    if not path.is_file():
        print(
            say(
                "{path} is missing: the grading step did not finish; its log says why.",
                path=path,
            )
        )
        return 1
    report = json.loads(path.read_text(encoding="utf-8"))
    row = next(row for row in report["steps"] if row["step"] == name)
    print(f"{test_name(name)} ({title(name, language())}): {say(row['status'])}")
    if row["message"]:
        print(row["message"])
    if row["status"] != PASSED and name in BY_NAME:
        print(hint_line(BY_NAME[name]))
    return 0 if row["status"] == PASSED else 1


def main(args) -> int:
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(workflow(), encoding="utf-8")
    print(say("Wrote {path}: commit it to the assignment's template repository", path=out))
    return 0


def add_arguments(parser) -> None:
    parser.add_argument(
        "--out", default=str(WORKFLOW), help="where to write it (default: %(default)s)"
    )


if __name__ == "__main__":
    sys.exit(verdict(*sys.argv[1:3]) if len(sys.argv) == 3 else 2)
