"""Back to the stub, and the reference beside yours: ``python -m kata reset N`` and ``compare N``.

``reset N`` puts step N's stub, as the kata shipped it, back into your folder and keeps your
version beside it (``step2_pad.py.backup``; never overwritten: ``.backup.2`` and so on). The
stub comes from the kata's git history: the newest version of the file that is still a stub.

``compare N`` grades step N first, like ``tox`` does; only once it passes does it show the
reference solution beside yours, as a diff (``-`` yours, ``+`` the reference).
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

from kata import ROOT
from kata.i18n import say
from kata.steps import STEPS, Step

REPOSITORY = ROOT  # whose git history holds the stubs as shipped


def stub_as_shipped(step: Step, repository: Path) -> str | None:
    """Step ``step``'s stub: the newest version of ``exercises/stepN_name.py`` in the git
    history of ``repository`` whose every function still raises NotImplementedError."""
    path = f"exercises/{step.module}.py"
    try:
        commits = git(repository, "log", "--format=%H", "--", path).split()
        for commit in commits:
            text = git(repository, "show", f"{commit}:{path}")
            if text.count("raise NotImplementedError") >= len(step.functions):
                return text
    except (OSError, subprocess.CalledProcessError):
        pass  # no git, or no history here (a downloaded zip)
    return None


def git(repository: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repository), *args], capture_output=True, text=True, check=True
    ).stdout


def chosen(number: int) -> Step | None:
    if 1 <= number <= len(STEPS):
        return STEPS[number - 1]
    print(
        say("There is no step {number}: choose 1 to {last}.", number=number, last=len(STEPS)),
        file=sys.stderr,
    )
    return None


def reset(args) -> int:
    step = chosen(args.step)
    if step is None:
        return 2
    mine = Path(args.exercises) / f"{step.module}.py"
    stub = stub_as_shipped(step, REPOSITORY)
    if stub is None:
        print(
            say(
                "Cannot find step {number}'s stub: reset needs the kata's git history (a git "
                "clone, not a downloaded zip). Nothing was changed.",
                number=step.number,
            ),
            file=sys.stderr,
        )
        return 2
    if mine.is_file() and mine.read_text(encoding="utf-8") == stub:
        print(say("{file} is already the stub: nothing to do.", file=mine.name))
        return 0
    backup = None
    if mine.is_file():
        backup = mine.with_name(mine.name + ".backup")
        count = 1
        while backup.exists():
            count += 1
            backup = mine.with_name(f"{mine.name}.backup.{count}")
        backup.write_bytes(mine.read_bytes())
    mine.write_text(stub, encoding="utf-8")
    print(say("{file} is the stub again.", file=mine.name))
    if backup is not None:
        print(say("Your version is kept in {backup}.", backup=backup.name))
    return 0


def compare(args) -> int:
    from kata.cache import default_data_dir
    from kata.status import PASSED
    from kata.supervisor import Worker

    step = chosen(args.step)
    if step is None:
        return 2
    folder = Path(args.exercises)
    worker = Worker(default_data_dir(), args.timeout)
    try:
        results = [r for r in worker.run(folder, [step.name]) if r.step == step.name]
    finally:
        worker.close()
    if not results or any(result.kind != PASSED for result in results):
        print(
            say(
                "Step {number} ({name}) does not pass yet: compare shows the reference once it "
                "does. Run tox to see what is missing.",
                number=step.number,
                name=step.name,
            )
        )
        return 1
    mine = (folder / f"{step.module}.py").read_text(encoding="utf-8").splitlines(keepends=True)
    reference = (ROOT / step.solution).read_text(encoding="utf-8").splitlines(keepends=True)
    if mine == reference:
        print(
            say(
                "Your step {number} ({name}) is the reference solution, line for line.",
                number=step.number,
                name=step.name,
            )
        )
        return 0
    print(
        say(
            "Your step {number} ({name}) passes. The reference solution beside it (- yours, "
            "+ the reference):",
            number=step.number,
            name=step.name,
        )
    )
    yours, theirs = say("yours"), say("the reference")
    sys.stdout.writelines(difflib.unified_diff(mine, reference, yours, theirs))
    return 0
