"""The main job on the learner's own steps: `tox -e projector -- --mine`."""

import shutil

import pytest

from kata import logdir
from kata.__main__ import main as kata_main
from kata.target import ROOT

pytestmark = pytest.mark.integrity


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
