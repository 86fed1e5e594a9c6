"""The kata's command line: ``python -m kata COMMAND``.

grade       grade exercises/ (or --exercises PATH) and show the progress board
hint N      the next hint for step N
reset N     put step N's stub back (your version kept in .kata/backups/)
lang L      the kata's language, en or zh-TW: the board, hints and untouched stubs
compare N   once step N passes: the reference solution beside yours
watch       re-grade a step each time its file is saved
check       check any projector log dir, one line per problem
class       grade every learner of a class; an HTML report, a CSV and a summary
gradescope  build the Gradescope autograder bundle, or rehearse it on submissions
github-classroom  write the GitHub Classroom autograding workflow
projector   run the reference pipeline, write logs/imdb-example/, open TensorBoard
notebook    regenerate the notebooks' generated cells (both languages)
lab         open the kata notebook in Jupyter Lab, in your language (tox -e lab)
readme      rewrite README's generated parts: the map of kata/, the table of settings
sandbox     which protections are active around a learner's code on this machine
"""

import argparse
import contextlib
import json
import os
import signal
import sys
from pathlib import Path

from kata import ROOT
from kata.core.i18n import say
from kata.core.quiet import import_tensorflow
from kata.core.settings import CALL_SECONDS

HINT_STATE = ROOT / ".kata" / "hints.json"  # which hint level each step has reached
# The commands that run TensorFlow in this process. grade, watch and compare do not: their
# worker (the judge) imports it while this process waits; a second import costs seconds.
NEEDS_TENSORFLOW = ("check", "class", "projector")


def grade(args) -> int:
    from kata.judge import grader

    folder = Path(args.exercises)
    if not folder.is_dir():
        print(say("{folder}: no such folder of step files", folder=folder), file=sys.stderr)
        return 2
    board = grader.grade(folder, json_path=args.json, timeout=args.timeout)
    return 0 if board.done else 1


def watch(args) -> int:
    from kata.judge import grader

    grader.watch(Path(args.exercises), timeout=args.timeout)
    return 0


def hint(args) -> int:
    from kata.judge.board import hint_ladder
    from kata.stubs import chosen

    step = chosen(args.step)
    if step is None:
        return 2
    state = json.loads(HINT_STATE.read_text()) if HINT_STATE.is_file() else {}
    level, text = hint_ladder(step, state.get(step.name, 0), args.level)
    if not args.level:
        HINT_STATE.parent.mkdir(exist_ok=True)
        HINT_STATE.write_text(json.dumps({**state, step.name: level}))
    print(text)
    return 0


def check(args) -> int:
    from kata.pipeline import logdir

    findings = logdir.check(args.log_dir)
    if findings:
        print(
            say(
                "{log_dir}: {count} problem(s), paths relative to it:",
                log_dir=args.log_dir,
                count=len(findings),
            )
        )
    for finding in findings:
        print(f"  {finding}")
    if not findings:
        print(say("{log_dir}: OK, a valid projector log dir", log_dir=args.log_dir))
    return 1 if findings else 0


