"""Grade a whole class: every submission, several at once, and one report to look at.

    python -m kata class SUBMISSIONS --out REPORT

Each folder in SUBMISSIONS is one learner's copy: its step files directly, or
an ``exercises/`` folder that holds them. Every learner is graded by the
supervised grader (``kata.supervisor``), up to one per core at a time: the
judge (a worker process, reused) never runs learner code; each learner's code runs
in a sandboxed process of its own, so one learner's hang, crash or exit never
reaches another.
Submissions are only read. REPORT gets:

- ``learners/NAME.json``: the learner's board, as ``python -m kata grade --json`` writes it,
  with the hash of the files graded; a later run skips a learner whose files
  have not changed (``--force`` grades everyone again);
- ``grades.csv``: one row per learner, for a gradebook;
- ``report.html``: one self-contained page (no server, no network): a grid of
  learners x steps coloured by status, the pass count of each step, and the
  sentences the class fails on most, step by step.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kata import ROOT
from kata.board import Board, short_name
from kata.collector import NOT_STARTED, PASSED
from kata.i18n import language, say
from kata.sandbox import CALL_SECONDS
from kata.steps import END_TO_END, POINTS, STEPS

NOT_A_SUBMISSION = "not a submission"
COLUMNS = [*(step.name for step in STEPS), END_TO_END]


@dataclass
class Learner:
    name: str
    folder: Path | None  # the step files; None when the folder is not a submission
    digest: str = ""
    report: dict | None = None  # the board's JSON
    seconds: float = 0.0
    skipped: bool = False  # unchanged since the last report


def step_folder(folder: Path) -> Path | None:
    """Where a learner's step files are: the folder itself, or its exercises/."""
    for candidate in (folder, folder / "exercises"):
        if any(candidate.glob("step*_*.py")):
            return candidate
    return None


def digest(folder: Path) -> str:
    """A hash of what a grade depends on: the learner's step files, the graded checks, the
    kata's own code (the judge, the sandbox), the reference world and the language."""
    from kata.reference import world_key

    hashed = hashlib.sha256(f"{language()} {world_key()}".encode())
    kata_code = sorted((ROOT / "tests").glob("*.py")) + sorted((ROOT / "kata").glob("*.py"))
    for path in sorted(folder.glob("step*_*.py")) + kata_code + [ROOT / "conftest.py"]:
        hashed.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return hashed.hexdigest()


def find_learners(submissions: Path, out: Path) -> list[Learner]:
    learners = []
    for folder in sorted(p for p in submissions.iterdir() if p.is_dir()):
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
            "slowest so far: {name} {seconds:.0f} s", name=slowest.name, seconds=slowest.seconds
        )
    return line


def grade_class(
    submissions, out, jobs=None, timeout=CALL_SECONDS, force=False, echo=print, **limits
) -> list[Learner]:
    """Grade every learner of ``submissions`` into the report folder ``out``; return them."""
    from kata.reference import default_data_dir, load_reference
    from kata.supervisor import Worker

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
    started, done = time.monotonic(), 0
    lock = threading.Lock()
    terminal = sys.stdout.isatty()

    # One judge (a worker process) per job, reused from learner to learner: it imports
    # TensorFlow once. Each learner's code runs in a sandboxed learner process of its own,
    # where the other submissions and the report are hidden (kata.sandbox); their own folder
    # is shown again, read-only. The next learner's process starts while this one is graded.
    queues = [todo[job::jobs] for job in range(jobs)]

    def grade_queue(queue: list[Learner]) -> None:
        nonlocal done
        worker = Worker(data_dir, timeout, hidden=[submissions.resolve(), out.resolve()], **limits)
        try:
            for index, learner in enumerate(queue):
                begin = time.monotonic()
                following = queue[index + 1].folder if index + 1 < len(queue) else None
                board = Board(learner.folder, worker.run(learner.folder, following=following))
                learner.seconds = time.monotonic() - begin
                learner.report = {**board.as_json(), "digest": learner.digest}
                text = json.dumps(learner.report, indent=2, ensure_ascii=False) + "\n"
                (out / "learners" / f"{learner.name}.json").write_text(text, "utf-8")
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
    write_csv(learners, out / "grades.csv")
    (out / "report.html").write_text(html_report(learners, submissions), encoding="utf-8")
    echo(summary(learners))
    echo(say("Report: {path}", path=out / "report.html"))
    return learners


def status(learner: Learner, column: str) -> str:
    if learner.report is None:
        return NOT_A_SUBMISSION
    return next(s["status"] for s in learner.report["steps"] if s["step"] == column)


def first_failures(learners: list[Learner], column: str) -> Counter:
    """How many of the learners who started ``column`` fail it with each sentence."""
    sentences = Counter()
    for learner in learners:
        if learner.report is None:
            continue
        step = next(s for s in learner.report["steps"] if s["step"] == column)
        if step["status"] not in (PASSED, NOT_STARTED) and step["message"]:
            sentences[general(step["message"], learner)] += 1
    return sentences


def general(message: str, learner: Learner) -> str:
    """A failure sentence without what is particular to one learner: their folder, the note."""
    first = message.split("\n")[0]
    return first.replace(str(learner.folder) + "/", "").replace(str(learner.folder), "")


