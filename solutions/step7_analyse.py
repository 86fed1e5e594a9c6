"""Step 7, analyse: nearest neighbours, computed as the projector's inspector computes them.

Click a point in the Projector and its "nearest points" panel lists the
closest tokens *in the original 16-dimensional space*, not in the 2-D or 3-D
picture. With the default cosine metric the distance is
``1 - cos(a, b) = 1 - a·b / (|a| |b|)``: 0 for the same direction, 1 for
orthogonal, 2 for opposite. Length does not matter, only direction. With the
Euclidean metric it is ``|a - b|``. The point itself is left out.

Two details the projector leaves undefined, and we fix: a zero vector has no
direction, so its cosine similarity to anything is taken as 0 (distance 1)
where the projector would compute 0/0; and ties are broken by row order, so
the answer is always the same.
"""

import difflib
import os

import numpy as np
import tensorflow as tf

METRICS = ("cosine", "euclidean")


def read_log_dir(log_dir):
    """Return ``(labels, weights)`` of an exported log dir: line i of metadata.tsv labels row i."""
    with open(os.path.join(log_dir, "metadata.tsv"), encoding="utf-8") as f:
        labels = f.read().split("\n")
    if labels and labels[-1] == "":
        labels.pop()
    reader = tf.train.load_checkpoint(log_dir)
    weights = reader.get_tensor("embedding/.ATTRIBUTES/VARIABLE_VALUE")
    return labels, weights


def distances(weights, row, metric="cosine"):
    """Distance from row ``row`` of ``weights`` to every row, by ``metric``."""
    weights = np.asarray(weights, dtype="float64")
    query = weights[row]
    if metric == "euclidean":
        return np.linalg.norm(weights - query, axis=1)
    norms = np.linalg.norm(weights, axis=1) * np.linalg.norm(query)
    similarity = np.divide(weights @ query, norms, out=np.zeros(len(weights)), where=norms > 0)
    return 1 - similarity


def nearest(query, labels, weights, k=10, metric="cosine"):
    """The ``k`` tokens nearest to ``query``: a list of ``(token, distance)``, nearest first.

    ``labels[i]`` names row i of ``weights``. Raises ``ValueError`` for a token
    that is not in ``labels`` (suggesting close spellings) or an unknown metric.
    A ``k`` larger than the vocabulary returns every other token.
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {METRICS}, not {metric!r}")
    if query not in labels:
        close = difflib.get_close_matches(query, labels, n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise ValueError(f"{query!r} is not in the vocabulary{hint}")
    row = labels.index(query)
    distance = distances(weights, row, metric)
    order = np.lexsort((np.arange(len(labels)), distance))  # by distance, then by row
    return [(labels[i], float(distance[i])) for i in order if i != row][:k]
