"""Step 2, pad: shuffled batches of 10 reviews, padded with id 0 to a common length."""

import numpy as np
import pytest
import tensorflow as tf

from kata.i18n import say
from kata.target import once

pytestmark = pytest.mark.pad


@pytest.fixture(scope="module")
def padded(steps, reference_data):
    @once
    def result():
        batches = steps.step2_pad.pad(*reference_data[:2])
        assert isinstance(batches, tuple) and len(batches) == 2, say(
            "pad(train_data, test_data) must return (train_batches, test_batches); "
            "it returned {kind}",
            kind=type(batches).__name__,
        )
        return batches

    return result


def test_first_batch_has_shapes_10_by_none(padded):
    """The first train batch is (10, None) int64 ids and (10,) int64 labels."""
    ids, labels = next(iter(padded()[0]))
    assert ids.dtype == tf.int64 and ids.shape.rank == 2 and ids.shape[0] == 10, say(
        "Called pad(train_data, test_data): the first batch has shape {shape} {dtype} "
        "but (10, None) int64 was expected: use padded_batch(10)",
        shape=tuple(ids.shape),
        dtype=ids.dtype.name,
    )
    assert labels.dtype == tf.int64 and tuple(labels.shape) == (10,), say(
        "the first batch's labels have shape {shape}; expected (10,)", shape=tuple(labels.shape)
    )
    spec = padded()[0].element_spec[0]
    assert spec.shape.as_list()[1] is None, say(
        "the batches' id spec is {spec}; the review length must stay None (pad per batch)",
        spec=spec,
    )


def test_short_reviews_are_padded_with_zeros(padded):
    """Every row is a review's ids followed by zeros, up to the longest review in the batch."""
    ids = next(iter(padded()[0]))[0].numpy()
    lengths = (ids != 0).sum(axis=1)
    assert lengths.max() == ids.shape[1], say(
        "the first batch is {width} ids wide but its longest review has {longest} ids: "
        "pad to the longest review in the batch, not beyond",
        width=ids.shape[1],
        longest=lengths.max(),
    )
    for row, length in zip(ids, lengths, strict=True):
        assert not row[length:].any() and row[:length].all(), say(
            "a padded row is {row}: padding (id 0) must come after the review", row=row.tolist()
        )


def test_training_batches_are_shuffled_and_complete(padded, reference_data):
    """Train batches hold every review once, not in the dataset's order."""
    train_batches, _ = padded()
    first_ids = [tuple(ids.numpy()) for ids, _ in reference_data[0].take(10)]
    batch = next(iter(train_batches))[0].numpy()
    assert [tuple(row[row != 0]) for row in batch] != first_ids, say(
        "the first batch holds the first 10 reviews in order: shuffle(1000) before batching"
    )
    count = int(train_batches.reduce(0, lambda total, batch: total + tf.shape(batch[0])[0]))
    expected = int(reference_data[0].reduce(0, lambda total, _: total + 1))
    assert count == expected, say(
        "the train batches hold {count} reviews; the training data has {expected}",
        count=count,
        expected=expected,
    )


def test_test_batches_are_padded_too(padded):
    """Test batches have the same (10, None) shape, so validation can use them."""
    ids, labels = next(iter(padded()[1]))
    assert ids.shape.rank == 2 and ids.shape[0] == 10 and tuple(labels.shape) == (10,), say(
        "the first test batch has shapes {ids}, {labels}; expected (10, None) and (10,)",
        ids=tuple(ids.shape),
        labels=tuple(labels.shape),
    )


def test_batch_size_is_a_parameter(steps, reference_data):
    """pad(..., batch_size=4) gives batches of 4."""
    train_batches, _ = steps.step2_pad.pad(*reference_data[:2], batch_size=4)
    ids, _ = next(iter(train_batches))
    assert ids.shape[0] == 4 and np.asarray(ids).dtype == np.int64, say(
        "pad(..., batch_size=4) gave a batch of {size}", size=ids.shape[0]
    )
