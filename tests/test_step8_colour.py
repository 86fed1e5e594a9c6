"""Step 8, colour: a metadata file of several columns (token, count, lean), one row per point,
that the projector's config points at; and how closely PCA's first axis follows the lean."""

import math
import os

import numpy as np
import pytest

from kata.checking import first_difference, logdir, once, ref, say

pytestmark = pytest.mark.colour

REVIEWS = 600  # the first 600 training reviews of the built-in corpus: every word has counts


@pytest.fixture(scope="module")
def coloured(graded, reference, tmp_path_factory):
    """A reference log dir, exported and configured, then coloured by the learner's colour():
    once for the checks of this file, which only read what it wrote."""
    log_dir = tmp_path_factory.mktemp("coloured") / "imdb-example"
    model = ref.model_with_known_weights(len(reference.vocabulary))
    ref.solutions().step5_export.export(model, list(reference.vocabulary), str(log_dir))
    ref.solutions().step6_configure.configure(str(log_dir))
    train = reference.train.first(REVIEWS)

    @once
    def result():
        path = graded.step8_colour.colour(train, str(log_dir))
        name = os.path.basename(path) if isinstance(path, str) else ""
        written = log_dir / name
        assert name and written.is_file() and name != "metadata.tsv", say(
            "colour(...) returned {found}; return the path of the new file it wrote in log_dir",
            found=repr(path)[:80],
        )
        return log_dir, written, train

    return result


def cells(path) -> list[list[str]]:
    return [line.split("\t") for line in logdir.metadata_lines(path)]


def expected_columns(train, rows) -> tuple[np.ndarray, np.ndarray]:
    """The judge's own counts and lean, token ids 1 .. rows, from the training reviews."""
    counts, positives = np.zeros(rows + 1, "int64"), np.zeros(rows + 1, "int64")
    for index in range(len(train)):
        present = np.unique([i for i in train.review(index) if 0 < i <= rows])
        counts[present] += 1
        positives[present] += int(train.labels[index])
    lean = np.divide(positives, counts, out=np.full(rows + 1, 0.5), where=counts > 0)
    return counts[1:], lean[1:]


def test_a_header_then_one_row_per_point(coloured):
    """The first line is a header with token, count and lean (tab-separated); then one row per
    row of metadata.tsv, each with as many cells as the header; the header only once."""
    log_dir, path, _ = coloured()
    table = cells(path)
    header = table[0] if table else []
    assert [name.strip().lower() for name in header[:3]] == ["token", "count", "lean"], say(
        "the first line of {file} is {found}; expected the header token, count, lean "
        "(separated by tabs): the projector names its columns from it",
        file=os.path.basename(path),
        found=repr("\t".join(header))[:80],
    )
    labels = logdir.metadata_lines(log_dir / "metadata.tsv")
    assert len(table) - 1 == len(labels), say(
        "{file} has {rows} rows after its header for the {expected} rows of metadata.tsv: one "
        "row per point, aligned with the embedding",
        file=os.path.basename(path),
        rows=len(table) - 1,
        expected=len(labels),
    )
    repeated = [number for number, row in enumerate(table[1:], start=2) if row == header]
    assert not repeated, say("the header comes again at line {line}", line=repeated[0])
    ragged = [n for n, row in enumerate(table, start=1) if len(row) != len(header)]
    assert not ragged, say(
        "line {line} has {found} cells; every line has {expected}, as the header: no tab or "
        "line break inside a cell",
        line=ragged[0],
        found=len(table[ragged[0] - 1]),
        expected=len(header),
    )


def test_row_i_is_the_point_of_row_i(coloured):
    """The token cell of row i is line i of metadata.tsv (step 5's labels, unchanged)."""
    log_dir, path, _ = coloured()
    labels = logdir.metadata_lines(log_dir / "metadata.tsv")
    tokens = [row[0] for row in cells(path)[1:]]
    assert tokens == labels, say(
        "the token column differs from metadata.tsv: {where}",
        where=first_difference(tokens, labels, "label"),
    )


