"""Inputs for the graded checks, built with the *reference* solutions.

Each step is graded on its own: step 5's checks get a model built by
``solutions/``, never by the learner's step 3, so a learner stuck on one step
can still work on the next. Everything is written to temporary directories.
"""

import numpy as np
import pytest
import tensorflow_datasets as tfds

import kata.corpus  # noqa: F401  (registers the built-in "kata_reviews" dataset)
from solutions import step1_load, step2_pad, step3_build, step5_export

EMBEDDING_DIM = 16

tfds.disable_progress_bar()


def seed(value=0):
    """Fix Python's, NumPy's and TensorFlow's seeds, so training is repeatable."""
    import keras

    keras.utils.set_random_seed(value)


@pytest.fixture(scope="session")
def reference_data(data_dir):
    """``(train_data, test_data, vocabulary)`` of the built-in corpus, by the reference load()."""
    train_data, test_data, vocabulary = step1_load.load(kata.corpus.NAME, data_dir=data_dir)
    return train_data.cache(), test_data.cache(), vocabulary  # vectorise once per session


@pytest.fixture(scope="session")
def vocabulary(reference_data):
    return reference_data[2]


def seeded_batches(reference_data):
    """Fresh reference batches right after ``seed()``: a training order that does not depend
    on which checks iterated the shared batches before (val_accuracy >= 0.87 over 10 seeds)."""
    seed()
    return step2_pad.pad(*reference_data[:2])


def model_with_known_weights(vocab_size):
    """A reference model whose embedding row i is ``i + [0, 0.01, ..., 0.15]``.

    Known values let a check tell which row went where.
    """
    model = step3_build.build(vocab_size)
    model.build((None, None))
    weights = np.arange(vocab_size, dtype="float32")[:, None] + np.arange(EMBEDDING_DIM) / 100
    model.layers[0].set_weights([weights])
    return model


@pytest.fixture(scope="session")
def reference_log_dir(tmp_path_factory, vocabulary):
    """A log dir exported by the reference export(), not yet configured. Copy before writing."""
    log_dir = tmp_path_factory.mktemp("reference") / "imdb-example"
    step5_export.export(model_with_known_weights(len(vocabulary)), vocabulary, str(log_dir))
    return log_dir
