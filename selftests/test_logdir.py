"""The log-dir checker (python -m kata check) catches what TensorBoard's projector lets through.

Each case breaks a copy of a good log dir in one way that TensorBoard would not
report (or would report only as a passing toast), and expects one specific line.
"""

import shutil

import numpy as np
import pytest
import tensorflow as tf
from google.protobuf import text_format

from kata.__main__ import main as kata_main
from kata.learner.reference import model_with_known_weights, solutions
from kata.pipeline import logdir

VOCABULARY = ["", "[UNK]", "film", "good", "bad", "plot", "acting"]
ROWS = len(VOCABULARY) - 1


@pytest.fixture(scope="module")
def good_log_dir(tmp_path_factory):
    log_dir = tmp_path_factory.mktemp("good") / "imdb-example"
    reference = solutions()
    model = model_with_known_weights(len(VOCABULARY))
    reference.step5_export.export(model, VOCABULARY, str(log_dir))
    reference.step6_configure.configure(str(log_dir))
    return log_dir


@pytest.fixture
def log_dir(good_log_dir, tmp_path):
    copy = tmp_path / "imdb-example"
    shutil.copytree(good_log_dir, copy)
    return copy


def write_config(log_dir, config):
    (log_dir / logdir.CONFIG_FILE).write_text(text_format.MessageToString(config))


def edit_config(log_dir, **fields):
    config = logdir.read_config(log_dir)
    for name, value in fields.items():
        target = config if name == "model_checkpoint_path" else config.embeddings[0]
        setattr(target, name, value)
    write_config(log_dir, config)


def one_finding(log_dir, *words, quoting=""):
    findings = logdir.check(log_dir)
    assert len(findings) == 1, [str(f) for f in findings]
    text = str(findings[0])
    for word in words:
        assert word in text, text
    assert str(log_dir) not in text.replace(quoting, ""), "paths are relative to the log dir"
    return text


def test_the_reference_log_dir_is_clean(good_log_dir):
    """The reference pipeline's log dir has no finding, and TensorBoard agrees on its shape."""
    assert logdir.check(good_log_dir) == []
    served = logdir.served(good_log_dir)
    (embedding,) = served["embeddings"].values()
    assert embedding == {"shape": [ROWS, 16], "metadata_lines": ROWS, "tensor_values": ROWS * 16}


def test_metadata_one_line_short(log_dir):
    """A metadata file one line short: TensorBoard only toasts; the checker names the counts."""
    lines = (log_dir / "metadata.tsv").read_text().splitlines()
    (log_dir / "metadata.tsv").write_text("\n".join(lines[:-1]) + "\n")
    one_finding(log_dir, f"{ROWS - 1} labelled lines for {ROWS} tensor rows", "one line short")


def test_metadata_with_a_header_for_one_column(log_dir):
    """A header row on a single-column file is one line too many."""
    text = (log_dir / "metadata.tsv").read_text()
    (log_dir / "metadata.tsv").write_text("word\n" + text)
    one_finding(log_dir, f"{ROWS + 1} labelled lines for {ROWS} tensor rows", "header")


def test_several_columns_need_a_header(log_dir):
    """Two columns with a header line: N + 1 lines is right."""
    words = (log_dir / "metadata.tsv").read_text().splitlines()
    rows = [f"{word}\t{len(word)}" for word in words]
    (log_dir / "metadata.tsv").write_text("\n".join(["word\tletters", *rows]) + "\n")
    assert logdir.check(log_dir) == []


def test_blank_metadata_line(log_dir):
    """A blank line is skipped by the projector, shifting every later label: it is reported."""
    lines = (log_dir / "metadata.tsv").read_text().splitlines()
    lines[2] = " "
    (log_dir / "metadata.tsv").write_text("\n".join(lines) + "\n")
    findings = [str(f) for f in logdir.check(log_dir)]
    assert any("metadata.tsv:3: blank metadata line" in f for f in findings), findings


def test_tensor_name_not_in_the_checkpoint(log_dir):
    """A tensor_name the checkpoint lacks 'loads' in TensorBoard; the checker suggests names."""
    edit_config(log_dir, tensor_name="embedding")
    one_finding(log_dir, "tensor_name is not in the checkpoint", "embedding/.ATTRIBUTES")