def test_counts_and_lean_come_from_the_training_reviews(coloured):
    """count: how many training reviews contain the token (once per review); lean: the share of
    positive reviews among them, in [0, 1] (0.5 where no review has it), for row i = id i + 1."""
    log_dir, path, train = coloured()
    table = cells(path)[1:]
    counts, lean = expected_columns(train, len(table))
    try:
        found_counts = [int(row[1]) for row in table]
        found_lean = [float(row[2]) for row in table]
    except (IndexError, ValueError) as error:
        pytest.fail(say("a count or lean cell is not a number: {error}", error=error))
    assert all(0 <= value <= 1 for value in found_lean), say(
        "a lean outside [0, 1]: {found}",
        found=min(found_lean) if min(found_lean) < 0 else max(found_lean),
    )
    assert found_counts == counts.tolist(), say(
        "the counts differ: {where}. Count the training reviews that contain token id i + 1, "
        "each review once",
        where=first_difference(found_counts, counts.tolist(), "row"),
    )
    off = [i for i, (a, b) in enumerate(zip(found_lean, lean, strict=True)) if abs(a - b) > 6e-4]
    assert not off, say(
        "the lean of row {row} is {found}; expected {expected}: of the training reviews that "
        "contain it, the share of positive ones",
        row=off[0],
        found=found_lean[off[0]],
        expected=round(float(lean[off[0]]), 3),
    )


def test_the_config_points_at_it_and_tensorboard_agrees(coloured):
    """The config's embedding keeps its tensor and now names the new file, by a relative path;
    the log dir is clean for the kata's checker and TensorBoard serves the columns; step 5's
    metadata.tsv is left as it was (one column, no header)."""
    log_dir, path, _ = coloured()
    config = logdir.read_config(log_dir)
    names = [embedding.metadata_path for embedding in config.embeddings]
    assert names == [os.path.basename(path)], say(
        "the config's metadata_path is {found}; expected [{expected}] (relative to the log dir)",
        found=names,
        expected=repr(os.path.basename(path)),
    )
    assert config.embeddings[0].tensor_name == "embedding/.ATTRIBUTES/VARIABLE_VALUE", say(
        "colour() changed the config's tensor_name to {found}: keep step 6's",
        found=repr(config.embeddings[0].tensor_name),
    )
    findings = logdir.check(log_dir)
    assert not findings, say("your log dir has problems:") + "\n" + "\n".join(map(str, findings))
    (served,) = logdir.served(log_dir)["embeddings"].values()
    assert {"count", "lean"} <= set(served.get("metadata_columns") or []), say(
        "TensorBoard serves the metadata columns {columns}; expected count and lean",
        columns=served.get("metadata_columns"),
    )
    assert "\t" not in logdir.metadata_lines(log_dir / "metadata.tsv")[0], say(
        "metadata.tsv got a header: leave step 5's file as it was, and write a new one"
    )


def ranks(values):
    return np.argsort(np.argsort(values, kind="stable"), kind="stable")


def test_follows_measures_the_first_principal_component(graded):
    """follows(weights, lean): 1 when PCA's first axis orders the rows as the lean does, in
    either direction; near 0 when it does not; the judge computes the same figure."""
    rng = np.random.default_rng(0)
    lean = rng.random(200)
    noise = rng.normal(scale=0.05, size=(200, 16))
    along = np.outer(lean - 0.5, rng.normal(size=16)) * 10 + noise
    high = graded.step8_colour.follows(along.astype("float32"), lean)
    flipped = graded.step8_colour.follows((-along).astype("float32"), lean)
    assert isinstance(high, float) and math.isclose(high, flipped, abs_tol=1e-9), say(
        "follows() gave {high} and, with every vector reversed, {flipped}: PCA's direction has "
        "no sign, so return the absolute rank correlation",
        high=high,
        flipped=flipped,
    )
    assert high > 0.95, say(
        "follows() gave {found} for points laid along the lean; expected about 1, the absolute "
        "rank correlation",
        found=high,
    )
    weights = rng.normal(size=(300, 16)).astype("float32")
    lean = rng.random(300)
    centred = weights - weights.mean(axis=0)
    along = centred @ np.linalg.svd(centred, full_matrices=False)[2][0]
    expected = abs(np.corrcoef(ranks(along), ranks(lean))[0, 1])
    found = graded.step8_colour.follows(weights, lean)
    assert math.isclose(found, expected, abs_tol=1e-3), say(
        "follows() gave {found} for random points; the rank correlation of the first principal "
        "component with the lean is {expected}",
        found=found,
        expected=round(float(expected), 4),
    )
