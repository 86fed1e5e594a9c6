"""Every command the README and the docstrings show, run as written.

``LEDGER`` names, for each documented command, the test below that runs it as
written, or why it is not run here (it needs the network, it is the CI run
itself, or it is a template with a placeholder). A command added to the README
or to a docstring without an entry fails ``test_every_documented_command_is_in_the_ledger``.

The README's commands run in a copy of the repository (its own ``.tox``), with
no ``KATA_*`` variable set and TFDS's data dir in a temporary folder, as a
newcomer would run them.
"""

import ast
import configparser
import contextlib
import json
import os
import pty
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from kata import ROOT
from kata.core.steps import ROWS

pytestmark = [
    pytest.mark.integrity,
    pytest.mark.slow,
    pytest.mark.timeout(900),
]  # real commands take minutes

BIN = str(Path(sys.executable).parent)  # this environment's pytest, python and jupyter
CI_RUNS_IT = "not run here: it is README's test command, which .ci/run runs"
TOX_RUNS_IT = "run as written by tox -e solutions, README's test command (test_tox_runs_them)"
NETWORK = "not run here: it downloads IMDB (its loading code is checked with tfds mock data)"
URL = "TensorBoard: http://127.0.0.1:6006/#projector"
ONE_AT_A_TIME = pytest.mark.xdist_group("port-6006")  # these serve on 6006: never side by side
TEMPLATE = "a template with a placeholder: its concrete forms are run"
GRADESCOPE_RUNS_IT = "run as written on submissions by selftests/test_gradescope.py (rehearsed)"