def test_three_d_tensor(log_dir):
    """A 3-D tensor cannot be projected."""
    variable = tf.Variable(np.zeros((ROWS, 4, 4), "float32"))
    prefix = tf.train.Checkpoint(embedding=variable).save(str(log_dir / "embedding.ckpt"))
    assert prefix.endswith("-1")
    one_finding(log_dir, "tensor is not 2-D", f"[{ROWS}, 4, 4]")


def test_absolute_metadata_path_to_a_missing_file(log_dir, tmp_path):
    """An absolute metadata_path elsewhere is refused by TensorBoard; the checker says so."""
    edit_config(log_dir, metadata_path=str(tmp_path / "nowhere" / "metadata.tsv"))
    one_finding(log_dir, "path leaves the log dir", "metadata_path")


def test_missing_metadata_file(log_dir):
    """A relative metadata_path to a file that is not there."""
    (log_dir / "metadata.tsv").unlink()
    one_finding(log_dir, "file not found", "metadata.tsv")


def test_checkpoint_file_pointing_nowhere(log_dir):
    """A `checkpoint` file naming a checkpoint that does not exist."""
    (log_dir / "checkpoint").write_text('model_checkpoint_path: "embedding.ckpt-7"\n')
    one_finding(log_dir, "names a checkpoint that does not exist", "embedding.ckpt-7")


def test_no_checkpoint_file(log_dir):
    """Checkpoint.write() writes no `checkpoint` file, so TensorBoard finds nothing."""
    (log_dir / "checkpoint").unlink()
    one_finding(log_dir, "no `checkpoint` file")


def test_model_checkpoint_path_breaks_moves(log_dir):
    """model_checkpoint_path is reported: relative is resolved against the server's cwd."""
    path = str(log_dir / "embedding.ckpt-1")
    edit_config(log_dir, model_checkpoint_path=path)
    one_finding(log_dir, "model_checkpoint_path is set", quoting=path)  # the config's own words


def test_sprite_image_must_exist_inside(log_dir):
    """A sprite image that is not there is reported like any other asset."""
    config = logdir.read_config(log_dir)
    config.embeddings[0].sprite.image_path = "sprite.png"
    config.embeddings[0].sprite.single_image_dim.extend([8, 8])
    write_config(log_dir, config)
    one_finding(log_dir, "file not found", "sprite.image_path")
    (log_dir / "sprite.png").write_bytes(b"\x89PNG")
    assert logdir.check(log_dir) == []


def test_config_that_does_not_parse(log_dir):
    """A config with a typo is reported with protobuf's line and column."""
    (log_dir / logdir.CONFIG_FILE).write_text('embeddings { tensor_nme: "x" }\n')
    one_finding(log_dir, "config does not parse", "1:")


def test_tensor_path_tsv(log_dir):
    """An embedding from a tensor_path TSV (no checkpoint) is checked too."""
    (log_dir / "tensor.tsv").write_text("\n".join("0.1\t0.2" for _ in range(ROWS)) + "\n")
    edit_config(log_dir, tensor_name="words", tensor_path="tensor.tsv")
    assert logdir.check(log_dir) == []
    (log_dir / "tensor.tsv").write_text("0.1\t0.2\n0.3\n")
    findings = [str(f) for f in logdir.check(log_dir)]
    assert any("rows of different widths" in f for f in findings), findings


def test_command_line_exit_status(good_log_dir, log_dir, capsys):
    """python -m kata check exits 0 on a clean log dir and 1 with one line per finding."""
    # (after a first line naming the log dir: findings show paths relative to it)
    assert kata_main(["check", str(good_log_dir)]) == 0
    assert "OK" in capsys.readouterr().out
    (log_dir / "metadata.tsv").write_text("just one line\n")
    assert kata_main(["check", str(log_dir)]) == 1
    out = capsys.readouterr().out
    assert out.count("\n") == 2 and "\n  metadata.tsv: " in out and "tensor rows" in out, out
