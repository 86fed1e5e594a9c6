"""Step 4, train: one epoch, validated on 20 test batches, History returned."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from kata.target import once
from tests.conftest import seed

pytestmark = pytest.mark.train

MIN_VAL_ACCURACY = 0.8


class Counted:
    """Wrap test batches so a check can count how many the validation read."""

    def __init__(self, batches):
        self.read = 0

        def count(ids, labels):
            self.read += 1
            return ids, labels

        def counted(ids, labels):
            return tf.py_function(count, [ids, labels], [ids.dtype, labels.dtype])

        spec = batches.element_spec
        self.batches = (
            batches.repeat(5)
            .map(counted)
            .map(
                lambda ids, labels: (
                    tf.ensure_shape(ids, spec[0].shape),
                    tf.ensure_shape(labels, spec[1].shape),
                )
            )
        )


@pytest.fixture(scope="module")
def trained(steps, vocabulary, reference_batches):
    from solutions.step3_build import build

    seed()
    model = build(len(vocabulary))
    model.build((None, None))
    before = model.layers[0].get_weights()[0].copy()
    validation = Counted(reference_batches[1])

    @once
    def result():
        history = steps.step4_train.train(model, reference_batches[0], validation.batches)
        return model, before, history, validation

    return result


def test_returns_the_history(trained):
    """train() returns the History of one epoch with loss, accuracy and their val_ twins."""
    history = trained()[2]
    assert isinstance(history, keras.callbacks.History), (
        f"train(...) returned {type(history).__name__}; return what model.fit(...) returns"
    )
    keys = {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert keys <= set(history.history), (
        f"the history has {sorted(history.history)}; expected {sorted(keys)}: "
        "pass validation_data=test_batches"
    )
    assert len(history.history["loss"]) == 1, (
        f"train(...) ran {len(history.history['loss'])} epochs; expected epochs=1"
    )


def test_validates_on_20_batches(trained):
    """Validation reads validation_steps=20 test batches, not the whole test set."""
    read = trained()[3].read
    assert read <= 30, f"validation read {read} test batches; pass validation_steps=20 to model.fit"


def test_learns_the_sentiment(trained):
    """One epoch on the built-in corpus reaches val_accuracy >= 0.8 and moves the embedding."""
    model, before, history, _ = trained()
    accuracy = history.history["val_accuracy"][-1]
    assert accuracy >= MIN_VAL_ACCURACY, (
        f"after one epoch val_accuracy is {accuracy:.2f}; the reference reaches about 0.9 "
        f"(expected >= {MIN_VAL_ACCURACY}): train on train_batches, validate on test_batches"
    )
    after = model.layers[0].get_weights()[0]
    assert not np.allclose(before, after), "the embedding did not change: did model.fit run?"