LEDGER = {
    # README: the two commands
    "python3 -m pip install -q tox tox-uv && tox -e projector": "test_readme_main_job_serves",
    "python3 -m pip install -q tox tox-uv && tox -e lint,solutions,notebook": CI_RUNS_IT,
    "python3 -m pip install -q tox tox-uv": "test_readme_main_job_serves",
    "tox -e projector": "test_readme_main_job_serves",
    "tox -e lab": "test_readme_lab",
    "tox -e projector -- --no-serve": "test_readme_main_job_without_serving",
    "tox -e projector -- --mine": "test_readme_learner_loop",
    # README: the notebook
    "KATA_LOG_DIR=/tmp/logs jupyter execute --inplace tutorial.ipynb": (
        "test_readme_notebook_outputs_command"
    ),
    "tox -e notebook": CI_RUNS_IT,
    "python -m kata notebook": "test_readme_notebook_outputs_command",
    "python -m kata lab": "test_readme_lab",
    "python -m kata readme": "test_docstring_readme_command",
    "pytest solutions -m imdb": CI_RUNS_IT,
    # README: the learner's loop
    "tox": "test_readme_learner_loop",
    "KATA_LANG=zh-TW tox": "test_readme_learner_loop",
    "source .tox/grade/bin/activate": "test_readme_learner_loop",
    "python -m kata hint 2": "test_readme_learner_loop",
    "python -m kata reset 2": "test_readme_learner_loop",
    "python -m kata compare 2": "test_readme_learner_loop",
    "python -m kata lang zh-TW": "test_readme_learner_loop",
    "python -m kata lang en": "test_readme_learner_loop",
    "python -m kata watch": "test_readme_learner_loop",
    "tox -e watch": "test_readme_learner_loop",
    "python -m kata grade": "test_readme_learner_loop",
    "pytest -m pad": "test_readme_learner_loop",
    "pytest --kata-traceback": "test_readme_learner_loop",
    "pytest --kata-dir PATH": "test_kata_dir_commands",
    # README: the instructor's loop, the checker, benchmarks
    "pytest solutions": TOX_RUNS_IT,
    "pytest solutions -m slow -n 2": TOX_RUNS_IT,
    "tox -e solutions": CI_RUNS_IT,
    "tox -e lint": CI_RUNS_IT,
    'pytest solutions -m "server or browser"': CI_RUNS_IT,
    "for copy in submissions/*/exercises; do": "test_readme_class_loop",
    'python -m kata grade --exercises "$copy" --json "$copy.json" --timeout 60': (
        "test_readme_class_loop"
    ),
    "python -m kata check LOGDIR": "test_check_command_on_a_log_dir",
    "python -m kata class submissions/ --out class-report/": "test_readme_class_command",
    "python -m kata class SUBMISSIONS --out REPORT": TEMPLATE,
    "python -m kata class": TEMPLATE,
    "python -m kata gradescope --out autograder.zip": GRADESCOPE_RUNS_IT,
    "python -m kata gradescope --rehearse submissions/* --bundle autograder.zip"
    " --out gradescope-results/": GRADESCOPE_RUNS_IT,
    "python -m kata gradescope --rehearse SUBMISSION [SUBMISSION ...] --out RESULTS": TEMPLATE,
    "python -m kata github-classroom": "test_readme_github_classroom_workflow",
    "tox -e grade": "test_readme_github_classroom_workflow",
    "tox -e grade -- --json kata-grade.json": "test_readme_github_classroom_workflow",
    "python3 -m kata.platforms.github_classroom pad kata-grade.json": (
        "test_readme_github_classroom_workflow"
    ),
    "python3 -m kata.platforms.github_classroom STEP kata-grade.json": TEMPLATE,
    "python -m kata grade --json": "a fragment of the classroom docstring: run in the class loop",
    "tensorboard --logdir ... --host 127.0.0.1 --port <free>": (
        "run by selftests/test_live_tensorboard.py (kata.pipeline.tensorboard_server)"
    ),
    "playwright install": "documented as never to be run: it downloads a browser",
    ".tox/solutions/bin/python benchmarks/run.py": (
        "a benchmark that takes minutes and prints figures: run by hand, quoted in the notes"
    ),
    # docstrings
    "pytest -m load": "test_docstring_step_commands",
    "pytest -m build": "test_docstring_step_commands",
    "pytest -m train": "test_docstring_step_commands",
    "pytest -m export": "test_docstring_step_commands",
    "pytest -m configure": "test_docstring_step_commands",
    "pytest -m analyse": "test_docstring_step_commands",
    "pytest -m colour": "test_docstring_step_commands",
    "pytest": "test_docstring_step_commands",
    "python -m kata COMMAND": TEMPLATE,
    # tox -e projector runs exactly `python -m kata projector {posargs}` (checked by
    # test_tox_projector_is_the_main_jobs_command): README's tox commands run these, as written.
    "python -m kata projector": "test_readme_main_job_serves",
    "python -m kata projector --no-serve": "test_readme_main_job_without_serving",
    "python -m kata projector --mine": "test_readme_learner_loop",
    "python -m kata projector --data imdb_reviews": NETWORK,
    "python -m kata.judge.worker EVENTS_FILE": "started by kata.judge.supervisor: every grading",
    "python -m kata.judge.worker": "started by kata.judge.supervisor in every grading test",
    "python -m kata.learner.harness FOLDER SCRATCH [SHOWN_AS]": (
        "started by kata.judge.learner_process in every grading test"
    ),
    "python -m kata sandbox": "test_readme_learner_loop",
    "python -m kata hint N": TEMPLATE,
    "python -m kata reset N": TEMPLATE,
    "pytest -m": "a column heading of the step table: its forms (pytest -m STEP) are run",
    "tensorboard --logdir LOG_DIR --host 127.0.0.1 --port PORT": TEMPLATE,
    ".tox/solutions/bin/python benchmarks/run.py --only-judge --baseline eb3d6ec": (
        "a benchmark that takes minutes and prints figures: run by hand, quoted in the notes"
    ),
    ".tox/solutions/bin/python benchmarks/run.py --only-notebook": (
        "a benchmark that takes minutes and prints figures: run by hand, quoted in the notes"
    ),
    ".tox/solutions/bin/python benchmarks/run.py --only-lean": (
        "a benchmark that takes minutes and prints figures: run by hand, quoted in the notes"
    ),
    ".tox/solutions/bin/python benchmarks/run.py --only-gradescope": (
        "a benchmark that takes minutes and prints figures: run by hand, quoted in the notes"
    ),
    ".tox/solutions/bin/python benchmarks/run.py [--repeats 3]": (
        "a benchmark that takes minutes and prints figures: run by hand, quoted in the notes"
    ),
}

