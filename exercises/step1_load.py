"""Step 1, load: read the reviews with TFDS and learn a vocabulary.

The upstream tutorial used the ``imdb_reviews/subwords8k`` encoder, which
TFDS 4.9 no longer has. We learn our own vocabulary with a Keras
``TextVectorization`` layer instead. It reserves index 0 for padding (``''``)
and index 1 for unknown words (``'[UNK]'``), and maps every other word to an id.

Try it: ``import kata.data.corpus`` registers the offline corpus, then
``load("kata_reviews")`` works without a network. Grade: ``pytest -m load``.
"""

import keras  # noqa: F401  (you will need these)
import tensorflow as tf  # noqa: F401
import tensorflow_datasets as tfds  # noqa: F401


def load(name="imdb_reviews", data_dir=None, max_tokens=8185):
    """Return ``(train_data, test_data, vocabulary)`` for the TFDS dataset ``name``.

    - ``train_data``, ``test_data``: ``tf.data.Dataset`` of ``(token_ids, label)``,
      one review each: a 1-D int64 tensor of ids and an int64 label (0 or 1).
    - ``vocabulary``: a list of ``str``; ``vocabulary[0] == ''`` (padding),
      ``vocabulary[1] == '[UNK]'``, at most ``max_tokens`` entries.

    The vocabulary is learned from the *training* text only, so that the test
    reviews tell us honestly how well the model generalises.
    """
    # TODO: load both splits of ``name`` (from data_dir) as text and label; learn a vocabulary
    #       of at most max_tokens from the training text alone; turn each review into a 1-D
    #       vector of ids. Return both datasets, and the vocabulary as plain str.
    raise NotImplementedError("step 1 (load): write load() in exercises/step1_load.py")
