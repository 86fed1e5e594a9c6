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
"""

import os

import numpy as np
from google.protobuf import text_format
from tensorboard.plugins import projector

COLUMNS = ("token", "count", "lean")
FILE = "metadata_lean.tsv"


def colour(train_data, log_dir):
    """Write ``metadata_lean.tsv`` beside ``metadata.tsv`` in ``log_dir`` and point the
    projector config at it; return its path.

    Row i is the point of row i: its label from ``metadata.tsv`` (token id i + 1),
    the number of training reviews that contain that token, and their share of
    positive ones, with three decimals. The reviews are read 1,000 at a time
    (``padded_batch``, as in step 2; the 0s it pads with are no token): one
    trip through tf.data per review takes three to four times as long.
    """
    with open(os.path.join(log_dir, "metadata.tsv"), encoding="utf-8") as f:
        labels = f.read().split("\n")
    if labels and labels[-1] == "":
        labels.pop()
    counts = np.zeros(len(labels) + 1, dtype="int64")
    positives = np.zeros(len(labels) + 1, dtype="int64")
    for batch, batch_labels in train_data.padded_batch(1000).as_numpy_iterator():
        for ids, label in zip(batch, batch_labels, strict=True):
            present = np.unique(ids[(ids > 0) & (ids <= len(labels))])
            counts[present] += 1
            positives[present] += int(label)
    lean = np.divide(positives, counts, out=np.full(len(counts), 0.5), where=counts > 0)
    path = os.path.join(log_dir, FILE)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for row, text in enumerate(labels, start=1):
            f.write(f"{text}\t{counts[row]}\t{lean[row]:.3f}\n")
    config_path = os.path.join(log_dir, "projector_config.pbtxt")
    config = projector.ProjectorConfig()
    with open(config_path, encoding="utf-8") as f:
        text_format.Parse(f.read(), config)
    config.embeddings[0].metadata_path = FILE
    with open(config_path, "w", encoding="utf-8") as f:
        f.write(text_format.MessageToString(config))
    return path


def follows(weights, lean):
    """How closely the first principal component of ``weights`` follows ``lean``: the absolute
    Spearman rank correlation, from 0 (not at all) to 1 (in the same order)."""
    centred = np.asarray(weights, dtype="float64")
    centred = centred - centred.mean(axis=0)
    first = np.linalg.svd(centred, full_matrices=False)[2][0]  # PCA's first direction
    along = centred @ first

    def ranks(values):
        return np.argsort(np.argsort(values, kind="stable"), kind="stable")

    return float(abs(np.corrcoef(ranks(along), ranks(np.asarray(lean)))[0, 1]))
