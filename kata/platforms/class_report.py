"""The report of a graded class (``python -m kata class``): a CSV, an HTML page, a summary.

- ``grades.csv``: one row per learner, their points on the one scale
  (``kata.core.steps.POINTS``) and each step's status, for a gradebook or an LMS;
- ``report.html``: one self-contained page (no server, no network);
- the summary in the terminal: pass counts per step, and each step's commonest failure.

It only reads the learners' boards (their JSON); ``kata.platforms.classroom`` grades them.
"""

from __future__ import annotations

import csv
import html
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from kata.core.i18n import language, say
from kata.core.sentences import csv_cell, readable
from kata.core.status import HTML_COLOURS, NOT_STARTED, PASSED
from kata.core.steps import POINTS, ROWS
from kata.judge.board import short_name

if TYPE_CHECKING:
    from kata.platforms.classroom import Learner

NOT_A_SUBMISSION = "not a submission"
COLUMNS = [row.name for row in ROWS]


def write(learners: list[Learner], submissions: Path, out: Path, echo=print) -> None:
    """Write grades.csv and report.html into ``out``; echo the summary and where it is."""
    write_csv(learners, out / "grades.csv")
    (out / "report.html").write_text(html_report(learners, submissions), encoding="utf-8")
    echo(summary(learners))
    echo(say("Report: {path}", path=out / "report.html"))


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
                    csv_cell(learner.name),  # a folder name the learner chose
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
    others = [readable(learner.name, 200) for learner in learners if learner.report is None]
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
                f"style='background:{HTML_COLOURS[value]}' title='{note}'>{e(say(value))}</td>"
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
        for name, colour in HTML_COLOURS.items()
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
