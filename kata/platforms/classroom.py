"""Grade a whole class: every submission, several at once, and one report to look at.

    python -m kata class SUBMISSIONS --out REPORT

Each folder in SUBMISSIONS is one learner's copy: its step files directly, or
an ``exercises/`` folder that holds them. Every learner is graded by the
supervised grader (``kata.judge.supervisor``), up to one per core at a time: the
judge (a worker process, reused) never runs learner code; each learner's code runs
in a sandboxed process of its own, so one learner's hang, crash or exit never
reaches another.
Submissions are only read. Here: finding the learners, the cache of unchanged ones, the
pool of judges; ``kata.platforms.class_report`` writes what REPORT gets:

- ``learners/NAME.json``: the learner's board, as ``python -m kata grade --json`` writes it,
  with the hash of the files graded; a later run skips a learner whose files
  have not changed (``--force`` grades everyone again);
- ``grades.csv``: one row per learner, for a gradebook;
- ``report.html``: one self-contained page (no server, no network): a grid of
  learners x steps coloured by status, the pass count of each step, and the
  sentences the class fails on most, step by step.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kata import ROOT
from kata.core.i18n import language, say
from kata.core.sentences import readable
from kata.core.settings import CALL_SECONDS
from kata.core.steps import BY_MODULE
from kata.judge.grader import grade_folder
from kata.judge.sandbox import CORES_VARIABLE
from kata.platforms import class_report


@dataclass
class Learner:
    name: str
    folder: Path | None  # the step files; None when the folder is not a submission
    digest: str = ""
    report: dict | None = None  # the board's JSON
    seconds: float = 0.0
    skipped: bool = False  # unchanged since the last report


def step_folder(folder: Path) -> Path | None:
    """Where a learner's step files are: the folder itself, or its exercises/. A link is never
    followed there: the files must be in the submission."""
    for candidate in (folder, folder / "exercises"):
        if candidate.is_symlink() or not candidate.is_dir():
            continue
        if any(candidate.glob("step*_*.py")):
            return candidate
    return None


def digest(folder: Path) -> str:
    """A hash of what a grade depends on: the learner's step files (read as the box reads
    them: plain files only, bounded), the graded checks, the kata's own code (the judge, the
    sandbox), the reference world and the language."""
    from kata.judge.sandbox import read_step_files
    from kata.learner.reference import world_key

    hashed = hashlib.sha256(f"{language()} {world_key()}".encode())
    for name, data in read_step_files(folder, BY_MODULE).items():
        content = data if isinstance(data, bytes) else str(data).encode()  # None, or refused
        hashed.update(name.encode() + b"\0" + content + b"\0")
    kata_code = sorted((ROOT / "tests").glob("*.py")) + sorted((ROOT / "kata").rglob("*.py"))
    for path in [*kata_code, ROOT / "conftest.py"]:
        hashed.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return hashed.hexdigest()


def find_learners(submissions: Path, out: Path) -> list[Learner]:
    """One learner per folder of ``submissions``; a link is not a submission."""
    learners = []
    folders = (p for p in submissions.iterdir() if p.is_dir() and not p.is_symlink())
    for folder in sorted(folders):
        if folder.resolve() == out.resolve():
            continue  # the report itself, when it is written among the submissions
        steps = step_folder(folder)
        learners.append(Learner(folder.name, steps, digest(steps) if steps else ""))
    return learners


def progress_line(done, total, started, slowest: Learner | None, width=24) -> str:
    filled = width * done // max(total, 1)
    line = say(
        "[{bar}] {done}/{total} learners  {elapsed:.0f} s",
        bar="#" * filled + "." * (width - filled),
        done=done,
        total=total,
        elapsed=time.monotonic() - started,
    )
    if slowest is not None:
        line += "  " + say(
            "slowest so far: {name} {seconds:.0f} s",
            name=readable(slowest.name, 60),
            seconds=slowest.seconds,
        )
    return line


def grade_class(
    submissions,
    out,
    jobs=None,
    timeout=CALL_SECONDS,
    force=False,
    echo=print,
    rows=None,
    **limits,
) -> list[Learner]:
    """Grade every learner of ``submissions`` into the report folder ``out``; return them.
    ``rows(name)``, when given, names the board's rows graded for that learner (None: all)."""
    from kata.judge.supervisor import Worker
    from kata.learner.reference import default_data_dir, load_reference

    submissions, out = Path(submissions), Path(out)
    learners = find_learners(submissions, out)
    (out / "learners").mkdir(parents=True, exist_ok=True)
    todo = []
    for learner in learners:
        saved = out / "learners" / f"{learner.name}.json"
        if learner.folder is None:
            continue
        if saved.is_file() and not force:
            previous = json.loads(saved.read_text(encoding="utf-8"))
            if previous.get("digest") == learner.digest:
                learner.report, learner.skipped = previous, True
                continue
        todo.append(learner)
    skipped = sum(learner.skipped for learner in learners)
    if skipped:
        echo(say("{count} learners unchanged since the last report: kept", count=skipped))

    data_dir = default_data_dir()
    if todo:
        load_reference(data_dir)  # prepared once, here, before the workers share it
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    # Each learner graded at once gets its share of the cores (kata.judge.sandbox.Limits): one whose
    # code keeps every core busy slows itself, not the others. The workers inherit it.
    os.environ[CORES_VARIABLE] = str(max(1, (os.cpu_count() or 1) // jobs))
    started, done = time.monotonic(), 0
    lock = threading.Lock()
    terminal = sys.stdout.isatty()

    # One judge (a worker process) per job, reused from learner to learner: it imports
    # TensorFlow once. Each learner's code runs in a sandboxed learner process of its own,
    # which sees a copy of its step files and nothing of the other submissions or the report
    # (kata.judge.sandbox). The next learner's process starts while this one is graded.
    queues = [todo[job::jobs] for job in range(jobs)]

    def grade_queue(queue: list[Learner]) -> None:
        nonlocal done
        worker = Worker(data_dir, timeout, **limits)
        try:
            for index, learner in enumerate(queue):
                begin = time.monotonic()
                following = queue[index + 1].folder if index + 1 < len(queue) else None
                chosen = rows(learner.name) if rows else None
                board = grade_folder(worker, learner.folder, following=following, rows=chosen)
                learner.seconds = time.monotonic() - begin
                saved = out / "learners" / f"{learner.name}.json"
                learner.report = board.write_json(saved, digest=learner.digest)
                with lock:
                    done += 1
                    slowest = max((ln for ln in todo if ln.seconds), key=lambda ln: ln.seconds)
                    line = progress_line(done, len(todo), started, slowest)
                    echo(("\r" + line) if terminal else line, **({"end": ""} if terminal else {}))
        finally:
            worker.close()

    with ThreadPoolExecutor(jobs) as pool:
        for future in [pool.submit(grade_queue, queue) for queue in queues]:
            future.result()
    if terminal and todo:
        echo("")
    class_report.write(learners, submissions, out, echo)
    return learners


def main(args) -> int:
    submissions = Path(args.submissions)
    if not submissions.is_dir():
        print(say("{folder}: no such folder of submissions", folder=submissions), file=sys.stderr)
        return 2
    learners = grade_class(
        submissions, args.out, jobs=args.jobs, timeout=args.timeout, force=args.force
    )
    return 0 if learners else 1  # the report is written; a class is not pass or fail


def add_arguments(parser) -> None:
    parser.add_argument("submissions", help="a folder with one folder per learner")
    parser.add_argument("--out", default="class-report", help="report folder (%(default)s/)")
    parser.add_argument("--jobs", type=int, help="learners graded at once (default: the cores)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=CALL_SECONDS,
        help="seconds one check may take (%(default)s)",
    )
    parser.add_argument("--force", action="store_true", help="grade unchanged learners again")
