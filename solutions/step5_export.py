"""Step 5, export: the two files the projector reads, with their rows aligned.

Row 0 of the embedding belongs to the padding token ``''``. Like the tutorial,
which dropped its unknown-word row, we drop it: row i of the exported tensor is
vocabulary entry i + 1, and so is line i of ``metadata.tsv``.

The projector reads ``metadata.tsv`` one label per line and *skips blank lines*,
so one bad token would shift every later label. ``label()`` makes each token
safe: a backslash, tab, newline or carriage return is written as ``\\``,
``\t``, ``\n`` or ``\r``, and a token that would print blank becomes ``[BLANK]``.
"""

import os

import tensorflow as tf


def label(token):
    """The token as one safe, visible line of ``metadata.tsv``."""
    text = (
        token.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )
    return text if text.strip() else "[BLANK]"


def export(model, vocabulary, log_dir):
    """Write ``metadata.tsv`` and ``embedding.ckpt-1`` into ``log_dir``; return the checkpoint path.

    ``log_dir`` is created if missing; files already in it are left alone.
    """
    os.makedirs(log_dir, exist_ok=True)
    with open(os.path.join(log_dir, "metadata.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for token in vocabulary[1:]:
            f.write(f"{label(token)}\n")

    weights = tf.Variable(model.layers[0].get_weights()[0][1:])
    checkpoint = tf.train.Checkpoint(embedding=weights)
    return checkpoint.save(os.path.join(log_dir, "embedding.ckpt"))
