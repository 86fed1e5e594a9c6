"""Step 5, export: the two files the projector reads, with their rows aligned.

Row 0 of the embedding belongs to the padding token ``''``. Like the tutorial,
which dropped its unknown-word row, we drop it: row i of the exported tensor is
vocabulary entry i + 1, and so is line i of ``metadata.tsv``.

The projector reads ``metadata.tsv`` one label per line and *skips blank lines*,
so one bad token would shift every later label. ``label()`` must make each
token one safe, visible line: no tab, no line break, never blank.

Grade: ``pytest -m export``.
"""

import os  # noqa: F401  (you will need these)

import tensorflow as tf  # noqa: F401


def label(token):
    """The token as one safe, visible line of ``metadata.tsv``."""
    # TODO: escape tabs and line breaks (say how in this docstring); a blank token needs a
    #       visible placeholder
    raise NotImplementedError("step 5 (export): write label() in exercises/step5_export.py")


def export(model, vocabulary, log_dir):
    """Write ``metadata.tsv`` and ``embedding.ckpt-1`` into ``log_dir``; return the checkpoint path.

    ``log_dir`` is created if missing; files already in it are left alone.
    """
    # TODO: 1. create log_dir; write label(token) for every token of vocabulary[1:],
    #          one per line, UTF-8
    #       2. weights = model.layers[0].get_weights()[0] without row 0, in a tf.Variable
    #       3. tf.train.Checkpoint(embedding=...).save(os.path.join(log_dir, "embedding.ckpt"))
    raise NotImplementedError("step 5 (export): write export() in exercises/step5_export.py")
