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
    # TODO: no tab or line break may survive (write them as visible escapes, and say how in
    #       this docstring); a token that would print blank needs a visible placeholder.
    raise NotImplementedError("step 5 (export): write label() in exercises/step5_export.py")


def export(model, vocabulary, log_dir):
    """Write ``metadata.tsv`` and ``embedding.ckpt-1`` into ``log_dir``; return the checkpoint path.

    ``log_dir`` is created if missing; files already in it are left alone.
    """
    # TODO: line i of metadata.tsv and row i of the saved tensor both stand for vocabulary
    #       entry i + 1 (the padding row 0 is dropped). Save that tensor as a variable named
    #       ``embedding`` in a checkpoint in log_dir, with the index file TensorBoard reads;
    #       return the checkpoint's path.
    raise NotImplementedError("step 5 (export): write export() in exercises/step5_export.py")
