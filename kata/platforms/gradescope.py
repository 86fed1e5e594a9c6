"""Grade on Gradescope: the autograder bundle, and a rehearsal of it on your own machine.

    python -m kata gradescope --out autograder.zip
    python -m kata gradescope --rehearse SUBMISSION [SUBMISSION ...] --out RESULTS

The bundle follows Gradescope's contract: a zip with ``setup.sh`` and
``run_autograder`` at its root, unpacked into ``/autograder/source``.

- ``setup.sh`` runs once, as root, when Gradescope builds the image (the
  network is there): a virtual environment with the Python and the packages
  pinned in ``requirements.txt`` (the versions this bundle was built and tested
  with, the packaged IMDB reviews among them), the kata itself, and the
  reference world prepared, so that grading never needs the network.
- ``run_autograder`` runs for each submission: the sandboxed judge grades the
  step files of ``/autograder/submission`` (at its top, or in an ``exercises/``
  folder) and, once the learner process has ended, alone writes
  ``/autograder/results/results.json``: one test per step and one for the
  end-to-end check, each with its points (``kata.core.steps.POINTS``), its status,
  and the step's sentence and first hint as output. The results folder is
  hidden from the learner's code, like everything but its scratch folder.

The rehearsal unpacks the bundle into a fresh folder laid out like
``/autograder`` (no root needed: ``KATA_AUTOGRADER`` moves the layout), runs
its setup into a fresh virtual environment, then ``run_autograder`` on each
submission, validates each ``results.json`` against Gradescope's format
(``gradescope.schema.json``), and leaves it in ``RESULTS/NAME/``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from kata import ROOT
from kata.core.i18n import language, say
from kata.core.status import PASSED
from kata.core.steps import BY_NAME, END_TO_END, POINTS, STEPS, title
from kata.judge.board import hint_line

SCHEMA = Path(__file__).with_name("gradescope.schema.json")
# What the bundle carries of the kata: the judge, the checks, the reference answers (hidden
# from the learner's code by the sandbox), the stubs, and what installs the kata.
SHIPPED = ("kata/**/*.py", "kata/**/*.json", "tests/*.py", "solutions/*.py", "exercises/*.py")
SHIPPED_FILES = ("conftest.py", "pyproject.toml", "README.md")
# The judge needs these beside the kata's own dependencies ([project] in pyproject.toml).
# (pytest-xdist: pyproject's pytest options name its --dist, which pytest must understand.)
JUDGE_NEEDS = ("pytest", "pytest-timeout", "pytest-xdist")

SETUP = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (with network).
# A virtual environment with Python {python} and the packages pinned in requirements.txt, the
# kata installed from this folder, the reference world prepared: grading needs no network.
# KATA_AUTOGRADER moves the layout from /autograder (python -m kata gradescope --rehearse).
set -euo pipefail
root="${{KATA_AUTOGRADER:-/autograder}}"
if [ -z "${{KATA_AUTOGRADER:-}}" ] && command -v apt-get > /dev/null; then
  apt-get install -y -qq python3 python3-venv > /dev/null
fi
python3 -m venv "$root/bootstrap"
"$root/bootstrap/bin/python" -m pip install -q uv
uv="$root/bootstrap/bin/uv"
"$uv" venv -q --python {python} "$root/venv"
# Compiled once here: every submission's container starts from this image.
"$uv" pip install -q --compile-bytecode --python "$root/venv/bin/python" \
  -r "$root/source/requirements.txt"
"$uv" pip install -q --python "$root/venv/bin/python" --no-deps -e "$root/source"
"$root/venv/bin/python" -m kata gradescope --prepare
"""

RUN = """\
#!/usr/bin/env bash
# Gradescope runs this for each submission. The judge never runs the learner's code itself:
# a sandboxed learner process does, and the judge alone writes results.json, after it ended.
set -euo pipefail
root="${KATA_AUTOGRADER:-/autograder}"
cd "$root/source"
exec "$root/venv/bin/python" -m kata gradescope \\
  --grade "$root/submission" --results "$root/results/results.json"
"""


