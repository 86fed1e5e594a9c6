"""The main job: run the reference pipeline, check the log dir, open TensorBoard.

    python -m kata projector               # built-in corpus, then serve on 127.0.0.1:6006
    python -m kata projector --no-serve    # write logs/imdb-example/ and stop
    python -m kata projector --data imdb_reviews
    python -m kata projector --mine        # your own six steps, into logs/mine/

It runs the six reference steps of ``solutions/`` in order, exactly what a
learner's finished ``exercises/`` do, and writes ``logs/imdb-example/``.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from kata import data, logdir
from kata.i18n import say
from kata.live import TensorBoardServer
from kata.quiet import import_tensorflow
from kata.target import StepFailure

DEFAULT_LOG_DIR = Path("logs") / "imdb-example"
MINE_LOG_DIR = Path("logs") / "mine"  # what the learner's own six steps wrote


def run_pipeline(source, log_dir, data_dir=None, seed=0, steps=None):
    """load -> pad -> build -> train -> export -> configure.

    ``steps`` holds the six step modules (``steps.step1_load`` ...): the reference
    solutions by default, or a learner's files (``kata.target.Steps``).
    """
    import_tensorflow()
    import keras

    if steps is None:
        from kata.reference import solutions

        steps = solutions()

    keras.utils.set_random_seed(seed)
    train_data, test_data, vocabulary = steps.step1_load.load(source, data_dir=data_dir)
    train_batches, test_batches = steps.step2_pad.pad(train_data, test_data)
    model = steps.step3_build.build(len(vocabulary))
    history = steps.step4_train.train(model, train_batches, test_batches)
    steps.step5_export.export(model, vocabulary, str(log_dir))
    steps.step6_configure.configure(str(log_dir))
    return vocabulary, history


def stop_on_terminate(signum, frame):
    """SIGTERM (a supervisor, or tox on interrupt) stops the server like Ctrl-C does."""
    raise KeyboardInterrupt


def serve(log_dir, host="127.0.0.1", port=6006):
    """Run TensorBoard on ``log_dir`` until Ctrl-C; print the URL once it answers."""
    signal.signal(signal.SIGTERM, stop_on_terminate)  # so the server is never orphaned
    server = TensorBoardServer(log_dir, port, host)
    server.start(quiet=False)
    try:
        server.wait_until_ready()
        print(f"TensorBoard: {server.url}/#projector   (Ctrl-C to stop)", flush=True)
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def main(args) -> int:
    start = time.perf_counter()
    source = data.choose(args.data or os.environ.get("KATA_DATA") or data.BUILT_IN, args.data_dir)
    steps = None
    if args.mine:
        from kata.target import Steps

        steps = Steps(Path(args.exercises).resolve())
    log_dir = Path(args.log_dir or (MINE_LOG_DIR if args.mine else DEFAULT_LOG_DIR))
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
    try:
        vocabulary, history = run_pipeline(source, log_dir, args.data_dir, steps=steps)
    except StepFailure as failure:  # only a learner's step fails like this
        print(str(failure).split("\n")[0])
        print(
            say(
                "Finish that step first (tox grades it), or open the reference projector: "
                "tox -e projector"
            )
        )
        return 1
    accuracy = history.history["val_accuracy"][-1]
    print(
        f"Wrote {len(vocabulary) - 1} tokens x 16 to {log_dir}/ (val_accuracy {accuracy:.2f}, "
        f"{time.perf_counter() - start:.1f} s)"
    )
    if args.check:
        findings = logdir.check(log_dir)
        for finding in findings:
            print(f"  problem: {finding}")
        if findings:
            return 1
        print(f"Checked: {log_dir}/ is a valid projector log dir.")
    if args.no_serve:
        print(f"To look at it: tensorboard --logdir {log_dir} --host 127.0.0.1")
        return 0
    serve(log_dir, args.host, args.port)
    return 0


def add_arguments(parser):
    parser.add_argument("--data", choices=data.CHOICES, help="default: $KATA_DATA or kata_reviews")
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
    parser.add_argument("--check", action="store_true", help="check the log dir after writing it")
    parser.add_argument("--host", default="127.0.0.1", help="TensorBoard's (default: %(default)s)")
    parser.add_argument(
        "--port", type=int, default=6006, help="TensorBoard's (default: %(default)s)"
    )
