"""The finished log dir, served by a real TensorBoard on 127.0.0.1 (no browser)."""

import urllib.parse

import numpy as np
import pytest
import tensorflow as tf

from kata.learner.reference import TENSOR
from kata.pipeline.tensorboard_server import PROJECTOR

# The servers and the IMDB log dir are the browser checks' too: graded beside them.
pytestmark = [pytest.mark.server, pytest.mark.slow, pytest.mark.xdist_group("imdb")]


def query(**fields):
    return "?" + urllib.parse.urlencode(fields)


def test_real_tensorboard_serves_the_projector(tensorboards, finished_log_dir):
    """/runs, /info, /metadata and /tensor agree with the log dir: N x 16, a header (step 8's
    columns) and N rows of metadata."""
    server = tensorboards["good"]
    assert server.get_json(f"{PROJECTOR}/runs") == ["."]
    info = server.get_json(f"{PROJECTOR}/info" + query(run="."))
    (embedding,) = info["embeddings"]
    rows = len((finished_log_dir / "metadata.tsv").read_text(encoding="utf-8").splitlines())
    assert embedding["tensorName"] == TENSOR and embedding["tensorShape"] == [rows, 16]
    metadata = server.get(f"{PROJECTOR}/metadata" + query(run=".", name=TENSOR)).decode()
    header, *lines = metadata.splitlines()
    assert header.split("\t") == ["token", "count", "lean"] and len(lines) == rows
    tensor = np.frombuffer(server.get(f"{PROJECTOR}/tensor" + query(run=".", name=TENSOR)), "<f4")
    expected = tf.train.load_checkpoint(str(finished_log_dir)).get_tensor(TENSOR)
    assert tensor.size == rows * 16 and np.array_equal(tensor.reshape(rows, 16), expected)
