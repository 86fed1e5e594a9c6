"""Step 5, export: metadata.tsv and the checkpoint, row i of one labelling row i of the other."""

import numpy as np
import pytest
import tensorflow as tf

from kata.logdir import metadata_lines
from kata.target import once
from tests.conftest import model_with_known_weights

pytestmark = pytest.mark.export

TENSOR = "embedding/.ATTRIBUTES/VARIABLE_VALUE"


@pytest.fixture(scope="module")
def exported(steps, vocabulary, tmp_path_factory):
    log_dir = tmp_path_factory.mktemp("export") / "logs" / "imdb-example"
    model = model_with_known_weights(len(vocabulary))

    @once
    def result():
        steps.step5_export.export(model, vocabulary, str(log_dir))
        return log_dir

    return result


def read_metadata(log_dir):
    path = log_dir / "metadata.tsv"
    assert path.is_file(), f"export(...) wrote no {path.name} into the log dir"
    try:
        return metadata_lines(path)
    except UnicodeDecodeError as error:
        pytest.fail(f"metadata.tsv is not UTF-8 ({error}): open it with encoding='utf-8'", False)


def read_embedding(log_dir):
    assert (log_dir / "checkpoint").is_file(), (
        "export(...) wrote no `checkpoint` file: save with tf.train.Checkpoint(...).save(...), "
        "not write(), or TensorBoard finds nothing"
    )
    reader = tf.train.load_checkpoint(str(log_dir))
    shapes = reader.get_variable_to_shape_map()
    assert TENSOR in shapes, (
        f"the checkpoint has no {TENSOR!r} (it has {sorted(shapes)}): "
        "save tf.train.Checkpoint(embedding=tf.Variable(weights))"
    )
    return reader.get_tensor(TENSOR)


def test_creates_the_log_dir(exported):
    """A missing log dir is created, parents included."""
    assert exported().is_dir(), "export(..., log_dir) did not create log_dir"


def test_one_metadata_line_per_exported_row(exported, vocabulary):
    """metadata.tsv and the tensor both have vocab_size - 1 rows: the padding row is dropped."""
    lines = read_metadata(exported())
    weights = read_embedding(exported())
    rows = len(vocabulary) - 1
    assert weights.shape == (rows, 16), (
        f"export(...) saved an embedding of shape {weights.shape} for a vocabulary of "
        f"{len(vocabulary)}; expected ({rows}, 16): drop row 0 (padding) with weights[1:]"
    )
    assert len(lines) == rows, (
        f"export(...) wrote {len(lines)} metadata lines for {weights.shape[0]} embedding rows: "
        "drop the padding token (index 0) from the metadata too, and write no header"
    )


def test_row_i_labels_vocabulary_entry_i_plus_1(exported, vocabulary):
    """Line i of metadata.tsv is vocabulary[i + 1], and tensor row i is embedding row i + 1."""
    lines = read_metadata(exported())
    for i, (line, token) in enumerate(zip(lines, vocabulary[1:], strict=False)):
        assert line == token, (
            f"metadata line {i + 1} is {line!r} but tensor row {i} is vocabulary[{i + 1}] = "
            f"{token!r}: write vocabulary[1:], one token per line"
        )
    weights = read_embedding(exported())
    first = weights[:, 0]
    expected = np.arange(1, len(vocabulary), dtype="float32")
    moved = np.flatnonzero(~np.isclose(first, expected[: len(first)]))
    assert not moved.size, (
        f"tensor row {moved[0]} holds embedding row {first[moved[0]]:.0f}, not {moved[0] + 1}: "
        "save model.layers[0].get_weights()[0][1:], in order"
    )


def test_files_already_there_are_left_alone(steps, vocabulary, tmp_path):
    """Exporting into an existing log dir keeps the files already in it."""
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    steps.step5_export.export(model_with_known_weights(len(vocabulary)), vocabulary, str(tmp_path))
    assert notes.is_file() and notes.read_text() == "my notes\n", (
        "export(...) removed or changed a file that was already in log_dir"
    )


def test_awkward_tokens_keep_rows_aligned(steps, tmp_path):
    """Tabs, newlines, blank and non-ASCII tokens still give one visible line per row."""
    vocabulary = ["", "[UNK]", "film", "tab\there", "new\nline", " ", "naïve", "電影", "end"]
    model = model_with_known_weights(len(vocabulary))
    steps.step5_export.export(model, vocabulary, str(tmp_path))
    lines = read_metadata(tmp_path)
    assert len(lines) == len(vocabulary) - 1, (
        f"with tokens {vocabulary[1:]!r}, export(...) wrote {len(lines)} lines for "
        f"{len(vocabulary) - 1} rows: a tab or newline inside a token must not split a line"
    )
    for i, (line, token) in enumerate(zip(lines, vocabulary[1:], strict=True)):
        assert "\t" not in line, (
            f"line {i + 1} ({line!r}) contains a tab: the projector would read it as columns"
        )
        assert line.strip(), (
            f"line {i + 1} (token {token!r}) is blank: the projector skips blank lines and "
            "every later label shifts; write a visible placeholder"
        )
        if token.isprintable() and token.strip():
            assert line == token, (
                f"line {i + 1} is {line!r}; the plain token {token!r} was expected"
            )