COMMAND = re.compile(
    r"^(?:[A-Z_]+=\S+ )*(?:tox|pytest|python3?|jupyter|tensorboard|source|playwright|for copy"
    r"|\.tox/\S+/bin/python)(?: |$)"
)


def commands_in(text) -> set[str]:
    """Inline code spans and code-block lines of ``text`` that are shell commands."""
    found = set(re.findall(r"``([^`\n]+)``", text))
    found |= set(re.findall(r"(?<!`)`([^`\n]+)`(?!`)", text))
    found |= {line.split("  #")[0].strip() for line in text.splitlines()}
    return {command for command in found if COMMAND.match(command)}


def documented_commands() -> set[str]:
    """Every command README.md and the kata's docstrings show."""
    found = commands_in((ROOT / "README.md").read_text(encoding="utf-8"))
    for pattern in ("kata/**/*.py", "exercises/*.py", "tests/*.py", "benchmarks/*.py",
                    "solutions/*.py", "*.py"):  # fmt: skip
        for path in sorted(ROOT.glob(pattern)):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)):
                    found |= commands_in(ast.get_docstring(node) or "")
    return found


def test_every_documented_command_is_in_the_ledger():
    """Each documented command is run by a named test here, or says why not; none is stale."""
    documented = documented_commands()
    assert sorted(documented - set(LEDGER)) == [], "document how these are run"
    assert sorted(set(LEDGER) - documented) == [], "no longer documented: drop them"
    for command, how in LEDGER.items():
        if how.startswith("test_"):
            assert how in globals(), f"{command!r}: no test {how}"


def first_code_block(text) -> list[str]:
    """The commands of the first ``sh`` block, without their comments."""
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]


def test_the_zh_tw_readme_shows_the_english_commands():
    """README.zh-TW.md starts with README.md's commands, shows no command README.md lacks
    (so the ledger runs them all), and names the same files."""
    english = (ROOT / "README.md").read_text(encoding="utf-8")
    chinese = (ROOT / "README.zh-TW.md").read_text(encoding="utf-8")
    assert first_code_block(chinese) == first_code_block(english)
    assert sorted(commands_in(chinese) - commands_in(english)) == []
    files = re.compile(r"`((?:exercises|tests|solutions)/[\w./]*)`")
    assert set(files.findall(chinese)) <= set(files.findall(english))
    assert "README.zh-TW.md" in english.split("\n## ", 1)[0], "link it from the top"


def newcomer_env(**extra) -> dict:
    """A shell as on a fresh machine: no KATA_* variable, no activated environment."""
    inner = ("KATA_", "VIRTUAL_ENV", "TOX_")  # (tox passes TOX_WORK_DIR & co. to its commands)
    env = {k: v for k, v in os.environ.items() if not k.startswith(inner)}
    tox_bins = [p for p in env["PATH"].split(":") if "/.tox/" in p]
    env["PATH"] = ":".join(p for p in env["PATH"].split(":") if p not in tox_bins)
    return {**env, "LANG": "C.UTF-8", **extra}


def sh(command, cwd, timeout=600, **env):
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=newcomer_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """A copy of the repository as a learner has it: no .tox, no logs."""
    copy = tmp_path_factory.mktemp("clone") / "kata"
    skip = shutil.ignore_patterns(".tox", ".git", "__pycache__", "logs", ".kata", ".venv", "*.json")
    shutil.copytree(ROOT, copy, ignore=skip)
    return copy