def first_word(argv) -> str | None:
    """The command asked for: the first word that is not an option; None when there is none."""
    words = sys.argv[1:] if argv is None else argv
    return next((word for word in words if not word.startswith("-")), None)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kata", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    for name, handler, text in (
        ("grade", grade, "grade a folder of step files and show the board"),
        ("watch", watch, "re-grade a step each time its file is saved (Ctrl-C to stop)"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument(
            "--exercises",
            default=str(ROOT / "exercises"),
            help="folder of step files (default: exercises/)",
        )
        command.add_argument(
            "--timeout",
            type=float,
            default=CALL_SECONDS,
            help="seconds one call into your code may take (default: %(default)s, as in pytest)",
        )
        if name == "grade":
            command.add_argument("--json", help="also write the results to this JSON file")
        command.set_defaults(handler=handler)

    hinting = commands.add_parser("hint", help="show the next hint for step N")
    hinting.add_argument("step", type=int)
    hinting.add_argument("--level", type=int, help="show this level (1-3) instead of the next")
    hinting.set_defaults(handler=hint)

    from kata import stubs

    for name, handler, text in (
        ("reset", stubs.reset, "put step N's stub back; your version is kept in .kata/backups/"),
        ("compare", stubs.compare, "once step N passes: the reference solution beside yours"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("step", type=int)
        command.add_argument(
            "--exercises",
            default=str(ROOT / "exercises"),
            help="folder of step files (default: exercises/)",
        )
        command.add_argument("--timeout", type=float, default=CALL_SECONDS, help=argparse.SUPPRESS)
        command.set_defaults(handler=handler)

    choosing = commands.add_parser("lang", help="the kata's language: en or zh-TW")
    choosing.add_argument("language", help="en or zh-TW")
    choosing.add_argument(
        "--exercises",
        default=str(ROOT / "exercises"),
        help="folder of step files (default: exercises/)",
    )
    choosing.set_defaults(handler=stubs.choose_language)

    checking = commands.add_parser("check", help="check a projector log dir")
    checking.add_argument("log_dir")
    checking.set_defaults(handler=check)

    from kata.judge import sandbox
    from kata.notebook import cells as notebook
    from kata.platforms import classroom, github_classroom, gradescope

    boxing = commands.add_parser("sandbox", help="which protections are active here")
    boxing.set_defaults(handler=sandbox.main)

    regenerating = commands.add_parser("notebook", help="regenerate the notebooks' cells")
    regenerating.set_defaults(handler=notebook.main)

    from kata import readme
    from kata.notebook import lab

    rewriting = commands.add_parser("readme", help="rewrite README's generated parts")
    rewriting.set_defaults(handler=readme.main)

    opening = commands.add_parser("lab", help="open the kata notebook in Jupyter Lab")
    opening.set_defaults(handler=lab.main)

    grading = commands.add_parser("class", help="grade every learner of a class into one report")
    classroom.add_arguments(grading)
    grading.set_defaults(handler=classroom.main)

    bundling = commands.add_parser("gradescope", help="the Gradescope autograder bundle")
    gradescope.add_arguments(bundling)
    bundling.set_defaults(handler=gradescope.main)

    workflow = commands.add_parser("github-classroom", help="the GitHub Classroom workflow")
    github_classroom.add_arguments(workflow)
    workflow.set_defaults(handler=github_classroom.main)

    run = commands.add_parser("projector", help="run the reference pipeline and open TensorBoard")
    if first_word(argv) in (None, "projector"):  # its options import the pipeline (TFDS): not
        from kata.pipeline import main_job  # for grade or watch, whose worker starts the sooner

        main_job.add_arguments(run)
        run.set_defaults(handler=main_job.main)

    args = parser.parse_args(argv)
    if args.command in NEEDS_TENSORFLOW:
        import_tensorflow()  # once, quietly, before anything imports it loudly
    if argv is None:  # a command, not a call from Python: Ctrl-C stops it cleanly, once
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, stop_once)
    try:
        with terminal_of_its_own() if argv is None else contextlib.nullcontext():
            return args.handler(args)
    except KeyboardInterrupt:
        print(say("Stopped."), flush=True)
        return 0


@contextlib.contextmanager
def terminal_of_its_own():
    """Make this command the terminal's foreground process group while it runs, and give the
    terminal back after. Under tox, Ctrl-C then reaches this command alone: it stops cleanly
    with exit status 0, and tox, which never saw the Ctrl-C, reports that (a tox that sees it
    too races its own interrupt against the command's exit, and may call it a failure)."""
    try:
        terminal = sys.stdin.fileno()
        if not os.isatty(terminal) or os.tcgetpgrp(terminal) != os.getpgrp():
            terminal = None  # no terminal, or not its foreground: nothing to take
    except (OSError, ValueError, AttributeError):
        terminal = None
    if terminal is None:
        yield
        return
    previous = os.getpgrp()
    try:
        os.setpgid(0, 0)
        hand_over(terminal, os.getpgrp())
    except OSError:
        yield  # the terminal stays as it was
        return
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            hand_over(terminal, previous)


def hand_over(terminal, group) -> None:
    """Give the terminal's foreground to ``group`` (a process in the background may, once it
    ignores SIGTTOU)."""
    ignored = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    try:
        os.tcsetpgrp(terminal, group)
    finally:
        signal.signal(signal.SIGTTOU, ignored)


def stop_once(signum, frame):
    """Ctrl-C (or tox's SIGTERM after it): stop, and ignore the next ones while the workers and
    learner processes are stopped (tox sends its own Ctrl-C right after the terminal's)."""
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_IGN)
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
