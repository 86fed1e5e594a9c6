"""Step 8, colour: give each point columns the projector can colour by.

A ``metadata.tsv`` of several columns starts with a header line, then one row per
point, its cells separated by tabs. The projector's "Color by" and "Label by"
menus then offer every column. Here each word gets two more: how many training
reviews contain it (``count``) and its *lean*, the share of positive reviews among
them (0 = only in negative reviews, 1 = only in positive ones; a word no training
review contains gets 0.5). The counts come from the training reviews alone, as
step 1's vocabulary did.

After one epoch of a sentiment model, most words moved along one direction, from
negative to positive: the first principal component (the projector's PCA x-axis)
follows the lean. ``follows()`` says how closely, as a rank correlation.

Grade: ``pytest -m colour``.
"""

import os  # noqa: F401  (you will need these)

import numpy as np  # noqa: F401
from google.protobuf import text_format  # noqa: F401
from tensorboard.plugins import projector  # noqa: F401

COLUMNS = ("token", "count", "lean")
FILE = "metadata_lean.tsv"


def colour(train_data, log_dir):
    """Write ``metadata_lean.tsv`` beside ``metadata.tsv`` in ``log_dir`` and point the
    projector config at it; return its path.

    Row i is the point of row i: its label from ``metadata.tsv`` (token id i + 1),
    the number of training reviews that contain that token, and their share of
    positive ones, with three decimals.
    """
    # TODO: read the labels back from metadata.tsv; for each token id count the training
    #       reviews that contain it (once per review) and the positive ones among them; write
    #       the header line (COLUMNS, tab-separated), then one row per label; point the
    #       config's embedding at FILE. Return the new file's path.
    raise NotImplementedError("step 8 (colour): write colour() in exercises/step8_colour.py")


def follows(weights, lean):
    """How closely the first principal component of ``weights`` follows ``lean``: the absolute
    Spearman rank correlation, from 0 (not at all) to 1 (in the same order)."""
    # TODO: centre the rows, take the first right singular vector (PCA's first direction),
    #       project the rows on it; rank both sequences and return the absolute correlation
    #       of the ranks (the direction's sign means nothing).
    raise NotImplementedError("step 8 (colour): write follows() in exercises/step8_colour.py")
