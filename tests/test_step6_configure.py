"""Step 6, configure: projector_config.pbtxt names the tensor and a relative metadata path."""

import shutil

import pytest

from kata.checking import TENSOR, logdir, once, say

pytestmark = pytest.mark.configure


@pytest.fixture
def configured(graded, reference_log_dir):
    log_dir = reference_log_dir

    @once
    def result():
        graded.step6_configure.configure(str(log_dir))
        return log_dir

    return result


def read_config(log_dir):
    assert (log_dir / logdir.CONFIG_FILE).is_file(), say(
        "configure(log_dir) wrote no projector_config.pbtxt: use projector.visualize_embeddings"
    )
    return logdir.read_config(log_dir)


def test_config_parses_and_names_the_tensor(configured):
    """The pbtxt parses into a ProjectorConfig with one embedding of the checkpoint's tensor."""
    config = read_config(configured())
    assert len(config.embeddings) == 1, say(
        "the config lists {count} embeddings; expected 1", count=len(config.embeddings)
    )
    assert config.embeddings[0].tensor_name == TENSOR, say(
        "tensor_name is {found}; expected {tensor}, the name tf.train.Checkpoint gives the "
        "`embedding` variable",
        found=repr(config.embeddings[0].tensor_name),
        tensor=repr(TENSOR),
    )


def test_metadata_path_is_relative_and_inside(configured):
    """metadata_path is relative and resolves to metadata.tsv inside the log dir."""
    path = read_config(configured()).embeddings[0].metadata_path
    assert path == "metadata.tsv", say(
        "metadata_path is {path}; expected 'metadata.tsv', relative to the log dir, so the "
        "log dir still works when it moves",
        path=repr(path),
    )


def test_no_model_checkpoint_path(configured):
    """model_checkpoint_path is left out, so TensorBoard reads the `checkpoint` file."""
    config = read_config(configured())
    assert not config.model_checkpoint_path, say(
        "model_checkpoint_path is {path}: leave it out; a relative one is resolved against "
        "TensorBoard's working directory, an absolute one breaks on moves",
        path=repr(config.model_checkpoint_path),
    )


def test_checker_finds_nothing(configured):
    """kata.pipeline.logdir.check() finds no problem: tensor is N x 16 and metadata has N lines."""
    findings = logdir.check(configured())
    assert not findings, say("the log dir has problems:") + "\n" + "\n".join(map(str, findings))


def test_still_works_after_a_move(configured, vocabulary, tmp_path):
    """Moved elsewhere, the log dir is served by TensorBoard's plugin with shape [N, 16]."""
    log_dir = configured()
    read_config(log_dir)
    moved = tmp_path / "elsewhere" / "copy"
    shutil.copytree(log_dir, moved)
    shutil.rmtree(log_dir)  # a stale original must not be what is served
    served = logdir.served(moved)
    rows = len(vocabulary) - 1
    assert served["runs"], say("TensorBoard's projector lists no run for the moved log dir")
    embedding = served["embeddings"].get(TENSOR)
    assert embedding and embedding["shape"] == [rows, 16], say(
        "after a move TensorBoard sees {found}; expected {tensor} of shape [{rows}, 16]",
        found=served["embeddings"],
        tensor=TENSOR,
        rows=rows,
    )
    assert embedding["metadata_lines"] is not None, say(
        "after a move TensorBoard serves no labels for {tensor}: its entry in "
        "projector_config.pbtxt must name that tensor and a metadata_path inside the log dir",
        tensor=TENSOR,
    )
    assert embedding["metadata_lines"] == rows, say(
        "after a move TensorBoard serves {lines} metadata lines; expected {rows}",
        lines=embedding["metadata_lines"],
        rows=rows,
    )