def requirements() -> list[str]:
    """``name==version`` for every package the graded kata needs, as installed here: the
    project's dependencies and the judge's, and theirs, and so on."""
    from packaging.requirements import Requirement

    project = importlib.metadata.distribution("embedding-projector-kata")
    todo = [Requirement(text) for text in project.requires or []]
    todo += [Requirement(name) for name in JUDGE_NEEDS]
    pinned = {}
    while todo:
        requirement = todo.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        if name in pinned:
            continue
        distribution = importlib.metadata.distribution(name)
        pinned[name] = distribution.version
        todo += [Requirement(text) for text in distribution.requires or []]
    return [f"{name}=={version}" for name, version in sorted(pinned.items())]


def build(out) -> Path:
    """Write the autograder bundle to ``out`` (a .zip); return its path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    files = [ROOT / name for name in SHIPPED_FILES]
    for pattern in SHIPPED:
        files += sorted(ROOT.glob(pattern))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, text in (
            ("setup.sh", SETUP.format(python=python)),
            ("run_autograder", RUN),
            ("requirements.txt", "\n".join(requirements()) + "\n"),
        ):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = 0o100755 << 16  # executable, as Gradescope runs them
            bundle.writestr(info, text)
        for path in files:
            bundle.write(path, path.relative_to(ROOT).as_posix())
    return out


def results_of(report: dict, board_text: str) -> dict:
    """Gradescope's results.json for one board (``Board.as_json()``): a test per row."""
    tests = []
    for row in report["steps"]:
        step = BY_NAME.get(row["step"])
        if step is None:
            name = say("End to end: {title}", title=title(END_TO_END, language()))
        else:
            name = f"{step.number} {step.name}: {title(step.name, language())}"
        output = say(row["status"])
        if row["message"]:
            output += "\n" + row["message"]
        if step is not None and row["status"] != PASSED:
            output += "\n" + hint_line(step)
        tests.append(
            {
                "name": name,
                "number": str(step.number) if step else str(len(STEPS) + 1),
                "score": row["points"],
                "max_score": row["max_points"],
                "status": "passed" if row["status"] == PASSED else "failed",  # Gradescope's words
                "output": output,
                "visibility": "visible",
            }
        )
    return {"score": report["points"], "output": board_text, "tests": tests}


def failed_everywhere(sentence: str) -> dict:
    """results.json when nothing could be graded: every test failed with ``sentence``."""
    rows = [
        {
            "step": name,
            "status": "not started",
            "message": sentence,
            "points": 0,
            "max_points": most,
        }
        for name, most in POINTS.items()
    ]
    return results_of({"points": 0, "steps": rows}, sentence)


def grade(submission, results_path) -> dict:
    """What run_autograder does: grade ``submission`` in the sandbox and write results.json."""
    from kata.judge import grader
    from kata.platforms.classroom import step_folder

    started = time.monotonic()
    results_path = Path(results_path)
    folder = step_folder(Path(submission))
    if folder is None:
        results = failed_everywhere(
            say(
                "No step files in your submission: upload step1_load.py ... step8_colour.py, "
                "or the exercises/ folder that holds them."
            )
        )
    else:
        lines = []
        try:
            # The learner process never sees the results folder (nor anything but its scratch
            # folder, under bubblewrap); this process writes results.json after it ended.
            board = grader.grade(folder, out=lines.append)
            results = results_of(board.as_json(), "\n".join(lines))
        except Exception as error:  # the judge's own failure: say so, in results.json too
            results = failed_everywhere(
                say(
                    "The autograder could not grade this submission, through no fault of your "
                    "code: {error}. Tell your instructor.",
                    error=error,
                )
            )
    results["execution_time"] = round(time.monotonic() - started)
    results_path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    results_path.write_text(text, encoding="utf-8")
    print(results["output"])
    return results


def problems(results) -> list[str]:
    """Where ``results`` breaks Gradescope's format (the schema) or the kata's own scale."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    found = [
        f"{'/'.join(map(str, error.absolute_path)) or 'results'}: {error.message}"
        for error in validator.iter_errors(results)
    ]
    if found:
        return found
    tests = results.get("tests", [])
    if len(tests) != len(POINTS):
        found.append(f"tests: {len(tests)} tests, but the kata grades {len(POINTS)}")
    if sum(test["max_score"] for test in tests) != sum(POINTS.values()):
        found.append(f"tests: max_score adds up to another total than {sum(POINTS.values())}")
    if results["score"] != sum(test["score"] for test in tests):
        found.append("score: not the sum of the tests' scores")
    return found


def clean_environment(root: Path) -> dict:
    """The environment a Gradescope container would give: no virtualenv or path of ours."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(
        part for part in env.get("PATH", "").split(os.pathsep) if not part.startswith(sys.prefix)
    )
    env["KATA_AUTOGRADER"] = str(root)
    return env


