"""Step 2, pad: shuffled batches of 10 reviews, padded with id 0 to a common length.

Shuffling is checked on the whole stream, not on one batch: every review once
per pass, batches drawn from across the shuffle buffer and never further than
``buffer_size`` allows, and a new order on every pass. The checks feed ``pad()``
numbered reviews (review i is ``[i + 1] * length``), so every row says where it
came from.
"""

import numpy as np
import pytest
import tensorflow as tf

from kata.checking import Reviews, first_difference, once, say, split_name

pytestmark = pytest.mark.pad

PASS_LIMIT = 100  # batches recorded per pass: more than any whole pass read here (600 in tens)
FIRST = 50  # batches read where the start of a long pass tells enough


def numbered(count) -> Reviews:
    """``count`` reviews: review i is ``[i + 1] * (1 + 7i mod 13)`` with label ``i % 2``.

    ``pad()`` receives them as a ``tf.data.Dataset`` of (1-D int64 ids, int64 label).
    """
    lengths = 1 + (np.arange(count) * 7) % 13
    flat = np.repeat(np.arange(1, count + 1), lengths)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    return Reviews(flat, offsets, np.arange(count) % 2)


def call_pad(graded, train_data, test_data, passes=1, limit=PASS_LIMIT, **kwargs):
    """pad(...) in the learner process; the judge records ``passes`` passes of at most
    ``limit`` of its batches."""
    with graded.recording(passes=passes, limit=limit):
        batches = graded.step2_pad.pad(train_data, test_data, **kwargs)
    assert isinstance(batches, tuple) and len(batches) == 2, say(
        "pad(train_data, test_data) must return (train_batches, test_batches); it returned {kind}",
        kind=type(batches).__name__,
    )
    return batches


def one_pass(batches, count, batch_size=10):
    """The reviews of one pass, batch by batch, as ``[(index, label), ...]`` lists.

    Reads at most a few batches more than a pass needs, so a repeating dataset cannot hang.
    """
    found = []
    for ids, labels in batches.take(count // batch_size + 3).as_numpy_iterator():
        batch = []
        for row, label in zip(ids, labels, strict=True):
            length = int((row != 0).sum())
            assert row[:length].all() and not row[length:].any(), say(
                "a padded row is {row}: padding (id 0) must come after the review",
                row=row.tolist(),
            )
            assert len(set(row[:length].tolist())) == 1, say(
                "a row mixes ids of several reviews: {row}", row=row[:length].tolist()
            )
            batch.append((int(row[0]) - 1, int(label)))
        found.append(batch)
    return found


def neighbours_only(batches) -> bool:
    """Every batch holds neighbouring reviews: the batches were shuffled, not the reviews."""
    runs = [sorted(batch) == list(range(min(batch), min(batch) + len(batch))) for batch in batches]
    return len(runs) > 2 and all(runs)


def one_story(batches) -> None:
    """Batches of neighbours are the across-the-buffer check's story: this check does not
    judge them, so that it never contradicts that sentence."""
    if neighbours_only([[index for index, _ in batch] for batch in batches]):
        pytest.skip(
            say(
                "Not judged: every batch holds neighbouring reviews (see the check "
                "test_batches_are_drawn_from_across_the_buffer): shuffle the reviews before "
                "padded_batch."
            )
        )


@pytest.fixture(scope="module")
def padded(graded):
    """pad() with its defaults; the checks read the first batch of each split only."""
    return once(lambda: call_pad(graded, numbered(100), numbered(100), limit=1))


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


def test_batches_are_as_wide_as_their_longest_review(graded):
    """Every batch is padded with zeros to its own longest review, not beyond."""
    train_batches, _ = call_pad(graded, numbered(300), numbered(50))
    for ids, _ in train_batches.take(40).as_numpy_iterator():
        longest = int((ids != 0).sum(axis=1).max())
        assert longest == ids.shape[1], say(
            "a batch is {width} ids wide but its longest review has {longest} ids: "
            "pad to the longest review in the batch, not beyond",
            width=ids.shape[1],
            longest=longest,
        )


def test_every_review_once_per_pass_labels_kept(graded):
    """One pass over the train batches holds every review exactly once, with its own label."""
    train_batches, _ = call_pad(graded, numbered(600), numbered(50))
    seen = [review for batch in one_pass(train_batches, 600) for review in batch]
    indices = sorted(index for index, _ in seen)
    assert indices == list(range(600)), say(
        "one pass over the train batches of 600 reviews holds {count} reviews ({where}): "
        "shuffle and batch once, without repeat(), take() or drop_remainder",
        count=len(indices),
        where=first_difference(indices, range(600), "review"),
    )
    moved = [(index, label) for index, label in seen if label != index % 2]
    assert not moved, say(
        "review {index} arrived with label {label}: shuffle (id, label) pairs together, never "
        "the ids and the labels apart",
        index=moved[0][0] if moved else 0,
        label=moved[0][1] if moved else 0,
    )


def test_batches_are_drawn_from_across_the_buffer(graded):
    """With buffer_size=1000, batches mix reviews from far apart, not 10 neighbours in a row:
    the first 50 batches of 3,000 reviews tell."""
    train_batches, _ = call_pad(graded, numbered(3000), numbered(50), limit=FIRST + 3)
    batches = [[index for index, _ in batch] for batch in one_pass(train_batches, FIRST * 10)]
    assert batches[0] != list(range(10)), say(
        "the first batch holds the first 10 reviews in order: shuffle(buffer_size) before batching"
    )
    in_a_row = [
        batch for batch in batches if sorted(batch) == list(range(min(batch), min(batch) + 10))
    ]
    assert len(in_a_row) < len(batches) // 2, say(
        "{count} of {total} batches hold 10 neighbouring reviews (e.g. {example}): shuffle the "
        "reviews before padded_batch, not the batches after it",
        count=len(in_a_row),
        total=len(batches),
        example=sorted(in_a_row[0]) if in_a_row else [],
    )
    assert max(batches[0]) >= 300, say(
        "with buffer_size=1000 the first batch only holds reviews {batch}: draw from the whole "
        "buffer, shuffle(buffer_size)",
        batch=sorted(batches[0]),
    )


