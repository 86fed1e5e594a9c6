"""Step 4, train: one epoch, validated on validation_steps test batches, History returned."""

import keras
import numpy as np
import pytest

from kata.checking import once, ref, say

pytestmark = pytest.mark.train

MIN_VAL_ACCURACY = 0.8
# One epoch on the first 3,000 training reviews (300 batches of 10) already reaches the
# reference's accuracy on all 6,000 (0.90), in about half the time.
TRAIN_REVIEWS = 3000
VALIDATION_STEPS = 7  # not the tutorial's 20: the argument must be used, not the number


@pytest.fixture(scope="module")
def trained(graded, reference):
    train_batches = ref.Batches(reference.train.first(TRAIN_REVIEWS))
    test_batches = ref.Batches(reference.test)
    ref.reset()  # the same first weights on every run: a correct train() always passes
    model = ref.solutions().step3_build.build(len(reference.vocabulary))
    model.build((None, None))
    before = model.layers[0].get_weights()[0].copy()

    @once
    def result():
        with graded.counting_reads():  # how many test batches the validation reads
            history = graded.step4_train.train(
                model, train_batches, test_batches, validation_steps=VALIDATION_STEPS
            )
        return model, before, history, graded.step4_train.reads[2]

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


def test_validates_on_validation_steps_batches(trained):
    """Called with validation_steps=7, the validation reads 7 test batches (not the tutorial's
    20, not the whole test set), and nothing else reads the test batches: every batch your code
    reads from them is counted."""
    read = trained()[3]
    assert read is not None and VALIDATION_STEPS <= read <= VALIDATION_STEPS + 10, say(
        "train(..., validation_steps={steps}) read {read} test batches; only the validation may "
        "read them, {steps} of them: pass validation_steps=validation_steps to model.fit, and "
        "never fit on test_batches",
        steps=VALIDATION_STEPS,
        read=read,
    )


def test_learns_the_sentiment(trained, reference):
    """After one epoch on 3,000 reviews of the built-in corpus the judge measures accuracy
    >= 0.8 on every test review, with the weights your train() left in the model (not the
    accuracy it reports)."""
    model, before, _, _ = trained()
    logits = model.predict(reference.test.dataset().padded_batch(100), verbose=0)
    accuracy = float(np.mean((logits[:, 0] > 0) == reference.test.labels))
    assert accuracy >= MIN_VAL_ACCURACY, say(
        "after one epoch val_accuracy is {accuracy:.2f}; the reference reaches about 0.9 "
        "(expected >= {minimum}): train on train_batches, validate on test_batches",
        accuracy=accuracy,
        minimum=MIN_VAL_ACCURACY,
    )
    after = model.layers[0].get_weights()[0]
    assert not np.allclose(before, after), say("the embedding did not change: did model.fit run?")
