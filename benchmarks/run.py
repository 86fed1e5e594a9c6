"""Benchmark the kata on this machine: medians of several runs, ratios to the floor, peak RSS.

    .tox/solutions/bin/python benchmarks/run.py [--repeats 3]
    .tox/solutions/bin/python benchmarks/run.py --only-judge --baseline eb3d6ec
    .tox/solutions/bin/python benchmarks/run.py --only-gradescope
    .tox/solutions/bin/python benchmarks/run.py --only-notebook
    .tox/solutions/bin/python benchmarks/run.py --only-lean

The floor is what any run pays before doing anything: importing TensorFlow and
TFDS. Every other figure is a whole command, timed from outside, so pytest's
start-up and collection are included. Targets: ``pytest solutions`` as typed at
most 4x the floor, the graded checks at most 3x, one step at most 1.5x, the main job at
most 15 s (25 s on IMDB), peak RSS at most 1 GiB. This machine is noisy: read medians
and ratios, not single runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
# A user's Python caches bytecode; a shell with PYTHONDONTWRITEBYTECODE=1 never does, and
# TensorFlow's import then costs about twice as much: measure what a user gets.
USER_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV = {**USER_ENV, "KATA_DATA": "kata_reviews", "TF_CPP_MIN_LOG_LEVEL": "2", "KATA_LANG": "en"}


IMDB_ENV = {k: v for k, v in ENV.items() if k != "KATA_DATA"}  # auto: offline, packaged IMDB
# The graded checks against solutions/ and every self-test that takes seconds, not minutes:
# no real TensorBoard, no browser, no IMDB training, no whole commands or supervised gradings.


def busy_cpu_seconds() -> float:
    """CPU seconds the whole machine has spent busy (Linux's /proc/stat; 0 elsewhere)."""
    try:
        fields = [int(n) for n in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def run(command, env=ENV, cwd=ROOT) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (MiB) and the cores kept busy on average, of one command.
    (Busy cores count the whole machine: the learner processes, which run in a sandbox
    whose CPU time no parent collects, and anything else running.)"""
    start, busy = time.perf_counter(), busy_cpu_seconds()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    cores = (busy_cpu_seconds() - busy) / seconds
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # grading stubs exits 1 on purpose
        raise RuntimeError(f"{command} exited with {status}")
    return seconds, usage.ru_maxrss // 1024, cores


def measure(name, command, repeats, env=ENV, cwd=ROOT) -> tuple[float, int]:
    runs = [run(command, env, cwd) for _ in range(repeats)]
    seconds = statistics.median(s for s, _, _ in runs)
    rss = max(r for _, r, _ in runs)
    cores = statistics.median(c for _, _, c in runs)
    spread = ", ".join(f"{s:.1f}" for s, _, _ in runs)
    print(
        f"{name:<44} median {seconds:6.1f} s  (runs: {spread})  peak RSS {rss} MiB  "
        f"cores busy {cores:.1f}",
        flush=True,
    )
    return seconds, rss


def solved_copy(folder) -> Path:
    """A learner's copy of the solved steps (graded as learner code: sandboxed)."""
    import shutil

    copy = Path(folder)
    copy.mkdir(parents=True, exist_ok=True)
    for path in (ROOT / "solutions").glob("step*_*.py"):
        shutil.copy(path, copy)
    return copy


def recheck(repeats, step="build") -> float:
    """Median seconds of watch's re-check of one saved step of a solved copy: the supervised
    worker, its judge and the learner's process already warm, as ``python -m kata watch``."""
    code = f"""
import statistics, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, "benchmarks")
from run import solved_copy
from kata.judge.grader import recheck
from kata.judge.board import Board
from kata.learner.reference import default_data_dir
from kata.judge.supervisor import Worker
with tempfile.TemporaryDirectory() as scratch:
    copy = solved_copy(Path(scratch) / "mine")
    worker = Worker(default_data_dir())
    board = Board(copy, worker.run(copy))
    path = next(copy.glob("step*_{step}.py"))
    times = [recheck(board, path, worker) for _ in range({repeats})]
    worker.close()
print(statistics.median(times))
"""
    output = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=ENV, capture_output=True, text=True, check=True
    )
    return float(output.stdout.strip().splitlines()[-1])


def grade_solved(repeats) -> float:
    """Median seconds of ``python -m kata grade`` on a learner's solved copy (sandboxed)."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = solved_copy(Path(scratch) / "mine")
        command = [PYTHON, "-m", "kata", "grade", "--exercises", str(copy)]
        seconds, _ = measure("grade a solved copy: python -m kata grade", command, repeats)
    return seconds


def main_job_on_imdb(repeats) -> tuple[float, int]:
    """The main job without serving, on the packaged IMDB reviews: once cold (TFDS prepares
    the dataset in an empty data dir), then the median of ``repeats`` warm runs."""
    with tempfile.TemporaryDirectory() as scratch:
        command = [PYTHON, "-m", "kata", "projector", "--no-serve", "--log-dir", f"{scratch}/logs"]
        cold_env = {**IMDB_ENV, "TFDS_DATA_DIR": f"{scratch}/tfds"}
        measure("main job on IMDB, cold (TFDS prepares it)", command, 1, cold_env)
        seconds, rss = measure("main job on IMDB, warm", command, repeats, cold_env)
    print(f"main job on IMDB             {seconds:5.1f} s  (<= 25 s), peak RSS {rss} MiB (<= 1536)")
    return seconds, rss


def grade_class(repeats, learners=8, root=ROOT, name="") -> tuple[float, float]:
    """Median seconds to grade a class of solved submissions: one at a time, then at once.
    ``root`` is the kata checkout that grades (another commit's worktree, for a baseline)."""
    with tempfile.TemporaryDirectory() as scratch:
        for n in range(learners):
            solved_copy(Path(scratch, "submissions", f"learner{n}"))
        command = [PYTHON, "-m", "kata", "class", f"{scratch}/submissions", "--out"]
        runs = []
        for jobs in (1, os.cpu_count()):
            seconds, _ = measure(
                f"class of {learners} solved{name}: --jobs {jobs}",
                [*command, f"{scratch}/r", "--jobs", str(jobs), "--force"],
                repeats,
                cwd=root,
            )
            runs.append(seconds)
    print(f"  per learner, serially{name}: {runs[0] / learners:.1f} s", flush=True)
    return runs[0], runs[1]


def baseline_class(revision, repeats, learners) -> float:
    """The class figure of an earlier commit, graded in a git worktree in this same run."""
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "baseline"
        subprocess.run(["git", "worktree", "add", "-q", "--detach", str(tree), revision],
                       cwd=ROOT, check=True)  # fmt: skip
        try:
            serial, _ = grade_class(repeats, learners, tree, f" at {revision}")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT)
    return serial


def floor_seconds(repeats) -> float:
    seconds, _ = measure(
        "floor: import tensorflow, tensorflow_datasets",
        [PYTHON, "-c", "import tensorflow, tensorflow_datasets"],
        repeats,
    )
    # For the record, not for the ratios: about a second of the floor is Python's exit
    # walking TensorFlow's objects, which the kata's runs skip (kata.core.quiet: gc.freeze).
    measure(
        "  the same import, exiting as the kata does",
        [PYTHON, "-c", "import tensorflow, tensorflow_datasets, gc; gc.freeze()"],
        repeats,
    )
    return seconds


def judge(repeats, learners, baseline=None) -> None:
    """The learner's code graded as a learner's: in the sandbox, by a judge that never runs
    it. Targets: a solved copy graded in <= 3x the floor; watch's re-check of a step <= 1 s;
    a class no slower per learner than ``baseline`` (measured here, in this run)."""
    floor = floor_seconds(repeats)
    grade = grade_solved(repeats)
    again = recheck(repeats)
    serial, parallel = grade_class(1, learners)
    print("\nagainst the floor (target):")
    print(f"  grade a solved copy        {grade / floor:4.1f}x   (<= 3x)")
    print(f"  watch: re-check step build {again:5.2f} s  (<= 1 s)")
    each = serial / learners
    print(f"  class: per learner         {each:5.1f} s = {each / floor:.1f}x")
    print(f"  class: parallel/serial     {parallel / serial:4.2f}  (<= 0.6)")
    if baseline:
        before = baseline_class(baseline, 1, learners)
        print(f"  class at {baseline}: per learner {before / learners:5.1f} s"
              f" (now/then {serial / before:.2f}, target <= 1)")  # fmt: skip


def gradescope(repeats) -> None:
    """Gradescope's autograder rehearsed here (kata.platforms.gradescope): the bundle and its
    setup once, then ``repeats`` solved submissions, each by run_autograder. Target: <= 30 s per
    submission, TensorFlow's import included."""
    from kata.platforms.gradescope import rehearse

    floor = floor_seconds(repeats)
    with tempfile.TemporaryDirectory() as scratch:
        copies = [solved_copy(Path(scratch) / f"learner{n}") for n in range(repeats)]
        start = time.perf_counter()
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # what a user's Python does
        graded = rehearse(copies, Path(scratch) / "results", echo=lambda *a: None)
        total = time.perf_counter() - start
    seconds = [results["seconds"] for results in graded]
    each = statistics.median(seconds)
    spread = ", ".join(f"{s:.1f}" for s in seconds)
    print(f"{'gradescope: bundle and setup.sh, once':<44} {total - sum(seconds):6.1f} s")
    print(
        f"{'gradescope: run_autograder, a solved copy':<44} median {each:6.1f} s  (runs: {spread})"
    )
    scores = sorted({results["score"] for results in graded})
    print(
        f"\nper submission: {each:.1f} s = {each / floor:.1f}x the floor (<= 30 s); scores {scores}"
    )


NOTEBOOK_CHECKS = """
import importlib, json, time
from kata.core.quiet import import_tensorflow
import_tensorflow()
import kata
from kata.core.steps import STEPS
names = {}
for step in STEPS:
    names.update(vars(importlib.import_module("solutions." + step.module)))
kata.check("load", names)  # as a notebook's first check: the reference world, pytest's imports
figures = {}
for step in STEPS:
    figures[step.name] = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        assert kata.check(step.name, names).status == "passed"
        figures[step.name].append(time.perf_counter() - start)
print(json.dumps(figures))
"""


def notebook(repeats) -> None:
    """kata.ipynb's check cells (kata.check in a kernel where TensorFlow is loaded), on the
    reference answers. Targets: <= 2 s a step, train <= 5 s."""
    code = NOTEBOOK_CHECKS.replace("REPEATS", str(repeats))
    done = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    for name, runs in figures.items():
        median = statistics.median(runs)
        target = 5.0 if name == "train" else 2.0
        spread = ", ".join(f"{s:.2f}" for s in runs)
        verdict = "ok" if median <= target else "over"
        print(f"kata.check({name!r})".ljust(28) + f"median {median:5.2f} s  (runs: {spread})"
              f"  target <= {target:.0f} s: {verdict}")  # fmt: skip


def lean_by_seed(seeds) -> None:
    """Step 8's figure on the packaged IMDB reviews, one training run per seed: how closely
    PCA's first axis follows each word's lean (the rank correlation the main job prints)."""
    from kata.pipeline.main_job import follows_the_lean, run_pipeline
    from kata.pipeline.reviews import PACKAGED

    found = []
    for seed in range(seeds):
        with tempfile.TemporaryDirectory(prefix="kata-lean-") as folder:
            run_pipeline(PACKAGED, Path(folder), seed=seed, verbose=False)
            found.append(follows_the_lean(folder))
        print(f"seed {seed}: rank correlation of PCA's first axis with the lean {found[-1]:.3f}")
    print(
        f"{len(found)} seeds: {min(found):.2f} to {max(found):.2f}, "
        f"median {statistics.median(found):.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-steps", action="store_true", help="skip the per-step figures")
    parser.add_argument("--only-class", action="store_true", help="only the class figures")
    parser.add_argument("--only-main-job", action="store_true", help="only the main job on IMDB")
    parser.add_argument(
        "--only-suites", action="store_true", help="only the floor, the suites and the steps"
    )
    parser.add_argument(
        "--only-judge",
        action="store_true",
        help="only the floor and the sandboxed judge: grade a solved copy, watch, a class",
    )
    parser.add_argument(
        "--baseline", metavar="REV", help="with --only-judge: the class figure of commit REV too"
    )
    parser.add_argument("--learners", type=int, default=8, help="class size (default 8)")
    parser.add_argument(
        "--only-gradescope", action="store_true", help="only the floor and Gradescope's rehearsal"
    )
    parser.add_argument(
        "--only-notebook", action="store_true", help="only kata.ipynb's check cells"
    )
    parser.add_argument(
        "--only-lean",
        action="store_true",
        help="only step 8's rank correlation on IMDB, one training per seed (--repeats seeds)",
    )
    repeats = parser.parse_args().repeats
    skip_steps = parser.parse_args().skip_steps
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {repeats} runs each\n")
    if parser.parse_args().only_notebook:
        notebook(repeats)
        return
    if parser.parse_args().only_lean:
        lean_by_seed(repeats)
        return
    if parser.parse_args().only_gradescope:
        gradescope(repeats)
        return
    if parser.parse_args().only_judge:
        judge(repeats, parser.parse_args().learners, parser.parse_args().baseline)
        return
    if parser.parse_args().only_main_job:
        main_job_on_imdb(repeats)
        return
    if parser.parse_args().only_class:
        serial, parallel = grade_class(repeats)
        print(f"class of 8: parallel/serial  {parallel / serial:4.2f}  (<= 0.6)")
        return

    floor = floor_seconds(repeats)
    pytest = [PYTHON, "-m", "pytest", "-q", "-p", "no:randomly"]
    graded, _ = measure(
        "graded checks: pytest tests --kata-dir=solutions",
        [*pytest, "tests", "--kata-dir=solutions"],
        repeats,
    )
    suite, suite_rss = measure(
        "pytest solutions, as typed (the graded checks and the quick self-tests)",
        [*pytest, "solutions"],
        repeats,
    )
    steps = {}
    if not skip_steps:
        from kata.core.steps import STEPS

        for step in STEPS:
            steps[step.name], _ = measure(
                f"one step: pytest --kata-dir=solutions -m {step.name}",
                [*pytest, "--kata-dir=solutions", "-m", step.name],
                repeats,
            )
    print("\nratios to the floor (target):")
    print(f"  graded checks              {graded / floor:4.1f}x   (<= 3x)")
    print(f"  quick suite                {suite / floor:4.1f}x   (<= 4x)")
    for name, seconds in steps.items():
        print(f"  step {name:<22} {seconds / floor:4.1f}x   (<= 1.5x)")
    if parser.parse_args().only_suites:
        return

    with tempfile.TemporaryDirectory() as scratch:
        job, job_rss = measure(
            "main job: python -m kata projector --no-serve",
            [PYTHON, "-m", "kata", "projector", "--no-serve", "--log-dir", f"{scratch}/logs"],
            repeats,
        )
    grade, _ = measure(
        "grade the stubs: python -m kata grade", [PYTHON, "-m", "kata", "grade"], repeats
    )
    again = recheck(repeats)
    solved = grade_solved(repeats)
    main_job_on_imdb(repeats)
    serial, parallel = grade_class(repeats)

    print(f"\nmain job without serving     {job:5.1f} s  (<= 15 s, built-in corpus)")
    print(f"peak RSS                     {max(suite_rss, job_rss)} MiB (<= 1024 MiB)")
    print(f"watch: re-check one step     {again:5.2f} s (<= 1 s), vs {grade:.1f} s a fresh grade")
    print(f"grade a solved copy          {solved / floor:4.1f}x the floor (<= 3x)")
    print(f"class of 8: parallel/serial  {parallel / serial:4.2f}  (<= 0.6)")


if __name__ == "__main__":
    main()
