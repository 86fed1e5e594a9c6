"""Step 6, configure: projector_config.pbtxt names the tensor and a relative metadata path."""

import shutil

import pytest

from kata import logdir
from kata.target import once

pytestmark = pytest.mark.configure

TENSOR = "embedding/.ATTRIBUTES/VARIABLE_VALUE"


@pytest.fixture
def configured(steps, reference_log_dir, tmp_path):
    log_dir = tmp_path / "imdb-example"
    shutil.copytree(reference_log_dir, log_dir)

    @once
    def result():
        steps.step6_configure.configure(str(log_dir))
        return log_dir

    return result


def read_config(log_dir):
    assert (log_dir / logdir.CONFIG_FILE).is_file(), (
        f"configure(log_dir) wrote no {logdir.CONFIG_FILE}: use projector.visualize_embeddings"
    )
    return logdir.read_config(log_dir)


def test_config_parses_and_names_the_tensor(configured):
    """The pbtxt parses into a ProjectorConfig with one embedding of the checkpoint's tensor."""
    log_dir = configured()
    config = read_config(log_dir)
    assert len(config.embeddings) == 1, (
        f"the config lists {len(config.embeddings)} embeddings; expected 1"
    )
    assert config.embeddings[0].tensor_name == TENSOR, (
        f"tensor_name is {config.embeddings[0].tensor_name!r}; expected {TENSOR!r}, the name "
        "tf.train.Checkpoint gives the `embedding` variable"
    )


def test_metadata_path_is_relative_and_inside(configured):
    """metadata_path is relative and resolves to metadata.tsv inside the log dir."""
    log_dir = configured()
    path = read_config(log_dir).embeddings[0].metadata_path
    assert path == "metadata.tsv", (
        f"metadata_path is {path!r}; expected 'metadata.tsv', relative to the log dir, so the "
        "log dir still works when it moves"
    )


def test_no_model_checkpoint_path(configured):
    """model_checkpoint_path is left out, so TensorBoard reads the `checkpoint` file."""
    log_dir = configured()
    config = read_config(log_dir)
    assert not config.model_checkpoint_path, (
        f"model_checkpoint_path is {config.model_checkpoint_path!r}: leave it out; a relative "
        "one is resolved against TensorBoard's working directory, an absolute one breaks on moves"
    )


def test_checker_finds_nothing(configured):
    """kata.logdir.check() finds no problem: tensor is N x 16 and metadata has N lines."""
    log_dir = configured()
    findings = logdir.check(log_dir)
    assert not findings, "the log dir has problems:\n" + "\n".join(map(str, findings))


def test_still_works_after_a_move(configured, vocabulary, tmp_path):
    """Moved elsewhere, the log dir is served by TensorBoard's plugin with shape [N, 16]."""
    log_dir = configured()
    read_config(log_dir)
    moved = tmp_path / "elsewhere" / "copy"
    shutil.copytree(log_dir, moved)
    shutil.rmtree(log_dir)  # a stale original must not be what is served
    served = logdir.served(moved)
    rows = len(vocabulary) - 1
    assert served["runs"], "TensorBoard's projector lists no run for the moved log dir"
    embedding = served["embeddings"].get(TENSOR)
    assert embedding and embedding["shape"] == [rows, 16], (
        f"after a move TensorBoard sees {served['embeddings']}; expected {TENSOR} of "
        f"shape [{rows}, 16]"
    )
    assert embedding["metadata_lines"] == rows, (
        f"after a move TensorBoard serves {embedding['metadata_lines']} metadata lines; "
        f"expected {rows}"
    )