@pytest.fixture(scope="module")
def tfds_dir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("tensorflow_datasets"))


def serve_until_url(command, cwd, tfds_dir, seconds=300, until=URL):
    """Run a long-running command until it prints ``until`` (or ends, or ``seconds`` pass);
    Ctrl-C it; return its output."""
    process = subprocess.Popen(
        ["bash", "-c", command],
        cwd=cwd,
        env=newcomer_env(TFDS_DATA_DIR=tfds_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline and not any(until in line for line in list(lines)):
            if process.poll() is not None:  # it ended before printing it: no use waiting
                break
            time.sleep(0.2)
    finally:
        with contextlib.suppress(ProcessLookupError):  # the group we created, if any is left
            os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        reader.join(10)
    return "".join(lines)


def typed_ctrl_c(command, cwd, tfds_dir, until, seconds=300, meanwhile=None) -> tuple[int, str]:
    """Run ``command`` in a pseudo-terminal, as a learner does; once it prints ``until``, call
    ``meanwhile`` (with what it printed), then type Ctrl-C (the terminal sends SIGINT to tox and
    its command at once). Return its exit status and everything it printed."""
    pid, terminal = pty.fork()
    if pid == 0:  # the child: a shell in the terminal, in the clone
        os.chdir(cwd)
        os.execvpe("bash", ["bash", "-c", command], newcomer_env(TFDS_DATA_DIR=tfds_dir))
    out, typed, failure = b"", False, None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([terminal], [], [], 0.2)
        if ready:
            try:
                data = os.read(terminal, 65536)
            except OSError:  # the command ended and closed the terminal
                break
            if not data:
                break
            out += data
        if not typed and until.encode() in out:
            time.sleep(2)  # past Python's start: the command's own handler is in place
            while select.select([terminal], [], [], 0)[0]:  # what it printed meanwhile
                try:
                    data = os.read(terminal, 65536)
                except OSError:
                    break
                if not data:
                    break
                out += data
            try:
                if meanwhile is not None:
                    meanwhile(out.decode("utf-8", "replace"))
            except Exception as error:  # raised once the command has stopped: never left running
                failure = error
            os.write(terminal, b"\x03")
            typed, deadline = True, time.monotonic() + 60
    if not typed:
        os.kill(pid, signal.SIGKILL)  # our own child: it never got where Ctrl-C was due
    _, status = os.waitpid(pid, 0)
    os.close(terminal)
    if failure is not None:
        raise failure
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")


def stopped_cleanly(status, out, goodbye) -> None:
    """Ctrl-C ended it with exit status 0 and its one goodbye line: no traceback, no failure."""
    assert status == 0 and goodbye in out, out[-3000:]
    assert "Traceback" not in out and "evaluation failed" not in out, out[-3000:]


def port_6006_closed() -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", 6006)) != 0


@ONE_AT_A_TIME
def test_readme_main_job_serves(clone, tfds_dir):
    """The first command: trains, checks, serves on 127.0.0.1:6006, and Ctrl-C (typed in a
    terminal) stops it all: exit status 0, one goodbye line, no traceback."""
    status, out = typed_ctrl_c(
        "python3 -m pip install -q tox tox-uv && tox -e projector", clone, tfds_dir, URL
    )
    stopped_cleanly(status, out, "TensorBoard stopped.")
    assert "Data: kata_imdb, IMDB's 25,000 training reviews" in out, out[-3000:]
    assert "Training the reference solutions on kata_imdb" in out, out[-3000:]
    assert "wonderful -> " in out and "hitchcock -> " in out, out[-3000:]
    assert URL in out, out[-3000:]
    assert "is a valid projector log dir" in out, out[-3000:]
    assert port_6006_closed(), "Ctrl-C left TensorBoard running"


def test_readme_main_job_without_serving(clone, tfds_dir):
    """--no-serve writes logs/imdb-example/, finds it clean, and says how to look (as written,
    no KATA_* variable: IMDB, as a user gets it)."""
    done = sh("tox -e projector -- --no-serve", clone, TFDS_DATA_DIR=tfds_dir)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Checked: logs/imdb-example/ is a valid projector log dir." in done.stdout
    assert "To look at it: tensorboard --logdir logs/imdb-example" in done.stdout
    assert (clone / "logs" / "imdb-example" / "projector_config.pbtxt").is_file()


def test_readme_learner_loop(clone, tfds_dir):
    """tox (both languages), the commands of the grade environment, tox -e watch, and --mine
    on stubs."""
    done = sh("tox", clone, TFDS_DATA_DIR=tfds_dir)
    assert done.returncode == 1 and "0/8 steps" in done.stdout, done.stdout[-3000:]
    done = sh("KATA_LANG=zh-TW tox", clone, TFDS_DATA_DIR=tfds_dir)
    assert done.returncode == 1 and "0/8 步" in done.stdout, done.stdout[-3000:]

    def in_env(command, timeout=300):
        return sh(f"source .tox/grade/bin/activate && {command}", clone, timeout=timeout)

    done = in_env("python -m kata hint 2")
    assert done.returncode == 0 and "hint 1 of 3" in done.stdout, done.stdout
    # A learner's clone has the kata's git history: reset takes the stub from it.
    shipped = (
        "git init -q && git add -A && git -c user.name=k -c user.email=k@k.invalid commit -qm k"
    )
    assert sh(shipped, clone).returncode == 0
    with (clone / "exercises" / "step2_pad.py").open("a") as mine:
        mine.write("# mine\n")
    done = in_env("python -m kata reset 2")
    assert done.returncode == 0 and "step2_pad.py.backup" in done.stdout, done.stdout + done.stderr
    assert (clone / ".kata" / "backups" / "step2_pad.py.backup").is_file()
    done = in_env("python -m kata lang zh-TW")  # the stubs' text and the hints in 繁體中文
    assert done.returncode == 0 and "都用繁體中文" in done.stdout, done.stdout + done.stderr
    stub = (clone / "exercises" / "step1_load.py").read_text(encoding="utf-8")
    assert stub.startswith('"""第 1 步，load：'), stub[:200]
    done = in_env("python -m kata hint 2")
    assert done.returncode == 0 and "hint 1 of 3" not in done.stdout and "提示" in done.stdout
    done = in_env("python -m kata lang en")
    assert done.returncode == 0 and "speaks English" in done.stdout, done.stdout + done.stderr
    assert sh("git diff --quiet -- exercises", clone).returncode == 0  # as shipped again
    done = in_env("python -m kata compare 2")
    assert done.returncode == 1 and "does not pass yet" in done.stdout, done.stdout[-2000:]
    done = in_env("python -m kata sandbox")
    assert done.returncode == 0 and "separate learner process" in done.stdout, done.stdout
    done = in_env("python -m kata grade")
    assert done.returncode == 1 and "Next: step 1 (load)" in done.stdout, done.stdout[-2000:]
    done = in_env("pytest -m pad")
    assert done.returncode == 1 and "Step 2 (pad) is not done yet" in done.stdout
    done = in_env("pytest --kata-traceback")
    assert done.returncode == 1 and "raise NotImplementedError" in done.stdout
    watching = "Watching exercises/ for saves (Ctrl-C to stop)"
    out = serve_until_url(
        "source .tox/grade/bin/activate && python -m kata watch", clone, tfds_dir, until=watching
    )
    assert watching in out, out[-2000:]
    status, out = typed_ctrl_c("tox -e watch", clone, tfds_dir, watching)
    assert watching in out, out[-2000:]
    stopped_cleanly(status, out, "Stopped watching.")
    status, out = typed_ctrl_c("tox", clone, tfds_dir, "commands[0]")
    stopped_cleanly(status, out, "Stopped.")
    done = sh("tox -e projector -- --mine", clone, TFDS_DATA_DIR=tfds_dir)
    assert done.returncode == 1 and "Step 1 (load) is not done yet" in done.stdout
    assert "open the reference projector: tox -e projector" in done.stdout


def test_readme_lab(clone, tfds_dir):
    """tox -e lab serves the kata notebook of the learner's language (here 繁體中文, as chosen
    by python -m kata lang zh-TW), offline; Ctrl-C stops Jupyter and its kernels."""
    chosen = clone / ".kata" / "lang"
    chosen.parent.mkdir(exist_ok=True)
    chosen.write_text("zh-TW\n", encoding="utf-8")  # what python -m kata lang zh-TW keeps
    served = []

    def fetch_the_notebook(printed):
        # Jupyter prints its address as localhost, then as 127.0.0.1: either names the port
        address = re.search(r"http://(?:127\.0\.0\.1|localhost):(\d+)/lab\?token=(\w+)", printed)
        port, token = address.groups()
        url = f"http://127.0.0.1:{port}/api/contents/kata.zh-TW.ipynb?token={token}"
        with urllib.request.urlopen(url, timeout=30) as answer:
            served.append(json.loads(answer.read())["content"]["cells"][0]["source"])

    try:
        status, out = typed_ctrl_c(
            "tox -e lab", clone, tfds_dir, "/lab?token=", meanwhile=fetch_the_notebook
        )
    finally:
        chosen.unlink()
    stopped_cleanly(status, out, "Jupyter Lab 已停止。")
    assert "正在用 Jupyter Lab 打開 kata.zh-TW.ipynb" in out, out[-3000:]
    assert served and served[0].startswith("# 嵌入投影器 kata"), served


def started_tensorboards(tmp) -> list[int]:
    """PIDs of the TensorBoards whose info files are in ``tmp`` (tensorboard.manager's)."""
    info_dir = tmp / ".tensorboard-info"
    files = info_dir.glob("pid-*.info") if info_dir.is_dir() else []
    return [json.loads(path.read_text(encoding="utf-8"))["pid"] for path in files]


@ONE_AT_A_TIME
def test_readme_notebook_outputs_command(clone, tfds_dir, tmp_path):
    """Regenerate the step cells, store outputs from a run from start to end, tidy them, as
    written (no KATA_* variable: IMDB). (The stored outputs themselves are validated by tox -e
    notebook.)"""
    regenerate = f"export PATH={BIN}:$PATH; python -m kata notebook"
    done = sh(regenerate, clone)
    assert done.returncode == 0 and "its step cells match solutions/" in done.stdout, done
    command = "KATA_LOG_DIR=/tmp/logs jupyter execute --inplace tutorial.ipynb"
    # The notebook's %tensorboard cell starts a server and notes its PID in
    # $TMPDIR/.tensorboard-info/: a private TMPDIR lists only the servers this run started.
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    try:
        done = sh(
            f"export PATH={BIN}:$PATH; {command}",
            clone,
            TFDS_DATA_DIR=tfds_dir,
            TMPDIR=str(private_tmp),
        )
    finally:
        for pid in started_tensorboards(private_tmp):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
    assert done.returncode == 0, done.stderr[-3000:]
    text = (clone / "tutorial.ipynb").read_text(encoding="utf-8")
    # What the cells printed, joined: on a busy machine the kernel may send one printed line
    # in two stream messages, stored apart until the regeneration below tidies them.
    printed = "".join(
        "".join(output.get("text", ""))
        for cell in json.loads(text)["cells"]
        for output in cell.get("outputs", [])
    )
    assert "TensorBoard serves [8184, 16] with 8184 labels" in printed
    done = sh(regenerate, clone)  # tidies the fresh outputs
    assert done.returncode == 0 and "regenerated the outputs of cell" in done.stdout, done
    assert "\\b\\b" not in (clone / "tutorial.ipynb").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "command",
    [
        *(
            f"pytest -m {s}"
            for s in ("load", "build", "train", "export", "configure", "analyse", "colour")
        ),
        "pytest",
    ],
)
def test_docstring_step_commands(command, clone):
    """Each stub's `Grade:` command, and the plugin's, grade the untouched stubs: all fail."""
    done = sh(f"export PATH={BIN}:$PATH; {command}", clone)
    assert done.returncode == 1 and "is not done yet" in done.stdout, done.stdout[-2000:]


@ONE_AT_A_TIME
def test_tox_projector_is_the_main_jobs_command():
    """tox -e projector -- ARGS runs ``python -m kata projector ARGS`` and nothing else: the
    README tests that type the tox commands run the main job's documented commands."""
    config = configparser.ConfigParser(interpolation=None)
    config.read(ROOT / "tox.ini", encoding="utf-8")
    assert config["testenv:projector"]["commands"].strip() == "python -m kata projector {posargs}"


def test_docstring_readme_command(clone):
    """README's generated parts are what the code says: the command leaves them as they are."""
    done = sh(f"export PATH={BIN}:$PATH; python -m kata readme", clone)
    assert done.returncode == 0 and "map, settings up to date" in done.stdout, done.stdout


@pytest.fixture(scope="module")
def copy_outside(tmp_path_factory):
    """A learner's copy outside the repository: the reference step files."""
    folder = tmp_path_factory.mktemp("learner") / "exercises"
    shutil.copytree(ROOT / "solutions", folder, ignore=shutil.ignore_patterns("test_*", "conf*"))
    return folder


@pytest.mark.parametrize(
    "command",
    [
        "pytest --kata-dir {path} -m build",  # the README and the plugin's docstring: a space
        "pytest --kata-dir={path} -m build",
        "cd {elsewhere} && pytest {root}/tests --kata-dir {path} -m build",
        "cd {elsewhere} && python -m pytest {root}/tests --kata-dir={path} -m build",
    ],
)
def test_kata_dir_commands(command, copy_outside, tmp_path):
    """pytest --kata-dir PATH grades PATH, whatever the spelling and the working directory."""
    command = command.format(path=copy_outside, elsewhere=tmp_path, root=ROOT)
    done = sh(f"export PATH={BIN}:$PATH; {command}", ROOT)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    checks = len(
        re.findall(r"^def test_", (ROOT / "tests" / "test_step3_build.py").read_text(), re.M)
    )
    assert f"{checks} passed" in done.stdout, done.stdout[-2000:]


def test_tox_runs_them():
    """tox -e solutions is README's two instructor commands, as written: nothing left out."""
    tox = configparser.ConfigParser(interpolation=None)
    tox.read(ROOT / "tox.ini", encoding="utf-8")
    commands = tox["testenv:solutions"]["commands"].strip().splitlines()
    assert commands == ["pytest solutions {posargs}", "pytest solutions -m slow -n 2 {posargs}"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in commands:
        assert f"`{command.removesuffix(' {posargs}')}`" in readme, command


def test_the_quick_run_says_how_to_run_the_rest():
    """pytest solutions leaves out exactly the slow self-tests, and its last line says so."""
    done = sh(f"export PATH={BIN}:$PATH; pytest solutions --collect-only -q", ROOT)
    everything = sh(
        f"export PATH={BIN}:$PATH; pytest solutions -m 'slow or not slow' --co -q", ROOT
    )
    slow = sh(f"export PATH={BIN}:$PATH; pytest solutions -m slow --co -q", ROOT)
    count = len(re.findall(r"^\S+::\S+", slow.stdout, flags=re.M))
    quick = len(re.findall(r"^\S+::\S+", done.stdout, flags=re.M))
    assert quick + count == len(re.findall(r"^\S+::\S+", everything.stdout, flags=re.M))
    assert quick > 40 and count > 40, (quick, count)
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith(f"Quick run: {count} self-tests that take minutes were left out"), last
    assert last.endswith("pytest solutions -m slow -n 2; everything, as CI does: tox -e solutions")


def test_readme_class_loop(tmp_path):
    """README's loop grades each copy, writes each JSON beside it, and touches nothing else."""
    for name in ("ada", "grace"):
        copy = tmp_path / "submissions" / name / "exercises"
        shutil.copytree(ROOT / "exercises", copy, ignore=shutil.ignore_patterns("__pycache__"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    loop = readme.split("  for copy in submissions/*/exercises; do")[1].split("  done")[0]
    command = "for copy in submissions/*/exercises; do" + loop + "done"
    assert "python -m kata grade" in command
    done = sh(
        f"export PATH={BIN}:$PATH; {command}", tmp_path
    )  # in the folder that holds submissions/
    for name in ("ada", "grace"):
        assert (tmp_path / "submissions" / name / "exercises.json").is_file(), done.stdout


def test_readme_class_command(tmp_path):
    """README's class command, as written, in a folder that holds submissions/."""
    for name in ("ada", "grace"):
        copy = tmp_path / "submissions" / name / "exercises"
        shutil.copytree(ROOT / "exercises", copy, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "submissions" / "notes").mkdir()
    command = "python -m kata class submissions/ --out class-report/"
    done = sh(f"export PATH={BIN}:$PATH; {command}", tmp_path)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "2 learners graded" in done.stdout and "not a submission" in done.stdout
    assert (tmp_path / "class-report" / "report.html").is_file()
    assert (tmp_path / "class-report" / "grades.csv").is_file()


def test_check_command_on_a_log_dir(tmp_path):
    """python -m kata check LOGDIR: one line per problem, paths relative to the log dir."""
    (tmp_path / "projector_config.pbtxt").write_text('embeddings { tensor_name: "x" }\n')
    done = sh(f"export PATH={BIN}:$PATH; python -m kata check {tmp_path}", ROOT)
    assert done.returncode == 1
    assert "problem(s), paths relative to it" in done.stdout


def workflow_commands(text) -> list[str]:
    """The shell commands of a workflow: each ``run:`` and each grader's ``command:``."""
    return re.findall(r"^\s+(?:run|command): (.+)$", text, flags=re.M)


def test_readme_github_classroom_workflow(clone, tmp_path):
    """README's command writes the workflow; each command in it runs as written, in a learner's
    repository with step 1 solved: the grade, then one verdict per row (only load passes), in
    a Python without TensorFlow."""
    learner = tmp_path / "learner"
    shutil.copytree(clone, learner, ignore=shutil.ignore_patterns(".tox", ".github", ".git"))
    shutil.copy(ROOT / "solutions" / "step1_load.py", learner / "exercises")
    done = sh(f"export PATH={BIN}:$PATH; python -m kata github-classroom", learner)
    assert done.returncode == 0, done.stderr[-2000:]
    commands = workflow_commands((learner / ".github/workflows/classroom.yml").read_text())
    grade, *verdicts = commands
    assert grade == "python3 -m pip install -q tox tox-uv && tox -e grade -- --json kata-grade.json"
    done = sh(grade, learner, timeout=900)
    assert done.returncode == 1 and "1/8 steps" in done.stdout, done.stdout[-2000:]
    assert "python3 -m kata.platforms.github_classroom pad kata-grade.json" in verdicts
    outcomes = {}
    for command in verdicts:  # python3: the system's, without the kata's environment
        done = sh(command, learner)
        outcomes[command.split()[3]] = done.returncode
        assert done.stdout.strip(), command
    assert outcomes == {"load": 0, **{name: 1 for name in list(outcomes)[1:]}}
    assert len(outcomes) == len(ROWS)