def test_buffer_size_is_honoured(graded):
    """pad(..., buffer_size=50) never reaches more than 50 reviews ahead."""
    train_batches, test_batches = call_pad(graded, numbered(300), numbered(300), buffer_size=50)
    for split, batches in (("train", train_batches), ("test", test_batches)):
        found = one_pass(batches, 300)
        one_story(found)
        order = [index for batch in found for index, _ in batch]
        ahead = [index - position for position, index in enumerate(order)]
        assert max(ahead) < 50, say(
            "with buffer_size=50 the {split} batches put review {index} at position {position}: "
            "a buffer of 50 cannot reach that far; pass buffer_size to shuffle()",
            split=split_name(split),
            index=order[int(np.argmax(ahead))],
            position=int(np.argmax(ahead)),
        )
        assert order != sorted(order), say(
            "with buffer_size=50 the {split} batches keep the dataset's order: shuffle them",
            split=split_name(split),
        )


def test_a_new_order_on_every_pass(graded):
    """Two passes over the train batches group the reviews differently (shuffle each epoch)."""
    train_batches, _ = call_pad(graded, numbered(200), numbered(50), passes=2)
    first, second = one_pass(train_batches, 200), one_pass(train_batches, 200)
    assert first != second, say(
        "two passes over the train batches give the very same batches: let shuffle() reshuffle "
        "on each iteration (no fixed order, no cache() after shuffle)"
    )


def test_test_batches_are_padded_and_complete(padded, graded):
    """Test batches have the same (10, None) shape and hold every test review once."""
    ids, labels = next(iter(padded()[1]))
    assert ids.shape.rank == 2 and ids.shape[0] == 10 and tuple(labels.shape) == (10,), say(
        "the first test batch has shapes {ids}, {labels}; expected (10, None) and (10,)",
        ids=tuple(ids.shape),
        labels=tuple(labels.shape),
    )
    _, test_batches = call_pad(graded, numbered(50), numbered(300))
    indices = sorted(index for batch in one_pass(test_batches, 300) for index, _ in batch)
    assert indices == list(range(300)), say(
        "one pass over the test batches of 300 reviews holds {count} reviews ({where})",
        count=len(indices),
        where=first_difference(indices, range(300), "review"),
    )


def test_batch_size_is_a_parameter(graded):
    """pad(..., batch_size=4) gives batches of 4; the last one keeps the 2 left over."""
    train_batches, test_batches = call_pad(graded, numbered(102), numbered(102), batch_size=4)
    for split, batches in (("train", train_batches), ("test", test_batches)):
        found = one_pass(batches, 102, batch_size=4)
        one_story(found)
        sizes = [len(batch) for batch in found]
        expected = [4] * 25 + [2]
        assert sizes == expected, say(
            "pad(..., batch_size=4) on 102 reviews gave {split} batches of sizes {where}: "
            "pass batch_size to padded_batch and keep the last, smaller batch",
            split=split_name(split),
            where=first_difference(sizes, expected, "batch"),
        )
