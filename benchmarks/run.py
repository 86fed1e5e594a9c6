"""Benchmark the kata on this machine: medians of several runs, ratios to the floor, peak RSS.

    .tox/solutions/bin/python benchmarks/run.py [--repeats 3]

The floor is what any run pays before doing anything: importing TensorFlow and
TFDS. Every other figure is a whole command, timed from outside, so pytest's
start-up and collection are included. Targets: the quick suite (``QUICK``) at
most 4x the floor, one step at most 2x, the main job at most 15 s (25 s on IMDB), peak RSS at
most 1 GiB. This machine is noisy: read medians and ratios, not single runs.
"""

from __future__ import annotations

import argparse
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
ENV = {**os.environ, "KATA_DATA": "kata_reviews", "TF_CPP_MIN_LOG_LEVEL": "2", "KATA_LANG": "en"}


IMDB_ENV = {k: v for k, v in ENV.items() if k != "KATA_DATA"}  # auto: offline, packaged IMDB
# The graded checks against solutions/ and every self-test that takes seconds, not minutes:
# no real TensorBoard, no browser, no IMDB training, no whole commands or supervised gradings.
QUICK = "not server and not browser and not imdb and not slow"


def run(command, env=ENV) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # grading stubs exits 1 on purpose
        raise RuntimeError(f"{command} exited with {status}")
    return seconds, usage.ru_maxrss // 1024


def measure(name, command, repeats, env=ENV) -> tuple[float, int]:
    runs = [run(command, env) for _ in range(repeats)]
    seconds = statistics.median(s for s, _ in runs)
    rss = max(r for _, r in runs)
    spread = ", ".join(f"{s:.1f}" for s, _ in runs)
    print(f"{name:<44} median {seconds:6.1f} s  (runs: {spread})  peak RSS {rss} MiB", flush=True)
    return seconds, rss


def recheck(repeats) -> float:
    """Median seconds of re-grading one step in a process that already imported TensorFlow."""
    code = f"""
import statistics, tempfile, time
from kata.quiet import import_tensorflow
import_tensorflow()
from kata.collector import run_checks
with tempfile.TemporaryDirectory() as data_dir:
    run_checks("solutions", "-m", "build", data_dir=data_dir)
    times = []
    for _ in range({repeats}):
        start = time.perf_counter()
        run_checks("solutions", "-m", "build", data_dir=data_dir)
        times.append(time.perf_counter() - start)
print(statistics.median(times))
"""
    output = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=ENV, capture_output=True, text=True, check=True
    )
    return float(output.stdout.strip().splitlines()[-1])


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


def grade_class(repeats) -> tuple[float, float]:
    """Median seconds to grade a class of 8 solved submissions: one at a time, then at once."""
    import shutil

    from kata.steps import STEPS

    with tempfile.TemporaryDirectory() as scratch:
        for n in range(8):
            copy = Path(scratch, "submissions", f"learner{n}")
            copy.mkdir(parents=True)
            for step in STEPS:
                shutil.copy(ROOT / "solutions" / f"{step.module}.py", copy)
        command = [PYTHON, "-m", "kata", "class", f"{scratch}/submissions", "--out"]
        serial, _ = measure(
            "class of 8 solved: --jobs 1",
            [*command, f"{scratch}/r", "--jobs", "1", "--force"],
            repeats,
        )
        parallel, _ = measure(
            f"class of 8 solved: --jobs {os.cpu_count()}",
            [*command, f"{scratch}/r", "--jobs", str(os.cpu_count()), "--force"],
            repeats,
        )
    return serial, parallel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-steps", action="store_true", help="skip the per-step figures")
    parser.add_argument("--only-class", action="store_true", help="only the class figures")
    parser.add_argument("--only-main-job", action="store_true", help="only the main job on IMDB")
    parser.add_argument(
        "--only-suites", action="store_true", help="only the floor, the suites and the steps"
    )
    repeats = parser.parse_args().repeats
    skip_steps = parser.parse_args().skip_steps
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {repeats} runs each\n")
    if parser.parse_args().only_main_job:
        main_job_on_imdb(repeats)
        return
    if parser.parse_args().only_class:
        serial, parallel = grade_class(repeats)
        print(f"class of 8: parallel/serial  {parallel / serial:4.2f}  (<= 0.6)")
        return

    floor, _ = measure(
        "floor: import tensorflow, tensorflow_datasets",
        [PYTHON, "-c", "import tensorflow, tensorflow_datasets"],
        repeats,
    )
    pytest = [PYTHON, "-m", "pytest", "-q", "-p", "no:randomly"]
    graded, _ = measure(
        "graded checks: pytest tests --kata-dir=solutions",
        [*pytest, "tests", "--kata-dir=solutions"],
        repeats,
    )
    suite, suite_rss = measure(
        "quick suite: pytest solutions -m " + repr(QUICK),
        [*pytest, "solutions", "-m", QUICK],
        repeats,
    )
    steps = {}
    if not skip_steps:
        from kata.steps import STEPS

        for step in STEPS:
            steps[step.name], _ = measure(
                f"one step: pytest --kata-dir=solutions -m {step.name}",
                [*pytest, "--kata-dir=solutions", "-m", step.name],
                repeats,
            )
    print("\nratios to the floor (target):")
    print(f"  graded checks              {graded / floor:4.1f}x")
    print(f"  quick suite                {suite / floor:4.1f}x   (<= 4x)")
    for name, seconds in steps.items():
        print(f"  step {name:<22} {seconds / floor:4.1f}x   (<= 2x)")
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
    main_job_on_imdb(repeats)
    serial, parallel = grade_class(repeats)

    print(f"\nmain job without serving     {job:5.1f} s  (<= 15 s, built-in corpus)")
    print(f"peak RSS                     {max(suite_rss, job_rss)} MiB (<= 1024 MiB)")
    print(f"watch: re-check one step     {again:5.2f} s in process, vs {grade:.1f} s a fresh grade")
    print(f"class of 8: parallel/serial  {parallel / serial:4.2f}  (<= 0.6)")


if __name__ == "__main__":
    main()
