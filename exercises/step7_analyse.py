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

Grade: ``pytest -m analyse``.
"""

import difflib  # noqa: F401  (you will need these)
import os  # noqa: F401

import numpy as np  # noqa: F401
import tensorflow as tf  # noqa: F401

METRICS = ("cosine", "euclidean")


def read_log_dir(log_dir):
    """Return ``(labels, weights)`` of an exported log dir: line i of metadata.tsv labels row i."""
    # TODO: the labels, one per line of metadata.tsv (UTF-8; no empty label after the last
    #       line), and the tensor step 5 saved, read back from the checkpoint in log_dir.
    raise NotImplementedError(
        "step 7 (analyse): write read_log_dir() in exercises/step7_analyse.py"
    )


def distances(weights, row, metric="cosine"):
    """Distance from row ``row`` of ``weights`` to every row, by ``metric``."""
    # TODO: cosine distance (this module's docstring; similarity 0 where a vector is zero) or
    #       euclidean distance, for every row at once.
    raise NotImplementedError("step 7 (analyse): write distances() in exercises/step7_analyse.py")


def nearest(query, labels, weights, k=10, metric="cosine"):
    """The ``k`` tokens nearest to ``query``: a list of ``(token, distance)``, nearest first.

    ``labels[i]`` names row i of ``weights``. Raises ``ValueError`` for a token
    that is not in ``labels`` (suggesting close spellings) or an unknown metric.
    A ``k`` larger than the vocabulary returns every other token.
    """
    # TODO: a clear ValueError for an unknown metric or token (suggest close spellings); rows
    #       ordered by distance, ties by row number; the query itself left out; at most k.
    raise NotImplementedError("step 7 (analyse): write nearest() in exercises/step7_analyse.py")
