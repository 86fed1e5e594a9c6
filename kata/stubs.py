"""The stubs: their language, back to one, and the reference beside yours.

``python -m kata lang zh-TW`` (or ``en``) chooses the kata's language once: the board, the
hints and the stubs' text. Each stub you have not touched is rewritten in that language
(its code stays as it is); a file you have edited is left alone. The choice is kept in
``.kata/lang``; ``KATA_LANG``, when set, still wins.

``python -m kata reset N`` puts step N's stub, as the kata shipped it, back into your folder,
its text in your language, and keeps your version in ``.kata/backups/``
(``step2_pad.py.backup``; never overwritten: ``.backup.2`` and so on; git ignores the
folder). The stub comes from the kata's git history: the newest version of the file that is
still a stub.

``compare N`` shows the reference solution beside yours once step N passes, as the
differences between the functions you wrote (``-`` yours, ``+`` the reference; docstrings and
lint comments left out). A step file that passed when it was last graded, and has not
changed since (``.kata/passed.json`` keeps its hash), is not graded again.
"""

from __future__ import annotations

import ast
import difflib
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from kata import ROOT
from kata.core.i18n import CHOSEN, LANGUAGES, language, say
from kata.core.sentences import shown
from kata.core.steps import STEPS, Step
from kata.curriculum.stub_text import in_language, language_of

REPOSITORY = ROOT  # whose git history holds the stubs as shipped
BACKUPS = ROOT / ".kata" / "backups"  # reset's copies of the learner's versions
NAMES = {"en": "English", "zh-TW": "繁體中文"}  # each language by its own name
PASSED_STATE = ROOT / ".kata" / "passed.json"  # step files that passed: folder -> step -> hash


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
    try:
        stub = in_language(stub, step, language())
    except (ValueError, SyntaxError):
        pass  # an old stub of another shape: as it was shipped
    if mine.is_file() and mine.read_text(encoding="utf-8") == stub:
        print(say("{file} is already the stub: nothing to do.", file=mine.name))
        return 0
    backup = None
    if mine.is_file():
        BACKUPS.mkdir(parents=True, exist_ok=True)
        backup = BACKUPS / f"{mine.name}.backup"
        count = 1
        while backup.exists():
            count += 1
            backup = BACKUPS / f"{mine.name}.backup.{count}"
        backup.write_bytes(mine.read_bytes())
    mine.write_text(stub, encoding="utf-8")
    print(say("{file} is the stub again.", file=mine.name))
    if backup is not None:
        print(say("Your version is kept in {backup}.", backup=shown(backup)))
    return 0


def choose_language(args) -> int:
    """``python -m kata lang zh-TW`` (or ``en``): keep the choice, rewrite the untouched
    stubs."""
    wanted = {lang.lower(): lang for lang in LANGUAGES}.get(args.language.replace("_", "-").lower())
    if wanted is None:
        print(
            say("Unknown language {language}: choose en or zh-TW.", language=args.language),
            file=sys.stderr,
        )
        return 2
    CHOSEN.parent.mkdir(exist_ok=True)
    CHOSEN.write_text(wanted + "\n", encoding="utf-8")
    folder = Path(args.exercises)
    for step in STEPS:
        path = folder / f"{step.module}.py"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeError):
            print(say("{file}: not found, nothing to rewrite.", file=shown(path)))
            continue
        current = language_of(text, step)
        if current is None:
            print(say("{file}: you have edited it, so it stays as it is.", file=shown(path)))
        elif current != wanted:
            path.write_text(in_language(text, step, wanted), encoding="utf-8")
            print(
                say(
                    "{file}: its text is now in {language}.",
                    file=shown(path),
                    language=NAMES[wanted],
                )
            )
    print(
        say(
            "From now on the kata speaks {language}: the board, the hints and the stubs.",
            language=NAMES[wanted],
        )
    )
    if os.environ.get("KATA_LANG") and language() != wanted:
        print(
            say(
                "KATA_LANG={value} is set in this shell and wins while it is: run unset KATA_LANG.",
                value=os.environ["KATA_LANG"],
            )
        )
    return 0


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def passed_before() -> dict:
    """``{folder: {step: hash of its file when it passed}}`` from ``.kata/passed.json``."""
    try:
        found = json.loads(PASSED_STATE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def record_passes(board) -> list[str]:
    """Remember the hash of each step file of ``board`` that passes now; return the steps
    that pass for the first time in this folder."""
    found = passed_before()
    folder = str(Path(board.folder).resolve())
    mine = found.setdefault(folder, {})
    first = []
    for row in board.rows:
        if row.number and row.status == "passed":
            first += [] if row.name in mine else [row.name]
            mine[row.name] = digest(Path(board.folder) / f"{STEPS[row.number - 1].module}.py")
    PASSED_STATE.parent.mkdir(exist_ok=True)
    PASSED_STATE.write_text(json.dumps(found, indent=1), encoding="utf-8")
    return first


def passes(step: Step, folder: Path, timeout) -> bool:
    """Whether step ``step`` of ``folder`` passes: known when its file is unchanged since it
    last passed; graded otherwise."""
    path = folder / f"{step.module}.py"
    known = passed_before().get(str(folder.resolve()), {}).get(step.name)
    if known and known == digest(path):
        return True
    from kata.core.cache import default_data_dir
    from kata.core.status import PASSED
    from kata.judge.supervisor import Worker

    worker = Worker(default_data_dir(), timeout)
    try:
        results = [r for r in worker.run(folder, [step.name]) if r.step == step.name]
    finally:
        worker.close()
    return bool(results) and all(result.kind == PASSED for result in results)


PRAGMA = re.compile(r"\s*#\s*(noqa|type:|fmt:|pragma)\b.*$")


def bodies(source: str, functions) -> dict[str, list[str]]:
    """The lines of each function's body, without its docstring or lint comments."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in functions:
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                body = body[1:]  # the docstring
            if body:
                chosen = lines[body[0].lineno - 1 : body[-1].end_lineno]
                found[node.name] = [PRAGMA.sub("", line.rstrip("\n")) + "\n" for line in chosen]
    return found


def compare(args) -> int:
    step = chosen(args.step)
    if step is None:
        return 2
    folder = Path(args.exercises)
    if not passes(step, folder, args.timeout):
        print(
            say(
                "Step {number} ({name}) does not pass yet: compare shows the reference once it "
                "does. Run tox to see what is missing.",
                number=step.number,
                name=step.name,
            )
        )
        return 1
    try:
        mine = bodies((folder / f"{step.module}.py").read_text(encoding="utf-8"), step.functions)
    except SyntaxError:
        mine = {}
    reference = bodies((ROOT / step.solution).read_text(encoding="utf-8"), step.functions)
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
    for function in step.functions:
        if mine.get(function) != reference.get(function):
            sys.stdout.writelines(
                difflib.unified_diff(
                    mine.get(function, []),
                    reference.get(function, []),
                    say("{who}: {function}()", who=yours, function=function),
                    say("{who}: {function}()", who=theirs, function=function),
                )
            )
    return 0