def rehearse(submissions, out, bundle=None, echo=print) -> list[dict]:
    """Run the bundle as Gradescope would, on each of ``submissions``; return their results
    (each with ``seconds`` and ``problems`` added), left in ``out/NAME/``."""
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="kata-gradescope-") as scratch:
        root = Path(scratch) / "autograder"
        bundle = Path(bundle) if bundle else build(Path(scratch) / "autograder.zip")
        with zipfile.ZipFile(bundle) as unpacked:
            unpacked.extractall(root / "source")
        for name in ("setup.sh", "run_autograder"):
            (root / "source" / name).chmod(0o755)
        shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
        env = clean_environment(root)
        echo(say("Setting up the autograder in {root} (as setup.sh on Gradescope)", root=root))
        started = time.monotonic()
        setup = subprocess.run(
            ["bash", str(root / "source" / "setup.sh")], env=env, capture_output=True, text=True
        )
        if setup.returncode != 0:
            tail = "\n".join((setup.stdout + setup.stderr).strip().splitlines()[-15:])
            raise RuntimeError(say("setup.sh failed:\n{tail}", tail=tail))
        echo(say("Setup took {seconds:.0f} s", seconds=time.monotonic() - started))
        graded = []
        for submission in map(Path, submissions):
            shutil.rmtree(root / "submission", ignore_errors=True)
            shutil.rmtree(root / "results", ignore_errors=True)
            shutil.copytree(submission, root / "submission", symlinks=True)
            (root / "results").mkdir()
            started = time.monotonic()
            with open(root / "results" / "stdout", "wb") as stdout:
                subprocess.run(
                    [str(root / "run_autograder")],
                    cwd=root,
                    env=env,
                    stdout=stdout,
                    stderr=subprocess.STDOUT,
                )
            seconds = time.monotonic() - started
            kept = out / submission.name
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(root / "results", kept)
            try:
                results = json.loads((kept / "results.json").read_text(encoding="utf-8"))
                found = problems(results)
            except (OSError, ValueError) as error:
                results, found = {}, [say("no readable results.json: {error}", error=error)]
            results.update(seconds=seconds, problems=found)
            graded.append(results)
            echo(
                say(
                    "{name}: {score}/{total} points in {seconds:.0f} s, {verdict}",
                    name=submission.name,
                    score=results.get("score", "?"),
                    total=sum(POINTS.values()),
                    seconds=seconds,
                    verdict="; ".join(found) or say("results.json valid"),
                )
            )
    return graded


def main(args) -> int:
    if args.prepare:
        from kata.core.quiet import import_tensorflow
        from kata.learner.reference import default_data_dir, load_reference

        import_tensorflow()
        load_reference(default_data_dir())
        return 0
    if args.grade:
        grade(args.grade, args.results)
        return 0  # Gradescope's contract: the autograder ran; the points are in results.json
    if not args.out:
        print(say("--out is needed: where to write the bundle or the results"), file=sys.stderr)
        return 2
    if args.rehearse:
        folders = [path for path in args.rehearse if Path(path).is_dir()]  # submissions/* too
        if not folders:
            print(say("{path}: no such folder", path=args.rehearse[0]), file=sys.stderr)
            return 2
        graded = rehearse(folders, args.out, bundle=args.bundle)
        return 1 if any(results["problems"] for results in graded) else 0
    path = build(args.out)
    print(say("Wrote {path}: upload it as the assignment's autograder", path=path))
    return 0


def add_arguments(parser) -> None:
    parser.add_argument("--out", help="the bundle to write (.zip), or with --rehearse a folder")
    parser.add_argument(
        "--rehearse",
        nargs="+",
        metavar="SUBMISSION",
        help="run the bundle as Gradescope would on these submissions (folders)",
    )
    parser.add_argument("--bundle", help="with --rehearse: this bundle instead of a fresh one")
    # run_autograder's and setup.sh's own options
    parser.add_argument("--grade", help=argparse.SUPPRESS)
    parser.add_argument("--results", help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
