"""End to end: your own steps chained, then checked by TensorBoard's projector plugin."""

import pytest

from kata.checking import chain, corpus, logdir, say

pytestmark = pytest.mark.end_to_end


def test_your_pipeline_opens_in_the_projector(graded, data_dir, tmp_path):
    """load -> pad -> build -> train -> export -> configure -> colour gives a log dir TensorBoard
    serves, its points labelled and coloured by lean (on the first 1,000 reviews of the
    built-in corpus: kata_reviews_small)."""
    log_dir = tmp_path / "logs" / "imdb-example"
    inputs = {"source": corpus.SMALL_NAME, "data_dir": str(data_dir), "log_dir": str(log_dir)}
    with graded.recording(passes=0):  # the datasets are handed on, never read here: not copied
        vocabulary = chain.run(graded, inputs)["vocabulary"]  # the registry's chain of your steps

    findings = logdir.check(log_dir)
    assert not findings, say("your log dir has problems:") + "\n" + "\n".join(map(str, findings))
    served = logdir.served(log_dir)
    rows = len(vocabulary) - 1
    assert served["runs"] == ["."], say(
        "TensorBoard lists runs {runs}; expected ['.']", runs=served["runs"]
    )
    (embedding,) = served["embeddings"].values()
    assert embedding["shape"] == [rows, 16], say(
        "TensorBoard reports shape {shape}; expected [{rows}, 16]",
        shape=embedding["shape"],
        rows=rows,
    )
    assert embedding["metadata_lines"] == rows, say(
        "TensorBoard serves {lines} metadata lines for {rows} rows",
        lines=embedding["metadata_lines"],
        rows=rows,
    )
    columns = embedding.get("metadata_columns") or []
    assert {"count", "lean"} <= set(columns), say(
        "TensorBoard serves the metadata columns {columns}; expected a header with count and "
        "lean (step 8)",
        columns=columns,
    )
    assert embedding["tensor_values"] == rows * 16, say(
        "TensorBoard serves {values} numbers; expected {rows} x 16",
        values=embedding["tensor_values"],
        rows=rows,
    )
