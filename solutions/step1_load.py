"""Step 1, load: read the reviews with TFDS and learn a vocabulary.

The upstream tutorial used the ``imdb_reviews/subwords8k`` encoder, which
TFDS 4.9 no longer has. We learn our own vocabulary with a Keras
``TextVectorization`` layer instead. It reserves index 0 for padding (``''``)
and index 1 for unknown words (``'[UNK]'``), and maps every other word to an id.
"""

import keras
import tensorflow as tf
import tensorflow_datasets as tfds


def load(name="imdb_reviews", data_dir=None, max_tokens=8185):
    """Return ``(train_data, test_data, vocabulary)`` for the TFDS dataset ``name``.

    - ``train_data``, ``test_data``: ``tf.data.Dataset`` of ``(token_ids, label)``,
      one review each: a 1-D int64 tensor of ids and an int64 label (0 or 1).
    - ``vocabulary``: a list of ``str``; ``vocabulary[0] == ''`` (padding),
      ``vocabulary[1] == '[UNK]'``, at most ``max_tokens`` entries.

    The vocabulary is learned from the *training* text only, so that the test
    reviews tell us honestly how well the model generalises.
    """
    (train_text, test_text), _info = tfds.load(
        name,
        split=("train", "test"),
        as_supervised=True,
        with_info=True,
        data_dir=data_dir,
    )
    vectorize = keras.layers.TextVectorization(max_tokens=max_tokens)
    vectorize.adapt(train_text.map(lambda text, label: text).batch(1024))

    def to_ids(text, label):
        return vectorize(text[tf.newaxis])[0], label

    vocabulary = [str(token) for token in vectorize.get_vocabulary()]
    return train_text.map(to_ids), test_text.map(to_ids), vocabulary
