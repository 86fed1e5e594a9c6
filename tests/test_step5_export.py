"""Step 5, export: metadata.tsv and the checkpoint, row i of one labelling row i of the other."""

import numpy as np
import pytest
import tensorflow as tf

from kata.checking import TENSOR, StepFailure, metadata_lines, model_with_known_weights, once, say

pytestmark = pytest.mark.export


@pytest.fixture(scope="module")
def exported(graded, reference, tmp_path_factory):
    log_dir = tmp_path_factory.mktemp("export") / "logs" / "imdb-example"
    model = model_with_known_weights(len(reference.vocabulary))

    @once
    def result():
        graded.step5_export.export(model, list(reference.vocabulary), str(log_dir))
        return log_dir

    return result


def read_metadata(log_dir):
    path = log_dir / "metadata.tsv"
    assert path.is_file(), say("export(...) wrote no metadata.tsv into the log dir")
    try:
        return metadata_lines(path)
    except UnicodeDecodeError as error:
        failure = say(
            "metadata.tsv is not UTF-8 ({error}): open it with encoding='utf-8'", error=error
        )
    raise StepFailure(failure)


def read_embedding(log_dir):
    assert (log_dir / "checkpoint").is_file(), say(
        "export(...) wrote no `checkpoint` file: save with tf.train.Checkpoint(...).save(...), "
        "not write(), or TensorBoard finds nothing"
    )
    reader = tf.train.load_checkpoint(str(log_dir))
    shapes = reader.get_variable_to_shape_map()
    assert TENSOR in shapes, say(
        "the checkpoint has no {tensor} (it has {names}): "
        "save tf.train.Checkpoint(embedding=tf.Variable(weights))",
        tensor=repr(TENSOR),
        names=sorted(shapes),
    )
    return reader.get_tensor(TENSOR)


def test_creates_the_log_dir(exported):
    """A missing log dir is created, parents included."""
    assert exported().is_dir(), say("export(..., log_dir) did not create log_dir")


def test_one_metadata_line_per_exported_row(exported, vocabulary):
    """metadata.tsv and the tensor both have vocab_size - 1 rows: the padding row is dropped."""
    lines = read_metadata(exported())
    weights = read_embedding(exported())
    rows = len(vocabulary) - 1
    assert weights.shape == (rows, 16), say(
        "export(...) saved an embedding of shape {shape} for a vocabulary of {size}; "
        "expected ({rows}, 16): drop row 0 (padding) with weights[1:]",
        shape=weights.shape,
        size=len(vocabulary),
        rows=rows,
    )
    assert len(lines) == rows, say(
        "export(...) wrote {lines} metadata lines for {rows} embedding rows: drop the padding "
        "token (index 0) from the metadata too, and write no header",
        lines=len(lines),
        rows=weights.shape[0],
    )


def test_row_i_labels_vocabulary_entry_i_plus_1(exported, vocabulary):
    """Line i of metadata.tsv is vocabulary[i + 1], and tensor row i is embedding row i + 1."""
    lines = read_metadata(exported())
    for i, (line, token) in enumerate(zip(lines, vocabulary[1:], strict=False)):
        assert line == token, say(
            "metadata line {line_number} is {line} but tensor row {row} is vocabulary[{index}] "
            "= {token}: write vocabulary[1:], one token per line",
            line_number=i + 1,
            line=repr(line),
            row=i,
            index=i + 1,
            token=repr(token),
        )
    first = read_embedding(exported())[:, 0]
    expected = np.arange(1, len(vocabulary), dtype="float32")
    both = min(len(first), len(expected))  # a row count that is off has its own check
    moved = np.flatnonzero(~np.isclose(first[:both], expected[:both]))
    assert not moved.size, say(
        "tensor row {row} holds embedding row {found}, not {expected}: "
        "save model.layers[0].get_weights()[0][1:], in order",
        row=moved[0] if moved.size else 0,
        found=f"{first[moved[0]]:.0f}" if moved.size else "",
        expected=moved[0] + 1 if moved.size else 0,
    )


def test_files_already_there_are_left_alone(graded, vocabulary, tmp_path):
    """Exporting into an existing log dir keeps the files already in it."""
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    graded.step5_export.export(model_with_known_weights(len(vocabulary)), vocabulary, str(tmp_path))
    assert notes.is_file() and notes.read_text() == "my notes\n", say(
        "export(...) removed or changed a file that was already in log_dir"
    )


def test_awkward_tokens_keep_rows_aligned(graded, tmp_path):
    """Tabs, newlines, blank and non-ASCII tokens still give one visible line per row."""
    vocabulary = ["", "[UNK]", "film", "tab\there", "new\nline", " ", "naïve", "電影", "end"]
    model = model_with_known_weights(len(vocabulary))
    graded.step5_export.export(model, vocabulary, str(tmp_path))
    lines = read_metadata(tmp_path)
    if len(lines) == len(vocabulary) and lines[1] == "[UNK]":  # one line before row 0's label
        pytest.skip(
            say(
                "Not judged: the metadata has one line too many before '[UNK]' (see the check "
                "test_one_metadata_line_per_exported_row): drop the padding token, write no header."
            )
        )
    assert len(lines) == len(vocabulary) - 1, say(
        "with tokens {tokens}, export(...) wrote {lines} lines for {rows} rows: "
        "a tab or newline inside a token must not split a line",
        tokens=repr(vocabulary[1:]),
        lines=len(lines),
        rows=len(vocabulary) - 1,
    )
    for i, (line, token) in enumerate(zip(lines, vocabulary[1:], strict=True)):
        assert "\t" not in line, say(
            "line {number} ({line}) contains a tab: the projector would read it as columns",
            number=i + 1,
            line=repr(line),
        )
        assert line.strip(), say(
            "line {number} (token {token}) is blank: the projector skips blank lines and every "
            "later label shifts; write a visible placeholder",
            number=i + 1,
            token=repr(token),
        )
        if token.isprintable() and token.strip():
            assert line == token, say(
                "line {number} is {line}; the plain token {token} was expected",
                number=i + 1,
                line=repr(line),
                token=repr(token),
            )
