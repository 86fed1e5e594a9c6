"""Step 4, train: one epoch, validated on 20 test batches, History returned."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from kata import reference as ref
from kata.graded_files import once
from kata.i18n import say

pytestmark = pytest.mark.train

MIN_VAL_ACCURACY = 0.8


class Counted:
    """Test batches, repeated, that count how many batches the validation reads."""

    def __init__(self, batches):
        self.read = 0
        ids_spec, labels_spec = batches.element_spec

        def count(ids, labels):
            self.read += 1
            return ids, labels

        def counted(ids, labels):
            ids, labels = tf.py_function(count, [ids, labels], [ids.dtype, labels.dtype])
            return tf.ensure_shape(ids, ids_spec.shape), tf.ensure_shape(labels, labels_spec.shape)

        self.batches = batches.repeat(5).map(counted)


@pytest.fixture(scope="module")
def trained(graded, reference):
    train_batches, test_batches = reference.batches()
    model = ref.solutions().step3_build.build(len(reference.vocabulary))
    model.build((None, None))
    before = model.layers[0].get_weights()[0].copy()
    validation = Counted(test_batches)

    @once
    def result():
        history = graded.step4_train.train(model, train_batches, validation.batches)
        return model, before, history, validation

    return result


def test_returns_the_history(trained):
    """train() returns the History of one epoch with loss, accuracy and their val_ twins."""
    history = trained()[2]
    assert isinstance(history, keras.callbacks.History), say(
        "train(...) returned {kind}; return what model.fit(...) returns",
        kind=type(history).__name__,
    )
    keys = {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert keys <= set(history.history), say(
        "the history has {found}; expected {expected}: pass validation_data=test_batches",
        found=sorted(history.history),
        expected=sorted(keys),
    )
    assert len(history.history["loss"]) == 1, say(
        "train(...) ran {epochs} epochs; expected epochs=1", epochs=len(history.history["loss"])
    )


def test_validates_on_20_batches(trained):
    """Validation reads validation_steps=20 test batches, not the whole test set."""
    read = trained()[3].read
    assert read <= 30, say(
        "validation read {read} test batches; pass validation_steps=20 to model.fit", read=read
    )


def test_learns_the_sentiment(trained):
    """One epoch on the built-in corpus reaches val_accuracy >= 0.8 and moves the embedding."""
    model, before, history, _ = trained()
    accuracy = history.history["val_accuracy"][-1]
    assert accuracy >= MIN_VAL_ACCURACY, say(
        "after one epoch val_accuracy is {accuracy:.2f}; the reference reaches about 0.9 "
        "(expected >= {minimum}): train on train_batches, validate on test_batches",
        accuracy=accuracy,
        minimum=MIN_VAL_ACCURACY,
    )
    after = model.layers[0].get_weights()[0]
    assert not np.allclose(before, after), say("the embedding did not change: did model.fit run?")
