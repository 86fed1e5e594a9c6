"""The main job on the learner's own steps: `tox -e projector -- --mine`."""

import os
import shutil
import subprocess
import sys

import pytest

from kata import ROOT
from kata.__main__ import main as kata_main
from kata.pipeline import logdir

pytestmark = pytest.mark.integrity


@pytest.mark.slow
def test_mine_names_the_step_that_is_not_done(tmp_path, capsys, monkeypatch):
    """With step 1 still a stub, --mine names it, says how to open the reference, exits 1."""
    monkeypatch.setenv("KATA_LANG", "en")
    learner = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises", learner, ignore=shutil.ignore_patterns("__pycache__"))
    log_dir = tmp_path / "logs" / "mine"
    args = ["projector", "--mine", "--exercises", str(learner), "--log-dir", str(log_dir)]
    assert kata_main([*args, "--no-serve"]) == 1
    out = capsys.readouterr().out
    assert "Step 1 (load) is not done yet" in out
    assert "open the reference projector: tox -e projector" in out
    assert not log_dir.exists()


@pytest.mark.slow
def test_mine_writes_what_your_own_steps_write(tmp_path, data_dir, capsys, monkeypatch):
    """With every step solved, --mine writes a clean log dir from the learner's own files."""
    monkeypatch.setenv("KATA_LANG", "en")
    learner = tmp_path / "exercises"
    shutil.copytree(ROOT / "solutions", learner, ignore=shutil.ignore_patterns("test_*", "conf*"))
    log_dir = tmp_path / "logs" / "mine"
    args = ["projector", "--mine", "--exercises", str(learner), "--log-dir", str(log_dir)]
    assert (
        kata_main([*args, "--data", "kata_reviews", "--data-dir", str(data_dir), "--no-serve"]) == 0
    )
    assert "your own steps (exercises/)" in capsys.readouterr().out
    assert logdir.check(log_dir) == []


@pytest.mark.slow
def test_mine_works_first_time_on_a_fresh_machine(tmp_path):
    """A fresh home folder and a TFDS data dir never prepared: --mine on a solved copy prepares
    the data (in the judge), runs the learner's own steps in the box and writes a clean log
    dir, first try: nothing TFDS or tqdm starts is blamed on the learner."""
    home, data = tmp_path / "home", tmp_path / "home" / "tensorflow_datasets"
    home.mkdir()
    learner = tmp_path / "exercises"
    shutil.copytree(ROOT / "solutions", learner, ignore=shutil.ignore_patterns("__pycache__"))
    log_dir = tmp_path / "logs" / "mine"
    command = [sys.executable, "-m", "kata", "projector", "--mine", "--exercises", str(learner)]
    command += ["--log-dir", str(log_dir), "--data", "kata_reviews", "--no-serve"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KATA_", "TFDS_"))}
    env.update(HOME=str(home), KATA_LANG="en", XDG_CACHE_HOME=str(home / ".cache"))
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "your own steps (exercises/)" in done.stdout and logdir.check(log_dir) == []
    assert (data / "kata_reviews").is_dir(), "prepared where TFDS prepares it by default"


@pytest.mark.slow
def test_the_main_job_reads_cleanly(tmp_path, data_dir):
    """One line per stage, Keras's progress bar, the Analysis; no start-up noise at all."""
    log_dir = tmp_path / "logs"
    command = [sys.executable, "-m", "kata", "projector", "--no-serve", "--log-dir", str(log_dir)]
    command += ["--data", "kata_reviews", "--data-dir", str(data_dir)]
    env = {**os.environ, "KATA_LANG": "en"}
    env.pop("TF_CPP_MIN_LOG_LEVEL", None)  # what a newcomer's shell has
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    lines = [line.strip() for line in done.stdout.replace("\r", "\n").splitlines() if line.strip()]
    bars = [line for line in lines if "━" in line or "/600" in line]
    words = [line for line in lines if line not in bars]
    assert words[0] == "Data: kata_reviews, as asked (--data or KATA_DATA)."
    assert words[1].startswith("Training the reference solutions on kata_reviews")
    stages = [line.split()[0] for line in words[2:8]]
    assert stages == ["load", "pad", "build", "train", "export", "configure"], words
    assert any(line.startswith("wonderful -> ") for line in words), words
    assert bars, "Keras's progress bar is shown while training"
    noise = ("WARNING", "absl", "cuda", "Downloading and preparing", "oneDNN", "shuffle=True")
    said = done.stdout + done.stderr
    assert not [word for word in noise if word in said], said[-3000:]


@pytest.mark.slow
def test_enter_stops_the_projector_cleanly(tmp_path, data_dir):
    """In a terminal, Enter stops TensorBoard: one goodbye line and exit status 0."""
    import pty
    import select
    import socket
    import time

    with socket.socket() as probe:  # a free port: never a user's own TensorBoard's
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "kata", "projector", "--log-dir", str(tmp_path / "logs")]
    command += ["--data", "kata_reviews", "--data-dir", str(data_dir), "--port", str(port)]
    terminal, keyboard = pty.openpty()
    process = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, "KATA_LANG": "en"}, stdin=keyboard,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    said, deadline = b"", time.monotonic() + 240
    try:
        while b"#projector" not in said and time.monotonic() < deadline and process.poll() is None:
            if select.select([process.stdout], [], [], 1)[0]:
                said += os.read(process.stdout.fileno(), 65536)
        assert b"(Enter or Ctrl-C to stop)" in said, said[-2000:]
        os.write(terminal, b"\n")  # the learner presses Enter
        assert process.wait(60) == 0
        said += process.stdout.read()
        assert said.decode().rstrip().endswith("TensorBoard stopped."), said[-2000:]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, 9)  # the group this test created
            process.wait()
        os.close(terminal)
        os.close(keyboard)