def write_csv(learners: list[Learner], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        rows = csv.writer(f)
        rows.writerow(["learner", "points", "max_points", "steps_passed", "done", *COLUMNS])
        for learner in learners:
            report = learner.report or {}
            rows.writerow(
                [
                    learner.name,
                    report.get("points", 0),  # not a submission: 0 points, for a gradebook
                    sum(POINTS.values()),
                    report.get("steps_passed", 0),
                    report.get("done", False),
                    *(status(learner, column) for column in COLUMNS),
                ]
            )


def summary(learners: list[Learner]) -> str:
    """The report in the terminal: pass counts per step, and each step's commonest failure."""
    graded = [learner for learner in learners if learner.report is not None]
    lines = [say("{graded} learners graded", graded=len(graded))]
    others = [learner.name for learner in learners if learner.report is None]
    if others:
        lines.append(say("not a submission (no step files): {names}", names=", ".join(others)))
    for column in COLUMNS:
        passed = sum(status(learner, column) == PASSED for learner in graded)
        waiting = sum(status(learner, column) == NOT_STARTED for learner in graded)
        line = f"  {short_name(column):<13} " + say(
            "{passed}/{total} passed, {waiting} not started",
            passed=passed,
            total=len(graded),
            waiting=waiting,
        )
        common = first_failures(graded, column).most_common(1)
        if common:
            sentence, count = common[0]
            line += f"   {count}x {shorten(sentence, 90)}"
        lines.append(line)
    return "\n".join(lines)


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


COLOURS = {
    PASSED: "#2e7d32",
    "failing": "#c62828",
    "not started": "#9e9e9e",
    "timed out": "#ef6c00",
    "import error": "#6a1b9a",
    "crashed": "#37474f",
    "too much output": "#ad1457",
}

STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: center; }
th.learner, td.learner { text-align: left; }
td.cell { color: white; min-width: 5.5em; }
td.cell[data-status="not a submission"] { color: #777; background: #fff; }
.legend span { display: inline-block; padding: 2px 8px; margin: 2px; color: white; }
ol { margin-top: 0.2em; } li { margin: 0.2em 0; } .count { font-weight: bold; }
"""


def html_report(learners: list[Learner], submissions: Path) -> str:
    """One page with everything inline: it opens from disk, offline, in any browser."""
    e = html.escape
    graded = [learner for learner in learners if learner.report is not None]
    head = "".join(f"<th data-step='{c}'>{e(short_name(c))}</th>" for c in COLUMNS)
    rows = []
    for learner in learners:
        if learner.report is None:
            rows.append(
                f"<tr data-learner='{e(learner.name)}'><td class='learner'>{e(learner.name)}</td>"
                f"<td></td><td class='cell' colspan='{len(COLUMNS)}' "
                f"data-status='{NOT_A_SUBMISSION}'>"
                f"{e(say('not a submission: no step files in it or in its exercises/'))}</td></tr>"
            )
            continue
        cells = []
        for column in COLUMNS:
            value = status(learner, column)
            step = next(s for s in learner.report["steps"] if s["step"] == column)
            note = e(general(step["message"], learner))
            cells.append(
                f"<td class='cell' data-step='{column}' data-status='{e(value)}' "
                f"style='background:{COLOURS[value]}' title='{note}'>{e(say(value))}</td>"
            )
        passed = learner.report["steps_passed"]
        rows.append(
            f"<tr data-learner='{e(learner.name)}'><td class='learner'>{e(learner.name)}</td>"
            f"<td class='passed'>{passed}</td>{''.join(cells)}</tr>"
        )
    counts = "".join(
        f"<td class='count' data-step='{c}'>"
        f"{sum(status(learner, c) == PASSED for learner in graded)}/{len(graded)}</td>"
        for c in COLUMNS
    )
    stuck = []
    for column in COLUMNS:
        common = first_failures(graded, column).most_common(3)
        if not common:
            continue
        items = "".join(
            f"<li><span class='count'>{count}</span> × {e(sentence)}</li>"
            for sentence, count in common
        )
        stuck.append(f"<h3>{e(short_name(column))}</h3><ol data-step='{column}'>{items}</ol>")
    legend = "".join(
        f"<span style='background:{colour}'>{e(say(name))}</span>"
        for name, colour in COLOURS.items()
    )
    heading = say("Embedding Projector kata: {count} learners", count=len(graded))
    why = next((ln.report.get("unconfined") for ln in graded if ln.report.get("unconfined")), "")
    unconfined = f"<p class='unconfined'>{e(say('Your code ran unconfined: {why}.', why=why))}</p>"
    unconfined = unconfined if why else ""
    return f"""<!DOCTYPE html>
<html lang="{language()}"><head><meta charset="utf-8"><title>{e(heading)}</title>
<style>{STYLE}</style></head><body>
<h1>{e(heading)}</h1>
<p>{e(say("Submissions: {folder}", folder=str(submissions)))}</p>
{unconfined}
<p class="legend">{legend}</p>
<table id="grid"><thead><tr><th class="learner">{e(say("learner"))}</th>
<th>{e(say("steps passed"))}</th>{head}</tr></thead>
<tbody>{"".join(rows)}</tbody>
<tfoot><tr><td class="learner">{e(say("passed"))}</td><td></td>{counts}</tr></tfoot></table>
<h2>{e(say("Where the class is stuck: the commonest failures of each step"))}</h2>
{"".join(stuck) or "<p>" + e(say("Nobody is stuck.")) + "</p>"}
</body></html>
"""


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
